/*
 * rv32_bench.c - instructions per operation of every design on RV32
 * (rv32imac under QEMU with -icount shift=0, where the instret CSR counts
 * exactly the guest instructions retired).
 *
 * For each design in the registry and each board map (precursor, bao1x,
 * renode, artyvexii) it measures, on the same ownership state for every design:
 *
 *   owner_listed      owner() over random whitelisted pages       steady state
 *   owner_local       owner() over a kernel-like stream with      steady state
 *                     locality (OWN_STREAM_LOCAL: runs of
 *                     consecutive pages, recently used places)
 *   owner_ram         owner() over random main-RAM pages          steady state
 *   owner_other       owner() over random listed non-RAM pages    steady state
 *   owner_unlisted10  owner() over listed pages, 10% unlisted     steady state
 *   claim_release     claim() then release() of a free page       steady state
 *   claim_range16     claim_range() of 16 free pages              steady state
 *   release_all_1pct  release_all() of a process owning 1%        steady + share
 *   release_all_10pct release_all() of a process owning 10%       steady + share
 *   count             count() of PIDs 0..31                       steady state
 *   alloc_90pct       alloc() with main RAM 90% full              own_fill_ram
 *
 * Method: the operations run from a precomputed stream in a noipa loop that
 * calls the design through a function pointer, between two instret reads
 * (the lookups after an untimed warm-up of their first WARM_OPS operations).
 * The identical loop is run again calling a no-op with the same signature
 * (it returns OWN_OK: `li a0,0; ret`), and the difference divided by the
 * number of operations is reported, as an integer x100 printed with two
 * decimals.  So a figure is the design's instructions for the operation
 * beyond a function that only returns OK: call, argument set-up and the
 * loop are excluded.  Operations that change the state in ways a stream
 * cannot repeat (claim_range, release_all, alloc) are timed one by one, with
 * the undo (release) outside the instret window, and the same for the
 * no-op.  Everything is seeded: two runs print exactly the same thing.
 * The owner_* streams other than owner_local are uniform, i.e. cache-hostile:
 * owner_local is the one with a kernel's locality.
 *
 * Cycles (vexcache/, run by bench/rv32.mk under QEMU with the vexcache
 * plugin, once per board): every instret window above is also a vexcache
 * window (vexcache_start() after the first instret read, vexcache_stop()
 * before the second, so the two marker instructions count in the design's
 * and the no-op's instret alike and cancel).  The plugin numbers its windows
 * by their stops, 1, 2, ...; this program counts them the same way (win_no)
 * and prints, after each row, which windows it was made of:
 *   win,<strategy>,<map>,<op>,<ops>,<design first>,<design last>,<noop first>,<noop last>,<step>
 * (every step-th window from first to last: release_all alternates design
 * and no-op, step 2).  vexcache/merge.awk sums the plugin's lines over
 * those windows: design minus no-op, per operation, as for instructions.
 *
 * Output, one line per row (bench/rv32.mk adds the code size and writes
 * summary.csv):
 *   row,<strategy>,<map>,<op>,<instructions_per_op>,<reserved_bytes>,<inuse_bytes>
 * and `info` lines with the details (ops, totals, checksums of the answers,
 * which must agree between designs; a disagreement fails the run).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "labmaps.h"
#include "workload.h"
#include "guest.h"

#define SEED 7u
#define N_LOOKUP 16384u    /* owner() calls per stream */
#define N_CLAIM 1024u      /* claim+release pairs */
#define N_RANGE 128u       /* claim_range calls */
#define RANGE_PAGES 16u
#define N_COUNT 1024u      /* count() calls */
#define N_ALLOC 256u       /* alloc calls (each page released again, untimed) */
#define N_RELEASE_ALL 8u   /* release_all repetitions (fresh share each) */
#define BENCH_PID 40u      /* a PID the workloads never use */
#define STORAGE_BYTES (8u << 20)
#define MAX_RUNS 4096u

#define NOIPA __attribute__((noipa))

/* noinit: not zeroed by crt0 (picolibc's small memset would spend ~40 M
 * instructions on it before main); every use fills it with 0xa5 first. */
static unsigned char storage[STORAGE_BYTES] __attribute__((noinit, aligned(OWN_STORAGE_ALIGN)));
static uint32_t stream[4 * N_LOOKUP];
static uint32_t picked[N_LOOKUP];
static uint32_t pids[N_COUNT];
static norm_map nmap;
static int failed;

/* ---- vexcache windows (see the header) -------------------------------- */

static uint32_t win_no; /* windows stopped so far: the plugin's window=K */

/* ---- the no-ops: same signatures as the operations, nothing inside ----- */

typedef own_err (*owner_fn)(const own_table *, uint32_t, uint32_t *);
typedef own_err (*page_fn)(own_table *, uint32_t, uint32_t);
typedef own_err (*range_fn)(own_table *, uint32_t, uint32_t, uint32_t);
typedef own_err (*out_fn)(own_table *, uint32_t, uint32_t *);

NOIPA static own_err noop_owner(const own_table *t, uint32_t a, uint32_t *p)
{
    (void)t, (void)a, (void)p;
    return OWN_OK;
}
NOIPA static own_err noop_page(own_table *t, uint32_t a, uint32_t p)
{
    (void)t, (void)a, (void)p;
    return OWN_OK;
}
NOIPA static own_err noop_range(own_table *t, uint32_t a, uint32_t n, uint32_t p)
{
    (void)t, (void)a, (void)n, (void)p;
    return OWN_OK;
}
NOIPA static own_err noop_out(own_table *t, uint32_t p, uint32_t *o)
{
    (void)t, (void)p, (void)o;
    return OWN_OK;
}

/* ---- the timed loops (noipa: never cloned for the no-op) --------------- */

/* instr: instret over the timed part; its vexcache windows: every win_step-th
 * from win_first to win_last */
typedef struct run { uint64_t instr; uint32_t sum, errs, win_first, win_last, win_step; } run;

/* The lookups (owner, count) change nothing, so each timed loop is preceded by
 * its first WARM_OPS operations, untimed: a row is then the steady state its
 * name says, with the call path's code, TLB entries and the table's hot lines
 * in place, rather than that plus the loop's cold start.  The cold start is a
 * few misses, but their cost was a fifth of a 64-call count() row on the RTL
 * (rtl/rtl.mk divides the counts by 16), and which of them happen at all is
 * decided by which way a free-running counter points at (both caches pick
 * their victim so): the model and the RTL cannot agree on them one by one. */
#define WARM_OPS 4u

NOIPA static run loop_owner(owner_fn fn, const own_table *t, const uint32_t *a, uint32_t n)
{
    run r = {0, 0, 0, win_no + 1u, 0, 1};
    for (uint32_t i = 0; i < n && i < WARM_OPS; i++) {
        uint32_t pid = 0;
        (void)fn(t, a[i], &pid);
    }
    uint64_t t0 = rv32_instret();
    vexcache_start();
    for (uint32_t i = 0; i < n; i++) {
        uint32_t pid = 0;
        own_err e = fn(t, a[i], &pid);
        r.sum = r.sum * 31u + pid + ((uint32_t)e << 16);
    }
    vexcache_stop();
    r.instr = rv32_instret() - t0;
    r.win_last = ++win_no;
    return r;
}

NOIPA static run loop_claim_release(page_fn claim, page_fn release, own_table *t,
                                    const uint32_t *a, uint32_t n, uint32_t pid)
{
    run r = {0, 0, 0, win_no + 1u, 0, 1};
    uint64_t t0 = rv32_instret();
    vexcache_start();
    for (uint32_t i = 0; i < n; i++) {
        r.errs += claim(t, a[i], pid) != OWN_OK;
        r.errs += release(t, a[i], pid) != OWN_OK;
    }
    vexcache_stop();
    r.instr = rv32_instret() - t0;
    r.win_last = ++win_no;
    return r;
}

NOIPA static run loop_count(owner_fn fn, const own_table *t, const uint32_t *p, uint32_t n)
{
    run r = {0, 0, 0, win_no + 1u, 0, 1};
    for (uint32_t i = 0; i < n && i < WARM_OPS; i++) {
        uint32_t c = 0;
        (void)fn(t, p[i], &c);
    }
    uint64_t t0 = rv32_instret();
    vexcache_start();
    for (uint32_t i = 0; i < n; i++) {
        uint32_t c = 0;
        r.errs += fn(t, p[i], &c) != OWN_OK;
        r.sum = r.sum * 31u + c;
    }
    vexcache_stop();
    r.instr = rv32_instret() - t0;
    r.win_last = ++win_no;
    return r;
}

/* one call at a time; the release of the pages is not timed */
NOIPA static run loop_claim_range(range_fn fn, page_fn release, own_table *t, const uint32_t *a,
                                  uint32_t n, uint32_t pages, uint32_t pid)
{
    run r = {0, 0, 0, win_no + 1u, 0, 1};
    for (uint32_t i = 0; i < n; i++) {
        uint64_t t0 = rv32_instret();
        vexcache_start();
        own_err e = fn(t, a[i], pages, pid);
        vexcache_stop();
        r.instr += rv32_instret() - t0;
        r.win_last = ++win_no;
        r.errs += e != OWN_OK;
        for (uint32_t k = 0; e == OWN_OK && k < pages; k++)
            r.errs += release(t, a[i] + (k << OWN_PAGE_SHIFT), pid) != OWN_OK;
    }
    return r;
}

NOIPA static run loop_alloc(out_fn fn, page_fn release, own_table *t, uint32_t n, uint32_t pid)
{
    run r = {0, 0, 0, win_no + 1u, 0, 1};
    for (uint32_t i = 0; i < n; i++) {
        uint32_t addr = 0;
        uint64_t t0 = rv32_instret();
        vexcache_start();
        own_err e = fn(t, pid, &addr);
        vexcache_stop();
        r.instr += rv32_instret() - t0;
        r.win_last = ++win_no;
        r.errs += e != OWN_OK;
        r.sum = r.sum * 31u + (addr >> OWN_PAGE_SHIFT);
        if (e == OWN_OK)
            r.errs += release(t, addr, pid) != OWN_OK;
    }
    return r;
}

NOIPA static run one_release_all(out_fn fn, own_table *t, uint32_t pid)
{
    run r = {0, 0, 0, win_no + 1u, 0, 1};
    uint32_t freed = 0;
    uint64_t t0 = rv32_instret();
    vexcache_start();
    own_err e = fn(t, pid, &freed);
    vexcache_stop();
    r.instr = rv32_instret() - t0;
    r.win_last = ++win_no;
    r.errs = e != OWN_OK;
    r.sum = freed;
    return r;
}

/* ---- reporting --------------------------------------------------------- */

/* answers of the first design, per map and op: every design must agree */
#define MAX_OPS 16u
#define N_MAPS 4u
static uint32_t agreed[N_MAPS][MAX_OPS];
static int have_agreed[N_MAPS][MAX_OPS];

static void row(const own_strategy *s, uint32_t mi, const char *map, uint32_t op_i,
                const char *op, run d, run b, uint32_t n, const own_table *t, size_t reserved)
{
    if (d.errs != 0) {
        printf("error,%s,%s,%s: %u operations failed\n", s->name, map, op, (unsigned)d.errs);
        failed = 1;
    }
    if (!have_agreed[mi][op_i]) {
        have_agreed[mi][op_i] = 1;
        agreed[mi][op_i] = d.sum;
    } else if (agreed[mi][op_i] != d.sum) {
        printf("error,%s,%s,%s: answers differ from the first design's (0x%08lx, 0x%08lx)\n",
               s->name, map, op, (unsigned long)d.sum, (unsigned long)agreed[mi][op_i]);
        failed = 1;
    }
    long long diff = (long long)(d.instr - b.instr);
    long long x100 = (diff * 200 + (diff >= 0 ? (long long)n : -(long long)n)) / (2 * (long long)n);
    long long whole = x100 / 100, frac = x100 % 100;
    printf("info,%s,%s,%s,ops=%lu,design=%llu,noop=%llu,answers=0x%08lx\n", s->name, map, op,
           (unsigned long)n, (unsigned long long)d.instr, (unsigned long long)b.instr,
           (unsigned long)d.sum);
    printf("row,%s,%s,%s,%s%lld.%02lld,%lu,%lu\n", s->name, map, op,
           x100 < 0 && whole == 0 ? "-" : "", whole, frac < 0 ? -frac : frac,
           (unsigned long)reserved, (unsigned long)s->inuse(t));
    printf("win,%s,%s,%s,%lu,%lu,%lu,%lu,%lu,%lu\n", s->name, map, op, (unsigned long)n,
           (unsigned long)d.win_first, (unsigned long)d.win_last, (unsigned long)b.win_first,
           (unsigned long)b.win_last, (unsigned long)d.win_step);
}

/* ---- set-up ------------------------------------------------------------ */

static own_table *open_table(const own_strategy *s, const own_map *m, size_t *reserved)
{
    own_table *t = NULL;
    *reserved = s->reserve(m);
    if (*reserved == 0 || *reserved > sizeof storage) {
        printf("error,%s: reserve %lu does not fit the %lu-byte storage\n", s->name,
               (unsigned long)*reserved, (unsigned long)sizeof storage);
        return NULL;
    }
    memset(storage, 0xa5, *reserved);
    own_err e = s->init(&t, storage, *reserved, m);
    if (e != OWN_OK) {
        printf("error,%s: init: %s\n", s->name, own_err_name(e));
        return NULL;
    }
    return t;
}

static own_table *open_steady(const own_strategy *s, const own_map *m, size_t *reserved)
{
    own_table *t = open_table(s, m, reserved);
    if (t != NULL && own_pattern_apply(s, t, m, OWN_PAT_STEADY, SEED) != 0) {
        printf("error,%s: steady pattern failed\n", s->name);
        return NULL;
    }
    return t;
}

static int is_free(const own_strategy *s, const own_table *t, uint32_t a)
{
    uint32_t pid = 1;
    return s->owner(t, a, &pid) == OWN_OK && pid == 0u;
}

/* Free 16-page runs (aligned to 16 pages within their region), at most MAX_RUNS. */
static uint32_t find_runs(const own_strategy *s, const own_table *t, const own_map *m,
                          uint32_t *out)
{
    uint32_t n = 0;
    for (uint32_t g = 0; g < m->count; g++)
        for (uint32_t k = 0; k + RANGE_PAGES <= m->regions[g].pages && n < MAX_RUNS;
             k += RANGE_PAGES) {
            uint32_t a = m->regions[g].base + (k << OWN_PAGE_SHIFT), j = 0;
            while (j < RANGE_PAGES && is_free(s, t, a + (j << OWN_PAGE_SHIFT)))
                j++;
            if (j == RANGE_PAGES)
                out[n++] = a;
        }
    return n;
}

static int map_index(const char *name)
{
    for (uint32_t i = 0; i < lab_map_count(); i++)
        if (strcmp(lab_map_name(i), name) == 0)
            return (int)i;
    return -1;
}

/* ---- one design on one map --------------------------------------------- */

enum { OP_OWNER = 0, N_STREAMS = 5, OP_CLAIM_RELEASE = N_STREAMS, OP_CLAIM_RANGE, OP_RA1, OP_RA10,
       OP_COUNT, OP_ALLOC };

static int bench(const own_strategy *s, uint32_t mi, const char *name)
{
    static const own_stream streams[N_STREAMS] = {OWN_STREAM_LISTED, OWN_STREAM_RAM,
                                                  OWN_STREAM_OTHER, OWN_STREAM_UNLISTED10,
                                                  OWN_STREAM_LOCAL};
    static const char *const stream_ops[N_STREAMS] = {"owner_listed", "owner_ram", "owner_other",
                                                      "owner_unlisted10", "owner_local"};
    int idx = map_index(name);
    if (idx < 0 || lab_map_build((uint32_t)idx, &nmap) != 0) {
        printf("error: no map %s\n", name);
        return 1;
    }
    own_map m = own_norm_as_map(&nmap);
    size_t reserved;
    own_table *t = open_steady(s, &m, &reserved);
    if (t == NULL)
        return 1;

    /* owner over the five streams */
    for (unsigned k = 0; k < N_STREAMS; k++) {
        if (own_stream_fill(&m, streams[k], stream, N_LOOKUP, SEED) != 0) {
            printf("error: stream %s empty on %s\n", own_stream_name(streams[k]), name);
            return 1;
        }
        run d = loop_owner(s->owner, t, stream, N_LOOKUP);
        run b = loop_owner(noop_owner, t, stream, N_LOOKUP);
        row(s, mi, name, OP_OWNER + k, stream_ops[k], d, b, N_LOOKUP, t, reserved);
    }

    /* claim+release of free listed pages (the state comes back each time) */
    if (own_stream_fill(&m, OWN_STREAM_LISTED, stream, 4 * N_LOOKUP, SEED + 1u) != 0)
        return 1;
    uint32_t nfree = 0;
    for (uint32_t i = 0; i < 4 * N_LOOKUP && nfree < N_CLAIM; i++)
        if (is_free(s, t, stream[i]))
            picked[nfree++] = stream[i];
    if (nfree == 0) {
        printf("error: no free listed page on %s\n", name);
        return 1;
    }
    {
        run d = loop_claim_release(s->claim, s->release, t, picked, nfree, BENCH_PID);
        run b = loop_claim_release(noop_page, noop_page, t, picked, nfree, BENCH_PID);
        uint32_t c = 1;
        if (s->count(t, BENCH_PID, &c) != OWN_OK || c != 0u)
            d.errs++;
        d.sum = nfree;
        row(s, mi, name, OP_CLAIM_RELEASE, "claim_release", d, b, nfree, t, reserved);
    }

    /* count */
    {
        own_rng r = {SEED * 0x9e3779b97f4a7c15ull + 11u};
        for (uint32_t i = 0; i < N_COUNT; i++)
            pids[i] = own_rng_below(&r, 32);
        run d = loop_count(s->count, t, pids, N_COUNT);
        run b = loop_count(noop_owner, t, pids, N_COUNT);
        row(s, mi, name, OP_COUNT, "count", d, b, N_COUNT, t, reserved);
    }

    /* claim_range of 16 free pages; a map whose steady state has no free
     * 16-page run (artyvexii's regions are all handed out) uses the boot
     * state instead, and says so */
    {
        uint32_t nruns = find_runs(s, t, &m, stream);
        const char *state = "steady";
        own_table *tr = t;
        if (nruns == 0) {
            tr = open_table(s, &m, &reserved);
            if (tr == NULL || own_pattern_apply(s, tr, &m, OWN_PAT_BOOT, SEED) != 0)
                return 1;
            nruns = find_runs(s, tr, &m, stream);
            state = "boot";
        }
        if (nruns == 0) {
            printf("error: no free 16-page run on %s\n", name);
            return 1;
        }
        own_rng r = {SEED * 0x9e3779b97f4a7c15ull + 12u};
        for (uint32_t i = 0; i < N_RANGE; i++)
            picked[i] = stream[own_rng_below(&r, nruns)];
        run d = loop_claim_range(s->claim_range, s->release, tr, picked, N_RANGE, RANGE_PAGES,
                                 BENCH_PID);
        run b = loop_claim_range(noop_range, noop_page, tr, picked, N_RANGE, RANGE_PAGES,
                                 BENCH_PID);
        d.sum = nruns;
        printf("info,%s,%s,claim_range16,state=%s,free_runs=%lu\n", s->name, name, state,
               (unsigned long)nruns);
        row(s, mi, name, OP_CLAIM_RANGE, "claim_range16", d, b, N_RANGE, tr, reserved);
    }

    /* release_all of a process that owns 1% / 10% of the listed pages */
    static const uint32_t share[2] = {10u, 100u};
    static const char *const ra_ops[2] = {"release_all_1pct", "release_all_10pct"};
    for (unsigned k = 0; k < 2; k++) {
        run d = {0, 0, 0, 0, 0, 2}, b = {0, 0, 0, 0, 0, 2}; /* windows alternate */
        for (uint32_t rep = 0; rep < N_RELEASE_ALL; rep++) {
            t = open_steady(s, &m, &reserved);
            if (t == NULL)
                return 1;
            uint32_t given = own_give_share(s, t, &m, BENCH_PID, share[k], SEED + 100u * k + rep);
            run x = one_release_all(s->release_all, t, BENCH_PID);
            run y = one_release_all(noop_out, t, BENCH_PID);
            d.instr += x.instr;
            b.instr += y.instr;
            if (rep == 0)
                d.win_first = x.win_first, b.win_first = y.win_first;
            d.win_last = x.win_last;
            b.win_last = y.win_last;
            d.errs += x.errs + (x.sum != given);
            d.sum += given;
        }
        row(s, mi, name, OP_RA1 + k, ra_ops[k], d, b, N_RELEASE_ALL, t, reserved);
    }

    /* alloc with main RAM 90% full (each page released again, untimed) */
    {
        t = open_table(s, &m, &reserved);
        if (t == NULL || own_fill_ram(s, t, &m, 900u, SEED) != 0) {
            printf("error,%s: own_fill_ram failed on %s\n", s->name, name);
            return 1;
        }
        run d = loop_alloc(s->alloc, s->release, t, N_ALLOC, BENCH_PID);
        run b = loop_alloc(noop_out, noop_page, t, N_ALLOC, BENCH_PID);
        d.sum = 0; /* which page alloc picks is the design's choice */
        row(s, mi, name, OP_ALLOC, "alloc_90pct", d, b, N_ALLOC, t, reserved);
    }
    s->fini(t);
    return 0;
}

int main(void)
{
    static const char *const maps[N_MAPS] = {"precursor", "bao1x", "renode", "artyvexii"};
    printf("info,rv32 bench,seed=%u,lookups=%u\n", SEED, N_LOOKUP);
    unsigned designs = 0;
    for (unsigned d = 0; own_strategies[d] != NULL; d++, designs++)
        for (uint32_t mi = 0; mi < N_MAPS; mi++)
            if (bench(own_strategies[d], mi, maps[mi]) != 0) {
                printf("error,%s,%s: benchmark could not run\n", own_strategies[d]->name,
                       maps[mi]);
                failed = 1;
            }
    if (designs == 0) {
        printf("error: no design in the registry\n");
        failed = 1;
    }
    printf("info,done,%s\n", failed ? "FAILED" : "ok");
    exit(failed ? 1 : 0);
}
