/*
 * floor.c - the lookup floor (see floor.h): a byte array over one span.
 */
#include <string.h>
#include "floor.h"

struct own_table {
    uint8_t *bytes;
    uint32_t base; /* address of bytes[0] */
    uint32_t pages;
    size_t size; /* storage used */
};

static uint32_t widen_lo = UINT32_MAX, widen_hi; /* pages; lo > hi: none */

void floor_widen(const uint32_t *addrs, uint32_t n)
{
    widen_lo = UINT32_MAX;
    widen_hi = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t p = addrs[i] >> OWN_PAGE_SHIFT;
        if (p < widen_lo)
            widen_lo = p;
        if (p > widen_hi)
            widen_hi = p;
    }
}

static int span(const own_map *m, uint32_t *lo, uint32_t *pages)
{
    if (m->count == 0)
        return 0;
    uint32_t a = widen_lo, b = widen_hi;
    if (a > b) { /* no widening: start from the first region */
        a = m->regions[0].base >> OWN_PAGE_SHIFT;
        b = a;
    }
    for (uint32_t i = 0; i < m->count; i++) {
        uint32_t first = m->regions[i].base >> OWN_PAGE_SHIFT;
        uint32_t last = first + m->regions[i].pages - 1u;
        if (first < a)
            a = first;
        if (last > b)
            b = last;
    }
    *lo = a;
    *pages = b - a + 1u;
    return 1;
}

static size_t header(void) { return (sizeof(struct own_table) + 7u) & ~(size_t)7u; }

static size_t floor_reserve(const own_map *m)
{
    uint32_t lo, pages;
    return span(m, &lo, &pages) ? header() + pages : 0u;
}

static own_err floor_init(own_table **out, void *storage, size_t bytes, const own_map *m)
{
    uint32_t lo, pages;
    if (!span(m, &lo, &pages))
        return OWN_REGION_EMPTY;
    if (storage == NULL || bytes < header() + pages)
        return OWN_BAD_STORAGE;
    own_table *t = storage;
    t->bytes = (uint8_t *)storage + header();
    t->base = lo << OWN_PAGE_SHIFT;
    t->pages = pages;
    t->size = header() + pages;
    memset(t->bytes, 0, pages);
    *out = t;
    return OWN_OK;
}

static void floor_fini(own_table *t) { (void)t; }

/* The one that matters: a single load, nothing else. */
static own_err floor_owner(const own_table *t, uint32_t addr, uint32_t *pid)
{
    *pid = t->bytes[(addr - t->base) >> OWN_PAGE_SHIFT];
    return OWN_OK;
}

/* Just enough for the workloads to build the same states. */
static own_err floor_claim(own_table *t, uint32_t addr, uint32_t pid)
{
    t->bytes[(addr - t->base) >> OWN_PAGE_SHIFT] = (uint8_t)pid;
    return OWN_OK;
}
static own_err floor_release(own_table *t, uint32_t addr, uint32_t pid)
{
    (void)pid;
    t->bytes[(addr - t->base) >> OWN_PAGE_SHIFT] = 0;
    return OWN_OK;
}
static own_err floor_move(own_table *t, uint32_t addr, uint32_t from, uint32_t to)
{
    (void)from;
    return floor_claim(t, addr, to);
}
static own_err floor_claim_range(own_table *t, uint32_t addr, uint32_t n, uint32_t pid)
{
    for (uint32_t k = 0; k < n; k++)
        floor_claim(t, addr + (k << OWN_PAGE_SHIFT), pid);
    return OWN_OK;
}
static own_err floor_release_all(own_table *t, uint32_t pid, uint32_t *freed)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->pages; i++)
        if (t->bytes[i] == pid) {
            t->bytes[i] = 0;
            n++;
        }
    *freed = n;
    return OWN_OK;
}
static own_err floor_count(const own_table *t, uint32_t pid, uint32_t *pages)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->pages; i++)
        n += t->bytes[i] == pid;
    *pages = n;
    return OWN_OK;
}
static own_err floor_alloc(own_table *t, uint32_t pid, uint32_t *addr)
{
    (void)t, (void)pid, (void)addr;
    return OWN_OUT_OF_MEMORY;
}
static size_t floor_inuse(const own_table *t) { return t->size; }

const own_strategy own_strategy_floor = {
    "floor",           floor_reserve,     floor_init,  floor_fini,  floor_owner,
    floor_claim,       floor_release,     floor_move,  floor_claim_range,
    floor_release_all, floor_count,       floor_alloc, floor_inuse, floor_inuse,
};
