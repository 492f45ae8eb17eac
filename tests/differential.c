/*
 * differential.c - a design against the reference model, operation by
 * operation, on a long random stream.
 *
 * The stream is biased towards what breaks tables: pages at region edges,
 * a handful of PIDs fighting over the same pages, ranges that run off a
 * region's end, and a steady trickle of bad PIDs, misaligned and unlisted
 * addresses.  Every answer is compared; alloc may pick any free main-RAM
 * page, so the model checks the design's pick and then makes the same one.
 * count() is asked of whatever PID the stream drew, and every COUNT_EVERY
 * operations the counts of every PID the run has used so far are compared
 * with the model's: a ledger that drifts for PID 7 is caught even if the
 * stream rarely asks about 7.
 * At the end the whole state is compared page by page and PID by PID.
 * A failure prints the seed: OWN_SEED=<seed> reproduces it.
 */
#include <stdio.h>
#include "harness.h"
#include "refmodel.h"

#define COUNT_EVERY 4096u

static norm_map the_map;
static uint8_t seen[OWN_PID_MAX + 1u]; /* PIDs the run has used */

static void saw(uint32_t pid)
{
    if (pid <= OWN_PID_MAX)
        seen[pid] = 1;
}

/* A page address the stream is interested in. */
static uint32_t pick_addr(test_rng *r, const own_map *m)
{
    uint32_t roll = test_below(r, 100);
    if (roll < 4)
        return (uint32_t)test_next(r) & ~0xfffu; /* anywhere: usually unlisted */
    if (roll < 6)
        return (uint32_t)test_next(r) | 1u; /* misaligned */
    const own_region *g = &m->regions[roll < 50 ? m->ram : test_below(r, m->count)];
    uint32_t k;
    uint32_t edge = test_below(r, 10);
    if (edge == 0)
        k = test_below(r, g->pages < 3u ? g->pages : 3u); /* first pages */
    else if (edge == 1)
        k = g->pages - 1u - test_below(r, g->pages < 3u ? g->pages : 3u); /* last pages */
    else if (edge == 2)
        k = g->pages; /* one past the end: usually unlisted */
    else
        k = test_below(r, g->pages < 4096u ? g->pages : 4096u); /* the busy low part */
    return g->base + (k << 12);
}

/* Mostly 1..8; sometimes 0, 256, 255, or a huge value (some with a low byte
 * that is a live PID, which a table keeping only that byte would accept). */
static uint32_t pick_pid(test_rng *r)
{
    static const uint32_t huge[] = {0x101u, 0x103u, 0x1ffu, 0x80000002u, 0xffffffffu};
    uint32_t roll = test_below(r, 200);
    if (roll == 0)
        return 0;
    if (roll == 1)
        return 256;
    if (roll == 2)
        return 255;
    if (roll == 3)
        return huge[test_below(r, sizeof huge / sizeof huge[0])];
    return 1u + test_below(r, 8);
}

#define FAIL(...)                                                                    \
    do {                                                                             \
        printf("differential %s on %s, op %u: ", s->name, lab_map_name(map_index), (unsigned)i); \
        printf(__VA_ARGS__);                                                         \
        printf(" (OWN_SEED=%llu)\n", (unsigned long long)seed);                     \
        goto out;                                                                    \
    } while (0)

int differential_run(const own_strategy *s, uint32_t map_index, uint64_t seed, uint32_t ops)
{
    if (lab_map_build(map_index, &the_map) != 0)
        return 1;
    own_map m = own_norm_as_map(&the_map);
    void *st_d, *st_r;
    size_t b_d, b_r;
    own_table *d = test_open(s, &m, &st_d, &b_d);
    own_table *ref = test_open(&own_reference, &m, &st_r, &b_r);
    int bad = 1;
    uint32_t i = 0;
    if (d == NULL || ref == NULL)
        goto out;
    test_rng r = {seed * 0x9e3779b97f4a7c15ull + map_index + 1u};
    for (uint32_t pid = 0; pid <= OWN_PID_MAX; pid++)
        seen[pid] = pid == 0;
    for (i = 0; i < ops; i++) {
        uint32_t roll = test_below(&r, 1000), a = pick_addr(&r, &m), p = pick_pid(&r);
        uint32_t x = 0, y = 0;
        saw(p);
        own_err ed, er;
        if (roll < 300) {
            ed = s->owner(d, a | test_below(&r, 4096), &x);
            er = own_reference.owner(ref, a | 0u, &y);
        } else if (roll < 550) {
            ed = s->claim(d, a, p);
            er = own_reference.claim(ref, a, p);
        } else if (roll < 750) {
            ed = s->release(d, a, p);
            er = own_reference.release(ref, a, p);
        } else if (roll < 850) {
            uint32_t to = pick_pid(&r);
            saw(to);
            ed = s->move(d, a, p, to);
            er = own_reference.move(ref, a, p, to);
        } else if (roll < 920) {
            uint32_t n = test_below(&r, 10) == 0 ? 0xfffffff0u + test_below(&r, 16)
                                                 : test_below(&r, 24);
            ed = s->claim_range(d, a, n, p);
            er = own_reference.claim_range(ref, a, n, p);
        } else if (roll < 995) {
            ed = s->alloc(d, p, &x);
            er = OWN_OK;
            if (ed == OWN_OK && !ref_is_free_ram(ref, x))
                FAIL("alloc returned 0x%08x, not a free main-RAM page", (unsigned)x);
            if (ed == OWN_OK)
                er = own_reference.claim(ref, x, p);
            else
                er = own_reference.alloc(ref, p, &y); /* must fail the same way */
            y = x;
        } else if (roll < 998) {
            ed = s->count(d, p, &x);
            er = own_reference.count(ref, p, &y);
        } else {
            ed = s->release_all(d, p, &x);
            er = own_reference.release_all(ref, p, &y);
        }
        if (ed != er)
            FAIL("answered %s, the model %s", own_err_name(ed), own_err_name(er));
        if (ed == OWN_OK && x != y)
            FAIL("returned %u, the model %u", (unsigned)x, (unsigned)y);
        if (s->peak(d) < s->inuse(d))
            FAIL("peak %zu below in-use %zu", s->peak(d), s->inuse(d));
        if ((i + 1u) % COUNT_EVERY == 0)
            for (uint32_t pid = 0; pid <= OWN_PID_MAX; pid++) {
                if (!seen[pid])
                    continue;
                x = 0, y = 1;
                ed = s->count(d, pid, &x);
                er = own_reference.count(ref, pid, &y);
                if (ed != OWN_OK || er != OWN_OK || x != y)
                    FAIL("count %u: %s %u, the model %s %u", (unsigned)pid, own_err_name(ed),
                         (unsigned)x, own_err_name(er), (unsigned)y);
            }
    }
    for (uint32_t g = 0; g < m.count; g++)
        for (uint32_t k = 0; k < m.regions[g].pages; k++) {
            uint32_t a = m.regions[g].base + (k << 12), x = 999, y = 998;
            if (s->owner(d, a, &x) != OWN_OK || own_reference.owner(ref, a, &y) != OWN_OK || x != y)
                FAIL("final state: page 0x%08x owned by %u, the model says %u", (unsigned)a,
                     (unsigned)x, (unsigned)y);
        }
    for (uint32_t pid = 0; pid <= 255u; pid++) {
        uint32_t x = 0, y = 1;
        own_err ed = s->count(d, pid, &x), er = own_reference.count(ref, pid, &y);
        if (ed != OWN_OK || er != OWN_OK || x != y)
            FAIL("final count %u: %s %u, the model %s %u", (unsigned)pid, own_err_name(ed),
                 (unsigned)x, own_err_name(er), (unsigned)y);
    }
    bad = 0;
out:
    if (d != NULL)
        test_close(s, d);
    if (ref != NULL)
        test_close(&own_reference, ref);
    return bad;
}
