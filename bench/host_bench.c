/*
 * host_bench.c - the host benchmark suite: every design in the registry, the
 * lookup floor (bench/floor.c), on every map, pattern and operation, through
 * Google Benchmark (bench/gbench.h).  What is measured and how is written up
 * in bench/HOST_BENCH.md; in short:
 *
 *   name = <strategy>/<map>/<pattern>/<op>   (+ "/manual_time" for some ops)
 *
 *   owner_listed       owner() over 64Ki precomputed listed addresses, cycled
 *   owner_unlisted10   the same with 10% unlisted addresses
 *   count              count() of PIDs 0..31
 *   claim_release      a listed page claimed and released again (a free page),
 *                      or released and claimed back (an owned one): ns per pair
 *   claim_range16      claim_range() of 16 free pages (manual time; the undo,
 *                      16 releases, is not timed)
 *   release_all_Npct   release_all() of a process owning N% of listed pages
 *                      (manual time; the pages are claimed back, untimed)
 *   alloc_Npct         alloc() with main RAM N% full (own_fill_ram); batches
 *                      of at most a quarter of the free pages, released again
 *                      untimed (manual time), so occupancy stays near N%
 *
 * Every benchmark reports counters reserved_bytes, inuse_bytes, peak_bytes,
 * listed_pages, and answer_sum (a checksum of the answers over one pass of the
 * stream, for owner ops).  States are built once per (strategy, map, state)
 * and kept while consecutive benchmarks use them; every op leaves the
 * ownership it found.
 *
 * Answers are checked, not only timed: every design is driven through the
 * same states and streams, so what an op answers must be the same for all
 * of them, and a design that is fast because it answers wrongly must not
 * win.  The first run of each benchmark takes a digest of its answers (see
 * "answers" below for what each op compares; alloc's pages differ by design,
 * so only how many succeeded and the counts they leave are compared) and
 * benchmarks that differ only in the strategy must agree.  A mismatch is an
 * error entry in the JSON, a line on stderr, and exit status 1.
 *
 * Manually timed batches (claim_range16, release_all, alloc) have the cost
 * of one clock read pair, measured at start-up, subtracted: alloc batches
 * can be a single call on a small, nearly full RAM, where the clock would
 * otherwise be most of the figure.
 *
 * Other modes (no Google Benchmark involved):
 *   host_bench --list-designs          the strategies, floor first
 *   host_bench --callgrind D MAP       steady state, then one pass of owner()
 *                                      over the listed stream in lookup_pass()
 *                                      (for callgrind --toggle-collect)
 * With OWNLAB_PERF_CTL_FD / OWNLAB_PERF_ACK_FD set (perf stat --control), the
 * owner loops write "enable"/"disable" around themselves (bench/perf.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "gbench.h"
#include "floor.h"
#include "labmaps.h"
#include "workload.h"

#define SEED 20261125u
#define STREAM_N 65536u /* power of two: cycled with a mask */
#define OWNER_BATCH 256u
#define COUNT_PIDS 32u
#define CHURN_N 4096u
#define CHURN_BATCH 64u
#define RANGE_PAGES 16u
#define RANGE_SPOTS 4096u
#define RANGE_BATCH 32u
#define ALLOC_BATCH 64u
#define SHARE_PID 200u
#define RANGE_PID 201u
#define ALLOC_PID 202u
#define RUNS_PID 2u
#define SCALE_PAGES 65536u /* regions-N and runs-R maps: 256 MiB listed */

/* ---------------------------------------------------------------- maps */

typedef struct bmap {
    char name[32];
    own_map map;
    own_region *regions;
    uint32_t listed;
    uint32_t *stream[2]; /* OWN_STREAM_LISTED, OWN_STREAM_UNLISTED10; lazily */
} bmap;

static bmap maps[64];
static uint32_t nmaps;

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1u);
    if (p == NULL) {
        fprintf(stderr, "host_bench: out of memory (%zu bytes)\n", n);
        exit(2);
    }
    return p;
}

static bmap *add_map(const char *name, const own_region *r, uint32_t count, uint32_t ram)
{
    if (nmaps == sizeof maps / sizeof maps[0]) {
        fprintf(stderr, "host_bench: too many maps\n");
        exit(2);
    }
    bmap *m = &maps[nmaps++];
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "%s", name);
    m->regions = xmalloc(count * sizeof *r);
    memcpy(m->regions, r, count * sizeof *r);
    m->map = (own_map){m->regions, count, ram, 0, 0};
    m->listed = own_listed_pages(&m->map);
    return m;
}

static bmap *find_map(const char *name)
{
    for (uint32_t i = 0; i < nmaps; i++)
        if (strcmp(maps[i].name, name) == 0)
            return &maps[i];
    return NULL;
}

/* The boards, ram1g and scattered, from workloads/labmaps.c ("top" is left out:
 * a map ending at 2^32 is a correctness case, not a workload). */
static void add_test_maps(void)
{
    norm_map *nm = xmalloc(sizeof *nm);
    for (uint32_t i = 0; i < lab_map_count(); i++) {
        if (strcmp(lab_map_name(i), "top") == 0)
            continue;
        if (lab_map_build(i, nm) != 0) {
            fprintf(stderr, "host_bench: map %s does not build\n", lab_map_name(i));
            exit(2);
        }
        bmap *m = add_map(lab_map_name(i), nm->regions, nm->count, nm->ram);
        m->map.pool_base = nm->pool_base; /* alloc draws from RAM as declared */
        m->map.pool_pages = nm->pool_pages;
    }
    free(nm);
}

/* Scaling series.  size-X: one region of X at address 0.  regions-N: N equal
 * regions sharing SCALE_PAGES pages, evenly strewn over the 4 GiB (region 0,
 * at 0, is main RAM).  runs-R: one 256 MiB region at 0x40000000 (the state,
 * not the map, varies). */
static const uint32_t size_mib[] = {16, 64, 256, 1024, 4096};
static const uint32_t region_counts[] = {1, 3, 10, 30, 100, 300, 1000};
static const uint32_t run_counts[] = {1, 16, 256, 4096, 32768};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void size_name(char *buf, size_t n, uint32_t mib)
{
    if (mib >= 1024u)
        snprintf(buf, n, "size-%uGiB", (unsigned)(mib / 1024u));
    else
        snprintf(buf, n, "size-%uMiB", (unsigned)mib);
}

static void add_scaling_maps(void)
{
    char name[32];
    for (unsigned i = 0; i < NELEM(size_mib); i++) {
        own_region r = {0u, size_mib[i] * 256u};
        size_name(name, sizeof name, size_mib[i]);
        add_map(name, &r, 1, 0);
    }
    own_region *r = xmalloc(1000u * sizeof *r);
    for (unsigned i = 0; i < NELEM(region_counts); i++) {
        uint32_t n = region_counts[i], stride = OWN_PAGES_IN_SPACE / n;
        for (uint32_t k = 0; k < n; k++)
            r[k] = (own_region){(k * stride) << OWN_PAGE_SHIFT, SCALE_PAGES / n};
        snprintf(name, sizeof name, "regions-%u", (unsigned)n);
        add_map(name, r, n, 0);
    }
    free(r);
    for (unsigned i = 0; i < NELEM(run_counts); i++) {
        own_region one = {0x40000000u, SCALE_PAGES};
        snprintf(name, sizeof name, "runs-%u", (unsigned)run_counts[i]);
        add_map(name, &one, 1, 0);
    }
}

static const uint32_t *map_stream(bmap *m, own_stream k)
{
    uint32_t slot = k == OWN_STREAM_UNLISTED10;
    if (m->stream[slot] == NULL) {
        m->stream[slot] = xmalloc(STREAM_N * sizeof(uint32_t));
        if (own_stream_fill(&m->map, k, m->stream[slot], STREAM_N, SEED + 1u) != 0) {
            fprintf(stderr, "host_bench: no %s stream on %s\n", own_stream_name(k), m->name);
            exit(2);
        }
    }
    return m->stream[slot];
}

/* ---------------------------------------------------------------- cases */

typedef enum { ST_PATTERN, ST_SHARE, ST_FILL, ST_RUNS } stkind;
typedef enum { OP_OWNER, OP_COUNT, OP_CHURN, OP_RANGE, OP_RELEASE_ALL, OP_ALLOC } opkind;

typedef struct bcase {
    const own_strategy *s;
    bmap *m;
    stkind st;
    own_pattern pat;
    uint32_t param; /* share or fill permille; runs */
    opkind op;
    own_stream stream;
    char name[160];
    int checked; /* its answers were compared (first run only) */
} bcase;

/* The one live state: kept while consecutive benchmarks share its key. */
typedef struct live {
    int valid;
    const own_strategy *s;
    bmap *m;
    stkind st;
    own_pattern pat;
    uint32_t param;
    int floor_stream; /* floor only: the stream its span was widened to */
    own_table *t;
    void *storage;
    size_t reserved;
    /* release_all: the pages of `pid`, as runs, to claim back */
    uint32_t pid, owned, nruns;
    uint32_t *run_addr, *run_len;
    /* claim_release */
    uint32_t *churn_addr;
    uint16_t *churn_op; /* pid | 0x100 when the page is free */
    /* claim_range16 */
    uint32_t *spots, nspots;
} live;

static live cur;
static volatile uint32_t sink;
static int perf_ctl_fd = -1, perf_ack_fd = -1;

static void perf_ctl(const char *cmd)
{
    if (perf_ctl_fd < 0)
        return;
    char line[16], ack[8];
    int n = snprintf(line, sizeof line, "%s\n", cmd);
    if (write(perf_ctl_fd, line, (size_t)n) != n)
        return;
    if (perf_ack_fd >= 0 && read(perf_ack_fd, ack, sizeof ack) < 0)
        return;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* What a t0 = now_ns(); ...; t1 = now_ns() interval adds by itself: the
 * median of back-to-back pairs, taken once before any benchmark. */
static uint64_t clock_pair_ns;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void calibrate_clock(void)
{
    enum { PAIRS = 10001 };
    static uint64_t d[PAIRS];
    for (unsigned i = 0; i < PAIRS; i++) {
        uint64_t t0 = now_ns();
        d[i] = now_ns() - t0;
    }
    qsort(d, PAIRS, sizeof d[0], cmp_u64);
    clock_pair_ns = d[PAIRS / 2];
}

/* A manually timed interval without the clock's own cost (never negative:
 * a batch faster than the median pair counts as 0). */
static uint64_t timed_ns(uint64_t t0, uint64_t t1)
{
    uint64_t d = t1 - t0;
    return d > clock_pair_ns ? d - clock_pair_ns : 0u;
}

static void live_close(void)
{
    if (cur.valid)
        cur.s->fini(cur.t);
    free(cur.storage);
    free(cur.run_addr);
    free(cur.run_len);
    free(cur.churn_addr);
    free(cur.churn_op);
    free(cur.spots);
    memset(&cur, 0, sizeof cur);
}

/* A share for release_all: own_give_share takes free pages; where the state
 * has too few (checkerboard has none), random runs of owned pages are moved
 * to the process as well, the same way for every design.  At least one page,
 * so that 1% of a small map (artyvexii) is not nothing. */
static int take_share(const own_strategy *s, own_table *t, const own_map *m, uint32_t pid,
                      uint32_t permille)
{
    uint32_t total = own_listed_pages(m);
    uint32_t goal = (uint32_t)((uint64_t)total * permille / 1000u);
    goal = goal ? goal : 1u;
    uint32_t given = own_give_share(s, t, m, pid, permille, SEED + 3u);
    own_rng r = {SEED * 0x9e3779b97f4a7c15ull + 77u};
    for (uint32_t tries = 0; given < goal && tries < 4u * goal + 64u; tries++) {
        uint32_t i = own_rng_below(&r, total), n = 1u + own_rng_below(&r, 32);
        for (uint32_t k = 0; k < n && i + k < total && given < goal; k++) {
            uint32_t a = own_listed_addr(m, i + k), o = 0;
            if (s->owner(t, a, &o) != OWN_OK)
                return 1;
            if (o != pid) {
                if ((o == 0 ? s->claim(t, a, pid) : s->move(t, a, o, pid)) != OWN_OK)
                    return 1;
                given++;
            }
        }
    }
    return given == 0;
}

static int apply_runs(const own_strategy *s, own_table *t, const own_map *m, uint32_t runs)
{
    uint32_t pages = m->regions[0].pages, len = pages / (2u * runs);
    if (len == 0)
        return 1;
    for (uint32_t k = 0; k < runs; k++)
        if (s->claim_range(t, m->regions[0].base + ((2u * k * len) << OWN_PAGE_SHIFT), len,
                           RUNS_PID) != OWN_OK)
            return 1;
    return 0;
}

static int verbose;

static const char *live_build(const bcase *c);

static const char *live_open(const bcase *c)
{
    uint64_t t0 = now_ns();
    const char *why = live_build(c);
    if (verbose && now_ns() - t0 > 1000000u)
        fprintf(stderr, "setup %s: %.3f s%s%s\n", c->name, (double)(now_ns() - t0) * 1e-9,
                why ? ": " : "", why ? why : "");
    return why;
}

static const char *live_build(const bcase *c)
{
    int fs = c->s == &own_strategy_floor ? (int)c->stream : -1;
    if (cur.valid && cur.s == c->s && cur.m == c->m && cur.st == c->st && cur.pat == c->pat &&
        cur.param == c->param && cur.floor_stream == fs)
        return NULL;
    live_close();
    const own_map *m = &c->m->map;
    if (fs >= 0) {
        const uint32_t *a = map_stream(c->m, c->stream);
        floor_widen(a, STREAM_N);
    }
    cur.reserved = c->s->reserve(m);
    if (cur.reserved == 0)
        return "reserve refused the map";
    cur.storage = aligned_alloc(OWN_STORAGE_ALIGN, (cur.reserved + 7u) & ~(size_t)7u);
    if (cur.storage == NULL)
        return "no storage";
    memset(cur.storage, 0, cur.reserved); /* fault every page in before timing */
    if (c->s->init(&cur.t, cur.storage, cur.reserved, m) != OWN_OK)
        return "init refused the map";
    floor_widen(NULL, 0);
    cur.valid = 1;
    cur.s = c->s;
    cur.m = c->m;
    cur.st = c->st;
    cur.pat = c->pat;
    cur.param = c->param;
    cur.floor_stream = fs;
    int bad = 0;
    switch (c->st) {
    case ST_PATTERN:
        bad = own_pattern_apply(c->s, cur.t, m, c->pat, SEED);
        break;
    case ST_SHARE:
        bad = own_pattern_apply(c->s, cur.t, m, c->pat, SEED) ||
              take_share(c->s, cur.t, m, SHARE_PID, c->param);
        cur.pid = SHARE_PID;
        break;
    case ST_FILL:
        bad = own_fill_ram(c->s, cur.t, m, c->param, SEED);
        break;
    case ST_RUNS:
        bad = apply_runs(c->s, cur.t, m, c->param);
        cur.pid = RUNS_PID;
        break;
    }
    if (bad) {
        live_close();
        return "the workload could not build the state";
    }
    return NULL;
}

/* Every page `cur.pid` owns, as runs inside regions: what release_all frees
 * and the restore claims back. */
static const char *live_runs(void)
{
    if (cur.run_addr != NULL)
        return NULL;
    const own_map *m = &cur.m->map;
    uint32_t cap = 1024, n = 0, owned = 0;
    cur.run_addr = xmalloc(cap * sizeof(uint32_t));
    cur.run_len = xmalloc(cap * sizeof(uint32_t));
    for (uint32_t g = 0; g < m->count; g++) {
        int open = 0;
        for (uint32_t k = 0; k < m->regions[g].pages; k++) {
            uint32_t a = m->regions[g].base + (k << OWN_PAGE_SHIFT), o = 0;
            if (cur.s->owner(cur.t, a, &o) != OWN_OK)
                return "owner failed on a listed page";
            if (o != cur.pid) {
                open = 0;
                continue;
            }
            owned++;
            if (open) {
                cur.run_len[n - 1u]++;
                continue;
            }
            if (n == cap) {
                cap *= 2u;
                cur.run_addr = realloc(cur.run_addr, cap * sizeof(uint32_t));
                cur.run_len = realloc(cur.run_len, cap * sizeof(uint32_t));
                if (cur.run_addr == NULL || cur.run_len == NULL)
                    return "out of memory";
            }
            cur.run_addr[n] = a;
            cur.run_len[n++] = 1;
            open = 1;
        }
    }
    cur.nruns = n;
    cur.owned = owned;
    return owned ? NULL : "the process owns no page";
}

static const char *live_churn(void)
{
    if (cur.churn_addr != NULL)
        return NULL;
    const uint32_t *a = map_stream(cur.m, OWN_STREAM_LISTED);
    cur.churn_addr = xmalloc(CHURN_N * sizeof(uint32_t));
    cur.churn_op = xmalloc(CHURN_N * sizeof(uint16_t));
    for (uint32_t i = 0; i < CHURN_N; i++) {
        uint32_t o = 0;
        if (cur.s->owner(cur.t, a[i], &o) != OWN_OK)
            return "owner failed on a listed page";
        cur.churn_addr[i] = a[i];
        cur.churn_op[i] = (uint16_t)(o ? o : 0x100u | (2u + i % 30u));
    }
    return NULL;
}

static const char *live_spots(void)
{
    if (cur.spots != NULL)
        return cur.nspots ? NULL : "no run of 16 free pages in this state";
    const own_map *m = &cur.m->map;
    uint32_t cap = 1024, n = 0;
    cur.spots = xmalloc(cap * sizeof(uint32_t));
    for (uint32_t g = 0; g < m->count; g++) {
        uint32_t run = 0;
        for (uint32_t k = 0; k < m->regions[g].pages; k++) {
            uint32_t a = m->regions[g].base + (k << OWN_PAGE_SHIFT), o = 1;
            if (cur.s->owner(cur.t, a, &o) != OWN_OK)
                return "owner failed on a listed page";
            run = o == 0 ? run + 1u : 0u;
            if (run < RANGE_PAGES)
                continue;
            if (n == cap) {
                cap *= 2u;
                if ((cur.spots = realloc(cur.spots, cap * sizeof(uint32_t))) == NULL)
                    return "out of memory";
            }
            cur.spots[n++] = a - ((RANGE_PAGES - 1u) << OWN_PAGE_SHIFT);
            run = 0;
        }
    }
    own_rng r = {SEED * 0x9e3779b97f4a7c15ull + 5u};
    for (uint32_t i = n; i > 1u; i--) { /* shuffle, keep RANGE_SPOTS */
        uint32_t j = own_rng_below(&r, i), x = cur.spots[i - 1u];
        cur.spots[i - 1u] = cur.spots[j];
        cur.spots[j] = x;
    }
    cur.nspots = n < RANGE_SPOTS ? n : RANGE_SPOTS;
    return cur.nspots ? NULL : "no run of 16 free pages in this state";
}

/* ---------------------------------------------------------------- answers
 *
 * What each op's digest holds (all designs see the same state and stream):
 *   owner_*        every answer (error or PID) over one pass of the stream;
 *                  floor only on the listed stream (it does not check, so it
 *                  answers unlisted addresses too);
 *   count          the answers for PIDs 0..31;
 *   claim_release  one untimed pass of the pairs' answers, then the counts;
 *   claim_range16  the spots (found through owner()) and the counts after;
 *   release_all    pages freed and runs restored, then the counts;
 *   alloc          which page alloc picks is each design's choice, so not
 *                  the addresses: how many of an untimed batch succeeded
 *                  (each checked to be a distinct pool page now owned by the
 *                  allocating PID), the free and allocated counts after it,
 *                  and the counts once the batch is released again.
 * "The counts" are count() of PIDs 0..31, the benchmarks' own PIDs and 256:
 * the ownership an op leaves, which must be the state it found.
 */
static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 1099511628211ull; }
#define DIGEST0 1469598103934665603ull

static uint64_t counts_digest(const own_strategy *s, const own_table *t)
{
    static const uint32_t more[] = {SHARE_PID, RANGE_PID, ALLOC_PID, 255u, 256u};
    uint64_t h = DIGEST0;
    for (uint32_t i = 0; i < COUNT_PIDS + NELEM(more); i++) {
        uint32_t pid = i < COUNT_PIDS ? i : more[i - COUNT_PIDS], n = 0;
        own_err e = s->count(t, pid, &n);
        h = mix(mix(h, (uint64_t)e), n);
    }
    return h;
}

typedef struct answer {
    const char *key; /* the benchmark's name without the strategy */
    const char *by;  /* the first strategy that gave it */
    uint64_t digest;
} answer;

static answer *answers;
static uint32_t nanswers, answers_cap, answer_compared, answer_mismatches;
static char answer_msg[512];

static const char *answer_check(const bcase *c, uint64_t digest)
{
    const char *key = strchr(c->name, '/') + 1;
    for (uint32_t i = 0; i < nanswers; i++) {
        if (strcmp(answers[i].key, key) != 0)
            continue;
        answer_compared++;
        if (answers[i].digest == digest)
            return NULL;
        answer_mismatches++;
        snprintf(answer_msg, sizeof answer_msg,
                 "answers differ across designs on %s: %s's digest %016llx, %s's %016llx", key,
                 c->s->name, (unsigned long long)digest, answers[i].by,
                 (unsigned long long)answers[i].digest);
        fprintf(stderr, "host_bench: %s\n", answer_msg);
        return answer_msg;
    }
    if (nanswers == answers_cap) {
        answers_cap = answers_cap ? 2u * answers_cap : 1024u;
        answers = realloc(answers, answers_cap * sizeof *answers);
        if (answers == NULL) {
            fprintf(stderr, "host_bench: out of memory\n");
            exit(2);
        }
    }
    answers[nanswers++] = (answer){key, c->s->name, digest};
    return NULL;
}

/* ---------------------------------------------------------------- ops */

static uint32_t answer_sum(const own_strategy *s, own_table *t, const uint32_t *a)
{
    uint32_t sum = 0;
    for (uint32_t i = 0; i < STREAM_N; i++) {
        uint32_t pid = 0;
        own_err e = s->owner(t, a[i], &pid);
        sum = sum * 31u + (e == OWN_OK ? pid : 1000u + (uint32_t)e);
    }
    return sum;
}

static const char *op_owner(gb_state *st, const bcase *c, uint64_t *digest)
{
    own_err (*owner)(const own_table *, uint32_t, uint32_t *) = c->s->owner;
    const own_table *t = cur.t;
    const uint32_t *a = map_stream(c->m, c->stream);
    uint32_t pos = 0, acc = 0;
    perf_ctl("enable");
    while (gb_keep_running_batch(st, OWNER_BATCH)) {
        const uint32_t *p = a + pos;
        for (uint32_t i = 0; i < OWNER_BATCH; i++) {
            uint32_t pid = 0;
            acc += (uint32_t)owner(t, p[i], &pid) + pid;
        }
        pos = (pos + OWNER_BATCH) & (STREAM_N - 1u);
    }
    perf_ctl("disable");
    sink += acc;
    /* not the listed stream's sum for floor/unlisted: floor answers OK there */
    uint32_t sum = answer_sum(c->s, cur.t, a);
    gb_counter(st, "answer_sum", (double)sum);
    *digest = sum;
    return NULL;
}

static const char *op_count(gb_state *st, const bcase *c, uint64_t *digest)
{
    own_err (*count)(const own_table *, uint32_t, uint32_t *) = c->s->count;
    const own_table *t = cur.t;
    uint32_t acc = 0;
    while (gb_keep_running_batch(st, COUNT_PIDS)) {
        for (uint32_t pid = 0; pid < COUNT_PIDS; pid++) {
            uint32_t n = 0;
            acc += (uint32_t)count(t, pid, &n) + n;
        }
    }
    sink += acc;
    *digest = counts_digest(c->s, t);
    return NULL;
}

static const char *op_churn(gb_state *st, const bcase *c, uint64_t *digest)
{
    const char *why = live_churn();
    if (why != NULL)
        return why;
    own_err (*claim)(own_table *, uint32_t, uint32_t) = c->s->claim;
    own_err (*release)(own_table *, uint32_t, uint32_t) = c->s->release;
    own_table *t = cur.t;
    uint32_t pos = 0, bad = 0;
    while (gb_keep_running_batch(st, CHURN_BATCH)) {
        for (uint32_t i = pos; i < pos + CHURN_BATCH; i++) {
            uint32_t a = cur.churn_addr[i], op = cur.churn_op[i], pid = op & 0xffu;
            if (op & 0x100u)
                bad |= (uint32_t)claim(t, a, pid) | (uint32_t)release(t, a, pid);
            else
                bad |= (uint32_t)release(t, a, pid) | (uint32_t)claim(t, a, pid);
        }
        pos = (pos + CHURN_BATCH) & (CHURN_N - 1u);
    }
    if (bad)
        return "claim or release failed";
    if (!c->checked) {
        uint64_t h = DIGEST0;
        for (uint32_t i = 0; i < CHURN_N; i++) {
            uint32_t a = cur.churn_addr[i], op = cur.churn_op[i], pid = op & 0xffu;
            own_err e1 = op & 0x100u ? claim(t, a, pid) : release(t, a, pid);
            own_err e2 = op & 0x100u ? release(t, a, pid) : claim(t, a, pid);
            h = mix(mix(h, (uint64_t)e1), (uint64_t)e2);
        }
        *digest = mix(h, counts_digest(c->s, t));
    }
    return NULL;
}

static const char *op_range(gb_state *st, const bcase *c, uint64_t *digest)
{
    const char *why = live_spots();
    if (why != NULL)
        return why;
    own_err (*claim_range)(own_table *, uint32_t, uint32_t, uint32_t) = c->s->claim_range;
    own_err (*release)(own_table *, uint32_t, uint32_t) = c->s->release;
    own_table *t = cur.t;
    uint32_t n = cur.nspots, k = n < RANGE_BATCH ? n : RANGE_BATCH, pos = 0;
    uint32_t batch[RANGE_BATCH];
    while (gb_keep_running_batch(st, k)) {
        uint32_t bad = 0;
        for (uint32_t j = 0; j < k; j++)
            batch[j] = cur.spots[(pos + j) % n];
        uint64_t t0 = now_ns();
        for (uint32_t j = 0; j < k; j++)
            bad |= (uint32_t)claim_range(t, batch[j], RANGE_PAGES, RANGE_PID);
        uint64_t t1 = now_ns();
        gb_set_iteration_time(st, (double)timed_ns(t0, t1) * 1e-9);
        for (uint32_t j = 0; j < k; j++)
            for (uint32_t p = 0; p < RANGE_PAGES; p++)
                bad |= (uint32_t)release(t, batch[j] + (p << OWN_PAGE_SHIFT), RANGE_PID);
        pos = (pos + k) % n;
        if (bad)
            return "claim_range or its undo failed";
    }
    uint64_t h = mix(DIGEST0, n);
    for (uint32_t j = 0; j < n; j++)
        h = mix(h, cur.spots[j]);
    *digest = mix(h, counts_digest(c->s, t));
    return NULL;
}

/* release_all destroys what it measures, and claiming the pages back can
 * cost thousands of times the call itself (a compact design claiming 16k
 * separate runs), so the library's adaptive iteration count, which only sees
 * the timed part, would spend minutes restoring.  Instead the benchmark runs
 * one iteration (Iterations(1)) in which release_all is sampled until a wall
 * budget (--ownlab_budget_ms, restores included) is spent, at least once and
 * at most 1000 times; the iteration's time is the mean of the samples.
 * Repetitions then give the spread as for every other benchmark. */
static double budget_ns = 20e6;

static const char *op_release_all(gb_state *st, const bcase *c, uint64_t *digest)
{
    const char *why = live_runs();
    if (why != NULL)
        return why;
    own_table *t = cur.t;
    uint64_t start = now_ns(), timed = 0;
    uint32_t samples = 0;
    while (gb_keep_running(st)) {
        do {
            uint32_t freed = 0, bad = 0;
            uint64_t t0 = now_ns();
            own_err e = c->s->release_all(t, cur.pid, &freed);
            uint64_t t1 = now_ns();
            timed += timed_ns(t0, t1);
            samples++;
            for (uint32_t r = 0; r < cur.nruns; r++)
                bad |= (uint32_t)c->s->claim_range(t, cur.run_addr[r], cur.run_len[r], cur.pid);
            if (e != OWN_OK || freed != cur.owned)
                return "release_all freed the wrong number of pages";
            if (bad)
                return "could not claim the pages back";
        } while (samples < 1000u && (double)(now_ns() - start) < budget_ns);
        gb_set_iteration_time(st, (double)timed / samples * 1e-9);
    }
    gb_counter(st, "pages_freed", cur.owned);
    gb_counter(st, "samples", samples);
    *digest = mix(mix(mix(DIGEST0, cur.owned), cur.nruns), counts_digest(c->s, t));
    return NULL;
}

/* One untimed batch of k allocs, checked and released again: the part of
 * alloc's answers that every design must share. */
static const char *alloc_digest(const bcase *c, uint32_t k, uint64_t *digest)
{
    own_table *t = cur.t;
    own_region pool = own_map_pool(&c->m->map);
    uint32_t got[ALLOC_BATCH], ok = 0, free_after = 0, mine_after = 0;
    for (uint32_t j = 0; j < k; j++) {
        uint32_t o = 0;
        if (c->s->alloc(t, ALLOC_PID, &got[ok]) != OWN_OK)
            continue;
        uint32_t a = got[ok];
        if (a < pool.base || (uint64_t)(a - pool.base) >= (uint64_t)pool.pages << OWN_PAGE_SHIFT ||
            (a & (OWN_PAGE_SIZE - 1u)) != 0 || c->s->owner(t, a, &o) != OWN_OK || o != ALLOC_PID)
            return "alloc returned a page outside the pool or not now the caller's";
        for (uint32_t i = 0; i < ok; i++)
            if (got[i] == a)
                return "alloc returned the same page twice";
        ok++;
    }
    own_err e0 = c->s->count(t, 0, &free_after), e1 = c->s->count(t, ALLOC_PID, &mine_after);
    uint32_t bad = 0;
    for (uint32_t j = 0; j < ok; j++)
        bad |= (uint32_t)c->s->release(t, got[j], ALLOC_PID);
    if (bad)
        return "could not release an allocated page";
    uint64_t h = mix(mix(mix(DIGEST0, k), ok), (uint64_t)e0 << 8 | e1);
    *digest = mix(mix(mix(h, free_after), mine_after), counts_digest(c->s, t));
    return NULL;
}

static const char *op_alloc(gb_state *st, const bcase *c, uint64_t *digest)
{
    own_err (*alloc)(own_table *, uint32_t, uint32_t *) = c->s->alloc;
    own_table *t = cur.t;
    const own_region *ram = &c->m->map.regions[c->m->map.ram];
    uint32_t filled = (uint32_t)((uint64_t)ram->pages * c->param / 1000u);
    uint32_t k = (ram->pages - filled) / 4u;
    k = k < 1u ? 1u : k > ALLOC_BATCH ? ALLOC_BATCH : k;
    uint32_t got[ALLOC_BATCH];
    while (gb_keep_running_batch(st, k)) {
        uint32_t bad = 0;
        uint64_t t0 = now_ns();
        for (uint32_t j = 0; j < k; j++)
            bad |= (uint32_t)alloc(t, ALLOC_PID, &got[j]);
        uint64_t t1 = now_ns();
        gb_set_iteration_time(st, (double)timed_ns(t0, t1) * 1e-9);
        if (bad)
            return "alloc failed";
        for (uint32_t j = 0; j < k; j++)
            bad |= (uint32_t)c->s->release(t, got[j], ALLOC_PID);
        if (bad)
            return "could not release an allocated page";
    }
    gb_counter(st, "alloc_batch", k);
    return c->checked ? NULL : alloc_digest(c, k, digest);
}

static void run_case(gb_state *st, void *arg)
{
    bcase *c = arg;
    uint64_t digest = 0;
    const char *why = live_open(c);
    if (why == NULL) {
        switch (c->op) {
        case OP_OWNER: why = op_owner(st, c, &digest); break;
        case OP_COUNT: why = op_count(st, c, &digest); break;
        case OP_CHURN: why = op_churn(st, c, &digest); break;
        case OP_RANGE: why = op_range(st, c, &digest); break;
        case OP_RELEASE_ALL: why = op_release_all(st, c, &digest); break;
        case OP_ALLOC: why = op_alloc(st, c, &digest); break;
        }
    }
    if (why == NULL && !c->checked) {
        c->checked = 1;
        if (c->s != &own_strategy_floor || c->stream == OWN_STREAM_LISTED)
            why = answer_check(c, digest);
    }
    if (why != NULL) {
        gb_skip_with_error(st, why);
        live_close(); /* an op that failed half-way may have left the state changed */
        return;
    }
    gb_counter(st, "reserved_bytes", (double)cur.reserved);
    gb_counter(st, "inuse_bytes", (double)cur.s->inuse(cur.t));
    gb_counter(st, "peak_bytes", (double)cur.s->peak(cur.t));
    gb_counter(st, "listed_pages", c->m->listed);
}

/* ---------------------------------------------------------------- registration */

static const own_strategy *strategies[32]; /* floor, then the registry */
static uint32_t nstrategies;

static void add(const own_strategy *s, bmap *m, stkind st, own_pattern pat, uint32_t param,
                opkind op, own_stream stream, const char *pattern_name, const char *op_name)
{
    bcase *c = xmalloc(sizeof *c);
    *c = (bcase){s, m, st, pat, param, op, stream, "", 0};
    snprintf(c->name, sizeof c->name, "%s/%s/%s/%s", s->name, m->name, pattern_name, op_name);
    unsigned manual = op == OP_RANGE || op == OP_RELEASE_ALL || op == OP_ALLOC;
    gb_register(c->name, run_case, c, manual ? GB_MANUAL_TIME : 0u, op == OP_RELEASE_ALL);
}

static void register_all(void)
{
    const own_strategy *floor_s = &own_strategy_floor;
    static const char *const fills[3] = {"alloc_50pct", "alloc_90pct", "alloc_99pct"};
    static const uint32_t fill_pm[3] = {500, 900, 990};
    char mapname[32];
    for (uint32_t mi = 0; mi < nmaps; mi++) {
        bmap *m = &maps[mi];
        if (strncmp(m->name, "size-", 5) == 0 || strncmp(m->name, "regions-", 8) == 0 ||
            strncmp(m->name, "runs-", 5) == 0)
            continue;
        for (own_pattern p = 0; p < OWN_PAT_COUNT; p++) {
            const char *pn = own_pattern_name(p);
            for (uint32_t si = 0; si < nstrategies; si++) {
                const own_strategy *s = strategies[si];
                add(s, m, ST_PATTERN, p, 0, OP_OWNER, OWN_STREAM_LISTED, pn, "owner_listed");
                add(s, m, ST_PATTERN, p, 0, OP_OWNER, OWN_STREAM_UNLISTED10, pn,
                    "owner_unlisted10");
                if (s == floor_s)
                    continue;
                add(s, m, ST_PATTERN, p, 0, OP_COUNT, 0, pn, "count");
                add(s, m, ST_PATTERN, p, 0, OP_CHURN, 0, pn, "claim_release");
                if (p == OWN_PAT_BOOT || p == OWN_PAT_STEADY)
                    add(s, m, ST_PATTERN, p, 0, OP_RANGE, 0, pn, "claim_range16");
                add(s, m, ST_SHARE, p, 10, OP_RELEASE_ALL, 0, pn, "release_all_1pct");
                add(s, m, ST_SHARE, p, 100, OP_RELEASE_ALL, 0, pn, "release_all_10pct");
            }
        }
        for (uint32_t si = 1; si < nstrategies; si++)
            for (unsigned f = 0; f < 3; f++)
                add(strategies[si], m, ST_FILL, 0, fill_pm[f], OP_ALLOC, 0, "fill", fills[f]);
    }
    /* scaling series: owner and release_all against the map or the state */
    for (unsigned i = 0; i < NELEM(size_mib) + NELEM(region_counts); i++) {
        if (i < NELEM(size_mib))
            size_name(mapname, sizeof mapname, size_mib[i]);
        else
            snprintf(mapname, sizeof mapname, "regions-%u",
                     (unsigned)region_counts[i - NELEM(size_mib)]);
        bmap *m = find_map(mapname);
        /* size-X: steady (the state grows with RAM, as it would); regions-N:
         * fragmented, which owns page by page in map order from one seed, so
         * the state is the same whatever N and only the regions vary */
        own_pattern p = i < NELEM(size_mib) ? OWN_PAT_STEADY : OWN_PAT_FRAGMENTED;
        for (uint32_t si = 0; si < nstrategies; si++) {
            add(strategies[si], m, ST_PATTERN, p, 0, OP_OWNER, OWN_STREAM_LISTED,
                own_pattern_name(p), "owner_listed");
            if (si > 0)
                add(strategies[si], m, ST_SHARE, p, 10, OP_RELEASE_ALL, 0, own_pattern_name(p),
                    "release_all_1pct");
        }
    }
    for (unsigned i = 0; i < NELEM(run_counts); i++) {
        snprintf(mapname, sizeof mapname, "runs-%u", (unsigned)run_counts[i]);
        bmap *m = find_map(mapname);
        for (uint32_t si = 0; si < nstrategies; si++) {
            add(strategies[si], m, ST_RUNS, 0, run_counts[i], OP_OWNER, OWN_STREAM_LISTED, "runs",
                "owner_listed");
            if (si > 0)
                add(strategies[si], m, ST_RUNS, 0, run_counts[i], OP_RELEASE_ALL, 0, "runs",
                    "release_all_50pct");
        }
    }
}

/* ---------------------------------------------------------------- main */

/* One pass of owner() over a stream: what callgrind counts (--toggle-collect). */
__attribute__((noinline)) uint32_t lookup_pass(const own_strategy *s, const own_table *t,
                                               const uint32_t *a, uint32_t n)
{
    uint32_t acc = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t pid = 0;
        acc += (uint32_t)s->owner(t, a[i], &pid) + pid;
    }
    return acc;
}

static int callgrind_mode(const char *design, const char *mapname)
{
    const own_strategy *s = strcmp(design, "floor") == 0 ? &own_strategy_floor : own_find(design);
    bmap *m = find_map(mapname);
    if (s == NULL || m == NULL) {
        fprintf(stderr, "host_bench: no design %s or no map %s\n", design, mapname);
        return 2;
    }
    bcase c = {s, m, ST_PATTERN, OWN_PAT_STEADY, 0, OP_OWNER, OWN_STREAM_LISTED, "", 0};
    const char *why = live_open(&c);
    if (why != NULL) {
        fprintf(stderr, "host_bench: %s on %s: %s\n", design, mapname, why);
        return 1;
    }
    const uint32_t *a = map_stream(m, OWN_STREAM_LISTED);
    sink += lookup_pass(s, cur.t, a, STREAM_N);
    printf("lookups %u\n", STREAM_N);
    live_close();
    return 0;
}

int main(int argc, char **argv)
{
    strategies[nstrategies++] = &own_strategy_floor;
    for (unsigned i = 0; own_strategies[i] != NULL && nstrategies < NELEM(strategies); i++)
        strategies[nstrategies++] = own_strategies[i];
    add_test_maps();
    add_scaling_maps();

    if (argc > 1 && strcmp(argv[1], "--list-designs") == 0) {
        for (uint32_t i = 0; i < nstrategies; i++)
            printf("%s\n", strategies[i]->name);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--list-maps") == 0) {
        for (uint32_t i = 0; i < nmaps; i++)
            printf("%s\n", maps[i].name);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "--callgrind") == 0)
        return callgrind_mode(argv[2], argv[3]);
    verbose = getenv("OWNLAB_VERBOSE") != NULL;
    /* our own flag, taken out before the library sees the arguments */
    int kept = 1;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--ownlab_budget_ms=", 19) == 0)
            budget_ns = atof(argv[i] + 19) * 1e6;
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    if (getenv("OWNLAB_PERF_CTL_FD") != NULL)
        perf_ctl_fd = atoi(getenv("OWNLAB_PERF_CTL_FD"));
    if (getenv("OWNLAB_PERF_ACK_FD") != NULL)
        perf_ack_fd = atoi(getenv("OWNLAB_PERF_ACK_FD"));

    char designs[256] = "";
    for (uint32_t i = 1; i < nstrategies; i++)
        snprintf(designs + strlen(designs), sizeof designs - strlen(designs), "%s%s",
                 i > 1 ? " " : "", strategies[i]->name);
    gb_add_context("ownlab_strategies", designs);
    gb_add_context("ownlab_floor", "byte array over min..max page of the map and the stream, "
                                   "one load, no checks, called through the same pointer");
    gb_add_context("ownlab_names", "strategy/map/pattern/op; see bench/HOST_BENCH.md");
    gb_add_context("ownlab_stream", "65536 precomputed addresses, cycled; seed 20261125");
    calibrate_clock();
    char clk[64];
    snprintf(clk, sizeof clk, "%llu", (unsigned long long)clock_pair_ns);
    gb_add_context("ownlab_clock_pair_ns", clk);
    register_all();
    int rc = gb_main(argc, argv);
    live_close();
    fprintf(stderr, "host_bench: answers: %u benchmarks compared with an earlier design's, "
                    "%u mismatches\n", (unsigned)answer_compared, (unsigned)answer_mismatches);
    if (answer_mismatches > 0 && rc == 0)
        rc = 1;
    free(answers);
    return rc;
}
