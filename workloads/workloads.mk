# workloads.mk - Xous's call mix as a family of traces (issues 11.3, 17).
#
#   make traces        regenerate workloads/traces/<board>-<variant>.trace from
#                      workloads/boot/<board>.boot (deterministic; committed)
#   make test-traces   the loader model against a hand-worked plan
#                      (xoustrace --self-test); the committed traces must be
#                      what the generator writes today, every line tagged
#                      with its call site (ev=), no owner or count line
#                      outside the debug variant; then
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
# The variants (workloads/xoustrace.c's table, `xoustrace --variants`):
# seven measured, `debug` never deciding a verdict, `tiny` for the tests.
XOUS_VARIANTS := quiet busy apps pressure devices batched debug
XOUS_TEST_VARIANT := tiny
XOUS_TRACES := $(foreach b,$(XOUS_BOARDS),$(foreach v,$(XOUS_VARIANTS) $(XOUS_TEST_VARIANT),workloads/traces/$(b)-$(v).trace))
XOUSTRACE_SRC := workloads/xoustrace.c workloads/xousboot.c workloads/labmaps.c boards/normalise.c boards/xousargs.c \
	boards/sentence.c boards/numbers.c boards/bootdesc.c

$(B)/xoustrace: $(XOUSTRACE_SRC) workloads/xousboot.h $(SHARED_HDR) $(LOOKUP_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_HOST) -o $@ $(filter %.c,$^)

# The traces are committed; this rewrites them from the boot descriptions.
.PHONY: traces test-traces
traces: $(B)/xoustrace
	@mkdir -p workloads/traces
	@for t in $(XOUS_TRACES); do \
		n=$${t#workloads/traces/}; n=$${n%.trace}; b=$${n%%-*}; v=$${n#*-}; \
		$(B)/xoustrace --board $$b --boot workloads/boot/$$b.boot --variant $$v > $$t.tmp || exit 1; \
		mv $$t.tmp $$t; \
	done

# Every line of a trace but `debug`'s is a call Xous makes in normal
# running: no `owner` (Xous lends through its page tables) and no `count`
# (ram_used_by is reached from debug paths only).
test-traces: $(B)/ownlab $(B)/xoustrace $(B)/host_replay
	$(B)/xoustrace --self-test
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; fail=0; pairs=""; \
	for t in $(XOUS_TRACES); do \
		n=$${t#workloads/traces/}; n=$${n%.trace}; b=$${n%%-*}; v=$${n#*-}; \
		$(B)/xoustrace --board $$b --boot workloads/boot/$$b.boot --variant $$v > $$tmp/$$n.trace 2>/dev/null; \
		if ! cmp -s $$tmp/$$n.trace $$t; then \
			echo "test-traces: $$t is stale (make traces)"; fail=1; fi; \
		if [ "$$v" != debug ]; then k=$$(grep -v '^#' $$t | awk '$$1 == "owner" || $$1 == "count"' | wc -l); \
			[ "$$k" -eq 0 ] || { echo "test-traces: $$t has $$k owner/count lines outside the debug variant"; fail=1; }; fi; \
		nev=$$(grep -v '^#' $$t | grep -vc 'ev=[a-z]' || true); \
		[ "$$nev" -eq 0 ] || { echo "test-traces: $$t has $$nev lines without an ev= call-site tag"; fail=1; }; \
		pairs="$$pairs $$b=$$t"; \
	done; \
	$(B)/host_replay --check $$pairs || fail=1; \
	for t in $(XOUS_TRACES); do \
		n=$${t#workloads/traces/}; n=$${n%.trace}; b=$${n%%-*}; \
		for s in $$($(B)/ownlab strategies); do \
			if ! $(B)/ownlab replay -s $$s -m boards/$$b.map $$t \
				> $$tmp/$$n.$$s 2> $$tmp/$$n.$$s.err; then \
				echo "test-traces: ownlab replay -s $$s, $$n: $$(head -n 1 $$tmp/$$n.$$s.err)"; fail=1; fi; \
		done; \
		errs=$$(grep -c '^err' $$tmp/$$n.xous || true); \
		if [ "$$errs" != 0 ]; then echo "test-traces: $$n: ownlab replay -s xous: $$errs error answers"; \
			grep -n '^err' $$tmp/$$n.xous | head -3; fail=1; \
		else echo "test-traces: $$n: ownlab replays it on every design, $$(grep -c . $$tmp/$$n.xous) answers on xous, none an error"; fi; \
	done; exit $$fail

TEST_STEPS += test-traces
