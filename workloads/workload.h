/*
 * workload.h - the ownership states and address streams the benchmarks, the
 * tool's `map` report and the RV32 driver all use, so that every design is
 * measured on exactly the same pages.
 *
 * Everything here goes through the ownership interface with claim (never
 * alloc, whose choice of page is a design's own), is deterministic for a seed,
 * allocates nothing and builds for RV32.  Maps must be normalised (regions
 * sorted by address, as boards/normalise.c leaves them).
 */
#ifndef OWNLAB_WORKLOAD_H
#define OWNLAB_WORKLOAD_H
#include "ownership.h"

#include "rng.h"

typedef enum own_pattern {
    OWN_PAT_BOOT,         /* the kernel owns its image and tables, nothing else */
    OWN_PAT_STEADY,       /* boot + 30 processes: devices, flash windows, heaps */
    OWN_PAT_FRAGMENTED,   /* every listed page a random owner, a third free */
    OWN_PAT_CHECKERBOARD, /* owners alternate page by page: the worst case for runs */
    OWN_PAT_COUNT
} own_pattern;

const char *own_pattern_name(own_pattern p);

/* Applies pattern p to a fresh (all free) table.  0 on success. */
int own_pattern_apply(const own_strategy *s, own_table *t, const own_map *m, own_pattern p,
                      uint64_t seed);

/* Claims the lowest `permille`/1000 of main RAM, as a first-fit allocator
 * leaves it, in bursts of 1..16 pages owned by PIDs 2..31.  0 on success. */
int own_fill_ram(const own_strategy *s, own_table *t, const own_map *m, uint32_t permille,
                 uint64_t seed);

/* Gives `pid` about `permille`/1000 of all listed pages, taken from free
 * pages in runs of 1..32, spread over the whole map.  Returns pages given. */
uint32_t own_give_share(const own_strategy *s, own_table *t, const own_map *m, uint32_t pid,
                        uint32_t permille, uint64_t seed);

/* Total listed pages, and the address of the listed page with dense index i
 * (pages numbered region by region, in map order). */
uint32_t own_listed_pages(const own_map *m);
uint32_t own_listed_addr(const own_map *m, uint32_t i);
/* Is addr inside a listed region? (binary search: the map must be sorted) */
int own_is_listed(const own_map *m, uint32_t addr);

/* Address streams for lookups, filled into the caller's array. */
typedef enum own_stream {
    OWN_STREAM_LISTED,   /* uniform over listed pages */
    OWN_STREAM_UNLISTED10, /* as LISTED, but 10% unlisted addresses */
    OWN_STREAM_RAM,      /* uniform over main RAM */
    OWN_STREAM_OTHER,    /* uniform over listed pages outside main RAM */
    OWN_STREAM_LOCAL,    /* kernel-like, with locality: runs of 1..16 consecutive
                            listed pages (a process's buffer, page by page), each
                            run starting, 3 times in 4, where one of the last 16
                            runs started (the pages a kernel keeps coming back
                            to), else at a uniform listed page.  The other
                            streams are uniform: cache-hostile by design. */
    OWN_STREAM_COUNT
} own_stream;
const char *own_stream_name(own_stream k);
/* 0 on success; fails if the stream is empty (OTHER on a RAM-only map). */
int own_stream_fill(const own_map *m, own_stream k, uint32_t *out, uint32_t n, uint64_t seed);
#endif
