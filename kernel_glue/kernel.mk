# kernel.mk - the kernel variant (included by the top-level Makefile).
#
#   make kernel [STRATEGY=name]   build/rv32/kernel.elf on one design, linked
#                                 directly (-DOWN_DIRECT); default: results/WINNER
#   make run-kernel               boot it under QEMU and exit with its status
#   make kernels                  build it for every design
# `make test` builds all, boots the default one and runs the glue's host tests.

STRATEGY ?= $(shell cat results/WINNER 2>/dev/null || echo flat)
KCC := riscv64-unknown-elf-gcc
KSIZE := riscv64-unknown-elf-size
KARCH := -march=rv32imac -misa-spec=2.2 -mabi=ilp32
KCFLAGS := --specs=picolibc.specs $(KARCH) $(CSTD) $(WARN) -O2 -g -ffunction-sections -fdata-sections
KLAYOUT := -Wl,--defsym=__flash=0x80000000 -Wl,--defsym=__flash_size=0x00400000 \
	-Wl,--defsym=__ram=0x80400000 -Wl,--defsym=__ram_size=0x01c00000
QEMU_RV32 := qemu-system-riscv32 -machine virt -m 64M -nographic -bios none \
	-semihosting-config enable=on,target=native -icount shift=0
GLUE_SRC := kernel_glue/bootargs.c kernel_glue/mm.c
GLUE_HDR := kernel_glue/bootargs.h kernel_glue/mm.h $(LOOKUP_HDR) $(SHARED_HDR)

.PHONY: kernel run-kernel kernels test-kernel test-glue
kernel: deps $(B)/rv32/kernel.elf
	@$(KSIZE) $(B)/rv32/kernel.elf

$(B)/rv32/kernel.elf: $(B)/rv32/kernel-$(STRATEGY).elf
	cp $< $@

$(B)/rv32/kernel-%.elf: kernel_glue/start.S kernel_glue/kmain.c $(GLUE_SRC) boards/normalise.c lookup/map.c lookup/%.c $(GLUE_HDR)
	@mkdir -p $(@D)
	$(KCC) $(KCFLAGS) -DOWN_DIRECT=$* -DOWN_NO_PEERS $(INC) -nostartfiles $(KLAYOUT) \
		-o $@ $(filter %.S %.c,$^) --oslib=semihost

run-kernel: kernel
	timeout 120 $(QEMU_RV32) -kernel $(B)/rv32/kernel.elf

kernels: deps $(DESIGNS:%=$(B)/rv32/kernel-%.elf)
	@$(KSIZE) $(filter %.elf,$^)

$(B)/glue_test: kernel_glue/test_glue.c $(GLUE_SRC) lookup/map.c lookup/$(STRATEGY).c $(GLUE_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) -DOWN_DIRECT=$(STRATEGY) -DOWN_NO_PEERS -o $@ $(filter %.c,$^) -lcmocka

test-glue: $(B)/glue_test
	$(B)/glue_test

test-kernel: kernels
	timeout 120 $(QEMU_RV32) -kernel $(B)/rv32/kernel-$(STRATEGY).elf

TEST_STEPS += test-glue test-kernel
