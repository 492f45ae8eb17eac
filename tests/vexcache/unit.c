/* unit.c - host test of the cache model alone (vexcache/model.c), no
 * QEMU: the victim way, no write-allocate, the L2's dirty write-backs, the
 * write buffer and the bus, FIFO TLBs and their walks, the cycle formula.  Prints "ok NAME" or "FAIL NAME: ..." per check and
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

/* D-cache victim in one set: 4 ways on both boards, set stride 4096.  The
 * victim is the way the running cycle count points at (model.h). */
static void test_victim(const char *board)
{
    char name[96];
    vc_model m = fresh(board);
    /* set 5: away from the set the walks' PTE line of these pages falls in */
    uint32_t base = 0x80400000u + 5 * 32, stride = m.b->dcache_bytes / m.b->dcache_ways;
    uint32_t ways = m.b->dcache_ways, set = (base >> VC_LINE_SHIFT) & m.dc.set_mask;
    /* Fill the set until all `ways` lines are in it: a fill may evict a line
     * already there (no preference for an empty way, as on the RTL); the
     * instructions between the loads move the cycle count on, as code does. */
    uint32_t in = 0;
    for (uint32_t guard = 0; guard < 256 && in != ways; guard++) {
        m.c.insns += 1 + guard % 3;
        vc_load(&m, base + (guard % ways) * stride);
        in = 0;
        for (uint32_t w = 0; w < ways; w++)
            for (uint32_t i = 0; i < ways; i++)
                in += m.dc.tag[(size_t)set * ways + w] == (base + i * stride) >> VC_LINE_SHIFT;
    }
    uint64_t before = m.c.dcache_misses;
    for (uint32_t r = 0; r < 10; r++)
        for (uint32_t i = 0; i < ways; i++)
            vc_load(&m, base + i * stride);
    snprintf(name, sizeof name, "%s: %u lines of one set stay", board, ways);
    CHECK_EQ(name, m.c.dcache_misses - before, 0);
    uint32_t extra = base + ways * stride, resident = 0, found = 0;
    vc_load(&m, extra);
    for (uint32_t w = 0; w < ways; w++) {
        uint32_t t = m.dc.tag[(size_t)set * ways + w];
        found += t == extra >> VC_LINE_SHIFT;
        for (uint32_t i = 0; i < ways; i++)
            resident += t == (base + i * stride) >> VC_LINE_SHIFT;
    }
    snprintf(name, sizeof name, "%s: a new line replaces exactly one of the set", board);
    CHECK_EQ(name, found * 100 + resident, 100 + ways - 1);
    vc_model_free(&m);
}

/* The write buffer (Precursor): a lone store costs nothing; stores that miss
 * the L2 back to back outrun the bus and the third waits; a refill waits
 * for the stores before it. */
static void test_write_buffer(void)
{
    vc_model m = fresh("precursor");
    const vc_board *b = m.b;
    uint32_t a = 0x80400000u;
    vc_load(&m, a + 2048);                             /* the page's TLB entry and PTE line */
    vc_store(&m, a);                                   /* L2 miss, clean: fill only */
    CHECK_EQ("a lone store does not stall", m.c.bus_wait_cycles, 0);
    uint64_t hold = b->store_bus_cycles + b->mem_fill_cycles;
    vc_store(&m, a + 32);                              /* queued behind the first */
    CHECK_EQ("a second store is buffered", m.c.bus_wait_cycles, 0);
    vc_store(&m, a + 64);                              /* waits for the first to finish */
    CHECK_EQ("a third store waits for the first", m.c.bus_wait_cycles, hold);
    uint64_t w = m.c.bus_wait_cycles;
    vc_load(&m, a + 1024);                             /* a refill waits for both */
    CHECK_EQ("a refill waits for the buffered stores", m.c.bus_wait_cycles - w, 2 * hold);
    CHECK_EQ("the stores' L2 misses are the stores'", m.c.l2_store_misses, 3);
    vc_model_free(&m);
}

/* A TLB miss reads the stand-in Sv32 table's PTEs through the D-cache. */
static void test_walk(void)
{
    vc_model m = fresh("bao1x");
    vc_load(&m, 0x80400000u);
    CHECK_EQ("a RAM walk reads two PTEs", m.c.walk_levels, 2);
    CHECK_EQ("both miss when cold", m.c.pte_misses, 2);
    vc_load(&m, 0x80401000u);                          /* next page: same PTE lines */
    CHECK_EQ("a neighbour's walk hits the PTE lines", m.c.pte_misses, 2);
    vc_io(&m, 0x10000000u);                            /* outside RAM: a megapage */
    CHECK_EQ("a megapage walk reads one PTE", m.c.walk_levels, 5);
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
    /* the pages' TLB entries and PTE lines first (a walk's PTE reads reach
     * the L2 too), at lines whose L2 slots are not a's */
    vc_load(&m, a + 2048);
    vc_load(&m, conflict + 2048);
    vc_load(&m, a + 4 * 4096 + 2048);
    m.c.l2_misses = m.c.l2_writebacks = 0;
    vc_store(&m, a);                       /* L2 miss, allocate, dirty */
    CHECK_EQ("store miss allocates in the L2", m.c.l2_misses, 1);
    vc_load(&m, a);                        /* D miss, L2 hit */
    CHECK_EQ("refill served by the L2", m.c.l2_misses, 1);
    vc_load(&m, conflict);                 /* L2 conflict: dirty victim */
    CHECK_EQ("conflict misses the L2", m.c.l2_misses, 2);
    CHECK_EQ("dirty victim written back", m.c.l2_writebacks, 1);
    uint64_t l2 = m.c.l2_misses;
    vc_load(&m, conflict);                 /* now in the D-cache */
    CHECK_EQ("D-cache hit does not reach the L2", m.c.l2_misses - l2, 0);
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

/* Where the guest maps megapages (the kernel image: superpages=LO:HI), one
 * TLB entry covers 4 MiB and its walk reads one PTE; outside, 4 KiB pages. */
static void test_superpages(const char *board)
{
    char name[96];
    vc_model m = fresh(board);
    m.super_lo = 0x80000000u;
    m.super_hi = 0x88000000u;
    uint32_t n = m.b->dtlb_entries;
    for (uint32_t r = 0; r < 3; r++)
        for (uint32_t i = 0; i <= 4 * n; i++)          /* 4n+1 pages of one megapage */
            vc_load(&m, 0x80400000u + i * 4096u);
    snprintf(name, sizeof name, "%s: %u pages of one megapage: one TLB miss", board, 4 * n + 1);
    CHECK_EQ(name, m.c.dtlb_misses, 1);
    CHECK_EQ("a megapage's walk reads one PTE", m.c.walk_levels, 1);
    for (uint32_t i = 0; i < n; i++)                   /* n megapages: fill the TLB */
        vc_load(&m, 0x80000000u + i * 0x400000u);
    snprintf(name, sizeof name, "%s: %u megapages: one miss each but the one held", board, n);
    CHECK_EQ(name, m.c.dtlb_misses, n);
    vc_load(&m, 0x10000000u);                          /* outside the range: a page */
    vc_load(&m, 0x10001000u);
    CHECK_EQ("outside the range, one entry per 4 KiB page", m.c.dtlb_misses, n + 2);
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
    c.pte_misses = 1;
    c.l2_misses = 3;
    c.l2_store_misses = 1;
    c.l2_writebacks = 1;
    c.stores = 5;
    c.io = 1;
    c.walk_levels = 4;
    c.bus_wait_cycles = 7;
    CHECK_EQ("cycles: the memory terms", vc_cycles(p, &c),
             100 + 1 * p->i_refill_cycles + 3 * p->d_refill_cycles + 2 * p->mem_fill_cycles +
                 p->mem_writeback_cycles + 5 * p->store_cycles + p->io_cycles +
                 4 * p->ptw_level_cycles + 7);
    memset(&c, 0, sizeof c);
    c.br_taken_back = 100;
    c.br_taken_fwd = 10;
    c.br_nt_back = 10;
    c.jal = 1;
    c.jalr = 1;
    c.load_use1 = 2;
    c.load_use2 = 2;
    c.div = 1;
    c.mul_use = 1;
    c.shift_use = 4;
    c.target_unaligned = 3;
    CHECK_EQ("cycles: the pipeline terms", vc_cycles(p, &c),
             (100 * p->br_predicted_x100 + 20 * p->br_mispredict_x100 + p->jal_x100 + p->jalr_x100 +
              2 * p->load_use1_x100 + 2 * p->load_use2_x100 + p->div_x100 + p->mul_use_x100 +
              4 * p->shift_use_x100 + 3 * p->target_unaligned_x100 + 50) / 100);
}

int main(void)
{
    test_board_table();
    test_victim("precursor");
    test_victim("bao1x");
    test_write_buffer();
    test_walk();
    test_no_write_allocate();
    test_l2();
    test_tlb_fifo("precursor");
    test_tlb_fifo("bao1x");
    test_superpages("precursor");
    test_superpages("bao1x");
    test_cycles();
    printf("unit: %d checks, %d failed\n", checks, failures);
    return failures != 0;
}
