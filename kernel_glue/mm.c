/*
 * mm.c - the memory manager.  See mm.h for what it adds to the table.
 *
 * Lends are few and short-lived (a message's buffer), so they live in a small
 * fixed array searched linearly: checking it costs nothing when it is empty,
 * which is nearly always.  The allocation cursor is next-fit over main RAM
 * and really moves on: Xous meant to have one, but its cursor restarts at
 * page 0 every time (see lookup/xous.c), which makes allocation at high
 * occupancy a scan of everything below.
 */
#include "mm.h"

#ifndef OWN_DIRECT
#error "build with -DOWN_DIRECT=<design>"
#endif

typedef struct lend {
    uint32_t page, lender, borrower; /* borrower 0: slot unused */
} lend;

static own_table *table;
static bootargs_map map;
static size_t reserved;
static uint32_t cursor; /* next RAM page to try */
static lend lends[MM_MAX_LENDS];
static uint32_t nlends;

const char *mm_init(const uint32_t *args, uint32_t words, void *storage, size_t bytes)
{
    const char *why = bootargs_parse(args, words, &map);
    if (why != NULL)
        return why;
    own_map m = bootargs_as_map(&map);
    reserved = own_direct_reserve(&m);
    if (reserved == 0u)
        return "the regions are not a valid whitelist (overlapping or touching)";
    if (reserved > bytes)
        return "the metadata region is too small for this map";
    own_err e = own_direct_init(&table, storage, bytes, &m);
    if (e != OWN_OK)
        return own_err_name(e);
    cursor = 0;
    nlends = 0;
    for (uint32_t i = 0; i < MM_MAX_LENDS; i++)
        lends[i].borrower = 0;
    return NULL;
}

size_t mm_reserved(void) { return reserved; }
const bootargs_map *mm_map(void) { return &map; }
uint32_t mm_lends(void) { return nlends; }

static lend *find_lend(uint32_t addr)
{
    for (uint32_t i = 0; nlends != 0u && i < MM_MAX_LENDS; i++)
        if (lends[i].borrower != 0u && lends[i].page == (addr >> OWN_PAGE_SHIFT))
            return &lends[i];
    return NULL;
}

own_err mm_owner(uint32_t addr, uint32_t *pid) { return own_direct_owner(table, addr, pid); }
own_err mm_claim(uint32_t addr, uint32_t pid) { return own_direct_claim(table, addr, pid); }
own_err mm_map_range(uint32_t addr, uint32_t pages, uint32_t pid)
{
    return own_direct_claim_range(table, addr, pages, pid);
}

/* A lent page is busy: the table's checks first (so errors keep their order),
 * then the lend. */
own_err mm_release(uint32_t addr, uint32_t pid)
{
    uint32_t cur = 0;
    if (pid >= 1u && pid <= OWN_PID_MAX && (addr & (OWN_PAGE_SIZE - 1u)) == 0u &&
        find_lend(addr) != NULL && own_direct_owner(table, addr, &cur) == OWN_OK && cur == pid)
        return OWN_MEMORY_IN_USE;
    return own_direct_release(table, addr, pid);
}

own_err mm_move(uint32_t addr, uint32_t from, uint32_t to)
{
    if ((addr & (OWN_PAGE_SIZE - 1u)) == 0u && find_lend(addr) != NULL && from >= 1u &&
        from <= OWN_PID_MAX && to >= 1u && to <= OWN_PID_MAX)
        return OWN_MEMORY_IN_USE;
    return own_direct_move(table, addr, from, to);
}

own_err mm_lend(uint32_t addr, uint32_t lender, uint32_t borrower)
{
    if (lender < 1u || lender > OWN_PID_MAX || borrower < 1u || borrower > OWN_PID_MAX)
        return OWN_BAD_PID;
    if (addr & (OWN_PAGE_SIZE - 1u))
        return OWN_BAD_ALIGNMENT;
    uint32_t cur;
    own_err e = own_direct_owner(table, addr, &cur);
    if (e != OWN_OK)
        return e;
    if (cur != lender || find_lend(addr) != NULL)
        return OWN_MEMORY_IN_USE;
    for (uint32_t i = 0; i < MM_MAX_LENDS; i++)
        if (lends[i].borrower == 0u) {
            lends[i] = (lend){addr >> OWN_PAGE_SHIFT, lender, borrower};
            nlends++;
            return OWN_OK;
        }
    return OWN_OUT_OF_MEMORY;
}

own_err mm_return(uint32_t addr, uint32_t borrower)
{
    if (borrower < 1u || borrower > OWN_PID_MAX)
        return OWN_BAD_PID;
    if (addr & (OWN_PAGE_SIZE - 1u))
        return OWN_BAD_ALIGNMENT;
    lend *l = find_lend(addr);
    if (l == NULL)
        return OWN_BAD_ADDRESS;
    if (l->borrower != borrower)
        return OWN_MEMORY_IN_USE;
    l->borrower = 0;
    nlends--;
    return OWN_OK;
}

own_err mm_alloc_page(uint32_t pid, uint32_t *addr)
{
    if (pid < 1u || pid > OWN_PID_MAX)
        return OWN_BAD_PID;
    const own_region *ram = &map.regions[0];
    for (uint32_t n = 0; n < ram->pages; n++) {
        uint32_t a = ram->base + (cursor << OWN_PAGE_SHIFT), cur = 1;
        cursor = cursor + 1u == ram->pages ? 0u : cursor + 1u;
        if (own_direct_owner(table, a, &cur) == OWN_OK && cur == 0u &&
            own_direct_claim(table, a, pid) == OWN_OK) {
            *addr = a;
            return OWN_OK;
        }
    }
    return OWN_OUT_OF_MEMORY;
}

uint32_t mm_release_all_memory_for_process(uint32_t pid)
{
    uint32_t freed = 0;
    if (pid < 2u || pid > OWN_PID_MAX)
        return 0; /* the kernel does not die */
    for (uint32_t i = 0; nlends != 0u && i < MM_MAX_LENDS; i++) {
        lend *l = &lends[i];
        if (l->borrower == 0u)
            continue;
        if (l->borrower == pid) { /* what it borrowed goes home */
            l->borrower = 0;
            nlends--;
        } else if (l->lender == pid) { /* what it lent goes to the kernel */
            own_direct_move(table, l->page << OWN_PAGE_SHIFT, pid, OWN_PID_KERNEL);
            l->lender = OWN_PID_KERNEL;
        }
    }
    own_direct_release_all(table, pid, &freed);
    return freed;
}

uint32_t mm_ram_used_by(uint32_t pid)
{
    const own_region *ram = &map.regions[0];
    uint32_t n = 0;
    for (uint32_t k = 0; k < ram->pages; k++) {
        uint32_t cur = 0;
        own_direct_owner(table, ram->base + (k << OWN_PAGE_SHIFT), &cur);
        n += cur == pid;
    }
    return n;
}
