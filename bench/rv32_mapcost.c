/*
 * rv32_mapcost.c - where the ownership table's cost sits in a whole Xous
 * map and unmap, on RV32 under the VexRiscv cache model.
 *
 * A kernel never asks the table alone.  When Xous hands a process a fresh
 * page (a heap fault, an IPC buffer) it allocates the page in its table and
 * then maps it: map_page_inner (xous-core kernel/src/arch/riscv/mem.rs:712-
 * 784) reads the root entry for vpn1, reads the level-0 entry for vpn0 to
 * refuse a double mapping, writes the new PTE, and calls flush_mmu, a bare
 * `sfence.vma` (kernel/src/arch/riscv/asm.S:273-276) that empties the TLBs.
 * Unmapping (unmap_page_inner, mem.rs:811-818, through pagetable_entry,
 * mem.rs:787-801) reads the two entries, clears the PTE and flushes again,
 * before the page is released in the table.
 *
 * So this program runs, per design and board, four loops over the same N
 * pages of a steady-state table, each inside one vexcache window:
 *
 *   map       alloc (the design's) + the page-table write + sfence.vma
 *   unmap     the page-table clear + sfence.vma + release (the design's)
 *   pt_map    the page-table write + sfence.vma alone (same addresses)
 *   pt_unmap  the page-table clear + sfence.vma alone
 *
 * and reports each per page, loop included.  map - pt_map is the table's
 * share of a whole map.  The difference is an estimate, not an identity: a
 * flush makes the table's next access miss in the TLB, which is charged to
 * the table here, as it would be in the kernel.  What is not in it: the trap
 * into the kernel and back, the syscall decoding, zeroing the new page
 * (4 KiB of stores, which would dwarf all of this) and the lazy allocation
 * of level-0 tables; the page tables here are ordinary arrays, not mapped
 * through themselves as in Xous.
 *
 * Output: `mapcost,<design>,<map>,<what>,<pages>,<instructions>,<win>` lines,
 * paired with the plugin's `window=<win>` lines by bench/rv32.mk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "labmaps.h"
#include "workload.h"
#include "guest.h"

#define SEED 7u
#define PAGES 128u           /* pages per loop: bao1x's steady state leaves ~230 free */
#define PID 40u              /* a PID the workloads never use */
#define VBASE 0x20000000u    /* the process's heap window: one level-0 table */
#define STORAGE_BYTES (8u << 20)
#define PTE_V 0x1u
#define PTE_RWAD 0xc6u       /* R, W, A, D: what map_page_inner sets for a heap page */

/* noinit: not zeroed by crt0 (picolibc's small memset would spend ~40 M
 * instructions on it before main); filled with 0xa5 before each init. */
static unsigned char storage[STORAGE_BYTES] __attribute__((noinit, aligned(OWN_STORAGE_ALIGN)));
static volatile uint32_t root_pt[1024] __attribute__((aligned(4096)));
static volatile uint32_t leaf_pt[1024] __attribute__((aligned(4096)));
static uint32_t phys[PAGES];
static unsigned win_no;
static int failed;

static inline void flush_mmu(void) { __asm__ volatile("sfence.vma" ::: "memory"); }

/* map_page_inner's page-table half, for a level-0 table that exists. */
static __attribute__((noinline)) int pt_map(uint32_t virt, uint32_t pa)
{
    uint32_t vpn1 = virt >> 22, vpn0 = (virt >> 12) & 1023u;
    if ((root_pt[vpn1] & PTE_V) == 0u)
        return -1;
    if (leaf_pt[vpn0] & PTE_V)
        return -1; /* MemoryInUse in Xous: already mapped */
    leaf_pt[vpn0] = ((pa >> 12) << 10) | PTE_RWAD | PTE_V;
    flush_mmu();
    return 0;
}

/* unmap_page_inner: the entry through pagetable_entry, cleared, flushed. */
static __attribute__((noinline)) uint32_t pt_unmap(uint32_t virt)
{
    uint32_t vpn1 = virt >> 22, vpn0 = (virt >> 12) & 1023u;
    if ((root_pt[vpn1] & PTE_V) == 0u)
        return 0;
    uint32_t pa = (leaf_pt[vpn0] >> 10) << 12;
    leaf_pt[vpn0] = 0;
    flush_mmu();
    return pa;
}

static void report(const char *design, const char *map, const char *what, uint32_t ins)
{
    printf("mapcost,%s,%s,%s,%u,%lu,%u\n", design, map, what, PAGES, (unsigned long)ins, win_no);
}

static void measure(const own_strategy *s, const char *map_name, const own_map *m)
{
    size_t bytes = s->reserve(m);
    own_table *t = NULL;
    if (bytes != 0 && bytes <= STORAGE_BYTES)
        memset(storage, 0xa5, bytes);
    if (bytes == 0 || bytes > STORAGE_BYTES || s->init(&t, storage, bytes, m) != OWN_OK ||
        own_pattern_apply(s, t, m, OWN_PAT_STEADY, SEED) != 0) {
        printf("error,mapcost,%s,%s: could not build the steady state\n", s->name, map_name);
        failed = 1;
        return;
    }
    root_pt[VBASE >> 22] = ((uint32_t)(uintptr_t)leaf_pt >> 12) << 10 | PTE_V;
    uint32_t errs = 0, t0;

    /* map: the design's alloc, then the page-table write and the flush */
    t0 = (uint32_t)rv32_instret();
    vexcache_start();
    for (uint32_t i = 0; i < PAGES; i++) {
        errs += s->alloc(t, PID, &phys[i]) != OWN_OK;
        errs += pt_map(VBASE + (i << 12), phys[i]) != 0;
    }
    vexcache_stop();
    ++win_no;
    report(s->name, map_name, "map", (uint32_t)rv32_instret() - t0);

    /* unmap: the clear and the flush, then the release in the table */
    t0 = (uint32_t)rv32_instret();
    vexcache_start();
    for (uint32_t i = 0; i < PAGES; i++)
        errs += s->release(t, pt_unmap(VBASE + (i << 12)), PID) != OWN_OK;
    vexcache_stop();
    ++win_no;
    report(s->name, map_name, "unmap", (uint32_t)rv32_instret() - t0);

    /* the page-table work alone, on the same pages */
    t0 = (uint32_t)rv32_instret();
    vexcache_start();
    for (uint32_t i = 0; i < PAGES; i++)
        errs += pt_map(VBASE + (i << 12), phys[i]) != 0;
    vexcache_stop();
    ++win_no;
    report(s->name, map_name, "pt_map", (uint32_t)rv32_instret() - t0);

    t0 = (uint32_t)rv32_instret();
    vexcache_start();
    for (uint32_t i = 0; i < PAGES; i++)
        errs += pt_unmap(VBASE + (i << 12)) != phys[i];
    vexcache_stop();
    ++win_no;
    report(s->name, map_name, "pt_unmap", (uint32_t)rv32_instret() - t0);

    s->fini(t);
    if (errs) {
        printf("error,mapcost,%s,%s: %lu operations failed\n", s->name, map_name, (unsigned long)errs);
        failed = 1;
    }
}

int main(void)
{
    static const char *const maps[] = {"precursor", "bao1x"};
    static norm_map nm;
    for (unsigned k = 0; k < sizeof maps / sizeof maps[0]; k++) {
        uint32_t i = lab_map_find(maps[k]);
        if (i == lab_map_count() || lab_map_build(i, &nm) != 0) {
            printf("error,mapcost: no map %s\n", maps[k]);
            exit(1);
        }
        own_map m = own_norm_as_map(&nm);
        for (unsigned d = 0; own_strategies[d] != NULL; d++)
            measure(own_strategies[d], maps[k], &m);
    }
    printf("info,mapcost,done,%s\n", failed ? "FAILED" : "ok");
    exit(failed);
}
