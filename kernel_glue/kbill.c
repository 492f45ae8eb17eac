/*
 * kbill.c - the syscall path around the table, as Xous's kernel runs it.
 *
 * The kernel runs in S-mode with Sv32 on; every process it serves runs a
 * two-instruction stub in U-mode (ktrap.S: ecall, jump back) in its own
 * address space (its own root table, ASID = PID).  Each trace line is one
 * request: the kernel puts the line's index in the requester's a0 and
 * returns to it; the stub's ecall traps back in (ktrap.S saves the 31
 * registers, like Xous's entry before irq.rs:202 trap_handler), and the
 * handler does what Xous's syscall path does for that request:
 *
 *  fault, ipc (a heap or IPC page at first touch; alloc PID):
 *      irq.rs:311-316 a store/load page fault goes to ensure_page_exists_inner
 *      (arch/riscv/mem.rs:1019-1116): alloc_page (mem.rs:335-355, the table),
 *      the PTE written without U and flush_mmu (:1097-1103), the 4 KiB page
 *      zeroed through its new mapping, 1,024 word stores (zeropage, :18-21),
 *      then the PTE rewritten with U and flush_mmu again (:1106-1111).
 *  pt, spawn, queue (a page the kernel takes for a process: a page table,
 *      a new process's root/context pages, a server's queue; alloc PID):
 *      map_zeroed_page (mem.rs:542-582): alloc_page, map_page_inner
 *      (arch/riscv/mem.rs:712-780: the PTE write and flush_mmu), bzero of
 *      the page; no hand-over to the user.
 *  map (claim, claim_range: map_memory with a physical address):
 *      syscall.rs:734-791 -> map_range (mem.rs:600-772): claim every page
 *      (the table), map_page_inner for each (PTE write + flush_mmu), bzero
 *      if the range is main RAM (syscall.rs:771-777), and hand_page_to_user
 *      for each page (arch/riscv/mem.rs:470-503: PTE |= U, flush_mmu).
 *  unmap (release ADDR PID: unmap_memory or DecreaseHeap):
 *      syscall.rs:793-807 / 846-867 -> mm.unmap_page (mem.rs:774-787):
 *      virt_to_phys, a walk of both levels (arch/riscv/mem.rs:977-1013),
 *      release_page (the table), unmap_page_inner (:811-819: PTE cleared,
 *      flush_mmu).
 *  send (move ADDR FROM TO: a memory message's buffer moved):
 *      move_page (mem.rs:789-804): virt_to_phys in the sender, then
 *      move_page_inner (arch/riscv/mem.rs:822-848: PTE read and cleared,
 *      flush_mmu, the receiver's space activated (satp + flush_mmu, :260-265),
 *      map_page_inner there, the sender's space activated again), then the
 *      table's move (claim_release_move, mem.rs:803).
 *  exit (release_all PID: the process terminates):
 *      syscall.rs:975-981 -> services.rs:267-283 terminate:
 *      release_all_memory_for_process (mem.rs:1066-1113, the table), then
 *      ArchProcess::destroy; here that is leaving the dying space and
 *      returning its page tables to the kernel's pool (a walk of its root).
 *  debug (count), owner (a lend's ownership check): the table call alone.
 *  loader: the loader's assignment, adopted at boot; run inline, no trap,
 *      reported but never charged to the kernel's bill.
 *
 * Around every table call the inner markers (vexcache/guest.h) give the
 * table's own share; before each request starts (the return to its process
 * included) a kind marker names its event, so the trap in and out, the
 * stub and the context switch are charged to the request they serve.
 *
 * What is simplified (each a stated difference from Xous):
 *  - Addresses: a page is mapped in its owner's space at a virtual address
 *    equal to its physical one (QEMU's own RAM window 0x80000000-0x8fffffff
 *    is the kernel's, so a page there goes 256 MiB up; the stub sits at
 *    0x8ff00000); Xous picks virtual
 *    addresses from each process's heap and its find_virtual_address
 *    (mem.rs:436-511).  The shape of the work (two-level walk, one PTE, one
 *    flush) is the same; which L1 slots a process uses differs.
 *  - Frames: the board's RAM does not exist under QEMU virt, so a main-RAM
 *    page's PTE points at a shadow frame in QEMU's RAM (0x84000000 + its
 *    offset, modulo 64 MiB); pages outside main RAM are mapped at their own
 *    physical address and never touched.
 *  - Page tables come from a kernel pool, not from the table: the kernel's
 *    own layout decides when it needs a second-level table or a root, and
 *    it links them as map_page_inner does (arch/riscv/mem.rs:739-752), but
 *    the work Xous does for a page-table page (alloc_page, PTE, flush, the
 *    4 KiB zeroing) is charged where the trace says it happens, on its
 *    `ev=pt` and `ev=spawn` allocs.  So the pool's pages start zeroed (bss)
 *    and only a page reused after an exit is zeroed again (counted in the
 *    run's last line) - that second zeroing is the one double charge.
 *  - The kernel maps itself with 4 MiB megapages in every space (Xous maps
 *    its own pages through the last root entry, arch/riscv/mem.rs:216-219);
 *    kernel.mk tells the model (KB_SUPERPAGES), whose TLBs then hold one
 *    entry per megapage there, as VexRiscv's do.
 *  - No scheduler, no message queues, no thread contexts beyond one per
 *    process: a process runs exactly when the next trace line is its own.
 *  - Lending lives in mm.c's lending table, not in a PTE bit; release_all's
 *    per-page page_is_lent check (mem.rs:1077) is therefore not run.
 */
#include "kbill.h"
#include "guest.h"
#include "mm.h"

#include <stdio.h>
#include <stdlib.h>

const char *const kb_ev_names[KB_EV_NUM] = {"other", "loader", "fault", "pt",   "spawn",
                                            "queue", "ipc",    "send",  "unmap", "map",
                                            "exit",  "debug",  "owner", "switch"};

#define PAGE 4096u
#define PTE_V 0x001u
#define PTE_R 0x002u
#define PTE_W 0x004u
#define PTE_X 0x008u
#define PTE_U 0x010u
#define PTE_G 0x020u
#define PTE_A 0x040u
#define PTE_D 0x080u
#define KERN_BASE 0x80000000u  /* QEMU virt RAM: the kernel's, identity-mapped */
#define KERN_MEGAPAGES 32u     /* 128 MiB: 0x80000000-0x87ffffff, QEMU -m 128M */
#define SHADOW_BASE 0x84000000u
#define SHADOW_BYTES 0x04000000u
#define STUB_VA 0x8ff00000u    /* in the kernel's window, its own L2 table */
#define PT_PAGES 1024u         /* the kernel's page-table pool: 4 MiB */
#define NPROC (OWN_PID_MAX + 1u)

typedef struct ctx {
    uint32_t r[31]; /* x1..x31 */
    uint32_t sepc;
} ctx;

typedef struct proc {
    ctx c;
    uint32_t *root; /* NULL: no address space yet */
} proc;

extern void kb_trap_entry(void);
extern uint32_t kb_run_user(ctx *c);
extern void kb_to_smode(void);
extern void kb_skip_insn(void);
extern char kb_stub[];

static uint32_t pt_pool[PT_PAGES][1024] __attribute__((aligned(4096)));
static uint16_t pt_free[PT_PAGES];
static uint8_t pt_dirty[PT_PAGES]; /* 0: still all zero (bss, never used) */
static uint32_t pt_nfree;
static uint32_t *kroot, *stub_l2;
static proc procs[NPROC];
static uint32_t cur_pid; /* whose space satp holds; 0: the kernel's */
static uint32_t slots[4096];
static const own_map *wl;
static kb_stats st;

/* the run of user requests kb_run is serving */
static const kb_trace *run_t;
static uint32_t run_end, run_next;
static kb_result run_res;

static inline void flush_mmu(void) { __asm__ volatile("sfence.vma" ::: "memory"); }

static inline uint32_t csr_satp_of(const uint32_t *root, uint32_t asid)
{
    return 0x80000000u | (asid << 22) | ((uint32_t)(uintptr_t)root >> 12);
}

static void satp_write(uint32_t v) { __asm__ volatile("csrw satp, %0" ::"r"(v) : "memory"); }

static void fatal(const char *why, uint32_t a, uint32_t b)
{
    printf("bill: stopped: %s (0x%08lx 0x%08lx)\n", why, (unsigned long)a, (unsigned long)b);
    exit(3);
}

static void zero_page(uint32_t *p)
{
    for (uint32_t i = 0; i < 1024u; i++)
        ((volatile uint32_t *)p)[i] = 0;
}

static uint32_t *pt_get(void)
{
    if (pt_nfree == 0u)
        fatal("the kernel's page-table pool is empty", 0, 0);
    uint32_t k = pt_free[--pt_nfree];
    if (pt_dirty[k]) {
        zero_page(pt_pool[k]);
        st.tables_zeroed++;
    }
    pt_dirty[k] = 1;
    return pt_pool[k];
}

static void pt_put(uint32_t *t) { pt_free[pt_nfree++] = (uint16_t)(((uint32_t(*)[1024])(void *)t) - pt_pool); }

static uint32_t pte_to_pa(uint32_t pte) { return (pte >> 10) << 12; }

/* The virtual address a page is mapped at in its owner's space. */
static uint32_t va_of(uint32_t pa)
{
    return pa - KERN_BASE < 0x10000000u ? pa + 0x10000000u : pa;
}

static int in_pool(uint32_t pa) { return pa - wl->pool_base < wl->pool_pages * PAGE; }

/* The frame a page's PTE names: main RAM's pages a shadow in QEMU's RAM. */
static uint32_t frame_of(uint32_t pa)
{
    return in_pool(pa) ? SHADOW_BASE + ((pa - wl->pool_base) & (SHADOW_BYTES - 1u)) : pa;
}

static uint32_t *space(uint32_t pid)
{
    proc *p = &procs[pid];
    if (p->root == NULL) {
        uint32_t *r = pt_get();
        for (uint32_t i = 0; i < KERN_MEGAPAGES; i++)
            r[(KERN_BASE >> 22) + i] = kroot[(KERN_BASE >> 22) + i];
        r[STUB_VA >> 22] = kroot[STUB_VA >> 22];
        r[1023] = kroot[1023];
        p->root = r;
        for (uint32_t i = 0; i < 31u; i++)
            p->c.r[i] = 0;
        p->c.sepc = STUB_VA;
        st.spaces_made++;
    }
    return p->root;
}

/* Xous's MemoryMapping::activate (arch/riscv/mem.rs:260-265): satp, then flush. */
static void activate(uint32_t pid)
{
    if (pid == cur_pid)
        return;
    satp_write(pid == 0u ? csr_satp_of(kroot, 0) : csr_satp_of(space(pid), pid));
    flush_mmu();
    cur_pid = pid;
    st.switches++;
}

/* The leaf PTE slot of va in root, making the second-level table if asked
 * (map_page_inner, arch/riscv/mem.rs:739-752: new table, L1 entry, flush,
 * zero); NULL if there is none and none was to be made. */
static volatile uint32_t *leaf(uint32_t *root, uint32_t va, int make)
{
    uint32_t vpn1 = va >> 22, vpn0 = (va >> 12) & 1023u;
    uint32_t l1 = root[vpn1];
    if (!(l1 & PTE_V)) {
        if (!make)
            return NULL;
        uint32_t *t = pt_get();
        root[vpn1] = (((uint32_t)(uintptr_t)t >> 12) << 10) | PTE_V;
        flush_mmu();
        st.tables_made++;
        l1 = root[vpn1];
    }
    return (volatile uint32_t *)(uintptr_t)pte_to_pa(l1) + vpn0;
}

/* map_page_inner's leaf write and flush (arch/riscv/mem.rs:764-778). */
static void map_page(uint32_t *root, uint32_t pa, uint32_t flags)
{
    volatile uint32_t *e = leaf(root, va_of(pa), 1);
    if (*e & PTE_V)
        st.remaps++; /* Xous would refuse (MemoryInUse); the trace's table call decides here */
    *e = ((frame_of(pa) >> 12) << 10) | flags | PTE_V | PTE_A | PTE_D;
    flush_mmu();
}

/* virt_to_phys (arch/riscv/mem.rs:977-1013): both levels, the leaf's
 * valid bit; 0 if unmapped. */
static uint32_t virt_to_phys(const uint32_t *root, uint32_t va)
{
    uint32_t l1 = root[va >> 22];
    if (!(l1 & PTE_V))
        return 0;
    uint32_t e = ((const volatile uint32_t *)(uintptr_t)pte_to_pa(l1))[(va >> 12) & 1023u];
    return e & PTE_V ? pte_to_pa(e) | 1u : 0u;
}

/* unmap_page_inner (arch/riscv/mem.rs:811-819): the PTE cleared, flush. */
static void unmap_page(uint32_t *root, uint32_t va)
{
    volatile uint32_t *e = leaf(root, va, 0);
    if (e != NULL)
        *e = 0;
    flush_mmu();
}

/* The page zeroed through its mapping in the current space (zeropage,
 * arch/riscv/mem.rs:18-21), or through the kernel's window for a page the
 * kernel maps for itself. */
static void zero_mapped(uint32_t pa, int via_va)
{
    zero_page((uint32_t *)(uintptr_t)(via_va ? va_of(pa) : frame_of(pa)));
}

static void set_user(uint32_t *root, uint32_t pa)
{
    volatile uint32_t *e = leaf(root, va_of(pa), 0);
    if (e != NULL)
        *e |= PTE_U;
    flush_mmu();
}

/* Frees a dead process's space: every second-level table it made, then its
 * root (the kernel's window and the stub are shared, not its own). */
static void destroy(uint32_t pid)
{
    proc *p = &procs[pid];
    if (p->root == NULL)
        return;
    if (cur_pid == pid)
        activate(0);
    for (uint32_t i = 0; i < 1024u; i++) {
        if (i >= (KERN_BASE >> 22) && i < (KERN_BASE >> 22) + KERN_MEGAPAGES)
            continue;
        if (i == (STUB_VA >> 22) || i == 1023u)
            continue;
        if (p->root[i] & PTE_V) {
            pt_put((uint32_t *)(uintptr_t)pte_to_pa(p->root[i]));
            st.tables_freed++;
        }
    }
    pt_put(p->root);
    p->root = NULL;
}

static int is_proc(uint32_t pid) { return pid >= 2u && pid <= OWN_PID_MAX; }

/* Who asks for line i: the process the line is for, or 0 when the kernel
 * does it itself (PID 1, the loader's assignment, a lend check). */
static uint32_t requester(const kb_trace *t, uint32_t i)
{
    const uint32_t *a = t->arg[i];
    if (t->ev[i] == KB_EV_LOADER)
        return 0;
    switch (t->op[i]) {
    case KB_ALLOC:
    case KB_RELEASE_ALL:
    case KB_COUNT: return is_proc(a[0]) ? a[0] : 0;
    case KB_CLAIM:
    case KB_RELEASE: return is_proc(a[1]) ? a[1] : 0;
    case KB_CLAIM_RANGE: return is_proc(a[2]) ? a[2] : 0;
    case KB_MOVE: return is_proc(a[1]) && is_proc(a[2]) ? a[1] : 0;
    default: return 0;
    }
}

#define TABLE(call) (vexcache_table_start(), e = (call), vexcache_table_stop())

static uint32_t fold(uint32_t h, uint32_t v)
{
    for (uint32_t b = 0; b < 4u; b++)
        h = (h ^ ((v >> (8u * b)) & 0xffu)) * 16777619u;
    return h;
}

/* Line i, for process `pid` (0: the kernel itself); satp holds pid's space
 * (or the kernel's).  The answer folds into run_res. */
static void serve(const kb_trace *t, uint32_t i, uint32_t pid)
{
    const uint32_t *a = t->arg[i];
    uint32_t k = (uint32_t)(int32_t)t->slot[i];
    uint32_t addr = k < 4096u ? slots[k] : a[0];
    uint32_t v = 0, ev = t->ev[i];
    own_err e = OWN_OK;
    uint32_t *root = pid != 0u ? space(pid) : kroot;
    switch (t->op[i]) {
    case KB_ALLOC:
        TABLE(mm_alloc_page(a[0], &v));
        if (k < 4096u)
            slots[k] = e == OWN_OK ? v : 0u;
        if (e == OWN_OK && ev != KB_EV_LOADER) {
            if (ev == KB_EV_PT || ev == KB_EV_SPAWN || ev == KB_EV_QUEUE || pid == 0u) {
                /* map_zeroed_page (mem.rs:542-582) */
                map_page(root, v, PTE_R | PTE_W);
                zero_mapped(v, pid != 0u);
            } else {
                /* ensure_page_exists_inner (arch/riscv/mem.rs:1097-1111) */
                map_page(root, v, PTE_R | PTE_W);
                zero_mapped(v, 1);
                set_user(root, v);
            }
        }
        v = 0;
        break;
    case KB_CLAIM:
    case KB_CLAIM_RANGE: {
        uint32_t n = t->op[i] == KB_CLAIM ? 1u : a[1];
        uint32_t owner = t->op[i] == KB_CLAIM ? a[1] : a[2];
        TABLE(t->op[i] == KB_CLAIM ? mm_claim(addr, owner) : mm_map_range(addr, n, owner));
        if (e == OWN_OK && ev != KB_EV_LOADER) {
            /* map_range (mem.rs:694-712) then syscall.rs:771-784 */
            for (uint32_t p = 0; p < n; p++)
                map_page(root, addr + p * PAGE, PTE_R | PTE_W);
            for (uint32_t p = 0; p < n; p++)
                if (in_pool(addr + p * PAGE))
                    zero_mapped(addr + p * PAGE, pid != 0u);
            if (pid != 0u)
                for (uint32_t p = 0; p < n; p++)
                    set_user(root, addr + p * PAGE);
        }
        break;
    }
    case KB_RELEASE: {
        /* unmap_page (mem.rs:774-787) */
        uint32_t pa = virt_to_phys(root, va_of(addr));
        if (pa == 0u)
            st.walk_misses++;
        TABLE(mm_release(addr, a[1]));
        if (pa != 0u)
            unmap_page(root, va_of(addr));
        break;
    }
    case KB_MOVE: {
        uint32_t to = a[2];
        uint32_t pa = pid != 0u ? virt_to_phys(root, va_of(addr)) : 0u;
        if (pid != 0u && pa == 0u)
            st.walk_misses++;
        if (pa != 0u && ev == KB_EV_SPAWN) {
            /* a new process's page handed over by its creator: move_page_raw
             * (mem.rs:806-815), then the creator's temporary mapping removed
             * (unmap_page_inner, arch/riscv/mem.rs:230-234) */
            unmap_page(root, va_of(addr));
        } else if (pa != 0u && is_proc(to)) {
            /* move_page_inner (arch/riscv/mem.rs:822-848) */
            unmap_page(root, va_of(addr));
            activate(to);
            map_page(space(to), addr, PTE_R | PTE_W | PTE_U);
            activate(pid);
        }
        TABLE(mm_move(addr, a[1], to));
        break;
    }
    case KB_RELEASE_ALL:
        TABLE(mm_release_all_memory_for_process(a[0], &v));
        if (e == OWN_OK && is_proc(a[0]))
            destroy(a[0]);
        break;
    case KB_COUNT: TABLE(mm_count(a[0], &v)); break;
    case KB_OWNER: TABLE(mm_owner(addr, &v)); break;
    default: return;
    }
    run_res.ops++;
    run_res.refused += e != OWN_OK;
    run_res.hash = fold(fold(run_res.hash, (uint32_t)e), v);
}

/* The kind marker: a constant in each HINT, so one case per kind. */
static void mark(uint32_t ev)
{
    switch (ev) {
#define K(n) case n: VEXCACHE_EVENT(n); break;
    K(0) K(1) K(2) K(3) K(4) K(5) K(6) K(7) K(8) K(9) K(10) K(11) K(12) K(13)
#undef K
    default: break;
    }
}

/* The trap: an ecall from U-mode carrying a request, served; then either the
 * next request's process is resumed, or the run returns to kb_run. */
ctx *kb_trap_c(ctx *c);
ctx *kb_trap_c(ctx *c)
{
    uint32_t cause, tval;
    __asm__ volatile("csrr %0, scause" : "=r"(cause));
    __asm__ volatile("csrr %0, stval" : "=r"(tval));
    if (cause != 8u)
        fatal("an unexpected trap (scause, stval)", cause, tval);
    c->sepc += 4u; /* past the ecall, as irq.rs:246-249 */
    uint32_t i = c->r[9];
    serve(run_t, i, cur_pid);
    uint32_t j = i + 1u;
    if (j < run_end) {
        uint32_t pid = requester(run_t, j);
        if (pid != 0u) {
            mark(run_t->ev[j]); /* the switch to its process is the next request's */
            activate(pid);
            procs[pid].c.r[9] = j;
            return &procs[pid].c;
        }
    }
    run_next = j;
    return NULL;
}

kb_result kb_run(const kb_trace *t, uint32_t first, uint32_t n)
{
    run_t = t;
    run_end = first + n;
    run_res = (kb_result){0, 0, 2166136261u};
    uint32_t i = first;
    while (i < run_end) {
        uint32_t pid = requester(t, i);
        mark(t->ev[i]);
        if (pid == 0u) {
            serve(t, i, 0);
            i++;
            continue;
        }
        activate(pid);
        procs[pid].c.r[9] = i;
        run_next = run_end;
        kb_run_user(&procs[pid].c);
        i = run_next;
    }
    return run_res;
}

void kb_begin(const own_map *map)
{
    wl = map;
    activate(0);
    for (uint32_t p = 0; p < NPROC; p++)
        destroy(p);
    for (uint32_t k = 0; k < 4096u; k++)
        slots[k] = 0;
    /* the kernel's own mappings of pages it claimed (PID 1) from last time */
    for (uint32_t i = 0; i < 1024u; i++) {
        if ((i >= (KERN_BASE >> 22) && i < (KERN_BASE >> 22) + KERN_MEGAPAGES) || i == (STUB_VA >> 22) ||
            i == 1023u)
            continue;
        if (kroot[i] & PTE_V) {
            pt_put((uint32_t *)(uintptr_t)pte_to_pa(kroot[i]));
            kroot[i] = 0;
        }
    }
    flush_mmu();
    /* every free pool page clean again, so no workload pays for the last */
    for (uint32_t f = 0; f < pt_nfree; f++)
        if (pt_dirty[pt_free[f]]) {
            zero_page(pt_pool[pt_free[f]]);
            pt_dirty[pt_free[f]] = 0;
        }
    st = (kb_stats){0, 0, 0, 0, 0, 0, 0};
}

const kb_stats *kb_stats_now(void) { return &st; }

int kb_setup(void)
{
    pt_nfree = 0;
    for (uint32_t i = PT_PAGES; i-- > 0;)
        pt_free[pt_nfree++] = (uint16_t)i;
    kroot = pt_get();
    for (uint32_t i = 0; i < KERN_MEGAPAGES; i++) {
        uint32_t pa = KERN_BASE + i * 0x400000u;
        kroot[(KERN_BASE >> 22) + i] =
            ((pa >> 12) << 10) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | PTE_G;
    }
    /* the top 4 MiB identity-mapped for the kernel: the RTL testbench
     * answers semihosting and instret there (rtl/tb.cpp), nothing else uses it */
    kroot[1023] = ((0xffc00000u >> 12) << 10) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G;
    stub_l2 = pt_get();
    kroot[STUB_VA >> 22] = (((uint32_t)(uintptr_t)stub_l2 >> 12) << 10) | PTE_V | PTE_G;
    stub_l2[(STUB_VA >> 12) & 1023u] =
        (((uint32_t)(uintptr_t)kb_stub >> 12) << 10) | PTE_V | PTE_R | PTE_X | PTE_U | PTE_A;
    /* Machine mode hands U-mode ecalls to S-mode, lets S-mode read the
     * counters, and opens all memory to S and U (one NAPOT PMP entry). */
    __asm__ volatile("csrw medeleg, %0" ::"r"((1u << 8) | (1u << 12) | (1u << 13) | (1u << 15)));
    __asm__ volatile("csrw mideleg, zero");
    /* A core without these CSRs (VexRiscv has no PMP and, on Precursor, no
     * counters: the RTL testbench answers instret itself) traps on them:
     * kb_skip_insn steps over the write. */
    __asm__ volatile("csrw mtvec, %0" ::"r"((uint32_t)(uintptr_t)kb_skip_insn));
    __asm__ volatile("csrw mcounteren, %0" ::"r"(7u));
    __asm__ volatile("csrw pmpaddr0, %0" ::"r"(0xffffffffu));
    __asm__ volatile("csrw pmpcfg0, %0" ::"r"(0x1fu));
    __asm__ volatile("csrw stvec, %0" ::"r"((uint32_t)(uintptr_t)kb_trap_entry));
    satp_write(csr_satp_of(kroot, 0));
    flush_mmu();
    cur_pid = 0;
    kb_to_smode();
    return 0;
}
