/*
 * start.S - the kernel variant's first instructions on QEMU's virt machine.
 *
 * QEMU enters at the image's load address in machine mode with nothing set
 * up.  Before C can run: the global pointer and the stack, .data copied from
 * its load address to RAM, .bss zeroed, and tp pointed at the thread-local
 * block (picolibc keeps errno there).  Then main(), which ends with exit();
 * if it ever returns, exit with its value.
 */
    .section .text.init.enter, "ax"
    .global _start
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      sp, __stack

    la      a0, __data_start
    la      a1, __data_source
    la      a2, __data_source_end
1:  bgeu    a1, a2, 2f
    lw      t0, 0(a1)
    sw      t0, 0(a0)
    addi    a0, a0, 4
    addi    a1, a1, 4
    j       1b

2:  la      a0, __bss_start
    la      a1, __bss_end
3:  bgeu    a0, a1, 4f
    sw      zero, 0(a0)
    addi    a0, a0, 4
    j       3b

4:  la      tp, __tls_base
    call    main
    call    exit
5:  j       5b
