/*
 * roaring.c - the second peer: CRoaring bitmaps, one per PID.
 *
 * Roaring is the compressed bitmap everyone reaches for when a set of integers
 * must be small and fast: the 32-bit value space is cut into 65536-value
 * containers by the high 16 bits, and each container is whichever of a sorted
 * array (few values), a plain 8 KiB bitset (many) or a list of runs (long
 * stretches) is smallest.  Page numbers are 20 bits, so a bitmap here has at
 * most 16 containers.  The natural way to use it for ownership is the one the
 * library is built for -- a set per owner: bm[pid] holds the pages pid owns.
 * Then count is the bitmap's cardinality and release_all is dropping the
 * bitmap (its cardinality is the number freed), both without looking at
 * anybody else's pages.  This is the version of CRoaring Debian ships,
 * 0.2.66, and only its API is used.
 *
 * The price is owner(), the question a kernel asks most: a set per owner
 * cannot say whose a page is, only whether it is yours.  owner() asks the
 * PIDs that own anything at all -- a list of the non-empty bitmaps, kept as
 * bitmaps empty out -- one binary search over containers plus one inside a
 * container each, and answers 0 when none has it: linear in the live PIDs,
 * each probe a binary search of up to 4096 values.  The host suite shows it
 * (make bench-quick; roaring's owner_listed rows in results/host/summary.csv:
 * boot has one owner, steady and fragmented about thirty).  Slow for a
 * kernel's hottest question, but not unbearable for a peer, so this is
 * what it does: the cost is the finding, not hidden behind
 * a side index (which would be a flat table by another name).  One shortcut
 * costs nothing extra: main RAM's free pages are a bitmap anyway (below), so
 * a free RAM page is answered by one probe.
 *
 * alloc keeps bm[0] = the free pages of main RAM (built at init as one range,
 * which the library stores as run containers: a few bytes for all of RAM) and
 * takes roaring_bitmap_minimum() of it: first-fit, the lowest free RAM page,
 * and "empty" means OutOfMemory.  Every change to a RAM page updates it.
 *
 * claim_range checks before it changes anything.  How far the listed pages
 * run from the start comes from the shared whitelist index, walked a chunk
 * or block at a time where it says "fully listed" (regions never touch, so
 * consecutive listed pages are one region); any page in that run owned by
 * another PID is found with roaring_bitmap_range_cardinality() on each other
 * non-empty bitmap.  A conflict inside the listed run comes before the
 * unlisted page that ends it, so MemoryInUse answers first, then BadAddress.
 * Only then is the range added in one call (add_range), and the bitmap
 * run-optimised, as a bulk claim is where runs pay.
 *
 * Memory: the whitelist index and this header (2.5 KiB of pointers and
 * per-bitmap sizes) live in the caller's storage; the bitmaps live in memory
 * CRoaring mallocs, the peers' one liberty.  The library's own
 * roaring_bitmap_size_in_bytes() is the serialised size, not what it holds,
 * so each bitmap's heap bytes are summed from its public structures: the
 * bitmap, its container directory (allocation_size slots of pointer, key and
 * type) and each container with its allocated capacity.  A bitmap's figure is
 * recomputed (at most 16 containers) whenever it changes, so inuse() is O(1)
 * and the peak is noted after every change.  Malloc's own overhead is not
 * counted (nor is it for Judy).
 *
 * Out of memory inside CRoaring 0.2.66 is not reported by its add/remove
 * calls at all; only a NULL from roaring_bitmap_create() is visible, and a
 * peer treats it as fatal: abort().
 */
#include <stdlib.h>
#include <roaring/roaring.h>
#include "common.h"

#define KEYS 16u /* containers a bitmap of 20-bit page numbers can have */

struct own_table {
    own_pageindex ix;
    roaring_bitmap_t *bm[256]; /* bm[pid]: pid's pages, NULL when none;
                                  bm[0]: the free pages of the alloc pool */
    size_t heap[256];          /* heap bytes of each bitmap */
    size_t heap_total;
    uint8_t live[256];         /* PIDs owning something: live[0..nlive) */
    uint8_t live_at[256];      /* where a live PID sits in live[] */
    uint32_t nlive;
    uint32_t pages;            /* listed pages */
    uint32_t owned_total;      /* pages owned by anyone */
    uint32_t ram_first;        /* the alloc pool's (main RAM as declared) first page */
    uint32_t ram_pages;
    size_t bytes;              /* storage used */
    size_t peak;               /* most inuse() seen */
};

static size_t layout(const own_map *map, size_t *index_at)
{
    *index_at = own_round(sizeof(struct own_table));
    return *index_at + own_pageindex_bytes(map);
}

size_t own_roaring_reserve(const own_map *map)
{
    size_t a;
    return own_map_validate(map) == OWN_OK ? layout(map, &a) : 0u;
}

/* Heap bytes of one container, by its type and allocated capacity. */
static size_t container_bytes(const void *c, uint8_t type)
{
    size_t n = 0;
    if (type == SHARED_CONTAINER_TYPE_CODE) { /* copy-on-write is off; for completeness */
        const shared_container_t *s = c;
        n = sizeof *s;
        c = s->container;
        type = s->typecode;
    }
    switch (type) {
    case BITSET_CONTAINER_TYPE_CODE:
        return n + sizeof(bitset_container_t) + BITSET_CONTAINER_SIZE_IN_WORDS * sizeof(uint64_t);
    case ARRAY_CONTAINER_TYPE_CODE:
        return n + sizeof(array_container_t) +
               (size_t)((const array_container_t *)c)->capacity * sizeof(uint16_t);
    case RUN_CONTAINER_TYPE_CODE:
        return n + sizeof(run_container_t) +
               (size_t)((const run_container_t *)c)->capacity * sizeof(rle16_t);
    default:
        return n;
    }
}

static size_t bitmap_bytes(const roaring_bitmap_t *r)
{
    const roaring_array_t *ra = &r->high_low_container;
    size_t n = sizeof *r + (size_t)ra->allocation_size *
                               (sizeof(void *) + sizeof(uint16_t) + sizeof(uint8_t));
    for (int32_t i = 0; i < ra->size && i < (int32_t)KEYS; i++)
        n += container_bytes(ra->containers[i], ra->typecodes[i]);
    return n;
}

size_t own_roaring_inuse(const own_table *t) { return t->bytes + t->heap_total; }

size_t own_roaring_peak(const own_table *t)
{
    size_t now = own_roaring_inuse(t);
    return now > t->peak ? now : t->peak;
}

/* Re-measures bitmap i after a change, and notes the peak. */
static void measure(own_table *t, uint32_t i)
{
    size_t now = t->bm[i] == NULL ? 0u : bitmap_bytes(t->bm[i]);
    t->heap_total = t->heap_total - t->heap[i] + now;
    t->heap[i] = now;
    if (own_roaring_inuse(t) > t->peak)
        t->peak = own_roaring_inuse(t);
}

static roaring_bitmap_t *create(void)
{
    roaring_bitmap_t *r = roaring_bitmap_create();
    if (r == NULL)
        abort(); /* the library's heap ran out: outside the contract */
    return r;
}

own_err own_roaring_init(own_table **out, void *storage, size_t bytes, const own_map *map)
{
    own_err e = own_map_validate(map);
    if (e != OWN_OK)
        return e;
    size_t index_at, need = layout(map, &index_at);
    if ((e = own_storage_ok(storage, bytes, need)) != OWN_OK)
        return e;
    own_table *t = storage;
    own_zero(t, sizeof *t);
    own_pageindex_build(&t->ix, (unsigned char *)storage + index_at, map);
    for (uint32_t i = 0; i < 256u; i++)
        t->bm[i] = NULL; /* own_zero gave all-zero bits; say NULL portably */
    t->pages = t->ix.pages;
    own_region pool = own_map_pool(map);
    t->ram_first = own_page_of(pool.base);
    t->ram_pages = pool.pages;
    t->bytes = need;
    t->peak = need;
    t->bm[0] = create();
    roaring_bitmap_add_range(t->bm[0], t->ram_first, (uint64_t)t->ram_first + t->ram_pages);
    roaring_bitmap_run_optimize(t->bm[0]);
    measure(t, 0u);
    *out = t;
    return OWN_OK;
}

void own_roaring_fini(own_table *t)
{
    for (uint32_t i = 0; i < 256u; i++) {
        if (t->bm[i] != NULL)
            roaring_bitmap_free(t->bm[i]);
        t->bm[i] = NULL;
    }
    t->nlive = 0;
    t->heap_total = 0;
}

static int in_ram(const own_table *t, uint32_t page) { return page - t->ram_first < t->ram_pages; }

/* pid's bitmap, created (and pid listed as live) if it owned nothing. */
static roaring_bitmap_t *bitmap_of(own_table *t, uint32_t pid)
{
    if (t->bm[pid] == NULL) {
        t->bm[pid] = create();
        t->live_at[pid] = (uint8_t)t->nlive;
        t->live[t->nlive++] = (uint8_t)pid;
    }
    return t->bm[pid];
}

/* After pid's bitmap shrank: drop it if empty, else re-measure it. */
static void settle(own_table *t, uint32_t pid)
{
    if (t->bm[pid] != NULL && roaring_bitmap_is_empty(t->bm[pid])) {
        roaring_bitmap_free(t->bm[pid]);
        t->bm[pid] = NULL;
        uint32_t at = t->live_at[pid], last = t->live[--t->nlive];
        t->live[at] = (uint8_t)last;
        t->live_at[last] = (uint8_t)at;
    }
    measure(t, pid);
}

/* Owner of a listed page: the free-RAM bitmap first, then every live PID. */
static uint32_t current(const own_table *t, uint32_t page)
{
    if (in_ram(t, page) && roaring_bitmap_contains(t->bm[0], page))
        return 0u;
    for (uint32_t i = 0; i < t->nlive; i++)
        if (roaring_bitmap_contains(t->bm[t->live[i]], page))
            return t->live[i];
    return 0u;
}

/* Moves a listed page from `old` to `pid` (either may be 0 = free). */
static void change(own_table *t, uint32_t page, uint32_t old, uint32_t pid)
{
    if (old == pid)
        return;
    if (old != 0u) {
        roaring_bitmap_remove(t->bm[old], page);
        t->owned_total--;
        settle(t, old);
    } else if (in_ram(t, page)) {
        roaring_bitmap_remove(t->bm[0], page);
        measure(t, 0u);
    }
    if (pid != 0u) {
        roaring_bitmap_add(bitmap_of(t, pid), page);
        t->owned_total++;
        measure(t, pid);
    } else if (in_ram(t, page)) {
        roaring_bitmap_add(t->bm[0], page);
        measure(t, 0u);
    }
}

own_err own_roaring_owner(const own_table *t, uint32_t addr, uint32_t *pid)
{
    uint32_t page = own_page_of(addr);
    if (own_pageindex_find(&t->ix, page) < 0)
        return OWN_BAD_ADDRESS;
    *pid = current(t, page);
    return OWN_OK;
}

own_err own_roaring_claim(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t page;
    own_err e = own_pid_ok(pid) ? own_pageindex_page(&t->ix, addr, &page) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    uint32_t cur = current(t, page);
    if (!own_may_take(cur, pid))
        return OWN_MEMORY_IN_USE;
    change(t, page, cur, pid);
    return OWN_OK;
}

own_err own_roaring_release(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t page;
    own_err e = own_pid_ok(pid) ? own_pageindex_page(&t->ix, addr, &page) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    uint32_t cur = current(t, page);
    if (!own_may_take(cur, pid))
        return OWN_MEMORY_IN_USE;
    change(t, page, cur, 0u);
    return OWN_OK;
}

own_err own_roaring_move(own_table *t, uint32_t addr, uint32_t from, uint32_t to)
{
    uint32_t page;
    own_err e = own_pid_ok(from) && own_pid_ok(to) ? own_pageindex_page(&t->ix, addr, &page) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    uint32_t cur = current(t, page);
    if (!own_may_move(cur, from, to))
        return OWN_MEMORY_IN_USE;
    change(t, page, cur, to);
    return OWN_OK;
}

own_err own_roaring_claim_range(own_table *t, uint32_t addr, uint32_t n, uint32_t pid)
{
    own_err e;
    if (own_range_answered(addr, n, pid, &e))
        return e;
    uint32_t p0 = own_page_of(addr), room = OWN_PAGES_IN_SPACE - p0;
    uint32_t run = own_pageindex_run(&t->ix, p0, n < room ? n : room);
    /* Anyone else's page inside the listed run answers before the unlisted
     * page that ends it. */
    for (uint32_t i = 0; run > 0u && i < t->nlive; i++)
        if (t->live[i] != pid &&
            roaring_bitmap_range_cardinality(t->bm[t->live[i]], p0, (uint64_t)p0 + run) != 0u)
            return OWN_MEMORY_IN_USE;
    if (run < n)
        return OWN_BAD_ADDRESS; /* unlisted, or past 2^32 */
    /* Every page is free or already pid's: apply. */
    uint64_t end = (uint64_t)p0 + n;
    uint64_t had = t->bm[pid] == NULL ? 0u : roaring_bitmap_range_cardinality(t->bm[pid], p0, end);
    roaring_bitmap_t *mine = bitmap_of(t, pid);
    roaring_bitmap_add_range(mine, p0, end);
    roaring_bitmap_run_optimize(mine);
    t->owned_total += n - (uint32_t)had;
    uint64_t lo = p0 > t->ram_first ? p0 : t->ram_first;
    uint64_t hi = end < (uint64_t)t->ram_first + t->ram_pages ? end : (uint64_t)t->ram_first + t->ram_pages;
    if (lo < hi) {
        roaring_bitmap_remove_range(t->bm[0], lo, hi);
        measure(t, 0u);
    }
    measure(t, pid);
    return OWN_OK;
}

own_err own_roaring_release_all(own_table *t, uint32_t pid, uint32_t *freed)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    roaring_bitmap_t *mine = t->bm[pid];
    uint32_t n = mine == NULL ? 0u : (uint32_t)roaring_bitmap_get_cardinality(mine);
    if (mine != NULL) {
        /* Its main-RAM pages become free RAM: cut the bitmap down to RAM
         * (it is about to go anyway) and merge it into bm[0]. */
        uint64_t r0 = t->ram_first, r1 = r0 + t->ram_pages;
        roaring_bitmap_remove_range(mine, 0u, r0);
        roaring_bitmap_remove_range(mine, r1, OWN_PAGES_IN_SPACE);
        roaring_bitmap_or_inplace(t->bm[0], mine);
        roaring_bitmap_clear(mine);
        t->owned_total -= n;
        settle(t, pid);
        measure(t, 0u);
    }
    *freed = n;
    return OWN_OK;
}

own_err own_roaring_count(const own_table *t, uint32_t pid, uint32_t *pages)
{
    if (pid > OWN_PID_MAX)
        return OWN_BAD_PID;
    if (pid == 0u)
        *pages = t->pages - t->owned_total;
    else
        *pages = t->bm[pid] == NULL ? 0u : (uint32_t)roaring_bitmap_get_cardinality(t->bm[pid]);
    return OWN_OK;
}

own_err own_roaring_alloc(own_table *t, uint32_t pid, uint32_t *addr)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    if (roaring_bitmap_is_empty(t->bm[0]))
        return OWN_OUT_OF_MEMORY;
    uint32_t page = roaring_bitmap_minimum(t->bm[0]);
    change(t, page, 0u, pid);
    *addr = page << OWN_PAGE_SHIFT;
    return OWN_OK;
}

OWN_STRATEGY(roaring);
