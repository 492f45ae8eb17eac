# kernel.mk - the kernel variant (included by the top-level Makefile).
#
#   make kernel [STRATEGY=name]   $(B)/rv32/kernel.elf on one design, linked
#                                 directly (-DOWN_DIRECT); default: results/WINNER
#   make run-kernel [XOUS_ARGS=FILE] [VARIANT=quiet] [DESIGNS=...] [BOARD=...]
#                                 builds the workload for the block FILE
#                                 ($(B)/xoustrace --xous FILE --variant V), then
#                                 boots every design's image from FILE under
#                                 QEMU with the VexRiscv cache model of the
#                                 block's board: the scripted checks, then the
#                                 workload served through the syscall path
#                                 (kbill.c); per phase the whole bill, the
#                                 table's cycles and the share; exit 0 when
#                                 every run passes and every design's answers
#                                 agree (default FILE: $(B)/xous/precursor.bin)
#   make kernels                  the image of every design in DESIGNS
#   make test-glue                the glue's host tests, once per design (ASan+UBSan)
#   make test-kernel              every design's image boots from each board's
#                                 block and serves that board's tiny workload
#   make bench-bill               results/rv32/bill.csv and bill_events.csv:
#                                 every design serves every variant of both
#                                 boards' workloads (KB_VARIANTS) under the
#                                 board's cache model
#
# How the block reaches the image: QEMU's generic loader copies FILE, as raw
# bytes, to KARGS_ADDR in the virt machine's RAM, above everything the image
# uses (code from 0x80000000, data and stack below 0x82000000); the image reads
# the block's own length from its XArg tag and never looks past KARGS_MAX.
# Where the block would sit in the board's flash (for the IniF texts that
# follow it there) is the board's business, not the block's: kboot.c.
# QEMU's RAM is 128 MiB: 0x84000000-0x87ffffff holds the shadow frames of the
# board's main RAM (kbill.c).
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
KLAYOUT := -Wl,--defsym=__flash=0x80000000 -Wl,--defsym=__flash_size=0x01000000 \
	-Wl,--defsym=__ram=0x81000000 -Wl,--defsym=__ram_size=0x01000000
QEMU_RV32 := qemu-system-riscv32 -machine virt -m 128M -nographic -bios none \
	-semihosting-config enable=on,target=native -icount shift=0
# The block, and the cache model for its board; the filter labels the
# model's lines with the workload and phase they measured ($(4): the design,
# $(5): a CSV prefix or empty).
# The kernel maps itself (RAM, 0x80000000-0x87ffffff) with 4 MiB megapages
# (kbill.c: KERN_BASE, KERN_MEGAPAGES): the model's TLBs are told so.
KB_SUPERPAGES := 80000000:88000000
KRUN = set -o pipefail; timeout $(KTIMEOUT) $(QEMU_RV32) -kernel $(1) \
	-device loader,file=$(2),addr=$(KARGS_ADDR),force-raw=on \
	-d plugin -plugin $(VEXCACHE),board=$(3),superpages=$(KB_SUPERPAGES) 2>&1 < /dev/null | \
	awk -v model=$(3) -v strategy=$(4) -v csv=$(5) -f kernel_glue/billrun.awk
KTIMEOUT ?= 600
# The workloads compiled into an image: a set is a directory $(KB)/SET with
# kb_traces.h (KB_TRACES: X(id) per workload) and traces.a (bill.awk's arrays,
# compiled).  Sets: B (every variant of board B's workload: the bench),
# test-B (board B's tiny workload: make test), block (the workload built for
# XOUS_ARGS: make run-kernel).
KB := $(B)/rv32/kbill
KB_BOARDS := precursor bao1x
KB_VARIANTS ?= quiet busy apps pressure devices batched debug
VARIANT ?= quiet
# A board's variants as committed; before they exist, the board's one trace.
kb_traces_of = $(or $(wildcard $(KB_VARIANTS:%=workloads/traces/$(1)-%.trace)),$(wildcard workloads/traces/$(1).trace))
kb_tiny_of = $(or $(wildcard workloads/traces/$(1)-tiny.trace),$(wildcard workloads/traces/$(1).trace))
# kbset.sh makes a set from trace files.
KBSET = kernel_glue/kbset.sh $(1) $(KCC) "$(KCFLAGS)" $(2)
define kb_board_set
$(KB)/$(1)/traces.a: $(call kb_traces_of,$(1)) kernel_glue/bill.awk
	$$(call KBSET,$(KB)/$(1),$(call kb_traces_of,$(1)))
$(KB)/test-$(1)/traces.a: $(call kb_tiny_of,$(1)) kernel_glue/bill.awk
	$$(call KBSET,$(KB)/test-$(1),$(call kb_tiny_of,$(1)))
endef
$(foreach b,$(KB_BOARDS),$(eval $(call kb_board_set,$(b))))

# The block's own workload, rebuilt when the block, the variant or the
# generator changes (the file is replaced only when its bytes do).
$(KB)/block/workload.trace: $(B)/xoustrace kb-always
	@mkdir -p $(@D)
	@$(B)/xoustrace --xous $(XOUS_ARGS) --variant $(VARIANT) > $@.tmp || { rm -f $@.tmp; exit 2; }
	@n=$$(basename $(XOUS_ARGS) .bin | tr -c 'a-zA-Z0-9\n' _)-$(VARIANT); \
		cmp -s $@.tmp $@ && cmp -s $(@D)/name <(echo $$n) || { echo $$n > $(@D)/name; cp $@.tmp $@; }; rm -f $@.tmp
$(KB)/block/traces.a: $(KB)/block/workload.trace kernel_glue/bill.awk
	@cp $< $(KB)/block/$$(cat $(KB)/block/name).trace
	$(call KBSET,$(KB)/block,$(KB)/block/$$(cat $(KB)/block/name).trace)

.PHONY: kernel run-kernel kernels test-kernel test-glue kernel-always kb-always bench-bill
kernel: deps $(B)/rv32/kernel.elf
	@$(KSIZE) $(B)/rv32/kernel.elf

# Always compared with the image STRATEGY names, so that `make kernel` after
# `make kernel STRATEGY=xous` boots the winner again.
$(B)/rv32/kernel.elf: $(KB)/test-precursor/kernel-$(STRATEGY).elf kernel-always
	@cmp -s $< $@ || cp $< $@

GLUE_SRC := kernel_glue/mm.c kernel_glue/kboot.c boards/sentence.c boards/xousargs.c boards/normalise.c \
	workloads/xousboot.c lookup/map.c
GLUE_HDR := $(wildcard kernel_glue/*.h) $(LOOKUP_HDR) $(SHARED_HDR)
KB_SRC := kernel_glue/start.S kernel_glue/ktrap.S kernel_glue/kmain.c kernel_glue/kbill.c
# The bench's sets (a board's variants) leave the scripted steps out.
define kb_image_rule
$(KB)/%/kernel-$(1).elf: $(KB)/%/traces.a kernel_glue/kbset.sh $(KB_SRC) $(GLUE_SRC) lookup/$(1).c $(GLUE_HDR) vexcache/guest.h
	$$(KCC) $$(KCFLAGS) -DOWN_DIRECT=$(1) -DOWN_NO_PEERS $$(if $$(filter $$(KB_BOARDS),$$*),-DKB_BILL_ONLY) \
		-I$$(KB)/$$* $$(INC) -nostartfiles $$(KLAYOUT) -o $$@ $$(filter %.S %.c,$$^) $$(KB)/$$*/traces.a \
		--oslib=semihost
endef
$(foreach d,$(DESIGNS),$(eval $(call kb_image_rule,$(d))))
.SECONDARY:

# Every design (DESIGNS) on the block's workload; the answers (every phase's
# operations, refusals and answer hash) must agree across designs.
run-kernel: deps $(VEXCACHE) $(XOUS_ARGS) $(DESIGNS:%=$(KB)/block/kernel-%.elf)
	@rc=0; first=""; for d in $(DESIGNS); do \
		echo "=== $$d on $(XOUS_ARGS) ($$(cat $(KB)/block/name))"; \
		( $(call KRUN,$(KB)/block/kernel-$$d.elf,$(XOUS_ARGS),$(KBOARD),$$d,) ) > $(KB)/block/run-$$d.log; s=$$?; \
		grep -E '^(strategy|bill: workload|bill: .* done|[0-9]+ passed|boot stopped|bill: stopped)' $(KB)/block/run-$$d.log; \
		sed -n '/^bill (/,$$p' $(KB)/block/run-$$d.log; \
		[ $$s -eq 0 ] || { echo "$$d: exit status $$s"; rc=$$s; continue; }; \
		grep '^bill: end ' $(KB)/block/run-$$d.log | sed 's/ instructions=.*//' > $(KB)/block/run-$$d.answers; \
		[ -z "$$first" ] && first=$$d; \
		cmp -s $(KB)/block/run-$$first.answers $(KB)/block/run-$$d.answers || \
			{ echo "$$d: answers differ from $$first's"; diff $(KB)/block/run-$$first.answers $(KB)/block/run-$$d.answers | head; rc=1; }; \
	done; [ $$rc -eq 0 ] && echo "run-kernel: every design booted $(XOUS_ARGS) and served its workload; answers agree"; exit $$rc

kernels: deps $(DESIGNS:%=$(KB)/test-precursor/kernel-%.elf)
	@$(KSIZE) $(filter %.elf,$^)

$(B)/glue/test-%: kernel_glue/test_glue.c $(GLUE_SRC) boards/numbers.c boards/bootdesc.c boards/xousblock.c \
		boards/lines.c lookup/%.c $(GLUE_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) -Ikernel_glue -DOWN_DIRECT=$* -DOWN_NO_PEERS -o $@ $(filter %.c,$^) -lcmocka

test-glue: $(DESIGNS:%=$(B)/glue/test-%)
	@for t in $^; do $$t || exit 1; done

# Every design's image boots from each board's block ($(B)/xous/B.bin) and
# must end with exit 0: the scripted checks pass, the tiny workload is served
# with the same answers on every design, every phase and event kind has its
# table cycles inside its whole bill; a damaged copy of the block must stop
# boot with a reason.  Two runs at a time (2 cores).
test-kernel: deps $(VEXCACHE) $(KB_BOARDS:%=$(B)/xous/%.bin) \
		$(foreach b,$(KB_BOARDS),$(DESIGNS:%=$(KB)/test-$(b)/kernel-%.elf))
	@rc=0; for b in $(KB_BOARDS); do \
		for d in $(DESIGNS); do \
			rm -f $(KB)/test-$$b/run-$$d.bill.csv $(KB)/test-$$b/run-$$d.events.csv; \
			( $(call KRUN,$(KB)/test-$$b/kernel-$$d.elf,$(B)/xous/$$b.bin,$$b,$$d,$(KB)/test-$$b/run-$$d) ) \
				> $(KB)/test-$$b/run-$$d.log 2>&1 & \
			[ $$(jobs -r | wc -l) -ge 2 ] && wait -n; \
		done; wait; \
		for d in $(DESIGNS); do log=$(KB)/test-$$b/run-$$d.log; \
			echo "=== $$b kernel-$$d: $$(grep -E '^[0-9]+ passed' $$log)"; \
			grep -q '^[0-9]* passed, 0 failed' $$log || { tail -n 30 $$log; rc=1; continue; }; \
			grep '^bill: end ' $$log | sed 's/ instructions=.*//' > $(KB)/test-$$b/run-$$d.answers; \
			cmp -s $(KB)/test-$$b/run-$(firstword $(DESIGNS)).answers $(KB)/test-$$b/run-$$d.answers || \
				{ echo "kernel-$$d: answers differ from $(firstword $(DESIGNS))'s"; rc=1; }; \
			awk -F, '$$7 > $$6 || $$6 <= 0 { bad = 1 } END { exit bad || NR < 4 }' $(KB)/test-$$b/run-$$d.bill.csv && \
			awk -F, '$$8 > $$7 { bad = 1 } END { exit bad || NR < 4 }' $(KB)/test-$$b/run-$$d.events.csv || \
				{ echo "kernel-$$d: a phase or event whose table cycles are not inside its whole bill"; rc=1; }; \
		done; \
		sed -n '/^bill (/,/^per event/p' $(KB)/test-$$b/run-$(firstword $(DESIGNS)).log; \
	done; exit $$rc
	@head -c 16 $(B)/xous/precursor.bin > $(KB)/damaged.bin && printf 'XXXX' >> $(KB)/damaged.bin && \
		tail -c +21 $(B)/xous/precursor.bin >> $(KB)/damaged.bin
	@if ( $(call KRUN,$(KB)/test-precursor/kernel-$(firstword $(DESIGNS)).elf,$(KB)/damaged.bin,precursor,x,) ) \
		> $(KB)/damaged.log; then cat $(KB)/damaged.log; echo "a damaged block booted"; exit 1; fi
	@grep 'boot stopped' $(KB)/damaged.log

# The bill: every design on every variant of each board's workload, booted
# from the board's block; one QEMU run per design and board (two at a time),
# all variants in it, each on a fresh table.
BILL_CSV := $(RV32_RESULTS)/bill.csv
BILL_EV_CSV := $(RV32_RESULTS)/bill_events.csv
bench-bill: deps $(VEXCACHE) $(KB_BOARDS:%=$(B)/xous/%.bin) \
		$(foreach b,$(KB_BOARDS),$(DESIGNS:%=$(KB)/$(b)/kernel-%.elf))
	@mkdir -p $(RV32_RESULTS) $(KB)/runs; rm -f $(KB)/runs/*; start=$$(date +%s); \
	for b in $(KB_BOARDS); do for d in $(DESIGNS); do \
		( $(call KRUN,$(KB)/$$b/kernel-$$d.elf,$(B)/xous/$$b.bin,$$b,$$d,$(KB)/runs/$$b-$$d) ) \
			> $(KB)/runs/$$b-$$d.log 2>&1 || echo "$$b $$d" >> $(KB)/runs/FAILED & \
		[ $$(jobs -r | wc -l) -ge 2 ] && wait -n; \
	done; done; wait; \
	if [ -s $(KB)/runs/FAILED ]; then for r in $$(tr ' ' - < $(KB)/runs/FAILED); do tail -n 20 $(KB)/runs/$$r.log; done; \
		echo "bench-bill: FAILED: $$(cat $(KB)/runs/FAILED | tr '\n' ' ')"; exit 1; fi; \
	for b in $(KB_BOARDS); do for d in $(DESIGNS); do \
		grep '^bill: end ' $(KB)/runs/$$b-$$d.log | sed 's/ instructions=.*//' > $(KB)/runs/$$b-$$d.answers; \
		cmp -s $(KB)/runs/$$b-$(firstword $(DESIGNS)).answers $(KB)/runs/$$b-$$d.answers || \
			{ echo "bench-bill: $$b: $$d's answers differ from $(firstword $(DESIGNS))'s"; exit 1; }; \
	done; done; \
	{ echo "variant,board,strategy,phase,ops,whole_cycles,table_cycles,instructions"; \
		cat $(KB)/runs/*.bill.csv; } > $(BILL_CSV).tmp && mv $(BILL_CSV).tmp $(BILL_CSV); \
	{ echo "variant,board,strategy,phase,event,events,whole_cycles,table_cycles,instructions,table_instructions"; \
		cat $(KB)/runs/*.events.csv; } > $(BILL_EV_CSV).tmp && mv $(BILL_EV_CSV).tmp $(BILL_EV_CSV); \
	awk -F, 'NR > 1 && ($$7 > $$6 || $$6 <= 0) { print "bench-bill: " FILENAME ":" NR ": the table outside the whole bill"; bad = 1 } \
		END { exit bad }' $(BILL_CSV) || exit 1; \
	awk -F, 'NR > 1 && $$8 > $$7 { print "bench-bill: " FILENAME ":" NR ": the table outside the whole bill"; bad = 1 } \
		END { exit bad }' $(BILL_EV_CSV) || exit 1; \
	echo "bench-bill: $(BILL_CSV) ($$(($$(wc -l < $(BILL_CSV)) - 1)) rows), $(BILL_EV_CSV) ($$(($$(wc -l < $(BILL_EV_CSV)) - 1)) rows), $$(( $$(date +%s) - start )) s"

TEST_STEPS += test-glue test-kernel

# ---- the bill on the boards' CPU RTL (rtl/: build/rtl/vexsim-BOARD) --------
#   make bill-rtl    the kernel image, each board's KB_RTL_VARIANT workload, for
#                    KB_RTL_DESIGNS, on the RTL sim and under the cache model,
#                    from the same ELF (the block built in: the sims have no
#                    loader).  The sim sums the table's own calls between the
#                    inner markers as the plugin does (rtl/tb.cpp), so one image
#                    gives the whole bill and the table's share on the CPU's RTL:
#                    results/rtl/bill.csv (kernel_glue/billrtl.awk: per board,
#                    design and phase, instructions, RTL and model cycles, whole
#                    and table, the model's error, the table's share on the RTL).
#                    Fails unless both runs count the same instructions, whole and
#                    table.  Part of make bench (in bench-rtl's background job).
#                    RTL_REUSE=1: keep the RTL runs that ended well (only the model reruns).
#                    Without the sims: SKIPPED.
# KB_RTL_DESIGNS: today's Xous table, its two small fixes and the committed
# winner (results/WINNER, the previous bench's: the report picks this run's
# after every run has ended).
KB_RTL_DESIGNS ?= xous xous_fixed xous_hint $(filter-out xous xous_fixed xous_hint,$(shell cat results/WINNER 2>/dev/null))
KB_RTL_VARIANT ?= quiet
KB_RTL_CSV ?= $(RTL_RESULTS)/bill.csv
define kb_rtl_set
$(KB)/rtl-$(1)/traces.a: workloads/traces/$(1)-$(KB_RTL_VARIANT).trace kernel_glue/bill.awk kernel_glue/kbset.sh
	$$(call KBSET,$(KB)/rtl-$(1),$$<)
$(KB)/rtl-$(1)/kargs.S: $(B)/xous/$(1).bin
	@mkdir -p $$(@D)
	printf '    .section .rodata.kargs, "a"\n    .balign 4096\n    .global kb_kargs\nkb_kargs:\n    .incbin "%s"\n' $$< > $$@
endef
$(foreach b,$(KB_BOARDS),$(eval $(call kb_rtl_set,$(b))))
define kb_rtl_image
$(KB)/rtl-$(1)/kernel-$(2).elf: $(KB)/rtl-$(1)/traces.a $(KB)/rtl-$(1)/kargs.S $(KB_SRC) $(GLUE_SRC) \
		lookup/$(2).c $(GLUE_HDR) vexcache/guest.h
	$$(KCC) $$(KCFLAGS) -DOWN_DIRECT=$(2) -DOWN_NO_PEERS -DKB_BILL_ONLY -DKB_EMBED_ARGS \
		-I$(KB)/rtl-$(1) $$(INC) -nostartfiles $$(KLAYOUT) -o $$@ $$(filter %.S %.c,$$^) $(KB)/rtl-$(1)/traces.a \
		--oslib=semihost
endef
$(foreach b,$(KB_BOARDS),$(foreach d,$(DESIGNS),$(eval $(call kb_rtl_image,$(b),$(d)))))
KB_RTL_ELFS := $(foreach b,$(KB_BOARDS),$(foreach d,$(KB_RTL_DESIGNS),$(KB)/rtl-$(b)/kernel-$(d).elf))
.PHONY: bill-rtl bill-rtl-images
bill-rtl-images: $(KB_RTL_ELFS)
bill-rtl: deps $(VEXCACHE) bill-rtl-images
	@if [ ! -x $(B)/rtl/vexsim-precursor ] || [ ! -x $(B)/rtl/vexsim-bao1x ]; then \
		echo "bill-rtl: SKIPPED: no $(B)/rtl/vexsim-* (make rtl)"; exit 0; fi; \
	mkdir -p $(KB)/rtl $(dir $(KB_RTL_CSV)); [ -n "$(RTL_REUSE)" ] || rm -f $(KB)/rtl/*; rm -f $(KB)/rtl/FAILED; \
	start=$$(date +%s); \
	for b in $(KB_BOARDS); do for d in $(KB_RTL_DESIGNS); do \
		e=$(KB)/rtl-$$b/kernel-$$d.elf; \
		( timeout $(KTIMEOUT) $(QEMU_RV32) -kernel $$e -d plugin -plugin $(VEXCACHE),board=$$b,superpages=$(KB_SUPERPAGES) \
			> $(KB)/rtl/model-$$b-$$d.out 2>&1 < /dev/null || echo "model $$b $$d" >> $(KB)/rtl/FAILED ) & \
		if [ -z "$(RTL_REUSE)" ] || [ "$$(cat $(KB)/rtl/rtl-$$b-$$d.rc 2>/dev/null)" != 0 ]; then \
		( timeout $(RTL_TIMEOUT) $(B)/rtl/vexsim-$$b -q $$e > $(KB)/rtl/rtl-$$b-$$d.out \
			2> $(KB)/rtl/rtl-$$b-$$d.err < /dev/null; echo $$? > $(KB)/rtl/rtl-$$b-$$d.rc ) & fi; \
		while [ $$(jobs -r | wc -l) -ge 2 ]; do wait -n; done; \
	done; done; wait; \
	for b in $(KB_BOARDS); do for d in $(KB_RTL_DESIGNS); do \
		[ "$$(cat $(KB)/rtl/rtl-$$b-$$d.rc 2>/dev/null)" = 0 ] || echo "rtl $$b $$d" >> $(KB)/rtl/FAILED; \
	done; done; \
	if [ -s $(KB)/rtl/FAILED ]; then echo "bill-rtl: FAILED runs: $$(tr '\n' ' ' < $(KB)/rtl/FAILED)"; exit 1; fi; \
	echo "board,strategy,phase,ops,insns,rtl_whole,model_whole,whole_err_pct,table_insns,rtl_table,model_table,table_err_pct,rtl_table_share_pct" \
		> $(KB_RTL_CSV).tmp; \
	for b in $(KB_BOARDS); do for d in $(KB_RTL_DESIGNS); do \
		awk -v board=$$b -v strategy=$$d -f kernel_glue/billrtl.awk $(KB)/rtl/model-$$b-$$d.out $(KB)/rtl/rtl-$$b-$$d.out \
			>> $(KB_RTL_CSV).tmp || { echo "bill-rtl: $$b $$d: FAILED"; exit 1; }; \
	done; done; mv $(KB_RTL_CSV).tmp $(KB_RTL_CSV); \
	column -t -s, $(KB_RTL_CSV); \
	echo "bill-rtl: $(KB_RTL_CSV) ($$(($$(wc -l < $(KB_RTL_CSV)) - 1)) rows), $$(( $$(date +%s) - start )) s"
