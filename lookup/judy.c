/*
 * judy.c - the first peer: libJudy's JudyL, keyed by page number.
 *
 * A kernel author who does not want to write a table reaches for a sparse
 * associative array, and JudyL is the classic one: a 256-ary digital tree
 * whose nodes change shape with their population (linear leaves, bitmap
 * branches, uncompressed branches), so that a few scattered keys and a
 * million dense ones both cost little.  Here the key is the page number
 * (addr >> 12, below 2^20), the value is the owner, and a free page is simply
 * absent: an all-free table is an empty array, a NULL pointer, and the array
 * grows with what is owned, not with what is listed.
 *
 * What the library does not know is the whitelist, so that check is the
 * shared O(1) index from common.h, built in the caller's storage like every
 * design's; reserve() is this header plus the index.  The tree itself lives
 * in memory Judy mallocs -- the one liberty the peers are allowed -- and
 * inuse() adds JudyLMemUsed() (O(1): Judy keeps the total in its root) to the
 * storage.  peak() is the most inuse() has been since init, noted after every
 * change, so no failing operation writes a byte of storage.
 *
 * Beside the tree the header keeps a counter per PID (1 KiB): count is O(1)
 * (count(0) is the listed pages minus all owned), release_all can stop the
 * moment it has freed that many pages instead of scanning the rest of the
 * tree, and alloc knows at once when main RAM is full.  release_all itself is
 * JudyLFirst/JudyLNext over the whole tree, deleting the PID's entries as it
 * meets them: O(owned pages), not O(listed pages), but it cannot skip the
 * other PIDs' pages -- the tree is ordered by page, not by owner.
 *
 * alloc is first-fit with the library's own search: JudyLFirstEmpty from main
 * RAM's first page finds the lowest absent key, skipping full subexpanses by
 * their population counts.  As the counter says a free RAM page exists, and
 * RAM's page numbers are contiguous, the answer is always inside RAM.
 *
 * claim_range checks before it changes anything.  How far the listed pages
 * run from the start is found by walking the index a chunk or block at a time
 * where it says "fully listed" (regions never touch, so consecutive listed
 * pages are one region); the first page owned by someone else in that run is
 * found by JudyLFirst/JudyLNext over the owned entries only.  Whichever comes
 * first in address order answers; only then are the pages inserted.
 *
 * Out of memory inside the library is not part of the contract: JudyLIns and
 * JudyLDel report it (JudyLDel can need memory to re-pack a node), but undoing
 * half of a claim_range could need memory again, so a peer treats it as
 * fatal, as a kernel would treat a failed boot-time allocation: abort().
 *
 * Judy.h compiles cleanly under -Wall -Wextra -Werror with this toolchain;
 * no diagnostic pragma was needed.
 */
#include <stdlib.h>
#include <Judy.h>
#include "common.h"

struct own_table {
    own_pageindex ix;
    Pvoid_t tree;         /* JudyL: page number -> owner; free pages absent */
    uint32_t pages;       /* listed pages */
    uint32_t ram_first;   /* the alloc pool's (main RAM as declared) first page */
    uint32_t ram_pages;
    size_t bytes;         /* storage used */
    size_t peak;          /* most inuse() seen */
    own_ledger ledger;    /* pages per owner, free pages in main RAM */
};

static size_t layout(const own_map *map, size_t *index_at)
{
    *index_at = own_round(sizeof(struct own_table));
    return *index_at + own_pageindex_bytes(map);
}

size_t own_judy_reserve(const own_map *map)
{
    size_t a;
    return own_map_validate(map) == OWN_OK ? layout(map, &a) : 0u;
}

own_err own_judy_init(own_table **out, void *storage, size_t bytes, const own_map *map)
{
    own_err e = own_map_validate(map);
    if (e != OWN_OK)
        return e;
    size_t index_at, need = layout(map, &index_at);
    if ((e = own_storage_ok(storage, bytes, need)) != OWN_OK)
        return e;
    own_table *t = storage;
    own_zero(t, sizeof *t);
    own_pageindex_build(&t->ix, (unsigned char *)storage + index_at, map);
    t->tree = (Pvoid_t)NULL;
    t->pages = t->ix.pages;
    own_region pool = own_map_pool(map);
    t->ram_first = own_page_of(pool.base);
    t->ram_pages = pool.pages;
    own_ledger_init(&t->ledger, t->pages, t->ram_pages);
    t->bytes = need;
    t->peak = need;
    *out = t;
    return OWN_OK;
}

void own_judy_fini(own_table *t)
{
    JudyLFreeArray(&t->tree, PJE0);
    t->tree = (Pvoid_t)NULL;
}

size_t own_judy_inuse(const own_table *t) { return t->bytes + (size_t)JudyLMemUsed(t->tree); }

size_t own_judy_peak(const own_table *t)
{
    size_t now = own_judy_inuse(t);
    return now > t->peak ? now : t->peak;
}

static void note_peak(own_table *t)
{
    size_t now = own_judy_inuse(t);
    if (now > t->peak)
        t->peak = now;
}

static int in_ram(const own_table *t, uint32_t page) { return page - t->ram_first < t->ram_pages; }

/* Bookkeeping for one page changing from `old` to `pid` (0 = free). */
static void account(own_table *t, uint32_t page, uint32_t old, uint32_t pid)
{
    own_ledger_move(&t->ledger, old, pid, 1u, (uint32_t)in_ram(t, page));
}

/* The tree's slot for a page, created empty (value 0) if absent. */
static PWord_t insert(own_table *t, uint32_t page)
{
    PWord_t v = (PWord_t)JudyLIns(&t->tree, (Word_t)page, PJE0);
    if (v == (PWord_t)PJERR)
        abort(); /* the library's heap ran out: outside the contract */
    return v;
}

static void delete(own_table *t, uint32_t page)
{
    if (JudyLDel(&t->tree, (Word_t)page, PJE0) == JERR)
        abort();
}

/* Owner of a listed page: its value, or 0 when absent. */
static uint32_t current(const own_table *t, uint32_t page)
{
    PWord_t v = (PWord_t)JudyLGet(t->tree, (Word_t)page, PJE0);
    return v == NULL ? 0u : (uint32_t)*v;
}

/* Makes `pid` (0 = free) the owner of a listed page. */
static void set_owner(own_table *t, uint32_t page, uint32_t pid)
{
    uint32_t old = current(t, page);
    if (old == pid)
        return;
    if (pid == 0u)
        delete(t, page);
    else
        *insert(t, page) = pid;
    account(t, page, old, pid);
}

own_err own_judy_owner(const own_table *t, uint32_t addr, uint32_t *pid)
{
    uint32_t page = own_page_of(addr);
    if (own_pageindex_find(&t->ix, page) < 0)
        return OWN_BAD_ADDRESS;
    *pid = current(t, page);
    return OWN_OK;
}

own_err own_judy_claim(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t page;
    own_err e = own_pid_ok(pid) ? own_pageindex_page(&t->ix, addr, &page) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    uint32_t cur = current(t, page);
    if (!own_may_take(cur, pid))
        return OWN_MEMORY_IN_USE;
    set_owner(t, page, pid);
    note_peak(t);
    return OWN_OK;
}

own_err own_judy_release(own_table *t, uint32_t addr, uint32_t pid)
{
    uint32_t page;
    own_err e = own_pid_ok(pid) ? own_pageindex_page(&t->ix, addr, &page) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    uint32_t cur = current(t, page);
    if (!own_may_take(cur, pid))
        return OWN_MEMORY_IN_USE;
    set_owner(t, page, 0u);
    return OWN_OK;
}

own_err own_judy_move(own_table *t, uint32_t addr, uint32_t from, uint32_t to)
{
    uint32_t page;
    own_err e = own_pid_ok(from) && own_pid_ok(to) ? own_pageindex_page(&t->ix, addr, &page) : OWN_BAD_PID;
    if (e != OWN_OK)
        return e;
    uint32_t cur = current(t, page);
    if (!own_may_move(cur, from, to))
        return OWN_MEMORY_IN_USE;
    set_owner(t, page, to);
    note_peak(t);
    return OWN_OK;
}

own_err own_judy_claim_range(own_table *t, uint32_t addr, uint32_t n, uint32_t pid)
{
    own_err e;
    if (own_range_answered(addr, n, pid, &e))
        return e;
    uint32_t p0 = own_page_of(addr), room = OWN_PAGES_IN_SPACE - p0;
    uint32_t run = own_pageindex_run(&t->ix, p0, n < room ? n : room);
    /* The first page in the listed run owned by someone else answers first:
     * it comes before the unlisted page that ends the run.  Only owned pages
     * are visited, in order; each step moves on, so at most `run` steps. */
    Word_t k = p0;
    PWord_t v = (PWord_t)JudyLFirst(t->tree, &k, PJE0);
    for (uint32_t i = 0; i < run && v != NULL && k < (Word_t)p0 + run; i++) {
        if (*v != pid)
            return OWN_MEMORY_IN_USE;
        v = (PWord_t)JudyLNext(t->tree, &k, PJE0);
    }
    if (run < n)
        return OWN_BAD_ADDRESS; /* unlisted, or past 2^32 */
    /* Every page is free or already pid's: apply. */
    for (uint32_t i = 0; i < n; i++) {
        PWord_t slot = insert(t, p0 + i);
        if (*slot == 0u) { /* newly inserted: it was free */
            *slot = pid;
            account(t, p0 + i, 0u, pid);
        }
    }
    note_peak(t);
    return OWN_OK;
}

own_err own_judy_release_all(own_table *t, uint32_t pid, uint32_t *freed)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    uint32_t want = t->ledger.owned[pid], seen = 0, total = t->pages - t->ledger.owned[0];
    Word_t k = 0;
    PWord_t v = (PWord_t)JudyLFirst(t->tree, &k, PJE0);
    /* Visits each owned page at most once; stops when pid has none left. */
    while (v != NULL && t->ledger.owned[pid] != 0u && seen < total) {
        seen++;
        if (*v == pid) {
            delete(t, (uint32_t)k);
            account(t, (uint32_t)k, pid, 0u);
        }
        v = (PWord_t)JudyLNext(t->tree, &k, PJE0);
    }
    *freed = want;
    return OWN_OK;
}

own_err own_judy_count(const own_table *t, uint32_t pid, uint32_t *pages)
{
    return own_ledger_count(&t->ledger, pid, pages);
}

own_err own_judy_alloc(own_table *t, uint32_t pid, uint32_t *addr)
{
    if (!own_pid_ok(pid))
        return OWN_BAD_PID;
    if (t->ledger.ram_free == 0u)
        return OWN_OUT_OF_MEMORY;
    Word_t k = t->ram_first;
    if (JudyLFirstEmpty(t->tree, &k, PJE0) != 1 || !in_ram(t, (uint32_t)k))
        abort(); /* cannot be: the counter says main RAM has a free page */
    *insert(t, (uint32_t)k) = pid;
    account(t, (uint32_t)k, 0u, pid);
    note_peak(t);
    *addr = (uint32_t)k << OWN_PAGE_SHIFT;
    return OWN_OK;
}

OWN_STRATEGY(judy);
