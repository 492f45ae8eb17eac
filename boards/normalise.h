/*
 * normalise.h - from the regions a board describes to the whitelist the
 * library takes: drop empty regions, widen each to whole pages, merge those
 * that overlap or touch, sort by address.  Pure C with no allocation, so the
 * RV32 tests use it as the host tool does.
 */
#ifndef OWNLAB_NORMALISE_H
#define OWNLAB_NORMALISE_H
#include <stdint.h>
#include "ownership.h"

#define OWN_NAME_MAX 48

typedef struct raw_region {
    char name[OWN_NAME_MAX]; /* NUL-terminated */
    uint64_t base;           /* as written; must be < 2^32 */
    uint64_t size;           /* bytes; base + size must be <= 2^32 */
    int ram;                 /* marked as main RAM */
} raw_region;

typedef enum norm_err {
    NORM_OK = 0,
    NORM_PAST_4GIB,   /* a region runs past 2^32 */
    NORM_NO_RAM,      /* no region is main RAM, or main RAM is empty */
    NORM_TWO_RAM,     /* more than one region is marked main RAM */
    NORM_NO_REGIONS,  /* nothing left after dropping empty regions */
    NORM_TOO_MANY,    /* more than OWN_MAX_REGIONS */
} norm_err;

typedef struct norm_map {
    own_region regions[OWN_MAX_REGIONS];
    char names[OWN_MAX_REGIONS][OWN_NAME_MAX]; /* merged ones joined with '+' */
    uint32_t count;
    uint32_t ram;        /* the merged region holding main RAM */
    uint32_t pool_base;  /* main RAM as declared, widened to pages: the */
    uint32_t pool_pages; /* alloc pool, which merging must not grow */
    uint32_t dropped; /* empty regions left out (worth a warning) */
    uint32_t bad;     /* with NORM_PAST_4GIB: index of the offending input */
} norm_map;

norm_err own_normalise(const raw_region *in, uint32_t n, norm_map *out);
const char *own_norm_err_text(norm_err e);

static inline own_map own_norm_as_map(const norm_map *m)
{
    own_map map = {m->regions, m->count, m->ram, m->pool_base, m->pool_pages};
    return map;
}
#endif
