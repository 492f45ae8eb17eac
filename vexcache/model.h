/* model.h - a VexRiscv memory-hierarchy model for two boards, Precursor and
 * Baochip-1x: the pure model, with no QEMU types (vexcache/plugin.c
 * feeds it from QEMU; tests/vexcache/unit.c feeds it directly).
 *
 * What is modelled, per board (every constant in ONE table, vc_boards[] in
 * model.c, each with its source or marked ASSUMED):
 *   - I-cache and D-cache: size, ways, 32-byte lines.  Replacement is true LRU,
 *     a deterministic stand-in for VexRiscv's own victim choice (the D-cache's
 *     one-hot waysAllocator rotates on each refill, DataCache.scala:666,695; the
 *     I-cache's wayToAllocate counts every idle cycle, InstructionCache.scala:366:
 *     both effectively pseudo-random, and neither reproducible here).
 *   - D-cache write-through, no allocation on a store miss (DataCache.scala:582:
 *     a store never refills).  A store hit updates the line (and its recency,
 *     like a load hit); a store miss leaves the D-cache alone.  Every store is
 *     written through to the next level and costs store_cycles (the CPU holds
 *     the store until the bus takes it, DataCache.scala:595).
 *   - Precursor only: the 64 KiB direct-mapped write-back L2 (32-byte lines) in
 *     front of the external SRAM.  L1 refills (I and D) and written-through
 *     stores go to the L2; an L2 miss fills the line from SRAM (stores
 *     included: the L2 is modelled write-allocate, ASSUMED) and a dirty victim
 *     is written back first.
 *   - Data and instruction TLBs over 4 KiB pages, FIFO replacement as in
 *     VexRiscv's MmuPlugin (entryToReplace is a counter, MmuPlugin.scala:110);
 *     a miss costs a two-level (Sv32) page walk.  Xous runs with the MMU on;
 *     the guest here runs in machine mode under QEMU virt without an MMU, so the
 *     TLBs are modelled on the guest's physical page numbers, and the walk's
 *     own PTE reads are charged as a constant, not run through the D-cache.
 *   - I/O accesses (QEMU says the address is a device) bypass both caches and
 *     the L2 and cost io_cycles; they still go through the data TLB.
 *   - Every other guest address is the board's main memory (SRAM): QEMU virt
 *     puts code and data at 0x80000000+, which the model does not relocate
 *     onto the board's map; RRAM (Baochip-1x code) is not told apart.
 *
 * The cycle formula (the only place it is written; counters are per window):
 *
 *   cycles = insns
 *          + (fetches * fetch_cycles_x100         pipeline stalls: branches and jumps,
 *             + loads * load_cycles_x100) / 100   load-use (both 0 before calibration)
 *          + icache_misses * i_refill_cycles      L1 line refill from the next level
 *          + dcache_misses * d_refill_cycles      (the L2 on Precursor, SRAM on bao1x)
 *          + l2_misses     * mem_fill_cycles      L2 line fill from SRAM (Precursor)
 *          + l2_writebacks * mem_writeback_cycles dirty L2 victim to SRAM (Precursor)
 *          + stores        * store_cycles         write-through traffic, every store
 *          + io            * io_cycles            uncached device access
 *          + (itlb_misses + dtlb_misses) * 2 * ptw_level_cycles
 *
 * i.e. one cycle per instruction plus stalls, each stall counted in full (no
 * overlap).  Left out: branch penalties and prediction, load-use and other
 * pipeline hazards, multiplier/divider latency (MulPlugin/DivPlugin take
 * several cycles), CSR and fence costs, any overlap of a refill with execution,
 * write buffering (stores are charged as if each waited for the bus), bus
 * contention with DMA, the I-cache's two-cycle hit path (twoCycleCache), the
 * PTE reads' own cache effects, superpages, ASIDs, interrupts.  An `sfence.vma`
 * empties both TLBs (its own cost is one instruction; the misses that follow
 * are what it costs).
 * Cycles are an estimate for comparing designs, not a cycle-exact simulation.
 */
#ifndef VEXCACHE_MODEL_H
#define VEXCACHE_MODEL_H

#include <stdint.h>

#define VC_LINE_SHIFT 5u   /* 32-byte lines everywhere: L1s and L2 */
#define VC_PAGE_SHIFT 12u  /* 4 KiB pages */
#define VC_MAX_WAYS 8u
#define VC_MAX_TLB 16u

/* One board's constants; the values and their sources are in model.c. */
typedef struct vc_board {
    const char *name;
    uint32_t clock_mhz;            /* for the reader; cycles are in CPU clocks */
    uint32_t icache_bytes, icache_ways;
    uint32_t dcache_bytes, dcache_ways;
    uint32_t itlb_entries, dtlb_entries;
    uint32_t l2_bytes;             /* 0: no L2 */
    uint32_t i_refill_cycles, d_refill_cycles;
    uint32_t mem_fill_cycles, mem_writeback_cycles;
    uint32_t store_cycles, io_cycles, ptw_level_cycles;
    /* The pipeline's own stalls, in hundredths of a cycle (calibrated on the
     * CPU's RTL, rtl/calibrate.awk): per I-cache lookup (`fetches`: a taken
     * branch or jump, or a new line) and per load (load-use, two-cycle D$). */
    uint32_t fetch_cycles_x100, load_cycles_x100;
} vc_board;

/* Event counters; they only grow.  A window is the difference of two copies. */
typedef struct vc_counts {
    uint64_t insns;          /* counted by the caller (the plugin counts inline) */
    uint64_t fetches;        /* I-cache lookups */
    uint64_t icache_misses;
    uint64_t loads, dcache_misses;
    uint64_t stores, store_misses;   /* store_misses: stores to lines not in the D-cache */
    uint64_t l2_misses, l2_writebacks;
    uint64_t io;
    uint64_t itlb_misses, dtlb_misses;
    uint64_t tlb_flushes;    /* sfence.vma executed */
} vc_counts;

typedef struct vc_cache {        /* set-associative, LRU: each set's tags MRU first */
    uint32_t set_mask, ways;
    uint32_t *tag;               /* line numbers; VC_INVALID when empty */
} vc_cache;

typedef struct vc_tlb {          /* fully associative, FIFO */
    uint32_t n, next;
    uint32_t page[VC_MAX_TLB];
} vc_tlb;

typedef struct vc_model {
    const vc_board *b;
    vc_cache ic, dc;
    uint32_t l2_mask;            /* L2 lines - 1; the L2 is direct-mapped */
    uint32_t *l2_tag;
    uint8_t *l2_dirty;
    vc_tlb itlb, dtlb;
    vc_counts c;
} vc_model;

#define VC_INVALID 0xFFFFFFFFu

/* The boards, by name ("precursor", "bao1x"); NULL when unknown. */
const vc_board *vc_board_find(const char *name);
/* The names, for messages: "precursor|bao1x". */
const char *vc_board_names(void);

/* Empty caches, L2 and TLBs, zero counters.  0 on success, -1 out of memory. */
int vc_model_init(vc_model *m, const vc_board *b);
void vc_model_free(vc_model *m);

/* Events.  Addresses are guest physical (= virtual: machine mode, no MMU). */
void vc_fetch_line(vc_model *m, uint32_t line);   /* an instruction fetch from this 32-byte line */
void vc_load(vc_model *m, uint32_t addr);
void vc_store(vc_model *m, uint32_t addr);
void vc_io(vc_model *m, uint32_t addr);
void vc_tlb_flush(vc_model *m);                    /* sfence.vma: both TLBs emptied */

/* The cycle formula above, over a window's counters. */
uint64_t vc_cycles(const vc_board *b, const vc_counts *c);
/* after - before, field by field. */
vc_counts vc_counts_sub(const vc_counts *after, const vc_counts *before);

#endif
