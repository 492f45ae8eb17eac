/*
 * refmodel.c - the reference model: the contract, written as plainly as C
 * allows, for the differential tests to compare every design against.
 *
 * One byte of owner and one byte of "listed" for each of the 2^20 pages of
 * the address space, and each operation is the contract's table row read
 * aloud.  It is slow and large (2 MiB) on purpose: there is nothing in it to
 * get wrong.  It speaks the same interface as the designs, so a test can
 * drive it and a design side by side.  alloc returns the lowest free
 * main-RAM page.
 */
#include "refmodel.h"

struct own_table {
    uint8_t owner[OWN_PAGES_IN_SPACE];
    uint8_t listed[OWN_PAGES_IN_SPACE];
    uint32_t ram_first, ram_pages;
    own_region regions[OWN_MAX_REGIONS]; /* to visit only listed pages */
    uint32_t nregions;
};

static size_t ref_reserve(const own_map *map)
{
    return own_map_validate(map) == OWN_OK ? sizeof(own_table) : 0u;
}

static own_err ref_init(own_table **out, void *storage, size_t bytes, const own_map *map)
{
    own_err e = own_map_validate(map);
    if (e != OWN_OK)
        return e;
    if (storage == NULL || bytes < sizeof(own_table))
        return OWN_BAD_STORAGE;
    own_table *t = storage;
    for (uint32_t p = 0; p < OWN_PAGES_IN_SPACE; p++)
        t->owner[p] = t->listed[p] = 0;
    for (uint32_t i = 0; i < map->count; i++)
        for (uint32_t k = 0; k < map->regions[i].pages; k++)
            t->listed[(map->regions[i].base >> 12) + k] = 1;
    for (uint32_t i = 0; i < map->count; i++)
        t->regions[i] = map->regions[i];
    t->nregions = map->count;
    own_region pool = own_map_pool(map); /* main RAM as declared, not as merged */
    t->ram_first = pool.base >> 12;
    t->ram_pages = pool.pages;
    *out = t;
    return OWN_OK;
}

static void ref_fini(own_table *t) { (void)t; }

static int pid_ok(uint32_t pid) { return pid >= 1 && pid <= 255; }

/* The checks after the PID's, in the contract's order. */
static own_err page_check(const own_table *t, uint32_t addr)
{
    if (addr % 4096 != 0)
        return OWN_BAD_ALIGNMENT;
    if (!t->listed[addr / 4096])
        return OWN_BAD_ADDRESS;
    return OWN_OK;
}

static own_err ref_owner(const own_table *t, uint32_t addr, uint32_t *pid)
{
    if (!t->listed[addr / 4096])
        return OWN_BAD_ADDRESS;
    *pid = t->owner[addr / 4096];
    return OWN_OK;
}

static own_err ref_claim(own_table *t, uint32_t addr, uint32_t pid)
{
    if (!pid_ok(pid))
        return OWN_BAD_PID;
    own_err e = page_check(t, addr);
    if (e != OWN_OK)
        return e;
    uint8_t *o = &t->owner[addr / 4096];
    if (*o != 0 && *o != pid)
        return OWN_MEMORY_IN_USE;
    *o = (uint8_t)pid;
    return OWN_OK;
}

static own_err ref_release(own_table *t, uint32_t addr, uint32_t pid)
{
    if (!pid_ok(pid))
        return OWN_BAD_PID;
    own_err e = page_check(t, addr);
    if (e != OWN_OK)
        return e;
    uint8_t *o = &t->owner[addr / 4096];
    if (*o != 0 && *o != pid)
        return OWN_MEMORY_IN_USE;
    *o = 0;
    return OWN_OK;
}

static own_err ref_move(own_table *t, uint32_t addr, uint32_t from, uint32_t to)
{
    if (!pid_ok(from) || !pid_ok(to))
        return OWN_BAD_PID;
    own_err e = page_check(t, addr);
    if (e != OWN_OK)
        return e;
    uint8_t *o = &t->owner[addr / 4096];
    if (*o != 0 && *o != from && *o != to)
        return OWN_MEMORY_IN_USE;
    *o = (uint8_t)to;
    return OWN_OK;
}

static own_err ref_claim_range(own_table *t, uint32_t addr, uint32_t n, uint32_t pid)
{
    if (!pid_ok(pid))
        return OWN_BAD_PID;
    if (addr % 4096 != 0)
        return OWN_BAD_ALIGNMENT;
    uint64_t first = addr / 4096;
    for (uint64_t p = first; p < first + n; p++) {
        if (p >= OWN_PAGES_IN_SPACE || !t->listed[p])
            return OWN_BAD_ADDRESS;
        if (t->owner[p] != 0 && t->owner[p] != pid)
            return OWN_MEMORY_IN_USE;
    }
    for (uint64_t p = first; p < first + n; p++)
        t->owner[p] = (uint8_t)pid;
    return OWN_OK;
}

static own_err ref_release_all(own_table *t, uint32_t pid, uint32_t *freed)
{
    if (!pid_ok(pid))
        return OWN_BAD_PID;
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->nregions; i++)
        for (uint32_t p = t->regions[i].base / 4096, k = 0; k < t->regions[i].pages; k++, p++)
            if (t->owner[p] == pid) {
                t->owner[p] = 0;
                n++;
            }
    *freed = n;
    return OWN_OK;
}

static own_err ref_count(const own_table *t, uint32_t pid, uint32_t *pages)
{
    if (pid > 255)
        return OWN_BAD_PID;
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->nregions; i++)
        for (uint32_t p = t->regions[i].base / 4096, k = 0; k < t->regions[i].pages; k++, p++)
            n += t->owner[p] == pid;
    *pages = n;
    return OWN_OK;
}

static own_err ref_alloc(own_table *t, uint32_t pid, uint32_t *addr)
{
    if (!pid_ok(pid))
        return OWN_BAD_PID;
    for (uint32_t k = 0; k < t->ram_pages; k++)
        if (t->owner[t->ram_first + k] == 0) {
            t->owner[t->ram_first + k] = (uint8_t)pid;
            *addr = (t->ram_first + k) * 4096u;
            return OWN_OK;
        }
    return OWN_OUT_OF_MEMORY;
}

static size_t ref_bytes(const own_table *t)
{
    (void)t;
    return sizeof(own_table);
}

const own_strategy own_reference = {
    "reference", ref_reserve, ref_init, ref_fini, ref_owner, ref_claim, ref_release,
    ref_move, ref_claim_range, ref_release_all, ref_count, ref_alloc, ref_bytes, ref_bytes,
};

int ref_is_free_ram(const own_table *t, uint32_t addr)
{
    uint32_t p = addr / 4096;
    return addr % 4096 == 0 && p >= t->ram_first && p - t->ram_first < t->ram_pages &&
           t->owner[p] == 0;
}
