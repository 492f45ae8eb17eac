/*
 * xous_tables.h - today's Xous kernel tables, rendered in C, written once
 * for the three designs that measure them: xous.c (the allocation cursor as
 * Xous writes it today), xous_fixed.c (the next-fit cursor Xous had before
 * 2023, restored) and xous_hint.c (a low-water mark instead of the cursor).
 * Each file is a few lines that include this one and say which cursor it
 * uses, so the three cannot drift apart: whatever the measurements tell
 * between them is the cursor and nothing else.
 *
 * Every other design is measured against these tables, so they are built to
 * cost what the real kernel costs, not what it could cost.  The source is
 * betrusted-io/xous-core, kernel/src/mem.rs (read at commit 73c0946325283704,
 * Feb 2026; line numbers below are that file's), non-swap build.  What it
 * keeps, and what is kept here:
 *
 *  - MEMORY_ALLOCATIONS: an Option<PID> per main-RAM page.  PID is a
 *    NonZeroU8, so the Option is one byte and None is 0: exactly our owner
 *    byte, 0 = free.  Main RAM comes from the XArg boot tag and is not one
 *    of the extra regions.  Here it is the map's alloc pool, main RAM as
 *    declared (own_map_pool).
 *  - EXTRA_ALLOCATIONS: another byte per page for every other region (the
 *    MREx tag), all regions concatenated in the order the tag lists them;
 *    here, map order with main RAM left out.  When a device touched main RAM
 *    and the loader merged the two into one listed region, Xous would still
 *    see RAM in XArg and the device in MREx: so the parts of regions[ram]
 *    outside the pool become extra regions, in RAM's place in the order.
 *  - EXTRA_REGIONS: the region list itself.  Xous points into the boot
 *    arguments (16 bytes a region: start, size, tag, padding); a design here
 *    may not keep the caller's map, so it copies the two fields it uses, 8
 *    bytes a region, and counts them in reserve().
 *
 * Finding an address (claim_release_move, mem.rs:876-1009): the happy path
 * first, is it in main RAM, then an index by subtraction; otherwise a LINEAR
 * WALK over EXTRA_REGIONS, adding each skipped region's pages to the offset
 * into EXTRA_ALLOCATIONS, until the region holding the address turns up or
 * the list ends (BadAddress).  There is no per-region base table and no
 * index: the walk is the cost being measured, so it stays, O(regions) for
 * every device page.  owner() uses the same path.
 *
 * release_all (release_all_memory_for_process, mem.rs:1066-1112) scans both
 * tables end to end.  For every page it frees it first turns the table
 * offset back into an address and asks the page tables whether the page is
 * lent (mem.rs:1074-1075, 1101-1102).  For main RAM the address is one
 * multiply-add (allocation_offset_to_address, mem.rs:1029-1038); for an
 * extra page it is a second linear walk over EXTRA_REGIONS, subtracting each
 * region's size from the offset until it fits
 * (allocation_offset_to_address_extra, mem.rs:1042-1060): O(regions) for
 * every freed device page.  Both conversions are done here, exactly so, and
 * their answer is stored where page_is_lent would read it (the volatile
 * lent_probe field, so no compiler can drop the walk as unused).
 *
 * What cannot be modelled is page_is_lent itself
 * (kernel/src/arch/riscv/mem.rs:850-854): it reads the page-table entry of
 * the address it is given in the address space active at the time and tests
 * the S bit, a page-table walk of two loads through the MMU's tables, which
 * this lab does not have; and lending is not part of the contract.  Note
 * what it is given: release_all_memory_for_process passes the page's
 * *physical* address (mem.rs:1074-1075, 1101-1102), and page_is_lent looks it
 * up as a *virtual* one, in whatever space is active.  So the answer is
 * about an unrelated virtual page (usually unmapped: false), and a dying
 * lender's lent pages are most likely freed, not handed to PID 1 as the
 * comment there intends.  Every page is freed here too, then, and only the
 * probe's own cost, about two dependent loads per freed page, is left out:
 * the one place where these tables are cheaper than Xous.
 *
 * count scans too.  The nearest thing in Xous is ram_used_by (mem.rs:256-
 * 277), which scans main RAM only and is called only by the debug shell
 * (debug/shell.rs:193), the DebugFreeMem platform call (syscall.rs:1318) and
 * the swap build's accounting (swap.rs:329, 367): not a hot path of the
 * kernel measured here.  The contract counts every listed page (and PID 0 =
 * the free ones), so both tables are scanned; count's figures for these two
 * designs are what a Xous-style table would pay, not what Xous pays today.
 *
 * alloc (alloc_page, mem.rs:335-355) is meant to be next-fit:
 *
 *     let end_point = self.ram_size / PAGE_SIZE;
 *     let starting_point = self.last_ram_page.max(end_point);
 *     for ... in ALLOCS[starting_point..end_point] ... .chain(ALLOCS[..starting_point]) ...
 *         ... self.last_ram_page = index + 1;
 *
 * last_ram_page starts at 0 and is only ever set to index + 1 for an index
 * below end_point, so it never exceeds end_point, and the max() of the two is
 * always end_point.  The first slice, [end_point..end_point], is then empty
 * and the chained one, [..end_point], is all of RAM from page 0: every
 * allocation is first-fit from the bottom, and the cursor is written and
 * never read.  (min() was meant: then the search starts at the cursor and
 * wraps.)  alloc_page_oomable, the swap build's twin, has the same line
 * (mem.rs:406).  xt_alloc computes the same starting point, max() for xous
 * and min() for xous_fixed, and walks the same two pieces; with max() and RAM
 * nearly full it scans from page 0 past every used page each time, and when
 * RAM is full either cursor scans all of it before OutOfMemory, as Xous
 * does, having no count of free pages.
 *
 * Where Xous and the contract part, the contract wins and the tables stay:
 *  - single pages agree already: alignment, then the region search, then
 *    ownership; claiming your own page is fine; move takes a page owned by
 *    `from`, by `to`, or free; release of a free page is fine.  The PID checks
 *    come first (in Xous the NonZeroU8 type makes them unnecessary).
 *  - claim_range: Xous (map_range) claims page by page and, on a failure,
 *    releases the pages before it, which also frees pages the caller owned
 *    before the call.  Here every page is checked first, through the same
 *    per-page search Xous does, and only then claimed, a region's run of
 *    bytes at a time (a range crosses from one table to the other only where
 *    a device touches main RAM).
 *  - Xous tests `addr < start + size` in bytes, which wraps for a region
 *    ending at 2^32 (and a 4 GiB RAM does not fit its usize ram_size); pages
 *    are counted here instead, so such regions work.
 *
 * Memory is fixed at init: a byte per listed page plus the region list.
 *
 * Only xous.c, xous_fixed.c and xous_hint.c include this file; everything in
 * it is static.
 */
#ifndef OWNLAB_XOUS_TABLES_H
#define OWNLAB_XOUS_TABLES_H

#include "common.h"

/* An EXTRA_REGIONS entry, in pages so that a region may end at 2^32. */
typedef struct xous_region {
    uint32_t first; /* first page number */
    uint32_t pages;
} xous_region;

struct own_table {
    uint32_t ram_first;     /* main RAM's first page number */
    uint32_t ram_pages;     /* Xous's ram_size / PAGE_SIZE, the end_point */
    uint32_t last_ram_page; /* the cursor: read by min(), never by max();
                               XT_LOW_WATER: no RAM page below it is free */
    uint32_t nextra;        /* regions in EXTRA_REGIONS */
    uint32_t extra_pages;   /* bytes in EXTRA_ALLOCATIONS */
    xous_region *extra;     /* EXTRA_REGIONS */
    uint8_t *ram_owner;     /* MEMORY_ALLOCATIONS */
    uint8_t *extra_owner;   /* EXTRA_ALLOCATIONS */
    volatile uint32_t lent_probe; /* the address page_is_lent would be asked about */
    size_t bytes;           /* storage used */
};

/* Where alloc starts its search; a constant in each includer, so each
 * design compiles to its own loops and the others pay nothing for the hint.
 *  XT_AS_WRITTEN  mem.rs:340 today, `last_ram_page.max(end_point)`: always
 *                 end_point, so first-fit from RAM's first page (xous.c).
 *  XT_NEXT_FIT    the line before xous-core e44d009b8 (2023-12-29, "kernel:
 *                 mem: add function for verifying mappings"), `let
 *                 starting_point = self.last_ram_page;`: next-fit that
 *                 resumes after the last page given and wraps (xous_fixed.c).
 *  XT_LOW_WATER   the smallest change that keeps first-fit's placement: the
 *                 cursor becomes a low-water mark, no RAM page below it is
 *                 free; alloc starts there, and a release (or release_all)
 *                 of a RAM page below it lowers it (xous_hint.c).  The pages
 *                 handed out are exactly first-fit's, so nothing but the
 *                 search's length changes. */
enum { XT_AS_WRITTEN, XT_NEXT_FIT, XT_LOW_WATER };

/* Extra regions a map gives: every region but main RAM's, plus the parts of
 * main RAM's region that lie outside the pool (devices merged into it). */
static uint32_t xt_extra_regions(const own_map *map)
{
    const own_region *r = &map->regions[map->ram];
    own_region pool = own_map_pool(map);
    return map->count - 1u + (pool.base != r->base) +
           (own_page_of(pool.base) + pool.pages != own_page_of(r->base) + r->pages);
}

static size_t xt_layout(const own_map *map, size_t *regions_at, size_t *ram_at, size_t *extra_at)
{
    uint32_t ram_pages = own_map_pool(map).pages;
    *regions_at = own_round(sizeof(struct own_table));
    *ram_at = *regions_at + own_round((size_t)xt_extra_regions(map) * sizeof(xous_region));
    *extra_at = *ram_at + ram_pages;
    return own_round(*extra_at + (own_map_pages(map) - ram_pages));
}

static size_t xt_reserve(const own_map *map)
{
    size_t a, b, c;
    return own_map_validate(map) == OWN_OK ? xt_layout(map, &a, &b, &c) : 0u;
}

static void xt_add_extra(own_table *t, uint32_t first, uint32_t pages)
{
    if (pages == 0u)
        return;
    t->extra[t->nextra].first = first;
    t->extra[t->nextra].pages = pages;
    t->extra_pages += pages;
    t->nextra++;
}

static own_err xt_init(own_table **out, void *storage, size_t bytes, const own_map *map)
{
    own_err e = own_map_validate(map);
    if (e != OWN_OK)
        return e;
    size_t regions_at, ram_at, extra_at, need = xt_layout(map, &regions_at, &ram_at, &extra_at);
    if ((e = own_storage_ok(storage, bytes, need)) != OWN_OK)
        return e;
    own_table *t = storage;
    unsigned char *base = storage;
    own_zero(t, sizeof *t);
    own_region pool = own_map_pool(map);
    t->extra = (xous_region *)(void *)(base + regions_at);
    t->ram_owner = base + ram_at;
    t->extra_owner = base + extra_at;
    t->ram_first = own_page_of(pool.base);
    t->ram_pages = pool.pages;
    for (uint32_t i = 0; i < map->count; i++) {
        uint32_t first = own_page_of(map->regions[i].base), pages = map->regions[i].pages;
        if (i != map->ram) {
            xt_add_extra(t, first, pages);
            continue;
        }
        /* main RAM has its own table, as in XArg vs MREx; what merging added
         * to it below and above is MREx's */
        uint32_t pool_end = t->ram_first + t->ram_pages;
        xt_add_extra(t, first, t->ram_first - first);
        xt_add_extra(t, pool_end, first + pages - pool_end);
    }
    own_zero(t->ram_owner, t->ram_pages);
    own_zero(t->extra_owner, t->extra_pages);
    t->bytes = need;
    *out = t;
    return OWN_OK;
}

/*
 * claim_release_move's search: main RAM first, then the region list in
 * order, the offset into EXTRA_ALLOCATIONS growing by each region passed.
 * NULL when no region holds the page.  One function, called, not inlined
 * into every operation: Xous's claim_page, release_page and move_page all
 * call the one claim_release_move.
 */
static uint8_t *xt_find(const own_table *t, uint32_t page)
{
    if (page >= t->ram_first && page < t->ram_first + t->ram_pages)
        return &t->ram_owner[page - t->ram_first];
    uint32_t offset = 0;
    for (uint32_t i = 0; i < t->nextra; i++) {
        const xous_region *r = &t->extra[i];
        if (page >= r->first && page < r->first + r->pages)
            return &t->extra_owner[offset + (page - r->first)];
        offset += r->pages;
    }
    return NULL;
}

static inline own_err xt_owner(const own_table *t, uint32_t addr, uint32_t *pid)
{
    const uint8_t *o = xt_find(t, own_page_of(addr));
    if (o == NULL)
        return OWN_BAD_ADDRESS;
    *pid = *o;
    return OWN_OK;
}

/* The checks Xous runs before action_inner: alignment, then the search. */
static inline own_err xt_slot(const own_table *t, uint32_t addr, uint8_t **o)
{
    if (!own_aligned(addr))
        return OWN_BAD_ALIGNMENT;
    *o = xt_find(t, own_page_of(addr));
    return *o == NULL ? OWN_BAD_ADDRESS : OWN_OK;
}

static inline own_err xt_claim(own_table *t, uint32_t addr, uint32_t pid)
{
    uint8_t *o = NULL;
    own_err e = own_pid_ok(pid) ? xt_slot(t, addr, &o) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    if (*o != 0u && *o != pid)
        return OWN_MEMORY_IN_USE;
    *o = (uint8_t)pid;
    return OWN_OK;
}

/* XT_LOW_WATER: RAM page `index` has just become free */
static inline void xt_freed(own_table *t, uint32_t index, int cursor)
{
    if (cursor == XT_LOW_WATER && index < t->last_ram_page)
        t->last_ram_page = index;
}

static inline own_err xt_release(own_table *t, uint32_t addr, uint32_t pid, int cursor)
{
    uint8_t *o = NULL;
    own_err e = own_pid_ok(pid) ? xt_slot(t, addr, &o) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    if (*o != 0u && *o != pid)
        return OWN_MEMORY_IN_USE;
    *o = 0u;
    if (o >= t->ram_owner && o < t->ram_owner + t->ram_pages)
        xt_freed(t, (uint32_t)(o - t->ram_owner), cursor);
    return OWN_OK;
}

static inline own_err xt_move(own_table *t, uint32_t addr, uint32_t from, uint32_t to)
{
    uint8_t *o = NULL;
    own_err e = own_pid_ok(from) && own_pid_ok(to) ? xt_slot(t, addr, &o) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    /* action_inner's Move: someone else's page is refused unless it is `from`'s */
    if (*o != 0u && *o != to && *o != from)
        return OWN_MEMORY_IN_USE;
    *o = (uint8_t)to;
    return OWN_OK;
}

static inline own_err xt_claim_range(own_table *t, uint32_t addr, uint32_t n, uint32_t pid)
{
    own_err e;
    if (own_range_answered(addr, n, pid, &e))
        return e;
    uint32_t p0 = own_page_of(addr);
    /* Xous's one search per page (claim_page in map_range's loop), but only
     * looking: nothing changes until every page has passed.  Ends by 2^20. */
    for (uint32_t i = 0; i < n; i++) {
        if (i >= OWN_PAGES_IN_SPACE - p0)
            return OWN_BAD_ADDRESS;
        const uint8_t *o = xt_find(t, p0 + i);
        if (o == NULL)
            return OWN_BAD_ADDRESS;
        if (*o != 0u && *o != pid)
            return OWN_MEMORY_IN_USE;
    }
    if (n == 0u)
        return OWN_OK;
    /* All n pages are listed and regions never touch, so they are one
     * region's and their bytes run on in one table -- except across the
     * pool's edge, where a device merged into RAM goes on in the other
     * table: there the next byte is searched for again.  Rounds end at the
     * range's end or at an edge, so the per-page loop is a plain store. */
    uint8_t *o = xt_find(t, p0);
    uint32_t pool_end = t->ram_first + t->ram_pages;
    for (uint32_t i = 0; i < n;) { /* each round >= 1 page; at most 3 rounds */
        uint32_t p = p0 + i, run = n - i;
        if (p < t->ram_first && t->ram_first - p < run)
            run = t->ram_first - p;
        else if (p >= t->ram_first && p < pool_end && pool_end - p < run)
            run = pool_end - p;
        for (uint32_t k = 0; k < run; k++)
            o[k] = (uint8_t)pid;
        i += run;
        if (i < n)
            o = xt_find(t, p0 + i);
    }
    return OWN_OK;
}

/* allocation_offset_to_address_extra (mem.rs:1042-1060): an offset into
 * EXTRA_ALLOCATIONS back to its address, by walking the regions.  0 where
 * Xous would answer None (and unwrap would panic): no offset below
 * extra_pages gets there. */
static inline uint32_t xt_extra_address(const own_table *t, uint32_t offset)
{
    uint32_t offset_in_region = offset;
    for (uint32_t i = 0; i < t->nextra; i++) {
        if (offset_in_region >= t->extra[i].pages) {
            offset_in_region -= t->extra[i].pages;
            continue;
        }
        return (t->extra[i].first + offset_in_region) << OWN_PAGE_SHIFT;
    }
    return 0u;
}

static inline own_err xt_release_all(own_table *t, uint32_t pid, uint32_t *freed, int cursor)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    /* Both tables, end to end: Xous keeps no per-PID count to stop early.
     * Each freed page's address goes where page_is_lent would take it. */
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->ram_pages; i++)
        if (t->ram_owner[i] == pid) {
            t->lent_probe = (t->ram_first + i) << OWN_PAGE_SHIFT; /* allocation_offset_to_address */
            t->ram_owner[i] = 0u;
            xt_freed(t, i, cursor);
            n++;
        }
    for (uint32_t i = 0; i < t->extra_pages; i++)
        if (t->extra_owner[i] == pid) {
            t->lent_probe = xt_extra_address(t, i);
            t->extra_owner[i] = 0u;
            n++;
        }
    *freed = n;
    return OWN_OK;
}

static inline own_err xt_count(const own_table *t, uint32_t pid, uint32_t *pages)
{
    if (pid > OWN_PID_MAX)
        return OWN_BAD_PID;
    /* ram_used_by's scan, carried on into the extra table */
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->ram_pages; i++)
        n += t->ram_owner[i] == pid;
    for (uint32_t i = 0; i < t->extra_pages; i++)
        n += t->extra_owner[i] == pid;
    *pages = n;
    return OWN_OK;
}

/* alloc_page with the cursor read by max() (as written: first-fit from page
 * 0), as it was before 2023 (next-fit that resumes and wraps), or as a
 * low-water mark (first-fit from the mark; nothing below it is free, so the
 * wrapped piece is never needed and a full RAM answers without scanning). */
static inline own_err xt_alloc(own_table *t, uint32_t pid, uint32_t *addr, int cursor)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    uint32_t end_point = t->ram_pages, last = t->last_ram_page;
    uint32_t starting_point = cursor == XT_AS_WRITTEN ? (last > end_point ? last : end_point)
                                                      : (last < end_point ? last : end_point);
    if (cursor == XT_LOW_WATER) {
        for (uint32_t i = starting_point; i < end_point; i++)
            if (t->ram_owner[i] == 0u) {
                t->ram_owner[i] = (uint8_t)pid;
                t->last_ram_page = i + 1u;
                *addr = (t->ram_first + i) << OWN_PAGE_SHIFT;
                return OWN_OK;
            }
        return OWN_OUT_OF_MEMORY; /* a failed call changes nothing, the mark included */
    }
    uint32_t index = end_point;
    for (uint32_t i = starting_point; i < end_point && index == end_point; i++)
        if (t->ram_owner[i] == 0u)
            index = i;
    for (uint32_t i = 0; i < starting_point && i < end_point && index == end_point; i++)
        if (t->ram_owner[i] == 0u)
            index = i;
    if (index == end_point)
        return OWN_OUT_OF_MEMORY;
    t->ram_owner[index] = (uint8_t)pid;
    t->last_ram_page = index + 1u;
    *addr = (t->ram_first + index) << OWN_PAGE_SHIFT;
    return OWN_OK;
}

/*
 * The exported functions of a design over these tables: own_<d>_*, each
 * forwarding to the static body above, and its registry entry.  CURSOR is
 * XT_AS_WRITTEN, XT_NEXT_FIT or XT_LOW_WATER.
 */
#define XOUS_TABLES_DESIGN(d, CURSOR)                                                \
    size_t own_##d##_reserve(const own_map *map) { return xt_reserve(map); }        \
    own_err own_##d##_init(own_table **out, void *storage, size_t bytes,            \
                           const own_map *map)                                      \
    {                                                                               \
        return xt_init(out, storage, bytes, map);                                   \
    }                                                                               \
    void own_##d##_fini(own_table *t) { (void)t; }                                  \
    own_err own_##d##_owner(const own_table *t, uint32_t addr, uint32_t *pid)       \
    {                                                                               \
        return xt_owner(t, addr, pid);                                              \
    }                                                                               \
    own_err own_##d##_claim(own_table *t, uint32_t addr, uint32_t pid)              \
    {                                                                               \
        return xt_claim(t, addr, pid);                                              \
    }                                                                               \
    own_err own_##d##_release(own_table *t, uint32_t addr, uint32_t pid)            \
    {                                                                               \
        return xt_release(t, addr, pid, CURSOR);                                            \
    }                                                                               \
    own_err own_##d##_move(own_table *t, uint32_t addr, uint32_t from, uint32_t to) \
    {                                                                               \
        return xt_move(t, addr, from, to);                                          \
    }                                                                               \
    own_err own_##d##_claim_range(own_table *t, uint32_t addr, uint32_t n,          \
                                  uint32_t pid)                                     \
    {                                                                               \
        return xt_claim_range(t, addr, n, pid);                                     \
    }                                                                               \
    own_err own_##d##_release_all(own_table *t, uint32_t pid, uint32_t *freed)      \
    {                                                                               \
        return xt_release_all(t, pid, freed, CURSOR);                                       \
    }                                                                               \
    own_err own_##d##_count(const own_table *t, uint32_t pid, uint32_t *pages)      \
    {                                                                               \
        return xt_count(t, pid, pages);                                             \
    }                                                                               \
    own_err own_##d##_alloc(own_table *t, uint32_t pid, uint32_t *addr)             \
    {                                                                               \
        return xt_alloc(t, pid, addr, CURSOR);                                       \
    }                                                                               \
    size_t own_##d##_inuse(const own_table *t) { return t->bytes; }                 \
    size_t own_##d##_peak(const own_table *t) { return t->bytes; }                  \
    OWN_STRATEGY(d)

#endif
