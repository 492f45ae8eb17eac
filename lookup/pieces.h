/*
 * pieces.h - slot numbering for a design that keeps a byte per listed page
 * with main RAM's alloc pool first (split.c, freemap.c).
 *
 * Slots 0..pool_pages-1 are the pool's pages, so a pool page is found by one
 * subtraction and one compare.  Every other listed run of pages -- a region,
 * or what a merged device added to main RAM's region below or above the
 * pool -- is a "piece", and the pieces' pages follow from `other0` (the pool
 * rounded up to a word) in address order.  A page outside the pool is tried
 * against the largest piece (the flash: 89% of Precursor's listed pages, 90%
 * of Baochip-1x's) by subtraction, then found by a binary search over the
 * pieces, 12 bytes each, sorted by first page: 4 steps on Baochip-1x's 14
 * merged regions, where Xous walks the region list a step per region.
 *
 * Pure and static: each includer gets its own copy, nothing allocates, every
 * loop is bounded by the map's size.
 */
#ifndef OWNLAB_PIECES_H
#define OWNLAB_PIECES_H

#include "common.h"

typedef struct piece {
    uint32_t first; /* first page number */
    uint32_t pages;
    uint32_t slot; /* first slot */
} piece;

typedef struct own_pieces {
    piece big;      /* the largest piece outside the pool, copied here */
    piece *at;      /* every piece, the pool's too, sorted by first page */
    uint32_t n;
    uint32_t other0; /* first slot outside the pool (a multiple of 4) */
    uint32_t slots;  /* slots in all: other0 + the pages outside the pool */
} own_pieces;

/* The pool splits regions[ram] into up to three pieces. */
static inline uint32_t own_pieces_count(const own_map *map)
{
    const own_region *r = &map->regions[map->ram];
    own_region pool = own_map_pool(map);
    uint32_t r0 = own_page_of(r->base), p0 = own_page_of(pool.base);
    return map->count + (p0 > r0) + (p0 + pool.pages < r0 + r->pages);
}

/* Pool slots rounded up to a word, so that the other pieces start on one. */
static inline uint32_t own_pieces_other0(uint32_t pool_pages) { return (pool_pages + 3u) & ~3u; }

/* Slots a map needs: the pool rounded to a word, then every other page. */
static inline uint32_t own_pieces_slots(const own_map *map)
{
    uint32_t pool = own_map_pool(map).pages;
    return own_pieces_other0(pool) + own_map_pages(map) - pool;
}

static inline void own_pieces_add(own_pieces *ps, uint32_t first, uint32_t pages)
{
    if (pages == 0u)
        return;
    /* Insertion in address order: quadratic in regions, once, at boot, and
     * bounded by OWN_MAX_REGIONS + 2 pieces. */
    uint32_t i = ps->n++;
    for (; i > 0u && ps->at[i - 1u].first > first; i--)
        ps->at[i] = ps->at[i - 1u];
    ps->at[i].first = first;
    ps->at[i].pages = pages;
}

/* The pieces of a validated map in `mem` (own_pieces_count entries), the
 * pool's at slot 0 and the others numbered from other0 in address order. */
static inline void own_pieces_build(own_pieces *ps, piece *mem, const own_map *map)
{
    own_region pool = own_map_pool(map);
    uint32_t pool_first = own_page_of(pool.base);
    ps->at = mem;
    ps->n = 0;
    ps->big.first = ps->big.pages = ps->big.slot = 0u;
    for (uint32_t i = 0; i < map->count; i++) {
        uint32_t r0 = own_page_of(map->regions[i].base), n = map->regions[i].pages;
        if (i != map->ram) {
            own_pieces_add(ps, r0, n);
            continue;
        }
        own_pieces_add(ps, r0, pool_first - r0);
        own_pieces_add(ps, pool_first, pool.pages);
        own_pieces_add(ps, pool_first + pool.pages, r0 + n - (pool_first + pool.pages));
    }
    ps->other0 = own_pieces_other0(pool.pages);
    uint32_t next = ps->other0;
    for (uint32_t i = 0; i < ps->n; i++) {
        piece *p = &ps->at[i];
        if (p->first == pool_first) {
            p->slot = 0u;
            continue;
        }
        p->slot = next;
        next += p->pages;
        if (p->pages > ps->big.pages)
            ps->big = *p;
    }
    ps->slots = next;
}

/* The piece holding `page`, or NULL. */
static inline const piece *own_piece_find(const own_pieces *ps, uint32_t page)
{
    const piece *p = ps->at;
    /* last piece with first <= page: halves a range of n each step */
    for (uint32_t n = ps->n; n > 1u;) {
        uint32_t half = n >> 1;
        if (p[half].first <= page) {
            p += half;
            n -= half;
        } else {
            n = half;
        }
    }
    return page - p->first < p->pages ? p : NULL; /* wraps when page < first */
}

/* The slot of a page outside the pool, or -1 when it is not listed: the
 * largest piece by subtraction, then the search. */
static inline int32_t own_pieces_other_slot(const own_pieces *ps, uint32_t page)
{
    uint32_t d = page - ps->big.first;
    if (d < ps->big.pages)
        return (int32_t)(ps->big.slot + d);
    const piece *p = own_piece_find(ps, page);
    return p != NULL ? (int32_t)(p->slot + (page - p->first)) : -1;
}

/* The slot of `page` in a table whose pool starts at page pool_first, or
 * -1 when it is not listed. */
static inline int32_t own_pieces_slot(const own_pieces *ps, uint32_t pool_first, uint32_t pool_pages,
                                      uint32_t page)
{
    uint32_t d = page - pool_first;
    return d < pool_pages ? (int32_t)d : own_pieces_other_slot(ps, page);
}

/* Alignment, then the whitelist: the contract's order after the PIDs'. */
static inline own_err own_pieces_slot_checked(const own_pieces *ps, uint32_t pool_first,
                                              uint32_t pool_pages, uint32_t addr, uint32_t *slot)
{
    if (!own_aligned(addr))
        return OWN_BAD_ALIGNMENT;
    int32_t s = own_pieces_slot(ps, pool_first, pool_pages, own_page_of(addr));
    if (s < 0)
        return OWN_BAD_ADDRESS;
    *slot = (uint32_t)s;
    return OWN_OK;
}

/* The pool slot of an aligned address, or pool_pages (never a slot) for an
 * unaligned one or one outside the pool: the single-page fast paths' test. */
static inline uint32_t own_pieces_pool_slot(uint32_t pool_first, uint32_t pool_pages, uint32_t addr)
{
    uint32_t d = own_page_of(addr) - pool_first;
    return own_aligned(addr) ? d : pool_pages;
}

/* A run of slots [s, end). */
typedef struct own_slot_run {
    uint32_t s, end;
} own_slot_run;

/* A range of pages crosses from one piece to the next only where pieces
 * touch, and only the pool and the rest of a merged RAM region do (the
 * normaliser leaves no two regions touching): at most three runs. */
#define OWN_PIECE_RUNS 3u

/* The slot runs of pages [p0, p0 + n), n > 0, in address order, into out
 * (OWN_PIECE_RUNS entries), as far as the pages are listed: how many runs,
 * and *whole says whether they cover all n pages.  (The contract checks a
 * range's pages in address order, so a caller checks the runs' ownership
 * first and answers BadAddress only when they pass and *whole is 0.) */
static inline uint32_t own_pieces_runs(const own_pieces *ps, uint32_t p0, uint32_t n, own_slot_run *out,
                                       int *whole)
{
    const piece *p = own_piece_find(ps, p0), *last = ps->at + ps->n;
    uint32_t q = p0, left = n, k = 0;
    *whole = 0;
    if (p == NULL)
        return 0u;
    /* each round consumes a piece; q never passes 2^20 */
    for (; left != 0u; p++, k++) {
        if (p == last || k == OWN_PIECE_RUNS || q - p->first >= p->pages)
            return k;
        uint32_t off = q - p->first, run = p->pages - off < left ? p->pages - off : left;
        out[k].s = p->slot + off;
        out[k].end = p->slot + off + run;
        q += run;
        left -= run;
    }
    *whole = 1;
    return k;
}

#endif
