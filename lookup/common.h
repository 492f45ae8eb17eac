/*
 * common.h - the few helpers every design shares, so that the contract's
 * argument checks and the whitelist index are written exactly once.
 *
 * Not part of the public interface: only the files in lookup/ include it.
 */
#ifndef OWNLAB_COMMON_H
#define OWNLAB_COMMON_H

#include "ownership.h"

#define OWN_PAGE_MASK (OWN_PAGE_SIZE - 1u)

static inline int own_pid_ok(uint32_t pid) { return pid >= 1u && pid <= OWN_PID_MAX; }
static inline int own_aligned(uint32_t addr) { return (addr & OWN_PAGE_MASK) == 0; }
static inline uint32_t own_page_of(uint32_t addr) { return addr >> OWN_PAGE_SHIFT; }

/* Round n up to the storage alignment, so carved-out arrays stay aligned. */
static inline size_t own_round(size_t n)
{
    return (n + (OWN_STORAGE_ALIGN - 1u)) & ~(size_t)(OWN_STORAGE_ALIGN - 1u);
}

/* Storage given to init: present, aligned, large enough. */
own_err own_storage_ok(const void *storage, size_t bytes, size_t needed);

/* Total whitelisted pages of a (validated) map. */
uint32_t own_map_pages(const own_map *map);

/* Zero n bytes (the kernel build has no libc to lean on for this). */
void own_zero(void *p, size_t n);

/*
 * The whitelist index: page number -> dense index, in O(1).
 *
 * Dense indices number the whitelisted pages 0..pages-1, region after region
 * in the map's order, so a design can keep one slot per listed page and
 * nothing for the gaps.  Finding the slot must not walk the region list (a map
 * may have a thousand regions), so the 20-bit page number is cut 8/6/6:
 *
 *   level 1: 256 entries, one per 16 MiB of address space (always present);
 *   level 2: 64 entries, one per 256 KiB, for a 16 MiB chunk a region only
 *            partly covers;
 *   level 3: 64 entries, one per page, for a 256 KiB block partly covered.
 *
 * An entry is 0 (nothing listed), a FULL entry (the whole block is listed,
 * and as regions never touch, by one region, so its dense indices run on), or
 * a NODE entry.  Leaf entries hold dense+1.  Most maps are a few big aligned
 * regions and a few small devices, so most lookups stop at level 1 or 2, and
 * the index costs 1 KiB plus 256 bytes per partly covered chunk or block.
 *
 * The encoding is chosen for the fast path, a FULL entry at level 1: the low
 * bit says FULL and the rest is (dense index - page number) of the block, so
 * the dense index is one arithmetic shift and one add away, with no mask on
 * either side.  (The bias is within +-2^20, so it survives the shift; this
 * relies on >> of a negative int being arithmetic, as GCC and Clang define
 * it.)  A NODE entry is (node number + 1) << 1: even and never 0.  Level 1
 * lives inside the struct, so a design that puts the index at the start of
 * its table reaches it with no pointer load at all.
 */
#define OWN_IX_FULL_BIT 1u

typedef struct own_pageindex {
    uint32_t l1[256]; /* level 1, inline */
    uint32_t *nodes;  /* nnodes x 64 entries */
    uint32_t nnodes;
    uint32_t pages; /* whitelisted pages = number of dense indices */
} own_pageindex;

/* Bytes of node pool the index needs for a validated map (level 1 is in the
 * struct itself). */
size_t own_pageindex_bytes(const own_map *map);
/* Builds the index; its node pool goes in `mem` (own_pageindex_bytes bytes). */
void own_pageindex_build(own_pageindex *ix, void *mem, const own_map *map);

static inline uint32_t own_ix_full(uint32_t dense, uint32_t page)
{
    return ((dense - page) << 1) | OWN_IX_FULL_BIT;
}
static inline const uint32_t *own_ix_node(const own_pageindex *ix, uint32_t e)
{
    return &ix->nodes[(size_t)((e >> 1) - 1u) << 6];
}

/* Dense index of `page`, or -1 when the page is not whitelisted. */
static inline int32_t own_pageindex_find(const own_pageindex *ix, uint32_t page)
{
    uint32_t e = ix->l1[page >> 12];
    if (e & OWN_IX_FULL_BIT)
        return ((int32_t)e >> 1) + (int32_t)page;
    if (e == 0u)
        return -1;
    e = own_ix_node(ix, e)[(page >> 6) & 63u];
    if (e & OWN_IX_FULL_BIT)
        return ((int32_t)e >> 1) + (int32_t)page;
    if (e == 0u)
        return -1;
    return (int32_t)own_ix_node(ix, e)[page & 63u] - 1;
}

/* The contract's checks for a single page, after the PIDs': alignment, then
 * the whitelist.  On success *dense is the page's slot. */
static inline own_err own_pageindex_slot(const own_pageindex *ix, uint32_t addr, uint32_t *dense)
{
    if (!own_aligned(addr))
        return OWN_BAD_ALIGNMENT;
    int32_t d = own_pageindex_find(ix, own_page_of(addr));
    if (d < 0)
        return OWN_BAD_ADDRESS;
    *dense = (uint32_t)d;
    return OWN_OK;
}

/* The same checks for a design keyed by page number rather than slot. */
static inline own_err own_pageindex_page(const own_pageindex *ix, uint32_t addr, uint32_t *page)
{
    uint32_t dense;
    *page = own_page_of(addr);
    return own_pageindex_slot(ix, addr, &dense);
}

/* claim_range's checks before any of its pages, in the contract's order:
 * the PID, then the alignment; a range of no pages is then done.  1 when *e
 * is the whole answer, 0 when the pages must be looked at. */
static inline int own_range_answered(uint32_t addr, uint32_t n, uint32_t pid, own_err *e)
{
    if (!own_pid_ok(pid))
        *e = OWN_BAD_PID;
    else if (!own_aligned(addr))
        *e = OWN_BAD_ALIGNMENT;
    else {
        *e = OWN_OK;
        return n == 0u;
    }
    return 1;
}

/* The contract's ownership rules, once: claim and release need the page free
 * or the caller's; move needs it free, `from`'s or already `to`'s. */
static inline int own_may_take(uint32_t cur, uint32_t pid) { return cur == 0u || cur == pid; }
static inline int own_may_move(uint32_t cur, uint32_t from, uint32_t to)
{
    return cur == 0u || cur == from || cur == to;
}

/*
 * The ledger: pages per owner (owned[0] = free listed pages) and free pages
 * in the alloc pool (main RAM as declared: own_map_pool, not all of the
 * merged regions[ram]).  Callers pass how many of the pages changing hands
 * lie in the pool.  A design that keeps one answers count in O(1), lets
 * release_all stop once the PID's last page has gone, and answers
 * OutOfMemory without a search.  Every ownership change goes through
 * own_ledger_move, so the counts cannot drift from the table.
 */
typedef struct own_ledger {
    uint32_t owned[256];
    uint32_t ram_free;
} own_ledger;

static inline void own_ledger_init(own_ledger *l, uint32_t pages, uint32_t ram_pages)
{
    own_zero(l->owned, sizeof l->owned);
    l->owned[0] = pages;
    l->ram_free = ram_pages;
}

/* n pages, `ram` of them in the pool, pass from owner `old` to `pid`. */
static inline void own_ledger_move(own_ledger *l, uint32_t old, uint32_t pid, uint32_t n,
                                   uint32_t ram)
{
    l->owned[old] -= n;
    l->owned[pid] += n;
    if ((old == 0u) != (pid == 0u))
        l->ram_free = pid == 0u ? l->ram_free + ram : l->ram_free - ram;
}

static inline own_err own_ledger_count(const own_ledger *l, uint32_t pid, uint32_t *pages)
{
    if (pid > OWN_PID_MAX)
        return OWN_BAD_PID;
    *pages = l->owned[pid];
    return OWN_OK;
}

/* How many consecutive listed pages start at `page`, counting at most
 * `limit` (page + limit <= 2^20): lets claim_range check a long range by
 * blocks, not pages. */
uint32_t own_pageindex_run(const own_pageindex *ix, uint32_t page, uint32_t limit);

/* Dense index of a region's first page (regions numbered as in the map). */
uint32_t own_region_dense_base(const own_map *map, uint32_t region);

/* Dense index of the alloc pool's first page (the pool lies in regions[ram],
 * so its slots run on from there). */
uint32_t own_pool_dense_base(const own_map *map);

/* Pages of [p0, p1) inside [q0, q1): how much of a change falls in the pool. */
static inline uint32_t own_overlap(uint32_t p0, uint32_t p1, uint32_t q0, uint32_t q1)
{
    uint32_t lo = p0 > q0 ? p0 : q0, hi = p1 < q1 ? p1 : q1;
    return hi > lo ? hi - lo : 0u;
}

/* The index of m's lowest set bit (m != 0).  RV32IMAC has no ctz, and a
 * de Bruijn table would be a load from .rodata: one more page of the data
 * TLB (4 entries on Precursor) on every call.  The lowest bit is isolated,
 * then located by five masks, with no branch and no memory access. */
static inline uint32_t own_lowest_bit(uint32_t m)
{
    m &= 0u - m;
    return ((m & 0xffff0000u) != 0u) << 4 | ((m & 0xff00ff00u) != 0u) << 3 |
           ((m & 0xf0f0f0f0u) != 0u) << 2 | ((m & 0xccccccccu) != 0u) << 1 |
           ((m & 0xaaaaaaaau) != 0u);
}

#endif
