/*
 * ktrap.S - the S-mode side of the bill replay (kernel_glue/kbill.c): the
 * trap vector, the return to U-mode, the user stub, and the one-way step
 * from M-mode into S-mode.
 *
 * A process context is 32 words: x1..x31 at 0..120, sepc at 124.  As in
 * Xous (kernel/src/arch/riscv/irq.rs:202-279, the trap handler reached from
 * the assembly entry that saves every register of the thread), the entry
 * saves all 31 registers, runs the handler on the kernel's stack, and either
 * resumes a context (sret) or, when the phase's run of user requests ends,
 * returns to the kernel loop that called kb_run_user.
 */
    .section .text.kbtrap, "ax"
    .balign 4
    .global kb_trap_entry
kb_trap_entry:
    csrrw   t6, sscratch, t6
    sw x1, 0(t6)
    sw x2, 4(t6)
    sw x3, 8(t6)
    sw x4, 12(t6)
    sw x5, 16(t6)
    sw x6, 20(t6)
    sw x7, 24(t6)
    sw x8, 28(t6)
    sw x9, 32(t6)
    sw x10, 36(t6)
    sw x11, 40(t6)
    sw x12, 44(t6)
    sw x13, 48(t6)
    sw x14, 52(t6)
    sw x15, 56(t6)
    sw x16, 60(t6)
    sw x17, 64(t6)
    sw x18, 68(t6)
    sw x19, 72(t6)
    sw x20, 76(t6)
    sw x21, 80(t6)
    sw x22, 84(t6)
    sw x23, 88(t6)
    sw x24, 92(t6)
    sw x25, 96(t6)
    sw x26, 100(t6)
    sw x27, 104(t6)
    sw x28, 108(t6)
    sw x29, 112(t6)
    sw x30, 116(t6)
    csrr    t5, sscratch
    sw      t5, 120(t6)
    csrr    t5, sepc
    sw      t5, 124(t6)
    la      t0, kb_ksave
    lw      sp, 0(t0)
    lw      gp, 8(t0)
    lw      tp, 12(t0)
    mv      a0, t6
    call    kb_trap_c
    beqz    a0, kb_leave
    j       kb_resume

/* kb_run_user(ctx): saves the kernel's callee-saved state, resumes ctx in
 * U-mode; returns 0 when the handler ends the run. */
    .global kb_run_user
kb_run_user:
    la      t0, kb_ksave
    sw      sp, 0(t0)
    sw      ra, 4(t0)
    sw      gp, 8(t0)
    sw      tp, 12(t0)
    sw      s0, 16(t0)
    sw      s1, 20(t0)
    sw      s2, 24(t0)
    sw      s3, 28(t0)
    sw      s4, 32(t0)
    sw      s5, 36(t0)
    sw      s6, 40(t0)
    sw      s7, 44(t0)
    sw      s8, 48(t0)
    sw      s9, 52(t0)
    sw      s10, 56(t0)
    sw      s11, 60(t0)
kb_resume:
    csrw    sscratch, a0
    lw      t5, 124(a0)
    csrw    sepc, t5
    li      t5, 0x100           /* sstatus.SPP = U */
    csrc    sstatus, t5
    mv      t6, a0
    lw x1, 0(t6)
    lw x2, 4(t6)
    lw x3, 8(t6)
    lw x4, 12(t6)
    lw x5, 16(t6)
    lw x6, 20(t6)
    lw x7, 24(t6)
    lw x8, 28(t6)
    lw x9, 32(t6)
    lw x10, 36(t6)
    lw x11, 40(t6)
    lw x12, 44(t6)
    lw x13, 48(t6)
    lw x14, 52(t6)
    lw x15, 56(t6)
    lw x16, 60(t6)
    lw x17, 64(t6)
    lw x18, 68(t6)
    lw x19, 72(t6)
    lw x20, 76(t6)
    lw x21, 80(t6)
    lw x22, 84(t6)
    lw x23, 88(t6)
    lw x24, 92(t6)
    lw x25, 96(t6)
    lw x26, 100(t6)
    lw x27, 104(t6)
    lw x28, 108(t6)
    lw x29, 112(t6)
    lw x30, 116(t6)
    lw x31, 120(t6)
    sret

kb_leave:
    la      t0, kb_ksave
    lw      sp, 0(t0)
    lw      ra, 4(t0)
    lw      gp, 8(t0)
    lw      tp, 12(t0)
    lw      s0, 16(t0)
    lw      s1, 20(t0)
    lw      s2, 24(t0)
    lw      s3, 28(t0)
    lw      s4, 32(t0)
    lw      s5, 36(t0)
    lw      s6, 40(t0)
    lw      s7, 44(t0)
    lw      s8, 48(t0)
    lw      s9, 52(t0)
    lw      s10, 56(t0)
    lw      s11, 60(t0)
    li      a0, 0
    ret

/* kb_to_smode(): called in M-mode, returns to its caller in S-mode
 * (mstatus.MPP = S, mepc = ra, mret). */
    .global kb_to_smode
kb_to_smode:
    li      t0, 0x1800
    csrc    mstatus, t0
    li      t0, 0x0800
    csrs    mstatus, t0
    csrw    mepc, ra
    mret

/* kb_skip_insn: a machine-mode trap vector for kb_setup's CSR writes that
 * steps over the (4-byte) instruction that trapped. */
    .balign 4
    .global kb_skip_insn
kb_skip_insn:
    csrw    mscratch, t0
    csrr    t0, mepc
    addi    t0, t0, 4
    csrw    mepc, t0
    csrr    t0, mscratch
    mret

    .section .bss.kbsave, "aw", @nobits
    .balign 4
kb_ksave:
    .space  64

/* The user program every process runs: ask, and ask again.  The kernel puts
 * the request (the trace line's index) in a0 before each return to it. */
    .section .text.kbstub, "ax"
    .balign 4096
    .global kb_stub
kb_stub:
    ecall
    j       kb_stub
    .balign 4096
