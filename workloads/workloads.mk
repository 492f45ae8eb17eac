# workloads.mk - the Xous-realistic traces (issue 11.3).
#
#   make traces        regenerate workloads/traces/<board>.trace from
#                      workloads/boot/<board>.boot (deterministic; committed)
#   make test-traces   the loader model against a hand-worked plan
#                      (xoustrace --self-test); the committed traces must be
#                      what the generator writes today; then
#                       - every design replays every trace with its alloc
#                         slots honoured ($(B)/host_replay --check): every
#                         answer but an alloc's page agrees with the first
#                         design's, line by line, none is an error, and the
#                         xous design's slot pages are the literal addresses;
#                       - every design replays it through build/ownlab, which
#                         ignores the slots as the contract's comments: no
#                         malformed line; on xous, whose alloc the literals
#                         follow, no error answer either (on the others a
#                         plain replay names pages their alloc did not give,
#                         so it diverges by design).
#
# The generator ($(B)/xoustrace) is host C: workloads/xoustrace.c on the
# loader model workloads/xousboot.c and the compiled-in board maps.

XOUS_BOARDS := precursor bao1x
XOUS_TRACES := $(XOUS_BOARDS:%=workloads/traces/%.trace)
XOUSTRACE_SRC := workloads/xoustrace.c workloads/xousboot.c workloads/labmaps.c boards/normalise.c \
	boards/sentence.c boards/numbers.c boards/bootdesc.c

$(B)/xoustrace: $(XOUSTRACE_SRC) workloads/xousboot.h $(SHARED_HDR) $(LOOKUP_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_HOST) -o $@ $(filter %.c,$^)

# The traces are committed; this rewrites them from the boot descriptions.
.PHONY: traces test-traces
traces: $(B)/xoustrace
	@mkdir -p workloads/traces
	@for b in $(XOUS_BOARDS); do \
		$(B)/xoustrace $$b workloads/boot/$$b.boot > workloads/traces/$$b.trace.tmp || exit 1; \
		mv workloads/traces/$$b.trace.tmp workloads/traces/$$b.trace; \
	done

test-traces: $(B)/ownlab $(B)/xoustrace $(B)/host_replay
	$(B)/xoustrace --self-test
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; fail=0; pairs=""; \
	for b in $(XOUS_BOARDS); do \
		$(B)/xoustrace $$b workloads/boot/$$b.boot > $$tmp/$$b.trace 2>/dev/null; \
		if ! cmp -s $$tmp/$$b.trace workloads/traces/$$b.trace; then \
			echo "test-traces: workloads/traces/$$b.trace is stale (make traces)"; fail=1; fi; \
		pairs="$$pairs $$b=workloads/traces/$$b.trace"; \
	done; \
	$(B)/host_replay --check $$pairs || fail=1; \
	for b in $(XOUS_BOARDS); do \
		for s in $$($(B)/ownlab strategies); do \
			if ! $(B)/ownlab replay -s $$s -m boards/$$b.map workloads/traces/$$b.trace \
				> $$tmp/$$b.$$s 2> $$tmp/$$b.$$s.err; then \
				echo "test-traces: ownlab replay -s $$s, $$b: $$(head -n 1 $$tmp/$$b.$$s.err)"; fail=1; fi; \
		done; \
		errs=$$(grep -c '^err' $$tmp/$$b.xous || true); \
		if [ "$$errs" != 0 ]; then echo "test-traces: $$b: ownlab replay -s xous: $$errs error answers"; \
			grep -n '^err' $$tmp/$$b.xous | head -3; fail=1; \
		else echo "test-traces: $$b: ownlab replays it on every design, $$(grep -c . $$tmp/$$b.xous) answers on xous, none an error"; fi; \
	done; exit $$fail

TEST_STEPS += test-traces
