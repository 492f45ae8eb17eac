/* tlb.c - make test-rtl's TLB proof on the boards' RTL: the data TLB holds N
 * pages (N = its entries: 4 on Precursor, 8 on bao1x) and N+1 thrash it, with
 * Sv32 translation on in S-mode, as Xous runs (machine mode is untranslated on
 * VexRiscv, so the model's own micro-programs cannot show this on the RTL).
 *
 * Page tables: megapages (4 MiB, identity) over QEMU virt's RAM and the top
 * 4 MiB (where vexsim serves semihosting and instret), and one 4 KiB-page
 * table mapping virtual 0x90000000.. onto `arena`.  main() drops from M to
 * S-mode with mret and runs the windows there; printing (semihosting) works
 * through the identity megapages.  Window lines as in tests/vexcache/micro.c:
 * "window K NAME", read by rtl/geometry.awk with vexsim's "rtl: window=K".
 * Built once per board (-DTLB_ENTRIES=N).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "guest.h"

#ifndef TLB_ENTRIES
#error "build with -DTLB_ENTRIES=N"
#endif
#define ROUNDS 50u
#define VBASE 0x90000000u
#define NOIPA __attribute__((noipa))

static uint32_t root[1024] __attribute__((aligned(4096)));
static uint32_t leaf[1024] __attribute__((aligned(4096)));
static uint8_t arena[16 * 4096] __attribute__((aligned(4096)));
static unsigned window_no;

#define PTE_V 1u
#define PTE_RWX 0xEu
#define PTE_AD 0xC0u

static void window(const char *name) { printf("window %u %s\n", ++window_no, name); }

NOIPA uint32_t read_cyclic(uint32_t p, uint32_t stride, uint32_t n, uint32_t rounds)
{
    uint32_t s = 0;
    for (uint32_t r = 0; r < rounds; r++)
        for (uint32_t i = 0; i < n; i++)
            s += *(const volatile uint32_t *)(p + i * stride);
    return s;
}

static void in_s_mode(void)
{
    uint32_t sink = 0;
    const uint32_t stride = 4096 + 64;   /* a line apart in each page: the D-cache holds them all */
    window("tlb_n");
    sink += read_cyclic(VBASE, stride, TLB_ENTRIES, 1);
    vexcache_start();
    sink += read_cyclic(VBASE, stride, TLB_ENTRIES, ROUNDS);
    vexcache_stop();
    window("tlb_n_plus_1");
    sink += read_cyclic(VBASE, stride, TLB_ENTRIES + 1, 1);
    vexcache_start();
    sink += read_cyclic(VBASE, stride, TLB_ENTRIES + 1, ROUNDS);
    vexcache_stop();
    window("tlb_after_sfence");
    sink += read_cyclic(VBASE, stride, TLB_ENTRIES, 1);
    vexcache_start();
    __asm__ volatile("sfence.vma" ::: "memory");
    sink += read_cyclic(VBASE, stride, TLB_ENTRIES, ROUNDS);
    vexcache_stop();
    /* the testbench's instret read (a load from the top megapage) takes one
     * entry: the N warm pages then miss once each (the model does the same,
     * vexcache/plugin.c, checked by tests/vexcache/micro.c) */
    window("tlb_after_instret");
    sink += read_cyclic(VBASE, stride, TLB_ENTRIES, 1);
    sink += (uint32_t)rv32_instret();
    vexcache_start();
    sink += read_cyclic(VBASE, stride, TLB_ENTRIES, ROUNDS);
    vexcache_stop();
    printf("done %lu\n", (unsigned long)(sink & 1));
    exit(0);
}

int main(void)
{
    printf("tlb entries %u rounds %u\n", TLB_ENTRIES, ROUNDS);
    for (uint32_t va = 0x80000000u; va < 0x88000000u; va += 1u << 22)
        root[va >> 22] = (va >> 12) << 10 | PTE_RWX | PTE_AD | PTE_V;
    root[0xFFC00000u >> 22] = (0xFFC00000u >> 12) << 10 | 0x6u | PTE_AD | PTE_V;   /* RW */
    root[VBASE >> 22] = ((uint32_t)(uintptr_t)leaf >> 12) << 10 | PTE_V;          /* next level */
    for (uint32_t i = 0; i < sizeof arena / 4096; i++)
        leaf[i] = (((uint32_t)(uintptr_t)arena + i * 4096) >> 12) << 10 | 0x6u | PTE_AD | PTE_V;
    uint32_t satp = 1u << 31 | (uint32_t)(uintptr_t)root >> 12;
    __asm__ volatile("csrw satp, %0\n sfence.vma" ::"r"(satp) : "memory");
    /* mstatus.MPP = S (01), then mret to in_s_mode on the same stack. */
    __asm__ volatile("li t0, 0x1800\n csrc mstatus, t0\n li t0, 0x800\n csrs mstatus, t0\n"
                     "csrw mepc, %0\n mret" ::"r"(in_s_mode) : "t0", "memory");
    return 1;
}
