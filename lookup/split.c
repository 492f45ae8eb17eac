/*
 * split.c - Xous's own split, main RAM by subtraction and the rest by a real
 * search, with just enough beside the bytes to make the kernel's rare big
 * operations cheap and its frequent small ones no dearer than Xous's.
 *
 * What a Xous kernel does with its table (kernel/src/mem.rs; the lab's
 * traces, workloads/traces/): at boot the loader's images and the flash
 * windows arrive in a few claim_range calls (the PDDB alone is 25,088
 * pages), drivers claim ~30 single CSR pages and heaps grow by alloc; after
 * that it is IPC buffers -- alloc a page, owner checks, release it -- over
 * and over, moves, now and then a usage sweep (count) and a process exit
 * (release_all).  Today's table (mem.rs:70-77) keeps a byte per page, finds
 * a RAM page by subtraction (mem.rs:964-969) and any other by a linear walk
 * over the regions (mem.rs:977-1001), and scans every byte to free a
 * process (mem.rs:1066-1096) or to allocate (mem.rs:335-348).  The byte per
 * page is the floor any table of 256 owners must reserve (Precursor lists
 * 37,000 pages, Baochip-1x 18,201: 2.3x and 1.1x the 16 KiB data cache), so
 * this design keeps Xous's bytes and adds only small things, each of which
 * replaces a walk over those bytes by one over something 32 to 128 times
 * smaller, or by nothing:
 *
 * Per page, one owner byte (the floor).  Slots are numbered pool first: the
 * alloc pool (own_map_pool: main RAM as declared, before merging) holds
 * slots 0..pool_pages-1 right after the header, so owner() of a RAM page is
 * two header loads, a subtraction, one unsigned compare and the byte: 8 RV32
 * instructions past a no-op, where Xous needs 21.  claim, release and move of
 * a pool page are served the same way, inline and without a stack frame
 * (about 30 instructions with all the bookkeeping below); anything else
 * tail-calls the general path.
 *
 * Per region, 12 bytes: first page, pages, first slot, sorted by address,
 * and a copy of the largest one outside the pool (the flash) in the header.
 * A page outside the pool is tried against the flash by subtraction, then
 * found by binary search (4 steps on Baochip-1x's 14 merged regions),
 * instead of Xous's walk, which costs a step per region passed, and instead
 * of the shared whitelist index (common.h), whose 1 KiB level 1 plus 256
 * bytes per partly covered 16 MiB or 256 KiB unit comes to 4.3 KiB on
 * Baochip-1x: more than the 10% allowance above Xous by itself.  Outside
 * the pool single pages are rare in the kernel's life (CSR claims at boot);
 * a search over a table of a few cache lines is what they deserve.
 *
 * Per PID, 4 bytes: the shared ledger (common.h, 1 KiB), inside the header:
 * count is O(1) where Xous scans every byte (a usage sweep, 27 counts on
 * Precursor, is 27 whole-table scans there), and release_all stops once the PID's last page
 * is gone.  Its owned[0] (the free pages) and ram_free are not kept: count(0)
 * adds up the other 255 and alloc's search answers OutOfMemory, so an alloc
 * or a release updates one count, not three.
 *
 * Per pool granule, 2 bytes in the header (32 granules of at least 64 pages,
 * 64 bytes): how many of its pages are used.  alloc steps over a full
 * granule in one read; release_all over an empty one; claim_range fills an
 * empty one by word stores.  Being in the header, they cost a single-page
 * pool change no page of the data TLB (4 entries on Precursor) beyond the
 * header's and the byte's.  The pool keeps no owner per granule: heaps and
 * IPC buffers interleave owners there, so one would rarely be provable.
 *
 * Per 64-page block outside the pool, 2 bytes (1/32 of a byte a page): how
 * many pages are used and the single PID owning all of them, or 0 = MIXED
 * (a block that empties forgets it).  claim_range checks 64 pages by one read
 * when the block is free or already the caller's and fills a free block by
 * word stores: the PDDB's 25,088 pages cost 392 summary reads and 6,272 word
 * stores, not 25,088 checks and byte stores with a ledger update each.
 * release_all passes over another owner's block with one read, empties a
 * block the PID owns alone by 16 word stores without reading it, and reads
 * only MIXED blocks, four words at a time.  A live bit per block (1/512 of a
 * byte a page) says it has used pages, so release_all passes over 32 free
 * blocks -- most of the flash, most of the time -- with one word.
 *
 * alloc is lowest-free-first behind a low-water mark: `hint` is a slot below
 * which no pool page is free.  alloc takes the hint's page when it is free;
 * releasing a page below the hint lowers it.  The IPC churn (alloc a buffer,
 * release it, alloc again) therefore gets the page it just gave back, in the
 * cache line it just touched, where Xous's next-fit (fixed or not) walks a
 * fresh line in every 32 allocations and drags the table through the cache
 * when it wraps.
 *
 * Memory is fixed at init.  On RV32, Precursor: 37,000 owner bytes + 1,028
 * ledger + 64 pool counts + 1,030 block summaries + 68 live bits + 96 region
 * bytes + a 64-byte header, 39,360 bytes with rounding, 1.061x Xous's
 * 37,096; Baochip-1x: 18,201 + 1,028 + 64 + 554 + 36 + 168 + 64, 20,128
 * bytes, 1.097x Xous's 18,352 (within the 1.1x this design was held to).
 * Every loop is bounded by the map's size, nothing allocates or recurses,
 * and all arithmetic is in 32 bits.
 */
#include "pieces.h"

#define BLOCK_SHIFT 6u
#define BLOCK_PAGES (1u << BLOCK_SHIFT)
#define BLOCK_WORDS (BLOCK_PAGES / 4u)
#define SUM_USED 0xffu /* a block summary is used | owner << 8; owner 0 = MIXED */
#define BYTES_X4 0x01010101u
#define GRANULES 32u   /* pool counts, in the header */
#define GRANULE_MIN_SHIFT 6u

/* pool_first and pool_pages lead and the owner bytes close the header, so
 * owner()'s fast path is two loads at fixed offsets and a byte load at a
 * fixed offset from the slot: no pointer is loaded.  The ledger and the pool
 * counts sit inside the header for the same reason (fixed offsets), and so
 * that a single-page change in the pool touches the header and the byte and
 * nothing else: one or two pages of the data TLB, which holds four. */
struct own_table {
    uint32_t pool_first; /* first page of the alloc pool, slot 0 */
    uint32_t pool_pages;
    uint32_t hint;       /* no free pool slot lies below it */
    uint32_t gshift;     /* a pool granule is 1 << gshift slots */
    uint32_t other0;     /* first slot outside the pool (a multiple of 4) */
    uint32_t nwords;     /* owner words, (slots + 3) / 4 */
    uint32_t nblocks;    /* 64-slot blocks from other0 on */
    uint32_t listed;     /* listed pages */
    own_pieces ps;       /* the slots' pieces (pieces.h) */
    uint16_t *sums;      /* one per block outside the pool */
    uint32_t *live;      /* a bit per block outside the pool: it has used pages */
    size_t bytes;        /* storage used */
    own_ledger ledger;   /* pages per PID; owned[0] and ram_free are not kept */
    uint16_t pool_used[GRANULES]; /* used pages per pool granule */
    uint32_t owner_words[]; /* one owner byte per slot, read and written a word
                               at a time by the range operations */
};

static inline const uint8_t *owners(const own_table *t) { return (const uint8_t *)t->owner_words; }
static inline uint8_t *owners_rw(own_table *t) { return (uint8_t *)t->owner_words; }

/* Some byte of x is zero: the classic three-operation test. */
static inline uint32_t has_zero_byte(uint32_t x) { return (x - BYTES_X4) & ~x & 0x80808080u; }

static inline uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }

/* ---- layout ------------------------------------------------------------ */

static size_t layout(const own_map *map, size_t *sums_at, size_t *live_at, size_t *pieces_at)
{
    uint32_t pool = own_map_pool(map).pages, other = own_map_pages(map) - pool;
    uint32_t slots = own_pieces_slots(map), nblocks = (other + BLOCK_PAGES - 1u) >> BLOCK_SHIFT;
    *sums_at = own_round(sizeof(struct own_table) + (size_t)slots);
    *live_at = own_round(*sums_at + (size_t)nblocks * sizeof(uint16_t));
    *pieces_at = own_round(*live_at + (size_t)((nblocks + 31u) / 32u) * sizeof(uint32_t));
    return own_round(*pieces_at + (size_t)own_pieces_count(map) * sizeof(piece));
}

size_t own_split_reserve(const own_map *map)
{
    size_t a, b, c;
    return own_map_validate(map) == OWN_OK ? layout(map, &a, &b, &c) : 0u;
}

own_err own_split_init(own_table **out, void *storage, size_t bytes, const own_map *map)
{
    own_err e = own_map_validate(map);
    if (e != OWN_OK)
        return e;
    size_t sums_at, live_at, pieces_at, need = layout(map, &sums_at, &live_at, &pieces_at);
    if ((e = own_storage_ok(storage, bytes, need)) != OWN_OK)
        return e;
    own_table *t = storage;
    unsigned char *base = storage;
    own_zero(t, sizeof *t);
    own_region pool = own_map_pool(map);
    t->pool_first = own_page_of(pool.base);
    t->pool_pages = pool.pages;
    /* the smallest granule (at least a block) that covers the pool in
     * GRANULES; at most 2^15 pages, so a count fits its uint16_t */
    t->gshift = GRANULE_MIN_SHIFT;
    while ((GRANULES << t->gshift) < pool.pages)
        t->gshift++;
    t->sums = (uint16_t *)(void *)(base + sums_at);
    t->live = (uint32_t *)(void *)(base + live_at);
    own_pieces_build(&t->ps, (piece *)(void *)(base + pieces_at), map);
    t->other0 = t->ps.other0;
    t->nwords = (t->ps.slots + 3u) / 4u;
    t->nblocks = (t->ps.slots - t->other0 + BLOCK_PAGES - 1u) >> BLOCK_SHIFT;
    own_zero(t->owner_words, sums_at - sizeof *t);
    own_zero(t->sums, pieces_at - sums_at); /* the counts and the live bits */
    /* owned[0] and ram_free are not kept (ledger_pass, alloc) */
    t->listed = own_map_pages(map);
    own_ledger_init(&t->ledger, 0u, 0u);
    t->bytes = need;
    *out = t;
    return OWN_OK;
}

void own_split_fini(own_table *t) { (void)t; }

/* ---- finding a page ---------------------------------------------------- */

/* The slot of `page`, or -1; alignment then the whitelist (pieces.h). */
static inline int32_t other_slot(const own_table *t, uint32_t page)
{
    return own_pieces_other_slot(&t->ps, page);
}

static inline own_err slot_checked(const own_table *t, uint32_t addr, uint32_t *slot)
{
    return own_pieces_slot_checked(&t->ps, t->pool_first, t->pool_pages, addr, slot);
}

/* ---- single pages ------------------------------------------------------ */

/* The ledger's side of n pages passing from `old` to `pid`.  owned[0], the
 * free pages, is not kept: count(0) derives it, so an alloc or a release
 * updates one count, not two. */
static inline void ledger_pass(own_table *t, uint32_t old, uint32_t pid, uint32_t n)
{
    if (old != 0u)
        t->ledger.owned[old] -= n;
    if (pid != 0u)
        t->ledger.owned[pid] += n;
}

/* A block outside the pool learns that slot s passed from `old` to `pid`
 * (old != pid): its used count and its single owner, or MIXED. */
static void other_block_change(own_table *t, uint32_t s, uint32_t old, uint32_t pid)
{
    uint32_t b = (s - t->other0) >> BLOCK_SHIFT, v = t->sums[b], used = v & SUM_USED, own = v >> 8;
    if (pid == 0u) {
        used--;
        own = used == 0u ? 0u : own;
    } else if (old == 0u) {
        own = used == 0u || own == pid ? pid : 0u;
        used++;
    } else {
        own = used == 1u ? pid : 0u; /* the block's only page, or now mixed */
    }
    t->sums[b] = (uint16_t)(used | own << 8);
    if (used == 0u)
        t->live[b / 32u] &= ~(1u << (b % 32u));
    else
        t->live[b / 32u] |= 1u << (b % 32u);
}

/*
 * Pool slot s passes from `old` to `pid` (old != pid): its byte, the ledger,
 * its granule's count, and the hint when a page below it is freed.  The pool
 * keeps no single owner per granule: heaps and IPC buffers interleave owners
 * there anyway, so one would rarely be provable, and not tracking it keeps
 * the steady state's claim/release/move short.
 */
static inline void pool_set(own_table *t, uint32_t s, uint32_t old, uint32_t pid)
{
    owners_rw(t)[s] = (uint8_t)pid;
    ledger_pass(t, old, pid, 1u);
    if (old == 0u) {
        t->pool_used[s >> t->gshift]++;
    } else if (pid == 0u) {
        t->pool_used[s >> t->gshift]--;
        if (s < t->hint)
            t->hint = s;
    }
}

static inline void set_owner(own_table *t, uint32_t s, uint32_t old, uint32_t pid)
{
    if (s < t->pool_pages) {
        pool_set(t, s, old, pid);
        return;
    }
    owners_rw(t)[s] = (uint8_t)pid;
    ledger_pass(t, old, pid, 1u);
    other_block_change(t, s, old, pid);
}

/* Out of line, so that the search's registers cost the pool path nothing. */
__attribute__((noinline)) static own_err owner_elsewhere(const own_table *t, uint32_t page,
                                                         uint32_t *pid)
{
    int32_t s = other_slot(t, page);
    if (s < 0)
        return OWN_BAD_ADDRESS;
    *pid = owners(t)[s];
    return OWN_OK;
}

/* A pool page: two header loads, a subtraction, one compare, the byte. */
own_err own_split_owner(const own_table *t, uint32_t addr, uint32_t *pid)
{
    uint32_t page = own_page_of(addr), d = page - t->pool_first;
    if (d >= t->pool_pages)
        return owner_elsewhere(t, page, pid);
    *pid = owners(t)[d];
    return OWN_OK;
}

/*
 * claim, release and move come in two halves.  The *_any half is the whole
 * operation for any page, with every check in the contract's order.  The
 * public half serves a valid PID and an aligned pool page, the steady
 * state's only case, inline and without a stack frame, and hands
 * everything else to *_any in a tail call.
 */
__attribute__((noinline)) static own_err claim_any(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t s;
    own_err e = own_pid_ok(pid) ? slot_checked(t, addr, &s) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    uint32_t cur = owners(t)[s];
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
    uint32_t cur = owners(t)[s];
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
    uint32_t cur = owners(t)[s];
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

own_err own_split_claim(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t d = pool_slot(t, addr);
    if (!own_pid_ok(pid) || d >= t->pool_pages)
        return claim_any(t, addr, pid);
    uint32_t cur = owners(t)[d];
    if (cur == 0u)
        pool_set(t, d, 0u, pid);
    else if (cur != pid)
        return OWN_MEMORY_IN_USE;
    return OWN_OK;
}

own_err own_split_release(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t d = pool_slot(t, addr);
    if (!own_pid_ok(pid) || d >= t->pool_pages)
        return release_any(t, addr, pid);
    uint32_t cur = owners(t)[d];
    if (cur == pid)
        pool_set(t, d, pid, 0u);
    else if (cur != 0u)
        return OWN_MEMORY_IN_USE;
    return OWN_OK;
}

own_err own_split_move(own_table *t, uint32_t addr, uint32_t from, uint32_t to)
{
    uint32_t d = pool_slot(t, addr);
    if (!own_pid_ok(from) || !own_pid_ok(to) || d >= t->pool_pages)
        return move_any(t, addr, from, to);
    uint32_t cur = owners(t)[d];
    if (!own_may_move(cur, from, to))
        return OWN_MEMORY_IN_USE;
    if (cur != to)
        pool_set(t, d, cur, to);
    return OWN_OK;
}

/* ---- ranges ------------------------------------------------------------ */

/* May pid take slots [s, end)?  A free granule or block, or a block pid owns
 * alone, answers from its count or summary; only the others are read. */
static int may_take_run(const own_table *t, uint32_t s, uint32_t end, uint32_t pid)
{
    const uint8_t *o = owners(t);
    while (s < end) {
        uint32_t stop, busy;
        if (s < t->pool_pages) {
            uint32_t g = s >> t->gshift;
            stop = (g + 1u) << t->gshift;
            busy = t->pool_used[g] != 0u;
        } else {
            uint32_t b = (s - t->other0) >> BLOCK_SHIFT, v = t->sums[b];
            stop = t->other0 + ((b + 1u) << BLOCK_SHIFT);
            busy = (v & SUM_USED) != 0u && (v >> 8) != pid;
        }
        stop = min_u32(stop, end);
        for (uint32_t i = s; busy && i < stop; i++)
            if (!own_may_take(o[i], pid))
                return 0;
        s = stop;
    }
    return 1;
}

/* Bytes [s, end) of a free granule or block become pid's: words where they
 * fit. */
static void fill(own_table *t, uint32_t s, uint32_t end, uint32_t pid)
{
    uint8_t *o = owners_rw(t);
    for (; s < end && (s & 3u) != 0u; s++)
        o[s] = (uint8_t)pid;
    for (; s + 4u <= end; s += 4u)
        t->owner_words[s >> 2] = pid * BYTES_X4;
    for (; s < end; s++)
        o[s] = (uint8_t)pid;
}

/* Bytes [s, end) become pid's where free; how many were. */
static uint32_t take_free(own_table *t, uint32_t s, uint32_t end, uint32_t pid)
{
    uint8_t *o = owners_rw(t);
    uint32_t n = 0;
    for (; s < end; s++)
        if (o[s] == 0u) {
            o[s] = (uint8_t)pid;
            n++;
        }
    return n;
}

/* Slots [s, end), already checked, become pid's; the count of pages that
 * were free. */
static uint32_t take_run(own_table *t, uint32_t s, uint32_t end, uint32_t pid)
{
    uint32_t got = 0;
    while (s < end) {
        uint32_t stop, n;
        if (s < t->pool_pages) {
            uint32_t g = s >> t->gshift;
            stop = min_u32((g + 1u) << t->gshift, end);
            if (t->pool_used[g] == 0u) {
                fill(t, s, stop, pid);
                n = stop - s;
            } else {
                n = take_free(t, s, stop, pid);
            }
            t->pool_used[g] = (uint16_t)(t->pool_used[g] + n);
        } else {
            uint32_t b = (s - t->other0) >> BLOCK_SHIFT, v = t->sums[b];
            uint32_t used = v & SUM_USED, own = v >> 8;
            stop = min_u32(t->other0 + ((b + 1u) << BLOCK_SHIFT), end);
            if (used == 0u) {
                fill(t, s, stop, pid);
                n = stop - s;
                own = pid;
                t->live[b / 32u] |= 1u << (b % 32u);
            } else {
                n = take_free(t, s, stop, pid);
                own = n == 0u || own == pid ? own : 0u;
            }
            t->sums[b] = (uint16_t)((used + n) | own << 8);
        }
        got += n;
        s = stop;
    }
    return got;
}

/* The pages' slot runs (pieces.h), checked first in address order, all of
 * them, then taken: all or nothing. */
own_err own_split_claim_range(own_table *t, uint32_t addr, uint32_t n, uint32_t pid)
{
    own_err e;
    if (own_range_answered(addr, n, pid, &e))
        return e;
    own_slot_run runs[OWN_PIECE_RUNS];
    int whole;
    uint32_t k = own_pieces_runs(&t->ps, own_page_of(addr), n, runs, &whole);
    for (uint32_t i = 0; i < k; i++)
        if (!may_take_run(t, runs[i].s, runs[i].end, pid))
            return OWN_MEMORY_IN_USE;
    if (!whole)
        return OWN_BAD_ADDRESS;
    uint32_t got = 0;
    for (uint32_t i = 0; i < k; i++)
        got += take_run(t, runs[i].s, runs[i].end, pid);
    ledger_pass(t, 0u, pid, got);
    return OWN_OK;
}

/* Frees pid's bytes among [i, end); how many. */
static uint32_t free_bytes(own_table *t, uint32_t i, uint32_t end, uint32_t pid)
{
    uint8_t *o = owners_rw(t);
    uint32_t n = 0;
    for (; i < end; i++)
        if (o[i] == pid) {
            o[i] = 0u;
            n++;
        }
    return n;
}

/* Frees pid's bytes in words [w0, w1); how many.  Four words are tested at
 * once (a byte equal to pid is a zero byte of word ^ pattern) and only a
 * group that holds pid is looked into. */
static uint32_t free_words(own_table *t, uint32_t w0, uint32_t w1, uint32_t pid)
{
    const uint32_t *words = t->owner_words;
    uint32_t pattern = pid * BYTES_X4, n = 0, w = w0;
    for (; w + 4u <= w1; w += 4u) {
        uint32_t x0 = words[w] ^ pattern, x1 = words[w + 1u] ^ pattern;
        uint32_t x2 = words[w + 2u] ^ pattern, x3 = words[w + 3u] ^ pattern;
        uint32_t z = ((x0 - BYTES_X4) & ~x0) | ((x1 - BYTES_X4) & ~x1) |
                     ((x2 - BYTES_X4) & ~x2) | ((x3 - BYTES_X4) & ~x3);
        if ((z & 0x80808080u) != 0u)
            n += free_bytes(t, w * 4u, w * 4u + 16u, pid);
    }
    for (; w < w1; w++)
        if (has_zero_byte(words[w] ^ pattern) != 0u)
            n += free_bytes(t, w * 4u, w * 4u + 4u, pid);
    return n;
}

/*
 * The pool's granules, then the other blocks, while the ledger says the PID
 * still has pages.  An empty granule costs one halfword read, 32 empty
 * blocks one word of live bits, another single owner's block one halfword;
 * a block the PID owns alone is emptied by word stores without being read;
 * a used granule or a MIXED block is read four words at a time.  (The bytes
 * past the last slot are zero and never match.)
 */
own_err own_split_release_all(own_table *t, uint32_t pid, uint32_t *freed)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    const uint32_t gshift = t->gshift, pool_pages = t->pool_pages, other0 = t->other0;
    const uint32_t nblocks = t->nblocks, nwords = t->nwords;
    uint32_t want = t->ledger.owned[pid], left = want, low = t->hint;
    for (uint32_t g = 0; g << gshift < pool_pages && left != 0u; g++) {
        if (t->pool_used[g] == 0u)
            continue;
        uint32_t s0 = g << gshift, s1 = min_u32((g + 1u) << gshift, pool_pages);
        uint32_t n = free_words(t, s0 / 4u, (s1 + 3u) / 4u, pid);
        t->pool_used[g] = (uint16_t)(t->pool_used[g] - n);
        left -= n;
        if (n != 0u && s0 < low)
            low = s0;
    }
    t->hint = low;
    uint16_t *sums = t->sums;
    uint32_t *live = t->live;
    /* each pass clears a bit of m: bounded by the blocks */
    for (uint32_t k = 0; k * 32u < nblocks && left != 0u; k++) {
        for (uint32_t m = live[k]; m != 0u && left != 0u; m &= m - 1u) {
            uint32_t b = k * 32u + own_lowest_bit(m), v = sums[b], own = v >> 8, used = v & SUM_USED, n;
            if (own != pid && own != 0u)
                continue;
            uint32_t w0 = other0 / 4u + b * BLOCK_WORDS, w1 = min_u32(w0 + BLOCK_WORDS, nwords);
            if (own == pid) {
                for (uint32_t w = w0; w < w1; w++)
                    t->owner_words[w] = 0u;
                n = used;
            } else {
                n = free_words(t, w0, w1, pid);
            }
            sums[b] = (uint16_t)(used - n); /* free, or still MIXED */
            if (used == n)
                live[k] &= ~(1u << (b % 32u));
            left -= n;
        }
    }
    ledger_pass(t, pid, 0u, want);
    *freed = want;
    return OWN_OK;
}

/* A PID's count is the ledger's; the free pages are what the 255 owners do
 * not hold (a usage sweep asks for processes, rarely for 0). */
own_err own_split_count(const own_table *t, uint32_t pid, uint32_t *pages)
{
    if (pid != 0u)
        return own_ledger_count(&t->ledger, pid, pages);
    uint32_t used = 0;
    for (uint32_t p = 1; p <= OWN_PID_MAX; p++)
        used += t->ledger.owned[p];
    *pages = t->listed - used;
    return OWN_OK;
}

/* The first free pool slot at or after i, or pool_pages if there is none:
 * full granules are stepped over by their counts, so this costs at most a
 * count per granule and one granule's bytes. */
static uint32_t next_free(const own_table *t, uint32_t i)
{
    const uint8_t *o = owners(t);
    for (uint32_t g = i >> t->gshift; g << t->gshift < t->pool_pages; g++) {
        uint32_t s = g << t->gshift, end = min_u32((g + 1u) << t->gshift, t->pool_pages);
        if (t->pool_used[g] == end - s)
            continue;
        for (s = s > i ? s : i; s < end; s++)
            if (o[s] == 0u)
                return s;
    }
    return t->pool_pages;
}

/*
 * The hint's page is the answer whenever the last pool page freed was the
 * lowest free one.  Otherwise the search runs on from the hint, stepping
 * over full granules by their counts; finding nothing, it answers
 * OutOfMemory and changes nothing (a failed operation must not), so a full
 * pool costs a count per granule per attempt -- a bound, and cheaper than
 * keeping the ledger's ram_free on every single-page change, which is why
 * this design does not keep it.
 */
own_err own_split_alloc(own_table *t, uint32_t pid, uint32_t *addr)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    uint32_t s = t->hint;
    if (s >= t->pool_pages || owners(t)[s] != 0u) {
        s = next_free(t, s);
        if (s >= t->pool_pages)
            return OWN_OUT_OF_MEMORY;
    }
    owners_rw(t)[s] = (uint8_t)pid;
    ledger_pass(t, 0u, pid, 1u);
    t->pool_used[s >> t->gshift]++;
    t->hint = s + 1u;
    *addr = (t->pool_first + s) << OWN_PAGE_SHIFT;
    return OWN_OK;
}

size_t own_split_inuse(const own_table *t) { return t->bytes; }
size_t own_split_peak(const own_table *t) { return t->bytes; }

OWN_STRATEGY(split);
