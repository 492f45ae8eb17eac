# rtl.mk - cycles from the boards' own CPU RTL (issue #19): Precursor's and
# Baochip-1x's VexRiscv, as generated Verilog, under Verilator, with a thin C++
# testbench (rtl/tb.cpp) that models only what lies beyond the CPU.
#
#   make rtl         build/rtl/vexsim-precursor and build/rtl/vexsim-bao1x
#   make rtl-fetch   download the pinned RTL into build/rtl/src and check its sha256s
#   make test-rtl    (a TEST_STEP) the model's micro-programs and rtl/tlb.c on both
#                    sims: the geometry as the RTL shows it (rtl/geometry.awk)
#   make bench-rtl   the per-operation suite and the trace replays on both sims (in
#                    S-mode with Sv32, as Xous runs: vexsim -s), beside the cache model
#                    (now, and as it was before calibration) on the same ELFs:
#                    results/rtl/perop.csv, traces.csv (board, strategy, bench, phase,
#                    insns, rtl_cycles, model_cycles, model_err_pct, model0_...),
#                    ranking.csv, summary.txt, tables.md; and the kernel image
#                    (kernel_glue/kernel.mk's bill-rtl: results/rtl/bill.csv).  Every
#                    window's instruction count must equal QEMU's, or the step fails.
#   make bench-rtl-start / bench-rtl-wait  make bench's way: bench-rtl in the
#                    background beside the QEMU steps, then wait for it
#   make rtl-calibrate  the model's latencies measured on the RTL (rtl/calibrate.awk,
#                    rtl/pipeline.awk over tests/rtl/pipeline.c):
#                    results/rtl/calibration.csv, which vexcache/model.c cites
#   make rtl-stalls  CPI and where the stalls come from, per design (rtl/stalls.awk), from
#                    the RTL runs make bench-rtl left in build/rtl/runs: results/rtl/stalls.csv
#                    (replay and per-op rows) and results/rtl/stalls.md (replay, steady and exit)
#
# vexsim-BOARD [-q] [-m MAXCYCLES] ELF runs an ELF built for QEMU virt as the lab
# runs it (RAM at 0x80000000, 128 MiB, entry from the ELF), prints the program's
# output and, per window of the HINT markers (vexcache/guest.h, seen as they
# retire in the writeBack stage), "rtl: window=K insns=N cycles=N irefills=N
# drefills=N dreads_io=N stores=N walks=N walk_cycles=N"; exits with the
# program's status.  Window K is the K-th stop marker, as the vexcache plugin
# numbers them; insns excludes both markers, as the plugin does.
#   - Semihosting (picolibc's slli/ebreak/srai): the ebreak is replaced at load by
#     an uncached load from 0xFFFFFFF0 that the testbench answers once the older
#     instructions have retired (a0/a1 read from the register file): WRITE0,
#     WRITEC, WRITE, OPEN(":tt"), CLOSE, ISTTY, SEEK, FLEN, READ, CLOCK, TIME,
#     ERRNO, GET_CMDLINE, HEAPINFO, EXIT, EXIT_EXTENDED.
#   - rdinstret/rdinstreth: replaced at load by uncached loads from 0xFFFFFFF4/8,
#     answered with the testbench's own retired count (both boards alike;
#     Precursor's core maps no counter CSR).  No program reads them inside a window.
#   - Sv32 works in S-mode (rtl/tlb.c); the lab's programs run in M-mode, untranslated.
# Memory beyond the CPU (rtl/mem.h, each constant sourced or ASSUMED): Precursor's
# 64 KiB direct-mapped write-back L2 in front of SRAM (fill 32 cycles, ~320 ns per
# 8 words, betrusted_soc.py); Baochip-1x's SRAM, ASSUMED latencies (none is
# documented).  The ASSUMED ones equal the cache model's, so that RTL and model
# differ only by what the CPU does.
#
# Where the RTL comes from (third-party, never committed): RTL_DIR if set, else
# ../shared/rtl if it exists, else build/rtl/src after `make rtl-fetch` (pinned
# commits: betrusted-io/pythondata-cpu-vexriscv @b63b58b, MIT; baochip/baochip-1x
# @0a61410, CERN-OHL-W-2.0; sha256s in rtl/rtl.sha256).  When none can be had,
# every RTL step prints a SKIPPED banner and does nothing; it never passes silently.
# Knobs: RTL_JOBS (Verilator's make -j, default 2), RTL_BENCH_DIV (the per-op
# suite's operation counts divided by this, default 16), RTL_TIMEOUT (s per run),
# RTL_REPLAY_VARIANTS (all, the default: every trace variant's replay; quiet: each
# board's quiet variant alone, ~4x faster).
# RTL_REUSE=1: keep the RTL runs of a previous bench-rtl (only the model reruns).
# RTL_PGO=0: build the sims without profile-guided optimisation (see RTL_PGO below).
# Each window line ends with the cycle's stall causes, st_retire=N ... st_other=N
# (rtl/tb.cpp's header: how a cycle is classified, and in which priority order);
# test-rtl checks them on the micro-programs (rtl/stalls.awk).

RTL_B := $(B)/rtl
VERILATOR ?= verilator
RTL_JOBS ?= 2
RTL_TIMEOUT ?= 3600
RTL_BENCH_DIV ?= 16
RTL_RESULTS ?= results/rtl
RTL_BOARDS := precursor bao1x

ifeq ($(origin RTL_DIR),undefined)
  ifneq ($(wildcard ../shared/rtl/precursor/VexRiscv_BetrustedSoC_Debug.v),)
    RTL_DIR := ../shared/rtl
  else ifneq ($(wildcard $(RTL_B)/src/precursor/VexRiscv_BetrustedSoC_Debug.v),)
    RTL_DIR := $(RTL_B)/src
  else
    RTL_DIR :=
  endif
endif

RTL_TB := rtl/tb.cpp rtl/mem.h rtl/bus.h
# The sims are compiled with clang++ and profile-guided optimisation (RTL_PGO=1,
# the default): built first instrumented (-fprofile-instr-generate), run on the
# first 15 M cycles of the board's `busy` replay in S-mode (the lab's own mix:
# walks, caches, L2, stores), the profile turned into profdata (llvm-profdata),
# then rebuilt with -fprofile-instr-use.  The results are the same, bit for bit;
# Verilator 5.006's evaluation of the core is ~90% of the time, and it runs
# ~1.18x as fast as g++ with a profile of rtl/tlb.c (42.5 s -> 36.0 s for 60 M
# Precursor cycles of the quiet replay; a profile merged from both: 39.1 s;
# 2026-12-07).  RTL_PGO=0: one plain build.
RTL_CXX ?= clang++
RTL_PROFDATA ?= llvm-profdata
RTL_VFLAGS := --cc --exe --build -O3 -Wno-WIDTH -Wno-PINMISSING -Wno-fatal --prefix Vcpu \
	-MAKEFLAGS "OPT_FAST=-O2 CXX=$(RTL_CXX) LINK=$(RTL_CXX)" -j $(RTL_JOBS)
RTL_PGO ?= 1
RTL_CFLAGS := -O2
RTL_PGO_GEN := -fprofile-instr-generate
RTL_PGO_USE = -fprofile-instr-use=$(CURDIR)/$(RTL_B)/$(1)/train.profdata -Wno-profile-instr-unprofiled \
	-Wno-profile-instr-out-of-date
RTL_PGO_TRAIN_CYCLES := 15000000
RTL_SRC_precursor := $(RTL_DIR)/precursor/VexRiscv_BetrustedSoC_Debug.v
RTL_SRC_bao1x := $(RTL_DIR)/bao1x/VexRiscv_CramSoC.v $(RTL_DIR)/bao1x/memory_AesZknPlugin_rom_storage_Rom_1rs.v \
	rtl/Ram_1w_1rs.v
RTL_TOP_precursor := VexRiscv
RTL_TOP_bao1x := VexRiscvAxi4
RTL_DEF_precursor := BOARD_PRECURSOR
RTL_DEF_bao1x := BOARD_BAO1X
RTL_SIMS := $(RTL_BOARDS:%=$(RTL_B)/vexsim-%)

# Printed, and the step ends well, when the RTL cannot be had at all.
define rtl_skip_banner
	echo "##################################################################"; \
	echo "## RTL: SKIPPED -- no RTL_DIR, no ../shared/rtl, and make rtl-fetch"; \
	echo "## failed (no network?).  No RTL cycles were measured: nothing here"; \
	echo "## has been checked against the CPUs' RTL."; \
	echo "##################################################################"
endef

# $(call rtl_verilate,BOARD,EXTRA CFLAGS,EXTRA LDFLAGS,OUTPUT): one Verilator build
define rtl_verilate
	$(VERILATOR) $(RTL_VFLAGS) --top-module $(RTL_TOP_$(1)) -Mdir $(RTL_B)/$(1)/obj \
		-CFLAGS "$(RTL_CFLAGS) $(2) -D$(RTL_DEF_$(1)) -I$(CURDIR)/rtl" $(if $(3),-LDFLAGS "$(3)") -o $(4) rtl/$(1).vlt \
		$(abspath $(RTL_SRC_$(1))) $(CURDIR)/rtl/tb.cpp >> $(RTL_B)/$(1).log 2>&1 || \
		{ tail -n 30 $(RTL_B)/$(1).log; echo "rtl: Verilator build of $(1) FAILED"; exit 1; }
endef

define rtl_sim_rule
$(RTL_B)/vexsim-$(1): $(RTL_TB) rtl/$(1).vlt $(RTL_SRC_$(1)) rtl/rtl.mk $(if $(filter 1,$(RTL_PGO)),$(REPLAY_RV32)/replay_$(1)-busy.elf)
	@command -v $(VERILATOR) >/dev/null || { echo "rtl: $(VERILATOR) MISSING: run make deps (Debian: verilator). FAILED"; exit 1; }
	@rm -rf $(RTL_B)/$(1)/obj; mkdir -p $(RTL_B)/$(1); : > $(RTL_B)/$(1).log
	@if [ $(1) = precursor ]; then cp $(RTL_DIR)/precursor/*.bin $(RTL_B)/; cp $(RTL_DIR)/precursor/*.bin $(RTL_B)/$(1)/; fi
ifeq ($(RTL_PGO),1)
	$(call rtl_verilate,$(1),$(RTL_PGO_GEN),-fprofile-instr-generate,$(CURDIR)/$(RTL_B)/$(1)/vexsim-train)
	@rm -f $(RTL_B)/$(1)/*.profraw
	LLVM_PROFILE_FILE=$(CURDIR)/$(RTL_B)/$(1)/busy.profraw $(RTL_B)/$(1)/vexsim-train -q -s -m $(RTL_PGO_TRAIN_CYCLES) \
		$(REPLAY_RV32)/replay_$(1)-busy.elf > $(RTL_B)/$(1)/train.out 2>&1; [ $$$$? = 5 ] || \
		{ tail -n 5 $(RTL_B)/$(1)/train.out; echo "rtl: the profiling run of $(1) on the busy replay FAILED"; exit 1; }
	$(RTL_PROFDATA) merge -o $(RTL_B)/$(1)/train.profdata $(RTL_B)/$(1)/busy.profraw
	@rm -f $(RTL_B)/$(1)/obj/*.o $(RTL_B)/$(1)/obj/*.a $(RTL_B)/$(1)/vexsim-train
	$(call rtl_verilate,$(1),$(call RTL_PGO_USE,$(1)),,$(CURDIR)/$$@)
else
	$(call rtl_verilate,$(1),,,$(CURDIR)/$$@)
endif
endef
ifneq ($(RTL_DIR),)
$(foreach b,$(RTL_BOARDS),$(eval $(call rtl_sim_rule,$(b))))
endif

.PHONY: rtl rtl-fetch test-rtl bench-rtl bench-rtl-start bench-rtl-unpin bench-rtl-wait rtl-calibrate rtl-stalls
ifeq ($(RTL_DIR),)
rtl test-rtl bench-rtl rtl-calibrate:
	@if rtl/fetch.sh $(RTL_B)/src; then $(MAKE) --no-print-directory $@ RTL_DIR=$(RTL_B)/src; \
	else $(rtl_skip_banner); fi
# Without any RTL: the banner, as the background job's log, for bench-rtl-wait.
bench-rtl-start:
	@mkdir -p $(RTL_B); rm -f $(RTL_B)/bench-rtl.rc
	@if rtl/fetch.sh $(RTL_B)/src; then $(MAKE) --no-print-directory $@ RTL_DIR=$(RTL_B)/src; \
	else ( $(rtl_skip_banner) ) > $(RTL_B)/bench-rtl.log; echo 0 > $(RTL_B)/bench-rtl.rc; echo $$$$ > $(RTL_B)/bench-rtl.pid; fi
else
rtl: $(RTL_SIMS)
	@echo "rtl: $(RTL_SIMS) (RTL from $(RTL_DIR))"
endif

rtl-fetch:
	rtl/fetch.sh $(RTL_B)/src

# ---- make test-rtl -------------------------------------------------------
RTL_MICRO := $(RTL_BOARDS:%=$(B)/vexcache/micro_%.elf)
RTL_TLB_ENTRIES_precursor := 4
RTL_TLB_ENTRIES_bao1x := 8
RTL_TLB := $(RTL_BOARDS:%=$(RTL_B)/tlb_%.elf)
$(RTL_B)/tlb_%.elf: tests/rtl/tlb.c vexcache/guest.h | rv32-tools
	@mkdir -p $(@D)
	$(RV32_CC) $(VEXCACHE_MICRO_FLAGS) -DTLB_ENTRIES=$(RTL_TLB_ENTRIES_$*) -o $@ $<

ifneq ($(RTL_DIR),)
test-rtl: $(RTL_SIMS) $(RTL_MICRO) $(RTL_TLB)
	@rc=0; for b in $(RTL_BOARDS); do \
		( timeout $(RTL_TIMEOUT) $(RTL_B)/vexsim-$$b $(B)/vexcache/micro_$$b.elf > $(RTL_B)/micro_$$b.out 2> $(RTL_B)/micro_$$b.err; \
		  echo $$? > $(RTL_B)/micro_$$b.rc ) & \
		( timeout $(RTL_TIMEOUT) $(RTL_B)/vexsim-$$b $(RTL_B)/tlb_$$b.elf > $(RTL_B)/tlb_$$b.out 2> $(RTL_B)/tlb_$$b.err; \
		  echo $$? > $(RTL_B)/tlb_$$b.rc ) & \
	done; wait; \
	good=0; bad=0; \
	for b in $(RTL_BOARDS); do \
		dbytes=16384; entries=4; [ $$b = bao1x ] && entries=8; \
		for p in micro tlb; do \
			st=$$(cat $(RTL_B)/$${p}_$$b.rc); \
			if [ "$$st" != 0 ]; then echo "FAIL $$b $$p: vexsim exit status $$st"; tail -n 3 $(RTL_B)/$${p}_$$b.err; bad=$$((bad + 1)); continue; fi; \
			tail -n 1 $(RTL_B)/$${p}_$$b.out | grep -q '^done' || { echo "FAIL $$b $$p: the guest did not finish"; bad=$$((bad + 1)); }; \
			awk -v board=$$b -v dbytes=$$dbytes -v rounds=50 -v entries=$$entries \
				-f rtl/geometry.awk $(RTL_B)/$${p}_$$b.out > $(RTL_B)/$${p}_$$b.check; \
			grep -v '^RESULT' $(RTL_B)/$${p}_$$b.check; \
			read -r _ g f <<< "$$(grep '^RESULT' $(RTL_B)/$${p}_$$b.check)"; good=$$((good + g)); bad=$$((bad + f)); \
		done; \
		awk -v mode=check -v board=$$b -f rtl/stalls.awk $(RTL_B)/micro_$$b.out $(RTL_B)/tlb_$$b.out > $(RTL_B)/stalls_$$b.check; \
		grep -v '^RESULT' $(RTL_B)/stalls_$$b.check; \
		read -r _ _ g f <<< "$$(grep '^RESULT' $(RTL_B)/stalls_$$b.check)"; good=$$((good + g)); bad=$$((bad + $${f:-1})); \
		grep '^rtl: ' $(RTL_B)/micro_$$b.err | tail -n 1; \
	done; \
	echo "test-rtl: $$good passed, $$bad failed (RTL from $(RTL_DIR))"; \
	[ $$bad -eq 0 ] || { echo "test-rtl: FAILED"; exit 1; }
endif

TEST_STEPS += test-rtl


# ---- make bench-rtl ------------------------------------------------------
# The per-operation suite, with its operation counts divided by RTL_BENCH_DIV
# (the full suite is 2.0 G instructions in windows: about 40 minutes a board on
# the RTL): bench/rv32_bench.c as is, but for its N_* constants (sed into
# build/rtl/).  The same reduced ELF runs under the model, so each row compares
# like with like; instructions per operation therefore differ slightly from
# results/rv32/summary.csv's (fewer operations averaged).  Trace replays:
# bench/replay.mk's ELFs ($(RV32)/replay/replay_<board>-<variant>.elf), each
# run whole: every committed variant (7 a board),
# or only each board's quiet one with RTL_REPLAY_VARIANTS=quiet.  About 2.4 G
# cycles in all: ~35 minutes of one core, run beside make bench's QEMU steps.
RTL_MAP_precursor := 0
RTL_MAP_bao1x := 1
$(RTL_B)/rv32_bench_rtl.c: bench/rv32_bench.c rtl/rtl.mk
	@mkdir -p $(@D)
	sed -E -e 's/^#define (N_LOOKUP|N_CLAIM|N_RANGE|N_COUNT|N_ALLOC) ([0-9]+)u/#define \1 (\2u \/ $(RTL_BENCH_DIV)u)/' \
		-e 's/^#define N_RELEASE_ALL [0-9]+u/#define N_RELEASE_ALL 1u/' \
		-e 's/for \(uint32_t mi = 0; mi < N_MAPS; mi\+\+\)$$/for (uint32_t mi = RTL_MAP; mi == RTL_MAP; mi++)/' $< > $@
	@grep -q 'N_LOOKUP (16384u / ' $@ && grep -q 'mi == RTL_MAP' $@ || \
		{ echo "rtl: could not scale bench/rv32_bench.c (N_LOOKUP, the map loop in main): FAILED"; exit 1; }
$(RTL_B)/perop_%.o: $(RTL_B)/rv32_bench_rtl.c $(LOOKUP_HDR) $(SHARED_HDR) $(RV32)/config.txt | rv32-tools
	$(RV32_CC) $(RV32_CFLAGS) -DRTL_MAP=$(RTL_MAP_$*) -c -o $@ $<
$(RTL_B)/perop_%.elf: $(RV32_LOOKUP_OBJ) $(RTL_B)/perop_%.o $(SHARED_CORE_SRC:%.c=$(RV32)/%.o)
	$(RV32_CC) $(RV32_LDFLAGS) -o $@ $^

# The model before calibration (model0 columns): the model as it was at
# RTL_MODEL0_REV (the commit before rtl-calibrate's constants went in): its
# model.c, model.h, plugin.c and API header, built into a plugin of its own.
RTL_MODEL0_REV ?= d972f0c
RTL_MODEL0_FILES := model.c model.h plugin.c qemu_plugin_api.h
$(RTL_B)/model0/model.c: rtl/rtl.mk
	@mkdir -p $(@D)
	for f in $(RTL_MODEL0_FILES); do git show $(RTL_MODEL0_REV):vexcache/$$f > $(@D)/$$f || exit 1; done
$(RTL_B)/vexcache0.so: $(RTL_B)/model0/model.c
	$(CC) $(VEXCACHE_CFLAGS) -I$(RTL_B)/model0 -shared -o $@ $(RTL_B)/model0/plugin.c $(RTL_B)/model0/model.c

ifneq ($(RTL_DIR),)
RTL_REPLAY_VARIANTS ?= all
# The replays: every committed variant with RTL_REPLAY_VARIANTS=all, else each
# board's `quiet` variant (bench/replay.mk's names; their ELFs are built here
# if missing, and no other ELF of $(RV32)/replay is picked up).
RTL_REPLAYS = $(if $(filter all,$(RTL_REPLAY_VARIANTS)),$(REPLAY_NAMES),$(RTL_BOARDS:%=%-quiet))
RTL_BENCH_INPUTS = $(RTL_SIMS) $(RTL_BOARDS:%=$(RTL_B)/perop_%.elf) $(VEXCACHE) $(RTL_B)/vexcache0.so \
	$(RTL_REPLAYS:%=$(REPLAY_RV32)/replay_%.elf) bill-rtl-images
# The replays and per-op suite (rtl/bench.sh, two runs at a time) and, beside
# them, the kernel image (kernel.mk's bill-rtl, two more): four processes on 2
# cores is no loss, every figure here being a count, not a time.
bench-rtl: $(RTL_BENCH_INPUTS)
	@elfs="$(RTL_REPLAYS:%=$(REPLAY_RV32)/replay_%.elf)"; \
	( $(MAKE) --no-print-directory bill-rtl > $(RTL_B)/bill-rtl.log 2>&1; echo $$? > $(RTL_B)/bill-rtl.rc ) & \
	RTL_REUSE=$(RTL_REUSE) RTL_RUNS=$(RTL_RUNS) RTL_NO_PEROP=$(RTL_NO_PEROP) RTL_TIMEOUT=$(RTL_TIMEOUT) rtl/bench.sh $(RTL_B) $(RTL_RESULTS) $(VEXCACHE) $(RTL_B)/vexcache0.so $(RTL_B)/perop_BOARD.elf $$elfs; \
	rc=$$?; wait; cat $(RTL_B)/bill-rtl.log; \
	[ $$rc = 0 ] || { echo "bench-rtl: FAILED"; exit 1; }; \
	[ "$$(cat $(RTL_B)/bill-rtl.rc)" = 0 ] || { echo "bench-rtl: the kernel image (bill-rtl) FAILED"; exit 1; }
	@echo "bench-rtl: $(RTL_RESULTS)/perop.csv ($$(($$(wc -l < $(RTL_RESULTS)/perop.csv) - 1)) rows), $(RTL_RESULTS)/traces.csv ($$(($$(wc -l < $(RTL_RESULTS)/traces.csv) - 1)) rows)"
	@$(MAKE) --no-print-directory rtl-stalls RTL_STALLS_RUNS=$(if $(RTL_RUNS),$(RTL_RUNS),$(RTL_B)/runs)

# make bench's way: bench-rtl-start builds every input here (so that nothing is
# built twice at once), then runs bench-rtl in the background, in a session of
# its own, at nice 10, while make bench goes on (the RTL's figures are counts,
# unharmed by sharing the CPU).  RTL_PIN=1: the whole job is held to the last
# core, so that the host timings make bench runs meanwhile keep a core to
# themselves; bench-rtl-unpin then lets it use every core.  bench-rtl-wait
# waits for it, prints its log and fails if it failed.
RTL_LAST_CORE = $(shell echo $$(( $$(nproc) - 1 )))
bench-rtl-start: $(RTL_BENCH_INPUTS)
	@rm -f $(RTL_B)/bench-rtl.rc $(RTL_B)/bench-rtl.pid
	@( $(if $(filter 1,$(RTL_PIN)),taskset -c $(RTL_LAST_CORE)) nice -n 10 $(MAKE) --no-print-directory bench-rtl \
		> $(RTL_B)/bench-rtl.log 2>&1; echo $$? > $(RTL_B)/bench-rtl.rc ) < /dev/null > /dev/null 2>&1 & \
		echo $$! > $(RTL_B)/bench-rtl.pid
	@echo "bench-rtl-start: make bench-rtl runs in the background$(if $(filter 1,$(RTL_PIN)), on core $(RTL_LAST_CORE)) (log: $(RTL_B)/bench-rtl.log)"
endif
# Every process of the background job (its parent's descendants, found through
# /proc) may run on every core from now on; twice, for children started meanwhile.
bench-rtl-unpin:
	@[ -f $(RTL_B)/bench-rtl.pid ] || { echo "bench-rtl-unpin: no background bench-rtl"; exit 0; }; \
	top=$$(cat $(RTL_B)/bench-rtl.pid); all="0-$$(( $$(nproc) - 1 ))"; \
	for pass in 1 2; do \
		pids=$$top; n=0; \
		while [ -n "$$pids" ]; do next=""; for p in $$pids; do \
			taskset -p -c $$all $$p > /dev/null 2>&1 && n=$$((n + 1)); \
			next="$$next $$(cat /proc/$$p/task/*/children 2>/dev/null)"; done; \
			pids=$$(echo $$next); done; \
	done; echo "bench-rtl-unpin: $$n processes of the background bench-rtl may use cores $$all"
bench-rtl-wait:
	@[ -f $(RTL_B)/bench-rtl.pid ] || { echo "bench-rtl-wait: no background bench-rtl (make bench-rtl-start). FAILED"; exit 1; }
	@pid=$$(cat $(RTL_B)/bench-rtl.pid); start=$$(date +%s); \
	while kill -0 $$pid 2>/dev/null; do sleep 5; done; rm -f $(RTL_B)/bench-rtl.pid; \
	cat $(RTL_B)/bench-rtl.log; \
	echo "bench-rtl-wait: waited $$(( $$(date +%s) - start )) s"; \
	[ "$$(cat $(RTL_B)/bench-rtl.rc 2>/dev/null)" = 0 ] || { echo "bench-rtl (background): FAILED"; exit 1; }

# ---- make rtl-calibrate -----------------------------------------------------
# The model's latencies measured on the RTL: micro.c and tlb.c on both sims in
# S-mode (Sv32) give the refill and walk costs (rtl/calibrate.awk), and
# tests/rtl/pipeline.c the pipeline's cost per event (rtl/pipeline.awk).
# Output: $(RTL_RESULTS)/calibration.csv.  The constants in vexcache/model.c
# cite its rows.
RTL_PIPELINE := $(RTL_B)/pipeline.elf
$(RTL_PIPELINE): tests/rtl/pipeline.c vexcache/guest.h | rv32-tools
	@mkdir -p $(@D)
	$(RV32_CC) $(VEXCACHE_MICRO_FLAGS) -o $@ $<
$(RTL_B)/cal/pipeline_%.out: $(RTL_B)/vexsim-% $(RTL_PIPELINE)
	@mkdir -p $(@D)
	timeout $(RTL_TIMEOUT) $(RTL_B)/vexsim-$* -s $(RTL_PIPELINE) > $@.tmp 2>&1 && mv $@.tmp $@

$(RTL_B)/cal/micro_%.out: $(RTL_B)/vexsim-% $(B)/vexcache/micro_%.elf
	@mkdir -p $(@D)
	timeout $(RTL_TIMEOUT) $(RTL_B)/vexsim-$* -s $(B)/vexcache/micro_$*.elf > $@.tmp 2>&1 && mv $@.tmp $@
$(RTL_B)/cal/tlb_%.out: $(RTL_B)/vexsim-% $(RTL_B)/tlb_%.elf
	@mkdir -p $(@D)
	timeout $(RTL_TIMEOUT) $(RTL_B)/vexsim-$* $(RTL_B)/tlb_$*.elf > $@.tmp 2>&1 && mv $@.tmp $@

ifneq ($(RTL_DIR),)
rtl-calibrate: $(RTL_BOARDS:%=$(RTL_B)/cal/micro_%.out) $(RTL_BOARDS:%=$(RTL_B)/cal/tlb_%.out) \
		$(RTL_BOARDS:%=$(RTL_B)/cal/pipeline_%.out)
	@mkdir -p $(RTL_RESULTS)
	@echo "board,constant,value,how" > $(RTL_RESULTS)/calibration.csv
	@for b in $(RTL_BOARDS); do \
		awk -v board=$$b -f rtl/calibrate.awk $(RTL_B)/cal/micro_$$b.out $(RTL_B)/cal/tlb_$$b.out && \
		awk -v board=$$b -f rtl/pipeline.awk $(RTL_B)/cal/pipeline_$$b.out || exit 1; \
	done | tee -a $(RTL_RESULTS)/calibration.csv
endif

# ---- make rtl-stalls ---------------------------------------------------------
# From the runs make bench-rtl wrote (build/rtl/runs/jobs.txt names them: each
# board's per-op suite and its replays), with the sims that append st_* fields;
# nothing is rerun here.  A run from an older sim (no st_* fields) fails the step.
# RTL_STALLS_RUNS: another directory of such runs (its jobs.txt, TAG.rtl, TAG.rtlrc).
RTL_STALLS_RUNS ?= $(RTL_B)/runs
rtl-stalls: rtl/stalls.awk
	@[ -f $(RTL_STALLS_RUNS)/jobs.txt ] || { echo "rtl-stalls: no $(RTL_STALLS_RUNS)/jobs.txt: run make bench-rtl first. FAILED"; exit 1; }
	@mkdir -p $(RTL_RESULTS)
	@awk -v mode=header -f rtl/stalls.awk > $(RTL_RESULTS)/stalls.csv.tmp; fail=0; \
	while read -r b tag elf; do \
		mode=replay; case $$tag in perop_*) mode=perop ;; esac; \
		[ "$$(cat $(RTL_STALLS_RUNS)/$$tag.rtlrc 2>/dev/null)" = 0 ] || { echo "rtl-stalls: $$tag: its RTL run did not end well"; fail=1; continue; }; \
		awk -F, -v mode=$$mode -v board=$$b -v bench=$$tag -f rtl/stalls.awk $(RTL_STALLS_RUNS)/$$tag.rtl >> $(RTL_RESULTS)/stalls.csv.tmp || fail=1; \
	done < $(RTL_STALLS_RUNS)/jobs.txt; \
	[ $$fail = 0 ] || { rm -f $(RTL_RESULTS)/stalls.csv.tmp; echo "rtl-stalls: FAILED"; exit 1; }; \
	mv $(RTL_RESULTS)/stalls.csv.tmp $(RTL_RESULTS)/stalls.csv; \
	awk -F, -v mode=md -v runs=$(RTL_STALLS_RUNS) -f rtl/stalls.awk $(RTL_RESULTS)/stalls.csv > $(RTL_RESULTS)/stalls.md; \
	echo "rtl-stalls: $(RTL_RESULTS)/stalls.csv ($$(($$(wc -l < $(RTL_RESULTS)/stalls.csv) - 1)) rows), $(RTL_RESULTS)/stalls.md"
