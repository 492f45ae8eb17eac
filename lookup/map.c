/*
 * map.c - what every design needs to know about the whitelist: is it valid,
 * how many pages does it hold, and where does a page sit among them.
 *
 * Validation lives here, once, so that every design refuses exactly the same
 * maps with exactly the same codes.  Normalising (dropping empty regions,
 * widening to pages, merging) is the loaders' job; the library only checks.
 */
#include "common.h"

const char *own_err_name(own_err e)
{
    switch (e) {
    case OWN_OK: return "ok";
    case OWN_BAD_PID: return "BadPid";
    case OWN_BAD_ALIGNMENT: return "BadAlignment";
    case OWN_BAD_ADDRESS: return "BadAddress";
    case OWN_MEMORY_IN_USE: return "MemoryInUse";
    case OWN_OUT_OF_MEMORY: return "OutOfMemory";
    case OWN_REGION_EMPTY: return "RegionEmpty";
    case OWN_REGION_UNALIGNED: return "RegionUnaligned";
    case OWN_REGION_WRAPS: return "RegionWraps";
    case OWN_REGION_OVERLAP: return "RegionOverlap";
    case OWN_TOO_MANY_REGIONS: return "TooManyRegions";
    case OWN_BAD_RAM_INDEX: return "BadRamIndex";
    case OWN_BAD_STORAGE: return "BadStorage";
    case OWN_BAD_POOL: return "BadPool";
    case OWN_ERR_COUNT: break;
    }
    return "Unknown";
}

/* One past the region's last page; at most 2^20 for a valid region. */
static uint32_t region_end(const own_region *r) { return own_page_of(r->base) + r->pages; }

own_err own_map_validate(const own_map *map)
{
    if (map == NULL || map->regions == NULL || map->count == 0u)
        return OWN_BAD_RAM_INDEX; /* no regions means no main RAM either */
    if (map->count > OWN_MAX_REGIONS)
        return OWN_TOO_MANY_REGIONS;
    for (uint32_t i = 0; i < map->count; i++) {
        const own_region *r = &map->regions[i];
        if (!own_aligned(r->base))
            return OWN_REGION_UNALIGNED;
        if (r->pages == 0u)
            return OWN_REGION_EMPTY;
        if (r->pages > OWN_PAGES_IN_SPACE - own_page_of(r->base))
            return OWN_REGION_WRAPS;
    }
    if (map->ram >= map->count)
        return OWN_BAD_RAM_INDEX;
    if (map->pool_pages == 0u ? map->pool_base != 0u : !own_aligned(map->pool_base))
        return OWN_BAD_POOL;
    if (map->pool_pages != 0u) {
        /* Pages, not bytes, so a pool ending at 2^32 compares without wrapping. */
        const own_region *r = &map->regions[map->ram];
        uint32_t p0 = own_page_of(map->pool_base), r0 = own_page_of(r->base);
        if (p0 < r0 || p0 - r0 > r->pages || map->pool_pages > r->pages - (p0 - r0))
            return OWN_BAD_POOL;
    }
    /* Touching counts as overlapping: a normalised map has merged those. */
    for (uint32_t i = 0; i < map->count; i++) {
        uint32_t a0 = own_page_of(map->regions[i].base), a1 = region_end(&map->regions[i]);
        for (uint32_t j = i + 1u; j < map->count; j++) {
            uint32_t b0 = own_page_of(map->regions[j].base), b1 = region_end(&map->regions[j]);
            if (a0 <= b1 && b0 <= a1)
                return OWN_REGION_OVERLAP;
        }
    }
    return OWN_OK;
}

own_region own_map_pool(const own_map *map)
{
    if (map->pool_pages == 0u)
        return map->regions[map->ram];
    own_region pool = {map->pool_base, map->pool_pages};
    return pool;
}

own_err own_storage_ok(const void *storage, size_t bytes, size_t needed)
{
    if (storage == NULL || ((uintptr_t)storage & (OWN_STORAGE_ALIGN - 1u)) != 0u || bytes < needed)
        return OWN_BAD_STORAGE;
    return OWN_OK;
}

uint32_t own_map_pages(const own_map *map)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < map->count; i++)
        n += map->regions[i].pages;
    return n;
}

uint32_t own_region_dense_base(const own_map *map, uint32_t region)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < region && i < map->count; i++)
        n += map->regions[i].pages;
    return n;
}

uint32_t own_pool_dense_base(const own_map *map)
{
    own_region pool = own_map_pool(map);
    return own_region_dense_base(map, map->ram) +
           (own_page_of(pool.base) - own_page_of(map->regions[map->ram].base));
}

void own_zero(void *p, size_t n)
{
    unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        b[i] = 0;
}

/*
 * Index nodes a map needs.  A chunk (16 MiB) needs a level-2 node when some
 * region touches it without covering it; as regions never overlap, a chunk
 * one region only partly covers is covered by none, so it is enough to count
 * the distinct chunks at the two ends of each region that the region does not
 * fill.  Blocks (256 KiB, level 3) likewise.  Quadratic in regions, but it
 * runs once, at boot, over at most OWN_MAX_REGIONS.
 */
static uint32_t partial_units(const own_map *map, uint32_t shift)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < map->count; i++) {
        uint32_t p0 = own_page_of(map->regions[i].base), p1 = region_end(&map->regions[i]);
        uint32_t ends[2] = {p0 >> shift, (p1 - 1u) >> shift};
        for (uint32_t k = 0; k < 2u; k++) {
            uint32_t u = ends[k];
            if (k == 1u && u == ends[0])
                break;
            uint32_t u0 = u << shift, u1 = (u + 1u) << shift;
            if (p0 <= u0 && p1 >= u1)
                continue; /* the region fills the unit */
            uint32_t seen = 0;
            for (uint32_t j = 0; j < i && !seen; j++) {
                uint32_t q0 = own_page_of(map->regions[j].base) >> shift;
                uint32_t q1 = (region_end(&map->regions[j]) - 1u) >> shift;
                seen = q0 <= u && u <= q1;
            }
            n += !seen;
        }
    }
    return n;
}

static uint32_t index_nodes(const own_map *map)
{
    return partial_units(map, 12u) + partial_units(map, 6u);
}

size_t own_pageindex_bytes(const own_map *map)
{
    return own_round(64u * (size_t)index_nodes(map) * sizeof(uint32_t));
}

/* The node an entry points to, made (zeroed) if the entry is still empty. */
static uint32_t *node(own_pageindex *ix, uint32_t *entry)
{
    if (*entry == 0u) {
        own_zero(&ix->nodes[(size_t)ix->nnodes << 6], 64u * sizeof(uint32_t));
        *entry = ++ix->nnodes << 1;
    }
    return &ix->nodes[(size_t)((*entry >> 1) - 1u) << 6];
}

void own_pageindex_build(own_pageindex *ix, void *mem, const own_map *map)
{
    ix->nodes = mem;
    ix->nnodes = 0;
    ix->pages = own_map_pages(map);
    own_zero(ix->l1, sizeof ix->l1);

    uint32_t dense = 0;
    for (uint32_t i = 0; i < map->count; i++) {
        uint32_t p0 = own_page_of(map->regions[i].base), end = region_end(&map->regions[i]);
        for (uint32_t p = p0; p < end;) {
            uint32_t c = p >> 12, c0 = c << 12, c1 = c0 + 4096u;
            uint32_t stop = end < c1 ? end : c1;
            if (p == c0 && stop == c1) {
                ix->l1[c] = own_ix_full(dense + (p - p0), p);
                p = stop;
                continue;
            }
            uint32_t *l2 = node(ix, &ix->l1[c]);
            for (uint32_t q = p; q < stop;) {
                uint32_t b = q >> 6, b0 = b << 6, b1 = b0 + 64u;
                uint32_t bstop = stop < b1 ? stop : b1;
                if (q == b0 && bstop == b1) {
                    l2[b & 63u] = own_ix_full(dense + (q - p0), q);
                } else {
                    uint32_t *l3 = node(ix, &l2[b & 63u]);
                    for (uint32_t r = q; r < bstop; r++)
                        l3[r & 63u] = dense + (r - p0) + 1u;
                }
                q = bstop;
            }
            p = stop;
        }
        dense += map->regions[i].pages;
    }
}

/* A fully listed chunk (4096 pages) or block (64) is skipped in one step;
 * each step advances, so the loop ends within `limit`. */
uint32_t own_pageindex_run(const own_pageindex *ix, uint32_t page, uint32_t limit)
{
    uint32_t n = 0;
    while (n < limit) {
        uint32_t q = page + n, e = ix->l1[q >> 12];
        if (e & OWN_IX_FULL_BIT) {
            n += 4096u - (q & 0xfffu);
            continue;
        }
        if (e == 0u)
            break;
        e = own_ix_node(ix, e)[(q >> 6) & 63u];
        if (e & OWN_IX_FULL_BIT) {
            n += 64u - (q & 63u);
            continue;
        }
        if (e == 0u || own_ix_node(ix, e)[q & 63u] == 0u)
            break;
        n++;
    }
    return n < limit ? n : limit;
}
