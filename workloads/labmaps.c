/*
 * labmaps.c - the maps every test and benchmark runs on.
 *
 * The three boards come from the map files in maps/, turned into C at build time
 * (build/gen/boards.h, by tests/boards.awk) so that RV32 builds, which read
 * no files, test exactly the same maps.  The others are made here:
 *   ram1g     - one 1 GiB main-RAM region: big, aligned, one run of chunks;
 *   scattered - 300 small regions strewn over the space plus ~4 MiB of RAM:
 *               the worst case for region walks and for the index;
 *   top       - a map whose last region ends exactly at 2^32.
 */
#include <string.h>
#include "labmaps.h"
#include "rng.h"
#include "boards.h" /* generated: board_names[], board_regions[], board_sizes[] */

enum { EXTRA_MAPS = 3, SCATTERED = 300 };
static const char *const extra_names[EXTRA_MAPS] = {"ram1g", "scattered", "top"};

uint32_t lab_map_count(void) { return BOARD_COUNT + EXTRA_MAPS; }

const char *lab_map_name(uint32_t i)
{
    return i < BOARD_COUNT ? board_names[i] : extra_names[i - BOARD_COUNT];
}

static raw_region raw[SCATTERED + 2];

static void put(uint32_t k, const char *name, uint64_t base, uint64_t size, int ram)
{
    memset(&raw[k], 0, sizeof raw[k]);
    strncpy(raw[k].name, name, OWN_NAME_MAX - 1);
    raw[k].base = base;
    raw[k].size = size;
    raw[k].ram = ram;
}

int lab_map_build(uint32_t i, norm_map *out)
{
    uint32_t n = 0;
    if (i < BOARD_COUNT)
        return own_normalise(board_regions[i], board_sizes[i], out) != NORM_OK;
    switch (i - BOARD_COUNT) {
    case 0:
        put(n++, "DDR_RAM", 0x40000000u, 0x40000000u, 1);
        break;
    case 1: {
        /* Regions of 1..16 pages, on 64 KiB-aligned slots spread by a fixed
         * generator; some land next to each other and get merged, as on real
         * boards.  RAM sits apart near 0x40000000, starting and ending off any
         * 32- or 64-page boundary, so that word-at-a-time code meets ragged
         * edges. */
        own_rng r = {0x5ca77e7edull};
        put(n++, "SRAM", 0x40005000u, 0x003f9000u, 1);
        for (uint32_t k = 0; k < SCATTERED; k++) {
            uint64_t slot = own_rng_below(&r, 0x10000u);
            uint64_t base = slot << 16;
            if (base >= 0x3f000000u && base < 0x41000000u)
                base += 0x02000000u;
            put(n++, "DEV", base, (uint64_t)(1u + own_rng_below(&r, 16u)) << 12, 0);
        }
        break;
    }
    case 2:
        put(n++, "SRAM", 0x80000000u, 0x01000000u, 1);
        put(n++, "CSR_TOP", 0xfffe0000u, 0x00020000u, 0);
        break;
    default:
        return 1;
    }
    return own_normalise(raw, n, out) != NORM_OK;
}

uint32_t lab_map_find(const char *name)
{
    uint32_t i;
    for (i = 0; i < lab_map_count(); i++)
        if (strcmp(lab_map_name(i), name) == 0)
            break;
    return i;
}
