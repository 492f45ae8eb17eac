/*
 * flat.c - a byte per whitelisted page.
 *
 * The simplest table that can work, and the one Xous already uses for main
 * RAM, extended to every region: the whitelist index (common.h) turns a page
 * number into a dense slot in O(1) -- the "programmatic lookup table" of the
 * Xous docs -- and the slot's byte is the owner.  For a page in a wholly
 * listed 16 MiB chunk (all of Precursor's RAM and flash) an owner lookup is
 * one index load and one byte load, both at fixed offsets from the table:
 * 12 RV32 instructions.  Small devices take one or two more index levels.
 *
 * Beside the bytes it keeps how many pages each PID owns (1 KiB): count is
 * then O(1), release_all can stop as soon as it has freed that many pages, and
 * alloc knows at once when main RAM is full.  release_all reads the bytes a
 * word at a time and skips words without the PID.  alloc is next-fit: a
 * cursor remembers where the last search ended, so filling RAM costs O(pages)
 * in all rather than O(pages) per call (the cursor Xous meant to have).
 *
 * The cost is memory: one byte per listed page whatever the state, plus the
 * index.  Reserved and in-use bytes are therefore the same.
 */
#include "common.h"

/* Laid out for owner(): the index's level 1 first and the owner bytes right
 * after the header, both at small fixed offsets from the table pointer, so
 * the fast path loads one index entry and one byte and nothing else.  The
 * counters and the index's nodes follow the bytes. */
struct own_table {
    own_pageindex ix;
    own_ledger *ledger;   /* pages per owner, free RAM pages (after the bytes) */
    uint32_t pages;       /* dense pages */
    uint32_t ram_dense;   /* the alloc pool's first dense index */
    uint32_t ram_pages;   /* pages in the pool */
    uint32_t ram_base;    /* the pool's first address */
    uint32_t cursor;      /* next-fit: RAM page to look at first */
    size_t bytes;         /* storage used */
    uint32_t owner_words[]; /* one byte per dense page, read a word at a time
                               by release_all (see owners() below) */
};

/* The owner bytes.  They are stored as words so that release_all may read
 * four at a time without breaking C's aliasing rules (bytes may alias
 * anything; words read as words are words). */
static inline const uint8_t *owners(const own_table *t) { return (const uint8_t *)t->owner_words; }
static inline uint8_t *owners_rw(own_table *t) { return (uint8_t *)t->owner_words; }

static size_t layout(const own_map *map, size_t *ledger_at, size_t *nodes_at)
{
    *ledger_at = own_round(sizeof(struct own_table) + own_round(own_map_pages(map)));
    *nodes_at = own_round(*ledger_at + sizeof(own_ledger));
    return *nodes_at + own_pageindex_bytes(map);
}

size_t own_flat_reserve(const own_map *map)
{
    size_t a, b;
    return own_map_validate(map) == OWN_OK ? layout(map, &a, &b) : 0u;
}

own_err own_flat_init(own_table **out, void *storage, size_t bytes, const own_map *map)
{
    own_err e = own_map_validate(map);
    if (e != OWN_OK)
        return e;
    size_t ledger_at, nodes_at, need = layout(map, &ledger_at, &nodes_at);
    if ((e = own_storage_ok(storage, bytes, need)) != OWN_OK)
        return e;
    own_table *t = storage;
    unsigned char *base = storage;
    own_zero(t, sizeof *t);
    own_pageindex_build(&t->ix, base + nodes_at, map);
    t->ledger = (own_ledger *)(void *)(base + ledger_at);
    t->pages = t->ix.pages;
    own_zero(t->owner_words, own_round(t->pages));
    own_region pool = own_map_pool(map);
    t->ram_dense = own_pool_dense_base(map);
    t->ram_pages = pool.pages;
    t->ram_base = pool.base;
    own_ledger_init(t->ledger, t->pages, t->ram_pages);
    t->bytes = need;
    *out = t;
    return OWN_OK;
}

void own_flat_fini(own_table *t) { (void)t; }

/* The one place ownership changes, so the counters cannot drift. */
static void set_owner(own_table *t, uint32_t d, uint32_t pid)
{
    own_ledger_move(t->ledger, owners(t)[d], pid, 1u, d - t->ram_dense < t->ram_pages);
    owners_rw(t)[d] = (uint8_t)pid;
}

own_err own_flat_owner(const own_table *t, uint32_t addr, uint32_t *pid)
{
    uint32_t page = own_page_of(addr), e = t->ix.l1[page >> 12];
    int32_t d;
    /* Spelled out for the common case, a wholly listed 16 MiB chunk: no
     * "is it listed?" test after the index has already said so. */
    if (e & OWN_IX_FULL_BIT)
        d = ((int32_t)e >> 1) + (int32_t)page;
    else if ((d = own_pageindex_find(&t->ix, page)) < 0)
        return OWN_BAD_ADDRESS;
    *pid = owners(t)[d];
    return OWN_OK;
}

own_err own_flat_claim(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t d;
    own_err e = own_pid_ok(pid) ? own_pageindex_slot(&t->ix, addr, &d) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    if (!own_may_take(owners(t)[d], pid))
        return OWN_MEMORY_IN_USE;
    set_owner(t, d, pid);
    return OWN_OK;
}

own_err own_flat_release(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t d;
    own_err e = own_pid_ok(pid) ? own_pageindex_slot(&t->ix, addr, &d) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    if (!own_may_take(owners(t)[d], pid))
        return OWN_MEMORY_IN_USE;
    set_owner(t, d, 0u);
    return OWN_OK;
}

own_err own_flat_move(own_table *t, uint32_t addr, uint32_t from, uint32_t to)
{
    uint32_t d;
    own_err e = own_pid_ok(from) && own_pid_ok(to) ? own_pageindex_slot(&t->ix, addr, &d) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    uint32_t cur = owners(t)[d];
    if (!own_may_move(cur, from, to))
        return OWN_MEMORY_IN_USE;
    set_owner(t, d, to);
    return OWN_OK;
}

own_err own_flat_claim_range(own_table *t, uint32_t addr, uint32_t n, uint32_t pid)
{
    own_err e;
    if (own_range_answered(addr, n, pid, &e))
        return e;
    /* Listed pages from p0 on are one region's (regions never touch), so
     * their slots run on from the first one's.  Check them all in order --
     * the first page in use or past the listed run answers -- then claim. */
    uint32_t p0 = own_page_of(addr), room = OWN_PAGES_IN_SPACE - p0;
    uint32_t run = own_pageindex_run(&t->ix, p0, n < room ? n : room);
    uint32_t d0 = run != 0u ? (uint32_t)own_pageindex_find(&t->ix, p0) : 0u;
    for (uint32_t i = 0; i < run; i++)
        if (!own_may_take(owners(t)[d0 + i], pid))
            return OWN_MEMORY_IN_USE;
    if (run < n)
        return OWN_BAD_ADDRESS;
    for (uint32_t i = 0; i < n; i++)
        set_owner(t, d0 + i, pid);
    return OWN_OK;
}

/*
 * Four owner bytes at a time: a word holds a byte equal to pid exactly when
 * (word ^ pid x 4) has a zero byte, which the classic
 * (x - 0x01010101) & ~x & 0x80808080 test tells in three operations, so
 * words without the pid cost a handful of instructions for four pages.
 * The bytes past the last page are zero (free) and never match a PID.  The
 * scan stops once the PID's last page has gone.
 */
own_err own_flat_release_all(own_table *t, uint32_t pid, uint32_t *freed)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    /* Only bytes change in the loop; the ledger learns the totals once. */
    uint8_t *bytes = owners_rw(t);
    const uint32_t *words = t->owner_words;
    uint32_t want = t->ledger->owned[pid], left = want, in_ram = 0;
    uint32_t nwords = (t->pages + 3u) / 4u, ram0 = t->ram_dense, ram_n = t->ram_pages;
    uint32_t pattern = pid * 0x01010101u;
    for (uint32_t w = 0; w < nwords && left != 0u; w++) {
        uint32_t x = words[w] ^ pattern;
        if (((x - 0x01010101u) & ~x & 0x80808080u) == 0u)
            continue;
        for (uint32_t d = w * 4u; d < w * 4u + 4u; d++)
            if (bytes[d] == pid) {
                bytes[d] = 0;
                left--;
                in_ram += d - ram0 < ram_n;
            }
    }
    own_ledger_move(t->ledger, pid, 0u, want, in_ram);
    *freed = want;
    return OWN_OK;
}

own_err own_flat_count(const own_table *t, uint32_t pid, uint32_t *pages)
{
    return own_ledger_count(t->ledger, pid, pages);
}

own_err own_flat_alloc(own_table *t, uint32_t pid, uint32_t *addr)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    if (t->ledger->ram_free == 0u)
        return OWN_OUT_OF_MEMORY;
    /* A free page exists, so this ends within one lap of main RAM. */
    uint32_t i = t->cursor;
    for (uint32_t n = 0; n < t->ram_pages; n++, i = (i + 1u == t->ram_pages) ? 0u : i + 1u)
        if (owners(t)[t->ram_dense + i] == 0u)
            break;
    set_owner(t, t->ram_dense + i, pid);
    t->cursor = (i + 1u == t->ram_pages) ? 0u : i + 1u;
    *addr = t->ram_base + (i << OWN_PAGE_SHIFT);
    return OWN_OK;
}

size_t own_flat_inuse(const own_table *t) { return t->bytes; }
size_t own_flat_peak(const own_table *t) { return t->bytes; }

OWN_STRATEGY(flat);
