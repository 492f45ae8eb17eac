# plots.mk - figures and the report's tables, both from results/ only.
#
#   make plots    plots/fig*.png and .svg from results/ (gnuplot)
#   make report   the tables in REPORT.md (between marker comments) and
#                 results/WINNER, from results/; on committed results it
#                 changes nothing

PLOT_DATA := $(B)/plots
FIGURES := fig1_owner_ratio fig2_rv32 fig3_scaling fig4_tradeoff fig5_occupancy fig6_cycles fig7_traces fig8_bill
RESULT_FILES := results/host/summary.csv results/rv32/summary.csv $(wildcard results/host/bench.json results/rv32/traces.csv)

.PHONY: plots report plots-force
plots-force:
plots: deps $(FIGURES:%=plots/%.png)

# Always redrawn from results/ as they are now (a checked-out results file
# may be older than the last drawing, yet differ from it).
$(PLOT_DATA)/.stamp: plots/data.py $(RESULT_FILES) plots-force
	@mkdir -p $(@D)
	python3 plots/data.py $(PLOT_DATA)
	@touch $@

plots/fig8_bill.png: $(wildcard results/rv32/bill_events.csv results/WINNER)
plots/%.png: plots/%.gp plots/style.gp $(PLOT_DATA)/.stamp
	gnuplot -e "data='$(PLOT_DATA)'; outbase='plots/$*'; term='png'" $<
	gnuplot -e "data='$(PLOT_DATA)'; outbase='plots/$*'; term='svg'" $<

report: deps
	python3 plots/report.py REPORT.md results/WINNER
