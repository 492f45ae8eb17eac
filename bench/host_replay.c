/*
 * host_replay.c - every design replays the Xous-realistic traces on the host
 * (issue 11.4, host half):
 *
 *     host_replay [-r REPS] OUT.csv BOARD=TRACE...
 *
 * Why a separate driver rather than more Google Benchmark cases: a trace is
 * one long, stateful sequence whose operations cannot be repeated on their
 * own (a claim_range succeeds once), so the unit is a whole replay from a
 * fresh table, and the figure per phase is its time over its operations.
 * Google Benchmark's loop adds nothing to that.
 *
 * Method.  Each trace is parsed once, before anything is timed, into an
 * array of operations with its `# phase` stretches; the timed loop does no
 * I/O and no parsing.  Per board: one untimed warm-up replay of every design
 * (it also checks the answers), then REPS rounds in which every design in
 * turn replays the trace once, each time on a freshly built table (building
 * is not timed), so that a change in the machine's load falls on all designs
 * alike; every
 * stretch between two phase markers is timed with CLOCK_MONOTONIC on its own
 * and the times add up per phase name.  Reported per phase (and `all`, the
 * Xous phases boot + steady + exit without the fence scaffolding): the
 * median over the repetitions of the nanoseconds per operation, and its
 * ratio to xous_fixed's median in the same run (the fair baseline: today's
 * Xous tables with the allocation cursor fixed), so the machine's speed and
 * load cancel out as far as they can.
 *
 * Answers: every stretch's answers (error code and value; for alloc only the
 * error code, the page being the design's choice) are digested and compared
 * with the first design's; any difference, any unbuildable table, fails the
 * run (status 1, a line on stderr naming the design, board and phase).
 *
 * Output: OUT.csv with
 *   strategy,board,trace,phase,ops,reps,ns_per_op_median,ns_per_op_min,ratio_to_xous_fixed
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "labmaps.h"
#include "trace.h"

#define MAX_PHASES 4
#define MAX_SEGS 64
#define MAX_REPS 101
#define BASELINE "xous_fixed"

static const char *const phase_names[MAX_PHASES] = {"boot", "fence", "steady", "exit"};
/* the fence is the traces' scaffolding, not Xous (workloads/xoustrace.c):
 * its own row, left out of `all` */
#define PHASE_FENCE 1u

typedef struct seg {
    uint32_t from, to; /* ops [from, to) */
    unsigned phase;
} seg;

typedef struct trace_data {
    const char *board, *path, *name;
    trace_cmd *ops;
    uint32_t n, cap;
    seg segs[MAX_SEGS];
    uint32_t nsegs;
    uint32_t ref_digest[MAX_SEGS];
    uint32_t phase_ops[MAX_PHASES + 1];
} trace_data;

static void die(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "host_replay: ");
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    exit(1);
}

static void load(trace_data *td)
{
    FILE *f = fopen(td->path, "r");
    if (f == NULL)
        die("cannot open %s: %s", td->path, strerror(errno));
    char line[512];
    unsigned long lineno = 0;
    unsigned phase = 0;
    uint32_t seg_start = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        unsigned p;
        int is_phase = 0;
        for (p = 0; p < MAX_PHASES; p++) {
            char marker[32];
            snprintf(marker, sizeof marker, "# phase %s", phase_names[p]);
            if (strcmp(line, marker) == 0) {
                is_phase = 1;
                break;
            }
        }
        if (is_phase || strncmp(line, "# phase ", 8) == 0) {
            if (!is_phase)
                die("%s: unknown phase line %s", td->path, line);
            if (td->n > seg_start) {
                if (td->nsegs == MAX_SEGS)
                    die("%s: more than %s phase stretches", td->path, "64");
                td->segs[td->nsegs++] = (seg){seg_start, td->n, phase};
            }
            seg_start = td->n;
            phase = p;
            continue;
        }
        trace_cmd c;
        tool_error e;
        int r = trace_parse(line, lineno, &c, &e);
        if (r < 0)
            die("%s: %s", td->path, e.msg);
        if (r == 0)
            continue;
        if (td->n == td->cap) {
            td->cap = td->cap ? 2 * td->cap : 65536;
            td->ops = realloc(td->ops, td->cap * sizeof *td->ops);
            if (td->ops == NULL)
                die("out of memory%s%s", "", "");
        }
        td->ops[td->n++] = c;
        td->phase_ops[phase] += 1;
        if (phase != PHASE_FENCE)
            td->phase_ops[MAX_PHASES] += 1;
    }
    fclose(f);
    if (td->n > seg_start) {
        if (td->nsegs == MAX_SEGS)
            die("%s: more than %s phase stretches", td->path, "64");
        td->segs[td->nsegs++] = (seg){seg_start, td->n, phase};
    }
}

static inline uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The timed loop: parsed operations only, no I/O. */
static uint32_t run_ops(const own_strategy *s, own_table *t, const trace_cmd *ops, uint32_t from,
                        uint32_t to)
{
    uint32_t h = 0;
    for (uint32_t i = from; i < to; i++) {
        uint32_t v = 0;
        own_err e = trace_exec(s, t, &ops[i], &v);
        if (ops[i].op == TOP_ALLOC)
            v = 0;
        h = (h * 31u + (uint32_t)e) * 31u + v;
    }
    return h;
}

static unsigned char *storage;
static size_t storage_bytes;

static own_table *fresh(const own_strategy *s, const own_map *m, const char *board)
{
    size_t need = s->reserve(m);
    if (need == 0)
        die("%s: reserve refused the %s map", s->name, board);
    if (need > storage_bytes) {
        free(storage);
        storage = aligned_alloc(OWN_STORAGE_ALIGN, (need + 7u) & ~(size_t)7u);
        if (storage == NULL)
            die("out of memory%s%s", "", "");
        storage_bytes = need;
    }
    memset(storage, 0xa5, need);
    own_table *t = NULL;
    if (s->init(&t, storage, need, m) != OWN_OK)
        die("%s: init refused the %s map", s->name, board);
    return t;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

typedef struct result {
    const char *strategy;
    double median[MAX_PHASES + 1], min[MAX_PHASES + 1];
} result;

int main(int argc, char **argv)
{
    int reps = 7, ai = 1;
    if (argc > 2 && strcmp(argv[1], "-r") == 0) {
        reps = atoi(argv[2]);
        ai = 3;
    }
    if (reps < 1 || reps > MAX_REPS || argc - ai < 2) {
        fprintf(stderr, "usage: host_replay [-r REPS (1..%d)] OUT.csv BOARD=TRACE...\n", MAX_REPS);
        return 2;
    }
    const char *out_path = argv[ai++];
    int ntraces = argc - ai;
    trace_data *td = calloc((size_t)ntraces, sizeof *td);
    if (td == NULL)
        die("out of memory%s%s", "", "");
    for (int k = 0; k < ntraces; k++) {
        char *eq = strchr(argv[ai + k], '=');
        if (eq == NULL)
            die("expected BOARD=TRACE, got %s%s", argv[ai + k], "");
        *eq = '\0';
        td[k].board = argv[ai + k];
        td[k].path = eq + 1;
        const char *slash = strrchr(td[k].path, '/');
        td[k].name = slash ? slash + 1 : td[k].path;
        load(&td[k]);
    }

    uint32_t ndesigns = 0;
    while (own_strategies[ndesigns] != NULL)
        ndesigns++;
    result *res = calloc((size_t)ntraces * ndesigns, sizeof *res);
    /* samples[d][phase][rep] */
    uint64_t (*samples)[MAX_PHASES + 1][MAX_REPS] = calloc(ndesigns, sizeof *samples);
    if (res == NULL || samples == NULL)
        die("out of memory%s%s", "", "");
    int failed = 0;

    for (int k = 0; k < ntraces; k++) {
        static norm_map nm;
        uint32_t mi = lab_map_find(td[k].board);
        if (mi >= lab_map_count() || lab_map_build(mi, &nm) != 0)
            die("no lab map %s%s", td[k].board, "");
        own_map m = own_norm_as_map(&nm);
        /* Repetition by repetition, every design in turn: a change in the
         * machine's load falls on all designs alike rather than on whichever
         * was running.  rep -1 is the warm-up, untimed, and checks answers. */
        for (int rep = -1; rep < reps; rep++) {
            for (uint32_t d = 0; d < ndesigns; d++) {
                const own_strategy *s = own_strategies[d];
                own_table *t = fresh(s, &m, td[k].board);
                uint64_t ph[MAX_PHASES + 1] = {0};
                for (uint32_t g = 0; g < td[k].nsegs; g++) {
                    const seg *sg = &td[k].segs[g];
                    uint64_t t0 = now_ns();
                    uint32_t h = run_ops(s, t, td[k].ops, sg->from, sg->to);
                    uint64_t t1 = now_ns();
                    ph[sg->phase] += t1 - t0;
                    if (sg->phase != PHASE_FENCE)
                        ph[MAX_PHASES] += t1 - t0;
                    if (rep == -1) {
                        if (d == 0) {
                            td[k].ref_digest[g] = h;
                        } else if (td[k].ref_digest[g] != h) {
                            fprintf(stderr,
                                    "host_replay: answers differ: %s on %s, phase %s (stretch %u) "
                                    "vs %s\n",
                                    s->name, td[k].board, phase_names[sg->phase], (unsigned)g,
                                    own_strategies[0]->name);
                            failed = 1;
                        }
                    }
                }
                if (rep >= 0)
                    for (unsigned p = 0; p <= MAX_PHASES; p++)
                        samples[d][p][rep] = ph[p];
                if (s->fini != NULL)
                    s->fini(t);
            }
        }
        for (uint32_t d = 0; d < ndesigns; d++) {
            result *r = &res[(size_t)k * ndesigns + d];
            r->strategy = own_strategies[d]->name;
            for (unsigned p = 0; p <= MAX_PHASES; p++) {
                uint32_t ops = td[k].phase_ops[p];
                uint64_t *x = samples[d][p];
                qsort(x, (size_t)reps, sizeof x[0], cmp_u64);
                uint64_t med2 = reps % 2 ? 2 * x[reps / 2] : x[reps / 2 - 1] + x[reps / 2];
                r->median[p] = ops ? (double)med2 / 2.0 / ops : 0.0;
                r->min[p] = ops ? (double)x[0] / ops : 0.0;
            }
            fprintf(stderr, "host_replay: %-10s %-9s all %8.1f ns/op\n", r->strategy, td[k].board,
                    r->median[MAX_PHASES]);
        }
    }

    FILE *out = fopen(out_path, "w");
    if (out == NULL)
        die("cannot write %s: %s", out_path, strerror(errno));
    fprintf(out, "strategy,board,trace,phase,ops,reps,ns_per_op_median,ns_per_op_min,"
                 "ratio_to_" BASELINE "\n");
    for (int k = 0; k < ntraces; k++) {
        const result *base = NULL;
        for (uint32_t d = 0; d < ndesigns; d++)
            if (strcmp(res[(size_t)k * ndesigns + d].strategy, BASELINE) == 0)
                base = &res[(size_t)k * ndesigns + d];
        if (base == NULL)
            fprintf(stderr, "host_replay: no %s in this build: ratios left empty\n", BASELINE);
        for (uint32_t d = 0; d < ndesigns; d++) {
            const result *r = &res[(size_t)k * ndesigns + d];
            for (unsigned p = 0; p <= MAX_PHASES; p++) {
                uint32_t ops = td[k].phase_ops[p];
                if (ops == 0)
                    continue;
                fprintf(out, "%s,%s,%s,%s,%u,%d,%.2f,%.2f,", r->strategy, td[k].board,
                        td[k].name, p < MAX_PHASES ? phase_names[p] : "all", (unsigned)ops, reps,
                        r->median[p], r->min[p]);
                if (base != NULL && base->median[p] > 0.0)
                    fprintf(out, "%.3f\n", r->median[p] / base->median[p]);
                else
                    fprintf(out, "\n");
            }
        }
    }
    if (fclose(out) != 0)
        die("cannot write %s%s", out_path, "");
    if (failed) {
        fprintf(stderr, "host_replay: FAILED: answers differ between designs\n");
        return 1;
    }
    return 0;
}
