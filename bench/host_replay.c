/*
 * host_replay.c - every design replays the Xous-realistic traces on the host
 * (issue 11.4, host half):
 *
 *     host_replay [-r REPS] OUT.csv BOARD=TRACE...
 *     host_replay --check BOARD=TRACE...
 *
 * Why a separate driver rather than more Google Benchmark cases: a trace is
 * one long, stateful sequence whose operations cannot be repeated on their
 * own (a claim_range succeeds once), so the unit is a whole replay from a
 * fresh table, and the figure per phase is its time over its operations.
 * Google Benchmark's loop adds nothing to that.
 *
 * Method.  Each trace is parsed once, before anything is timed, into an
 * array of operations with its `# phase` stretches; the timed loop does no
 * I/O and no parsing.  Alloc slots (`# @K`, workloads/trace.h) are honoured:
 * a buffer's page is the one the design's own alloc returned, so the
 * allocator's search is paid as in Xous and every design's states agree; a
 * malformed annotation, or a slot used before any alloc fills it, stops the
 * load with the trace's line.  Per board: one untimed warm-up replay of every design
 * (it also checks the answers), then REPS rounds in which every design in
 * turn replays the trace once, each time on a freshly built table (building
 * is not timed), so that a change in the machine's load falls on all designs
 * alike; every
 * stretch between two phase markers is timed with CLOCK_MONOTONIC on its own
 * and the times add up per phase name.  Reported per phase (and `all`, the
 * whole trace: boot + steady + exit): the
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
 * --check (make test-traces): no timing and no CSV; every design replays
 * each trace once, and every answer is compared with the first design's one
 * by one, so a difference is reported with its trace line and both answers.
 * It also fails on any error answer (the Xous traces are written to have
 * none), and on a slot page of the `xous` design that differs from the
 * line's literal address (the traces promise the literal is Xous's page, so
 * that a plain replay is exact for xous).
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
#define LITERAL_DESIGN "xous" /* whose alloc the traces' literal addresses follow */

/* `loader` is the loader's assignment, written before the kernel runs: it
 * is reported, and left out of `all`, the kernel's bill */
static const char *const phase_names[MAX_PHASES] = {"loader", "boot", "steady", "exit"};
#define LOADER_PHASE 0u

typedef struct seg {
    uint32_t from, to; /* ops [from, to) */
    unsigned phase;
} seg;

typedef struct trace_data {
    const char *board, *path, *name;
    trace_cmd *ops;
    uint32_t *lines; /* each operation's line in the trace */
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
    static unsigned char filled[TRACE_SLOTS];
    memset(filled, 0, sizeof filled);
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
        char where[600];
        snprintf(where, sizeof where, "%s:%lu", td->path, lineno);
        int r = trace_parse(line, lineno, &c, &e);
        if (r < 0)
            die("%s: %s", where, e.msg);
        if (r == 0)
            continue;
        if (trace_slot_check(&c, lineno, &e) < 0)
            die("%s: %s", where, e.msg);
        if (c.slot_def >= 0)
            filled[c.slot_def] = 1;
        if (c.slot_use >= 0 && !filled[c.slot_use])
            die("%s: %s", where, "a slot used before any alloc fills it");
        if (td->n == td->cap) {
            td->cap = td->cap ? 2 * td->cap : 65536;
            td->ops = realloc(td->ops, td->cap * sizeof *td->ops);
            td->lines = realloc(td->lines, td->cap * sizeof *td->lines);
            if (td->ops == NULL || td->lines == NULL)
                die("out of memory%s%s", "", "");
        }
        td->lines[td->n] = (uint32_t)lineno;
        td->ops[td->n++] = c;
        td->phase_ops[phase] += 1;
        td->phase_ops[MAX_PHASES] += phase != LOADER_PHASE;
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

/* The slots of the replay under way: emptied with every fresh table. */
static uint32_t slots[TRACE_SLOTS];

/* The timed loop: parsed operations only, no I/O. */
static uint32_t run_ops(const own_strategy *s, own_table *t, const trace_cmd *ops, uint32_t from,
                        uint32_t to)
{
    uint32_t h = 0;
    for (uint32_t i = from; i < to; i++) {
        uint32_t v = 0;
        own_err e = trace_exec_slots(s, t, &ops[i], slots, &v);
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
    memset(slots, 0, sizeof slots);
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

/* --check: every design once per trace, every answer compared one by one
 * with the first design's (alloc: success or failure only). */
static int check(trace_data *td, int ntraces)
{
    int failed = 0;
    for (int k = 0; k < ntraces; k++) {
        static norm_map nm;
        uint32_t mi = lab_map_find(td[k].board);
        if (mi >= lab_map_count() || lab_map_build(mi, &nm) != 0)
            die("no lab map %s%s", td[k].board, "");
        own_map m = own_norm_as_map(&nm);
        own_err *ref_err = malloc(td[k].n * sizeof *ref_err);
        uint32_t *ref_val = malloc(td[k].n * sizeof *ref_val);
        if (ref_err == NULL || ref_val == NULL)
            die("out of memory%s%s", "", "");
        uint32_t ndesigns = 0;
        int bad = 0;
        for (uint32_t d = 0; own_strategies[d] != NULL; d++, ndesigns++) {
            const own_strategy *s = own_strategies[d];
            own_table *t = fresh(s, &m, td[k].board);
            uint32_t errors = 0, unlike = 0, diffs = 0;
            for (uint32_t i = 0; i < td[k].n; i++) {
                const trace_cmd *c = &td[k].ops[i];
                if (c->slot_use >= 0 && slots[c->slot_use] != c->arg[0])
                    unlike++;
                uint32_t v = 0;
                own_err e = trace_exec_slots(s, t, c, slots, &v);
                if (c->op == TOP_ALLOC)
                    v = 0;
                errors += e != OWN_OK;
                if (d == 0) {
                    ref_err[i] = e;
                    ref_val[i] = v;
                } else if (e != ref_err[i] || v != ref_val[i]) {
                    if (diffs++ < 3) {
                        char a[64], b[64];
                        trace_format_answer(c, ref_err[i], ref_val[i], a, sizeof a);
                        trace_format_answer(c, e, v, b, sizeof b);
                        fprintf(stderr, "host_replay: %s:%u: %s answers '%s', %s '%s'\n",
                                td[k].path, (unsigned)td[k].lines[i], s->name, b,
                                own_strategies[0]->name, a);
                    }
                }
            }
            if (s->fini != NULL)
                s->fini(t);
            if (errors != 0)
                fprintf(stderr, "host_replay: %s on %s: %u error answers\n", s->name,
                        td[k].board, (unsigned)errors);
            if (diffs != 0)
                fprintf(stderr, "host_replay: %s on %s: %u answers differ from %s's\n", s->name,
                        td[k].board, (unsigned)diffs, own_strategies[0]->name);
            if (unlike != 0 && strcmp(s->name, LITERAL_DESIGN) == 0)
                fprintf(stderr, "host_replay: %s on %s: %u slot pages are not the literal address "
                                "(the trace's literals must be Xous's pages)\n",
                        s->name, td[k].board, (unsigned)unlike);
            bad |= errors != 0 || diffs != 0 ||
                   (unlike != 0 && strcmp(s->name, LITERAL_DESIGN) == 0);
        }
        failed |= bad;
        if (!bad)
            printf("host_replay --check: %s: %u operations, %u designs answer alike, slots honoured\n",
               td[k].path, (unsigned)td[k].n, (unsigned)ndesigns);
        free(ref_err);
        free(ref_val);
    }
    return failed;
}

int main(int argc, char **argv)
{
    int reps = 7, ai = 1, checking = 0;
    if (argc > 2 && strcmp(argv[1], "-r") == 0) {
        reps = atoi(argv[2]);
        ai = 3;
    } else if (argc > 1 && strcmp(argv[1], "--check") == 0) {
        checking = 1;
        ai = 2;
    }
    if (reps < 1 || reps > MAX_REPS || argc - ai < 2 - checking) {
        fprintf(stderr, "usage: host_replay [-r REPS (1..%d)] OUT.csv BOARD=TRACE...\n"
                        "       host_replay --check BOARD=TRACE...\n", MAX_REPS);
        return 2;
    }
    const char *out_path = checking ? NULL : argv[ai++];
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
    if (checking) {
        int bad = check(td, ntraces);
        if (bad)
            fprintf(stderr, "host_replay --check: FAILED\n");
        return bad;
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
                    if (sg->phase != LOADER_PHASE)
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
