# host.mk - the host benchmark suite (Google Benchmark through a C binding).
#
#   make bench-host    the full matrix with repetitions: results/host/bench.json
#                      (raw Google Benchmark JSON, every repetition, with its
#                      context block) and results/host/summary.csv (medians)
#   make bench-quick   the same matrix, one short repetition each:
#                      results/host/quick.json and a fresh results/host/summary.csv
#   make perf          perf stat around the owner benchmarks, per design
#                      (hardware counters if the CPU exposes them, software
#                      events if not; said so in the file): results/host/perf.txt
#                      and perf.csv; then callgrind (below)
#   make callgrind     valgrind callgrind: exact instructions per owner() lookup
#                      per design and map (steady state): results/host/callgrind.csv
#   make compare A=old.json B=new.json
#                      Google Benchmark's compare.py (libbenchmark-tools);
#                      COMPARE_ARGS="-a --no-color" for aggregates only, plain text
#   make test-bench-smoke   (a TEST_STEP) builds the suite, runs a tiny subset
#
# Every run also checks the answers: benchmarks that differ only in the
# design must answer alike (host_bench.c, "answers"); a mismatch fails the
# run, whichever target ran it, with the offending benchmarks on stderr.
#
# What is measured and how: bench/HOST_BENCH.md.  Knobs: BENCH_HOST_ARGS,
# BENCH_QUICK_ARGS (Google Benchmark flags, e.g. --benchmark_filter=...).

HOSTB := $(B)/hostbench
HOST_BENCH := $(B)/host_bench
HOST_RESULTS ?= results/host
BENCH_HOST_ARGS ?= --benchmark_repetitions=5 --benchmark_min_time=0.03 --ownlab_budget_ms=20
BENCH_QUICK_ARGS ?= --benchmark_repetitions=1 --benchmark_min_time=0.002 --ownlab_budget_ms=2
BENCH_PERF_ARGS ?= --benchmark_min_time=0.01
COMPARE_ARGS ?=
HOST_BENCH_CFLAGS = $(CFLAGS_HOST) -O2 -DNDEBUG
HOST_BENCH_CXXFLAGS = -std=c++17 -O2 -g -DNDEBUG -Wall -Wextra -Werror
GBENCH_COMPARE = $(shell dpkg -L libbenchmark-tools 2>/dev/null | grep '/compare\.py$$' | head -n 1)

HOSTB_SRC := $(LOOKUP_SRC) $(SHARED_CORE_SRC) bench/floor.c \
	bench/host_bench.c
HOSTB_OBJ := $(HOSTB_SRC:%.c=$(HOSTB)/%.o) $(HOSTB)/bench/gbench.o
HOSTB_HDR := $(LOOKUP_HDR) $(SHARED_HDR) bench/floor.h \
	bench/gbench.h $(B)/gen/boards.h

.PHONY: bench-host bench-quick perf callgrind compare test-bench-smoke hostbench-force

# What changes the objects without touching a source: the design list, the flags.
HOSTB_CONFIG = $(DESIGNS) $(PEERS) | $(HOST_BENCH_CFLAGS) | $(HOST_BENCH_CXXFLAGS)
$(HOSTB)/config.txt: hostbench-force
	@mkdir -p $(@D)
	@echo '$(HOSTB_CONFIG)' | cmp -s - $@ || echo '$(HOSTB_CONFIG)' > $@
hostbench-force:

$(HOSTB)/%.o: %.c $(HOSTB_HDR) $(HOSTB)/config.txt
	@mkdir -p $(@D)
	$(CC) $(HOST_BENCH_CFLAGS) -c -o $@ $<

$(HOSTB)/bench/gbench.o: bench/gbench.cc bench/gbench.h $(HOSTB)/config.txt
	@mkdir -p $(@D)
	$(CXX) $(HOST_BENCH_CXXFLAGS) -c -o $@ $<

$(HOST_BENCH): $(HOSTB_OBJ)
	$(CXX) -o $@ $^ $(PEER_LIBS) -lbenchmark -lpthread

# $(call host_bench_run,json,args,log): the whole matrix into json, then the summary.
define host_bench_run
	@mkdir -p $(HOST_RESULTS)
	@echo "host_bench $(2) (console output: $(3))"
	@start=$$(date +%s); \
	if ! $(HOST_BENCH) $(2) --benchmark_out=$(1).tmp --benchmark_out_format=json > $(3) 2>&1; then \
		tail -n 20 $(3); grep -m 20 '^host_bench: answers differ' $(3); rm -f $(1).tmp; \
		echo "host_bench FAILED (log: $(3))"; exit 1; fi; \
	grep '^host_bench: answers:' $(3); \
	mv $(1).tmp $(1); \
	echo "host_bench: $$(( $$(date +%s) - start )) s, $(1)"
	python3 bench/summarise.py $(1) -o $(HOST_RESULTS)/summary.csv --expect "$$($(HOST_BENCH) --list-designs | tr '\n' ' ')"
endef

bench-host: deps $(HOST_BENCH)
	$(call host_bench_run,$(HOST_RESULTS)/bench.json,$(BENCH_HOST_ARGS),$(B)/bench-host.log)

bench-quick: deps $(HOST_BENCH)
	$(call host_bench_run,$(HOST_RESULTS)/quick.json,$(BENCH_QUICK_ARGS),$(B)/bench-quick.log)

perf: deps $(HOST_BENCH)
	@mkdir -p $(HOST_RESULTS)
	bench/perf.sh $(HOST_BENCH) $(HOST_RESULTS) $(B)/perf "$(BENCH_PERF_ARGS)"
	$(MAKE) --no-print-directory callgrind

callgrind: deps $(HOST_BENCH)
	@mkdir -p $(HOST_RESULTS)
	bench/callgrind.sh $(HOST_BENCH) $(HOST_RESULTS)/callgrind.csv $(B)/callgrind

# B is the build directory everywhere else; on this target's command line it
# names the new JSON (as in `make compare A=old.json B=new.json`).
compare: deps
	@test -n "$(A)" -a "$(origin B)" = "command line" -a -f "$(A)" -a -f "$(B)" || \
		{ echo "usage: make compare A=old.json B=new.json (two Google Benchmark JSON files)"; exit 2; }
	@test -n "$(GBENCH_COMPARE)" || { echo "compare: compare.py not found (dpkg -L libbenchmark-tools)"; exit 2; }
	/usr/bin/python3 $(GBENCH_COMPARE) $(COMPARE_ARGS) benchmarks $(A) $(B)

test-bench-smoke: $(HOST_BENCH)
	@mkdir -p $(B)/smoke
	$(HOST_BENCH) --benchmark_filter='/precursor/steady/' --benchmark_min_time=0.0005 \
		--benchmark_out=$(B)/smoke/bench.json --benchmark_out_format=json > $(B)/smoke/bench.log 2>&1 \
		|| { tail -n 20 $(B)/smoke/bench.log; grep -m 20 '^host_bench: answers differ' $(B)/smoke/bench.log; exit 1; }
	@grep '^host_bench: answers:' $(B)/smoke/bench.log
	python3 bench/summarise.py $(B)/smoke/bench.json -o $(B)/smoke/summary.csv \
		--expect "$$($(HOST_BENCH) --list-designs | tr '\n' ' ')"
	@echo "test-bench-smoke: $$(($$(wc -l < $(B)/smoke/summary.csv) - 1)) rows"

TEST_STEPS += test-bench-smoke
