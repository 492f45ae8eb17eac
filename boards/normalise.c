/*
 * normalise.c - the loaders' half of the whitelist contract.
 *
 * The rules, in order: regions of size 0 are dropped; each region becomes the
 * pages it touches, [floor(base/4096), ceil((base+size)/4096)); regions that
 * overlap or touch are merged.  Main RAM is the merged region that holds the
 * page range of the region marked ram; the alloc pool stays that range alone,
 * since a device merged into RAM is listed but is not memory to hand out.
 * Page arithmetic is 64-bit here, so a
 * region ending exactly at 2^32 is fine and one past it is caught.
 */
#include "normalise.h"

typedef struct span {
    uint64_t first, end; /* pages, [first, end) */
    uint32_t input;
} span;

const char *own_norm_err_text(norm_err e)
{
    switch (e) {
    case NORM_OK: return "ok";
    case NORM_PAST_4GIB: return "region runs past 4 GiB";
    case NORM_NO_RAM: return "no main RAM region (exactly one is needed)";
    case NORM_TWO_RAM: return "more than one main RAM region";
    case NORM_NO_REGIONS: return "no regions";
    case NORM_TOO_MANY: return "too many regions";
    }
    return "unknown";
}

static void append_name(char *dst, const char *add)
{
    uint32_t i = 0, j = 0;
    while (i < OWN_NAME_MAX - 1u && dst[i] != '\0')
        i++;
    if (i > 0 && i < OWN_NAME_MAX - 1u)
        dst[i++] = '+';
    while (i < OWN_NAME_MAX - 1u && add[j] != '\0')
        dst[i++] = add[j++];
    dst[i] = '\0';
}

norm_err own_normalise(const raw_region *in, uint32_t n, norm_map *out)
{
    static span spans[OWN_MAX_REGIONS]; /* not reentrant; kept off small stacks */
    uint32_t ns = 0, rams = 0, ram_input = 0;

    out->count = out->ram = out->pool_base = out->pool_pages = out->dropped = out->bad = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (in[i].base >= (1ull << 32) || in[i].size > (1ull << 32) - in[i].base) {
            out->bad = i;
            return NORM_PAST_4GIB;
        }
        if (in[i].ram) {
            rams++;
            ram_input = i;
        }
    }
    if (rams > 1)
        return NORM_TWO_RAM;
    if (rams == 0 || in[ram_input].size == 0)
        return NORM_NO_RAM;

    for (uint32_t i = 0; i < n; i++) {
        if (in[i].size == 0) {
            out->dropped++;
            continue;
        }
        if (ns == OWN_MAX_REGIONS)
            return NORM_TOO_MANY;
        span s = {in[i].base >> 12, (in[i].base + in[i].size + 4095u) >> 12, i};
        /* insertion sort by first page: bounded by OWN_MAX_REGIONS */
        uint32_t k = ns++;
        while (k > 0 && spans[k - 1].first > s.first) {
            spans[k] = spans[k - 1];
            k--;
        }
        spans[k] = s;
    }
    if (ns == 0)
        return NORM_NO_REGIONS;

    uint64_t end = 0;
    for (uint32_t i = 0; i < ns; i++) {
        const span *s = &spans[i];
        if (out->count > 0 && s->first <= end) { /* overlaps or touches: merge */
            if (s->end > end)
                end = s->end;
            append_name(out->names[out->count - 1], in[s->input].name);
        } else {
            out->names[out->count][0] = '\0';
            append_name(out->names[out->count], in[s->input].name);
            out->regions[out->count].base = (uint32_t)(s->first << 12);
            out->count++;
            end = s->end;
        }
        out->regions[out->count - 1].pages = (uint32_t)(end - (out->regions[out->count - 1].base >> 12));
        if (s->input == ram_input) {
            out->ram = out->count - 1;
            out->pool_base = (uint32_t)(s->first << 12);
            out->pool_pages = (uint32_t)(s->end - s->first);
        }
    }
    return NORM_OK;
}
