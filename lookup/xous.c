/*
 * xous.c - today's Xous kernel tables, rendered in C: the baseline.
 *
 * Every other design is measured against this one, so it is built to cost
 * what the real kernel costs, not what it could cost.  The source is
 * betrusted-io/xous-core, kernel/src/mem.rs (read at commit 73c0946325283704,
 * Feb 2026), non-swap build.  What it keeps, and what is kept here:
 *
 *  - MEMORY_ALLOCATIONS: an Option<PID> per main-RAM page.  PID is a
 *    NonZeroU8, so the Option is one byte and None is 0: exactly our owner
 *    byte, 0 = free.  Main RAM comes from the XArg boot tag and is not one
 *    of the extra regions.
 *  - EXTRA_ALLOCATIONS: another byte per page for every other region (the
 *    MREx tag), all regions concatenated in the order the tag lists them;
 *    here, map order with main RAM left out.
 *  - EXTRA_REGIONS: the region list itself.  Xous points into the boot
 *    arguments (16 bytes a region: start, size, tag, padding); a design here
 *    may not keep the caller's map, so it copies the two fields it uses, 8
 *    bytes a region, and counts them in reserve().
 *
 * Finding an address (claim_release_move): the happy path first, is it in
 * main RAM, then an index by subtraction; otherwise a LINEAR WALK over
 * EXTRA_REGIONS, adding each skipped region's pages to the offset into
 * EXTRA_ALLOCATIONS, until the region holding the address turns up or the
 * list ends (BadAddress).  There is no per-region base table and no index:
 * the walk is the cost being measured, so it stays, O(regions) for every
 * device page.  owner() uses the same path.
 *
 * release_all (release_all_memory_for_process) scans both tables end to end
 * and frees every byte equal to the PID.  count scans too, as ram_used_by
 * does; ram_used_by scans main RAM only, but the contract counts every
 * listed page (and PID 0 = the free ones), so both tables are scanned.
 *
 * alloc (alloc_page) is meant to be next-fit and is not:
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
 * never read.  (min() was meant: then the search would start at the cursor
 * and wrap.)  alloc_page_oomable, the swap build's twin, has the same line.
 * So alloc here keeps the cursor, computes the same max() and walks the same
 * two pieces; with RAM nearly full it scans from page 0 past every used page
 * each time, and when RAM is full it scans all of it before OutOfMemory, as
 * Xous does, having no count of free pages.
 *
 * Where Xous and the contract part, the contract wins and the tables stay:
 *  - single pages agree already: alignment, then the region search, then
 *    ownership; claiming your own page is fine; move takes a page owned by
 *    `from`, by `to`, or free; release of a free page is fine.  The PID checks
 *    come first (in Xous the NonZeroU8 type makes them unnecessary).
 *  - claim_range: Xous (map_range) claims page by page and, on a failure,
 *    releases the pages before it, which also frees pages the caller owned
 *    before the call.  Here every page is checked first, through the same
 *    per-page search Xous does, and only then claimed.  All the pages checked
 *    lie in one region (regions never touch, so leaving one means an unlisted
 *    page), so the claiming pass finds the first page and runs on.
 *  - release_all frees everything; Xous hands pages still lent out to PID 1
 *    instead, and finds each freed extra page's address by a second walk
 *    (allocation_offset_to_address_extra) to ask whether it is lent.  Lending
 *    is not modelled, so neither is that walk.
 *  - Xous tests `addr < start + size` in bytes, which wraps for a region
 *    ending at 2^32 (and a 4 GiB RAM does not fit its usize ram_size); pages
 *    are counted here instead, so such regions work.
 *
 * Memory is fixed at init: a byte per listed page plus the region list.
 */
#include "common.h"

/* An EXTRA_REGIONS entry, in pages so that a region may end at 2^32. */
typedef struct xous_region {
    uint32_t first; /* first page number */
    uint32_t pages;
} xous_region;

struct own_table {
    uint32_t ram_first;    /* main RAM's first page number */
    uint32_t ram_pages;    /* Xous's ram_size / PAGE_SIZE, the end_point */
    uint32_t last_ram_page; /* the cursor alloc writes and never reads */
    uint32_t nextra;       /* regions in EXTRA_REGIONS */
    uint32_t extra_pages;  /* bytes in EXTRA_ALLOCATIONS */
    xous_region *extra;    /* EXTRA_REGIONS */
    uint8_t *ram_owner;    /* MEMORY_ALLOCATIONS */
    uint8_t *extra_owner;  /* EXTRA_ALLOCATIONS */
    size_t bytes;          /* storage used */
};

static size_t layout(const own_map *map, size_t *regions_at, size_t *ram_at, size_t *extra_at)
{
    uint32_t ram_pages = map->regions[map->ram].pages;
    *regions_at = own_round(sizeof(struct own_table));
    *ram_at = *regions_at + own_round((size_t)(map->count - 1u) * sizeof(xous_region));
    *extra_at = *ram_at + ram_pages;
    return own_round(*extra_at + (own_map_pages(map) - ram_pages));
}

size_t own_xous_reserve(const own_map *map)
{
    size_t a, b, c;
    return own_map_validate(map) == OWN_OK ? layout(map, &a, &b, &c) : 0u;
}

own_err own_xous_init(own_table **out, void *storage, size_t bytes, const own_map *map)
{
    own_err e = own_map_validate(map);
    if (e != OWN_OK)
        return e;
    size_t regions_at, ram_at, extra_at, need = layout(map, &regions_at, &ram_at, &extra_at);
    if ((e = own_storage_ok(storage, bytes, need)) != OWN_OK)
        return e;
    own_table *t = storage;
    unsigned char *base = storage;
    own_zero(t, sizeof *t);
    t->extra = (xous_region *)(void *)(base + regions_at);
    t->ram_owner = base + ram_at;
    t->extra_owner = base + extra_at;
    t->ram_first = own_page_of(map->regions[map->ram].base);
    t->ram_pages = map->regions[map->ram].pages;
    for (uint32_t i = 0; i < map->count; i++) {
        if (i == map->ram)
            continue; /* main RAM has its own table, as in XArg vs MREx */
        t->extra[t->nextra].first = own_page_of(map->regions[i].base);
        t->extra[t->nextra].pages = map->regions[i].pages;
        t->extra_pages += map->regions[i].pages;
        t->nextra++;
    }
    own_zero(t->ram_owner, t->ram_pages);
    own_zero(t->extra_owner, t->extra_pages);
    t->bytes = need;
    *out = t;
    return OWN_OK;
}

void own_xous_fini(own_table *t) { (void)t; }

/*
 * claim_release_move's search: main RAM first, then the region list in
 * order, the offset into EXTRA_ALLOCATIONS growing by each region passed.
 * NULL when no region holds the page.
 */
static uint8_t *find(const own_table *t, uint32_t page)
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

own_err own_xous_owner(const own_table *t, uint32_t addr, uint32_t *pid)
{
    const uint8_t *o = find(t, own_page_of(addr));
    if (o == NULL)
        return OWN_BAD_ADDRESS;
    *pid = *o;
    return OWN_OK;
}

/* The checks Xous runs before action_inner: alignment, then the search. */
static own_err slot(const own_table *t, uint32_t addr, uint8_t **o)
{
    if (!own_aligned(addr))
        return OWN_BAD_ALIGNMENT;
    *o = find(t, own_page_of(addr));
    return *o == NULL ? OWN_BAD_ADDRESS : OWN_OK;
}

own_err own_xous_claim(own_table *t, uint32_t addr, uint32_t pid)
{
    uint8_t *o = NULL;
    own_err e = own_pid_ok(pid) ? slot(t, addr, &o) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    if (*o != 0u && *o != pid)
        return OWN_MEMORY_IN_USE;
    *o = (uint8_t)pid;
    return OWN_OK;
}

own_err own_xous_release(own_table *t, uint32_t addr, uint32_t pid)
{
    uint8_t *o = NULL;
    own_err e = own_pid_ok(pid) ? slot(t, addr, &o) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    if (*o != 0u && *o != pid)
        return OWN_MEMORY_IN_USE;
    *o = 0u;
    return OWN_OK;
}

own_err own_xous_move(own_table *t, uint32_t addr, uint32_t from, uint32_t to)
{
    uint8_t *o = NULL;
    own_err e = own_pid_ok(from) && own_pid_ok(to) ? slot(t, addr, &o) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    /* action_inner's Move: someone else's page is refused unless it is `from`'s */
    if (*o != 0u && *o != to && *o != from)
        return OWN_MEMORY_IN_USE;
    *o = (uint8_t)to;
    return OWN_OK;
}

own_err own_xous_claim_range(own_table *t, uint32_t addr, uint32_t n, uint32_t pid)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    if (!own_aligned(addr))
        return OWN_BAD_ALIGNMENT;
    uint32_t p0 = own_page_of(addr);
    /* Xous's one search per page (claim_page in map_range's loop), but only
     * looking: nothing changes until every page has passed.  Ends by 2^20. */
    for (uint32_t i = 0; i < n; i++) {
        if (i >= OWN_PAGES_IN_SPACE - p0)
            return OWN_BAD_ADDRESS;
        const uint8_t *o = find(t, p0 + i);
        if (o == NULL)
            return OWN_BAD_ADDRESS;
        if (*o != 0u && *o != pid)
            return OWN_MEMORY_IN_USE;
    }
    if (n == 0u)
        return OWN_OK;
    /* All n pages are listed and regions never touch, so they are one region
     * and their bytes consecutive in one table. */
    uint8_t *o = find(t, p0);
    for (uint32_t i = 0; i < n; i++)
        o[i] = (uint8_t)pid;
    return OWN_OK;
}

own_err own_xous_release_all(own_table *t, uint32_t pid, uint32_t *freed)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    /* Both tables, end to end: Xous keeps no per-PID count to stop early. */
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->ram_pages; i++)
        if (t->ram_owner[i] == pid) {
            t->ram_owner[i] = 0u;
            n++;
        }
    for (uint32_t i = 0; i < t->extra_pages; i++)
        if (t->extra_owner[i] == pid) {
            t->extra_owner[i] = 0u;
            n++;
        }
    *freed = n;
    return OWN_OK;
}

own_err own_xous_count(const own_table *t, uint32_t pid, uint32_t *pages)
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

own_err own_xous_alloc(own_table *t, uint32_t pid, uint32_t *addr)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    uint32_t end_point = t->ram_pages;
    /* max, as in mem.rs: last_ram_page <= end_point always, so this is
     * end_point, the first piece below is empty and the second is all of
     * RAM from page 0 (see the top comment). */
    uint32_t starting_point = t->last_ram_page > end_point ? t->last_ram_page : end_point;
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

size_t own_xous_inuse(const own_table *t) { return t->bytes; }
size_t own_xous_peak(const own_table *t) { return t->bytes; }

OWN_STRATEGY(xous);
