/*
 * mm.c - the memory manager.  See mm.h for what it adds to the table.
 *
 * Why lending is a byte per page.  Xous keeps "this page is lent" in a spare
 * bit of the lender's page-table entry (kernel/src/arch/riscv/mem.rs:851-854,
 * page_is_lent), so it costs no memory beyond the page tables it has anyway,
 * and it has no limit but the number of pages.  The glue has no page tables,
 * so it keeps the same fact in the cheapest structure with the same limit:
 * one byte per whitelisted page holding the borrower (0: not lent), carved
 * from the metadata storage after the design's table, sized at boot from the
 * map like the tables.  It answers "is this page lent?" (the check release
 * and move must make) with a binary search over the regions and one byte
 * read, no matter how many pages are out; a slot array would either cap the
 * lends or be searched on every release.  On the Precursor map that is
 * 37,000 bytes for its 37,000 whitelisted pages (mostly its 128 MiB of flash)
 * plus 4 bytes per region; a table that covered main RAM alone would be
 * smaller but would make a lent flash or device page impossible, which Xous
 * allows.  Beside it, two per-PID counters (2 KiB, static) say how many pages
 * each process has out and in, so a death, the one operation that must find
 * a process's lends, walks the byte table only when there is something to
 * find.
 *
 * Who the lender is needs no byte of its own: it is the page's owner in the
 * design's table.  The kernel never lends (mm.h), so a lent page owned by PID 1
 * is one whose lender died, and is freed when it comes back.
 */
#include "mm.h"

#ifndef OWN_DIRECT
#error "build with -DOWN_DIRECT=<design>"
#endif

#define NOT_LISTED 0xffffffffu

static own_table *table;
static const own_map *wl;
static size_t reserved;
static uint32_t *dense_base; /* per region: dense index of its first page */
static uint8_t *borrower;    /* per whitelisted page: who has it on loan, 0 if nobody */
static uint32_t out_of[OWN_PID_MAX + 1u]; /* pages lent, by current owner (PID 1: orphans) */
static uint32_t in_to[OWN_PID_MAX + 1u];  /* pages borrowed, by borrower */
static uint32_t nlends;

static size_t round8(size_t n) { return (n + 7u) & ~(size_t)7u; }

static uint32_t listed_pages(const own_map *map)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < map->count; i++)
        n += map->regions[i].pages;
    return n;
}

size_t mm_reserve(const own_map *map)
{
    size_t design = own_direct_reserve(map);
    if (design == 0u)
        return 0;
    return round8(design) + round8((size_t)map->count * 4u) + round8(listed_pages(map));
}

const char *mm_init(const own_map *map, void *storage, size_t bytes)
{
    size_t need = mm_reserve(map);
    if (need == 0u)
        return "the regions are not a valid whitelist (overlapping, touching or unaligned)";
    if (need > bytes)
        return "the metadata region is too small for this map";
    for (uint32_t i = 1; i < map->count; i++)
        if (map->regions[i].base <= map->regions[i - 1u].base)
            return "the regions are not in address order";
    size_t design = round8(own_direct_reserve(map));
    own_err e = own_direct_init(&table, storage, design, map);
    if (e != OWN_OK)
        return own_err_name(e);
    wl = map;
    reserved = need;
    uint8_t *rest = (uint8_t *)storage + design;
    dense_base = (uint32_t *)(void *)rest;
    borrower = rest + round8((size_t)map->count * 4u);
    uint32_t dense = 0;
    for (uint32_t i = 0; i < map->count; i++) {
        dense_base[i] = dense;
        dense += map->regions[i].pages;
    }
    for (uint32_t d = 0; d < dense; d++)
        borrower[d] = 0;
    for (uint32_t p = 0; p <= OWN_PID_MAX; p++)
        out_of[p] = in_to[p] = 0;
    nlends = 0;
    return NULL;
}

size_t mm_reserved(void) { return reserved; }
uint32_t mm_lends(void) { return nlends; }

/* The page's slot in the lending table, or NOT_LISTED: the last region
 * starting at or below the page, found in at most log2(count) + 1 steps. */
static uint32_t dense_of(uint32_t addr)
{
    uint32_t page = addr >> OWN_PAGE_SHIFT, lo = 0, hi = wl->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        if ((wl->regions[mid].base >> OWN_PAGE_SHIFT) <= page)
            lo = mid + 1u;
        else
            hi = mid;
    }
    if (lo == 0u)
        return NOT_LISTED;
    const own_region *r = &wl->regions[lo - 1u];
    uint32_t off = page - (r->base >> OWN_PAGE_SHIFT);
    return off < r->pages ? dense_base[lo - 1u] + off : NOT_LISTED;
}

static int pid_ok(uint32_t pid) { return pid >= 1u && pid <= OWN_PID_MAX; }
static int aligned(uint32_t addr) { return (addr & (OWN_PAGE_SIZE - 1u)) == 0u; }

static int lent(uint32_t addr)
{
    uint32_t d = nlends != 0u ? dense_of(addr) : NOT_LISTED;
    return d != NOT_LISTED && borrower[d] != 0u;
}

own_err mm_owner(uint32_t addr, uint32_t *pid) { return own_direct_owner(table, addr, pid); }
own_err mm_claim(uint32_t addr, uint32_t pid) { return own_direct_claim(table, addr, pid); }
own_err mm_map_range(uint32_t addr, uint32_t pages, uint32_t pid)
{
    return own_direct_claim_range(table, addr, pages, pid);
}
own_err mm_alloc_page(uint32_t pid, uint32_t *addr) { return own_direct_alloc(table, pid, addr); }
own_err mm_count(uint32_t pid, uint32_t *pages) { return own_direct_count(table, pid, pages); }

/* A lent page is never free and always owned by its lender (or by PID 1 for
 * a dead lender), so once PID and alignment have answered, "lent" can only
 * mean MemoryInUse, whoever asks. */
own_err mm_release(uint32_t addr, uint32_t pid)
{
    if (pid_ok(pid) && aligned(addr) && lent(addr))
        return OWN_MEMORY_IN_USE;
    return own_direct_release(table, addr, pid);
}

own_err mm_move(uint32_t addr, uint32_t from, uint32_t to)
{
    if (pid_ok(from) && pid_ok(to) && aligned(addr) && lent(addr))
        return OWN_MEMORY_IN_USE;
    return own_direct_move(table, addr, from, to);
}

own_err mm_lend(uint32_t addr, uint32_t lender, uint32_t to)
{
    if (lender < 2u || lender > OWN_PID_MAX || to < 2u || to > OWN_PID_MAX || to == lender)
        return OWN_BAD_PID;
    if (!aligned(addr))
        return OWN_BAD_ALIGNMENT;
    uint32_t cur = 0;
    own_err e = own_direct_owner(table, addr, &cur);
    if (e != OWN_OK)
        return e;
    uint32_t d = dense_of(addr);
    if (cur != lender || borrower[d] != 0u)
        return OWN_MEMORY_IN_USE;
    borrower[d] = (uint8_t)to;
    out_of[lender]++;
    in_to[to]++;
    nlends++;
    return OWN_OK;
}

/* Ends the lend of slot d (page addr); a page whose lender died is freed.
 * Returns 1 if it was. */
static uint32_t end_lend(uint32_t d, uint32_t addr)
{
    uint32_t cur = 0;
    own_direct_owner(table, addr, &cur); /* listed and owned: cannot fail */
    in_to[borrower[d]]--;
    out_of[cur]--;
    nlends--;
    borrower[d] = 0;
    return cur == OWN_PID_KERNEL && own_direct_release(table, addr, OWN_PID_KERNEL) == OWN_OK;
}

own_err mm_return(uint32_t addr, uint32_t by)
{
    if (!pid_ok(by))
        return OWN_BAD_PID;
    if (!aligned(addr))
        return OWN_BAD_ALIGNMENT;
    uint32_t d = dense_of(addr);
    if (d == NOT_LISTED || borrower[d] == 0u)
        return OWN_BAD_ADDRESS;
    if (borrower[d] != by)
        return OWN_MEMORY_IN_USE;
    end_lend(d, addr);
    return OWN_OK;
}

/* The one walk over the lending table: only for a process that has pages out
 * or in, and it stops as soon as all of them are found. */
static uint32_t settle_lends(uint32_t pid)
{
    uint32_t freed = 0;
    for (uint32_t r = 0; r < wl->count && (out_of[pid] | in_to[pid]) != 0u; r++) {
        const own_region *reg = &wl->regions[r];
        for (uint32_t k = 0; k < reg->pages; k++) {
            uint32_t d = dense_base[r] + k, b = borrower[d];
            if (b == 0u)
                continue;
            uint32_t addr = reg->base + (k << OWN_PAGE_SHIFT), cur = 0;
            if (b == pid) {
                freed += end_lend(d, addr);
            } else if (own_direct_owner(table, addr, &cur) == OWN_OK && cur == pid) {
                own_direct_move(table, addr, pid, OWN_PID_KERNEL);
                out_of[pid]--;
                out_of[OWN_PID_KERNEL]++;
            }
            if ((out_of[pid] | in_to[pid]) == 0u)
                break;
        }
    }
    return freed;
}

own_err mm_release_all_memory_for_process(uint32_t pid, uint32_t *freed)
{
    if (pid < 2u || pid > OWN_PID_MAX)
        return OWN_BAD_PID;
    uint32_t n = settle_lends(pid), rest = 0;
    own_err e = own_direct_release_all(table, pid, &rest);
    *freed = n + rest;
    return e;
}
