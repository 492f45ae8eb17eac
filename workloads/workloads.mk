# workloads.mk - the Xous-realistic traces (issue 11.3).
#
#   make traces        regenerate workloads/traces/<board>.trace from
#                      workloads/boot/<board>.boot (deterministic; committed)
#   make test-traces   the loader model against a hand-worked plan
#                      (xoustrace --self-test), then every design replays
#                      every trace through build/ownlab; answers must agree
#                      line by line (alloc addresses masked), no line may
#                      answer an error, and the committed traces must be
#                      what the generator writes today
#
# The generator ($(B)/xoustrace) is host C: workloads/xoustrace.c on the
# loader model workloads/xousboot.c and the compiled-in board maps.

XOUS_BOARDS := precursor bao1x
XOUS_TRACES := $(XOUS_BOARDS:%=workloads/traces/%.trace)
XOUSTRACE_SRC := workloads/xoustrace.c workloads/xousboot.c workloads/labmaps.c boards/normalise.c

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

# Expected errors: none.  Every answer but an alloc's address must be the
# same for every design (the first design's answers are the reference).
test-traces: $(B)/ownlab $(B)/xoustrace
	$(B)/xoustrace --self-test
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; fail=0; \
	for b in $(XOUS_BOARDS); do \
		$(B)/xoustrace $$b workloads/boot/$$b.boot > $$tmp/$$b.trace 2>/dev/null; \
		if ! cmp -s $$tmp/$$b.trace workloads/traces/$$b.trace; then \
			echo "test-traces: workloads/traces/$$b.trace is stale (make traces)"; fail=1; fi; \
		ref=""; \
		for s in $$($(B)/ownlab strategies); do \
			$(B)/ownlab replay -s $$s -m boards/$$b.map workloads/traces/$$b.trace \
				| sed 's/^ok 0x[0-9a-f]\{8\}$$/ok ALLOC/' > $$tmp/$$b.$$s; \
			errs=$$(grep -c '^err' $$tmp/$$b.$$s || true); \
			if [ "$$errs" != 0 ]; then echo "test-traces: $$b $$s: $$errs error answers"; \
				grep -n '^err' $$tmp/$$b.$$s | head -3; fail=1; fi; \
			if [ -z "$$ref" ]; then ref=$$s; \
			elif ! cmp -s $$tmp/$$b.$$ref $$tmp/$$b.$$s; then \
				echo "test-traces: $$b: $$s answers differ from $$ref"; \
				diff $$tmp/$$b.$$ref $$tmp/$$b.$$s | head -5; fail=1; fi; \
		done; \
		echo "test-traces: $$b: $$(grep -c . $$tmp/$$b.$$ref) answers, $$($(B)/ownlab strategies | wc -l) designs agree"; \
	done; exit $$fail

TEST_STEPS += test-traces
