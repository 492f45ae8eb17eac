/* model.h - a VexRiscv memory-hierarchy model for two boards, Precursor and
 * Baochip-1x: the pure model, with no QEMU types (vexcache/plugin.c
 * feeds it from QEMU; tests/vexcache/unit.c feeds it directly).
 *
 * What is modelled, per board (every constant in ONE table, vc_boards[] in
 * model.c, each with its source, measured on the CPU's RTL, or marked ASSUMED):
 *   - I-cache and D-cache: size, ways, 32-byte lines.  The victim way is the
 *     one VexRiscv's own counters point at: both caches advance a way counter
 *     on every cycle they are not refilling (the D-cache's one-hot
 *     waysAllocator, DataCache.scala:666,695; the I-cache's wayToAllocate,
 *     InstructionCache.scala:366), so the victim is the cycle count modulo the
 *     ways: here the model's own running cycle estimate modulo the ways (a
 *     pseudo-random choice like the RTL's, not the same one).
 *   - D-cache write-through, no allocation on a store miss (DataCache.scala:582:
 *     a store never refills).  A store hit updates the line.
 *   - The data bus and its write buffer (both cores put a two-entry pipe,
 *     s2mPipe + m2sPipe, between the D-cache and the bus: the generated
 *     Verilog's dataCache_1_io_mem_cmd_s2mPipe_m2sPipe).  A store leaves the
 *     CPU at once unless both entries are taken; it then holds the bus for
 *     store_bus_cycles plus, on Precursor, the L2's fill and write-back when
 *     it misses the L2.  A D-cache refill, a page walk's PTE refill and an
 *     uncached access wait until the bus is free.  The CPU's waits are
 *     counted in bus_wait_cycles; a store's L2 costs reach the cycle count
 *     only through them (so a store burst that outruns the bus pays, and a
 *     lone store does not).  The instruction bus is separate (as in the
 *     testbench of rtl/: no contention between the two).
 *   - Precursor only: the 64 KiB direct-mapped write-back L2 (32-byte lines) in
 *     front of the external SRAM.  L1 refills (I and D) and written-through
 *     stores go to the L2; an L2 miss fills the line from SRAM (stores
 *     included: the L2 is modelled write-allocate, ASSUMED) and a dirty victim
 *     is written back first.
 *   - Data and instruction TLBs over 4 KiB pages (4 MiB megapages where the
 *     guest maps them so: super_lo/super_hi below), FIFO replacement as in
 *     VexRiscv's MmuPlugin (entryToReplace is a counter, MmuPlugin.scala:110).
 *     A miss walks the page table: ptw_level_cycles per level, and each PTE is
 *     read through the D-cache (MmuPlugin's walker uses the data port), so a
 *     PTE that misses costs a refill too.  The guest here runs in machine mode
 *     under QEMU without an MMU, so the table walked is a stand-in: an
 *     identity Sv32 table laid out as rtl/tb.cpp lays it for the RTL (root at
 *     VC_SV32_ROOT, one leaf page per 4 MiB of RAM from VC_SV32_LEAVES, RAM's
 *     last 256 KiB; a megapage, one level, outside RAM).  The kernel image's
 *     own tables sit elsewhere: their PTE lines fall in other sets.
 *   - The pipeline (5 stages, STATIC branch prediction on both boards,
 *     [GBS]:57, [GCS]:88), per event, in hundredths of a cycle, measured on
 *     the RTL by tests/rtl/pipeline.c: a conditional branch backward and taken
 *     (predicted: cheap), one mispredicted (forward taken, or backward not
 *     taken), a jal, a jalr, a load whose result the next (load_use1) or the
 *     one after (load_use2) instruction reads, a divide (iterative), a
 *     multiply or a shift whose result the next instruction reads (both
 *     finish after the execute stage, so no bypass from it), a jump or taken
 *     branch whose target is a 32-bit instruction at 2 mod 4 (its halves
 *     are in two fetch words).
 *   - I/O accesses (QEMU says the address is a device) bypass both caches and
 *     the L2, wait for the bus and cost io_cycles; they go through the data TLB.
 *   - Every other guest address is the board's main memory (SRAM): QEMU virt
 *     puts code and data at 0x80000000+, which the model does not relocate
 *     onto the board's map; RRAM (Baochip-1x code) is not told apart.
 *
 * The cycle formula (the only place it is written; counters are per window):
 *
 *   cycles = insns
 *          + (br_taken_back * br_predicted_x100        the pipeline's own stalls
 *             + (br_taken_fwd + br_nt_back) * br_mispredict_x100
 *             + jal * jal_x100 + jalr * jalr_x100
 *             + load_use1 * load_use1_x100 + load_use2 * load_use2_x100
 *             + div * div_x100 + mul_use * mul_use_x100
 *             + shift_use * shift_use_x100
 *             + target_unaligned * target_unaligned_x100
 *             + jump_hazard * jump_hazard_x100) / 100
 *          + icache_misses * i_refill_cycles      L1 line refill from the next level
 *          + (dcache_misses + pte_misses) * d_refill_cycles   (a PTE's refill too)
 *          + (l2_misses - l2_store_misses) * mem_fill_cycles     the refills' L2 misses
 *          + (l2_writebacks - l2_store_writebacks) * mem_writeback_cycles
 *          + stores * store_cycles                a store's own issue cost
 *          + io * io_cycles                       uncached device access
 *          + walk_levels * ptw_level_cycles       page walks, per level
 *          + bus_wait_cycles                      waiting for the data bus
 *
 * Left out: bus contention between instruction and data sides and with DMA,
 * CSR and fence costs, the exact victim choice, the I-cache's two-cycle hit
 * path beyond what the branch terms measure, ASIDs, interrupts.  An `sfence.vma` empties both TLBs.  Cycles are an
 * estimate for comparing designs, not a cycle-exact simulation; rtl/ measures
 * how far it is from the RTL.
 */
#ifndef VEXCACHE_MODEL_H
#define VEXCACHE_MODEL_H

#include <stdint.h>

#define VC_LINE_SHIFT 5u   /* 32-byte lines everywhere: L1s and L2 */
#define VC_PAGE_SHIFT 12u  /* 4 KiB pages */
#define VC_MAX_WAYS 8u
#define VC_MAX_TLB 16u
#define VC_MAX_WBUF 4u

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
    uint32_t store_bus_cycles;     /* a written-through store's hold of the data bus */
    uint32_t wbuf_entries;         /* stores the CPU may leave on the bus (<= VC_MAX_WBUF) */
    /* The pipeline's own stalls, in hundredths of a cycle, per event
     * (measured on the CPU's RTL: tests/rtl/pipeline.c, rtl/pipeline.awk). */
    uint32_t br_predicted_x100, br_mispredict_x100, jal_x100, jalr_x100;
    uint32_t load_use1_x100, load_use2_x100, div_x100, mul_use_x100;
    uint32_t shift_use_x100;
    uint32_t target_unaligned_x100;
    uint32_t jump_hazard_x100;
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
    uint64_t walk_levels;    /* PTEs read by the page walks (1 or 2 per TLB miss) */
    uint64_t pte_misses;     /* those PTE reads that missed the D-cache (refilled) */
    uint64_t l2_store_misses, l2_store_writebacks;   /* the stores' share of l2_* */
    uint64_t bus_wait_cycles;                        /* CPU stalled on a busy data bus */
    /* Pipeline events (counted by the caller: the plugin, from the code) */
    uint64_t br_taken_back, br_taken_fwd, br_nt_back, br_nt_fwd;
    uint64_t jal, jalr, load_use1, load_use2, div, mul_use;
    uint64_t shift_use;          /* a shift whose result the next instruction reads */
    uint64_t target_unaligned;   /* jumps and taken branches landing on a 32-bit
                                    instruction at a 2 mod 4 address */
    uint64_t jump_hazard;        /* a jump resolved in the memory stage (jalr, a
                                    mispredicted forward branch) whose two next
                                    instructions in memory, the wrong path behind it,
                                    are a shift or load and a reader of its result:
                                    that read stalls decode, and the refetch waits */
} vc_counts;

typedef struct vc_cache {        /* set-associative; victim: running cycles mod ways */
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
    uint64_t bus_free;                  /* cycle at which the data bus is next idle */
    uint64_t wbuf_done[VC_MAX_WBUF];    /* completion cycles of the stores in flight, oldest first */
    uint32_t wbuf_n;
    /* [super_lo, super_hi): addresses the guest's own page tables map with
     * 4 MiB megapages (the kernel image's; 0, 0 for none).  A TLB entry there
     * covers the megapage, as VexRiscv's does (MmuPlugin's superPage bit),
     * and its walk reads one PTE, the root's. */
    uint32_t super_lo, super_hi;
} vc_model;

#define VC_INVALID 0xFFFFFFFFu
/* The stand-in page table walked on a TLB miss (rtl/tb.cpp's layout). */
#define VC_SV32_ROOT 0x87FFF000u
#define VC_SV32_LEAVES 0x87FC0000u
#define VC_RAM_BASE 0x80000000u
#define VC_RAM_BYTES (128u << 20)

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

/* The running cycle estimate: the formula below over every count so far. */
uint64_t vc_now(const vc_model *m);
/* The cycle formula above, over a window's counters. */
uint64_t vc_cycles(const vc_board *b, const vc_counts *c);
/* after - before, field by field. */
vc_counts vc_counts_sub(const vc_counts *after, const vc_counts *before);

#endif
