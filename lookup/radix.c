/*
 * radix.c - a three-level table over the page number whose upper entries can
 * stand for a whole block: the shape of ARM's granule protection tables, or
 * of an xarray whose slots are small integers rather than pointers.
 *
 * The 20-bit page number is cut 8/6/6, the same cut as the whitelist index
 * (common.h), so the two can be read side by side:
 *
 *   top:   256 entries, one per 16 MiB chunk, inside the header;
 *   mid:   a node of 64 entries, one per 256 KiB block of a chunk;
 *   leaf:  64 pages of a block.
 *
 * Every entry is a uint16_t and means one of three things:
 *
 *   0x0000..0x00ff   UNIFORM: every page below belongs to this owner (0 = free)
 *   0x0100..0x7fff   NODE:    node16 number (entry - 0x100), 64 more entries
 *   0x8000..0xffff   LEAF:    leaf8 number (entry - 0x8000), 64 owner bytes
 *
 * There is no NOT_LISTED tag.  Node16 number 0 is the hole: all 64 of its
 * entries point back at itself.  An unlisted chunk's top entry points at the
 * hole, so does an unlisted block's mid entry, and the hole's own entries,
 * reached at the leaf level, are not owners: the walk ends there with
 * BadAddress.  A lookup therefore asks only "is this an owner yet?" at each
 * level, and the rare unlisted address pays for a full walk instead of every
 * address paying for a hole test.  (The trick is the page table's shared zero
 * page, run backwards.)
 *
 * Two leaf formats, because two kinds of block exist:
 *  - a block entirely listed needs 256 values per page and never a hole, so
 *    it splits into a leaf8, a byte per page;
 *  - a block only partly listed (a region's ragged end, a small device) is
 *    built once at init as a node16 whose entries are owners for the listed
 *    pages and the hole for the rest: it is a leaf by position, not by format,
 *    and is never split or collapsed.
 * So owner() is: top entry; if not an owner, one node16 entry; if not an
 * owner, either a leaf8 byte or one more node16 entry.  Nodes are addressed
 * from biased bases (the pool shifted by the first tag times the node size)
 * so a tag becomes an address with one shift and one add, and a leaf8 tag is
 * negative as int16_t, so its test is the sign of a signed load.  On RV32
 * that is 9 instructions for a uniform chunk, 17 for a uniform block, 25 for
 * a leaf8 page: on the Precursor map after a kernel's steady state, most
 * listed pages are flash in uniform chunks, and the average is about 11.
 *
 * Splits happen on demand: a uniform chunk that gets a differing page becomes
 * a mid node of 64 uniform entries, a uniform block a leaf8 of 64 equal
 * bytes.  Collapses happen on change: after a leaf8 is written it is checked
 * (at most 64 compares, stopping at the first difference) and folded back to
 * UNIFORM when all its bytes agree; a mid node likewise, when all 64 entries
 * are the same owner.  Collapsed nodes go on a free list, so the pool never
 * leaks.  The mid nodes of partly listed chunks always hold a hole or a
 * ragged leaf, never collapse, and are never freed: they are the static part
 * of the table, built at init.
 *
 * Sizing: a leaf8 can only exist for a fully listed block and a dynamic mid
 * node only for a fully listed chunk, one each at most, so the pool that
 * holds one of everything is the worst case and no split can ever find it
 * empty (so the operations that split have no new way to fail):
 *   reserve = header + (1 + partial chunks + partial blocks + full chunks) * 128
 *                    + full blocks * 64.
 * The tags fit: at most 1 + 256 + 2 * OWN_MAX_REGIONS node16s and 16384
 * leaf8s.  Filling every page with alternating owners reaches reserve exactly.
 * That is about flat's byte per page; inuse() counts only the header, the
 * static nodes and what is split right now, which on a real kernel's maps is
 * a few KiB.  That gap is this design's finding.
 *
 * Beside the table: pages per owner (count in O(1), release_all stops when a
 * PID has nothing left, alloc knows OutOfMemory at once) and a next-fit
 * cursor over main RAM that jumps whole uniform blocks and chunks.
 */
#include "common.h"

#define R_OWNERS 0x100u  /* entries below are owners */
#define R_HOLE 0x100u    /* node16 number 0: points at itself */
#define R_LEAF 0x8000u   /* entries from here on are leaf8s */
#define R_FAN 64u
#define R_NODE16_BYTES (R_FAN * sizeof(uint16_t))
#define R_LEAF8_BYTES R_FAN
#define R_CHUNK_SHIFT 12u /* pages per chunk = 1 << 12 */
#define R_BLOCK_SHIFT 6u  /* pages per block = 1 << 6 */
#define R_NIL 0xffffu     /* end of a free list (no pool reaches 0xffff nodes) */

struct own_table {
    uint16_t top[256];
    uintptr_t b16;        /* node16 pool - R_OWNERS * R_NODE16_BYTES */
    uintptr_t b8;         /* leaf8 pool + R_LEAF * R_LEAF8_BYTES: see leaf8() */
    uint32_t n16_bump;    /* node16s ever handed out (the rest never touched) */
    uint32_t n16_free;    /* free list head, R_NIL when empty */
    uint32_t n16_live;
    uint32_t n8_bump;
    uint32_t n8_free;
    uint32_t n8_live;
    uint32_t ram_p0;      /* the alloc pool's (main RAM's) first page */
    uint32_t ram_pages;   /* pages in the pool */
    uint32_t edge_block[2]; /* blocks the pool's first and last page cut (~0u: none) */
    uint32_t cursor;      /* next-fit: RAM page to look at first */
    size_t peak;
    own_ledger ledger;    /* pages per owner, free pages in the pool */
};

/*
 * The entry kinds by name, as Linux's xarray names its own (xa_is_value,
 * xa_is_node, xa_to_node): one small predicate per kind and a converter each
 * way between a node's number in its pool and its entry, so that no code
 * below compares an entry with the encoding's ranges by hand and the
 * encoding can be read, or changed, here alone.  They compile to the same
 * single compare the raw ranges did.
 */
static inline int r_is_owner(uint32_t e) { return e < R_OWNERS; } /* UNIFORM */
static inline int r_is_leaf8(uint32_t e) { return e >= R_LEAF; }
static inline int r_is_hole(uint32_t e) { return e == R_HOLE; }
/* Of the entries that are not leaf8s, the node16s that hold something (a mid
 * node, or below one a ragged leaf) rather than the hole: the hole is the
 * first node16, so they are the entries above it. */
static inline int r_is_live_node16(uint32_t e) { return e > R_HOLE; }
/* The same tests on an entry loaded sign-extended (owner()'s fast path):
 * leaf8 tags are exactly the negative ones. */
static inline int r_signed_is_owner(int32_t m) { return (uint32_t)m < R_OWNERS; }
static inline int r_signed_is_leaf8(int32_t m) { return m < 0; }
static inline uint32_t r_node16_entry(uint32_t k) { return R_OWNERS + k; }
static inline uint32_t r_node16_number(uint32_t e) { return e - R_OWNERS; }
static inline uint32_t r_leaf8_entry(uint32_t k) { return R_LEAF + k; }
static inline uint32_t r_leaf8_number(uint32_t e) { return e - R_LEAF; }

static inline uint16_t *node16(const own_table *t, uint32_t e)
{
    return (uint16_t *)(t->b16 + (uintptr_t)e * R_NODE16_BYTES);
}

/* Leaf tags are negative as int16_t, so owner() can load entries signed and
 * tell a leaf by its sign alone (bltz, no constant); the bias is then
 * pool + 0x8000 * 64, and the same sum serves a tag held unsigned. */
static inline uint8_t *leaf8(const own_table *t, uint32_t e)
{
    return (uint8_t *)(t->b8 + (uintptr_t)((intptr_t)(int16_t)e * (intptr_t)R_LEAF8_BYTES));
}

/* ---- sizing ---------------------------------------------------------- */

/* Units of 2^s pages that [p0, p1) covers entirely. */
static uint32_t full_units(uint32_t p0, uint32_t p1, uint32_t s)
{
    uint32_t lo = (p0 + (1u << s) - 1u) >> s, hi = p1 >> s;
    return hi > lo ? hi - lo : 0u;
}

/*
 * Distinct units a region touches without filling.  Only a region's two end
 * units can be such, and a unit shared by several small regions must count
 * once, so each end is counted by the first region that touches it.
 * Quadratic in regions, but only at reserve and init.
 */
static uint32_t partial_units(const own_map *map, uint32_t s)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < map->count; i++) {
        uint32_t p0 = own_page_of(map->regions[i].base), p1 = p0 + map->regions[i].pages;
        uint32_t ends[2] = {p0 >> s, (p1 - 1u) >> s};
        for (uint32_t k = 0; k < 2u; k++) {
            uint32_t u = ends[k];
            if (k == 1u && u == ends[0])
                break;
            if (p0 <= (u << s) && p1 >= ((u + 1u) << s))
                continue;
            uint32_t seen = 0;
            for (uint32_t j = 0; j < i && !seen; j++) {
                uint32_t q0 = own_page_of(map->regions[j].base);
                uint32_t q1 = q0 + map->regions[j].pages - 1u;
                seen = (q0 >> s) <= u && u <= (q1 >> s);
            }
            n += !seen;
        }
    }
    return n;
}

static size_t layout(const own_map *map, uint32_t *n16, uint32_t *n8)
{
    uint32_t fc = 0, fb = 0;
    for (uint32_t i = 0; i < map->count; i++) {
        uint32_t p0 = own_page_of(map->regions[i].base), p1 = p0 + map->regions[i].pages;
        fc += full_units(p0, p1, R_CHUNK_SHIFT);
        fb += full_units(p0, p1, R_BLOCK_SHIFT);
    }
    *n16 = 1u + partial_units(map, R_CHUNK_SHIFT) + partial_units(map, R_BLOCK_SHIFT) + fc;
    *n8 = fb;
    return own_round(sizeof(struct own_table)) + (size_t)*n16 * R_NODE16_BYTES +
           (size_t)*n8 * R_LEAF8_BYTES;
}

size_t own_radix_reserve(const own_map *map)
{
    uint32_t a, b;
    return own_map_validate(map) == OWN_OK ? layout(map, &a, &b) : 0u;
}

/* ---- the pool ------------------------------------------------------- */

static size_t inuse(const own_table *t)
{
    return own_round(sizeof(struct own_table)) + (size_t)t->n16_live * R_NODE16_BYTES +
           (size_t)t->n8_live * R_LEAF8_BYTES;
}

static void note_peak(own_table *t)
{
    size_t n = inuse(t);
    if (n > t->peak)
        t->peak = n;
}

/* A node16 whose 64 entries are all v; returns its entry.  The pool was
 * sized for every node that can exist at once, so it cannot run dry. */
static uint32_t new16(own_table *t, uint32_t v)
{
    uint32_t k = t->n16_free;
    if (k != R_NIL)
        t->n16_free = node16(t, r_node16_entry(k))[0];
    else
        k = t->n16_bump++;
    uint16_t *n = node16(t, r_node16_entry(k));
    for (uint32_t i = 0; i < R_FAN; i++)
        n[i] = (uint16_t)v;
    t->n16_live++;
    note_peak(t);
    return r_node16_entry(k);
}

static void free16(own_table *t, uint32_t e)
{
    node16(t, e)[0] = (uint16_t)t->n16_free;
    t->n16_free = r_node16_number(e);
    t->n16_live--;
}

static uint32_t new8(own_table *t, uint32_t v)
{
    uint32_t k = t->n8_free;
    if (k != R_NIL) {
        const uint8_t *l = leaf8(t, r_leaf8_entry(k));
        t->n8_free = (uint32_t)l[0] | (uint32_t)l[1] << 8;
    } else {
        k = t->n8_bump++;
    }
    uint8_t *l = leaf8(t, r_leaf8_entry(k));
    for (uint32_t i = 0; i < R_FAN; i++)
        l[i] = (uint8_t)v;
    t->n8_live++;
    note_peak(t);
    return r_leaf8_entry(k);
}

static void free8(own_table *t, uint32_t e)
{
    uint8_t *l = leaf8(t, e); /* the link lives in its first two bytes */
    l[0] = (uint8_t)t->n8_free;
    l[1] = (uint8_t)(t->n8_free >> 8);
    t->n8_free = r_leaf8_number(e);
    t->n8_live--;
}

/* ---- init ----------------------------------------------------------- */

own_err own_radix_init(own_table **out, void *storage, size_t bytes, const own_map *map)
{
    own_err e = own_map_validate(map);
    if (e != OWN_OK)
        return e;
    uint32_t n16, n8;
    size_t need = layout(map, &n16, &n8);
    if ((e = own_storage_ok(storage, bytes, need)) != OWN_OK)
        return e;
    own_table *t = storage;
    unsigned char *pool = (unsigned char *)storage + own_round(sizeof(struct own_table));
    own_zero(t, sizeof *t);
    t->b16 = (uintptr_t)pool - (uintptr_t)R_OWNERS * R_NODE16_BYTES;
    t->b8 = (uintptr_t)(pool + (size_t)n16 * R_NODE16_BYTES) + (uintptr_t)R_LEAF * R_LEAF8_BYTES;
    t->n16_free = R_NIL;
    t->n8_free = R_NIL;
    (void)new16(t, R_HOLE); /* number 0: the hole, pointing at itself */
    for (uint32_t c = 0; c < 256u; c++)
        t->top[c] = R_HOLE;

    /* The static part: full chunks become UNIFORM(free) at once; partly
     * listed chunks get a mid node, and partly listed blocks a ragged leaf. */
    for (uint32_t i = 0; i < map->count; i++) {
        uint32_t p = own_page_of(map->regions[i].base), end = p + map->regions[i].pages;
        while (p < end) {
            uint32_t c = p >> R_CHUNK_SHIFT, c0 = c << R_CHUNK_SHIFT, c1 = c0 + 4096u;
            uint32_t cstop = end < c1 ? end : c1;
            if (p == c0 && cstop == c1) {
                t->top[c] = 0;
                p = cstop;
                continue;
            }
            if (r_is_hole(t->top[c]))
                t->top[c] = (uint16_t)new16(t, R_HOLE);
            uint16_t *mid = node16(t, t->top[c]);
            for (uint32_t q = p; q < cstop;) {
                uint32_t b0 = q & ~(R_FAN - 1u), b1 = b0 + R_FAN;
                uint32_t bstop = cstop < b1 ? cstop : b1;
                uint16_t *me = &mid[(q >> R_BLOCK_SHIFT) & (R_FAN - 1u)];
                if (q == b0 && bstop == b1) {
                    *me = 0;
                } else {
                    if (r_is_hole(*me))
                        *me = (uint16_t)new16(t, R_HOLE);
                    uint16_t *leaf = node16(t, *me);
                    for (uint32_t r = q; r < bstop; r++)
                        leaf[r & (R_FAN - 1u)] = 0;
                }
                q = bstop;
            }
            p = cstop;
        }
    }
    own_region ram = own_map_pool(map);
    t->ram_p0 = own_page_of(ram.base);
    t->ram_pages = ram.pages;
    uint32_t ram_end = t->ram_p0 + t->ram_pages;
    t->edge_block[0] = (t->ram_p0 & (R_FAN - 1u)) != 0u ? t->ram_p0 >> R_BLOCK_SHIFT : ~0u;
    t->edge_block[1] = (ram_end & (R_FAN - 1u)) != 0u ? ram_end >> R_BLOCK_SHIFT : ~0u;
    own_ledger_init(&t->ledger, own_map_pages(map), t->ram_pages);
    *out = t;
    return OWN_OK;
}

void own_radix_fini(own_table *t) { (void)t; }

/* ---- lookups -------------------------------------------------------- */

/* Owner of page p, or a value that is not an owner when p is not listed. */
static inline uint32_t peek(const own_table *t, uint32_t p)
{
    uint32_t e = t->top[p >> R_CHUNK_SHIFT];
    if (r_is_owner(e))
        return e;
    int32_t m = ((const int16_t *)node16(t, e))[(p >> R_BLOCK_SHIFT) & (R_FAN - 1u)];
    if (r_signed_is_owner(m))
        return (uint32_t)m;
    if (r_signed_is_leaf8(m))
        return leaf8(t, (uint32_t)m)[p & (R_FAN - 1u)];
    return node16(t, (uint32_t)m)[p & (R_FAN - 1u)];
}

own_err own_radix_owner(const own_table *t, uint32_t addr, uint32_t *pid)
{
    uint32_t e = peek(t, own_page_of(addr));
    if (!r_is_owner(e))
        return OWN_BAD_ADDRESS;
    *pid = e;
    return OWN_OK;
}

/* ---- changes -------------------------------------------------------- */

/* n pages from p pass from owner `old` to `pid`: the counters follow. */
static void account(own_table *t, uint32_t p, uint32_t n, uint32_t old, uint32_t pid)
{
    uint32_t k = 0; /* of them in main RAM: only matters when freeness changes */
    if ((old == 0u) != (pid == 0u)) {
        uint32_t r1 = t->ram_p0 + t->ram_pages, lo = p > t->ram_p0 ? p : t->ram_p0;
        uint32_t hi = p + n < r1 ? p + n : r1;
        k = hi > lo ? hi - lo : 0u;
    }
    own_ledger_move(&t->ledger, old, pid, n, k);
}

/* A mid node whose entries are all the same owner folds back into its top
 * entry.  Partly listed chunks always hold a hole or a ragged leaf, so they
 * fail the test at once and stay. */
static void collapse_chunk(own_table *t, uint16_t *top)
{
    uint16_t *mid = node16(t, *top);
    uint32_t v = mid[0];
    if (!r_is_owner(v))
        return;
    for (uint32_t i = 1; i < R_FAN; i++)
        if (mid[i] != v)
            return;
    free16(t, *top);
    *top = (uint16_t)v;
}

/* A leaf8 whose bytes all agree folds back into its mid entry. */
static int collapse_block(own_table *t, uint16_t *me)
{
    const uint8_t *leaf = leaf8(t, *me);
    uint32_t v = leaf[0];
    for (uint32_t i = 1; i < R_FAN; i++)
        if (leaf[i] != v)
            return 0;
    free8(t, *me);
    *me = (uint16_t)v;
    return 1;
}

/*
 * Pages [p, p + n), all listed and all in one block, now belong to pid
 * (which may be 0).  The caller has checked that this is allowed.  Splits
 * what must split, writes, and collapses what became uniform.
 */
static void set_pages(own_table *t, uint32_t p, uint32_t n, uint32_t pid)
{
    uint16_t *top = &t->top[p >> R_CHUNK_SHIFT];
    if (r_is_owner(*top)) {
        if (*top == pid)
            return;
        *top = (uint16_t)new16(t, *top);
    }
    uint16_t *me = &node16(t, *top)[(p >> R_BLOCK_SHIFT) & (R_FAN - 1u)];
    uint32_t e = *me, i0 = p & (R_FAN - 1u), base = p - i0;
    if (r_is_owner(e)) {
        if (e == pid)
            return;
        if (n == R_FAN) { /* the whole block: no leaf needed */
            account(t, p, n, e, pid);
            *me = (uint16_t)pid;
            collapse_chunk(t, top);
            return;
        }
        *me = (uint16_t)(e = new8(t, e));
    }
    if (r_is_leaf8(e)) {
        uint8_t *leaf = leaf8(t, e);
        for (uint32_t i = i0; i < i0 + n; i++)
            if (leaf[i] != pid) {
                account(t, base + i, 1u, leaf[i], pid);
                leaf[i] = (uint8_t)pid;
            }
        if (collapse_block(t, me))
            collapse_chunk(t, top);
        return;
    }
    uint16_t *ragged = node16(t, e); /* listed pages only: no holes in range */
    for (uint32_t i = i0; i < i0 + n; i++)
        if (ragged[i] != pid) {
            account(t, base + i, 1u, ragged[i], pid);
            ragged[i] = (uint16_t)pid;
        }
}

/* Argument checks shared by the single-page operations: the current owner,
 * or why not. */
static own_err current(const own_table *t, uint32_t addr, uint32_t *cur)
{
    if (!own_aligned(addr))
        return OWN_BAD_ALIGNMENT;
    *cur = peek(t, own_page_of(addr));
    return r_is_owner(*cur) ? OWN_OK : OWN_BAD_ADDRESS;
}

own_err own_radix_claim(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t cur;
    own_err e = own_pid_ok(pid) ? current(t, addr, &cur) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    if (!own_may_take(cur, pid))
        return OWN_MEMORY_IN_USE;
    set_pages(t, own_page_of(addr), 1u, pid);
    return OWN_OK;
}

own_err own_radix_release(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t cur;
    own_err e = own_pid_ok(pid) ? current(t, addr, &cur) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    if (!own_may_take(cur, pid))
        return OWN_MEMORY_IN_USE;
    set_pages(t, own_page_of(addr), 1u, 0u);
    return OWN_OK;
}

own_err own_radix_move(own_table *t, uint32_t addr, uint32_t from, uint32_t to)
{
    uint32_t cur;
    own_err e = own_pid_ok(from) && own_pid_ok(to) ? current(t, addr, &cur) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    if (!own_may_move(cur, from, to))
        return OWN_MEMORY_IN_USE;
    set_pages(t, own_page_of(addr), 1u, to);
    return OWN_OK;
}

own_err own_radix_claim_range(own_table *t, uint32_t addr, uint32_t n, uint32_t pid)
{
    own_err e;
    if (own_range_answered(addr, n, pid, &e))
        return e;
    uint32_t p0 = own_page_of(addr);
    /* Check first (all or nothing), a uniform chunk or block at a time where
     * the table has one.  Every step advances, and i stays below 2^20. */
    for (uint32_t i = 0; i < n;) {
        if (i >= OWN_PAGES_IN_SPACE - p0)
            return OWN_BAD_ADDRESS;
        uint32_t p = p0 + i, e = t->top[p >> R_CHUNK_SHIFT], step = 1u;
        if (r_is_owner(e)) {
            step = 4096u - (p & 4095u);
        } else {
            e = node16(t, e)[(p >> R_BLOCK_SHIFT) & (R_FAN - 1u)];
            if (r_is_owner(e))
                step = R_FAN - (p & (R_FAN - 1u));
            else if (r_is_leaf8(e))
                e = leaf8(t, e)[p & (R_FAN - 1u)];
            else if (!r_is_owner(e = node16(t, e)[p & (R_FAN - 1u)]))
                return OWN_BAD_ADDRESS;
        }
        if (e != 0u && e != pid)
            return OWN_MEMORY_IN_USE;
        i += step < n - i ? step : n - i;
    }
    for (uint32_t i = 0; i < n;) {
        uint32_t p = p0 + i, k = R_FAN - (p & (R_FAN - 1u));
        if (k > n - i)
            k = n - i;
        set_pages(t, p, k, pid);
        i += k;
    }
    return OWN_OK;
}

own_err own_radix_release_all(own_table *t, uint32_t pid, uint32_t *freed)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    uint32_t want = t->ledger.owned[pid];
    /* Only a chunk that is pid's whole, or split, can hold pid's pages; the
     * walk ends as soon as the counter says nothing is left. */
    for (uint32_t c = 0; c < 256u && t->ledger.owned[pid] != 0u; c++) {
        uint16_t *top = &t->top[c];
        if (*top == pid) {
            account(t, c << R_CHUNK_SHIFT, 4096u, pid, 0u);
            *top = 0;
            continue;
        }
        if (r_is_owner(*top) || r_is_hole(*top))
            continue;
        uint16_t *mid = node16(t, *top);
        for (uint32_t b = 0; b < R_FAN && t->ledger.owned[pid] != 0u; b++) {
            uint32_t e = mid[b], base = (c << R_CHUNK_SHIFT) | (b << R_BLOCK_SHIFT);
            if (e == pid) {
                account(t, base, R_FAN, pid, 0u);
                mid[b] = 0;
            } else if (r_is_leaf8(e)) {
                /* A byte leaf's block is wholly listed, so wholly inside one
                 * region, and nearly always wholly in the pool or wholly out
                 * of it: then one account for the lot says the same as one
                 * per page.  Only a block across the pool's edge (a device
                 * merged into RAM) needs the pages counted one by one. */
                uint8_t *leaf = leaf8(t, e);
                uint32_t got = 0, blk = base >> R_BLOCK_SHIFT;
                if (blk == t->edge_block[0] || blk == t->edge_block[1]) {
                    for (uint32_t i = 0; i < R_FAN; i++)
                        if (leaf[i] == pid) {
                            account(t, base + i, 1u, pid, 0u);
                            leaf[i] = 0;
                        }
                } else {
                    for (uint32_t i = 0; i < R_FAN; i++)
                        if (leaf[i] == pid) {
                            leaf[i] = 0;
                            got++;
                        }
                    account(t, base, got, pid, 0u);
                }
                collapse_block(t, &mid[b]);
            } else if (r_is_live_node16(e)) { /* a ragged leaf */
                uint16_t *ragged = node16(t, e);
                for (uint32_t i = 0; i < R_FAN; i++)
                    if (ragged[i] == pid) {
                        account(t, base + i, 1u, pid, 0u);
                        ragged[i] = 0;
                    }
            }
        }
        collapse_chunk(t, top);
    }
    *freed = want;
    return OWN_OK;
}

own_err own_radix_count(const own_table *t, uint32_t pid, uint32_t *pages)
{
    return own_ledger_count(&t->ledger, pid, pages);
}

own_err own_radix_alloc(own_table *t, uint32_t pid, uint32_t *addr)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    if (t->ledger.ram_free == 0u)
        return OWN_OUT_OF_MEMORY;
    /* Next-fit from the cursor, a whole uniform chunk or block per step when
     * it is taken; each step moves on at least a page, so one lap of RAM
     * (which holds a free page) is at most ram_pages + 1 steps. */
    uint32_t end = t->ram_p0 + t->ram_pages, p = t->ram_p0 + t->cursor;
    for (uint32_t step = 0; step <= t->ram_pages + 1u; step++) {
        uint32_t e = t->top[p >> R_CHUNK_SHIFT], next;
        if (r_is_owner(e)) {
            if (e == 0u)
                goto found;
            next = (p | 4095u) + 1u;
        } else {
            e = node16(t, e)[(p >> R_BLOCK_SHIFT) & (R_FAN - 1u)];
            next = (p | (R_FAN - 1u)) + 1u;
            uint32_t stop = next < end ? next : end; /* a ragged leaf runs past RAM */
            if (r_is_owner(e)) {
                if (e == 0u)
                    goto found;
            } else if (r_is_leaf8(e)) {
                const uint8_t *leaf = leaf8(t, e);
                for (; p < stop; p++)
                    if (leaf[p & (R_FAN - 1u)] == 0u)
                        goto found;
            } else {
                const uint16_t *ragged = node16(t, e);
                for (; p < stop; p++)
                    if (ragged[p & (R_FAN - 1u)] == 0u)
                        goto found;
            }
        }
        p = next < end ? next : t->ram_p0;
    }
    return OWN_OUT_OF_MEMORY; /* unreachable while ram_free is right */
found:
    set_pages(t, p, 1u, pid);
    t->cursor = p + 1u == end ? 0u : p + 1u - t->ram_p0;
    *addr = p << OWN_PAGE_SHIFT;
    return OWN_OK;
}

size_t own_radix_inuse(const own_table *t) { return inuse(t); }
size_t own_radix_peak(const own_table *t) { return t->peak; }

OWN_STRATEGY(radix);
