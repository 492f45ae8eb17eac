/* plugin.c - vexcache, QEMU's side: a TCG plugin (QEMU 7.2, plugin API v1)
 * that runs the guest's instruction fetches and data accesses through the
 * VexRiscv cache model of model.h and prints, per measured window, one line.
 *
 *   qemu-system-riscv32 ... -icount shift=0 -d plugin \
 *       -plugin build/rv32/vexcache.so,board=precursor|bao1x[,superpages=LO:HI]
 *
 * superpages=LO:HI (hex): the guest's own page tables map [LO, HI) with 4 MiB
 * megapages (the kernel image maps itself so, kernel_glue/kbill.c), so the
 * model's TLBs hold one entry per megapage there (model.h).
 *
 * The guest marks windows with HINTs the RISC-V spec leaves for custom use:
 * `slti zero, zero, 1` starts counting, `slti zero, zero, 2` stops it and
 * prints exactly one line on QEMU's log (stderr with -d plugin):
 *
 *   vexcache: insns=N icache_misses=N dcache_misses=N l2_misses=N cycles=N \
 *       dtlb_misses=N itlb_misses=N loads=N stores=N store_misses=N io=N \
 *       l2_writebacks=N tlb_flushes=N walk_levels=N bus_wait_cycles=N ... window=K
 *
 * (one line; K counts the stop markers from 1).  The caches keep their
 * contents across windows; only the counting is windowed.
 *
 * Inside a window, two more kinds of marker (vexcache/guest.h) split it
 * without printing anything until the window closes; a program that never
 * executes them gets exactly the output above:
 *   - `slti zero, zero, 3` / `slti zero, zero, 4`: an inner pair, around the
 *     ownership table's own calls.  The stop line then also carries
 *     `table_insns=N table_cycles=N` (the inner pairs' sums, same formula).
 *   - `slti zero, zero, 16+K` (K 0..31): from here on the window's counts
 *     belong to event kind K (one event each time the marker runs).  When the
 *     window closes, one more line per kind seen follows the stop line:
 *       vexcache-ev: window=W kind=K events=N insns=N cycles=N table_insns=N
 *           table_cycles=N dtlb_misses=N tlb_flushes=N stores=N
 *     (one line); what ran before the window's first kind marker is kind 0.  The markers
 * themselves (their execution and their fetch) are outside every window.
 * A stop without a start reports everything since the previous stop (or
 * since QEMU started).  cycles: the formula in model.h.
 *
 * How it stays fast (the whole RV32 benchmark runs under it, twice):
 *   - instructions are counted by an inline add, no call;
 *   - the I-cache sees one call per run of consecutive instructions of a block
 *     within one 32-byte line (the rest of the run is a hit by construction:
 *     nothing but fetches touches the I-cache and its TLB), the line number
 *     passed as the callback's user data;
 *   - one memory callback per access (loads and stores: separate callbacks
 *     filtered by QEMU_PLUGIN_MEM_R / _W misfired under QEMU 7.2 here, a load
 *     reaching the store callback, so the callback asks qemu_plugin_mem_is_store);
 *     an address at or above 0x80000000 is QEMU virt's DRAM and goes straight
 *     to the model; below it, QEMU is asked whether it is a device
 *     (qemu_plugin_get_hwaddr + qemu_plugin_hwaddr_is_io).
 * Markers are recognised at translation time from the instruction's bytes.
 * One vCPU only (with -icount QEMU runs the guest on one thread anyway).
 */
#include "model.h"
#include "qemu_plugin_api.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

VC_QEMU_EXPORT int qemu_plugin_version = VC_QEMU_PLUGIN_VERSION;

#define MARK_START 0x00102013u   /* slti x0, x0, 1 */
#define MARK_STOP  0x00202013u   /* slti x0, x0, 2 */
#define MARK_TABLE_START 0x00302013u   /* slti x0, x0, 3 */
#define MARK_TABLE_STOP  0x00402013u   /* slti x0, x0, 4 */
#define MARK_KIND_MASK 0x000fffffu     /* slti x0, x0, IMM: IMM in bits 31:20 */
#define MARK_KIND_BASE 16u
#define KINDS 32u
/* sfence.vma rs1, rs2: funct7 0001001, funct3 0, rd 0, opcode SYSTEM */
#define SFENCE_VMA_MASK 0xfe007fffu
#define SFENCE_VMA 0x12000073u
#define VIRT_DRAM_BASE 0x80000000u
#define TB_MAX_INSNS 512u   /* TCG_MAX_INSNS: QEMU never translates longer blocks */   /* QEMU virt memory map: DRAM from here up */

static vc_model model;
static vc_counts window_start;
static int window_open;
static uint64_t windows;

/* The inner split of the open window: per event kind, the whole counts and
 * the table's (inner pairs) counts; events per kind. */
static vc_counts kind_whole[KINDS], kind_table[KINDS], table_start, kind_start;
static uint64_t kind_events[KINDS];
static uint32_t cur_kind;
static int table_open, saw_table, saw_kind;

static void counts_add(vc_counts *s, const vc_counts *d)
{
    uint64_t *ps = (uint64_t *)s;            /* every field is a uint64_t counter */
    const uint64_t *pd = (const uint64_t *)d;
    for (size_t i = 0; i < sizeof *s / sizeof(uint64_t); i++)
        ps[i] += pd[i];
}

static void split_reset(void)
{
    memset(kind_whole, 0, sizeof kind_whole);
    memset(kind_table, 0, sizeof kind_table);
    memset(kind_events, 0, sizeof kind_events);
    cur_kind = 0;
    table_open = saw_table = saw_kind = 0;
    kind_start = model.c;
}

/* The counts since the last kind switch go to the current kind. */
static void kind_fold(void)
{
    vc_counts d = vc_counts_sub(&model.c, &kind_start);
    counts_add(&kind_whole[cur_kind], &d);
    kind_start = model.c;
}

static void on_fetch(unsigned int vcpu, void *udata)
{
    (void)vcpu;
    vc_fetch_line(&model, (uint32_t)(uintptr_t)udata);
}

static void on_mem(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
    (void)vcpu, (void)udata;
    if (vaddr < VIRT_DRAM_BASE && qemu_plugin_hwaddr_is_io(qemu_plugin_get_hwaddr(info, vaddr)))
        vc_io(&model, (uint32_t)vaddr);
    else if (qemu_plugin_mem_is_store(info))
        vc_store(&model, (uint32_t)vaddr);
    else
        vc_load(&model, (uint32_t)vaddr);
}

static void report(void)
{
    vc_counts d = vc_counts_sub(&model.c, &window_start);
    char line[1024];
    windows++;
    int len = snprintf(line, sizeof line,
             "vexcache: insns=%" PRIu64 " icache_misses=%" PRIu64 " dcache_misses=%" PRIu64
             " l2_misses=%" PRIu64 " cycles=%" PRIu64 " dtlb_misses=%" PRIu64
             " itlb_misses=%" PRIu64 " loads=%" PRIu64 " stores=%" PRIu64
             " store_misses=%" PRIu64 " io=%" PRIu64 " l2_writebacks=%" PRIu64
             " tlb_flushes=%" PRIu64 " walk_levels=%" PRIu64 " pte_misses=%" PRIu64 " bus_wait_cycles=%" PRIu64
             " l2_store_misses=%" PRIu64 " l2_store_writebacks=%" PRIu64 " br_taken_back=%" PRIu64 " br_taken_fwd=%" PRIu64
             " br_nt_back=%" PRIu64 " br_nt_fwd=%" PRIu64 " jal=%" PRIu64 " jalr=%" PRIu64
             " load_use1=%" PRIu64 " load_use2=%" PRIu64 " div=%" PRIu64 " mul_use=%" PRIu64
             " shift_use=%" PRIu64
             " target_unaligned=%" PRIu64 " jump_hazard=%" PRIu64 " window=%" PRIu64 "\n",
             d.insns, d.icache_misses, d.dcache_misses, d.l2_misses, vc_cycles(model.b, &d),
             d.dtlb_misses, d.itlb_misses, d.loads, d.stores, d.store_misses, d.io,
             d.l2_writebacks, d.tlb_flushes, d.walk_levels, d.pte_misses, d.bus_wait_cycles, d.l2_store_misses, d.l2_store_writebacks,
             d.br_taken_back, d.br_taken_fwd, d.br_nt_back, d.br_nt_fwd, d.jal, d.jalr,
             d.load_use1, d.load_use2, d.div, d.mul_use, d.shift_use,
             d.target_unaligned, d.jump_hazard, windows);
    if (saw_table && len > 0 && (size_t)len < sizeof line) {
        vc_counts t;
        memset(&t, 0, sizeof t);
        for (uint32_t k = 0; k < KINDS; k++)
            counts_add(&t, &kind_table[k]);
        snprintf(line + len - 1, sizeof line - (size_t)len + 1,
                 " table_insns=%" PRIu64 " table_cycles=%" PRIu64 "\n", t.insns,
                 vc_cycles(model.b, &t));
    }
    qemu_plugin_outs(line);
    if (!saw_kind)
        return;
    for (uint32_t k = 0; k < KINDS; k++) {
        const vc_counts *w = &kind_whole[k], *t = &kind_table[k];
        if (kind_events[k] == 0 && w->insns == 0)
            continue;
        snprintf(line, sizeof line,
                 "vexcache-ev: window=%" PRIu64 " kind=%u events=%" PRIu64 " insns=%" PRIu64
                 " cycles=%" PRIu64 " table_insns=%" PRIu64 " table_cycles=%" PRIu64
                 " dtlb_misses=%" PRIu64 " tlb_flushes=%" PRIu64 " stores=%" PRIu64 "\n",
                 windows, (unsigned)k, kind_events[k], w->insns, vc_cycles(model.b, w), t->insns,
                 vc_cycles(model.b, t), w->dtlb_misses, w->tlb_flushes, w->stores);
        qemu_plugin_outs(line);
    }
}

static void on_marker(unsigned int vcpu, void *udata)
{
    (void)vcpu;
    if ((uintptr_t)udata == 1) {
        window_start = model.c;
        window_open = 1;
        split_reset();
    } else {
        if (table_open) {   /* a stop inside an inner pair closes it */
            vc_counts d = vc_counts_sub(&model.c, &table_start);
            counts_add(&kind_table[cur_kind], &d);
            table_open = 0;
        }
        kind_fold();
        report();
        window_start = model.c;
        window_open = 0;
    }
}

/* The inner markers: udata 3 / 4 the table pair, 16+K a kind switch. */
static void on_inner(unsigned int vcpu, void *udata)
{
    (void)vcpu;
    uintptr_t m = (uintptr_t)udata;
    if (m == 3) {
        table_start = model.c;
        table_open = 1;
    } else if (m == 4) {
        if (table_open) {
            vc_counts d = vc_counts_sub(&model.c, &table_start);
            counts_add(&kind_table[cur_kind], &d);
        }
        table_open = 0;
        saw_table = 1;
    } else {
        if (table_open) {   /* a kind switch inside a pair: split the pair */
            vc_counts d = vc_counts_sub(&model.c, &table_start);
            counts_add(&kind_table[cur_kind], &d);
            table_start = model.c;
        }
        kind_fold();
        cur_kind = (uint32_t)(m - MARK_KIND_BASE);
        kind_events[cur_kind]++;
        saw_kind = 1;
    }
}

static void on_sfence(unsigned int vcpu, void *udata)
{
    (void)vcpu, (void)udata;
    vc_tlb_flush(&model);
}

/* The testbench's stand-ins (rtl/tb.cpp's header).  On the RTL, the harness's
 * semihosting calls and rdinstret/rdinstreth reads are uncached loads from the
 * top 4 KiB (0xFFFFFFF0/F4/F8), and in S-mode such a load goes through the D-TLB:
 * it walks the megapage there and takes an entry, and the walk reads its PTE
 * through the D-cache.  None falls inside a window, but the entry it takes is one
 * a window's first accesses would have found: with a 4-entry FIFO TLB one such
 * insert can move a replay loop from one steady cycle of misses to another
 * (Precursor's batched no-op boot: 4715 walks on the RTL, 2406 here without
 * this).  So the model makes the same access, at the same point of the
 * program: both then run one program.  QEMU itself serves these calls in one
 * trap, which touches nothing. */
#define MAGIC_SEMI 0xFFFFFFF0u
#define MAGIC_INSTRET 0xFFFFFFF4u
#define EBREAK 0x00100073u
#define SEMI_PRE 0x01f01013u            /* slli x0, x0, 0x1f: picolibc's semihosting entry */
#define CSR_READ_MASK 0xFFFFF07Fu       /* csrrs rd, CSR, x0: any rd */
#define RDINSTRET 0xC0202073u
#define RDINSTRETH 0xC8202073u

static void on_magic(unsigned int vcpu, void *udata)
{
    (void)vcpu;
    vc_io(&model, (uint32_t)(uintptr_t)udata);
}

static uint32_t insn_word(const struct qemu_plugin_insn *insn)
{
    uint32_t w = 0;
    if (qemu_plugin_insn_size(insn) != 4)
        return 0;
    memcpy(&w, qemu_plugin_insn_data(insn), 4);   /* RISC-V is little-endian, as is the host */
    return w;
}

/* What the pipeline terms of the model need to know of one instruction
 * (RV32IMC; the lab builds with -march=rv32imac, so half of them are
 * compressed): its kind, the register a load or multiply writes, the
 * registers it reads, and a branch's direction. */
enum { K_OTHER, K_LOAD, K_BRANCH, K_JAL, K_JALR, K_DIV, K_MUL, K_SHIFT };
typedef struct insn_info {
    uint32_t reads;   /* bit r: reads x r (x0 never) */
    uint8_t kind, rd, back;
} insn_info;

static insn_info decode32(uint32_t w)
{
    insn_info d = {0, K_OTHER, 0, 0};
    uint32_t rd = (w >> 7) & 31, rs1 = (w >> 15) & 31, rs2 = (w >> 20) & 31, f3 = (w >> 12) & 7;
    uint32_t r1 = 1u << rs1, r12 = r1 | 1u << rs2;
    switch (w & 0x7f) {
    case 0x03: d.kind = K_LOAD; d.rd = (uint8_t)rd; d.reads = r1; break;
    case 0x23: d.reads = r12; break;
    case 0x63: d.kind = K_BRANCH; d.reads = r12; d.back = (uint8_t)(w >> 31); break;
    case 0x6f: d.kind = K_JAL; break;
    case 0x67: d.kind = K_JALR; d.reads = r1; break;
    case 0x33:
        d.reads = r12;
        if ((w >> 25) == 1) {
            d.kind = f3 >= 4 ? K_DIV : K_MUL;
            d.rd = (uint8_t)rd;
        } else if (f3 == 1 || f3 == 5) {                                  /* sll, srl, sra */
            d.kind = K_SHIFT;
            d.rd = (uint8_t)rd;
        }
        break;
    case 0x13:
        d.reads = r1;
        if (f3 == 1 || f3 == 5) {                                         /* slli, srli, srai */
            d.kind = K_SHIFT;
            d.rd = (uint8_t)rd;
        }
        break;
    case 0x2f: d.reads = r12; break;
    case 0x73: d.reads = (f3 >= 1 && f3 <= 3) ? r1 : 0; break;
    default: break;
    }
    d.reads &= ~1u;
    return d;
}

static insn_info decode16(uint32_t w)
{
    insn_info d = {0, K_OTHER, 0, 0};
    uint32_t f3 = (w >> 13) & 7, r = (w >> 7) & 31, r2 = (w >> 2) & 31;
    uint32_t rp1 = 8 + ((w >> 7) & 7), rp2 = 8 + ((w >> 2) & 7);   /* x8..x15 */
    switch (w & 3) {
    case 0:
        if (f3 == 0) d.reads = 1u << 2;                                   /* c.addi4spn */
        else if (f3 == 2) { d.kind = K_LOAD; d.rd = (uint8_t)rp2; d.reads = 1u << rp1; }   /* c.lw */
        else if (f3 == 6) d.reads = 1u << rp1 | 1u << rp2;                /* c.sw */
        break;
    case 1:
        if (f3 == 0) d.reads = 1u << r;                                   /* c.addi */
        else if (f3 == 1 || f3 == 5) d.kind = K_JAL;                      /* c.jal, c.j */
        else if (f3 == 3 && r == 2) d.reads = 1u << 2;                    /* c.addi16sp */
        else if (f3 == 4) {
            d.reads = 1u << rp1 | (((w >> 10) & 3) == 3 ? 1u << rp2 : 0);
            if (((w >> 10) & 3) < 2) { d.kind = K_SHIFT; d.rd = (uint8_t)rp1; }   /* c.srli, c.srai */
        }
        else if (f3 >= 6) { d.kind = K_BRANCH; d.reads = 1u << rp1; d.back = (uint8_t)((w >> 12) & 1); }
        break;
    case 2:
        if (f3 == 0) { d.kind = K_SHIFT; d.rd = (uint8_t)r; d.reads = 1u << r; }   /* c.slli */
        else if (f3 == 2) { d.kind = K_LOAD; d.rd = (uint8_t)r; d.reads = 1u << 2; }   /* c.lwsp */
        else if (f3 == 4) {
            if (r2 == 0 && r != 0) { d.kind = K_JALR; d.reads = 1u << r; }   /* c.jr, c.jalr */
            else if (((w >> 12) & 1) == 0) d.reads = 1u << r2;            /* c.mv */
            else d.reads = 1u << r | 1u << r2;                            /* c.add (c.ebreak: x0) */
        } else if (f3 == 6) d.reads = 1u << 2 | 1u << r2;                 /* c.swsp */
        break;
    default: break;
    }
    d.reads &= ~1u;
    return d;
}

/* A conditional branch ends QEMU's translation block, so whether it was
 * taken shows in where the next block starts.  Each block's callback gets,
 * packed in its user data, its start address (bits 63:32), the fall-through
 * of the branch or jump it ends in as an offset (31:4), whether that is a
 * jalr (3), whether its first instruction is a 32-bit one (2), and how it
 * ends (1:0, TB_*). */
#define TB_NONE 0u
#define TB_BACK 1u
#define TB_FWD 2u
#define TB_JUMP 3u   /* ends in jal or jalr: always taken */
#define TB_JALR 8u
static uint32_t prev_kind, prev_fall, prev_jalr;

/* Blocks that start with a hazard pair: a shift or a load, then an instruction
 * reading its result.  When a jump that resolves in the memory stage (a jalr,
 * a forward branch taken against the static prediction) has such a pair right
 * behind it in memory, the pair is in execute and decode as the jump resolves,
 * the read stalls decode, and the refetch from the target waits for it: one
 * cycle more (jump_hazard; tests/rtl/pipeline.c call_sh_use).  The fall-through
 * of a call is its return point, so the pair is known once that block has been
 * translated: a direct-mapped table of block starts, filled at translation. */
#define HAZARD_SLOTS 4096u
static uint32_t hazard_start[HAZARD_SLOTS];   /* a block's start address + 1 (0: empty) */
static uint8_t hazard_pair[HAZARD_SLOTS];
static void hazard_note(uint32_t start, int pair)
{
    uint32_t k = (start >> 1) & (HAZARD_SLOTS - 1);
    hazard_start[k] = start + 1;
    hazard_pair[k] = (uint8_t)pair;
}
static int hazard_at(uint32_t start)
{
    uint32_t k = (start >> 1) & (HAZARD_SLOTS - 1);
    return hazard_start[k] == start + 1 && hazard_pair[k];
}

static void on_tb(unsigned int vcpu, void *udata)
{
    (void)vcpu;
    uint64_t u = (uint64_t)(uintptr_t)udata;
    uint32_t start = (uint32_t)(u >> 32);
    if (prev_kind != TB_NONE) {
        int taken = start != prev_fall;
        if (taken && (u & 4u) && (start & 2u))   /* a 32-bit instruction at 2 mod 4 */
            model.c.target_unaligned++;
        if (taken && (prev_jalr || prev_kind == TB_FWD) && hazard_at(prev_fall))
            model.c.jump_hazard++;
        if (prev_kind == TB_JUMP)
            ;   /* counted by jal/jalr themselves */
        else if (prev_kind == TB_BACK)
            (*(taken ? &model.c.br_taken_back : &model.c.br_nt_back))++;
        else
            (*(taken ? &model.c.br_taken_fwd : &model.c.br_nt_fwd))++;
    }
    prev_kind = (uint32_t)u & 3u;
    prev_jalr = ((uint32_t)u & TB_JALR) != 0;
    prev_fall = start + (((uint32_t)u) >> 4);
}

static void fetch_cb(struct qemu_plugin_insn *insn, uint32_t line)
{
    qemu_plugin_register_vcpu_insn_exec_cb(insn, on_fetch, QEMU_PLUGIN_CB_NO_REGS,
                                           (void *)(uintptr_t)line);
}

/* The pipeline events of instruction i, as inline adds (model.h's terms). */
static void pipeline_counts(struct qemu_plugin_insn *insn, const insn_info *info, size_t i, size_t n)
{
    uint64_t *ctr = NULL;
    const insn_info *d = &info[i];
    switch (d->kind) {
    case K_LOAD:
        if (d->rd != 0 && i + 1 < n && (info[i + 1].reads >> d->rd & 1))
            ctr = &model.c.load_use1;
        else if (d->rd != 0 && i + 2 < n && (info[i + 2].reads >> d->rd & 1))
            ctr = &model.c.load_use2;
        break;
    case K_MUL:
        if (d->rd != 0 && i + 1 < n && (info[i + 1].reads >> d->rd & 1))
            ctr = &model.c.mul_use;
        break;
    case K_SHIFT:
        if (d->rd != 0 && i + 1 < n && (info[i + 1].reads >> d->rd & 1))
            ctr = &model.c.shift_use;
        break;
    case K_DIV: ctr = &model.c.div; break;
    case K_JAL: ctr = &model.c.jal; break;
    case K_JALR: ctr = &model.c.jalr; break;
    default: break;
    }
    if (ctr)
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, ctr, 1);
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    uint32_t cur = VC_INVALID;   /* the line the current run of instructions is in */
    static insn_info info[TB_MAX_INSNS];
    size_t ni = n < TB_MAX_INSNS ? n : TB_MAX_INSNS;
    uint64_t tb_start = qemu_plugin_tb_vaddr(tb), tb_kind = TB_NONE, tb_fall = 0;
    uint64_t first32 = n > 0 && qemu_plugin_insn_size(qemu_plugin_tb_get_insn(tb, 0)) == 4;
    for (size_t i = 0; i < ni; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        size_t sz = qemu_plugin_insn_size(insn);
        uint32_t w = 0;
        memcpy(&w, qemu_plugin_insn_data(insn), sz < 4 ? sz : 4);
        info[i] = sz == 2 ? decode16(w & 0xffffu) : decode32(w);
    }
    if (n > 0 && n <= TB_MAX_INSNS &&
        (info[n - 1].kind == K_BRANCH || info[n - 1].kind == K_JAL || info[n - 1].kind == K_JALR)) {
        struct qemu_plugin_insn *last = qemu_plugin_tb_get_insn(tb, n - 1);
        tb_kind = info[n - 1].kind != K_BRANCH ? TB_JUMP : info[n - 1].back ? TB_BACK : TB_FWD;
        if (info[n - 1].kind == K_JALR)
            tb_kind |= TB_JALR;
        tb_fall = qemu_plugin_insn_vaddr(last) + qemu_plugin_insn_size(last) - tb_start;
    }
    qemu_plugin_register_vcpu_tb_exec_cb(tb, on_tb, QEMU_PLUGIN_CB_NO_REGS,
                                         (void *)(uintptr_t)(tb_start << 32 | tb_fall << 4 | first32 << 2 |
                                                             tb_kind));
    hazard_note((uint32_t)tb_start,
                ni >= 2 && (info[0].kind == K_SHIFT || info[0].kind == K_LOAD) && info[0].rd != 0 &&
                    (info[1].reads >> info[0].rd & 1));
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint32_t va = (uint32_t)qemu_plugin_insn_vaddr(insn);
        uint32_t first = va >> VC_LINE_SHIFT;
        uint32_t last = (uint32_t)(va + qemu_plugin_insn_size(insn) - 1) >> VC_LINE_SHIFT;
        uint32_t w = insn_word(insn);
        if (w == MARK_START || w == MARK_STOP) {
            /* The marker's own fetch falls outside the window: after the
             * snapshot for a stop, before it for a start.  The next
             * instruction starts a new run. */
            uintptr_t kind = w == MARK_START ? 1 : 2;
            if (kind == 2)
                qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker, QEMU_PLUGIN_CB_NO_REGS,
                                                       (void *)kind);
            fetch_cb(insn, first);
            if (kind == 1)
                qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker, QEMU_PLUGIN_CB_NO_REGS,
                                                       (void *)kind);
            cur = VC_INVALID;
            continue;
        }
        if ((w & MARK_KIND_MASK) == 0x2013u) {
            uint32_t imm = w >> 20;
            if (imm == 3 || imm == 4 || (imm >= MARK_KIND_BASE && imm < MARK_KIND_BASE + KINDS)) {
                /* outside every count, like the window markers: the
                 * callback runs before the marker's own fetch is counted
                 * (there is none: the next instruction starts a new run) */
                qemu_plugin_register_vcpu_insn_exec_cb(insn, on_inner, QEMU_PLUGIN_CB_NO_REGS,
                                                       (void *)(uintptr_t)imm);
                cur = VC_INVALID;
                continue;
            }
        }
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                   &model.c.insns, 1);
        if (first != cur)
            fetch_cb(insn, first);
        if (last != first)
            fetch_cb(insn, last);   /* a 4-byte instruction across two lines */
        cur = last;
        qemu_plugin_register_vcpu_mem_cb(insn, on_mem, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW, NULL);
        if (i < ni)
            pipeline_counts(insn, info, i, ni);
        if ((w & SFENCE_VMA_MASK) == SFENCE_VMA)
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_sfence, QEMU_PLUGIN_CB_NO_REGS, NULL);
        if ((w == EBREAK && (i == 0 || insn_word(qemu_plugin_tb_get_insn(tb, i - 1)) == SEMI_PRE)) ||
            (w & CSR_READ_MASK) == RDINSTRET || (w & CSR_READ_MASK) == RDINSTRETH)
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_magic, QEMU_PLUGIN_CB_NO_REGS,
                                                   (void *)(uintptr_t)(w == EBREAK ? MAGIC_SEMI : MAGIC_INSTRET));
    }
}

static void on_exit(qemu_plugin_id_t id, void *udata)
{
    (void)id, (void)udata;
    if (window_open)
        qemu_plugin_outs("vexcache: warning: a window was started and never stopped\n");
    vc_model_free(&model);
}

static int refuse(const char *why, const char *arg)
{
    fprintf(stderr, "vexcache: %s%s%s; usage: -plugin vexcache.so,board=%s[,superpages=LO:HI]\n", why,
            arg ? ": " : "", arg ? arg : "", vc_board_names());
    return -1;
}

VC_QEMU_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                       int argc, char **argv)
{
    const vc_board *board = NULL;
    uint32_t super_lo = 0, super_hi = 0;
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "superpages=", 11) == 0) {
            /* superpages=LO:HI, hex, 4 MiB aligned: the guest maps [LO, HI) by megapages */
            char *end;
            unsigned long lo = strtoul(argv[i] + 11, &end, 16), hi = 0;
            if (*end == ':')
                hi = strtoul(end + 1, &end, 16);
            if (*end != '\0' || hi <= lo || hi > 0x100000000ul || (lo | hi) & 0x3FFFFFul)
                return refuse("superpages=LO:HI wants hex, 4 MiB aligned, LO < HI", argv[i]);
            super_lo = (uint32_t)lo;
            super_hi = (uint32_t)(hi - 1u) + 1u;
            continue;
        }
        if (strncmp(argv[i], "board=", 6) != 0)
            return refuse("unknown argument", argv[i]);
        board = vc_board_find(argv[i] + 6);
        if (!board)
            return refuse("unknown board", argv[i] + 6);
    }
    if (!board)
        return refuse("no board given", NULL);
    if (!info->system_emulation)
        return refuse("needs system emulation (qemu-system-riscv32)", NULL);
    if (strcmp(info->target_name, "riscv32") != 0)
        return refuse("models an RV32 guest, not", info->target_name);
    if (info->system.smp_vcpus != 1)
        return refuse("models one vCPU; run without -smp", NULL);
    if (vc_model_init(&model, board) != 0)
        return refuse("cannot set the model up (out of memory or a bad board table)", NULL);
    model.super_lo = super_lo;
    model.super_hi = super_hi;
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_exit, NULL);
    return 0;
}
