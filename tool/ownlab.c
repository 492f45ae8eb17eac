/*
 * ownlab.c - the command-line tool: list the designs, report a map, replay
 * a trace through one design.  See usage() for the forms and the rules.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "workload.h"
#include "ownership.h"
#include "mapfile.h"
#include "svd.h"
#include "trace.h"

#define STEADY_SEED 1u

static const char usage_text[] =
    "usage: ownlab strategies\n"
    "       ownlab map FILE\n"
    "       ownlab map --svd FILE\n"
    "       ownlab replay -s STRATEGY (-m MAPFILE | --svd SVDFILE) [TRACE|-]\n"
    "\n"
    "  strategies  one design name a line\n"
    "  map         the normalised regions, main RAM, page counts, and for every\n"
    "              design the bytes it reserves for the map and the bytes in use\n"
    "              after the steady workload (seed 1)\n"
    "  replay      one answer line per operation line: ok | ok N | ok 0xXXXXXXXX | err NAME;\n"
    "              the trace is read from TRACE, or standard input if absent or '-'\n"
    "\n"
    "Map file: 'NAME BASE SIZE [ram]' a line, exactly one line marked ram.  Trace file:\n"
    "  owner ADDR | claim ADDR PID | release ADDR PID | move ADDR FROM TO |\n"
    "  claim_range ADDR N PID | release_all PID | count PID | alloc PID\n"
    "Numbers are decimal or 0x hex; '#' starts a comment; blank lines are ignored;\n"
    "fields are separated by spaces or tabs; lines are at most 1024 characters.\n"
    "Trace numbers must fit in 32 bits (a larger one is a malformed line); a PID that\n"
    "fits but is not 1..255 (count: 0..255) runs and is answered 'err BadPid'.\n"
    "Map numbers may be up to 64 bits as written, but a region must end at or below\n"
    "2^32.  Region names: 1..47 printable ASCII characters, no '#'.\n"
    "A trace of 0 bytes is refused as an empty file; one of comments only answers nothing.\n"
    "SVD: the memoryRegions of a LiteX SVD (numbers as svd2utra reads them: 0x hex,\n"
    "0b binary, leading-0 octal, decimal); main RAM is the largest region whose name\n"
    "contains 'sram' or 'ddr_ram' (any case), as the Xous image tool picks it.\n"
    "\n"
    "Refused input (empty or binary file, over-long line, malformed line, bad map)\n"
    "prints 'FILE:LINE: reason' ('-:LINE' for standard input) and exits 2; a bad map\n"
    "stops before any operation, a bad trace line stops before that operation (the\n"
    "answers above it stand).  Regions of size 0 are dropped with a warning.\n"
    "Exit status: 0 done, 1 could not run (memory, output), 2 bad usage or input.\n";

static int usage(const char *why)
{
    if (why != NULL)
        fprintf(stderr, "ownlab: %s\n", why);
    fputs(usage_text, stderr);
    return 2;
}

static int report(const char *file, const tool_error *e)
{
    fflush(stdout);
    if (e->line == 0)
        fprintf(stderr, "%s: %s\n", file, e->msg);
    else
        fprintf(stderr, "%s:%lu: %s\n", file, e->line, e->msg);
    return 2;
}

static void warn_dropped(const char *file, const loaded_map *m)
{
    for (uint32_t i = 0; i < m->n; i++)
        if (m->raw[i].size == 0)
            fprintf(stderr, "%s:%lu: warning: region %s has size 0: dropped\n", file, m->line[i],
                    m->raw[i].name);
}

/* Loads a map file or an SVD; 0, or the exit status after reporting. */
static int load(const char *file, int svd, loaded_map *m)
{
    tool_error e;
    int rc = svd ? svd_read_path(file, m, &e) : mapfile_read_path(file, m, &e);
    if (rc != 0)
        return report(file, &e);
    warn_dropped(file, m);
    return 0;
}

typedef struct opened {
    own_table *t;
    void *mem;
    size_t reserved;
} opened;

static own_err open_design(const own_strategy *s, const own_map *map, opened *o)
{
    o->t = NULL;
    o->mem = NULL;
    o->reserved = s->reserve(map);
    if (o->reserved == 0)
        return own_map_validate(map) != OWN_OK ? own_map_validate(map) : OWN_BAD_STORAGE;
    size_t bytes = (o->reserved + OWN_STORAGE_ALIGN - 1u) & ~(size_t)(OWN_STORAGE_ALIGN - 1u);
    o->mem = aligned_alloc(OWN_STORAGE_ALIGN, bytes);
    if (o->mem == NULL)
        return OWN_BAD_STORAGE;
    own_err err = s->init(&o->t, o->mem, bytes, map);
    if (err != OWN_OK) {
        free(o->mem);
        o->mem = NULL;
        o->t = NULL;
    }
    return err;
}

static void close_design(const own_strategy *s, opened *o)
{
    if (o->t != NULL)
        s->fini(o->t);
    free(o->mem);
    o->t = NULL;
    o->mem = NULL;
}

static int cmd_strategies(int argc, char **argv)
{
    (void)argv;
    if (argc != 2)
        return usage("'strategies' takes no arguments");
    for (unsigned i = 0; own_strategies[i] != NULL; i++)
        printf("%s\n", own_strategies[i]->name);
    return 0;
}

/* An exclusive end address: 0x100000000 for a region that ends at 2^32. */
static const char *end_text(uint64_t end, char *buf, size_t n)
{
    snprintf(buf, n, "0x%08llx", (unsigned long long)end);
    return buf;
}

static int cmd_map(int argc, char **argv)
{
    const char *file = NULL;
    int svd = 0;
    if (argc == 3 && strcmp(argv[2], "--svd") != 0 && argv[2][0] != '\0')
        file = argv[2];
    else if (argc == 4 && strcmp(argv[2], "--svd") == 0)
        file = argv[3], svd = 1;
    else
        return usage("'map' takes FILE or --svd FILE");
    if (file[0] == '-' && file[1] != '\0')
        return usage("unknown option for 'map'");

    static loaded_map m;
    int rc = load(file, svd, &m);
    if (rc != 0)
        return rc;
    const norm_map *nm = &m.norm;
    own_map map = own_norm_as_map(nm);

    int w = 4;
    for (uint32_t i = 0; i < nm->count; i++) {
        int k = (int)strlen(nm->names[i]);
        if (k > w)
            w = k;
    }
    printf("map %s (%s)\n", file, svd ? "SVD memoryRegions" : "map file");
    printf("regions: %u read, %u of size 0 dropped, %u after normalising\n", (unsigned)m.n,
           (unsigned)nm->dropped, (unsigned)nm->count);
    char eb[24];
    printf("\n  %-*s  %-10s  %-11s  %8s\n", w, "name", "base", "end", "pages");
    uint64_t listed = 0;
    for (uint32_t i = 0; i < nm->count; i++) {
        const own_region *g = &nm->regions[i];
        uint64_t end = (uint64_t)g->base + ((uint64_t)g->pages << OWN_PAGE_SHIFT);
        printf("  %-*s  0x%08x  %-11s  %8u%s\n", w, nm->names[i], (unsigned)g->base,
               end_text(end, eb, sizeof eb), (unsigned)g->pages, i == nm->ram ? "  main RAM" : "");
        listed += g->pages;
    }
    const own_region *ram = &nm->regions[nm->ram];
    printf("\nmain RAM: %s, 0x%08x..%s, %u pages\n", nm->names[nm->ram], (unsigned)ram->base,
           end_text((uint64_t)ram->base + ((uint64_t)ram->pages << OWN_PAGE_SHIFT), eb, sizeof eb),
           (unsigned)ram->pages);
    printf("pages: %llu listed, %u in main RAM, %llu elsewhere\n", (unsigned long long)listed,
           (unsigned)ram->pages, (unsigned long long)(listed - ram->pages));

    printf("\nstrategies (bytes of storage: reserved for this map; in use and peak after the\n"
           "steady workload, seed %u)\n", STEADY_SEED);
    printf("  %-10s  %14s  %14s  %14s\n", "strategy", "reserved", "in use", "peak");
    int bad = 0;
    for (unsigned i = 0; own_strategies[i] != NULL; i++) {
        const own_strategy *s = own_strategies[i];
        opened o;
        own_err err = open_design(s, &map, &o);
        if (err != OWN_OK) {
            printf("  %-10s  init failed: %s\n", s->name, own_err_name(err));
            bad = 1;
            continue;
        }
        if (own_pattern_apply(s, o.t, &map, OWN_PAT_STEADY, STEADY_SEED) != 0) {
            printf("  %-10s  %14zu  steady workload failed\n", s->name, o.reserved);
            bad = 1;
        } else {
            printf("  %-10s  %14zu  %14zu  %14zu\n", s->name, o.reserved, s->inuse(o.t),
                   s->peak(o.t));
        }
        close_design(s, &o);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ownlab: write error on standard output\n");
        return 1;
    }
    return bad;
}

static int cmd_replay(int argc, char **argv)
{
    const char *sname = NULL, *mapfile = NULL, *svdfile = NULL, *tracefile = NULL;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-s") == 0 || strcmp(a, "-m") == 0 || strcmp(a, "--svd") == 0) {
            if (i + 1 >= argc)
                return usage("an option lacks its value");
            const char **slot = a[1] == 's' ? &sname : a[1] == 'm' ? &mapfile : &svdfile;
            if (*slot != NULL)
                return usage("an option is given twice");
            *slot = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage("unknown option for 'replay'");
        } else {
            if (tracefile != NULL)
                return usage("more than one trace");
            tracefile = a;
        }
    }
    if (sname == NULL)
        return usage("'replay' needs -s STRATEGY");
    if ((mapfile == NULL) == (svdfile == NULL))
        return usage("'replay' needs one of -m MAPFILE or --svd SVDFILE");
    const own_strategy *s = own_find(sname);
    if (s == NULL) {
        fprintf(stderr, "ownlab: unknown strategy '%s'; there are:", sname);
        for (unsigned i = 0; own_strategies[i] != NULL; i++)
            fprintf(stderr, " %s", own_strategies[i]->name);
        fprintf(stderr, "\n");
        return usage(NULL);
    }

    static loaded_map m;
    int rc = load(mapfile ? mapfile : svdfile, svdfile != NULL, &m);
    if (rc != 0)
        return rc;
    own_map map = own_norm_as_map(&m.norm);

    int in = 0;
    const char *tname = "-";
    if (tracefile != NULL && strcmp(tracefile, "-") != 0) {
        in = open(tracefile, O_RDONLY);
        tname = tracefile;
        if (in < 0) {
            fprintf(stderr, "%s: cannot open: %s\n", tracefile, strerror(errno));
            return 2;
        }
    }
    opened o;
    own_err err = open_design(s, &map, &o);
    if (err != OWN_OK) {
        fprintf(stderr, "ownlab: %s refused the map: %s\n", s->name, own_err_name(err));
        if (in != 0)
            close(in);
        return 1;
    }
    static line_reader r;
    lr_init_fd(&r, in, stdout);
    tool_error e;
    rc = trace_replay(&r, s, o.t, stdout, &e);
    close_design(s, &o);
    if (in != 0)
        close(in);
    if (rc == -1)
        return report(tname, &e);
    if (rc == -2 || fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ownlab: write error on standard output\n");
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage(NULL);
    const char *c = argv[1];
    if (strcmp(c, "strategies") == 0)
        return cmd_strategies(argc, argv);
    if (strcmp(c, "map") == 0)
        return cmd_map(argc, argv);
    if (strcmp(c, "replay") == 0)
        return cmd_replay(argc, argv);
    if (strcmp(c, "-h") == 0 || strcmp(c, "--help") == 0 || strcmp(c, "help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    return usage("unknown command");
}
