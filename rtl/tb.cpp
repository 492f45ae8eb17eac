// tb.cpp - the thin testbench around a board's VexRiscv RTL (Verilator):
// loads an RV32 ELF built for QEMU's virt layout (RAM at 0x80000000, -m 128M),
// serves the CPU's buses with the memory beyond the CPU modelled (rtl/mem.h:
// each latency sourced or ASSUMED), serves picolibc's semihosting and the
// instret CSRs, and prints per measured window (the HINT markers of
// vexcache/guest.h, seen as they retire)
//   rtl: window=K insns=N cycles=N irefills=N drefills=N dreads_io=N stores=N walks=N walk_cycles=N
// (irefills/drefills: I$/D$ line refills seen on the bus; dreads_io: single uncached
// reads; stores: bus writes; walks: page walks begun by the MmuPlugin, walk_cycles:
// cycles it spent walking; l2_misses/l2_writebacks: Precursor's L2, modelled here).
// insns counts as QEMU's -icount does: an instruction that traps (ecall) counts,
// though it never retires on the CPU (traps=N says how many, when any), and
// vexcache/guest.h's inner markers do not; between them, the table's own
// calls are summed into table_insns=N table_cycles=N (only when the window had any).
// What the image needs and how it is served (rtl/rtl.mk's header says why):
//  - semihosting: picolibc's `slli x0,x0,0x1f; ebreak; srai x0,x0,7`.  At load the
//    ebreak is replaced by `lw a0, -16(x0)`: an uncached load from 0xFFFFFFF0 that
//    the testbench answers, once every older instruction has retired, with the
//    call's result (a0 = op, a1 = args read from the register file).
//  - rdinstret/rdinstreth (csrrs rd, instret[h], x0): replaced at load by
//    `lw rd, -12(x0)` / `lw rd, -8(x0)`, answered with the testbench's count of
//    retired instructions (instructions retired before it, as QEMU's -icount
//    instret, less QEMU's reset-ROM prologue).  Precursor maps no counter CSR
//    (linuxMinimal); bao1x does, but both are served alike so that one ELF
//    behaves the same on both.  Neither is inside a measured window.
// Board: -DBOARD_PRECURSOR (top VexRiscv, Wishbone) or -DBOARD_BAO1X (top
// VexRiscvAxi4, AXI4).  Usage: vexsim-BOARD [-q] [-s] [-m MAXCYCLES] ELF
// (-q: no summary on stderr; -s: S-mode with Sv32, see sv32_setup; -m: stop after N cycles)
//
// Stall classification (issue #19, "Beyond"): each window's line ends with
//   st_retire=N st_iref=N st_dref=N st_store=N st_io=N st_walk=N st_hazard=N
//   st_branch=N st_muldiv=N st_csr=N st_other=N
// which sum to its cycles (checked: a run whose sum differs stops, exit status 6).
// A window's cycles run from its start marker's retirement (excluded) to its stop
// marker's (included), so st_retire = insns + 1 (insns excludes both markers).
// Every cycle either retires an instruction in writeBack (st_retire) or loses it,
// and a lost cycle is charged to the reason the bubble (or the stuck instruction)
// in writeBack has: a bubble carries, down the pipeline, the cause it was created
// with (the testbench keeps a tag per stage), read from the core's own signals
// (rtl/BOARD.vlt) at the cycle and stage where it appeared:
//   - an instruction a stage flushed (arbitration_removeIt): the flush's source,
//     D-cache redo (DBusCachedPlugin_redoBranch_valid: a D$ miss replays the load;
//     walk if the MMU was refilling) > I-cache refetch (IBusCachedPlugin_rsp_redoFetch:
//     iref) > jump (BranchPlugin_jumpInterface_valid, or decode's static prediction
//     IBusCachedPlugin_predictionJumpInterface_valid: branch) > anything else (traps,
//     xret, fences, CSR side effects: csr);
//   - a stage that halted itself (arbitration_isStuck while the next one is not):
//     decode: HazardSimplePlugin's RAW hazard (load-use, or a result not yet
//     bypassable: hazard), else csr (xret/interrupt/CSR rescheduling); execute: D$ busy
//     refilling (DataCache loader_valid: dref), else csr (CSR side effects, fences);
//     memory: the iterative divider/multiplier (muldiv); writeBack: the D-cache holding
//     it: an uncached/IO access (stageB_mmuRsp_isIoAccess: io) > a store waiting for
//     the bus (stageB_request_wr: store) > a load (dref);
//   - decode receiving nothing from fetch: an I$ refill (InstructionCache
//     lineLoader_valid), and the refetch after it, until an instruction reaches
//     decode again: iref; else the last flush, until fetch delivers again (its source
//     as above: e.g. the restart after a taken branch is branch); else other (fetch
//     gaps with no cause seen);
//   and before all of these, whenever the MMU's walker is busy (MmuPlugin shared
//   state not IDLE): walk.  This fixed priority charges overlapping stalls (e.g. an
//   I$ refill during a D$ refill) to one cause.  What lies beyond the CPU (the
//   latency of a refill or a store) is the testbench's model, rtl/mem.h.
#include <elf.h>
#include <unistd.h>
#include <libgen.h>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "Vcpu.h"
#include "Vcpu___024root.h"
#define S(x) x
#include "verilated.h"
#include "mem.h"

// The signals read (public by rtl/BOARD.vlt) live in the CPU's own module.
#if defined(BOARD_PRECURSOR)
#include "Vcpu_VexRiscv.h"
#define CPU (top->rootp->VexRiscv)
#define MMU_STATE MmuPlugin_shared_state_1_
#define ICACHE(x) IBusCachedPlugin_cache__DOT__##x
#define DCACHE(x) dataCache_1___DOT__##x
#define HAZARD() (CPU->_zz_216_ | CPU->_zz_217_)   // HazardSimplePlugin src0/src1 hazard
static const char *BOARD = "precursor";
#elif defined(BOARD_BAO1X)
#include "Vcpu_VexRiscvAxi4.h"
#define CPU (top->rootp->VexRiscvAxi4)
#define MMU_STATE MmuPlugin_shared_state_1
#define ICACHE(x) IBusCachedPlugin_cache__DOT__##x
#define DCACHE(x) dataCache_1__DOT__##x
#define HAZARD() (CPU->when_HazardSimplePlugin_l113)
static const char *BOARD = "bao1x";
#else
#error "BOARD_PRECURSOR or BOARD_BAO1X"
#endif

static const uint32_t MARK_START = 0x00102013u;  // slti x0, x0, 1  (vexcache/guest.h)
static const uint32_t MARK_STOP = 0x00202013u;   // slti x0, x0, 2
// Inside a window, vexcache/guest.h's inner markers: slti x0, x0, 3 / 4 bracket
// the ownership table's own calls (summed into table_insns/table_cycles, as the
// plugin sums them), slti x0, x0, 16..47 say which event kind follows.  Like the
// plugin, a window's insns leave them out; instret (rdinstret) counts them, as
// QEMU's does.  Programs without them print the window line unchanged.
static int inner_marker(uint32_t in)
{
    if ((in & 0xfffffu) != 0x02013u) return 0;  // slti x0, x0, imm
    uint32_t imm = in >> 20;
    return imm == 3u || imm == 4u || (imm >= 16u && imm < 48u) ? (int)imm : 0;
}
static const uint32_t MAGIC_SEMI = 0xFFFFFFF0u, MAGIC_INSTRET = 0xFFFFFFF4u,
                      MAGIC_INSTRETH = 0xFFFFFFF8u;
static const int MAGIC_DELAY = 8;   // cycles before a magic read answers: the older
                                    // instructions (at most 4 stages ahead) have retired

static Vcpu *top;
static Mem mem;
static uint64_t cycles, retired;
static int exiting = -1;
static std::string pending_out;

// ---- the stall classification (header): causes, in the order printed
enum Cause { C_RETIRE, C_IREF, C_DREF, C_STORE, C_IO, C_WALK, C_HAZARD, C_BRANCH, C_MULDIV, C_CSR, C_OTHER, N_CAUSES, C_NONE = N_CAUSES };
static const char *const CAUSE_NAME[N_CAUSES] = {"retire", "iref", "dref", "store", "io", "walk", "hazard", "branch", "muldiv", "csr", "other"};

// ---- counters of what the buses saw, and of the stall causes (cumulative; windows take differences)
struct Counts { uint64_t irefills, drefills, dreads_io, stores, walks, walk_cycles, l2_misses, l2_writebacks, retired, cycles,
                traps;
                uint64_t st[N_CAUSES]; };
static Counts cnt;

static uint32_t reg(int i) { return CPU->S(RegFilePlugin_regFile)[i]; }

// ---- semihosting (ARM semihosting numbering, as picolibc and QEMU use it)
static uint32_t semihost(uint32_t op, uint32_t a)
{
    auto arg = [&](int i) { return mem.rd32(a + 4 * i); };
    switch (op) {
    case 0x01: {  // SYS_OPEN: ":tt" is the console; anything else fails
        std::string name = mem.str(arg(0));
        if (name == ":tt") return arg(1) < 4 ? 0 : 1;
        return 0xFFFFFFFFu;
    }
    case 0x02: return 0;                                        // SYS_CLOSE
    case 0x03: putchar(mem.rd8(a)); return 0;                   // SYS_WRITEC
    case 0x04: fputs(mem.str(a).c_str(), stdout); return 0;     // SYS_WRITE0
    case 0x05: {                                                // SYS_WRITE fd,buf,len
        uint32_t fd = arg(0), buf = arg(1), len = arg(2);
        FILE *f = fd == 2 ? stderr : stdout;
        for (uint32_t i = 0; i < len; i++) fputc(mem.rd8(buf + i), f);
        return 0;
    }
    case 0x06: return arg(2);                                   // SYS_READ: nothing read
    case 0x07: return 0xFFFFFFFFu;                              // SYS_READC
    case 0x08: return 0;                                        // SYS_ISERROR
    case 0x09: return 1;                                        // SYS_ISTTY
    case 0x0A: return 0;                                        // SYS_SEEK
    case 0x0C: return 0;                                        // SYS_FLEN
    case 0x10: return (uint32_t)(cycles / 1000000);             // SYS_CLOCK (centiseconds at 100 MHz)
    case 0x11: return (uint32_t)time(nullptr);                  // SYS_TIME
    case 0x13: return 0;                                        // SYS_ERRNO
    case 0x15: mem.wr32(arg(0), 0); mem.wr32(a + 4, 0); return 0;  // SYS_GET_CMDLINE: empty
    case 0x16: { uint32_t p = arg(0); for (int i = 0; i < 4; i++) mem.wr32(p + 4 * i, 0); return 0; }
    case 0x18:  // SYS_EXIT: on 32-bit targets a1 is the reason itself
        exiting = a == 0x20026u ? 0 : 1;
        return 0;
    case 0x20:  // SYS_EXIT_EXTENDED: {reason, code}
        exiting = arg(0) == 0x20026u ? (int)arg(1) : 1;
        return 0;
    default:
        fprintf(stderr, "rtl: unsupported semihosting call 0x%x\n", op);
        exiting = 3;
        return 0xFFFFFFFFu;
    }
}

static uint32_t magic_read(uint32_t addr)
{
    if (addr == MAGIC_SEMI) {
        fflush(stderr);
        uint32_t r = semihost(reg(10), reg(11));
        fflush(stdout);
        return r;
    }
    if (addr == MAGIC_INSTRET) return (uint32_t)retired;
    if (addr == MAGIC_INSTRETH) return (uint32_t)(retired >> 32);
    return 0;
}

// ---- ELF loading and patching
static int load_elf(const char *path, int quiet)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return -1; }
    std::vector<uint8_t> img;
    uint8_t buf[65536]; size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) img.insert(img.end(), buf, buf + n);
    fclose(f);
    if (img.size() < sizeof(Elf32_Ehdr)) { fprintf(stderr, "%s: not an ELF\n", path); return -1; }
    Elf32_Ehdr eh; memcpy(&eh, img.data(), sizeof eh);
    if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_machine != EM_RISCV) {
        fprintf(stderr, "%s: not an RV32 ELF\n", path); return -1;
    }
    unsigned semi = 0, ir = 0;
    for (int i = 0; i < eh.e_phnum; i++) {
        Elf32_Phdr ph; memcpy(&ph, img.data() + eh.e_phoff + i * eh.e_phentsize, sizeof ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
        if (!mem.in_ram(ph.p_paddr) || !mem.in_ram(ph.p_paddr + ph.p_memsz - 1)) {
            fprintf(stderr, "%s: segment at 0x%08x outside RAM\n", path, ph.p_paddr); return -1;
        }
        for (uint32_t k = 0; k < ph.p_filesz; k++) mem.wr8(ph.p_paddr + k, img[ph.p_offset + k]);
        if (!(ph.p_flags & PF_X)) continue;
        // Patch, at every halfword (RVC code): semihosting and instret reads.
        for (uint32_t o = 0; o + 4 <= ph.p_filesz; o += 2) {
            uint32_t p = ph.p_paddr + o, w = mem.rd32u(p);
            if (w == 0x01f01013u && o + 12 <= ph.p_filesz && mem.rd32u(p + 4) == 0x00100073u &&
                mem.rd32u(p + 8) == 0x40705013u) {
                mem.wr32u(p + 4, 0xFF002503u);   // lw a0, -16(x0)
                semi++;
            } else if ((w & 0xFFFFF07Fu) == 0xC0202073u) {   // csrrs rd, instret, x0
                mem.wr32u(p, 0xFF402003u | (w & 0xF80u));    // lw rd, -12(x0)
                ir++;
            } else if ((w & 0xFFFFF07Fu) == 0xC8202073u) {   // csrrs rd, instreth, x0
                mem.wr32u(p, 0xFF802003u | (w & 0xF80u));    // lw rd, -8(x0)
                ir++;
            }
        }
    }
    if (!quiet) fprintf(stderr, "rtl: %s on %s: %u semihosting call site(s), %u instret read(s) served\n",
                        path, BOARD, semi, ir);
    return (int)eh.e_entry;
}

#include "bus.h"   // the board's bus slave: bus_init(), bus_drive(), bus_sample()

// -s: run the ELF in S-mode with Sv32 on, as Xous runs (the CPU's own TLBs and
// page walker then work on every access).  The testbench writes page tables
// identity-mapping QEMU virt's 128 MiB of RAM with 4 KiB pages (as Xous maps
// memory) and every other 4 MiB with a megapage, and a boot stub that sets
// satp, drops to S-mode and mret's to the ELF's entry.  Tables and stub sit in
// RAM's last 256 KiB, which the lab's link map leaves unused (RAM ends at
// 0x84000000 there).  The stub runs before any window.
static const uint32_t SV32_LEAVES = 0x87FC0000u, SV32_STUB = 0x87FFE000u, SV32_ROOT = 0x87FFF000u;
static uint32_t enc_lui(int rd, uint32_t v) { return (v & 0xFFFFF000u) | rd << 7 | 0x37; }
static uint32_t enc_addi(int rd, int rs, uint32_t imm) { return (imm & 0xFFF) << 20 | rs << 15 | rd << 7 | 0x13; }
static uint32_t enc_csr(int f3, uint32_t csr, int rs) { return csr << 20 | rs << 15 | f3 << 12 | 0x73; }
static uint32_t sv32_setup(uint32_t entry)
{
    for (uint32_t i = 0; i < 1024; i++) {
        uint32_t va = i << 22;
        if (mem.in_ram(va)) {
            uint32_t leaf = SV32_LEAVES + ((va - Mem::BASE) >> 22) * 4096;
            mem.wr32(SV32_ROOT + 4 * i, (leaf >> 12) << 10 | 0x1);            /* next level */
            for (uint32_t j = 0; j < 1024; j++)
                mem.wr32(leaf + 4 * j, ((va + j * 4096) >> 12) << 10 | 0xCF);  /* D A X W R V */
        } else {
            mem.wr32(SV32_ROOT + 4 * i, (va >> 12) << 10 | 0xCF);             /* megapage */
        }
    }
    uint32_t code[] = {
        0, 0, enc_csr(1, 0x180, 5),                 // li t0, satp; csrw satp, t0
        0x12000073u,                                // sfence.vma
        0, 0, enc_csr(3, 0x300, 5),                 // li t0, 0x1800; csrc mstatus, t0 (MPP = 0)
        0, 0, enc_csr(2, 0x300, 5),                 // li t0, 0x800;  csrs mstatus, t0 (MPP = S)
        0, 0, enc_csr(1, 0x341, 5),                 // li t0, entry;  csrw mepc, t0
        0x30200073u,                                // mret
    };
    uint32_t vals[4] = {1u << 31 | SV32_ROOT >> 12, 0x1800, 0x800, entry};
    int at[4] = {0, 4, 7, 10};
    for (int k = 0; k < 4; k++) {
        code[at[k]] = enc_lui(5, vals[k] + 0x800);
        code[at[k] + 1] = enc_addi(5, 5, vals[k]);
    }
    for (unsigned k = 0; k < sizeof code / 4; k++) mem.wr32(SV32_STUB + 4 * k, code[k]);
    return SV32_STUB;
}

static void l2_counts()   // the testbench's L2 (Precursor; none on bao1x)
{
#if defined(BOARD_PRECURSOR)
    cnt.l2_misses = l2.misses; cnt.l2_writebacks = l2.writebacks;
#endif
}

static uint32_t cur_insn() { return CPU->S(memory_to_writeBack_INSTRUCTION); }

// One cycle of the stall classification (the header says how), read after the
// cycle's combinational settle, before its clock edge.  Stages 0-3: decode,
// execute, memory, writeBack.  tag[s]: the cause the bubble in stage s was made with.
static uint8_t st_tag[4] = {C_OTHER, C_OTHER, C_OTHER, C_OTHER};
static uint8_t st_pending = C_NONE;   // the last flush, until fetch delivers again
static uint64_t st_untagged;           // bubbles that reached writeBack with no cause (reported)
static inline void stall_cycle(bool mmu_busy)
{
    auto *c = CPU;
    const bool v[4] = {(bool)c->decode_arbitration_isValid, (bool)c->execute_arbitration_isValid,
                       (bool)c->memory_arbitration_isValid, (bool)c->writeBack_arbitration_isValid};
    const bool stk[4] = {(bool)c->decode_arbitration_isStuck, (bool)c->execute_arbitration_isStuck,
                         (bool)c->memory_arbitration_isStuck, (bool)c->writeBack_arbitration_isStuck};
    const bool rm[4] = {(bool)c->decode_arbitration_removeIt, (bool)c->execute_arbitration_removeIt,
                        (bool)c->memory_arbitration_removeIt, (bool)c->writeBack_arbitration_removeIt};
    auto flush_cause = [&]() -> uint8_t {
        if (mmu_busy) return C_WALK;
        if (c->DBusCachedPlugin_redoBranch_valid) return c->DCACHE(stageB_mmuRsp_refilling) ? C_WALK : C_DREF;
        if (c->IBusCachedPlugin_rsp_redoFetch) return C_IREF;
        if (c->BranchPlugin_jumpInterface_valid || c->IBusCachedPlugin_predictionJumpInterface_valid) return C_BRANCH;
        return C_CSR;
    };
    auto halt_cause = [&](int s) -> uint8_t {   // stage s valid, halted by itself
        if (mmu_busy) return C_WALK;
        switch (s) {
        case 0: return HAZARD() ? C_HAZARD : C_CSR;
        case 1: return c->DCACHE(loader_valid) ? C_DREF : C_CSR;
        case 2: return C_MULDIV;
        default: return c->DCACHE(stageB_mmuRsp_isIoAccess) ? C_IO : c->DCACHE(stageB_request_wr) ? C_STORE : C_DREF;
        }
    };
    auto entering = [&](int s) -> uint8_t {     // what stage s+1 receives from stage s
        if (!v[s]) return st_tag[s];
        if (rm[s]) return flush_cause();
        if (!stk[s]) return C_NONE;
        return halt_cause(s);
    };
    // this cycle, in writeBack
    uint8_t k;
    if (c->writeBack_arbitration_isFiring) k = C_RETIRE;
    else if (v[3]) k = rm[3] ? flush_cause() : halt_cause(3);
    else k = st_tag[3];
    if (k == C_NONE) { st_untagged++; k = C_OTHER; }   // never seen: a bubble with no cause
    cnt.st[k]++;
    // the tags after the edge
    if (v[0] && !rm[0]) st_pending = C_NONE;
    if (rm[0] || rm[1] || rm[2] || rm[3] || c->IBusCachedPlugin_rsp_redoFetch || c->BranchPlugin_jumpInterface_valid ||
        c->IBusCachedPlugin_predictionJumpInterface_valid || c->DBusCachedPlugin_redoBranch_valid)
        st_pending = flush_cause();
    // (a stage's isValid: cleared when it moves or is removed, then set from the
    // previous stage's if that one moves: a stuck stage that is removed becomes a bubble)
    for (int s = 3; s >= 1; s--) {
        if (!stk[s]) st_tag[s] = entering(s - 1);
        else if (rm[s]) st_tag[s] = flush_cause();
    }
    if (c->ICACHE(lineLoader_valid)) st_pending = C_IREF;   // and the refetch after it
    if (stk[0] && rm[0]) st_tag[0] = flush_cause();
    else if (!stk[0])
        st_tag[0] = mmu_busy ? C_WALK : st_pending != C_NONE ? st_pending : C_OTHER;
}

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    setvbuf(stdout, nullptr, _IOLBF, 0);   // lines as they come: runs can be watched
    int quiet = 0, sv32 = 0;
    uint64_t max_cycles = 0;
    int opt;
    while ((opt = getopt(argc, argv, "qsm:")) != -1) {
        if (opt == 'q') quiet = 1;
        else if (opt == 's') sv32 = 1;
        else if (opt == 'm') max_cycles = strtoull(optarg, nullptr, 0);
        else { fprintf(stderr, "usage: %s [-q] [-s] [-m MAXCYCLES] ELF\n", argv[0]); return 2; }
    }
    if (optind != argc - 1) { fprintf(stderr, "usage: %s [-q] [-s] [-m MAXCYCLES] ELF\n", argv[0]); return 2; }
    if (const char *e = getenv("RTL_MAX_CYCLES")) max_cycles = strtoull(e, nullptr, 0);
    int entry = load_elf(argv[optind], quiet);
    if (entry == -1) return 2;
    if (sv32) entry = (int)sv32_setup((uint32_t)entry);
    // The Precursor core reads its AES ROM file from the working directory:
    // run where the build put it, beside this executable.
    char exe[PATH_MAX]; ssize_t el = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (el > 0) { exe[el] = 0; if (chdir(dirname(exe)) != 0) perror("chdir"); }

    top = new Vcpu;
    bus_init((uint32_t)entry);
    top->clk = 0; top->reset = 1; top->debugReset = 1;
    for (int i = 0; i < 16; i++) { top->clk = 0; top->eval(); top->clk = 1; top->eval(); }
    top->reset = 0; top->debugReset = 0;

    int in_window = 0, in_table = 0, table_seen = 0;
    uint64_t windows = 0, last_retire_cycle = 0;
    uint64_t inner = 0, w0_inner = 0;                     // inner markers retired
    uint64_t table_insns = 0, table_cycles = 0, tab0_retired = 0, tab0_cycles = 0, tab0_inner = 0;
    Counts w0{};
    struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
    while (exiting < 0) {
        bus_drive();
        top->clk = 0; top->eval();
        bus_sample();
        {   // the MMU's page walker: a walk starts when it leaves IDLE (state 0) for L1_CMD (1)
            static unsigned prev_mmu;
            unsigned st = CPU->MMU_STATE;
            if (st == 1 && prev_mmu == 0) cnt.walks++;
            if (st != 0) cnt.walk_cycles++;
            prev_mmu = st;
            stall_cycle(st != 0);
        }
        // An instruction that traps (ecall, a fault) never fires in writeBack, so it
        // does not retire here; QEMU's -icount and the plugin count it.  The window's
        // insns add it back (hadException is high the cycle after each exception).
        if (CPU->S(CsrPlugin_hadException)) cnt.traps++;
        if (CPU->S(writeBack_arbitration_isFiring)) {
            uint32_t in = cur_insn();
            if (in == MARK_START) {
                retired++;
                cnt.retired = retired; cnt.cycles = cycles; l2_counts();
                w0 = cnt; in_window = 1;
                w0_inner = inner; in_table = 0; table_seen = 0; table_insns = table_cycles = 0;
            } else if (in_window && inner_marker(in)) {
                int k = inner_marker(in);
                retired++; inner++;
                if (k == 3) {
                    in_table = 1; table_seen = 1;
                    tab0_retired = retired; tab0_cycles = cycles; tab0_inner = inner;
                } else if (k == 4 && in_table) {
                    in_table = 0;
                    table_insns += (retired - tab0_retired) - (inner - tab0_inner);
                    table_cycles += cycles - tab0_cycles;
                }
            } else if (in == MARK_STOP) {
                cnt.retired = retired; cnt.cycles = cycles; l2_counts();
                if (in_window) {
                    windows++;
                    char st[400]; int n = 0; uint64_t sum = 0;
                    for (int i = 0; i < N_CAUSES; i++) {
                        uint64_t d = cnt.st[i] - w0.st[i]; sum += d;
                        n += snprintf(st + n, sizeof st - n, " st_%s=%llu", CAUSE_NAME[i], (unsigned long long)d);
                    }
                    if (cnt.traps != w0.traps)
                        n += snprintf(st + n, sizeof st - n, " traps=%llu", (unsigned long long)(cnt.traps - w0.traps));
                    if (table_seen)
                        n += snprintf(st + n, sizeof st - n, " table_insns=%llu table_cycles=%llu",
                                      (unsigned long long)table_insns, (unsigned long long)table_cycles);
                    if (sum != cnt.cycles - w0.cycles) {
                        fprintf(stderr, "rtl: window %llu: stall causes sum to %llu, not its %llu cycles\n",
                                (unsigned long long)windows, (unsigned long long)sum,
                                (unsigned long long)(cnt.cycles - w0.cycles));
                        exiting = 6;
                    }
                    printf("rtl: window=%llu insns=%llu cycles=%llu irefills=%llu drefills=%llu "
                           "dreads_io=%llu stores=%llu walks=%llu walk_cycles=%llu l2_misses=%llu l2_writebacks=%llu%s\n",
                           (unsigned long long)windows, (unsigned long long)(cnt.retired - w0.retired - (inner - w0_inner) + (cnt.traps - w0.traps)),
                           (unsigned long long)(cnt.cycles - w0.cycles),
                           (unsigned long long)(cnt.irefills - w0.irefills),
                           (unsigned long long)(cnt.drefills - w0.drefills),
                           (unsigned long long)(cnt.dreads_io - w0.dreads_io),
                           (unsigned long long)(cnt.stores - w0.stores),
                           (unsigned long long)(cnt.walks - w0.walks),
                           (unsigned long long)(cnt.walk_cycles - w0.walk_cycles),
                           (unsigned long long)(cnt.l2_misses - w0.l2_misses),
                           (unsigned long long)(cnt.l2_writebacks - w0.l2_writebacks), st);
                }
                in_window = 0;
                retired++;
            } else {
                retired++;
            }
            last_retire_cycle = cycles;
        }
        top->clk = 1; top->eval();
        cycles++;
        if (cycles - last_retire_cycle > 2000000) {
            fprintf(stderr, "rtl: no instruction retired for 2M cycles (pc in writeBack 0x%08x): stuck\n",
                    CPU->S(memory_to_writeBack_PC));
            exiting = 4;
        }
        if (max_cycles && cycles >= max_cycles) {
            fprintf(stderr, "rtl: cycle limit %llu reached\n", (unsigned long long)max_cycles);
            exiting = 5;
        }
    }
    fflush(stdout);
    if (st_untagged) fprintf(stderr, "rtl: %llu lost cycle(s) with no cause found (counted as other)\n", (unsigned long long)st_untagged);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (!quiet)
        fprintf(stderr, "rtl: %s exit=%d insns=%llu cycles=%llu windows=%llu sim_seconds=%.1f Mcycles_per_s=%.2f\n",
                BOARD, exiting, (unsigned long long)retired, (unsigned long long)cycles,
                (unsigned long long)windows, s, cycles / s / 1e6);
    top->final();
    delete top;
    return exiting;
}
