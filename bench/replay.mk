# replay.mk - the replay benchmarks (issue 11.4): every design replays the
# Xous-realistic traces (workloads/traces/<board>.trace, workloads/workloads.mk).
#
#   make bench-replay-host   host: median ns per trace operation per phase and
#                            its ratio to xous_fixed: $(HOST_RESULTS)/traces.csv
#   make bench-replay-rv32   RV32 under QEMU and the vexcache cache model, one
#                            run per board with that board's trace compiled in:
#                            instructions (instret, exact) and cycles, cache
#                            misses per phase: $(RV32_RESULTS)/traces.csv
#   make test-replay-smoke   (a TEST_STEP) the host replay, one repetition, into
#                            $(B)/replay-smoke: builds, runs, answers agree
#
# Both honour the traces' alloc slots (`alloc PID # @K`, then `# @K` on the
# lines naming that page: workloads/trace.h), so every design's states agree,
# and both fail loudly when two designs answer a trace differently (alloc
# addresses aside).  The output directories are the host and RV32 suites'
# variables (HOST_RESULTS, RV32_RESULTS: results/host, results/rv32 unless
# set), so a scratch run is `make bench-replay-host HOST_RESULTS=/tmp/x`.
# Knob: REPLAY_REPS (host repetitions, default 15).  How each is measured:
# the comments at the top of bench/host_replay.c and bench/rv32_replay.c.

REPLAY_REPS ?= 15
REPLAY_BOARDS := precursor bao1x
# every measured variant of every board (workloads/workloads.mk); a replay
# is named <board>-<variant>, the board being the lab map it runs on
REPLAY_NAMES := $(foreach b,$(REPLAY_BOARDS),$(foreach v,$(XOUS_VARIANTS),$(b)-$(v)))
REPLAY_TRACES := $(REPLAY_NAMES:%=workloads/traces/%.trace)
REPLAY_PAIRS := $(foreach n,$(REPLAY_NAMES),$(firstword $(subst -, ,$(n)))=workloads/traces/$(n).trace)

# ---- host ---------------------------------------------------------------
HOST_REPLAY := $(B)/host_replay
HOST_REPLAY_SRC := bench/host_replay.c $(LOOKUP_SRC) $(SHARED_CORE_SRC) workloads/trace.c boards/lines.c

$(HOST_REPLAY): $(HOST_REPLAY_SRC) $(LOOKUP_HDR) $(SHARED_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_HOST) -DNDEBUG -o $@ $(filter %.c,$^) $(PEER_LIBS)

.PHONY: bench-replay-host bench-replay-rv32 test-replay-smoke
bench-replay-host: deps $(HOST_REPLAY) $(REPLAY_TRACES)
	@mkdir -p $(HOST_RESULTS)
	@start=$$(date +%s); \
	$(HOST_REPLAY) -r $(REPLAY_REPS) $(HOST_RESULTS)/traces.csv $(REPLAY_PAIRS) || \
		{ echo "bench-replay-host: FAILED"; exit 1; }; \
	echo "bench-replay-host: $(HOST_RESULTS)/traces.csv ($$(($$(wc -l < $(HOST_RESULTS)/traces.csv) - 1)) rows, $$(( $$(date +%s) - start )) s)"

test-replay-smoke: $(HOST_REPLAY) $(REPLAY_TRACES)
	@mkdir -p $(B)/replay-smoke
	$(HOST_REPLAY) -r 1 $(B)/replay-smoke/traces.csv $(REPLAY_PAIRS) 2> $(B)/replay-smoke/log || \
		{ cat $(B)/replay-smoke/log; exit 1; }
	@echo "test-replay-smoke: $$(($$(wc -l < $(B)/replay-smoke/traces.csv) - 1)) rows"

TEST_STEPS += test-replay-smoke

# ---- RV32 ---------------------------------------------------------------
# The trace becomes C (an op code, three arguments and a slot a line; `# phase
# NAME` lines become phase entries), so the image reads no file.  The numbers
# are copied as written: decimal or 0x hex are C literals too.  The slot is
# the line's `# @K` (workloads/trace.h's grammar: blanks, '@', decimal digits
# below 4096, then the comment's end or a blank), -1 for none: for an alloc
# the slot its page goes to, for an address operation the slot whose page
# replaces the literal address.  A malformed annotation, one on release_all
# or count, or a slot used before an alloc fills it, stops the build.
REPLAY_RV32 := $(RV32)/replay
define replay_awk
function fail(why) { print FILENAME ":" FNR ": " why > "/dev/stderr"; bad = 1; exit 1 } \
BEGIN { n = 0; split("owner claim release move claim_range release_all count alloc", names, " "); \
	for (i = 1; i <= 8; i++) code[names[i]] = i - 1; \
	split("loader boot steady exit", ph, " "); for (i = 1; i <= 4; i++) phase[ph[i]] = i - 1; \
	nargs["owner"] = 1; nargs["claim"] = 2; nargs["release"] = 2; nargs["move"] = 3; \
	nargs["claim_range"] = 3; nargs["release_all"] = 1; nargs["count"] = 1; nargs["alloc"] = 1 } \
/^# phase / { if (!($$3 in phase)) fail("unknown phase"); \
	op[n] = 8; arg[n] = phase[$$3] "u,0u,0u"; slot[n] = -1; n++; next } \
{ k = -1; h = index($$0, "#"); \
	if (h > 0) { c = substr($$0, h + 1); \
		if (match(c, /^[ \t]*@/)) { c = substr(c, RLENGTH + 1); \
			if (!match(c, /^[0-9]+([ \t\r]|$$)/)) fail("malformed slot annotation"); \
			c = substr(c, 1, RLENGTH); sub(/[ \t\r]$$/, "", c); \
			if (length(c) > 4 || c + 0 >= 4096) fail("slot " c " not below 4096"); k = c + 0 } } } \
{ sub(/#.*/, "") } NF == 0 { next } \
{ if (!($$1 in code) || NF != nargs[$$1] + 1) fail("bad line"); \
	if (k >= 0 && ($$1 == "release_all" || $$1 == "count")) fail("slot annotation on " $$1); \
	if (k >= 0 && $$1 == "alloc") filled[k] = 1; \
	else if (k >= 0 && !(k in filled)) fail("slot " k " used before any alloc fills it"); \
	a = ""; for (i = 2; i <= 4; i++) a = a (i > 2 ? "," : "") (i <= NF ? $$i : "0") "u"; \
	op[n] = code[$$1]; arg[n] = a; slot[n] = k; n++ } \
END { if (bad) exit 1; \
	print "/* generated by bench/replay.mk from " FILENAME ": do not edit */"; \
	print "#include <stdint.h>"; \
	printf "const uint32_t replay_len = %du;\n", n; \
	printf "const char replay_board[] = \"%s\";\n", board; \
	printf "const char replay_trace[] = \"%s\";\n", trace; \
	printf "const unsigned char replay_op[] = {"; \
	for (i = 0; i < n; i++) printf "%s%d", (i == 0 ? "\n" : i % 32 ? "," : ",\n"), op[i]; print "};"; \
	print "const uint32_t replay_arg[][3] = {"; \
	for (i = 0; i < n; i++) printf "{%s},\n", arg[i]; print "};"; \
	printf "const int16_t replay_slot[] = {"; \
	for (i = 0; i < n; i++) printf "%s%d", (i == 0 ? "\n" : i % 32 ? "," : ",\n"), slot[i]; print "};" }
endef

$(REPLAY_RV32)/%_trace.c: workloads/traces/%.trace bench/replay.mk
	@mkdir -p $(@D)
	@echo "replay.mk: $< -> $@"
	@awk -v board=$(firstword $(subst -, ,$*)) -v trace=$* '$(replay_awk)' $< > $@.tmp && mv $@.tmp $@

$(REPLAY_RV32)/%_trace.o: $(REPLAY_RV32)/%_trace.c | rv32-tools
	$(RV32_CC) $(RV32_CFLAGS) -c -o $@ $<

$(REPLAY_RV32)/replay_%.elf: $(RV32_LOOKUP_OBJ) $(RV32)/bench/rv32_replay.o \
		$(RV32)/workloads/labmaps.o $(RV32)/boards/normalise.o $(REPLAY_RV32)/%_trace.o
	$(RV32_CC) $(RV32_LDFLAGS) -o $@ $^

# One QEMU run per trace under its board's cache model, two at once (2
# cores: make -j2 on the run files).
$(REPLAY_RV32)/run_%.txt: $(REPLAY_RV32)/replay_%.elf $(VEXCACHE)
	@b=$(firstword $(subst -, ,$*)); \
	$(RV32_RUN_VEXCACHE)$$b -kernel $< > $@.tmp 2>&1 < /dev/null; rc=$$?; \
	tr -d '\r' < $@.tmp > $@.raw; rm -f $@.tmp; grep '^error' $@.raw; \
	if [ $$rc -ne 0 ] || ! grep -q '^replay ok$$' $@.raw; then tail -n 3 $@.raw; \
		echo "bench-replay-rv32: the QEMU run of $* FAILED (answers differ, or it crashed or timed out)"; exit 1; fi; \
	mv $@.raw $@

$(REPLAY_RV32)/runs.stamp: $(VEXCACHE) $(REPLAY_TRACES)
	@$(MAKE) --no-print-directory -j2 $(REPLAY_NAMES:%=$(REPLAY_RV32)/run_%.txt)
	@touch $@

# Pairs the guest's `seg` lines with the plugin's lines by window number and
# sums per strategy and phase, then `all`: boot + steady + exit, the whole
# trace.
define replay_merge_awk
function field(name,   v) { v = $$0; sub(".* " name "=", "", v); sub(/ .*/, "", v); return v + 0 } \
FNR == 1 { board = FILENAME; sub(/.*run_/, "", board); sub(/\.txt$$/, "", board) } \
/^vexcache: insns=/ { k = board SUBSEP field("window"); cyc[k] = field("cycles"); \
	ic[k] = field("icache_misses"); dc[k] = field("dcache_misses"); l2[k] = field("l2_misses"); \
	tlb[k] = field("dtlb_misses"); it[k] = field("itlb_misses"); st[k] = field("stores"); \
	wb[k] = field("l2_writebacks"); io[k] = field("io"); pm[k] = field("pte_misses"); \
	ls[k] = field("l2_store_misses"); lw[k] = field("l2_store_writebacks"); wl[k] = field("walk_levels"); \
	bw[k] = field("bus_wait_cycles"); next } \
$$1 == "seg" { k = board SUBSEP $$2; if (!(k in cyc)) { print "no plugin line for " board " window " $$2 > "/dev/stderr"; bad = 1; exit 1 } \
	n = split($$3 SUBSEP $$5 ($$5 != "loader" ? " " $$3 SUBSEP "all" : ""), keys, " "); \
	if (!(($$3 SUBSEP board) in seen_s)) { seen_s[$$3 SUBSEP board] = 1; order[++ns] = $$3 SUBSEP board } \
	for (j = 1; j <= n; j++) { key = keys[j] SUBSEP board; ops[key] += $$6; ins[key] += $$7; \
		C[key] += cyc[k]; I[key] += ic[k]; D[key] += dc[k]; L[key] += l2[k]; T[key] += tlb[k]; E[key] += $$9; \
		IT[key] += it[k]; ST[key] += st[k]; WB[key] += wb[k]; IO[key] += io[k]; PM[key] += pm[k]; \
		LS[key] += ls[k]; LW[key] += lw[k]; WL[key] += wl[k]; BW[key] += bw[k] } } \
END { if (bad) exit 1; \
	print "strategy,board,trace,phase,ops,instructions,cycles,icache_misses,dcache_misses,l2_misses,dtlb_misses,errors,instructions_per_op,cycles_per_op,itlb_misses,stores,l2_writebacks,io,pte_misses,l2_store_misses,l2_store_writebacks,walk_levels,bus_wait_cycles"; \
	np = split("loader boot steady exit all", P, " "); \
	for (i = 1; i <= ns; i++) { split(order[i], sb, SUBSEP); bd = sb[2]; sub(/-.*/, "", bd); \
		for (j = 1; j <= np; j++) { key = sb[1] SUBSEP P[j] SUBSEP sb[2]; if (!(key in ops)) continue; \
			printf "%s,%s,%s.trace,%s,%d,%d,%d,%d,%d,%d,%d,%d,%.2f,%.2f,%d,%d,%d,%d,%d,%d,%d,%d,%d\n", sb[1], bd, sb[2], P[j], ops[key], \
				ins[key], C[key], I[key], D[key], L[key], T[key], E[key], ins[key] / ops[key], C[key] / ops[key], \
				IT[key], ST[key], WB[key], IO[key], PM[key], LS[key], LW[key], WL[key], BW[key] } } }
endef

bench-replay-rv32: deps rv32-tools $(REPLAY_RV32)/runs.stamp model-constants
	@mkdir -p $(RV32_RESULTS)
	awk -F, '$(replay_merge_awk)' $(REPLAY_NAMES:%=$(REPLAY_RV32)/run_%.txt) > $(RV32_RESULTS)/traces.csv.tmp
	@mv $(RV32_RESULTS)/traces.csv.tmp $(RV32_RESULTS)/traces.csv
	@echo "bench-replay-rv32: $(RV32_RESULTS)/traces.csv ($$(($$(wc -l < $(RV32_RESULTS)/traces.csv) - 1)) rows)"

# ---- any trace file: make replay-rv32 BOARD=<board> TRACE=<file> [RV32_RESULTS=<dir>]
# A maintainer who records (or writes) a trace replays it under BOARD's cache
# model, on BOARD's lab map, for every design, the no-op and the floor, into
# <dir>/traces.csv (the columns of results/rv32/traces.csv).  The file is
# copied into $(REPLAY_RV32)/user/ under the name <board>-user, so its rows
# read trace=<board>-user.trace.
.PHONY: replay-rv32
replay-rv32: deps rv32-tools $(VEXCACHE) $(RV32_LOOKUP_OBJ) $(RV32)/bench/rv32_replay.o \
		$(RV32)/workloads/labmaps.o $(RV32)/boards/normalise.o
	@[ -n "$(BOARD)" ] && [ -n "$(TRACE)" ] || { echo "usage: make replay-rv32 BOARD=<precursor|bao1x> TRACE=<file> [RV32_RESULTS=<dir>]"; exit 2; }
	@[ -f "$(TRACE)" ] || { echo "replay-rv32: no file $(TRACE)"; exit 2; }
	@case " $(REPLAY_BOARDS) " in *" $(BOARD) "*) ;; *) echo "replay-rv32: BOARD is one of: $(REPLAY_BOARDS)"; exit 2;; esac
	@mkdir -p $(REPLAY_RV32)/user $(RV32_RESULTS)
	@n=$(BOARD)-user; awk -v board=$(BOARD) -v trace=$$n '$(replay_awk)' $(TRACE) > $(REPLAY_RV32)/user/$${n}_trace.c
	$(RV32_CC) $(RV32_CFLAGS) -c -o $(REPLAY_RV32)/user/$(BOARD)-user_trace.o $(REPLAY_RV32)/user/$(BOARD)-user_trace.c
	$(RV32_CC) $(RV32_LDFLAGS) -o $(REPLAY_RV32)/user/replay_$(BOARD)-user.elf $(RV32_LOOKUP_OBJ) \
		$(RV32)/bench/rv32_replay.o $(RV32)/workloads/labmaps.o $(RV32)/boards/normalise.o \
		$(REPLAY_RV32)/user/$(BOARD)-user_trace.o
	@$(RV32_RUN_VEXCACHE)$(BOARD) -kernel $(REPLAY_RV32)/user/replay_$(BOARD)-user.elf < /dev/null 2>&1 | \
		tr -d '\r' > $(REPLAY_RV32)/user/run_$(BOARD)-user.txt; \
	grep '^error' $(REPLAY_RV32)/user/run_$(BOARD)-user.txt; \
	grep -q '^replay ok$$' $(REPLAY_RV32)/user/run_$(BOARD)-user.txt || \
		{ echo "replay-rv32: the run FAILED (answers differ between designs, or it crashed)"; exit 1; }
	awk -F, '$(replay_merge_awk)' $(REPLAY_RV32)/user/run_$(BOARD)-user.txt > $(RV32_RESULTS)/traces.csv
	@echo "replay-rv32: $(RV32_RESULTS)/traces.csv ($$(($$(wc -l < $(RV32_RESULTS)/traces.csv) - 1)) rows)"

# ---- layout: the same replay with the table moved by 1 to 40 KiB ----
# (TABLE_SHIFT in bench/rv32_replay.c).  Where the table falls decides which of
# its hot words share a 4 KiB page (the TLB) or a cache set; a direct-mapped L2 makes some misses a
# matter of where the table falls against the replay's own arrays; the spread
# of the whole-trace cycles over the shifts says how much.  One run per board
# and shift; $(RV32_RESULTS)/traces_layout.csv: strategy,board,shift,cycles,
# net_cycles (less the no-op pseudo-design's, as in traces.csv's use).
REPLAY_SHIFTS := 0 1024 2048 3072 16384 40960
# the `quiet` variant of each board
LAYOUT_NAMES := $(REPLAY_BOARDS:%=%-quiet)

$(REPLAY_RV32)/shift_%/rv32_replay.o: bench/rv32_replay.c $(LOOKUP_HDR) $(SHARED_HDR) $(RV32)/config.txt | rv32-tools
	@mkdir -p $(@D)
	$(RV32_CC) $(RV32_CFLAGS) -DTABLE_SHIFT=$*u -c -o $@ $<

define replay_shift_rule
$(REPLAY_RV32)/shift_$(2)/replay_$(1).elf: $(RV32_LOOKUP_OBJ) $(REPLAY_RV32)/shift_$(2)/rv32_replay.o \
		$(RV32)/workloads/labmaps.o $(RV32)/boards/normalise.o $(REPLAY_RV32)/$(1)_trace.o
	$$(RV32_CC) $$(RV32_LDFLAGS) -o $$@ $$^
endef
$(foreach b,$(LAYOUT_NAMES),$(foreach k,$(REPLAY_SHIFTS),$(eval $(call replay_shift_rule,$(b),$(k)))))

bench-replay-layout: deps rv32-tools $(VEXCACHE) \
		$(foreach b,$(LAYOUT_NAMES),$(foreach k,$(REPLAY_SHIFTS),$(REPLAY_RV32)/shift_$(k)/replay_$(b).elf))
	@mkdir -p $(RV32_RESULTS)
	@for k in $(REPLAY_SHIFTS); do pids=""; \
		for b in $(LAYOUT_NAMES); do \
			$(RV32_RUN_VEXCACHE)$${b%%-*} -kernel $(REPLAY_RV32)/shift_$$k/replay_$$b.elf \
				> $(REPLAY_RV32)/shift_$$k/run_$$b.tmp 2>&1 < /dev/null & pids="$$pids $$!"; \
		done; rc=0; for p in $$pids; do wait $$p || rc=1; done; \
		for b in $(LAYOUT_NAMES); do tr -d '\r' < $(REPLAY_RV32)/shift_$$k/run_$$b.tmp > $(REPLAY_RV32)/shift_$$k/run_$$b.txt; \
			rm -f $(REPLAY_RV32)/shift_$$k/run_$$b.tmp; \
			grep -q '^replay ok$$' $(REPLAY_RV32)/shift_$$k/run_$$b.txt || rc=1; done; \
		if [ $$rc -ne 0 ]; then echo "bench-replay-layout: the run at shift $$k FAILED"; exit 1; fi; \
		awk -F, '$(replay_merge_awk)' $(LAYOUT_NAMES:%=$(REPLAY_RV32)/shift_$$k/run_%.txt) \
			> $(REPLAY_RV32)/shift_$$k/traces.csv || exit 1; \
	done; \
	{ echo "strategy,board,shift,cycles,net_cycles"; \
	for k in $(REPLAY_SHIFTS); do awk -F, -v shift=$$k 'NR > 1 && $$4 == "all" { c[$$1 "," $$2] = $$7; o[++n] = $$1 "," $$2 } \
		END { for (i = 1; i <= n; i++) { split(o[i], sb, ","); if (sb[1] == "noop" || sb[1] == "floor") continue; \
			printf "%s,%s,%d,%d,%d\n", sb[1], sb[2], shift, c[o[i]], c[o[i]] - c["noop," sb[2]] } }' \
		$(REPLAY_RV32)/shift_$$k/traces.csv; done; } > $(RV32_RESULTS)/traces_layout.csv
	@echo "bench-replay-layout: $(RV32_RESULTS)/traces_layout.csv ($$(($$(wc -l < $(RV32_RESULTS)/traces_layout.csv) - 1)) rows)"

.PHONY: bench-replay-layout

# Keep the generated trace sources and objects: rebuilt only when a trace changes.
.PRECIOUS: $(REPLAY_RV32)/%_trace.c $(REPLAY_RV32)/%_trace.o $(RV32)/bench/rv32_replay.o

# ---- held-out workloads: make bench-heldout --------------------------------
# Xous-like traces the project has not seen: the generator with other seeds
# and knob settings than the committed variants (HELDOUT_SPECS: name, then
# xoustrace arguments, `:` between specs), written to $(B)/heldout/ and never
# committed, each replayed through `make replay-rv32` on both boards.
# $(RV32_RESULTS)/heldout.csv: board,trace,spec,strategy,net_cycles,
# ratio_to_best_xous (net of the replay loop; best of xous, xous_fixed,
# xous_hint on that trace).
HELDOUT_SPECS := h1 --variant quiet --seed 101 --set inflight=8 --set msgs=400 : \
	h2 --variant busy --seed 102 --set inflight=40 --set mix1=60 --set mix2=15 --set mix4=15 --set mix16=10 : \
	h3 --variant apps --seed 103 --set launches=4 --set app_pages=48 : \
	h4 --variant pressure --seed 104 --set occupancy=98 --set churn=64 : \
	h5 --variant devices --seed 105 --set remaps=12 --set inflight=6 : \
	h6 --variant quiet --seed 106 --set periods=24 --set launches=1 --set remaps=2 --set churn=16 : \
	h7 --variant pressure --seed 107 --set occupancy=90 --set inflight=16 : \
	h8 --variant busy --seed 108 --set launches=1 --set occupancy=80
.PHONY: bench-heldout
bench-heldout: deps rv32-tools $(B)/xoustrace
	@mkdir -p $(B)/heldout $(RV32_RESULTS)
	@echo "board,trace,spec,strategy,net_cycles,ratio_to_best_xous" > $(RV32_RESULTS)/heldout.csv.tmp
	@set -e; echo '$(HELDOUT_SPECS)' | tr ':' '\n' | while read -r name args; do \
		[ -n "$$name" ] || continue; \
		for b in $(REPLAY_BOARDS); do \
			$(B)/xoustrace --board $$b --boot workloads/boot/$$b.boot $$args > $(B)/heldout/$$b-$$name.trace 2>/dev/null; \
			$(MAKE) --no-print-directory -s replay-rv32 BOARD=$$b TRACE=$(B)/heldout/$$b-$$name.trace \
				RV32_RESULTS=$(B)/heldout/$$b-$$name > /dev/null || { echo "bench-heldout: $$b-$$name FAILED"; exit 1; }; \
			awk -F, -v b=$$b -v t=$$name -v spec="$$args" 'NR > 1 && $$4 == "all" { c[$$1] = $$7; o[++n] = $$1 } \
				END { best = -1; split("xous xous_fixed xous_hint", X, " "); \
					for (i = 1; i <= 3; i++) if ((X[i] in c) && (best < 0 || c[X[i]] - c["noop"] < best)) best = c[X[i]] - c["noop"]; \
					for (i = 1; i <= n; i++) { s = o[i]; if (s == "noop") continue; \
						printf "%s,%s,\"%s\",%s,%d,%.4f\n", b, t, spec, s, c[s] - c["noop"], (c[s] - c["noop"]) / best } }' \
				$(B)/heldout/$$b-$$name/traces.csv >> $(RV32_RESULTS)/heldout.csv.tmp; \
			echo "bench-heldout: $$b-$$name replayed"; \
		done; \
	done
	@mv $(RV32_RESULTS)/heldout.csv.tmp $(RV32_RESULTS)/heldout.csv
	@echo "bench-heldout: $(RV32_RESULTS)/heldout.csv ($$(($$(wc -l < $(RV32_RESULTS)/heldout.csv) - 1)) rows)"
