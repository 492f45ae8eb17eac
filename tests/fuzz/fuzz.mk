# fuzz.mk - the recorded fuzz campaign (included by tool/tool.mk, which
# builds the targets: FUZZ_TARGETS, FUZZ_BINS).
#
#   make fuzz          every target for its budget, FUZZ_LANES at a time
#                      (tests/fuzz/campaign.sh): $(FUZZ_RESULTS)/summary.csv
#                      (executions per target and in total, crashes),
#                      crashes.txt, run.txt and any crashing inputs; then the
#                      fuzzing block of $(FUZZ_REPORT) (fuzz-report).  Fails
#                      if any target crashed, after writing both.
#   make fuzz-report   only the REPORT.md block, from $(FUZZ_RESULTS)
#
# The budgets (seconds per target) aim at more than 10^7 executions in all
# within about 11 minutes on 2 lanes: the fast parsers get the executions,
# ops (every design against the model, slow because xous's count and
# release_all scan the whole table) gets the longest time.  The run reports
# whether it reached 10^7, at the rates it measured (summary.csv).
# FUZZ_SECONDS=N gives every target N seconds instead (a short run to try
# the plumbing; point FUZZ_RESULTS and FUZZ_REPORT elsewhere for that).

FUZZ_RESULTS ?= results/fuzz
FUZZ_REPORT ?= REPORT.md
FUZZ_LANES ?= 2
FUZZ_BUDGET_mapfile ?= 300
FUZZ_BUDGET_svd ?= 180
FUZZ_BUDGET_trace ?= 210
FUZZ_BUDGET_ops ?= 330
FUZZ_BUDGET_xousargs ?= 120
FUZZ_BUDGET_DEFAULT ?= 120
fuzz_budget = $(if $(FUZZ_SECONDS),$(FUZZ_SECONDS),$(or $(FUZZ_BUDGET_$(1)),$(FUZZ_BUDGET_DEFAULT)))

.PHONY: fuzz fuzz-report
fuzz: $(FUZZ_BINS)
	@rc=0; tests/fuzz/campaign.sh $(B)/fuzz $(B)/fuzz/campaign $(FUZZ_RESULTS) $(FUZZ_LANES) \
		$(foreach t,$(FUZZ_TARGETS),$(t):$(call fuzz_budget,$(t))) || rc=$$?; \
	if [ $$rc -eq 2 ]; then exit 2; fi; \
	python3 tests/fuzz/report.py $(FUZZ_RESULTS) $(FUZZ_REPORT) || exit 1; \
	exit $$rc

fuzz-report:
	python3 tests/fuzz/report.py $(FUZZ_RESULTS) $(FUZZ_REPORT)
