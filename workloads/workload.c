/*
 * workload.c - ownership states a kernel really gets into, and the address
 * streams that probe them.
 *
 * The patterns are meant to be recognisable, not exotic:
 *   boot         the kernel (PID 1) holds the bottom 1/16 of main RAM: its
 *                image, stacks and these very tables;
 *   steady       boot, then 30 processes: each device region goes to one of
 *                them whole (a 64-page window of a large one such as flash),
 *                and heaps grow in bursts of 1..16 pages from the bottom of
 *                RAM, round-robin, to 60% of RAM; then a tenth of the heap
 *                pages are given back, leaving holes as real churn does;
 *   fragmented   every listed page gets a random owner, a third stay free;
 *   checkerboard every listed page owned, owners alternating page by page.
 * Everything is claimed through the interface, so every design ends up with
 * exactly the same ownership, page for page.
 */
#include "workload.h"

const char *own_pattern_name(own_pattern p)
{
    static const char *const names[OWN_PAT_COUNT] = {"boot", "steady", "fragmented",
                                                     "checkerboard"};
    return p < OWN_PAT_COUNT ? names[p] : "?";
}

const char *own_stream_name(own_stream k)
{
    static const char *const names[OWN_STREAM_COUNT] = {"listed", "unlisted10", "ram", "other",
                                                        "local"};
    return k < OWN_STREAM_COUNT ? names[k] : "?";
}

uint32_t own_listed_pages(const own_map *m)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->count; i++)
        n += m->regions[i].pages;
    return n;
}

uint32_t own_listed_addr(const own_map *m, uint32_t i)
{
    for (uint32_t r = 0; r < m->count; r++) {
        if (i < m->regions[r].pages)
            return m->regions[r].base + (i << OWN_PAGE_SHIFT);
        i -= m->regions[r].pages;
    }
    return 0;
}

int own_is_listed(const own_map *m, uint32_t addr)
{
    uint32_t lo = 0, hi = m->count; /* first region with base > addr */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        if (m->regions[mid].base <= addr)
            lo = mid + 1u;
        else
            hi = mid;
    }
    if (lo == 0)
        return 0;
    const own_region *r = &m->regions[lo - 1u];
    return (uint64_t)addr < (uint64_t)r->base + ((uint64_t)r->pages << OWN_PAGE_SHIFT);
}

static uint32_t ram_page(const own_map *m, uint32_t k)
{
    return m->regions[m->ram].base + (k << OWN_PAGE_SHIFT);
}

static int claim_run(const own_strategy *s, own_table *t, uint32_t addr, uint32_t n, uint32_t pid)
{
    return s->claim_range(t, addr, n, pid) != OWN_OK;
}

static int boot(const own_strategy *s, own_table *t, const own_map *m)
{
    uint32_t k = m->regions[m->ram].pages / 16u;
    return claim_run(s, t, ram_page(m, 0), k ? k : 1u, OWN_PID_KERNEL);
}

static int steady(const own_strategy *s, own_table *t, const own_map *m, own_rng *r)
{
    if (boot(s, t, m))
        return 1;
    uint32_t proc = 0;
    for (uint32_t i = 0; i < m->count; i++) {
        if (i == m->ram)
            continue;
        const own_region *g = &m->regions[i];
        uint32_t n = g->pages <= 64u ? g->pages : 64u;
        uint32_t off = g->pages <= 64u ? 0u : own_rng_below(r, g->pages - 63u);
        if (claim_run(s, t, g->base + (off << OWN_PAGE_SHIFT), n, 2u + proc++ % 30u))
            return 1;
    }
    const own_region *ram = &m->regions[m->ram];
    uint32_t k = ram->pages / 16u ? ram->pages / 16u : 1u;
    uint32_t goal = (uint32_t)((uint64_t)ram->pages * 60u / 100u);
    uint32_t first_heap = k;
    for (uint32_t pid = 2; k < goal; pid = pid == 31u ? 2u : pid + 1u) {
        uint32_t n = 1u + own_rng_below(r, 16);
        if (n > goal - k)
            n = goal - k;
        if (claim_run(s, t, ram_page(m, k), n, pid))
            return 1;
        k += n;
    }
    for (uint32_t i = first_heap; i < k; i++) {
        if (own_rng_below(r, 10) != 0)
            continue;
        uint32_t pid = 0;
        if (s->owner(t, ram_page(m, i), &pid) != OWN_OK || s->release(t, ram_page(m, i), pid))
            return 1;
    }
    return 0;
}

static int per_page(const own_strategy *s, own_table *t, const own_map *m, own_rng *r, int checker)
{
    uint32_t i = 0;
    for (uint32_t g = 0; g < m->count; g++)
        for (uint32_t k = 0; k < m->regions[g].pages; k++, i++) {
            uint32_t pid;
            if (checker) {
                pid = 2u + (i & 1u);
            } else {
                uint32_t roll = own_rng_below(r, 30);
                if (roll < 10)
                    continue;
                pid = 2u + roll % 30u;
            }
            if (s->claim(t, m->regions[g].base + (k << OWN_PAGE_SHIFT), pid) != OWN_OK)
                return 1;
        }
    return 0;
}

int own_pattern_apply(const own_strategy *s, own_table *t, const own_map *m, own_pattern p,
                      uint64_t seed)
{
    own_rng r = {seed * 0x9e3779b97f4a7c15ull + 1u};
    switch (p) {
    case OWN_PAT_BOOT: return boot(s, t, m);
    case OWN_PAT_STEADY: return steady(s, t, m, &r);
    case OWN_PAT_FRAGMENTED: return per_page(s, t, m, &r, 0);
    case OWN_PAT_CHECKERBOARD: return per_page(s, t, m, &r, 1);
    case OWN_PAT_COUNT: break;
    }
    return 1;
}

int own_fill_ram(const own_strategy *s, own_table *t, const own_map *m, uint32_t permille,
                 uint64_t seed)
{
    own_rng r = {seed * 0x9e3779b97f4a7c15ull + 2u};
    uint32_t goal = (uint32_t)((uint64_t)m->regions[m->ram].pages * permille / 1000u);
    for (uint32_t k = 0; k < goal;) {
        uint32_t n = 1u + own_rng_below(&r, 16);
        if (n > goal - k)
            n = goal - k;
        if (claim_run(s, t, ram_page(m, k), n, 2u + own_rng_below(&r, 30)))
            return 1;
        k += n;
    }
    return 0;
}

/* Pages before each region, for sampling in O(log regions). */
static uint32_t before[OWN_MAX_REGIONS + 1u];

static void prefix(const own_map *m)
{
    before[0] = 0;
    for (uint32_t i = 0; i < m->count; i++)
        before[i + 1u] = before[i] + m->regions[i].pages;
}

static uint32_t dense_addr(const own_map *m, uint32_t d)
{
    uint32_t lo = 0, hi = m->count; /* last region with before[] <= d */
    while (hi - lo > 1u) {
        uint32_t mid = lo + (hi - lo) / 2u;
        if (before[mid] <= d)
            lo = mid;
        else
            hi = mid;
    }
    return m->regions[lo].base + ((d - before[lo]) << OWN_PAGE_SHIFT);
}

uint32_t own_give_share(const own_strategy *s, own_table *t, const own_map *m, uint32_t pid,
                        uint32_t permille, uint64_t seed)
{
    own_rng r = {seed * 0x9e3779b97f4a7c15ull + 3u};
    uint32_t total = own_listed_pages(m);
    uint32_t goal = (uint32_t)((uint64_t)total * permille / 1000u), given = 0;
    prefix(m);
    /* Bounded: each try looks at one run; a nearly full map just gives less. */
    for (uint32_t tries = 0; given < goal && tries < 4u * goal + 64u; tries++) {
        uint32_t i = own_rng_below(&r, total), n = 1u + own_rng_below(&r, 32);
        for (uint32_t k = 0; k < n && i + k < total && given < goal; k++) {
            uint32_t a = dense_addr(m, i + k), cur = 1;
            if (s->owner(t, a, &cur) == OWN_OK && cur == 0u && s->claim(t, a, pid) == OWN_OK)
                given++;
        }
    }
    return given;
}

static int unlisted(const own_map *m, own_rng *r, uint32_t *addr)
{
    for (uint32_t tries = 0; tries < 256u; tries++) {
        uint32_t a = (uint32_t)own_rng_next(r) & ~(OWN_PAGE_SIZE - 1u);
        if (!own_is_listed(m, a)) {
            *addr = a;
            return 0;
        }
    }
    return 1;
}

/* OWN_STREAM_LOCAL (see workload.h): runs of consecutive dense page indexes
 * (wrapping at the last listed page), restarting at recent run starts. */
enum { LOCAL_RECENT = 16u, LOCAL_RUN_MAX = 16u };
static int local_stream(const own_map *m, own_rng *r, uint32_t total, uint32_t *out, uint32_t n)
{
    uint32_t recent[LOCAL_RECENT], nrecent = 0, next = 0, cur = 0, left = 0;
    if (total == 0)
        return 1;
    for (uint32_t i = 0; i < n; i++) {
        if (left > 0) {
            cur = cur + 1u == total ? 0u : cur + 1u;
            left--;
        } else {
            left = own_rng_below(r, LOCAL_RUN_MAX); /* this page, then 0..15 more */
            if (nrecent > 0 && own_rng_below(r, 4) != 0) {
                cur = recent[own_rng_below(r, nrecent)];
            } else {
                cur = own_rng_below(r, total);
                recent[next] = cur;
                next = (next + 1u) % LOCAL_RECENT;
                if (nrecent < LOCAL_RECENT)
                    nrecent++;
            }
        }
        out[i] = dense_addr(m, cur);
    }
    return 0;
}

int own_stream_fill(const own_map *m, own_stream k, uint32_t *out, uint32_t n, uint64_t seed)
{
    own_rng r = {seed * 0x9e3779b97f4a7c15ull + 4u + k};
    uint32_t total = own_listed_pages(m), ram = m->regions[m->ram].pages;
    prefix(m);
    uint32_t ram_first = before[m->ram];
    if (k == OWN_STREAM_OTHER && total == ram)
        return 1;
    if (k == OWN_STREAM_LOCAL)
        return local_stream(m, &r, total, out, n);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t d;
        switch (k) {
        case OWN_STREAM_UNLISTED10:
            if (own_rng_below(&r, 10) == 0) {
                if (unlisted(m, &r, &out[i]))
                    return 1;
                continue;
            }
            d = own_rng_below(&r, total);
            break;
        case OWN_STREAM_RAM:
            d = ram_first + own_rng_below(&r, ram);
            break;
        case OWN_STREAM_OTHER:
            d = own_rng_below(&r, total - ram);
            if (d >= ram_first)
                d += ram; /* skip over main RAM's pages */
            break;
        default:
            d = own_rng_below(&r, total);
            break;
        }
        out[i] = dense_addr(m, d);
    }
    return 0;
}
