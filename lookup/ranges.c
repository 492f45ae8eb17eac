/*
 * ranges.c - ownership as a sorted table of owned runs.
 *
 * A kernel's pages are not owned one by one: a process gets its stack, its
 * heap and its device windows as runs of neighbouring pages, and most of the
 * map (flash, RAM not yet handed out) is free.  So this design writes down
 * only the runs: (first page, length, owner), sorted by first page, and a
 * free page is simply one that no run covers.  A fresh table is empty, and a
 * quiet system needs a few dozen bytes of runs where flat.c needs a byte for
 * every listed page.
 *
 * A run is 8 bytes, two uint32_t:
 *
 *   first  page number of its first page (20 bits used)
 *   meta   length << 8 | owner         (length 1..2^20 in 24 bits; owner 1..255)
 *
 * `first` is a word of its own so that the binary search compares words
 * without unpacking; length rather than end keeps a run that ends exactly at
 * 2^32 (page 2^20) representable without a 21st bit of page number in the
 * owner's word.  4 bytes per run would need either an implicit length (runs
 * for free pages too, so every boundary costs a run) or fewer page bits.
 *
 * Invariants, which every operation keeps and the reserve relies on:
 *  - runs are disjoint and sorted; owner is never 0;
 *  - two runs that touch (one ends where the next begins) have different
 *    owners: neighbours of one owner are merged as they appear;
 *  - a run covers listed pages only.  Claims only ever reach listed pages,
 *    and as regions never touch (map.c refuses that), page-adjacent listed
 *    pages are in one region: a run never crosses a region's end, so it
 *    never covers an unlisted gap, and owner() may answer from a run
 *    without asking the whitelist at all.
 * Hence runs <= listed pages, reached when owners alternate page by page:
 * the reserve is 8 bytes per listed page, 8 times flat.c's table.  That is
 * the price of this design and the finding: what it holds in the reserve is
 * a worst case that a plausible workload never comes near, and inuse() says
 * how near the current state is (header + region table + runs in use x 8).
 *
 * Every change goes through one routine, assign(): give pages [p0, p0+n) of
 * one region to an owner (0: free them).  It finds the runs the range
 * overlaps or touches (two binary searches), builds at most three pieces to
 * replace them (what is left of the first run before p0, the new run, what
 * is left of the last run after the range), merging pieces of one owner,
 * and shifts the tail of the array once to make room or close the gap.  The
 * result obeys the invariants, so its run count is bounded by the reserve
 * even before it is written.  A shift costs up to the runs after the change;
 * that is this design's other price, paid by writes and never by owner().
 *
 * The whitelist is a sorted copy of the regions (first page, end page),
 * searched by bisection, not the shared O(1) index of common.h.  The copy
 * costs 8 bytes a region; the index costs 1 KiB plus 256 bytes per partly
 * covered chunk or block (common.h), which on every test map is many times
 * more (`ownlab map FILE` prints each design's bytes for a map).  A
 * bisection is slower than the index's two loads, more so the more regions
 * a map has (it is log2 of them: the scattered map's 301 regions cost most).
 * For a design whose point is a small in-use figure the index would be most
 * of it when the table is quiet.  And the speed matters less than it seems:
 *  - owner() asks the whitelist only for pages no run covers (a covered page
 *    is listed by the third invariant), so owned pages never pay for it;
 *  - claim_range needs the region's end, to answer for a whole range in one
 *    step rather than page by page, and the index does not give it.
 * owner() itself is a bisection over the runs and, for a page no run covers,
 * one over the regions, so it grows with log2 of the runs where flat.c reads
 * one byte; in-use grows with the runs too, and is small only while runs
 * stay long.  Both are measured against the number of runs by the runs-R
 * rows of results/host/summary.csv (make bench-quick; owner_listed and
 * inuse_bytes for R = 1 .. 32768 runs), and the RV32 counts by make
 * bench-rv32.
 *
 * The rest follows flat.c: pages per owner (1 KiB) make count O(1), and a
 * free-RAM counter answers OutOfMemory at once.  alloc is next-fit: from a
 * cursor it bisects for the run covering it, then steps over runs that touch
 * (owners alternate there) to the first page no run covers, wrapping once at
 * the end of main RAM.  After an alloc the cursor sits just past the page it
 * gave, which is usually free, so filling RAM costs one bisection per page.
 * release_all is one pass over the runs that drops the PID's and closes the
 * gaps as it goes; dropping a run never makes two others touch (its pages
 * become a free gap between them), so nothing needs merging.
 *
 * Nothing recurses, every search and walk is bounded by the run count, and
 * shifting is a word loop of its own (no libc in the kernel).
 */
#include "common.h"

typedef struct run {
    uint32_t first; /* first page */
    uint32_t meta;  /* length << 8 | owner */
} run;

typedef struct span {
    uint32_t first; /* first page of a region */
    uint32_t end;   /* one past its last page (<= 2^20) */
} span;

struct own_table {
    span *region;        /* the whitelist, sorted by first page */
    run *run;            /* nruns used of cap */
    uint32_t nregions;
    uint32_t nruns;
    uint32_t cap;        /* listed pages: the most runs there can be */
    uint32_t ram_first;  /* the alloc pool (main RAM as declared), in pages */
    uint32_t ram_end;
    uint32_t pool_split; /* the pool is only part of its region (a device was
                            merged into RAM), so runs may straddle its edge */
    uint32_t cursor;     /* next-fit: RAM page to look at first */
    size_t fixed;        /* bytes of header and region table */
    size_t peak;         /* most bytes in use since init */
    own_ledger ledger;   /* pages per owner, free pages in main RAM */
};

static inline uint32_t run_len(const run *r) { return r->meta >> 8; }
static inline uint32_t run_owner(const run *r) { return r->meta & 0xffu; }
static inline uint32_t run_end(const run *r) { return r->first + run_len(r); }
static inline run make_run(uint32_t first, uint32_t len, uint32_t pid)
{
    run r = {first, (len << 8) | pid};
    return r;
}

static size_t layout(const own_map *map, size_t *region_at, size_t *run_at)
{
    *region_at = own_round(sizeof(struct own_table));
    *run_at = own_round(*region_at + (size_t)map->count * sizeof(span));
    return *run_at + (size_t)own_map_pages(map) * sizeof(run);
}

size_t own_ranges_reserve(const own_map *map)
{
    size_t a, b;
    return own_map_validate(map) == OWN_OK ? layout(map, &a, &b) : 0u;
}

own_err own_ranges_init(own_table **out, void *storage, size_t bytes, const own_map *map)
{
    own_err e = own_map_validate(map);
    if (e != OWN_OK)
        return e;
    size_t region_at, run_at, need = layout(map, &region_at, &run_at);
    if ((e = own_storage_ok(storage, bytes, need)) != OWN_OK)
        return e;
    own_table *t = storage;
    unsigned char *base = storage;
    own_zero(t, sizeof *t);
    t->region = (span *)(void *)(base + region_at);
    t->run = (run *)(void *)(base + run_at);
    /* Insertion sort: at most OWN_MAX_REGIONS, once, at boot; validation is
     * quadratic already.  Regions never overlap, so first pages are distinct. */
    for (uint32_t i = 0; i < map->count; i++) {
        span s = {own_page_of(map->regions[i].base),
                  own_page_of(map->regions[i].base) + map->regions[i].pages};
        uint32_t j = i;
        for (; j > 0u && t->region[j - 1u].first > s.first; j--)
            t->region[j] = t->region[j - 1u];
        t->region[j] = s;
    }
    t->nregions = map->count;
    t->cap = own_map_pages(map);
    own_region pool = own_map_pool(map);
    t->ram_first = own_page_of(pool.base);
    t->ram_end = t->ram_first + pool.pages;
    t->pool_split = pool.pages != map->regions[map->ram].pages;
    own_ledger_init(&t->ledger, t->cap, pool.pages);
    t->cursor = t->ram_first;
    t->fixed = run_at;
    t->peak = run_at;
    *out = t;
    return OWN_OK;
}

void own_ranges_fini(own_table *t) { (void)t; }

/*
 * The searches are bisections without a data-dependent branch: the compare
 * picks the next base by a conditional move, so a random page costs no
 * mispredictions (a branchy bisection mispredicts about every other round
 * on random pages, which on the scattered map's 301 regions cost several
 * times this form).  Each halves n, so the loops end after log2(n) + 1
 * rounds.
 */

/* Index of the first run in [lo, hi) that starts after page p (hi if none):
 * the run that may cover p is the one before it. */
static uint32_t after(const own_table *t, uint32_t lo, uint32_t hi, uint32_t p)
{
    if (lo >= hi)
        return lo;
    uint32_t base = lo, n = hi - lo;
    while (n > 1u) {
        uint32_t half = n >> 1;
        base = t->run[base + half].first <= p ? base + half : base;
        n -= half;
    }
    return base + (t->run[base].first <= p);
}

/* Index of the first run that ends at or after page p: runs being disjoint
 * and sorted, their ends are sorted too. */
static uint32_t reaching(const own_table *t, uint32_t p)
{
    if (t->nruns == 0u)
        return 0;
    uint32_t base = 0, n = t->nruns;
    while (n > 1u) {
        uint32_t half = n >> 1;
        base = run_end(&t->run[base + half - 1u]) < p ? base + half : base;
        n -= half;
    }
    return base + (run_end(&t->run[base]) < p);
}

/* The region holding page p, or -1 when p is not listed. */
static int32_t region_of(const own_table *t, uint32_t p)
{
    uint32_t base = 0, n = t->nregions; /* >= 1: validated */
    while (n > 1u) {
        uint32_t half = n >> 1;
        base = t->region[base + half].first <= p ? base + half : base;
        n -= half;
    }
    return t->region[base].first <= p && p < t->region[base].end ? (int32_t)base : -1;
}

/* Who owns page p: a run's owner (listed by construction), 0 for a listed
 * page no run covers, or BadAddress. */
static own_err lookup(const own_table *t, uint32_t p, uint32_t *pid)
{
    uint32_t k = after(t, 0, t->nruns, p);
    if (k > 0u && p < run_end(&t->run[k - 1u])) {
        *pid = run_owner(&t->run[k - 1u]);
        return OWN_OK;
    }
    if (region_of(t, p) < 0)
        return OWN_BAD_ADDRESS;
    *pid = 0;
    return OWN_OK;
}

/* memmove for runs, which the kernel build has no libc for. */
static void move_runs(run *dst, const run *src, uint32_t n)
{
    if (dst < src) {
        for (uint32_t i = 0; i < n; i++)
            dst[i] = src[i];
    } else if (dst > src) {
        for (uint32_t i = n; i > 0u; i--)
            dst[i - 1u] = src[i - 1u];
    }
}

/*
 * Give pages [p0, p0+n) to pid, 0 meaning free them.  The caller has checked
 * that the change is allowed and that the pages are listed, hence in one
 * region; n >= 1.  The counters follow here, so they cannot drift.
 */
static void assign(own_table *t, uint32_t p0, uint32_t n, uint32_t pid)
{
    uint32_t p1 = p0 + n;
    /* Runs lo..hi-1 overlap the range or touch it: the ones that may change.
     * (Not "the last run starting at or before p0": one ending at p0 may sit
     * before a run that starts at p0.) */
    uint32_t lo = reaching(t, p0);
    uint32_t hi = after(t, lo, t->nruns, p1);

    /* Pages in a region lie wholly in the pool or wholly outside it when the
     * pool is its whole region (every board so far), and the first page
     * says which; only a pool cut out of a merged region (pool_split) needs
     * counting what falls inside, as a range or run may straddle its edge. */
    uint32_t covered = 0, covered_ram = 0;
    for (uint32_t k = lo; k < hi; k++) {
        const run *r = &t->run[k];
        uint32_t a = r->first > p0 ? r->first : p0, b = run_end(r) < p1 ? run_end(r) : p1;
        if (a < b) {
            t->ledger.owned[run_owner(r)] -= b - a;
            covered += b - a;
            if (t->pool_split)
                covered_ram += own_overlap(a, b, t->ram_first, t->ram_end);
        }
    }
    t->ledger.owned[0] -= n - covered;
    t->ledger.owned[pid] += n;
    if (t->pool_split) {
        uint32_t ram_n = own_overlap(p0, p1, t->ram_first, t->ram_end);
        t->ledger.ram_free = t->ledger.ram_free - (ram_n - covered_ram) + (pid == 0u ? ram_n : 0u);
    } else if (p0 >= t->ram_first && p0 < t->ram_end) {
        t->ledger.ram_free = t->ledger.ram_free - (n - covered) + (pid == 0u ? n : 0u);
    }

    /* At most three pieces replace them, merged where one owner touches. */
    run piece[3];
    uint32_t np = 0;
    if (lo < hi && t->run[lo].first < p0)
        piece[np++] = make_run(t->run[lo].first, p0 - t->run[lo].first, run_owner(&t->run[lo]));
    if (pid != 0u) {
        if (np > 0u && run_owner(&piece[0]) == pid)
            piece[0] = make_run(piece[0].first, p1 - piece[0].first, pid);
        else
            piece[np++] = make_run(p0, n, pid);
    }
    if (lo < hi && run_end(&t->run[hi - 1u]) > p1) {
        uint32_t o = run_owner(&t->run[hi - 1u]), e = run_end(&t->run[hi - 1u]);
        if (np > 0u && run_owner(&piece[np - 1u]) == o && run_end(&piece[np - 1u]) == p1)
            piece[np - 1u] = make_run(piece[np - 1u].first, e - piece[np - 1u].first, o);
        else
            piece[np++] = make_run(p1, e - p1, o);
    }

    /* The result keeps the invariants, so nruns stays within cap. */
    move_runs(&t->run[lo + np], &t->run[hi], t->nruns - hi);
    /* Written out, not a loop: gcc turns such a loop into a call to memcpy. */
    if (np > 0u)
        t->run[lo] = piece[0];
    if (np > 1u)
        t->run[lo + 1u] = piece[1];
    if (np > 2u)
        t->run[lo + 2u] = piece[2];
    t->nruns = t->nruns - (hi - lo) + np;
    size_t used = t->fixed + (size_t)t->nruns * sizeof(run);
    if (used > t->peak)
        t->peak = used;
}

own_err own_ranges_owner(const own_table *t, uint32_t addr, uint32_t *pid)
{
    return lookup(t, own_page_of(addr), pid);
}

/* Argument checks shared by the single-page operations, in the contract's
 * order after the PID: alignment, whitelist; then the current owner. */
static own_err probe(const own_table *t, uint32_t addr, uint32_t *cur)
{
    if (!own_aligned(addr))
        return OWN_BAD_ALIGNMENT;
    return lookup(t, own_page_of(addr), cur);
}

own_err own_ranges_claim(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t cur;
    own_err e = own_pid_ok(pid) ? probe(t, addr, &cur) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    if (!own_may_take(cur, pid))
        return OWN_MEMORY_IN_USE;
    if (cur == 0u)
        assign(t, own_page_of(addr), 1u, pid);
    return OWN_OK;
}

own_err own_ranges_release(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t cur;
    own_err e = own_pid_ok(pid) ? probe(t, addr, &cur) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    if (!own_may_take(cur, pid))
        return OWN_MEMORY_IN_USE;
    if (cur == pid)
        assign(t, own_page_of(addr), 1u, 0u);
    return OWN_OK;
}

own_err own_ranges_move(own_table *t, uint32_t addr, uint32_t from, uint32_t to)
{
    uint32_t cur;
    own_err e = own_pid_ok(from) && own_pid_ok(to) ? probe(t, addr, &cur) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    if (!own_may_move(cur, from, to))
        return OWN_MEMORY_IN_USE;
    if (cur != to)
        assign(t, own_page_of(addr), 1u, to);
    return OWN_OK;
}

own_err own_ranges_claim_range(own_table *t, uint32_t addr, uint32_t n, uint32_t pid)
{
    own_err e;
    if (own_range_answered(addr, n, pid, &e))
        return e;
    uint32_t p0 = own_page_of(addr);
    int32_t g = region_of(t, p0);
    if (g < 0)
        return OWN_BAD_ADDRESS;
    /* Pages p0..end-1 are listed and the page at end is not (regions never
     * touch; past 2^20 nothing is), so in address order the answer is the
     * first foreign run before end, else BadAddress if the range goes on. */
    uint32_t avail = t->region[g].end - p0, m = n < avail ? n : avail;
    uint32_t k = after(t, 0, t->nruns, p0);
    if (k > 0u && run_end(&t->run[k - 1u]) > p0)
        k--;
    for (; k < t->nruns && t->run[k].first < p0 + m; k++)
        if (run_owner(&t->run[k]) != pid)
            return OWN_MEMORY_IN_USE;
    if (n > avail)
        return OWN_BAD_ADDRESS;
    assign(t, p0, n, pid);
    return OWN_OK;
}

own_err own_ranges_release_all(own_table *t, uint32_t pid, uint32_t *freed)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    uint32_t want = t->ledger.owned[pid];
    if (want != 0u) {
        /* One pass: keep the other owners' runs, closing up as we go. */
        uint32_t kept = 0;
        for (uint32_t k = 0; k < t->nruns; k++) {
            const run *r = &t->run[k];
            if (run_owner(r) != pid) {
                if (kept != k)
                    t->run[kept] = *r;
                kept++;
            } else if (t->pool_split) {
                t->ledger.ram_free += own_overlap(r->first, run_end(r), t->ram_first, t->ram_end);
            } else if (r->first >= t->ram_first && r->first < t->ram_end) {
                t->ledger.ram_free += run_len(r);
            }
        }
        t->nruns = kept;
        t->ledger.owned[0] += want;
        t->ledger.owned[pid] = 0;
    }
    *freed = want;
    return OWN_OK;
}

own_err own_ranges_count(const own_table *t, uint32_t pid, uint32_t *pages)
{
    return own_ledger_count(&t->ledger, pid, pages);
}

own_err own_ranges_alloc(own_table *t, uint32_t pid, uint32_t *addr)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    if (t->ledger.ram_free == 0u)
        return OWN_OUT_OF_MEMORY;
    /* From the cursor to the end of RAM, then once from its start: a free page
     * exists, so the second lap finds one at the latest. */
    uint32_t p = t->cursor;
    for (uint32_t lap = 0; lap < 2u; lap++, p = t->ram_first) {
        uint32_t k = after(t, 0, t->nruns, p);
        if (k > 0u && run_end(&t->run[k - 1u]) > p)
            p = run_end(&t->run[k - 1u]);
        /* Runs that touch the last one's end: step over them. */
        for (; k < t->nruns && t->run[k].first == p && p < t->ram_end; k++)
            p = run_end(&t->run[k]);
        if (p < t->ram_end) {
            assign(t, p, 1u, pid);
            t->cursor = p + 1u == t->ram_end ? t->ram_first : p + 1u;
            *addr = p << OWN_PAGE_SHIFT;
            return OWN_OK;
        }
    }
    return OWN_OUT_OF_MEMORY; /* not reached while ram_free is right */
}

size_t own_ranges_inuse(const own_table *t) { return t->fixed + (size_t)t->nruns * sizeof(run); }
size_t own_ranges_peak(const own_table *t) { return t->peak; }

OWN_STRATEGY(ranges);
