/*
 * fuzz_common.h - what the fuzz targets share: a check that a loaded map is
 * what the normalisation rules promise, and a reader of the fuzzer's bytes.
 */
#ifndef OWNLAB_FUZZ_COMMON_H
#define OWNLAB_FUZZ_COMMON_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ownership.h"
#include "mapfile.h"

#define FUZZ_CHECK(c)                                                                 \
    do {                                                                             \
        if (!(c)) {                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c);   \
            abort();                                                                 \
        }                                                                            \
    } while (0)

/* A refusal names a line of the input and says something. */
static inline void fuzz_check_error(const tool_error *e, const uint8_t *data, size_t size)
{
    unsigned long lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    FUZZ_CHECK(e->line >= 1 && e->line <= lines);
    FUZZ_CHECK(e->msg[0] != '\0');
}

static uint64_t fuzz_bits[OWN_PAGES_IN_SPACE / 64u];

static inline void fuzz_mark(uint64_t p, uint64_t end)
{
    for (; p < end && (p & 63u) != 0; p++)
        fuzz_bits[p >> 6] |= 1ull << (p & 63u);
    for (; end - p >= 64u && p < end; p += 64u)
        fuzz_bits[p >> 6] = ~0ull;
    for (; p < end; p++)
        fuzz_bits[p >> 6] |= 1ull << (p & 63u);
}

/* Is [first, end) inside one region of the normalised map? */
static inline int fuzz_inside(const norm_map *nm, uint64_t first, uint64_t end)
{
    for (uint32_t i = 0; i < nm->count; i++) {
        uint64_t r0 = nm->regions[i].base >> 12, r1 = r0 + nm->regions[i].pages;
        if (first >= r0 && first < r1)
            return end <= r1;
    }
    return 0;
}

/* The normalised map is the union of the raw regions' pages, sorted,
 * merged, valid for the library, with main RAM holding the ram region. */
static inline void fuzz_check_map(const loaded_map *m)
{
    const norm_map *nm = &m->norm;
    own_map map = own_norm_as_map(nm);
    FUZZ_CHECK(own_map_validate(&map) == OWN_OK);
    FUZZ_CHECK(nm->count >= 1 && nm->ram < nm->count);
    for (uint32_t i = 0; i + 1u < nm->count; i++)
        FUZZ_CHECK((uint64_t)nm->regions[i].base + ((uint64_t)nm->regions[i].pages << 12) <
                   nm->regions[i + 1u].base);
    for (uint32_t i = 0; i < nm->count; i++)
        FUZZ_CHECK(nm->names[i][0] != '\0');
    memset(fuzz_bits, 0, sizeof fuzz_bits);
    uint32_t rams = 0, empty = 0;
    for (uint32_t i = 0; i < m->n; i++) {
        const raw_region *g = &m->raw[i];
        FUZZ_CHECK(g->base < (1ull << 32) && g->size <= (1ull << 32) - g->base);
        if (g->size == 0) {
            empty++;
            FUZZ_CHECK(!g->ram);
            continue;
        }
        uint64_t first = g->base >> 12, end = (g->base + g->size + 4095u) >> 12;
        fuzz_mark(first, end);
        FUZZ_CHECK(fuzz_inside(nm, first, end));
        if (g->ram) {
            rams++;
            const own_region *r = &nm->regions[nm->ram];
            FUZZ_CHECK(first >= (r->base >> 12) && end <= (uint64_t)(r->base >> 12) + r->pages);
        }
    }
    FUZZ_CHECK(rams == 1);
    FUZZ_CHECK(empty == nm->dropped);
    uint64_t marked = 0, listed = 0;
    for (uint32_t w = 0; w < OWN_PAGES_IN_SPACE / 64u; w++)
        marked += (uint64_t)__builtin_popcountll(fuzz_bits[w]);
    for (uint32_t i = 0; i < nm->count; i++) {
        listed += nm->regions[i].pages;
        uint64_t p0 = nm->regions[i].base >> 12;
        /* both ends of every region are raw pages */
        FUZZ_CHECK(fuzz_bits[p0 >> 6] >> (p0 & 63u) & 1u);
        uint64_t pl = p0 + nm->regions[i].pages - 1u;
        FUZZ_CHECK(fuzz_bits[pl >> 6] >> (pl & 63u) & 1u);
    }
    /* every raw page is listed, and there are as many listed pages as raw
     * pages: the regions are exactly the union */
    FUZZ_CHECK(marked == listed);
}

/* The fuzzer's bytes, read as a stream of small numbers (zeros past the end). */
typedef struct fuzz_in {
    const uint8_t *p;
    size_t n, at;
} fuzz_in;

static inline uint32_t fuzz_u8(fuzz_in *in) { return in->at < in->n ? in->p[in->at++] : 0u; }
static inline uint32_t fuzz_u16(fuzz_in *in) { return fuzz_u8(in) | fuzz_u8(in) << 8; }
static inline uint32_t fuzz_u32(fuzz_in *in) { return fuzz_u16(in) | fuzz_u16(in) << 16; }
static inline int fuzz_more(const fuzz_in *in) { return in->at < in->n; }
#endif
