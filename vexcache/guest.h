/* guest.h - the guest side of every RV32 measurement in the lab: the
 * vexcache window markers and the exact instruction counter.  One header so
 * that the benchmarks, the model's own proofs and the kernel image count the
 * same way.
 *
 * vexcache_start()/vexcache_stop() bracket a window of the cache model
 * (vexcache/plugin.c).  Both are HINTs the RISC-V spec leaves for custom use
 * (`slti zero, zero, imm` writes x0: a no-op on every RV32 core, and under
 * QEMU without the plugin).  Under the plugin, stop prints one
 * "vexcache: insns=N ..." line on QEMU's stderr.  The "memory" clobber keeps
 * the compiler from moving memory accesses across a marker.
 *
 * rv32_instret() reads the 64-bit retired-instruction counter; under QEMU
 * with -icount shift=0 it counts guest instructions exactly.  The high half
 * is read twice so that a carry between the two reads cannot tear it. */
#ifndef VEXCACHE_GUEST_H
#define VEXCACHE_GUEST_H
#include <stdint.h>

static inline void vexcache_start(void)
{
    __asm__ volatile("slti zero, zero, 1" ::: "memory");
}

static inline void vexcache_stop(void)
{
    __asm__ volatile("slti zero, zero, 2" ::: "memory");
}

/* Inside a window (additive; a program that never uses these sees the
 * plugin's output unchanged): vexcache_table_start()/vexcache_table_stop()
 * bracket the ownership table's own calls, summed into the stop line's
 * table_insns/table_cycles; VEXCACHE_EVENT(K), K a constant 0..31, says that
 * from here on the window's counts belong to event kind K (the plugin prints
 * one "vexcache-ev:" line per kind when the window closes).  These markers
 * and their fetches are outside every count, like the window's own. */
static inline void vexcache_table_start(void)
{
    __asm__ volatile("slti zero, zero, 3" ::: "memory");
}

static inline void vexcache_table_stop(void)
{
    __asm__ volatile("slti zero, zero, 4" ::: "memory");
}

#define VEXCACHE_EVENT_(k) __asm__ volatile("slti zero, zero, " #k " + 16" ::: "memory")
#define VEXCACHE_EVENT(k) VEXCACHE_EVENT_(k)

static inline uint64_t rv32_instret(void)
{
    uint32_t hi, lo, again;
    do {
        __asm__ volatile("csrr %0, instreth" : "=r"(hi));
        __asm__ volatile("csrr %0, instret" : "=r"(lo));
        __asm__ volatile("csrr %0, instreth" : "=r"(again));
    } while (hi != again);
    return (uint64_t)hi << 32 | lo;
}

#endif
