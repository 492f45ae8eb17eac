# rv32.mk - the designs on RV32 (rv32imac/ilp32, the Xous target's ISA), bare
# metal under QEMU's virt board with picolibc and semihosting.
#
#   make test-rv32    conformance + differential suites under QEMU (a TEST_STEP)
#   make bench-rv32   instructions, modelled cycles and cache misses per
#                     operation, and code size: results/rv32/summary.csv,
#                     raw.txt, code_size.csv
#
# Everything built here lives in $(B)/rv32/, apart from the host objects.
# QEMU runs with -icount shift=0, so instret counts guest instructions exactly
# and every figure is deterministic.  Knobs: RV32_DIFF_OPS (differential
# operations per design per map), RV32_TIMEOUT (seconds per QEMU run).
#
# instructions_per_op: guest instructions of the operation beyond a no-op with
# the same signature (`li a0,0; ret`), call and loop excluded; release_all is
# per call (not per page).  text_bytes: .text + .rodata of the design's own
# object; the shared map.c (validation, whitelist index) and registry.c are
# in code_size.csv.  How each op is set up: bench/rv32_bench.c.
#
# Cycles: the benchmark runs under QEMU with the vexcache plugin
# (vexcache/, the VexRiscv cache model; formula and constants in
# vexcache/model.h and model.c), once per board of the model
# (VEXCACHE_BOARDS: precursor, bao1x), both runs at once.  The plugin does not
# change what the guest does, so both runs print the same guest lines (checked)
# and their instret rows are the instructions_per_op of a plain run.  Each
# guest row becomes one summary row per board: board, and icache_, dcache_,
# l2_ (Precursor's L2; 0 on bao1x), dtlb_misses_per_op and cycles_per_op, all
# design minus no-op per operation like instructions_per_op
# (vexcache/merge.awk pairs the plugin's windows with the rows).

RV32_CC ?= riscv64-unknown-elf-gcc
RV32_SIZE ?= riscv64-unknown-elf-size
RV32_OBJDUMP ?= riscv64-unknown-elf-objdump
RV32_QEMU ?= qemu-system-riscv32
RV32_TIMEOUT ?= 900
RV32_DIFF_OPS ?= 200000
RV32_RESULTS ?= results/rv32

RV32 := $(B)/rv32
RV32_ARCH := -march=rv32imac -misa-spec=2.2 -mabi=ilp32
RV32_CFLAGS = $(CSTD) $(WARN) -O2 -g $(RV32_ARCH) --specs=picolibc.specs -DOWN_NO_PEERS \
	$(DESIGNS:%=-DOWN_HAVE_%) $(INC)
# QEMU virt: RAM at 0x80000000 (-m 128M).  Code and constants in the first
# 4 MiB, then 60 MiB of data: the test arena (32 MiB), the stack (64 KiB).
RV32_LDFLAGS := $(RV32_ARCH) --specs=picolibc.specs --oslib=semihost \
	-Wl,--defsym=__flash=0x80000000 -Wl,--defsym=__flash_size=0x400000 \
	-Wl,--defsym=__ram=0x80400000 -Wl,--defsym=__ram_size=0x3c00000 \
	-Wl,--defsym=__stack_size=0x10000
RV32_RUN = timeout $(RV32_TIMEOUT) $(RV32_QEMU) -machine virt -m 128M -nographic -bios none \
	-semihosting-config enable=on,target=native -icount shift=0 -kernel
# ... and under the cache model: append the board's name, then -kernel ELF.
RV32_RUN_VEXCACHE = timeout $(RV32_TIMEOUT) $(RV32_QEMU) -machine virt -m 128M -nographic \
	-bios none -semihosting-config enable=on,target=native -icount shift=0 -d plugin \
	-plugin $(VEXCACHE),board=

RV32_LOOKUP_OBJ := $(LOOKUP_KERNEL_SRC:%.c=$(RV32)/%.o)
RV32_TEST_OBJ := $(RV32_LOOKUP_OBJ) $(TEST_SUPPORT:%.c=$(RV32)/%.o) \
	$(RV32)/tests/harness_rv32.o $(RV32)/tests/test_rv32.o
RV32_BENCH_OBJ := $(RV32_LOOKUP_OBJ) $(RV32)/bench/rv32_bench.o \
	$(SHARED_CORE_SRC:%.c=$(RV32)/%.o)

.PHONY: test-rv32 bench-rv32 rv32-tools rv32-force

# Never pass silently: without the cross compiler or QEMU the step fails, loudly.
rv32-tools:
	@missing=""; \
	for t in $(RV32_CC) $(RV32_SIZE) $(RV32_QEMU) timeout; do \
		command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "##################################################################"; \
		echo "## RV32: MISSING$$missing"; \
		echo "## The RV32 build and QEMU runs CANNOT happen: this step FAILS."; \
		echo "## Install with 'make deps' (gcc-riscv64-unknown-elf"; \
		echo "## picolibc-riscv64-unknown-elf qemu-system-misc)."; \
		echo "##################################################################"; \
		exit 1; \
	fi; \
	if ! echo 'int main(void){return 0;}' | $(RV32_CC) $(RV32_ARCH) --specs=picolibc.specs \
		-x c -c -o /dev/null - >/dev/null 2>&1; then \
		echo "##################################################################"; \
		echo "## RV32: $(RV32_CC) cannot compile for rv32imac with picolibc:"; \
		echo "## is picolibc-riscv64-unknown-elf installed? This step FAILS."; \
		echo "##################################################################"; \
		exit 1; \
	fi

# What changes the objects without touching a source: the design list, the flags.
RV32_CONFIG := $(DESIGNS) | $(RV32_CFLAGS) | $(RV32_LDFLAGS) | ops $(RV32_DIFF_OPS)
$(RV32)/config.txt: rv32-force
	@mkdir -p $(@D)
	@echo '$(RV32_CONFIG)' | cmp -s - $@ || echo '$(RV32_CONFIG)' > $@
rv32-force:

$(RV32)/%.o: %.c $(LOOKUP_HDR) $(TEST_HDR) $(RV32)/config.txt | rv32-tools
	@mkdir -p $(@D)
	$(RV32_CC) $(RV32_CFLAGS) -c -o $@ $<

$(RV32)/tests/test_rv32.o: RV32_CFLAGS += -DRV32_DIFF_OPS=$(RV32_DIFF_OPS)u

$(RV32)/test_rv32.elf: $(RV32_TEST_OBJ)
	$(RV32_CC) $(RV32_LDFLAGS) -o $@ $^

$(RV32)/bench_rv32.elf: $(RV32_BENCH_OBJ)
	$(RV32_CC) $(RV32_LDFLAGS) -o $@ $^

test-rv32: deps rv32-tools $(RV32)/test_rv32.elf
	@set -o pipefail; $(RV32_RUN) $(RV32)/test_rv32.elf 2>&1 | tee $(RV32)/test_rv32.log; \
	rc=$$?; \
	if [ $$rc -eq 124 ]; then echo "test-rv32: QEMU TIMED OUT after $(RV32_TIMEOUT) s"; fi; \
	if [ $$rc -ne 0 ]; then echo "test-rv32: FAILED (exit status $$rc)"; exit 1; fi; \
	tail -n 1 $(RV32)/test_rv32.log | grep -q '^[0-9]* passed, 0 failed$$' || \
		{ echo "test-rv32: FAILED (no clean summary line)"; exit 1; }

# Code size: .text + .rodata (all .text*, .rodata*, .srodata* sections) of
# each object; the designs' rows go into summary.csv, the shared objects
# (map.c: validation and the whitelist index; registry.c) are listed here too.
$(RV32)/code_size.csv: $(RV32_LOOKUP_OBJ)
	@{ echo "object,text,rodata,text_plus_rodata"; \
	for o in $(RV32_LOOKUP_OBJ); do \
		$(RV32_SIZE) -A $$o | awk -v name=$$(basename $$o .o) \
			'$$1 ~ /^\.text/ { t += $$2 } $$1 ~ /^\.s?rodata/ { r += $$2 } \
			END { printf "%s,%d,%d,%d\n", name, t, r, t + r }'; \
	done; } > $@

# One run per board, in parallel.  bench_BOARD.txt: everything the run said
# (guest and plugin lines: QEMU puts both on stderr); bench_raw.txt: the
# guest's lines; cycles.csv: merge.awk's per-op figures for every board.
$(RV32)/bench_raw.txt: $(RV32)/bench_rv32.elf $(VEXCACHE) vexcache/merge.awk
	@pids=""; for b in $(VEXCACHE_BOARDS); do \
		$(RV32_RUN_VEXCACHE)$$b -kernel $< > $(RV32)/bench_$$b.tmp 2>&1 < /dev/null & \
		pids="$$pids $$!"; \
	done; \
	rc=0; for p in $$pids; do wait $$p || rc=$$?; done; \
	for b in $(VEXCACHE_BOARDS); do tr -d '\r' < $(RV32)/bench_$$b.tmp > $(RV32)/bench_$$b.txt; \
		rm -f $(RV32)/bench_$$b.tmp; done; \
	if [ $$rc -ne 0 ]; then \
		for b in $(VEXCACHE_BOARDS); do grep -v '^vexcache:' $(RV32)/bench_$$b.txt | tail -n 5; done; \
		echo "bench-rv32: QEMU run FAILED (exit status $$rc)"; exit 1; fi; \
	first=""; for b in $(VEXCACHE_BOARDS); do \
		grep -v '^vexcache:' $(RV32)/bench_$$b.txt > $(RV32)/guest_$$b.txt; \
		if [ -z "$$first" ]; then first=$$b; \
		elif ! cmp -s $(RV32)/guest_$$first.txt $(RV32)/guest_$$b.txt; then \
			echo "bench-rv32: the guest printed differently under board=$$first and board=$$b"; exit 1; fi; \
	done; \
	for b in $(VEXCACHE_BOARDS); do \
		awk -F, -v board=$$b -f vexcache/merge.awk $(RV32)/bench_$$b.txt \
			$(RV32)/bench_$$b.txt || exit 1; \
	done > $(RV32)/cycles.csv; \
	cp $(RV32)/guest_$$first.txt $@

# Always rewritten from the build's run: a checked-out results file is newer
# than the build and would otherwise be taken for up to date.
$(RV32_RESULTS)/summary.csv: $(RV32)/bench_raw.txt $(RV32)/code_size.csv rv32-force
	@mkdir -p $(@D)
	cp $(RV32)/bench_raw.txt $(RV32_RESULTS)/raw.txt
	cp $(RV32)/code_size.csv $(RV32_RESULTS)/code_size.csv
	awk -F, -v boards="$(VEXCACHE_BOARDS)" 'BEGIN { nb = split(boards, bd, " ") } \
		FILENAME ~ /code_size.csv$$/ { if (FNR > 1) size[$$1] = $$4; next } \
		FILENAME ~ /cycles.csv$$/ { k = $$1 "," $$2 "," $$3 "," $$4; \
			cyc[k] = $$5 "," $$6 "," $$7 "," $$8 "," $$9; next } \
		!head { head = 1; print "strategy,map,op,instructions_per_op,text_bytes,reserved_bytes," \
			"inuse_bytes,board,icache_misses_per_op,dcache_misses_per_op,l2_misses_per_op," \
			"cycles_per_op,dtlb_misses_per_op" } \
		$$1 == "row" { if (!($$2 in size)) { print "no code size for " $$2 > "/dev/stderr"; exit 1 } \
			for (i = 1; i <= nb; i++) { k = bd[i] "," $$2 "," $$3 "," $$4; \
				if (!(k in cyc)) { print "no cycles for " k > "/dev/stderr"; exit 1 } \
				print $$2 "," $$3 "," $$4 "," $$5 "," size[$$2] "," $$6 "," $$7 "," bd[i] "," cyc[k] } }' \
		$(RV32)/code_size.csv $(RV32)/cycles.csv $(RV32)/bench_raw.txt > $@

bench-rv32: deps rv32-tools $(RV32_RESULTS)/summary.csv
	@echo "bench-rv32: $(RV32_RESULTS)/summary.csv ($$(($$(wc -l < $(RV32_RESULTS)/summary.csv) - 1)) rows)"

TEST_STEPS += test-rv32

# ---- where the table's cost sits in a whole map/unmap (bench/rv32_mapcost.c)
# One run per board; the rows of the map of the same name are kept, each
# paired with its plugin window.  results/rv32/mapcost.csv, per page:
# instructions (instret, exact) and modelled cycles of map, unmap and the
# page-table work alone.
RV32_MAPCOST_OBJ := $(RV32_LOOKUP_OBJ) $(RV32)/bench/rv32_mapcost.o $(SHARED_CORE_SRC:%.c=$(RV32)/%.o)

$(RV32)/mapcost_rv32.elf: $(RV32_MAPCOST_OBJ)
	$(RV32_CC) $(RV32_LDFLAGS) -o $@ $^

$(RV32)/mapcost.csv: $(RV32)/mapcost_rv32.elf $(VEXCACHE)
	@pids=""; for b in $(VEXCACHE_BOARDS); do \
		$(RV32_RUN_VEXCACHE)$$b -kernel $< > $(RV32)/mapcost_$$b.tmp 2>&1 < /dev/null & \
		pids="$$pids $$!"; \
	done; \
	rc=0; for p in $$pids; do wait $$p || rc=$$?; done; \
	if [ $$rc -ne 0 ]; then cat $(RV32)/mapcost_*.tmp | grep -v '^vexcache:' | tail -n 20; \
		echo "bench-mapcost: QEMU run FAILED (exit status $$rc)"; exit 1; fi; \
	{ echo "strategy,board,what,pages,instructions_per_page,cycles_per_page,dcache_misses_per_page,dtlb_misses_per_page"; \
	for b in $(VEXCACHE_BOARDS); do tr -d '\r' < $(RV32)/mapcost_$$b.tmp | awk -F, -v board=$$b ' \
		/^vexcache:/ { n = split($$0, f, /[ =]/); for (i = 2; i < n; i += 2) v[f[i]] = f[i + 1]; \
			w = v["window"]; cyc[w] = v["cycles"]; dm[w] = v["dcache_misses"]; tl[w] = v["dtlb_misses"]; next } \
		/^error/ { print > "/dev/stderr"; bad = 1 } \
		$$1 == "mapcost" && $$3 == board { row[++nr] = $$0 } \
		END { if (bad) exit 1; \
			for (r = 1; r <= nr; r++) { split(row[r], c, ","); w = c[7]; \
				if (!(w in cyc)) { print "mapcost: no plugin window " w > "/dev/stderr"; exit 1 } \
				printf "%s,%s,%s,%d,%.2f,%.2f,%.2f,%.2f\n", c[2], board, c[4], c[5], c[6] / c[5], \
					cyc[w] / c[5], dm[w] / c[5], tl[w] / c[5] } }' || exit 1; \
	done; } > $@.tmp && mv $@.tmp $@; rm -f $(RV32)/mapcost_*.tmp

.PHONY: bench-mapcost
bench-mapcost: deps rv32-tools $(RV32)/mapcost.csv
	@mkdir -p $(RV32_RESULTS)
	cp $(RV32)/mapcost.csv $(RV32_RESULTS)/mapcost.csv
	@echo "bench-mapcost: $(RV32_RESULTS)/mapcost.csv ($$(($$(wc -l < $(RV32_RESULTS)/mapcost.csv) - 1)) rows)"
