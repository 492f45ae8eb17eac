/*
 * bootargs.c - reading the loader's tag list without trusting it.
 *
 * The order of the checks is the order of the damage a bad block could do:
 * first that every read stays inside the block (sizes), then that the block
 * is what the loader meant (CRC, version), then that the memory it describes
 * is sane (aligned, non-empty, inside 4 GiB, no two regions overlapping).
 */
#include "bootargs.h"

uint16_t bootargs_crc16(const uint32_t *words, uint32_t n)
{
    uint16_t crc = 0xffffu; /* CRC-16/CCITT over the payload's bytes, little-endian */
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t b = 0; b < 4u; b++) {
            crc ^= (uint16_t)(((words[i] >> (8u * b)) & 0xffu) << 8);
            for (uint32_t k = 0; k < 8u; k++)
                crc = (uint16_t)(((uint32_t)crc << 1) ^ ((crc & 0x8000u) ? 0x1021u : 0u));
        }
    return crc;
}

static uint32_t put_tag(uint32_t *out, uint32_t tag, const uint32_t *payload, uint32_t n)
{
    out[0] = tag;
    out[1] = n << 16 | bootargs_crc16(payload, n);
    for (uint32_t i = 0; i < n; i++)
        out[2 + i] = payload[i];
    return 2u + n;
}

uint32_t bootargs_build(uint32_t *out, uint32_t cap, own_region ram, uint32_t ram_name,
                        const own_region *other, const uint32_t *names, uint32_t n)
{
    uint32_t total = 2u + 5u + (n ? 2u + 3u * n : 0u);
    if (total > cap || n > BOOTARGS_MAX_REGIONS - 1u)
        return 0;
    uint32_t xarg[5] = {total, 1u, ram.base, ram.pages << 12, ram_name};
    uint32_t w = put_tag(out, TAG_XARG, xarg, 5);
    if (n) {
        uint32_t *p = &out[w + 2u];
        for (uint32_t i = 0; i < n; i++) {
            p[3 * i] = other[i].base;
            p[3 * i + 1] = other[i].pages << 12;
            p[3 * i + 2] = names[i];
        }
        w += put_tag(&out[w], TAG_MREX, p, 3u * n);
    }
    return w;
}

/* base and size in bytes -> a page region, or why not */
static const char *region(uint32_t base, uint32_t size, own_region *r)
{
    if (size == 0u)
        return "a region is empty";
    if ((base | size) & (OWN_PAGE_SIZE - 1u))
        return "a region is not page-aligned";
    if ((uint64_t)base + size > (1ull << 32))
        return "a region runs past 4 GiB";
    r->base = base;
    r->pages = size >> 12;
    return NULL;
}

const char *bootargs_parse(const uint32_t *w, uint32_t n, bootargs_map *out)
{
    const char *why;
    out->count = 0;
    if (w == NULL || n < 7u || w[0] != TAG_XARG)
        return "boot arguments do not start with an XArg tag";
    if ((w[1] >> 16) != 5u)
        return "XArg tag has the wrong size";
    if (w[2] != n)
        return "XArg total length does not match the block";
    uint32_t seen_mrex = 0;
    for (uint32_t at = 0; at < n;) { /* each tag moves `at` forward by >= 2 */
        if (n - at < 2u)
            return "a tag header is cut off";
        uint32_t size = w[at + 1u] >> 16;
        if (size > n - at - 2u)
            return "a tag runs past the end of the block";
        const uint32_t *p = &w[at + 2u];
        if ((uint16_t)(w[at + 1u] & 0xffffu) != bootargs_crc16(p, size))
            return "a tag's CRC does not match";
        if (w[at] == TAG_XARG) {
            if (at != 0u)
                return "a second XArg tag";
            if (p[1] != 1u)
                return "unknown XArg version";
            if ((why = region(p[2], p[3], &out->regions[0])) != NULL)
                return why;
            out->names[0] = p[4];
            out->count = 1;
        } else if (w[at] == TAG_MREX) {
            if (seen_mrex++)
                return "a second MREx tag";
            if (size % 3u != 0u)
                return "MREx length is not a whole number of regions";
            if (size / 3u > BOOTARGS_MAX_REGIONS - 1u)
                return "MREx lists too many regions";
            for (uint32_t i = 0; i < size; i += 3u) {
                if ((why = region(p[i], p[i + 1u], &out->regions[out->count])) != NULL)
                    return why;
                out->names[out->count++] = p[i + 2u];
            }
        }
        at += 2u + size;
    }
    for (uint32_t i = 0; i < out->count; i++)
        for (uint32_t j = i + 1u; j < out->count; j++) {
            uint64_t a0 = out->regions[i].base, a1 = a0 + ((uint64_t)out->regions[i].pages << 12);
            uint64_t b0 = out->regions[j].base, b1 = b0 + ((uint64_t)out->regions[j].pages << 12);
            if (a0 < b1 && b0 < a1)
                return "two regions overlap";
        }
    return NULL;
}
