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
# within 11 minutes on 2 lanes (mapfile and trace, 570 s, on one; ops,
# xousargs and svd, 660 s, on the other): the map-file parser, by far the
# fastest target, gets the executions; ops (every design against the model,
# slow because xous's count and release_all scan the whole table) gets half
# a lane.  The goal assumes the 2 cores are otherwise idle: on a loaded
# machine the rates drop several-fold, and the run says so (its REPORT.md
# line reads "BELOW the goal" with the rates it measured in summary.csv).
# FUZZ_SECONDS=N gives every target N seconds instead (a short run to try
# the plumbing; point FUZZ_RESULTS and FUZZ_REPORT elsewhere for that).

FUZZ_RESULTS ?= results/fuzz
FUZZ_REPORT ?= REPORT.md
FUZZ_LANES ?= 2
FUZZ_BUDGET_mapfile ?= 420
FUZZ_BUDGET_svd ?= 120
FUZZ_BUDGET_trace ?= 150
FUZZ_BUDGET_ops ?= 330
FUZZ_BUDGET_xousargs ?= 210
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
