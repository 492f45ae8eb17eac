/*
 * freemap.c - Xous's byte per page, with a bit per free main-RAM page beside
 * it, and nothing else a page: a table for the calls Xous's kernel really
 * makes.
 *
 * What kernel/src/mem.rs is asked in normal running (workloads/traces/, each
 * line cited to its call site): alloc_page per heap or stack fault, per
 * page-table page, per IPC buffer page and per page of a new process; a
 * claim per page of every map_memory with a physical address (map_range
 * claims page by page, mem.rs:705-706: the PDDB's 25,088 flash pages are
 * 25,088 claims); a release per page of every unmap; a move per page sent;
 * release_all when a process exits.  Never `owner` (lends go through the
 * page tables) and `count` only from debug paths.  So the table is paid for
 * by three things: the alloc search, the per-page claim of a flash or
 * device page, and the exit.  Each of them costs here about what the byte
 * store itself costs:
 *
 * Per page, one owner byte, as in Xous (MEMORY_ALLOCATIONS and
 * EXTRA_ALLOCATIONS: an Option<PID> a page).  Slots are numbered pool first
 * (pieces.h): a main-RAM page is found by one subtraction and one compare,
 * the flash by a second subtraction, any other page by a binary search over
 * 12-byte pieces -- where Xous walks its region list a region at a time for
 * every page outside RAM.
 *
 * Per main-RAM page, one bit more: set while the page is free.  alloc takes
 * the lowest set bit at or above `low`, a word index below which every word
 * is zero, so its search is a word per 32 used pages instead of Xous's byte
 * per used page (today's first-fit, mem.rs:335-355, from page 0; xous_hint's
 * from a low-water mark).  A release sets the bit and lowers `low` if its
 * word is below it.  The pages handed out are first-fit's: the lowest free
 * page, exactly those Xous hands out today, so adopting this table changes
 * where no page lands (unlike xous_fixed's next-fit, which spreads pages
 * upward and scatters the holes a DEV contiguous run needs, mem.rs:671-686).
 * The lowest bit of a word is found by a de Bruijn multiply and a table
 * kept in the header (RV32IMAC has no ctz).
 *
 * Per PID, 4 bytes: how many pages *outside* main RAM it holds.  A claim of
 * a flash or device page adds one to a counter in the header, which the
 * claim has just read for the region check anyway; a release subtracts.
 * release_all then scans main RAM's bytes four words at a time (1,024 word
 * reads on Precursor's 16 MiB, where Xous reads 37,000 bytes and converts
 * every freed extra page back to an address by a second region walk), and
 * reads the bytes outside RAM only if the dying process holds any there:
 * an app holds none, a driver a few.  Nothing is kept per 64-page block, per
 * granule or per PID for RAM pages, so the frequent single-page changes
 * store the byte and at most a bit word.
 *
 * What it gives up: count is a scan of main RAM's bytes (count 0 a
 * popcount of the free bits), O(RAM) where a per-PID ledger would be O(1);
 * Xous calls it (ram_used_by) only from debug paths.  claim_range is
 * checked and taken page by page in RAM, by whole words outside it.
 *
 * Memory is fixed at init: a byte per listed page, a bit per main-RAM page,
 * 1 KiB of counts and the pieces; on RV32, Precursor 38,800 bytes (1.046x
 * Xous's 37,096), Baochip-1x 19,608 (1.068x Xous's 18,352): see
 * results/rv32/summary.csv for the figures as built.  Every loop is bounded
 * by the map's size, nothing allocates or recurses, all arithmetic is in 32
 * bits.
 */
#include "pieces.h"

#define BYTES_X4 0x01010101u

/* pool_first and pool_pages lead: owner()'s and every single-page
 * operation's first two loads are at fixed offsets; the counts sit in the
 * header so a page outside RAM costs the header and its byte, two pages of
 * the data TLB. */
struct own_table {
    uint32_t pool_first; /* first page of the alloc pool, slot 0 */
    uint32_t pool_pages;
    uint32_t low;        /* every free-bit word below it is zero */
    uint32_t fwords;     /* free-bit words, (pool_pages + 31) / 32 */
    uint32_t nwords;     /* owner words, (slots + 3) / 4 */
    uint32_t other_pages; /* listed pages outside the pool */
    uint8_t *owner;      /* a byte per slot, pool first */
    uint32_t *free_bits; /* bit s % 32 of word s / 32: pool slot s is free */
    own_pieces ps;
    size_t bytes;
    uint8_t bit_at[32]; /* de Bruijn positions: the lowest set bit's index */
    uint32_t other_owned[OWN_PID_MAX + 1u]; /* pages outside the pool per PID ([0] unused) */
};

/* The lowest set bit of a word is found by multiplying it, isolated, by a
 * de Bruijn constant and looking the top five bits up: RV32IMAC has no ctz.
 * The lookup table is copied into the header at init, so that alloc's
 * search touches no page of the data TLB (4 entries on Precursor) but the
 * header's and the free bits'. */
static const uint8_t debruijn_at[32] = {0,  1,  28, 2,  29, 14, 24, 3,  30, 22, 20,
                                        15, 25, 17, 4,  8,  31, 27, 13, 23, 21, 19,
                                        16, 7,  26, 12, 18, 6,  11, 5,  10, 9};
#define DEBRUIJN 0x077CB531u

/* ---- layout ------------------------------------------------------------ */

static size_t layout(const own_map *map, size_t *bits_at, size_t *owner_at, size_t *pieces_at)
{
    uint32_t pool = own_map_pool(map).pages;
    *bits_at = own_round(sizeof(struct own_table));
    *owner_at = own_round(*bits_at + (size_t)((pool + 31u) / 32u) * sizeof(uint32_t));
    *pieces_at = own_round(*owner_at + (size_t)((own_pieces_slots(map) + 3u) & ~3u));
    return own_round(*pieces_at + (size_t)own_pieces_count(map) * sizeof(piece));
}

size_t own_freemap_reserve(const own_map *map)
{
    size_t a, b, c;
    return own_map_validate(map) == OWN_OK ? layout(map, &a, &b, &c) : 0u;
}

own_err own_freemap_init(own_table **out, void *storage, size_t bytes, const own_map *map)
{
    own_err e = own_map_validate(map);
    if (e != OWN_OK)
        return e;
    size_t bits_at, owner_at, pieces_at, need = layout(map, &bits_at, &owner_at, &pieces_at);
    if ((e = own_storage_ok(storage, bytes, need)) != OWN_OK)
        return e;
    own_table *t = storage;
    unsigned char *base = storage;
    own_zero(t, sizeof *t);
    own_region pool = own_map_pool(map);
    t->pool_first = own_page_of(pool.base);
    t->pool_pages = pool.pages;
    t->fwords = (pool.pages + 31u) / 32u;
    t->free_bits = (uint32_t *)(void *)(base + bits_at);
    t->owner = base + owner_at;
    own_pieces_build(&t->ps, (piece *)(void *)(base + pieces_at), map);
    t->nwords = (t->ps.slots + 3u) / 4u;
    t->other_pages = own_map_pages(map) - pool.pages;
    own_zero(t->owner, pieces_at - owner_at);
    for (uint32_t i = 0; i < 32u; i++)
        t->bit_at[i] = debruijn_at[i];
    /* every pool page free; the last word's bits past the pool stay clear */
    for (uint32_t w = 0; w < t->fwords; w++) {
        uint32_t left = pool.pages - w * 32u;
        t->free_bits[w] = left >= 32u ? 0xffffffffu : (1u << left) - 1u;
    }
    t->bytes = need;
    *out = t;
    return OWN_OK;
}

void own_freemap_fini(own_table *t) { (void)t; }

/* ---- single pages ------------------------------------------------------ */

/* The slot of `page`, or -1; alignment then the whitelist (pieces.h). */
static inline int32_t slot_of(const own_table *t, uint32_t page)
{
    return own_pieces_slot(&t->ps, t->pool_first, t->pool_pages, page);
}

static inline own_err slot_checked(const own_table *t, uint32_t addr, uint32_t *slot)
{
    return own_pieces_slot_checked(&t->ps, t->pool_first, t->pool_pages, addr, slot);
}

/* Slot s passes from `old` to `pid` (old != pid): its byte, and the free
 * bit (a pool page) or the counts (any other). */
static inline void set_owner(own_table *t, uint32_t s, uint32_t old, uint32_t pid)
{
    t->owner[s] = (uint8_t)pid;
    if (s < t->pool_pages) {
        uint32_t w = s >> 5, bit = 1u << (s & 31u);
        if (pid == 0u) {
            t->free_bits[w] |= bit;
            if (w < t->low)
                t->low = w;
        } else if (old == 0u) {
            t->free_bits[w] &= ~bit;
        }
        return;
    }
    if (old != 0u)
        t->other_owned[old]--;
    if (pid != 0u)
        t->other_owned[pid]++;
}

own_err own_freemap_owner(const own_table *t, uint32_t addr, uint32_t *pid)
{
    int32_t s = slot_of(t, own_page_of(addr));
    if (s < 0)
        return OWN_BAD_ADDRESS;
    *pid = t->owner[s];
    return OWN_OK;
}

/*
 * claim, release and move come in two halves.  The *_any half is the whole
 * operation for any page, every check in the contract's order.  The public
 * half serves a valid PID and an aligned main-RAM page -- every single-page
 * call of the steady state -- with its checks merged into one compare each,
 * and hands everything else to *_any in a tail call.
 */
/* inline, unlike the other two: a claim per page of every flash and device
 * window (map_range, mem.rs:705-706) is the boot's bulk */
static inline own_err claim_any(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t s;
    own_err e = own_pid_ok(pid) ? slot_checked(t, addr, &s) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    uint32_t cur = t->owner[s];
    if (!own_may_take(cur, pid))
        return OWN_MEMORY_IN_USE;
    if (cur != pid)
        set_owner(t, s, 0u, pid);
    return OWN_OK;
}

__attribute__((noinline)) static own_err release_any(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t s;
    own_err e = own_pid_ok(pid) ? slot_checked(t, addr, &s) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    uint32_t cur = t->owner[s];
    if (!own_may_take(cur, pid))
        return OWN_MEMORY_IN_USE;
    if (cur != 0u)
        set_owner(t, s, cur, 0u);
    return OWN_OK;
}

__attribute__((noinline)) static own_err move_any(own_table *t, uint32_t addr, uint32_t from,
                                                  uint32_t to)
{
    uint32_t s;
    own_err e = own_pid_ok(from) && own_pid_ok(to) ? slot_checked(t, addr, &s) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    uint32_t cur = t->owner[s];
    if (!own_may_move(cur, from, to))
        return OWN_MEMORY_IN_USE;
    if (cur != to)
        set_owner(t, s, cur, to);
    return OWN_OK;
}

static inline uint32_t pool_slot(const own_table *t, uint32_t addr)
{
    return own_pieces_pool_slot(t->pool_first, t->pool_pages, addr);
}

own_err own_freemap_claim(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t d = pool_slot(t, addr);
    if (!own_pid_ok(pid) || d >= t->pool_pages)
        return claim_any(t, addr, pid);
    uint32_t cur = t->owner[d];
    if (cur == 0u) {
        t->owner[d] = (uint8_t)pid;
        t->free_bits[d >> 5] &= ~(1u << (d & 31u));
    } else if (cur != pid) {
        return OWN_MEMORY_IN_USE;
    }
    return OWN_OK;
}

own_err own_freemap_release(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t d = pool_slot(t, addr);
    if (!own_pid_ok(pid) || d >= t->pool_pages)
        return release_any(t, addr, pid);
    uint32_t cur = t->owner[d];
    if (cur != pid)
        return cur == 0u ? OWN_OK : OWN_MEMORY_IN_USE;
    uint32_t w = d >> 5;
    t->owner[d] = 0u;
    t->free_bits[w] |= 1u << (d & 31u);
    if (w < t->low)
        t->low = w;
    return OWN_OK;
}

own_err own_freemap_move(own_table *t, uint32_t addr, uint32_t from, uint32_t to)
{
    uint32_t d = pool_slot(t, addr);
    if (!own_pid_ok(from) || !own_pid_ok(to) || d >= t->pool_pages)
        return move_any(t, addr, from, to);
    uint32_t cur = t->owner[d];
    if (!own_may_move(cur, from, to))
        return OWN_MEMORY_IN_USE;
    if (cur == 0u)
        t->free_bits[d >> 5] &= ~(1u << (d & 31u));
    t->owner[d] = (uint8_t)to;
    return OWN_OK;
}

/* ---- ranges ------------------------------------------------------------ */

/* May pid take slots [s, end)?  Whole zero words are passed four pages at a
 * time. */
static int may_take_run(const own_table *t, uint32_t s, uint32_t end)
{
    for (; s < end && (s & 3u) != 0u; s++)
        if (t->owner[s] != 0u)
            return 0;
    for (; s + 4u <= end; s += 4u)
        if (*(const uint32_t *)(const void *)(t->owner + s) != 0u)
            return 0;
    for (; s < end; s++)
        if (t->owner[s] != 0u)
            return 0;
    return 1;
}

/* The same, where pages pid already holds are fine too: byte by byte. */
static int may_take_own(const own_table *t, uint32_t s, uint32_t end, uint32_t pid)
{
    if (may_take_run(t, s, end))
        return 1;
    for (; s < end; s++)
        if (!own_may_take(t->owner[s], pid))
            return 0;
    return 1;
}

/* Slots [s, end), already checked, become pid's. */
static void take_run(own_table *t, uint32_t s, uint32_t end, uint32_t pid)
{
    for (; s < end; s++)
        if (t->owner[s] == 0u)
            set_owner(t, s, 0u, pid);
}

/* The pages' slot runs (pieces.h), checked first in address order, all of
 * them, then taken: all or nothing. */
own_err own_freemap_claim_range(own_table *t, uint32_t addr, uint32_t n, uint32_t pid)
{
    own_err e;
    if (own_range_answered(addr, n, pid, &e))
        return e;
    own_slot_run runs[OWN_PIECE_RUNS];
    int whole;
    uint32_t k = own_pieces_runs(&t->ps, own_page_of(addr), n, runs, &whole);
    for (uint32_t i = 0; i < k; i++)
        if (!may_take_own(t, runs[i].s, runs[i].end, pid))
            return OWN_MEMORY_IN_USE;
    if (!whole)
        return OWN_BAD_ADDRESS;
    for (uint32_t i = 0; i < k; i++)
        take_run(t, runs[i].s, runs[i].end, pid);
    return OWN_OK;
}

/* ---- whole-process operations ------------------------------------------ */

/* A byte of x is zero (the classic three-operation test). */
static inline uint32_t has_zero_byte(uint32_t x) { return (x - BYTES_X4) & ~x & 0x80808080u; }

/* Some of the k <= 4 owner words from w hold a byte equal to pid: a byte
 * equal to pid is a zero byte of word ^ pattern.  (Bytes past the last
 * slot are zero, and pid is never 0 here.) */
static inline int group_holds(const own_table *t, uint32_t w, uint32_t k, uint32_t pattern)
{
    const uint32_t *words = (const uint32_t *)(const void *)t->owner;
    uint32_t z = 0;
    for (uint32_t j = 0; j < k; j++)
        z |= has_zero_byte(words[w + j] ^ pattern);
    return z != 0u;
}

/* Frees pid's bytes in owner words [w0, w1), at most `limit`, four words
 * tested at a time and only a group holding pid looked into; how many. */
static uint32_t free_words(own_table *t, uint32_t w0, uint32_t w1, uint32_t pid, uint32_t limit)
{
    uint32_t pattern = pid * BYTES_X4, n = 0;
    for (uint32_t w = w0; w < w1 && n < limit; w += 4u) {
        uint32_t k = w1 - w < 4u ? w1 - w : 4u;
        if (!group_holds(t, w, k, pattern))
            continue;
        for (uint32_t s = w * 4u; s < (w + k) * 4u; s++)
            if (t->owner[s] == pid) {
                set_owner(t, s, pid, 0u);
                n++;
            }
    }
    return n;
}

/* Main RAM's bytes, then -- only if the counts say pid holds any -- the
 * rest. */
own_err own_freemap_release_all(own_table *t, uint32_t pid, uint32_t *freed)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    uint32_t other = t->other_owned[pid];
    uint32_t n = free_words(t, 0u, (t->pool_pages + 3u) / 4u, pid, t->pool_pages);
    if (other != 0u)
        n += free_words(t, t->ps.other0 / 4u, t->nwords, pid, other);
    *freed = n;
    return OWN_OK;
}

static uint32_t popcount(uint32_t x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0fu;
    return (x * BYTES_X4) >> 24;
}

/* A process's pages: main RAM's bytes scanned, plus its count outside;
 * the free pages: the free bits, plus what no count holds outside.  Xous
 * asks only from debug paths (ram_used_by, mem.rs:256-277). */
own_err own_freemap_count(const own_table *t, uint32_t pid, uint32_t *pages)
{
    if (pid > OWN_PID_MAX)
        return OWN_BAD_PID;
    uint32_t n = 0;
    if (pid == 0u) {
        uint32_t held = 0;
        for (uint32_t w = 0; w < t->fwords; w++)
            n += popcount(t->free_bits[w]);
        for (uint32_t p = 1; p <= OWN_PID_MAX; p++)
            held += t->other_owned[p];
        *pages = n + (t->other_pages - held);
        return OWN_OK;
    }
    uint32_t pattern = pid * BYTES_X4, pool_words = (t->pool_pages + 3u) / 4u;
    for (uint32_t w = 0; w < pool_words; w += 4u) {
        uint32_t k = pool_words - w < 4u ? pool_words - w : 4u;
        if (!group_holds(t, w, k, pattern))
            continue;
        for (uint32_t s = w * 4u; s < (w + k) * 4u; s++)
            n += t->owner[s] == pid;
    }
    *pages = n + t->other_owned[pid];
    return OWN_OK;
}

/* The lowest free pool page: the first nonzero free-bit word from `low`
 * (every word below it is zero), its lowest bit.  Finding none, OutOfMemory,
 * and nothing changes. */
own_err own_freemap_alloc(own_table *t, uint32_t pid, uint32_t *addr)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    uint32_t w = t->low, n = t->fwords, bits = 0;
    uint32_t *fb = t->free_bits;
    while (w < n && (bits = fb[w]) == 0u)
        w++;
    if (w >= n)
        return OWN_OUT_OF_MEMORY;
    uint32_t s = w * 32u + t->bit_at[((bits & (0u - bits)) * DEBRUIJN) >> 27];
    fb[w] = bits & (bits - 1u);
    if (w != t->low)
        t->low = w;
    t->owner[s] = (uint8_t)pid;
    *addr = (t->pool_first + s) << OWN_PAGE_SHIFT;
    return OWN_OK;
}

size_t own_freemap_inuse(const own_table *t) { return t->bytes; }
size_t own_freemap_peak(const own_table *t) { return t->bytes; }

OWN_STRATEGY(freemap);
