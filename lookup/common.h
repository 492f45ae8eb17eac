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
 * An entry is 0 (nothing listed), FULL|dense index of the block's first page
 * (the whole block is listed, and as regions never touch, by one region, so
 * its dense indices run on), or NODE|node number.  Leaf entries hold dense+1.
 * Most maps are a few big aligned regions and a few small devices, so most
 * lookups stop at level 1 or 2, and the index costs 1 KiB plus 256 bytes per
 * partly covered chunk or block.
 */
#define OWN_IX_FULL 0x80000000u
#define OWN_IX_NODE 0x40000000u
#define OWN_IX_VALUE 0x3fffffffu

typedef struct own_pageindex {
    uint32_t *l1;    /* 256 entries */
    uint32_t *nodes; /* nnodes x 64 entries */
    uint32_t nnodes;
    uint32_t pages; /* whitelisted pages = number of dense indices */
} own_pageindex;

/* Bytes the index needs for a validated map. */
size_t own_pageindex_bytes(const own_map *map);
/* Builds the index in `mem` (own_pageindex_bytes(map) bytes). */
void own_pageindex_build(own_pageindex *ix, void *mem, const own_map *map);

/* Dense index of `page`, or -1 when the page is not whitelisted. */
static inline int32_t own_pageindex_find(const own_pageindex *ix, uint32_t page)
{
    uint32_t e = ix->l1[page >> 12];
    if (e & OWN_IX_FULL)
        return (int32_t)((e & OWN_IX_VALUE) + (page & 0xfffu));
    if (!(e & OWN_IX_NODE))
        return -1;
    e = ix->nodes[((e & OWN_IX_VALUE) << 6) + ((page >> 6) & 63u)];
    if (e & OWN_IX_FULL)
        return (int32_t)((e & OWN_IX_VALUE) + (page & 63u));
    if (!(e & OWN_IX_NODE))
        return -1;
    e = ix->nodes[((e & OWN_IX_VALUE) << 6) + (page & 63u)];
    return (int32_t)e - 1;
}

/* How many consecutive listed pages start at `page`, counting at most
 * `limit` (page + limit <= 2^20): lets claim_range check a long range by
 * blocks, not pages. */
uint32_t own_pageindex_run(const own_pageindex *ix, uint32_t page, uint32_t limit);

/* Dense index of a region's first page (regions numbered as in the map). */
uint32_t own_region_dense_base(const own_map *map, uint32_t region);

#endif
