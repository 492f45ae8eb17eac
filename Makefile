# ownlab - page-ownership lookup lab.
#
#   make            build everything for the host into build/
#   make test       every test: host (plain and ASan+UBSan), tool, RV32 under QEMU, kernel
#   make bench      the main job: host suite, RV32 suite, plots, report
#   make deps       install missing Debian packages (a no-op when all are there)
#   make clean
#
# Each area keeps its own rules in a fragment included below; this file holds
# what they share.

.SUFFIXES:
.DELETE_ON_ERROR:
SHELL := /bin/bash

B := build
CC := gcc
CXX := g++
CLANG := clang
WARN := -Wall -Wextra -Werror
CSTD := -std=c11
# Folders reach each other only through these include paths: the library,
# then the shared layer below every user (boards: map files, their loaders
# and normalising; workloads: the lab maps, states, streams and traces).
INC = -Ilookup -Iboards -Iworkloads -Ivexcache -I$(B)/gen
CFLAGS_HOST = $(CSTD) $(WARN) -O2 -g -D_POSIX_C_SOURCE=200809L $(HAVE) $(INC)
CFLAGS_ASAN = $(CSTD) $(WARN) -O1 -g -fno-omit-frame-pointer -D_POSIX_C_SOURCE=200809L \
	-fsanitize=address,undefined -fno-sanitize-recover=all $(HAVE) $(INC)

# The designs every build has (xous_fixed and xous_hint: xous with its
# alloc cursor changed and nothing else, Xous's own small fixes;
# fixed, the fair baseline), and the peers the host build adds.
# Both lists may be narrowed on the command line (make DESIGNS="flat xous"
# PEERS=); the registry then lists only what is built.
DESIGNS ?= flat bitmap ranges radix xous xous_fixed xous_hint split freemap
PEERS ?= judy roaring
HAVE := $(foreach d,$(DESIGNS) $(PEERS),-DOWN_HAVE_$(d))
PEER_LIBS := -lJudy -lroaring
LOOKUP_CORE := lookup/map.c lookup/registry.c
LOOKUP_SRC := $(LOOKUP_CORE) $(DESIGNS:%=lookup/%.c) $(PEERS:%=lookup/%.c)
LOOKUP_KERNEL_SRC := $(LOOKUP_CORE) $(DESIGNS:%=lookup/%.c)
LOOKUP_HDR := $(wildcard lookup/*.h)

# The shared layer.  SHARED_CORE_SRC is plain C with no I/O or allocation, so
# it builds for RV32 and the kernel image too; the file readers are host-only.
SHARED_CORE_SRC := boards/normalise.c boards/sentence.c boards/xousargs.c boards/numbers.c boards/bootdesc.c \
	workloads/labmaps.c workloads/workload.c
SHARED_IO_SRC := boards/lines.c boards/mapfile.c boards/svd.c boards/xousblock.c workloads/trace.c
SHARED_HDR := $(wildcard boards/*.h workloads/*.h) vexcache/guest.h $(B)/gen/boards.h

TEST_SUPPORT := tests/conformance.c tests/differential.c tests/refmodel.c \
	tests/harness_common.c $(SHARED_CORE_SRC)
TEST_HDR := $(wildcard tests/*.h) $(SHARED_HDR)

# Steps `make test` runs, in order; each fragment adds its own.
TEST_STEPS := test-host test-asan

.PHONY: all deps test clean
all: deps $(B)/test_host

deps:
	@./mk/deps.sh

$(B)/gen/boards.h: boards/boards.awk $(sort $(wildcard boards/*.map))
	@mkdir -p $(@D)
	awk -f boards/boards.awk $(sort $(wildcard boards/*.map)) > $@

$(B)/test_host: $(LOOKUP_SRC) $(TEST_SUPPORT) tests/harness_host.c tests/test_host.c $(LOOKUP_HDR) $(TEST_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_HOST) -DOWN_TEST_CMOCKA -o $@ $(filter %.c,$^) $(PEER_LIBS) -lcmocka

$(B)/asan/test_host: $(LOOKUP_SRC) $(TEST_SUPPORT) tests/harness_host.c tests/test_host.c $(LOOKUP_HDR) $(TEST_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) -DOWN_TEST_CMOCKA -o $@ $(filter %.c,$^) $(PEER_LIBS) -lcmocka

.PHONY: test-host test-asan
test-host: $(B)/test_host
	$(B)/test_host
test-asan: $(B)/asan/test_host
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $(B)/asan/test_host

-include vexcache/vexcache.mk
-include tool/tool.mk
-include bench/host.mk
-include bench/rv32.mk
-include kernel_glue/kernel.mk
-include plots/plots.mk
-include workloads/workloads.mk
-include bench/replay.mk
-include rtl/rtl.mk

test: deps
	@./tests/run.sh $(TEST_STEPS)

# The main job: host suite, RV32 suite, then the figures and the report.
.PHONY: bench
# The CPUs' RTL is the longest step (~35 minutes of one core) and its figures
# are counts, which do not care about load: it runs in the background from the
# start, held to the last core while the host timings (one thread) run on the
# other with nothing else of ours beside them; then it may use every core,
# beside the QEMU steps (exact counts too); the figures and the report once
# both are done.
BENCH_STEP = @echo "bench: $$(date +%T) $(1)"; $(MAKE) --no-print-directory $(1)
bench: deps
	$(call BENCH_STEP,bench-rtl-start RTL_PIN=1)
	$(call BENCH_STEP,bench-host)
	$(call BENCH_STEP,bench-replay-host)
	$(call BENCH_STEP,bench-rtl-unpin)
	$(call BENCH_STEP,bench-rv32)
	$(call BENCH_STEP,bench-replay-rv32)
	$(call BENCH_STEP,bench-replay-layout)
	$(call BENCH_STEP,bench-heldout)
	$(call BENCH_STEP,bench-mapcost)
	$(call BENCH_STEP,bench-bill)
	$(call BENCH_STEP,bench-rtl-wait)
	$(call BENCH_STEP,plots)
	$(call BENCH_STEP,report)
	@echo "bench: $$(date +%T) done"

clean:
	rm -rf $(B)
