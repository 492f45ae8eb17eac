# kernel.mk - the kernel variant (included by the top-level Makefile).
#
#   make kernel [STRATEGY=name]   $(B)/rv32/kernel.elf on one design, linked
#                                 directly (-DOWN_DIRECT); default: results/WINNER
#   make run-kernel [XOUS_ARGS=FILE] [BOARD=precursor|bao1x]
#                                 boot it under QEMU from a Xous argument block
#                                 (default $(B)/xous/precursor.bin, which
#                                 tool/tool.mk writes from boards/precursor.map
#                                 and workloads/boot/precursor.boot), with the
#                                 VexRiscv cache model of the block's board
#   make kernels                  the image of every design in DESIGNS
#   make test-glue                the glue's host tests, once per design (ASan+UBSan)
#   make test-kernel              boots every design's image from the default block
#
# How the block reaches the image: QEMU's generic loader copies FILE, as raw
# bytes, to KARGS_ADDR in the virt machine's RAM, above everything the image
# uses (code at 0x80000000, data and stack below 0x82000000); the image reads
# the block's own length from its XArg tag and never looks past KARGS_MAX.
# Where the block would sit in the board's flash (for the IniF texts that
# follow it there) is the board's business, not the block's: kboot.c.
#
# The plugin's board follows the block: BOARD if given, else the board whose
# map has the block's main RAM.
#
# Strict aliasing: the designs overlay their structs on storage the kernel
# declares (kmain.c's arena, a union that kmain only hands out and reads as
# unsigned char, which may alias anything), so every typed access to it is
# the design's own, or mm.c's lending table's, each through one type only;
# the image is built with the benchmarks' flags, strict aliasing on.

STRATEGY ?= $(shell cat results/WINNER 2>/dev/null || echo flat)
XOUS_ARGS ?= $(B)/xous/precursor.bin
# The board whose map names the block's main RAM (XArg's RAM start, bytes
# 16..19 of the block), among the boards the cache model knows; precursor if
# none.  Read when the recipe runs, after the block is made.
VEXCACHE_BOARDS ?= precursor bao1x
kboard_of = $(or $(shell ram=$$(od -An -tu4 -j16 -N4 $(1) 2>/dev/null | tr -d ' '); \
	for b in $(VEXCACHE_BOARDS); do base=$$(awk '$$4 == "ram" { print $$2 }' boards/$$b.map); \
	[ -n "$$ram" ] && [ $$(($$base)) -eq "$$ram" ] && echo $$b; done),precursor)
KBOARD = $(or $(BOARD),$(call kboard_of,$(XOUS_ARGS)))
KARGS_ADDR := 0x83000000
KARGS_MAX := 0x00100000
KCC := riscv64-unknown-elf-gcc
KSIZE := riscv64-unknown-elf-size
KARCH := -march=rv32imac -misa-spec=2.2 -mabi=ilp32
KCFLAGS := --specs=picolibc.specs $(KARCH) $(CSTD) $(WARN) -O2 -g -ffunction-sections -fdata-sections \
	-DKARGS_ADDR=$(KARGS_ADDR)u -DKARGS_MAX=$(KARGS_MAX)u -Ikernel_glue
KLAYOUT := -Wl,--defsym=__flash=0x80000000 -Wl,--defsym=__flash_size=0x00400000 \
	-Wl,--defsym=__ram=0x80400000 -Wl,--defsym=__ram_size=0x01c00000
QEMU_RV32 := qemu-system-riscv32 -machine virt -m 64M -nographic -bios none \
	-semihosting-config enable=on,target=native -icount shift=0
# The block, and the cache model for its board; the filter labels the
# model's lines with the phase they measured.
KRUN = set -o pipefail; timeout $(KTIMEOUT) $(QEMU_RV32) -kernel $(1) \
	-device loader,file=$(2),addr=$(KARGS_ADDR),force-raw=on \
	-d plugin -plugin $(VEXCACHE),board=$(3) 2>&1 | awk -v model=$(3) -f kernel_glue/phases.awk
KTIMEOUT ?= 300
# Every board's trace, as bench/replay.mk generates it for the RV32 replay
# benchmark, its symbols renamed per board (kernel_glue/ktrace.h).
KTRACE_BOARDS := $(patsubst workloads/traces/%.trace,%,$(sort $(wildcard workloads/traces/*.trace)))
KT_BOARDS := $(foreach b,$(KTRACE_BOARDS),X($(b)))
KTRACE_OBJ := $(KTRACE_BOARDS:%=$(B)/rv32/ktrace/%_trace.o)
GLUE_SRC := kernel_glue/mm.c kernel_glue/kboot.c boards/sentence.c boards/xousargs.c boards/normalise.c \
	workloads/xousboot.c lookup/map.c
GLUE_HDR := $(wildcard kernel_glue/*.h) $(LOOKUP_HDR) $(SHARED_HDR)

.PHONY: kernel run-kernel kernels test-kernel test-glue kernel-always
kernel: deps $(B)/rv32/kernel.elf
	@$(KSIZE) $(B)/rv32/kernel.elf

# Always compared with the image STRATEGY names, so that `make kernel` after
# `make kernel STRATEGY=xous` boots the winner again.
$(B)/rv32/kernel.elf: $(B)/rv32/kernel-$(STRATEGY).elf kernel-always
	@cmp -s $< $@ || cp $< $@

.SECONDARY: $(KTRACE_OBJ) $(KTRACE_BOARDS:%=$(B)/rv32/replay/%_trace.c)
$(B)/rv32/ktrace/%_trace.o: $(B)/rv32/replay/%_trace.c
	@mkdir -p $(@D)
	$(KCC) $(KCFLAGS) -c -Dreplay_len=kt_$*_len -Dreplay_board=kt_$*_board \
		-Dreplay_op=kt_$*_op -Dreplay_arg=kt_$*_arg -Dreplay_slot=kt_$*_slot -o $@ $<

$(B)/rv32/kernel-%.elf: kernel_glue/start.S kernel_glue/kmain.c kernel_glue/ktrace.c \
		$(KTRACE_OBJ) $(GLUE_SRC) lookup/%.c $(GLUE_HDR) vexcache/guest.h
	@mkdir -p $(@D)
	$(KCC) $(KCFLAGS) -DOWN_DIRECT=$* -DOWN_NO_PEERS '-DKT_BOARDS=$(KT_BOARDS)' \
		$(INC) -nostartfiles $(KLAYOUT) -o $@ $(filter %.S %.c %.o,$^) --oslib=semihost

run-kernel: kernel $(VEXCACHE) $(XOUS_ARGS)
	$(call KRUN,$(B)/rv32/kernel.elf,$(XOUS_ARGS),$(KBOARD))

kernels: deps $(DESIGNS:%=$(B)/rv32/kernel-%.elf)
	@$(KSIZE) $(filter %.elf,$^)

$(B)/glue/test-%: kernel_glue/test_glue.c $(GLUE_SRC) boards/numbers.c boards/bootdesc.c boards/xousblock.c \
		boards/lines.c lookup/%.c $(GLUE_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) -Ikernel_glue -DOWN_DIRECT=$* -DOWN_NO_PEERS -o $@ $(filter %.c,$^) -lcmocka

test-glue: $(DESIGNS:%=$(B)/glue/test-%)
	@for t in $^; do $$t || exit 1; done

# Every design's image boots from the default block and must end with
# exit 0, its replay answering as the first design's did (per phase: the
# refusals and a hash of every answer but alloc's page); a damaged copy of
# the block must stop boot with a reason.
test-kernel: kernels $(VEXCACHE) $(XOUS_ARGS)
	@for d in $(DESIGNS); do \
		echo "=== kernel-$$d"; \
		( $(call KRUN,$(B)/rv32/kernel-$$d.elf,$(XOUS_ARGS),$(KBOARD)) ) > $(B)/rv32/kernel-$$d.log; \
		s=$$?; grep -E '^(strategy|replay: the trace|cycles per phase|[0-9]+ passed)' $(B)/rv32/kernel-$$d.log; \
		[ $$s -eq 0 ] || { cat $(B)/rv32/kernel-$$d.log; exit 1; }; \
		grep -E '^  phase [a-z]+: [0-9]+ operations' $(B)/rv32/kernel-$$d.log | \
			sed 's/, [0-9]* instructions$$//' > $(B)/rv32/kernel-$$d.answers; \
		cmp -s $(B)/rv32/kernel-$(firstword $(DESIGNS)).answers $(B)/rv32/kernel-$$d.answers || \
			{ echo "kernel-$$d: the replay's answers differ from $(firstword $(DESIGNS))'s"; \
			diff $(B)/rv32/kernel-$(firstword $(DESIGNS)).answers $(B)/rv32/kernel-$$d.answers; exit 1; }; \
	done
	@head -c 16 $(XOUS_ARGS) > $(B)/rv32/damaged.bin && printf 'XXXX' >> $(B)/rv32/damaged.bin && \
		tail -c +21 $(XOUS_ARGS) >> $(B)/rv32/damaged.bin
	@if $(call KRUN,$(B)/rv32/kernel-$(firstword $(DESIGNS)).elf,$(B)/rv32/damaged.bin,$(KBOARD)) \
		> $(B)/rv32/damaged.log; then cat $(B)/rv32/damaged.log; echo "a damaged block booted"; exit 1; fi
	@grep 'boot stopped' $(B)/rv32/damaged.log

TEST_STEPS += test-glue test-kernel
