/*
 * bootargs.h - the boot arguments a Xous-style loader hands the kernel: a
 * list of tagged blocks of 32-bit words.
 *
 * Every tag starts with two words: the tag's FourCC, then (size << 16 | crc),
 * size being the payload in words and crc a CRC-16 of the payload.  The first
 * tag must be XArg, whose payload is
 *     total words of the whole list, version (1), RAM base, RAM size, RAM name
 * and an optional MREx lists the other regions, three words each:
 *     base, size, name.
 * Unknown tags are skipped, as Xous skips them.  Everything is checked before
 * anything is believed: a bad block stops boot with a message instead of
 * building a corrupt table.
 */
#ifndef OWNLAB_BOOTARGS_H
#define OWNLAB_BOOTARGS_H
#include <stddef.h>
#include <stdint.h>
#include "ownership.h"

#define BOOTARGS_MAX_REGIONS 64u
#define FOURCC(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)
#define TAG_XARG FOURCC('X', 'A', 'r', 'g')
#define TAG_MREX FOURCC('M', 'R', 'E', 'x')

typedef struct bootargs_map {
    own_region regions[BOOTARGS_MAX_REGIONS]; /* [0] is main RAM */
    uint32_t names[BOOTARGS_MAX_REGIONS];
    uint32_t count;
} bootargs_map;

uint16_t bootargs_crc16(const uint32_t *words, uint32_t n);

/* Builds a list for RAM plus `n` other regions into out[cap]; returns the
 * number of words written, 0 if it does not fit. */
uint32_t bootargs_build(uint32_t *out, uint32_t cap, own_region ram, uint32_t ram_name,
                        const own_region *other, const uint32_t *names, uint32_t n);

/* Checks and reads a list.  NULL on success, else a sentence saying why. */
const char *bootargs_parse(const uint32_t *words, uint32_t n, bootargs_map *out);

static inline own_map bootargs_as_map(const bootargs_map *m)
{
    own_map map = {m->regions, m->count, 0, 0, 0};
    return map;
}
#endif
