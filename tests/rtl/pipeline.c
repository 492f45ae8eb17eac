/* pipeline.c - what the VexRiscv pipeline charges per event, measured on the
 * boards' RTL (make rtl-calibrate runs it on both sims; rtl/pipeline.awk turns
 * its windows into the per-event costs vexcache/model.c cites).
 *
 * Each kernel is a loop of N iterations, written in assembly so that the
 * compiler cannot reorder it, with one event per iteration against a base
 * loop of the same length: the difference of cycles per iteration is the
 * event's cost.  The loops start at a 64-byte boundary and use 32-bit
 * encodings (.option norvc), except where an encoding is the point (t*, c*).
 * Every window is warm: the kernel runs once before it is measured. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "guest.h"

#define N 256
#define KIB 1024u
#define KERNEL __attribute__((noipa, aligned(64))) void
#define NOP4 " nop\n nop\n nop\n nop\n"
#define NOP16 NOP4 NOP4 NOP4 NOP4

static volatile uint32_t word[16] __attribute__((aligned(64)));
static uint8_t arena[384 * KIB] __attribute__((aligned(64 * KIB)));

/* A loop of 32-bit instructions: BODY, then the counter and the backward branch. */
#define LOOP(fn, BODY) KERNEL fn(volatile uint32_t *p, int n) { uint32_t t; (void)p; \
    __asm__ volatile(".option push\n .option norvc\n 1:" BODY " addi %0,%0,-1\n bnez %0,1b\n .option pop" \
                     : "+r"(n), "=&r"(t) : "r"(p) : "memory"); }
LOOP(k_base, NOP4 " nop\n nop\n")                                     /* 6 nops: the base */
LOOP(k_ld, " lw %1,0(%2)\n" NOP4 " nop\n")                           /* a load, result unused */
LOOP(k_lu1, " lw %1,0(%2)\n addi %1,%1,1\n" NOP4)                    /* used by the next */
LOOP(k_lu2, " lw %1,0(%2)\n nop\n addi %1,%1,1\n nop\n nop\n nop\n") /* by the one after */
LOOP(k_st1, " sw %1,4(%2)\n" NOP4 " nop\n")                          /* stores hitting the L2 */
LOOP(k_st2, " sw %1,4(%2)\n sw %1,8(%2)\n" NOP4)
LOOP(k_st3, " sw %1,4(%2)\n sw %1,8(%2)\n sw %1,12(%2)\n nop\n nop\n nop\n")
LOOP(k_fwd_taken, " nop\n beqz zero,2f\n nop\n 2: nop\n nop\n nop\n")   /* mispredicted */
LOOP(k_fwd_not, " nop\n bnez zero,2f\n nop\n 2: nop\n nop\n nop\n")     /* predicted */
LOOP(k_back_not, " li %1,1\n 2: addi %1,%1,-1\n bnez %1,2b\n nop\n nop\n") /* mispredicted */
LOOP(k_jal, " nop\n j 2f\n nop\n 2: nop\n nop\n nop\n")
LOOP(k_jalr, " nop\n la %1,2f\n jr %1\n nop\n 2: nop\n nop\n")
LOOP(k_div, " divu %1,%0,%0\n" NOP4 " nop\n")
LOOP(k_mul, " mul %1,%0,%0\n" NOP4 " nop\n")
LOOP(k_mul_use, " mul %1,%0,%0\n addi %1,%1,1\n" NOP4)

/* A jump to a target at byte offset T of the loop: a 32-bit or a compressed
 * instruction at 0 or 2 mod 4. */
#define TARGET(fn, PAD, TGT) KERNEL fn(volatile uint32_t *p, int n) { (void)p; \
    __asm__ volatile(".option push\n .option norelax\n 1: .option norvc\n j 2f\n .option rvc\n" PAD \
                     "2:" TGT " .option norvc\n addi %0,%0,-1\n bnez %0,1b\n .option pop" : "+r"(n)); }
TARGET(t_word0, " c.nop\n c.nop\n", " .option norvc\n nop\n")         /* 32-bit at 8: 0 mod 4 */
TARGET(t_word2, " c.nop\n c.nop\n c.nop\n", " .option norvc\n nop\n") /* 32-bit at 10: 2 mod 4 */
TARGET(t_half0, " c.nop\n c.nop\n", " c.nop\n c.nop\n")               /* compressed at 8 */
TARGET(t_half2, " c.nop\n c.nop\n c.nop\n", " c.nop\n c.nop\n")       /* compressed at 10 */

/* Stores that miss the L2 (Precursor) with a dirty victim, K nops apart: the
 * bus is busy fill + write-back + the store; the CPU runs on until the
 * buffer is full. */
#define STORES(fn, NOPS) KERNEL fn(uint8_t *q, int n) { \
    __asm__ volatile(".option push\n .option norvc\n 1: sw zero,0(%1)\n" NOPS " addi %1,%1,32\n addi %0,%0,-1\n bnez %0,1b\n .option pop" \
                     : "+r"(n), "+r"(q) : : "memory"); }
STORES(s_miss0, "")
STORES(s_miss16, NOP16)
STORES(s_miss128, NOP16 NOP16 NOP16 NOP16 NOP16 NOP16 NOP16 NOP16)

/* A shift whose result the next instruction (sh_use) or the one after
 * (sh_use2) reads, eight per iteration, against the same loops with the
 * result unused: both cores shift in the memory stage
 * (FullBarrelShifterPlugin(earlyInjection = false), GenBetrustedSoC.scala,
 * GenCramSoC.scala), so the result cannot be bypassed from execute.  Eight
 * per iteration, because Precursor's per-iteration costs move by up to a
 * cycle with placement.  Last in the file, so that the kernels above keep
 * their places. */
#define X8(S) S S S S S S S S
LOOP(k_sh, X8(" slli %1,%0,3\n nop\n"))
LOOP(k_sh_use, X8(" slli %1,%0,3\n addi %1,%1,1\n"))
LOOP(k_sh2, X8(" slli %1,%0,3\n nop\n nop\n"))
LOOP(k_sh_use2, X8(" slli %1,%0,3\n nop\n addi %1,%1,1\n"))

/* A call through a register to a function that only returns, and to one that
 * runs a nop first: two jalr per iteration, each to another line.  The jalr
 * kernel above jumps 8 bytes ahead, to an instruction the fetch has already
 * read; calls and returns, which are nearly all of a program's jalr, do not.
 * Last in the file too, and the callees in a section of their own (the linker
 * puts it after .text), so that the kernels above keep their places. */
__asm__(".pushsection .text.pipe_callee,\"ax\",@progbits\n .balign 64\n pipe_f_ret:\n .option push\n .option norvc\n ret\n .option pop\n"
        " .balign 64\n pipe_f_nop_ret:\n .option push\n .option norvc\n nop\n ret\n .option pop\n .popsection\n");
#define CALL(fn, FN) KERNEL fn(volatile uint32_t *p, int n) { uint32_t t; (void)p; \
    __asm__ volatile(".option push\n .option norvc\n 1: la %1," FN "\n jalr %1\n nop\n nop\n addi %0,%0,-1\n bnez %0,1b\n .option pop" \
                     : "+r"(n), "=&r"(t) : : "ra", "memory"); }
CALL(k_call, "pipe_f_ret")
CALL(k_call_nop, "pipe_f_nop_ret")
/* A call whose return point starts with a shift (or a load) the next
 * instruction reads: while the jalr resolves (memory stage), those two sit
 * behind it, and the read stalls decode; the refetch then waits a cycle too.
 * Against the same with the result unused. */
#define CALLPAIR(fn, FIRST, USE) KERNEL fn(volatile uint32_t *p, int n) { uint32_t t; \
    __asm__ volatile(".option push\n .option norvc\n 1: la %1,pipe_f_ret\n jalr %1\n" FIRST USE " addi %0,%0,-1\n bnez %0,1b\n .option pop" \
                     : "+r"(n), "=&r"(t) : "r"(p) : "ra", "memory"); }
CALLPAIR(k_call_sh_use, " slli %1,%0,3\n", " addi %1,%1,1\n")
CALLPAIR(k_call_sh, " slli %1,%0,3\n", " nop\n")
CALLPAIR(k_call_ld_use, " lw %1,0(%2)\n", " addi %1,%1,1\n")
CALLPAIR(k_call_ld, " lw %1,0(%2)\n", " nop\n")
/* Which of the two it is: a jr to a block elsewhere, with the pair on the
 * wrong path behind the jr (never run) or at its target (run), against
 * neither; the block jumps back with a j. */
#define JRPAIR(fn, FALL, TGT) KERNEL fn(volatile uint32_t *p, int n) { uint32_t t, u; (void)p; \
    __asm__ volatile(".option push\n .option norvc\n la %1,3f\n 1: nop\n nop\n jr %1\n" FALL " 3:" TGT \
                     " nop\n addi %0,%0,-1\n bnez %0,1b\n .option pop" : "+r"(n), "=&r"(t), "=&r"(u) : : "memory"); }
#define PAIR_USE " slli %2,%0,3\n addi %2,%2,1\n"
#define PAIR_NOUSE " slli %2,%0,3\n nop\n"
JRPAIR(k_jr_none, PAIR_NOUSE, PAIR_NOUSE)
JRPAIR(k_jr_fall, PAIR_USE, PAIR_NOUSE)
JRPAIR(k_jr_tgt, PAIR_NOUSE, PAIR_USE)
/* The same in compressed code: c.nop, c.nop, c.jalr to c.nop, c.jr ra.  Four
 * bytes are fetched per cycle and a compressed instruction uses two, so the
 * fetch runs ahead and waits; a jump that finds it waiting costs more. */
__asm__(".pushsection .text.pipe_callee,\"ax\",@progbits\n .balign 64\n pipe_f_nop_ret_rvc:\n .option push\n .option rvc\n c.nop\n c.jr ra\n .option pop\n .popsection\n");
KERNEL k_call_rvc(volatile uint32_t *p, int n) { uint32_t t; (void)p;
    __asm__ volatile(".option push\n .option norvc\n 1: la %1,pipe_f_nop_ret_rvc\n .option rvc\n c.nop\n c.nop\n c.jalr %1\n"
                     " c.nop\n c.nop\n .option norvc\n addi %0,%0,-1\n bnez %0,1b\n .option pop"
                     : "+r"(n), "=&r"(t) : : "ra", "memory"); }

static void measure(const char *name, void (*fn)(volatile uint32_t *, int))
{
    fn(word, 4);
    printf("window %s %d\n", name, N);
    vexcache_start();
    fn(word, N);
    vexcache_stop();
}

static void measure_stores(const char *name, void (*fn)(uint8_t *, int), uint8_t *dirty, uint8_t *q)
{
    /* dirty the L2 slots q's lines map to (64 KiB apart: the same slots) */
    s_miss0(dirty, 1024);
    printf("window %s %d\n", name, 1024);
    vexcache_start();
    fn(q, 1024);
    vexcache_stop();
}

int main(void)
{
    measure("base", k_base);
    measure("ld", k_ld);
    measure("lu1", k_lu1);
    measure("lu2", k_lu2);
    measure("st1", k_st1);
    measure("st2", k_st2);
    measure("st3", k_st3);
    measure("fwd_taken", k_fwd_taken);
    measure("fwd_not", k_fwd_not);
    measure("back_not", k_back_not);
    measure("jal", k_jal);
    measure("jalr", k_jalr);
    measure("div", k_div);
    measure("mul", k_mul);
    measure("mul_use", k_mul_use);
    measure("t_word0", t_word0);
    measure("t_word2", t_word2);
    measure("t_half0", t_half0);
    measure("t_half2", t_half2);
    measure_stores("s_miss0", s_miss0, arena, arena + 64 * KIB);
    measure_stores("s_miss16", s_miss16, arena + 128 * KIB, arena + 192 * KIB);
    measure_stores("s_miss128", s_miss128, arena + 256 * KIB, arena + 320 * KIB);
    measure("sh", k_sh);
    measure("sh_use", k_sh_use);
    measure("sh2", k_sh2);
    measure("sh_use2", k_sh_use2);
    measure("call", k_call);
    measure("call_nop", k_call_nop);
    measure("call_rvc", k_call_rvc);
    measure("call_sh_use", k_call_sh_use);
    measure("call_sh", k_call_sh);
    measure("call_ld_use", k_call_ld_use);
    measure("call_ld", k_call_ld);
    measure("jr_none", k_jr_none);
    measure("jr_fall", k_jr_fall);
    measure("jr_tgt", k_jr_tgt);
    printf("done\n");
    exit(0);   /* picolibc's crt0 here spins when main returns */
}
