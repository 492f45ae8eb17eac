/*
 * bitmap.c - ownership as the owner's bit-planes.
 *
 * An owner is 8 bits, so a byte table (flat.c) can be cut into 8 bitmaps over
 * the dense pages: plane i holds bit i of every page's owner.  What that buys
 * is word parallelism on the question a byte table answers a page at a time,
 * "which of these 32 pages belong to PID p?": one AND over the 8 plane words,
 * each taken as is or inverted after p's bit.  release_all therefore looks at
 * a word, not a byte, per 32 pages, and frees them with 8 masked stores.
 *
 * The other way to key bitmaps by PID, one bitmap per PID, was tried and
 * rejected.  It needs 255 bitmaps where the planes need 8, about 32 times
 * the bits of a byte table (255 bits a page against 8): over a megabyte on
 * the precursor map, whose 128 MiB of flash alone is 32768 listed pages.
 * And owner() has to ask the bitmaps one after another, all 255 for a free
 * page, where the planes answer with 8 loads whatever the owner.  Its one
 * win, release_all reading 1 word per 32 pages instead of 8, is small next
 * to that.  That variant was not kept, so
 * its timings are not quoted; the planes' own, against flat and xous on the
 * same states, are rows of results/host/summary.csv (make bench-quick, or
 * make bench-host for the published medians): owner_listed, release_all_*pct
 * and alloc_*pct on each map.
 *
 * The planes are interleaved, word w of planes 0..7 side by side, so the 8
 * words owner() gathers and release_all combines share one 32-byte line.  An
 * owner lookup is still the index walk plus 8 loads and 8 shift-and-merges
 * where flat needs 1 load: that is this design's price.  Words are uint32_t
 * on every target: the kernel is RV32, and 64-bit words on the host would
 * only make the two layouts differ.
 *
 * Three small structures, all in the reserved storage, do the rest:
 *  - pages per owner (1 KiB), as in flat.c: count is O(1), and release_all
 *    stops at the word that held the PID's last page;
 *  - a busy bitmap, one bit per plane word (1 bit per 32 pages: 148 bytes on
 *    precursor), set when the word holds any owned page: release_all walks
 *    only busy words, so the mostly free 128 MiB of flash costs it 32 loads
 *    rather than 8192.  It pays where owned pages are few and clustered (a
 *    share of a mostly free map) and costs a little where every word is busy
 *    (the fragmented pattern); compare release_all_1pct and _10pct across
 *    patterns in results/host/summary.csv (make bench-quick);
 *  - a free bitmap over main RAM (bit set = free; 512 bytes for 16 MiB),
 *    indexed by the same dense words as the planes so that release_all pours
 *    its match straight in.  The words at either end of RAM may also cover a
 *    neighbouring region's pages; their bits are masked off and stay 0.
 *    alloc is next-fit on words: a cursor remembers the word it last took
 *    from, and the scan skips 32 taken pages per load, so even the first
 *    alloc on a nearly full RAM reads a thirty-second as many words as a
 *    byte-per-page scan (xous.c) reads bytes.
 *
 * popcount and ctz are written out (SWAR; de Bruijn) for RV32: rv32imac has
 * no instruction for either, and the builtins become calls into libgcc
 * (__popcountsi2 is the same SWAR behind a call, __ctzsi2 a __clz_tab lookup), which
 * a kernel may not even link.  Written out, the object needs nothing from
 * libgcc.  Where the builtins are one instruction (Zbb, POPCNT; ctz on x86
 * and arm64) they are used.
 *
 * Precursor, normalised (ENGINE and USBDEV touch, so 8 regions): 41,888
 * bytes reserved on the host, 41,864 on RV32 (the header's pointers shrink):
 * header with counters 1,128, index 3,072, planes 37,024, free 512, busy 152.
 * Nothing grows, so reserved, in use and peak are the same number.
 */
#include "common.h"

#define PLANES 8u

struct own_table {
    own_pageindex ix;
    uint32_t *plane;      /* words x PLANES, word-interleaved */
    uint32_t *free;       /* free main-RAM pages, one bit per dense page */
    uint32_t *busy;       /* one bit per plane word: does it hold an owned page? */
    uint32_t pages;       /* dense pages */
    uint32_t words;       /* plane words: ceil(pages / 32) */
    uint32_t busy_words;  /* ceil(words / 32) */
    uint32_t ram_dense;   /* the alloc pool's (main RAM's) first dense index */
    uint32_t ram_pages;   /* pages in the pool */
    uint32_t ram_base;    /* the pool's first address */
    uint32_t ram_w0;      /* dense word holding main RAM's first page */
    uint32_t free_words;  /* dense words that hold main-RAM pages */
    uint32_t lo_mask;     /* main-RAM bits of the first of them */
    uint32_t hi_mask;     /* and of the last */
    uint32_t cursor;      /* next-fit: free word to look at first */
    size_t bytes;         /* storage used */
    own_ledger ledger;    /* pages per owner, free pages in main RAM */
};

#if defined(__riscv_zbb) || defined(__POPCNT__)
static inline uint32_t popcount32(uint32_t x) { return (uint32_t)__builtin_popcount(x); }
#else
static inline uint32_t popcount32(uint32_t x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0fu;
    return (x * 0x01010101u) >> 24;
}
#endif

#if defined(__riscv_zbb) || defined(__x86_64__) || defined(__i386__) || defined(__aarch64__)
static inline uint32_t ctz32(uint32_t x) { return (uint32_t)__builtin_ctz(x); }
#else
/* x != 0.  The lowest set bit times a de Bruijn sequence names its position. */
static inline uint32_t ctz32(uint32_t x)
{
    static const uint8_t pos[32] = {0,  1,  28, 2,  29, 14, 24, 3,  30, 22, 20,
                                    15, 25, 17, 4,  8,  31, 27, 13, 23, 21, 19,
                                    16, 7,  26, 12, 18, 6,  11, 5,  10, 9};
    return pos[((x & (0u - x)) * 0x077cb531u) >> 27];
}
#endif

static uint32_t plane_words(const own_map *map)
{
    return (own_map_pages(map) + 31u) >> 5;
}

/* Dense words that hold pool pages (the pool need not start on a word). */
static uint32_t ram_words(const own_map *map)
{
    uint32_t d0 = own_pool_dense_base(map);
    uint32_t d1 = d0 + own_map_pool(map).pages - 1u;
    return (d1 >> 5) - (d0 >> 5) + 1u;
}

typedef struct parts {
    size_t index, plane, free, busy, end;
} parts;

static size_t layout(const own_map *map, parts *at)
{
    uint32_t words = plane_words(map);
    at->index = own_round(sizeof(struct own_table));
    at->plane = at->index + own_pageindex_bytes(map);
    at->free = own_round(at->plane + (size_t)words * PLANES * sizeof(uint32_t));
    at->busy = own_round(at->free + (size_t)ram_words(map) * sizeof(uint32_t));
    at->end = own_round(at->busy + (size_t)((words + 31u) >> 5) * sizeof(uint32_t));
    return at->end;
}

size_t own_bitmap_reserve(const own_map *map)
{
    parts at;
    return own_map_validate(map) == OWN_OK ? layout(map, &at) : 0u;
}

/* Which bits of free word fi are main-RAM pages. */
static inline uint32_t ram_mask(const own_table *t, uint32_t fi)
{
    uint32_t m = fi == 0u ? t->lo_mask : ~0u;
    return fi + 1u == t->free_words ? m & t->hi_mask : m;
}

own_err own_bitmap_init(own_table **out, void *storage, size_t bytes, const own_map *map)
{
    own_err e = own_map_validate(map);
    if (e != OWN_OK)
        return e;
    parts at;
    size_t need = layout(map, &at);
    if ((e = own_storage_ok(storage, bytes, need)) != OWN_OK)
        return e;
    own_table *t = storage;
    unsigned char *base = storage;
    own_zero(t, sizeof *t);
    own_pageindex_build(&t->ix, base + at.index, map);
    t->pages = t->ix.pages;
    t->words = plane_words(map);
    t->busy_words = (t->words + 31u) >> 5;
    t->plane = (uint32_t *)(void *)(base + at.plane);
    t->free = (uint32_t *)(void *)(base + at.free);
    t->busy = (uint32_t *)(void *)(base + at.busy);
    /* All planes 0 is owner 0 everywhere, the tail past the last page too. */
    own_zero(t->plane, (size_t)t->words * PLANES * sizeof(uint32_t));
    own_zero(t->busy, (size_t)t->busy_words * sizeof(uint32_t));
    own_region pool = own_map_pool(map);
    t->ram_dense = own_pool_dense_base(map);
    t->ram_pages = pool.pages;
    t->ram_base = pool.base;
    t->ram_w0 = t->ram_dense >> 5;
    t->free_words = ram_words(map);
    t->lo_mask = ~0u << (t->ram_dense & 31u);
    uint32_t end = (t->ram_dense + t->ram_pages) & 31u; /* 0: RAM ends on a word */
    t->hi_mask = end != 0u ? (1u << end) - 1u : ~0u;
    for (uint32_t fi = 0; fi < t->free_words; fi++)
        t->free[fi] = ram_mask(t, fi);
    own_ledger_init(&t->ledger, t->pages, t->ram_pages);
    t->bytes = need;
    *out = t;
    return OWN_OK;
}

void own_bitmap_fini(own_table *t) { (void)t; }

static inline uint32_t get_owner(const own_table *t, uint32_t d)
{
    const uint32_t *w = &t->plane[(size_t)(d >> 5) * PLANES];
    uint32_t b = d & 31u;
    return ((w[0] >> b) & 1u) | ((w[1] >> b) & 1u) << 1 | ((w[2] >> b) & 1u) << 2 |
           ((w[3] >> b) & 1u) << 3 | ((w[4] >> b) & 1u) << 4 | ((w[5] >> b) & 1u) << 5 |
           ((w[6] >> b) & 1u) << 6 | ((w[7] >> b) & 1u) << 7;
}

/* The one place a single page changes hands, so the counters cannot drift
 * (release_all, which frees whole words, keeps them by the same rules). */
static void set_owner(own_table *t, uint32_t d, uint32_t old, uint32_t pid)
{
    uint32_t *w = &t->plane[(size_t)(d >> 5) * PLANES];
    uint32_t b = d & 31u, bit = 1u << b;
    uint32_t any = 0;
    for (uint32_t i = 0; i < PLANES; i++) {
        w[i] = (w[i] & ~bit) | ((pid >> i) & 1u) << b;
        any |= w[i];
    }
    uint32_t *u = &t->busy[d >> 10], ubit = 1u << ((d >> 5) & 31u);
    *u = pid != 0u || any != 0u ? *u | ubit : *u & ~ubit;
    uint32_t in_ram = d - t->ram_dense < t->ram_pages;
    own_ledger_move(&t->ledger, old, pid, 1u, in_ram);
    if (in_ram) {
        uint32_t *f = &t->free[(d >> 5) - t->ram_w0];
        *f = pid == 0u ? *f | bit : *f & ~bit;
    }
}

own_err own_bitmap_owner(const own_table *t, uint32_t addr, uint32_t *pid)
{
    int32_t d = own_pageindex_find(&t->ix, own_page_of(addr));
    if (d < 0)
        return OWN_BAD_ADDRESS;
    *pid = get_owner(t, (uint32_t)d);
    return OWN_OK;
}

own_err own_bitmap_claim(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t d;
    own_err e = own_pid_ok(pid) ? own_pageindex_slot(&t->ix, addr, &d) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    uint32_t cur = get_owner(t, d);
    if (!own_may_take(cur, pid))
        return OWN_MEMORY_IN_USE;
    if (cur == 0u)
        set_owner(t, d, 0u, pid);
    return OWN_OK;
}

own_err own_bitmap_release(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t d;
    own_err e = own_pid_ok(pid) ? own_pageindex_slot(&t->ix, addr, &d) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    uint32_t cur = get_owner(t, d);
    if (!own_may_take(cur, pid))
        return OWN_MEMORY_IN_USE;
    if (cur != 0u)
        set_owner(t, d, cur, 0u);
    return OWN_OK;
}

own_err own_bitmap_move(own_table *t, uint32_t addr, uint32_t from, uint32_t to)
{
    uint32_t d;
    own_err e = own_pid_ok(from) && own_pid_ok(to) ? own_pageindex_slot(&t->ix, addr, &d) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    uint32_t cur = get_owner(t, d);
    if (!own_may_move(cur, from, to))
        return OWN_MEMORY_IN_USE;
    if (cur != to)
        set_owner(t, d, cur, to);
    return OWN_OK;
}

own_err own_bitmap_claim_range(own_table *t, uint32_t addr, uint32_t n, uint32_t pid)
{
    own_err e;
    if (own_range_answered(addr, n, pid, &e))
        return e;
    uint32_t p0 = own_page_of(addr);
    /* Check every page first (all or nothing); the loop ends by 2^20 pages. */
    for (uint32_t i = 0; i < n; i++) {
        if (i >= OWN_PAGES_IN_SPACE - p0)
            return OWN_BAD_ADDRESS;
        int32_t d = own_pageindex_find(&t->ix, p0 + i);
        if (d < 0)
            return OWN_BAD_ADDRESS;
        uint32_t cur = get_owner(t, (uint32_t)d);
        if (!own_may_take(cur, pid))
            return OWN_MEMORY_IN_USE;
    }
    /* All listed and one region's (regions never touch), so dense runs on. */
    if (n != 0u) {
        uint32_t d0 = (uint32_t)own_pageindex_find(&t->ix, p0);
        for (uint32_t i = 0; i < n; i++)
            if (get_owner(t, d0 + i) == 0u)
                set_owner(t, d0 + i, 0u, pid);
    }
    return OWN_OK;
}

own_err own_bitmap_release_all(own_table *t, uint32_t pid, uint32_t *freed)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    /* Plane i XOR x[i] has a 1 where the page's bit i equals the PID's. */
    uint32_t x[PLANES];
    for (uint32_t i = 0; i < PLANES; i++)
        x[i] = ((pid >> i) & 1u) - 1u;
    uint32_t want = t->ledger.owned[pid], left = want;
    /* Only words holding some owned page are looked at: a mostly free flash
     * region costs one busy word per 1024 pages, not 8 plane words per 32. */
    for (uint32_t u = 0; u < t->busy_words && left != 0u; u++) {
        uint32_t todo = t->busy[u];
        while (todo != 0u && left != 0u) { /* at most 32 rounds */
            uint32_t k = ctz32(todo), w = (u << 5) + k;
            todo &= todo - 1u;
            uint32_t *p = &t->plane[(size_t)w * PLANES];
            uint32_t m = (p[0] ^ x[0]) & (p[1] ^ x[1]) & (p[2] ^ x[2]) & (p[3] ^ x[3]) &
                         (p[4] ^ x[4]) & (p[5] ^ x[5]) & (p[6] ^ x[6]) & (p[7] ^ x[7]);
            if (m == 0u)
                continue;
            uint32_t any = 0;
            for (uint32_t i = 0; i < PLANES; i++) {
                p[i] &= ~m;
                any |= p[i];
            }
            if (any == 0u)
                t->busy[u] &= ~(1u << k);
            left -= popcount32(m);
            uint32_t fi = w - t->ram_w0;
            if (fi < t->free_words) {
                uint32_t f = m & ram_mask(t, fi);
                t->free[fi] |= f;
                t->ledger.ram_free += popcount32(f);
            }
        }
    }
    t->ledger.owned[pid] = 0u;
    t->ledger.owned[0] += want;
    *freed = want;
    return OWN_OK;
}

own_err own_bitmap_count(const own_table *t, uint32_t pid, uint32_t *pages)
{
    return own_ledger_count(&t->ledger, pid, pages);
}

own_err own_bitmap_alloc(own_table *t, uint32_t pid, uint32_t *addr)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    if (t->ledger.ram_free == 0u)
        return OWN_OUT_OF_MEMORY;
    /* A free page exists, so this ends within one lap of the free words. */
    uint32_t fi = t->cursor;
    for (uint32_t n = 0; n < t->free_words && t->free[fi] == 0u; n++)
        fi = fi + 1u == t->free_words ? 0u : fi + 1u;
    uint32_t d = ((t->ram_w0 + fi) << 5) + ctz32(t->free[fi]);
    set_owner(t, d, 0u, pid);
    t->cursor = fi;
    *addr = t->ram_base + ((d - t->ram_dense) << OWN_PAGE_SHIFT);
    return OWN_OK;
}

size_t own_bitmap_inuse(const own_table *t) { return t->bytes; }
size_t own_bitmap_peak(const own_table *t) { return t->bytes; }

OWN_STRATEGY(bitmap);
