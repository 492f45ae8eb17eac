/*
 * gentrace.c - a deterministic trace for the cross-design replay test.
 *
 *     gentrace MAPFILE LINES SEED
 *
 * Writes at least LINES operation lines (plus some comments, blank lines and
 * odd spacing, to keep the parser honest) for the map.  The trace is built so
 * that every design must give the same answers except on alloc lines, whose
 * page is the design's choice:
 *   - normal stretches use every operation but alloc, on region edges, the
 *     busy low pages, unlisted and misaligned addresses, bad PIDs (0, 256,
 *     1000, 0xffffffff) and huge ranges, with PIDs 1..12 and 255;
 *   - alloc stretches let PIDs 240..247 alloc (and bad PIDs try), while the
 *     other lines stay off main RAM or fail before ownership is looked at, and
 *     end with release_all of 240..247, so the states agree again;
 *   - out-of-memory stretches free everything, claim all of main RAM but k
 *     pages, and alloc k + 3 times: k pages, then OutOfMemory.
 */
#include <stdio.h>
#include <stdlib.h>

#include "workload.h"
#include "mapfile.h"

static own_rng rng;
static const norm_map *M;
static unsigned long emitted, target;

static uint32_t below(uint32_t n) { return n ? own_rng_below(&rng, n) : 0u; }

static void num(uint32_t v, int hex)
{
    if (hex)
        printf("0x%x", (unsigned)v);
    else
        printf("%u", (unsigned)v);
}

/* Separators and trailing comments vary a little. */
static void sep(void)
{
    uint32_t r = below(50);
    fputs(r == 0 ? "\t" : r == 1 ? "  " : " ", stdout);
}

static void end_line(void)
{
    if (below(80) == 0)
        fputs("   # trailing comment", stdout);
    fputs(below(200) == 0 ? "\r\n" : "\n", stdout);
    emitted++;
    uint32_t r = below(400);
    if (r == 0)
        puts("# a comment line");
    else if (r == 1)
        puts("");
    else if (r == 2)
        puts("   \t  ");
}

static uint32_t region_addr(const own_region *g)
{
    uint32_t k, edge = below(10);
    if (edge == 0)
        k = below(g->pages < 3u ? g->pages : 3u);
    else if (edge == 1)
        k = g->pages - 1u - below(g->pages < 3u ? g->pages : 3u);
    else if (edge == 2)
        k = g->pages; /* one past the end */
    else
        k = below(g->pages < 64u ? g->pages : 64u); /* the busy low part */
    return g->base + (k << 12);
}

/* avoid_ram: stay off main RAM (for the alloc stretches) */
static uint32_t pick_addr(int avoid_ram)
{
    for (;;) {
        uint32_t roll = below(100), a;
        if (roll < 4)
            a = (uint32_t)own_rng_next(&rng) & ~0xfffu;
        else if (roll < 7)
            a = ((uint32_t)own_rng_next(&rng) & ~0xfffu) | (1u + below(4095));
        else if (roll < 50 && !avoid_ram)
            a = region_addr(&M->regions[M->ram]);
        else
            a = region_addr(&M->regions[below(M->count)]);
        if (avoid_ram) { /* not even a misaligned address: owner takes any */
            const own_region *r = &M->regions[M->ram];
            uint32_t page = a & ~0xfffu;
            if (page >= r->base && (uint64_t)page < (uint64_t)r->base + ((uint64_t)r->pages << 12))
                continue;
        }
        return a;
    }
}

static uint32_t pick_pid(void)
{
    uint32_t roll = below(200);
    if (roll == 0)
        return 0;
    if (roll == 1)
        return 256;
    if (roll == 2)
        return 255;
    if (roll == 3)
        return 1000;
    if (roll == 4)
        return 0xffffffffu;
    return 1u + below(12);
}

static void op1(const char *op, uint32_t a, int hex)
{
    fputs(op, stdout);
    sep();
    num(a, hex);
    end_line();
}

static void op2(const char *op, uint32_t a, uint32_t b)
{
    fputs(op, stdout);
    sep();
    num(a, below(10) != 0);
    sep();
    num(b, below(20) == 0);
    end_line();
}

static void op3(const char *op, uint32_t a, uint32_t b, uint32_t c)
{
    fputs(op, stdout);
    sep();
    num(a, below(10) != 0);
    sep();
    num(b, below(20) == 0);
    sep();
    num(c, below(20) == 0);
    end_line();
}

static void normal_op(int avoid_ram)
{
    uint32_t roll = below(1000), a = pick_addr(avoid_ram), p = pick_pid();
    if (roll < 280) {
        op1("owner", a | below(4096), below(10) != 0);
    } else if (roll < 520) {
        op2("claim", a, p);
    } else if (roll < 720) {
        op2("release", a, p);
    } else if (roll < 830) {
        op3("move", a, p, pick_pid());
    } else if (roll < 920) {
        uint32_t n = below(10) == 0 ? 0xfffffff0u + below(16) : below(24);
        if (avoid_ram && n > 0 && (a & 0xfffu) == 0 && p >= 1 && p <= 255) {
            /* a range may not run into main RAM: cut it at the RAM's base */
            const own_region *r = &M->regions[M->ram];
            if (a < r->base && (uint64_t)a + ((uint64_t)n << 12) > r->base)
                n = (r->base - a) >> 12;
        }
        op3("claim_range", a, n, p);
    } else if (roll < 990) {
        uint32_t c = below(30) == 0 ? 256u : below(14);
        op1("count", c == 13 ? 255u : c, 0);
    } else {
        op1("release_all", p, 0);
    }
}

static void alloc_stretch(void)
{
    uint32_t len = 100 + below(300);
    for (uint32_t i = 0; i < len; i++) {
        uint32_t roll = below(100);
        if (roll < 40) {
            uint32_t r2 = below(40);
            op1("alloc", r2 == 0 ? 0u : r2 == 1 ? 256u : 240u + below(8), 0);
        } else if (roll < 45) {
            op1("count", 240u + below(8), 0);
        } else if (roll < 48) {
            op1("count", 0, 0);
        } else if (roll < 50) {
            /* fails before ownership is looked at: the same everywhere */
            const own_region *r = &M->regions[M->ram];
            uint32_t a = r->base + (below(r->pages) << 12);
            if (below(2))
                op2("claim", a | (1u + below(4095)), 1u + below(12));
            else
                op2("release", a, 0);
        } else {
            normal_op(1);
        }
    }
    for (uint32_t p = 240; p < 248; p++)
        op1("release_all", p, 0);
}

static void oom_stretch(void)
{
    const own_region *r = &M->regions[M->ram];
    for (uint32_t p = 1; p <= 12; p++)
        op1("release_all", p, 0);
    op1("release_all", 255, 0);
    uint32_t k = below(7);
    if (k > r->pages)
        k = r->pages;
    op3("claim_range", r->base, r->pages - k, 9);
    for (uint32_t i = 0; i < k + 3u; i++)
        op1("alloc", 241, 0);
    op1("count", 241, 0);
    op1("count", 9, 0);
    op1("release_all", 241, 0);
    op1("release_all", 9, 0);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: gentrace MAPFILE LINES SEED\n");
        return 2;
    }
    static loaded_map m;
    tool_error e;
    if (mapfile_read_path(argv[1], &m, &e) != 0) {
        fprintf(stderr, "%s:%lu: %s\n", argv[1], e.line, e.msg);
        return 2;
    }
    M = &m.norm;
    target = strtoul(argv[2], NULL, 0);
    rng.s = strtoull(argv[3], NULL, 0) * 0x9e3779b97f4a7c15ull + 7u;
    printf("# generated by gentrace %s %s %s\n", argv[1], argv[2], argv[3]);
    for (unsigned stretch = 0; emitted < target; stretch++) {
        uint32_t len = 500 + below(2000);
        for (uint32_t i = 0; i < len && emitted < target; i++)
            normal_op(0);
        if (stretch % 2 == 1)
            alloc_stretch();
        if (stretch % 5 == 4)
            oom_stretch();
    }
    return fflush(stdout) != 0 ? 1 : 0;
}
