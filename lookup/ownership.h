/*
 * ownership.h - who owns this physical page?
 *
 * A Xous-style microkernel (RV32, 4 KiB pages, up to 255 processes) lets no
 * page of RAM, flash or device space belong to two processes at once, and it
 * tracks ownership only for pages inside a whitelist of known regions: a
 * mirrored alias of a device is simply not listed, so it can never be claimed,
 * and the tables can be sized once, at boot, from the map.
 *
 * This header is the whole interface.  Every design in lookup/ implements it,
 * and the tool, the tests, the benchmarks and the kernel glue only ever talk
 * to a design through it.  The contract, restated from the project's spec
 * (docs in README.md, "The contract"):
 *
 *  - Owners: 0 = free, 1 = the kernel, 2..255 = processes.  PIDs are passed
 *    as uint32_t so that 0 and 256 can be refused rather than wrapped.
 *  - Checks run in this order and the first failing one answers; a failing
 *    operation changes nothing:
 *      PID valid (1..255; count also takes 0)
 *      -> alignment (addr % 4096 == 0; owner takes any address)
 *      -> whitelisted
 *      -> ownership.
 *  - claim_range is all or nothing: pages are checked in address order and
 *    the first failing page answers (BadAddress or MemoryInUse); n = 0
 *    succeeds; pages past 2^32 are unlisted (BadAddress).
 *  - move succeeds when the owner is `from`, `to` or free (Xous semantics).
 *  - alloc returns some free main-RAM page (which one is the design's choice)
 *    and fails with OutOfMemory only when none is free.  Main RAM, the pool,
 *    is the declared RAM region's own pages and nothing else: a device that
 *    touches or overlaps RAM is merged with it into one whitelisted region,
 *    but alloc never hands out the device's pages (they can still be claimed).
 *
 * Storage, kernel style: no design calls malloc.  The caller asks
 * own_reserve() how many bytes a map needs in the worst case, hands in that
 * much storage (aligned to OWN_STORAGE_ALIGN) and the design lives inside
 * it.  inuse() says how much of it the current state really needs, peak()
 * the high-water mark: for compact designs the gap is the finding.  (The
 * peers, judy and roaring, wrap libraries that allocate; they are the one
 * exception, and report what they allocated.)
 *
 * Two ways to pick a design:
 *  - at run time, through the registry: own_strategies[] / own_find(); the
 *    tool, the tests and the benchmarks iterate it, so a design added there is
 *    tested and measured everywhere;
 *  - at compile time, for a kernel: build with -DOWN_DIRECT=flat (say) and
 *    call own_direct_owner(...) and friends, which expand to the design's own
 *    functions: one design linked, no indirect call.
 */
#ifndef OWNLAB_OWNERSHIP_H
#define OWNLAB_OWNERSHIP_H

#include <stddef.h>
#include <stdint.h>

#define OWN_PAGE_SHIFT 12u
#define OWN_PAGE_SIZE 4096u
#define OWN_PAGES_IN_SPACE 0x100000u /* 2^32 / 4096 */
#define OWN_PID_FREE 0u
#define OWN_PID_KERNEL 1u
#define OWN_PID_MAX 255u
#define OWN_MAX_REGIONS 4096u     /* bounds every walk over the region list */
#define OWN_STORAGE_ALIGN 8u

typedef enum own_err {
    OWN_OK = 0,
    /* operation answers, named as in the contract */
    OWN_BAD_PID,          /* BadPid */
    OWN_BAD_ALIGNMENT,    /* BadAlignment */
    OWN_BAD_ADDRESS,      /* BadAddress: not whitelisted (or past 2^32) */
    OWN_MEMORY_IN_USE,    /* MemoryInUse */
    OWN_OUT_OF_MEMORY,    /* OutOfMemory */
    /* init refusals: the map or the storage is wrong, nothing was built */
    OWN_REGION_EMPTY,     /* a region of 0 pages */
    OWN_REGION_UNALIGNED, /* a base that is not a page boundary */
    OWN_REGION_WRAPS,     /* a region that runs past 2^32 */
    OWN_REGION_OVERLAP,   /* two regions share or touch a page: merge first */
    OWN_TOO_MANY_REGIONS, /* more than OWN_MAX_REGIONS */
    OWN_BAD_RAM_INDEX,    /* main RAM is not one of the regions */
    OWN_BAD_STORAGE,      /* storage NULL, misaligned or smaller than reserved */
    OWN_BAD_POOL,         /* the alloc pool is unaligned or not inside regions[ram] */
    OWN_ERR_COUNT
} own_err;

/* A whitelisted region, already normalised: page-aligned base, whole pages.
 * Counting pages rather than bytes lets a region end exactly at 2^32. */
typedef struct own_region {
    uint32_t base;  /* physical address, multiple of OWN_PAGE_SIZE */
    uint32_t pages; /* > 0; base/4096 + pages <= 2^20 */
} own_region;

/* The whitelist.  Regions may come in any order but must not overlap or
 * touch (loaders merge those); regions[ram] is the region holding main RAM.
 *
 * The alloc pool is main RAM as declared, before merging: the pages
 * [pool_base, pool_base + pool_pages * 4096), which must lie inside
 * regions[ram].  Merging cannot be undone from the regions alone (a device
 * touching RAM becomes part of regions[ram]), so the loader that merged says
 * where RAM was (boards/normalise.c fills both fields).  pool_pages == 0
 * (with pool_base 0, as a hand-built map written {regions, count, ram} has)
 * means the pool is all of regions[ram]: a map with nothing merged into RAM
 * needs no more.  A pool_base without pool_pages, or a pool outside
 * regions[ram], is refused (OWN_BAD_POOL). */
typedef struct own_map {
    const own_region *regions;
    uint32_t count;
    uint32_t ram;
    uint32_t pool_base;  /* first address of the pool, a page boundary */
    uint32_t pool_pages; /* pages in it; 0 = all of regions[ram] */
} own_map;

/* A design's state lives at the start of the caller's storage. */
typedef struct own_table own_table;

typedef struct own_strategy {
    const char *name;
    /* worst-case bytes of storage for this map (0 if the map is invalid) */
    size_t (*reserve)(const own_map *map);
    /* validates the map, builds an all-free table in storage */
    own_err (*init)(own_table **out, void *storage, size_t bytes, const own_map *map);
    /* frees what a peer allocated; a no-op for the designs */
    void (*fini)(own_table *t);

    own_err (*owner)(const own_table *t, uint32_t addr, uint32_t *pid);
    own_err (*claim)(own_table *t, uint32_t addr, uint32_t pid);
    own_err (*release)(own_table *t, uint32_t addr, uint32_t pid);
    own_err (*move)(own_table *t, uint32_t addr, uint32_t from, uint32_t to);
    own_err (*claim_range)(own_table *t, uint32_t addr, uint32_t n, uint32_t pid);
    own_err (*release_all)(own_table *t, uint32_t pid, uint32_t *freed);
    own_err (*count)(const own_table *t, uint32_t pid, uint32_t *pages);
    own_err (*alloc)(own_table *t, uint32_t pid, uint32_t *addr);

    /* bytes the current state needs, and the most it has needed since init */
    size_t (*inuse)(const own_table *t);
    size_t (*peak)(const own_table *t);
} own_strategy;

/* The registry: every design built in, NULL-terminated. */
extern const own_strategy *const own_strategies[];
const own_strategy *own_find(const char *name);

/* The contract's name for an error ("BadPid", ...) or an init refusal. */
const char *own_err_name(own_err e);

/* Checks every design shares, in the contract's order (defined in map.c). */
own_err own_map_validate(const own_map *map);

/* The alloc pool of a validated map, pool_pages == 0 resolved: the region
 * alloc draws from (a sub-range of regions[ram]). */
own_region own_map_pool(const own_map *map);

/* Each design exports its operations under its own prefix; OWN_DECLARE lists
 * them, so the compile-time selection below can name them. */
#define OWN_DECLARE(d)                                                              \
    extern const own_strategy own_strategy_##d;                                     \
    size_t own_##d##_reserve(const own_map *map);                                   \
    own_err own_##d##_init(own_table **out, void *storage, size_t bytes,            \
                           const own_map *map);                                     \
    void own_##d##_fini(own_table *t);                                              \
    own_err own_##d##_owner(const own_table *t, uint32_t addr, uint32_t *pid);      \
    own_err own_##d##_claim(own_table *t, uint32_t addr, uint32_t pid);             \
    own_err own_##d##_release(own_table *t, uint32_t addr, uint32_t pid);           \
    own_err own_##d##_move(own_table *t, uint32_t addr, uint32_t from, uint32_t to);\
    own_err own_##d##_claim_range(own_table *t, uint32_t addr, uint32_t n,          \
                                  uint32_t pid);                                    \
    own_err own_##d##_release_all(own_table *t, uint32_t pid, uint32_t *freed);     \
    own_err own_##d##_count(const own_table *t, uint32_t pid, uint32_t *pages);     \
    own_err own_##d##_alloc(own_table *t, uint32_t pid, uint32_t *addr);            \
    size_t own_##d##_inuse(const own_table *t);                                     \
    size_t own_##d##_peak(const own_table *t)

OWN_DECLARE(flat);
OWN_DECLARE(bitmap);
OWN_DECLARE(ranges);
OWN_DECLARE(radix);
OWN_DECLARE(xous);
OWN_DECLARE(xous_fixed);
OWN_DECLARE(xous_hint);
OWN_DECLARE(split);
OWN_DECLARE(freemap);
#ifndef OWN_NO_PEERS
OWN_DECLARE(judy);
OWN_DECLARE(roaring);
#endif

/* Builds the registry entry from a design's functions (used once per file). */
#define OWN_STRATEGY(d)                                                             \
    const own_strategy own_strategy_##d = {                                         \
        #d, own_##d##_reserve, own_##d##_init, own_##d##_fini,                      \
        own_##d##_owner, own_##d##_claim, own_##d##_release, own_##d##_move,        \
        own_##d##_claim_range, own_##d##_release_all, own_##d##_count,              \
        own_##d##_alloc, own_##d##_inuse, own_##d##_peak}

/* Compile-time selection: -DOWN_DIRECT=flat makes own_direct_owner() call
 * own_flat_owner() directly. */
#ifdef OWN_DIRECT
#define OWN_CAT3_(a, b, c) a##b##c
#define OWN_CAT3(a, b, c) OWN_CAT3_(a, b, c)
#define OWN_DIRECT_FN(op) OWN_CAT3(own_, OWN_DIRECT, _##op)
#define own_direct_reserve OWN_DIRECT_FN(reserve)
#define own_direct_init OWN_DIRECT_FN(init)
#define own_direct_owner OWN_DIRECT_FN(owner)
#define own_direct_claim OWN_DIRECT_FN(claim)
#define own_direct_release OWN_DIRECT_FN(release)
#define own_direct_move OWN_DIRECT_FN(move)
#define own_direct_claim_range OWN_DIRECT_FN(claim_range)
#define own_direct_release_all OWN_DIRECT_FN(release_all)
#define own_direct_count OWN_DIRECT_FN(count)
#define own_direct_alloc OWN_DIRECT_FN(alloc)
#define own_direct_inuse OWN_DIRECT_FN(inuse)
#define own_direct_peak OWN_DIRECT_FN(peak)
#endif

#endif
