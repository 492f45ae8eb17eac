/* marker.h - guest side of vexcache (bench/vexcache/plugin.c): RV32 programs
 * bracket a measured window with vexcache_start() and vexcache_stop().
 *
 * Both are HINTs the RISC-V spec leaves for custom use (`slti zero, zero, imm`
 * writes x0: a no-op on every RV32 core, and under QEMU without the plugin).
 * Under the plugin, stop prints one "vexcache: insns=N ..." line on QEMU's
 * stderr.  The "memory" clobber keeps the compiler from moving memory
 * accesses across a marker. */
#ifndef VEXCACHE_MARKER_H
#define VEXCACHE_MARKER_H

static inline void vexcache_start(void)
{
    __asm__ volatile("slti zero, zero, 1" ::: "memory");
}

static inline void vexcache_stop(void)
{
    __asm__ volatile("slti zero, zero, 2" ::: "memory");
}

#endif
