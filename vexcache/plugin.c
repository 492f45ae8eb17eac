/* plugin.c - vexcache, QEMU's side: a TCG plugin (QEMU 7.2, plugin API v1)
 * that runs the guest's instruction fetches and data accesses through the
 * VexRiscv cache model of model.h and prints, per measured window, one line.
 *
 *   qemu-system-riscv32 ... -icount shift=0 -d plugin \
 *       -plugin build/rv32/vexcache.so,board=precursor|bao1x
 *
 * The guest marks windows with HINTs the RISC-V spec leaves for custom use:
 * `slti zero, zero, 1` starts counting, `slti zero, zero, 2` stops it and
 * prints exactly one line on QEMU's log (stderr with -d plugin):
 *
 *   vexcache: insns=N icache_misses=N dcache_misses=N l2_misses=N cycles=N \
 *       dtlb_misses=N itlb_misses=N loads=N stores=N store_misses=N io=N \
 *       l2_writebacks=N window=K
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
#define VIRT_DRAM_BASE 0x80000000u   /* QEMU virt memory map: DRAM from here up */

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
    s->insns += d->insns;
    s->fetches += d->fetches;
    s->icache_misses += d->icache_misses;
    s->loads += d->loads;
    s->dcache_misses += d->dcache_misses;
    s->stores += d->stores;
    s->store_misses += d->store_misses;
    s->l2_misses += d->l2_misses;
    s->l2_writebacks += d->l2_writebacks;
    s->io += d->io;
    s->itlb_misses += d->itlb_misses;
    s->dtlb_misses += d->dtlb_misses;
    s->tlb_flushes += d->tlb_flushes;
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
    char line[640];
    windows++;
    int len = snprintf(line, sizeof line,
             "vexcache: insns=%" PRIu64 " icache_misses=%" PRIu64 " dcache_misses=%" PRIu64
             " l2_misses=%" PRIu64 " cycles=%" PRIu64 " dtlb_misses=%" PRIu64
             " itlb_misses=%" PRIu64 " loads=%" PRIu64 " stores=%" PRIu64
             " store_misses=%" PRIu64 " io=%" PRIu64 " l2_writebacks=%" PRIu64
             " tlb_flushes=%" PRIu64 " window=%" PRIu64 "\n",
             d.insns, d.icache_misses, d.dcache_misses, d.l2_misses, vc_cycles(model.b, &d),
             d.dtlb_misses, d.itlb_misses, d.loads, d.stores, d.store_misses, d.io,
             d.l2_writebacks, d.tlb_flushes, windows);
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

static uint32_t insn_word(const struct qemu_plugin_insn *insn)
{
    uint32_t w = 0;
    if (qemu_plugin_insn_size(insn) != 4)
        return 0;
    memcpy(&w, qemu_plugin_insn_data(insn), 4);   /* RISC-V is little-endian, as is the host */
    return w;
}

static void fetch_cb(struct qemu_plugin_insn *insn, uint32_t line)
{
    qemu_plugin_register_vcpu_insn_exec_cb(insn, on_fetch, QEMU_PLUGIN_CB_NO_REGS,
                                           (void *)(uintptr_t)line);
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    uint32_t cur = VC_INVALID;   /* the line the current run of instructions is in */
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
        if ((w & SFENCE_VMA_MASK) == SFENCE_VMA)
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_sfence, QEMU_PLUGIN_CB_NO_REGS, NULL);
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
    fprintf(stderr, "vexcache: %s%s%s; usage: -plugin vexcache.so,board=%s\n", why,
            arg ? ": " : "", arg ? arg : "", vc_board_names());
    return -1;
}

VC_QEMU_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                       int argc, char **argv)
{
    const vc_board *board = NULL;
    for (int i = 0; i < argc; i++) {
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
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_exit, NULL);
    return 0;
}
