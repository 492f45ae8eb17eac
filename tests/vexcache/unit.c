/* unit.c - host test of the cache model alone (vexcache/model.c), no
 * QEMU: LRU order, no write-allocate, the L2's dirty write-backs, FIFO TLBs,
 * the cycle formula.  Prints "ok NAME" or "FAIL NAME: ..." per check and
 * exits with the number of failures. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model.h"

static int failures, checks;

#define CHECK_EQ(name, got, want)                                                         \
    do {                                                                                  \
        uint64_t g_ = (got), w_ = (want);                                                 \
        checks++;                                                                         \
        if (g_ == w_) {                                                                   \
            printf("ok %s\n", name);                                                      \
        } else {                                                                          \
            printf("FAIL %s: got %" PRIu64 ", want %" PRIu64 "\n", name, g_, w_);         \
            failures++;                                                                   \
        }                                                                                 \
    } while (0)

static vc_model fresh(const char *board)
{
    vc_model m;
    const vc_board *b = vc_board_find(board);
    if (!b || vc_model_init(&m, b) != 0) {
        printf("FAIL init %s\n", board);
        failures++;
        memset(&m, 0, sizeof m);
    }
    return m;
}

static void test_board_table(void)
{
    CHECK_EQ("unknown board refused", vc_board_find("pdp11") == NULL, 1);
    const vc_board *p = vc_board_find("precursor"), *b = vc_board_find("bao1x");
    CHECK_EQ("precursor icache bytes", p->icache_bytes, 8192);
    CHECK_EQ("precursor icache ways", p->icache_ways, 2);
    CHECK_EQ("precursor dcache bytes", p->dcache_bytes, 16384);
    CHECK_EQ("precursor dcache ways", p->dcache_ways, 4);
    CHECK_EQ("precursor dtlb", p->dtlb_entries, 4);
    CHECK_EQ("precursor l2", p->l2_bytes, 65536);
    CHECK_EQ("bao1x icache bytes", b->icache_bytes, 16384);
    CHECK_EQ("bao1x icache ways", b->icache_ways, 4);
    CHECK_EQ("bao1x dcache bytes", b->dcache_bytes, 16384);
    CHECK_EQ("bao1x dtlb", b->dtlb_entries, 8);
    CHECK_EQ("bao1x has no l2", b->l2_bytes, 0);
}

/* D-cache LRU in one set: 4 ways on both boards, set stride 4096. */
static void test_lru(const char *board)
{
    char name[96];
    vc_model m = fresh(board);
    uint32_t base = 0x80400000u, stride = m.b->dcache_bytes / m.b->dcache_ways;
    uint32_t ways = m.b->dcache_ways;
    for (uint32_t i = 0; i < ways; i++)
        vc_load(&m, base + i * stride);
    snprintf(name, sizeof name, "%s: cold set fills with %u misses", board, ways);
    CHECK_EQ(name, m.c.dcache_misses, ways);
    /* Touch way 0 again: it becomes most recent; a new line evicts way 1. */
    vc_load(&m, base);
    vc_load(&m, base + ways * stride);
    uint64_t before = m.c.dcache_misses;
    vc_load(&m, base);                 /* still there */
    snprintf(name, sizeof name, "%s: most recent line survives an eviction", board);
    CHECK_EQ(name, m.c.dcache_misses - before, 0);
    vc_load(&m, base + 1 * stride);    /* the least recent was evicted */
    snprintf(name, sizeof name, "%s: least recent line was the victim", board);
    CHECK_EQ(name, m.c.dcache_misses - before, 1);
    vc_model_free(&m);
}

static void test_no_write_allocate(void)
{
    vc_model m = fresh("bao1x");
    vc_store(&m, 0x80500000u);
    vc_store(&m, 0x80500004u);
    CHECK_EQ("store misses do not allocate", m.c.store_misses, 2);
    vc_load(&m, 0x80500000u);
    CHECK_EQ("load after a store to a cold line misses", m.c.dcache_misses, 1);
    vc_store(&m, 0x80500008u);
    CHECK_EQ("store to a cached line hits", m.c.store_misses, 2);
    vc_model_free(&m);
}

static void test_l2(void)
{
    vc_model m = fresh("precursor");
    uint32_t a = 0x80400000u, conflict = a + 65536;   /* same L2 line slot */
    vc_store(&m, a);                       /* L2 miss, allocate, dirty */
    CHECK_EQ("store miss allocates in the L2", m.c.l2_misses, 1);
    vc_load(&m, a);                        /* D miss, L2 hit */
    CHECK_EQ("refill served by the L2", m.c.l2_misses, 1);
    vc_load(&m, conflict);                 /* L2 conflict: dirty victim */
    CHECK_EQ("conflict misses the L2", m.c.l2_misses, 2);
    CHECK_EQ("dirty victim written back", m.c.l2_writebacks, 1);
    vc_load(&m, a + 4 * 4096);             /* a third line of that D set: an L2 miss */
    vc_load(&m, a);                        /* a: in the D-cache still */
    CHECK_EQ("D-cache hit does not reach the L2", m.c.l2_misses, 3);
    vc_model_free(&m);
}

static void test_tlb_fifo(const char *board)
{
    char name[96];
    vc_model m = fresh(board);
    uint32_t n = m.b->dtlb_entries, base = 0x80600000u;
    for (uint32_t r = 0; r < 10; r++)
        for (uint32_t i = 0; i < n; i++)
            vc_load(&m, base + i * 4096u);
    snprintf(name, sizeof name, "%s: %u pages cyclic: only cold TLB misses", board, n);
    CHECK_EQ(name, m.c.dtlb_misses, n);
    uint64_t before = m.c.dtlb_misses;
    for (uint32_t r = 0; r < 10; r++)
        for (uint32_t i = 0; i <= n; i++)
            vc_load(&m, base + i * 4096u);
    snprintf(name, sizeof name, "%s: %u pages cyclic: every access misses the TLB", board, n + 1);
    /* first round: the n cached pages hit, page n evicts page 0; from then on
     * FIFO always evicts the page needed next. */
    CHECK_EQ(name, m.c.dtlb_misses - before, 1 + 9 * (n + 1));
    vc_model_free(&m);
}

static void test_cycles(void)
{
    const vc_board *p = vc_board_find("precursor");
    vc_counts c;
    memset(&c, 0, sizeof c);
    c.insns = 100;
    CHECK_EQ("cycles: instructions only", vc_cycles(p, &c), 100);
    c.icache_misses = 1;
    c.dcache_misses = 2;
    c.l2_misses = 3;
    c.l2_writebacks = 1;
    c.stores = 5;
    c.io = 1;
    c.dtlb_misses = 1;
    c.itlb_misses = 1;
    CHECK_EQ("cycles: the formula", vc_cycles(p, &c),
             100 + 1 * p->i_refill_cycles + 2 * p->d_refill_cycles + 3 * p->mem_fill_cycles +
                 p->mem_writeback_cycles + 5 * p->store_cycles + p->io_cycles +
                 2 * 2 * p->ptw_level_cycles);
}

int main(void)
{
    test_board_table();
    test_lru("precursor");
    test_lru("bao1x");
    test_no_write_allocate();
    test_l2();
    test_tlb_fifo("precursor");
    test_tlb_fifo("bao1x");
    test_cycles();
    printf("unit: %d checks, %d failed\n", checks, failures);
    return failures != 0;
}
