# tool.mk - build/ownlab, its tests and its fuzz targets (included by the Makefile).
#
#   make                     builds $(B)/ownlab and $(B)/xous/<board>.bin
#   make test-tool           tests/tool/run.sh: golden maps, bad input, replay across designs
#   make test-fuzz-smoke     each fuzz target briefly, from the committed corpus
#   make fuzz                the recorded campaign: tests/fuzz/fuzz.mk

XML_CFLAGS = $(shell xml2-config --cflags 2>/dev/null || pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS = $(shell xml2-config --libs 2>/dev/null || pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)

# The tool is a thin front end: the readers and the replay are the shared layer's.
TOOL_LIB_SRC := $(SHARED_IO_SRC) boards/normalise.c boards/sentence.c boards/xousargs.c boards/numbers.c \
	boards/bootdesc.c
TOOL_HDR := $(SHARED_HDR)
TOOL_SRC := tool/ownlab.c $(TOOL_LIB_SRC) workloads/workload.c

all: $(B)/ownlab

$(B)/ownlab: $(TOOL_SRC) $(LOOKUP_SRC) $(TOOL_HDR) $(LOOKUP_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_HOST) $(XML_CFLAGS) -o $@ $(filter %.c,$^) $(PEER_LIBS) $(XML_LIBS)

$(B)/asan/ownlab: $(TOOL_SRC) $(LOOKUP_SRC) $(TOOL_HDR) $(LOOKUP_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(XML_CFLAGS) -o $@ $(filter %.c,$^) $(PEER_LIBS) $(XML_LIBS)

# A Xous argument block for every board, written by the tool from the board's
# map file and, where workloads/boot/<board>.boot exists, its boot images
# (the kernel glue boots from $(B)/xous/precursor.bin).
XOUS_BOARDS := $(patsubst boards/%.map,%,$(sort $(wildcard boards/*.map)))
XOUS_BLOCKS := $(XOUS_BOARDS:%=$(B)/xous/%.bin)
define xous_block_rule
$(B)/xous/$(1).bin: boards/$(1).map $(wildcard workloads/boot/$(1).boot) $(B)/ownlab
	@mkdir -p $$(@D)
	$(B)/ownlab xous-block -m boards/$(1).map $(if $(wildcard workloads/boot/$(1).boot),--boot workloads/boot/$(1).boot) -o $$@
endef
$(foreach b,$(XOUS_BOARDS),$(eval $(call xous_block_rule,$(b))))

.PHONY: xous-blocks
xous-blocks: $(XOUS_BLOCKS)
all: $(XOUS_BLOCKS)

# Test helpers: the trace generator and the checker that replays a design's
# answers against the reference model.
$(B)/tool-tests/gentrace: tests/tool/gentrace.c boards/lines.c boards/numbers.c boards/mapfile.c boards/normalise.c \
		$(TOOL_HDR) $(LOOKUP_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_HOST) -Itests -o $@ $(filter %.c,$^)

$(B)/tool-tests/refcheck: tests/tool/refcheck.c $(TOOL_LIB_SRC) tests/refmodel.c lookup/map.c \
		$(TOOL_HDR) tests/refmodel.h $(LOOKUP_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_HOST) -Itests $(XML_CFLAGS) -o $@ $(filter %.c,$^) $(XML_LIBS)

TOOL_TEST_DEPS := $(B)/ownlab $(B)/asan/ownlab $(B)/tool-tests/gentrace $(B)/tool-tests/refcheck \
	$(XOUS_BLOCKS)

.PHONY: test-tool
test-tool: $(TOOL_TEST_DEPS)
	OWNLAB=$(B)/ownlab OWNLAB_ASAN=$(B)/asan/ownlab TOOLTEST_BIN=$(B)/tool-tests \
		TOOLTEST_TMP=$(B)/tool-tests/tmp XOUS_BLOCKS=$(B)/xous tests/tool/run.sh

# ---- fuzzing (clang + libFuzzer) ----
FUZZ_TARGETS := mapfile svd trace ops xousargs
FUZZ_SMOKE_RUNS ?= 2000
CFLAGS_FUZZ = $(CSTD) $(WARN) -O1 -g -fno-omit-frame-pointer -D_POSIX_C_SOURCE=200809L \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $(HAVE) $(INC) -Itests

FUZZ_SRC_mapfile := boards/lines.c boards/numbers.c boards/mapfile.c boards/normalise.c lookup/map.c
FUZZ_SRC_svd := $(FUZZ_SRC_mapfile) boards/svd.c
FUZZ_SRC_trace := boards/lines.c boards/numbers.c workloads/trace.c boards/mapfile.c boards/normalise.c $(LOOKUP_SRC)
# The reference model is linked uninstrumented: its 2 MiB init per input
# would otherwise dominate, and its coverage is of no interest to the fuzzer.
# The parser, and the writer to check that what it reads writes back alike.
FUZZ_SRC_xousargs := boards/sentence.c boards/xousargs.c boards/numbers.c boards/bootdesc.c boards/xousblock.c boards/lines.c boards/mapfile.c boards/normalise.c \
	lookup/map.c
FUZZ_SRC_ops := boards/normalise.c $(LOOKUP_SRC) $(B)/fuzz/refmodel.o

$(B)/fuzz/refmodel.o: tests/refmodel.c tests/refmodel.h $(LOOKUP_HDR)
	@mkdir -p $(@D)
	$(CLANG) $(CSTD) $(WARN) $(INC) -O2 -g -c -o $@ tests/refmodel.c

define fuzz_rule
$(B)/fuzz/fuzz_$(1): tests/fuzz/fuzz_$(1).c $(FUZZ_SRC_$(1)) $(TOOL_HDR) tests/refmodel.h $(LOOKUP_HDR)
	@mkdir -p $$(@D)
	$$(CLANG) $$(CFLAGS_FUZZ) $$(XML_CFLAGS) -o $$@ $$(filter %.c %.o,$$^) $$(PEER_LIBS) $$(XML_LIBS)
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_rule,$(t))))

FUZZ_BINS := $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)

# Smoke: a bounded number of runs per target.  New inputs go to a scratch
# directory under $(B) (listed first); the committed corpus is only read.
.PHONY: test-fuzz-smoke
test-fuzz-smoke: $(FUZZ_BINS)
	@set -e; for t in $(FUZZ_TARGETS); do \
		scratch=$(B)/fuzz/smoke/$$t; rm -rf $$scratch; mkdir -p $$scratch $(B)/fuzz/artifacts; \
		echo "fuzz-smoke $$t: $(FUZZ_SMOKE_RUNS) runs"; \
		$(B)/fuzz/fuzz_$$t -runs=$(FUZZ_SMOKE_RUNS) -seed=1 -max_len=4096 \
			-artifact_prefix=$(B)/fuzz/artifacts/$$t- $$scratch tests/corpus/$$t \
			> $(B)/fuzz/smoke/$$t.log 2>&1 || { tail -n 40 $(B)/fuzz/smoke/$$t.log; exit 1; }; \
		grep -E '^(stat::number_of_executed_units|Done)' $(B)/fuzz/smoke/$$t.log || true; \
	done

# The real thing, recorded into results/fuzz and REPORT.md.
include tests/fuzz/fuzz.mk

TEST_STEPS += test-tool test-fuzz-smoke
