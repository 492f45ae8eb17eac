/*
 * ownlab.c - the command-line tool: list the designs, report a map, replay
 * a trace through one design, write a Xous argument block.  See usage() for
 * the forms and the rules.
 *
 * A map comes from one of three sources, and all three end in the same
 * loaded_map: map files and SVDs through their readers, Xous argument
 * blocks through the kernel-grade parser (xousargs.h) and the usual
 * normalising.  A text source reports `FILE:LINE: reason`; a block has no
 * lines, so it reports `FILE: offset 0xNN: reason`, the byte the parser
 * stopped at.
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
#include "xousargs.h"
#include "xousblock.h"

#define STEADY_SEED 1u

static const char usage_text[] =
    "usage: ownlab strategies\n"
    "       ownlab map FILE\n"
    "       ownlab map --svd FILE\n"
    "       ownlab map --xous FILE\n"
    "       ownlab replay -s STRATEGY (-m MAPFILE | --svd SVDFILE | --xous FILE) [TRACE|-]\n"
    "       ownlab xous-block (-m MAPFILE | --svd SVDFILE) [--boot BOOTFILE] -o OUT\n"
    "\n"
    "  strategies  one design name a line\n"
    "  map         the normalised regions, main RAM, page counts, and for every\n"
    "              design the bytes it reserves for the map and the bytes in use\n"
    "              after the steady workload (seed 1)\n"
    "  replay      one answer line per operation line: ok | ok N | ok 0xXXXXXXXX | err NAME;\n"
    "              the trace is read from TRACE, or standard input if absent or '-'\n"
    "  xous-block  writes the map as a Xous argument block (XArg, MREx), as\n"
    "              xous-create-image would; with --boot, also the XKrn, IniE/IniF\n"
    "              and PNam tags of a boot description (load offsets and section\n"
    "              addresses synthesised; the program bytes are not written)\n"
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
    "Xous argument block (--xous): binary tags (4-byte name, CRC-16/X-25 of the\n"
    "data, length in words, data); the first is XArg (block length, version 1,\n"
    "main RAM start, length, name); MREx lists the other regions.  Other tags\n"
    "(XKrn, IniE, IniF, PNam, ...) must fit and match their CRC; 'map' lists the\n"
    "kernel and initial processes they describe.  Bytes past XArg's length (the\n"
    "program images) are ignored.  A malformed block prints\n"
    "'FILE: offset 0xNN: reason' and exits 2.\n"
    "Boot description (--boot): 'kernel TEXT DATA BSS' once, then\n"
    "'inie NAME TEXT DATA BSS STACK' lines, then 'inif NAME TEXT DATA BSS STACK'\n"
    "lines, PIDs 2, 3, ... in order.  STACK feeds the boot model only: the block\n"
    "carries no stack section, as Xous's loader maps 8 stack pages of its own.\n"
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

enum source { SRC_MAP, SRC_SVD, SRC_XOUS };

/* A block file is read whole; a Xous image with its programs is a few MiB. */
#define XOUS_FILE_MAX (64u << 20)

static struct {
    char *bytes;
    size_t len;
    xous_args args;
} xous;

static int report_at(const char *file, uint32_t offset, const char *msg)
{
    fflush(stdout);
    fprintf(stderr, "%s: offset 0x%02x: %s\n", file, (unsigned)offset, msg);
    return 2;
}

/* Where MREx region i (raw index i + 1) sits in the block. */
static uint32_t raw_offset(uint32_t i)
{
    return i == 0 ? 16u : xous.args.mrex_at + 16u * (i - 1u);
}

/* Reads a Xous argument block into m: parse, then the usual normalising. */
static int load_xous(const char *file, loaded_map *m)
{
    tool_error e;
    free(xous.bytes);
    switch (tool_read_file(file, XOUS_FILE_MAX, &xous.bytes, &xous.len, &e)) {
    case TOOL_READ_OK:
        break;
    case TOOL_READ_NO_MEMORY:
        fprintf(stderr, "ownlab: out of memory\n");
        return 1;
    case TOOL_READ_TOO_LARGE:
        tool_fail(&e, 0, "larger than %u MiB: not an argument block", XOUS_FILE_MAX >> 20);
        return report(file, &e);
    default:
        return report(file, &e);
    }

    xa_error xe;
    char msg[TOOL_MSG_MAX];
    if (xa_parse(xous.bytes, xous.len, &xous.args, &xe) != XA_OK) {
        xa_error_text(&xe, msg, sizeof msg);
        return report_at(file, xe.offset, msg);
    }
    uint32_t n = xa_to_raw(&xous.args, m->raw, OWN_MAX_REGIONS);
    if (n > OWN_MAX_REGIONS) {
        snprintf(msg, sizeof msg, "too many regions: %u (at most %u)", (unsigned)n, OWN_MAX_REGIONS);
        return report_at(file, xous.args.mrex_at - 2u, msg);
    }
    m->n = n;
    for (uint32_t i = 0; i < n; i++)
        m->line[i] = raw_offset(i);
    m->last_line = 0;
    norm_err ne = own_normalise(m->raw, m->n, &m->norm);
    if (ne != NORM_OK) /* the parser refuses what the normaliser would */
        return report_at(file, ne == NORM_PAST_4GIB ? raw_offset(m->norm.bad) : 0u, own_norm_err_text(ne));
    for (uint32_t i = 0; i < n; i++)
        if (m->raw[i].size == 0)
            fprintf(stderr, "%s: offset 0x%02x: warning: region %s has size 0: dropped\n", file,
                    (unsigned)raw_offset(i), m->raw[i].name);
    return 0;
}

/* Loads a map file, an SVD or a Xous block; 0, or the exit status after
 * reporting. */
static int load(const char *file, enum source src, loaded_map *m)
{
    tool_error e;
    if (src == SRC_XOUS)
        return load_xous(file, m);
    int rc = src == SRC_SVD ? svd_read_path(file, m, &e) : mapfile_read_path(file, m, &e);
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

/* The kernel and the initial processes a block describes. */
static void print_images(void)
{
    const xous_args *a = &xous.args;
    if (!a->has_kernel && a->init_count == 0)
        return;
    printf("\nimages: %s%u initial process%s (bytes; load offset into the image)\n",
           a->has_kernel ? "the kernel and " : "no kernel, ", (unsigned)a->init_count,
           a->init_count == 1 ? "" : "es");
    printf("  %3s  %-4s  %-20s  %9s  %9s  %9s  %9s  %9s  %s\n", "pid", "tag", "name", "text", "data",
           "bss", "stack", "in RAM", "load");
    if (a->has_kernel) {
        const xa_kernel *k = &a->kernel;
        const char *name = "kernel";
        uint32_t len = 6;
        xa_process_name(a, 1, &name, &len);
        printf("  %3u  %-4s  %-20.*s  %9u  %9u  %9u  %9s  %9llu  0x%08x\n", 1u, "XKrn", (int)len, name,
               (unsigned)k->text_size, (unsigned)k->data_size, (unsigned)k->bss_size, "-",
               (unsigned long long)k->text_size + k->data_size + k->bss_size, (unsigned)k->load_offset);
    }
    for (uint32_t i = 0; i < a->init_count; i++) {
        xa_init p = xa_init_get(a, i);
        xa_sizes z = xa_init_sizes(a, &p);
        char tag[XA_NAME_MAX];
        xa_fourcc_text(p.tag, tag);
        printf("  %3u  %-4s  %-20.*s  %9u  %9u  %9u  %9u  %9llu  0x%08x\n", (unsigned)p.pid, tag,
               p.name ? (int)p.name_len : 1, p.name ? p.name : "-", (unsigned)z.text, (unsigned)z.data,
               (unsigned)z.bss, (unsigned)z.stack, (unsigned long long)z.ram, (unsigned)p.load_offset);
    }
}

static int cmd_map(int argc, char **argv)
{
    const char *file = NULL;
    enum source src = SRC_MAP;
    if (argc == 3 && strcmp(argv[2], "--svd") != 0 && strcmp(argv[2], "--xous") != 0 &&
        argv[2][0] != '\0')
        file = argv[2];
    else if (argc == 4 && strcmp(argv[2], "--svd") == 0)
        file = argv[3], src = SRC_SVD;
    else if (argc == 4 && strcmp(argv[2], "--xous") == 0)
        file = argv[3], src = SRC_XOUS;
    else
        return usage("'map' takes FILE, --svd FILE or --xous FILE");
    if (file[0] == '-' && file[1] != '\0')
        return usage("unknown option for 'map'");

    static loaded_map m;
    int rc = load(file, src, &m);
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
    printf("map %s (%s)\n", file,
           src == SRC_SVD ? "SVD memoryRegions" : src == SRC_XOUS ? "Xous argument block" : "map file");
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
    /* A device merged into main RAM's region is whitelisted, but alloc keeps
     * to the declared RAM (the contract's pool): say so when they differ. */
    own_region pool = own_map_pool(&map);
    if (pool.base != ram->base || pool.pages != ram->pages)
        printf("alloc pool: 0x%08x..%s, %u pages (the declared main RAM; the rest of its region\n"
               "  is merged devices, claimable but never allocated)\n",
               (unsigned)pool.base,
               end_text((uint64_t)pool.base + ((uint64_t)pool.pages << OWN_PAGE_SHIFT), eb, sizeof eb),
               (unsigned)pool.pages);
    printf("pages: %llu listed, %u in main RAM, %llu elsewhere\n", (unsigned long long)listed,
           (unsigned)ram->pages, (unsigned long long)(listed - ram->pages));
    if (src == SRC_XOUS)
        print_images();

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
    const char *sname = NULL, *mapfile = NULL, *svdfile = NULL, *xousfile = NULL, *tracefile = NULL;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-s") == 0 || strcmp(a, "-m") == 0 || strcmp(a, "--svd") == 0 ||
            strcmp(a, "--xous") == 0) {
            if (i + 1 >= argc)
                return usage("an option lacks its value");
            const char **slot = a[1] == 's' ? &sname : a[1] == 'm' ? &mapfile
                                : a[2] == 's'                     ? &svdfile
                                                                  : &xousfile;
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
    if ((mapfile != NULL) + (svdfile != NULL) + (xousfile != NULL) != 1)
        return usage("'replay' needs one of -m MAPFILE, --svd SVDFILE or --xous FILE");
    const own_strategy *s = own_find(sname);
    if (s == NULL) {
        fprintf(stderr, "ownlab: unknown strategy '%s'; there are:", sname);
        for (unsigned i = 0; own_strategies[i] != NULL; i++)
            fprintf(stderr, " %s", own_strategies[i]->name);
        fprintf(stderr, "\n");
        return usage(NULL);
    }

    static loaded_map m;
    int rc = mapfile ? load(mapfile, SRC_MAP, &m)
             : svdfile ? load(svdfile, SRC_SVD, &m)
                       : load(xousfile, SRC_XOUS, &m);
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

static int cmd_xous_block(int argc, char **argv)
{
    const char *mapfile = NULL, *svdfile = NULL, *bootfile = NULL, *outfile = NULL;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "-m") == 0      ? &mapfile
                            : strcmp(a, "--svd") == 0 ? &svdfile
                            : strcmp(a, "--boot") == 0 ? &bootfile
                            : strcmp(a, "-o") == 0    ? &outfile
                                                      : NULL;
        if (slot == NULL)
            return usage(a[0] == '-' ? "unknown option for 'xous-block'" : "'xous-block' takes options only");
        if (i + 1 >= argc)
            return usage("an option lacks its value");
        if (*slot != NULL)
            return usage("an option is given twice");
        *slot = argv[++i];
    }
    if ((mapfile == NULL) == (svdfile == NULL))
        return usage("'xous-block' needs one of -m MAPFILE or --svd SVDFILE");
    if (outfile == NULL)
        return usage("'xous-block' needs -o OUT");

    static loaded_map m;
    int rc = load(mapfile ? mapfile : svdfile, mapfile ? SRC_MAP : SRC_SVD, &m);
    if (rc != 0)
        return rc;
    static xb_boot boot;
    tool_error e;
    if (bootfile != NULL && xb_boot_read_path(bootfile, &boot, &e) != 0)
        return report(bootfile, &e);
    static uint8_t block[XB_MAX_BYTES];
    size_t len;
    if (xb_write(m.raw, m.n, bootfile ? &boot : NULL, block, sizeof block, &len, &e) != 0) {
        fprintf(stderr, "ownlab: %s: %s\n", mapfile ? mapfile : svdfile, e.msg);
        return 2;
    }
    FILE *f = fopen(outfile, "wb");
    if (f == NULL) {
        fprintf(stderr, "%s: cannot create: %s\n", outfile, strerror(errno));
        return 1;
    }
    int bad = fwrite(block, 1, len, f) != len;
    bad |= fclose(f) != 0;
    if (bad) {
        fprintf(stderr, "%s: write error\n", outfile);
        remove(outfile);
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
    if (strcmp(c, "xous-block") == 0)
        return cmd_xous_block(argc, argv);
    if (strcmp(c, "-h") == 0 || strcmp(c, "--help") == 0 || strcmp(c, "help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    return usage("unknown command");
}
