/* micro.c - RV32 micro-programs whose cache, TLB and L2 events follow from the
 * board's geometry alone; run under QEMU with the vexcache plugin by
 * tests/vexcache/run.sh, once per board (built with -DVC_BOARD_PRECURSOR or
 * -DVC_BOARD_BAO1X; geometry.h restates each board's geometry).
 *
 * Each test is one measured window.  Before it the program prints
 *   window K NAME
 * and after it, what the window's plugin line must say:
 *   expect K FIELD OP VALUE        (OP: eq, le, ge)
 * run.sh pairs them with the plugin's "vexcache: ... window=K" lines.
 *
 * The measured kernels are leaf functions whose loops keep everything in
 * registers, so the only memory accesses in a window are the ones under test
 * (run.sh's disassembly check is the compiler's word on it: see run.sh).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "guest.h"
#include "geometry.h"

#define NOIPA __attribute__((noipa))
#define KIB 1024u

static uint8_t arena[1024 * KIB] __attribute__((aligned(64 * KIB)));
static unsigned window_no;

/* Regions of the arena, one per test, so that "cold" means never loaded. */
#define R_FIT       (arena + 0)           /* one D-cache way, re-read */
#define R_BIG       (arena + 64 * KIB)    /* 4 x DCACHE, streamed */
#define R_STRIDE    (arena + 128 * KIB)   /* 8 KiB, cold */
#define R_STORE     (arena + 144 * KIB)   /* 8 KiB, cold: stores then loads */
#define R_SET       (arena + 160 * KIB)   /* up to 9 lines of one D-cache set */
#define R_TLB       (arena + 208 * KIB)   /* up to 9 pages, 4160 bytes apart */
#define R_L2FIT     (arena + 272 * KIB)   /* 32 KiB: > D-cache, < L2.  The L2 slots of
                                             offsets 0x4000..0xBFFF in 64 KiB: away from
                                             the code's (0x8000xxxx-0x80012xxx: main's new
                                             lines between windows go through the L2) and
                                             the stack's (0x83FFxxxx) */
#define R_L2BIG     (arena + 512 * KIB)   /* 256 KiB: 4 x L2 */

static void window(const char *name) { printf("window %u %s\n", ++window_no, name); }
static void expect(const char *field, const char *op, unsigned long value)
{
    printf("expect %u %s %s %lu\n", window_no, field, op, value);
}

/* ---- kernels: loads and stores only where the test wants them ---------- */

NOIPA uint32_t read_words(const uint8_t *p, uint32_t bytes)
{
    uint32_t s = 0;
    for (const volatile uint32_t *w = (const volatile uint32_t *)p,
                                 *e = (const volatile uint32_t *)(p + bytes); w < e; w++)
        s += *w;
    return s;
}

NOIPA void write_words(uint8_t *p, uint32_t bytes)
{
    for (volatile uint32_t *w = (volatile uint32_t *)p, *e = (volatile uint32_t *)(p + bytes);
         w < e; w++)
        *w = 1;
}

/* `rounds` passes over n addresses p, p+stride, ..., one word load each. */
NOIPA uint32_t read_cyclic(const uint8_t *p, uint32_t stride, uint32_t n, uint32_t rounds)
{
    uint32_t s = 0;
    for (uint32_t r = 0; r < rounds; r++)
        for (uint32_t i = 0; i < n; i++)
            s += *(const volatile uint32_t *)(p + i * stride);
    return s;
}

/* A data-TLB window: the n pages read once (warm), then, inside the window,
 * 50 rounds of them, after an sfence.vma if `flush`; an instret read between
 * the two if `instret`.  Nothing else touches memory from the warm-up to the
 * window's end: a caller's stack store there would be one more page for an
 * n-page TLB (the prologue's stores come before the warm-up). */
NOIPA uint32_t tlb_window(const uint8_t *p, uint32_t stride, uint32_t n, int flush, int instret)
{
    uint32_t s = read_cyclic(p, stride, n, 1);
    if (instret)
        s += (uint32_t)rv32_instret();
    vexcache_start();
    if (flush)
        __asm__ volatile("sfence.vma" ::: "memory");
    s += read_cyclic(p, stride, n, 50);
    vexcache_stop();
    return s;
}


NOIPA uint32_t read_io(uint32_t n)
{
    uint32_t s = 0;
    for (uint32_t i = 0; i < n; i++) {
        s += *(volatile uint8_t *)0x10000005u;    /* virt UART (16550) line status */
        s += *(volatile uint32_t *)0x0200BFF8u;   /* virt CLINT mtime, low word */
    }
    return s;
}

/* A window around one call: the markers in code that stays put. */
NOIPA void run_measured(void (*fn)(void))
{
    vexcache_start();
    fn();
    vexcache_stop();
}

NOIPA uint32_t measured_read(const uint8_t *p, uint32_t bytes)
{
    vexcache_start();
    uint32_t s = read_words(p, bytes);
    vexcache_stop();
    return s;
}

/* Straight-line code of a known size: 4-byte nops (addi x0, x0, 0, written
 * as a word so that no assembler turns them into 2-byte c.nop), then ret. */
void code_small(void);
void code_big(void);
#define CODE_SMALL_BYTES (1 * KIB)
#define CODE_BIG_BYTES (64 * KIB)
__asm__(".text\n"
        ".balign 32\n"
        ".globl code_small\n"
        "code_small:\n"
        ".rept 1024/4 - 1\n .word 0x00000013\n .endr\n"
        "ret\n"
        ".balign 32\n"
        ".globl code_big\n"
        "code_big:\n"
        ".rept 65536/4 - 1\n .word 0x00000013\n .endr\n"
        "ret\n");

#define LINES(b) ((b) / 32u)

int main(void)
{
    uint32_t sink = 0;
    printf("board %s\n", VC_BOARD);

    /* 1. A buffer of one way's size, re-read: no miss.  (One way, so that each
     *    set holds one of its lines: the victim, picked by a free-running
     *    counter as on VexRiscv, cannot be another of them.  Half the cache
     *    passed or not with the cycle each line was loaded at.) */
    window("dcache_fit_reread");
    sink += read_words(R_FIT, DCACHE_BYTES / DCACHE_WAYS);
    vexcache_start();
    sink += read_words(R_FIT, DCACHE_BYTES / DCACHE_WAYS);
    vexcache_stop();
    expect("dcache_misses", "eq", 0);
    expect("loads", "eq", DCACHE_BYTES / DCACHE_WAYS / 4);

    /* 2. Four times the D-cache, re-read: a sequential stream, so (nearly:
     *    the victim is not LRU) every line misses again. */
    window("dcache_big_reread");
    sink += read_words(R_BIG, 4 * DCACHE_BYTES);
    vexcache_start();
    sink += read_words(R_BIG, 4 * DCACHE_BYTES);
    vexcache_stop();
expect("dcache_misses", "ge", LINES(4 * DCACHE_BYTES) * 7 / 8);
    expect("dcache_misses", "le", LINES(4 * DCACHE_BYTES));

    /* 3. Cold, stride 4: one miss per 32-byte line, eight loads per line. */
    window("dcache_stride4_cold");
    vexcache_start();
    sink += read_words(R_STRIDE, 8 * KIB);
    vexcache_stop();
    expect("dcache_misses", "eq", LINES(8 * KIB));
    expect("loads", "eq", 8 * KIB / 4);

    /* 4. Stores to cold lines allocate nothing: the loads after them miss. */
    window("stores_to_cold_lines");
    vexcache_start();
    write_words(R_STORE, 8 * KIB);
    vexcache_stop();
    expect("stores", "eq", 8 * KIB / 4);
    expect("store_misses", "eq", 8 * KIB / 4);
    expect("dcache_misses", "eq", 0);
    window("loads_after_stores");
    vexcache_start();
    sink += read_words(R_STORE, 8 * KIB);
    vexcache_stop();
    expect("dcache_misses", "eq", LINES(8 * KIB));
    /* ... and stores to lines now cached hit (loaded again just before: the
     *    printf above may have evicted a few). */
    window("stores_to_cached_lines");
    sink += read_words(R_STORE, 8 * KIB);
    vexcache_start();
    write_words(R_STORE, 8 * KIB);
    vexcache_stop();
    /* (a few may have been evicted: the victim is not LRU, model.h) */
    expect("store_misses", "le", 8 * KIB / 4 / 8);
    expect("dcache_misses", "eq", 0);

    /* 5. One set: `ways` lines stay; with `ways`+1, every round misses at
     *    least once (the victim is the cycle count modulo the ways, as the
     *    RTL's way counter: not LRU, so not every access misses). */
    const uint32_t set_stride = DCACHE_BYTES / DCACHE_WAYS;
    window("dcache_set_ways");
    sink += read_cyclic(R_SET, set_stride, DCACHE_WAYS, 1);
    vexcache_start();
    sink += read_cyclic(R_SET, set_stride, DCACHE_WAYS, 100);
    vexcache_stop();
    expect("dcache_misses", "le", DCACHE_WAYS);   /* each line refilled at most once */
    window("dcache_set_ways_plus_1");
    sink += read_cyclic(R_SET, set_stride, DCACHE_WAYS + 1, 1);
    vexcache_start();
    sink += read_cyclic(R_SET, set_stride, DCACHE_WAYS + 1, 100);
    vexcache_stop();
    expect("dcache_misses", "ge", 100);
    expect("dcache_misses", "le", 100 * (DCACHE_WAYS + 1));

    /* 6. Code: a small function re-run hits; one 4x the I-cache misses on
     *    every line again.  The markers sit in run_measured(), run twice, so
     *    that the lines of the measuring code are warm in the second window
     *    (the first, "..._warm", has no expectations). */
    window("icache_small_code_warm");   /* both names first: no printf between */
    window("icache_small_code");
    run_measured(code_small);
    run_measured(code_small);
    expect("icache_misses", "eq", 0);
    expect("insns", "eq", CODE_SMALL_BYTES / 4 + 1);   /* the nops, ret, the jalr */
    window("icache_big_code_warm");
    window("icache_big_code");
    run_measured(code_big);
    run_measured(code_big);
expect("icache_misses", "ge", LINES(CODE_BIG_BYTES) * 3 / 4);
    expect("icache_misses", "le", LINES(CODE_BIG_BYTES));
    expect("insns", "eq", CODE_BIG_BYTES / 4 + 1);
    expect("itlb_misses", "eq", CODE_BIG_BYTES / 4096);

    /* 7. Data TLB: N pages cyclically; a line apart in each page so that the
     *    D-cache holds them all (tlb_window: warm, then the window). */
    const uint32_t page_stride = 4096 + 64;
    window("dtlb_entries");
    sink += tlb_window(R_TLB, page_stride, DTLB_ENTRIES, 0, 0);
    expect("dtlb_misses", "eq", 0);
    expect("dcache_misses", "eq", 0);
    window("dtlb_entries_plus_1");
    sink += tlb_window(R_TLB, page_stride, DTLB_ENTRIES + 1, 0, 0);
    expect("dtlb_misses", "eq", 50 * (DTLB_ENTRIES + 1));
    expect("dcache_misses", "eq", 0);
    /* ... and a bare sfence.vma (Xous's flush_mmu) empties it: the same N
     *    warm pages then miss once each, and only once. */
    window("dtlb_after_sfence");
    sink += tlb_window(R_TLB, page_stride, DTLB_ENTRIES, 1, 0);
    expect("tlb_flushes", "eq", 1);
    expect("dtlb_misses", "eq", DTLB_ENTRIES);
    expect("dcache_misses", "eq", 0);
    /* ... and reading instret between windows costs one entry: on the RTL the
     *    testbench serves it by a load from the top megapage (rtl/tb.cpp), and
     *    the plugin makes the same access.  The FIFO then misses each of the N
     *    warm pages once, the last miss evicting that megapage. */
    window("dtlb_after_instret");
    sink += tlb_window(R_TLB, page_stride, DTLB_ENTRIES, 0, 1);
    expect("dtlb_misses", "eq", DTLB_ENTRIES);
    expect("dcache_misses", "eq", 0);

    /* 8. I/O bypasses the caches. */
    window("io_uncached");
    vexcache_start();
    sink += read_io(50);
    vexcache_stop();
    expect("io", "eq", 100);
    expect("loads", "eq", 0);
    expect("dcache_misses", "eq", 0);

    /* 9. The L2 (Precursor; none on bao1x): 32 KiB misses the D-cache on
     *    every line but stays in the L2; 256 KiB misses the L2 on every line.
     *    Measured inside measured_read(), run twice, so that no line of new
     *    code reaches the L2 in the second window. */
    window("l2_fit_reread_warm");
    window("l2_fit_reread");
    sink += measured_read(R_L2FIT, 32 * KIB);
    sink += measured_read(R_L2FIT, 32 * KIB);
expect("dcache_misses", "ge", LINES(32 * KIB) * 1 / 2);
    expect("dcache_misses", "le", LINES(32 * KIB));
    expect("l2_misses", "le", 2);   /* a walk's PTE line at most */
    window("l2_big_reread_warm");
    window("l2_big_reread");
    sink += measured_read(R_L2BIG, 256 * KIB);
    sink += measured_read(R_L2BIG, 256 * KIB);
expect("dcache_misses", "ge", LINES(256 * KIB) * 7 / 8);
    expect("dcache_misses", "le", LINES(256 * KIB));
    /* plus the L2 misses of the walks' PTE lines (one per 8 pages) */
    expect("l2_misses", "ge", L2_BYTES ? LINES(256 * KIB) * 7 / 8 : 0);
    expect("l2_misses", "le", L2_BYTES ? LINES(256 * KIB) + 256 / 4 : 0);
    /* the one dirty line: the stack slot measured_read's `sw ra` wrote */
    expect("l2_writebacks", "le", 1);

    /* 10. The plugin's instruction count agrees with instret: between the two
     *     csrr reads are the two markers and the csrr itself. */
    uint32_t before, after;   /* one csrr each (not rv32_instret's loop): the bound is tight */
    __asm__ volatile("csrr %0, instret" : "=r"(before));
    vexcache_start();
    sink += read_words(R_FIT, 1 * KIB);
    vexcache_stop();
    __asm__ volatile("csrr %0, instret" : "=r"(after));
    window("insns_vs_instret");   /* printed late: the window above is this one */
    expect("insns", "ge", after - before - 3);
    expect("insns", "le", after - before);

    /* 11. An empty window costs nothing. */
    window("empty");
    vexcache_start();
    vexcache_stop();
    expect("insns", "eq", 0);
    expect("icache_misses", "eq", 0);
    expect("cycles", "eq", 0);

    printf("done %lu\n", (unsigned long)(sink & 1));
    exit(0);
}
