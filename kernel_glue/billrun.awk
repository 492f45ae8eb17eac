# billrun.awk - reads a kernel run (the image's lines and the cache model's,
# QEMU's stdout and stderr together) and labels the model's windows with the
# workload and phase the image announced just before opening them
# ("bill: begin NAME PHASE"), then prints per phase the whole bill, the
# table's share and that share in per cent, and the same per event kind.
#   -v model=BOARD       the cache model the plugin was given (for the heading)
#   -v strategy=NAME     the design the image runs
#   -v csv=PREFIX        also append rows to PREFIX.bill.csv and
#                        PREFIX.events.csv (no header; kernel.mk adds it)
# A workload's name is BOARD-VARIANT (a bare BOARD is variant "default").
# Kind numbers are kernel_glue/kbill.h's KB_EV_* order.
function field(line, name,   v) { v = line; if (!sub(".* " name "=", "", v)) return 0; sub(/ .*/, "", v); return v + 0 }
function pct(t, w) { return w > 0 ? sprintf("%.1f%%", 100 * t / w) : "-" }
BEGIN { split("other loader fault pt spawn queue ipc send unmap map exit debug owner switch", kname, " ") }
/^bill: begin / { wl = $3; ph = $4; open_ = 1; print; fflush(); next }
/^vexcache: / && open_ {
	k = wl SUBSEP ph
	if (!(k in W)) { order[++n] = k }
	W[k] += field($0, "cycles"); T[k] += field($0, "table_cycles")
	I[k] += field($0, "insns"); TI[k] += field($0, "table_insns")
	printf "  %s %s: whole %d cycles, table %d cycles (%s)\n", wl, ph, field($0, "cycles"), field($0, "table_cycles"), pct(field($0, "table_cycles"), field($0, "cycles"))
	fflush(); next
}
/^vexcache-ev: / && open_ {
	kk = field($0, "kind") + 1; e = wl SUBSEP ph SUBSEP kname[kk]
	if (!(e in EW)) { eorder[++ne] = e }
	EN[e] += field($0, "events"); EW[e] += field($0, "cycles"); ET[e] += field($0, "table_cycles")
	EI[e] += field($0, "insns"); ETI[e] += field($0, "table_insns"); next
}
/^bill: end / {
	open_ = 0; k = $3 SUBSEP $4
	o = $5; sub(/ops=/, "", o); OPS[k] += o
	print; fflush(); next
}
{ print; fflush() }
END {
	if (n == 0) exit
	printf "bill (%s, VexRiscv model of %s): phase, operations, whole cycles, table cycles, share\n", strategy, model
	for (i = 1; i <= n; i++) {
		split(order[i], p, SUBSEP)
		printf "  %-22s %-8s %7d ops %12d whole %12d table %7s%s\n", p[1], p[2], OPS[order[i]], W[order[i]], T[order[i]], pct(T[order[i]], W[order[i]]), p[2] == "loader" ? "  (the loader's: not the kernel's bill)" : ""
	}
	printf "per event kind: events, whole and table cycles per event, share\n"
	for (i = 1; i <= ne; i++) {
		split(eorder[i], p, SUBSEP); e = eorder[i]
		if (EN[e] == 0) continue
		printf "  %-22s %-8s %-7s %7d events %10.0f whole %10.0f table %7s\n", p[1], p[2], p[3], EN[e], EW[e] / EN[e], ET[e] / EN[e], pct(ET[e], EW[e])
	}
	if (csv == "") exit
	for (i = 1; i <= n; i++) {
		split(order[i], p, SUBSEP); b = p[1]; v = "default"
		if (index(b, "-")) { v = substr(b, index(b, "-") + 1); b = substr(b, 1, index(b, "-") - 1) }
		printf "%s,%s,%s,%s,%d,%d,%d,%d\n", v, b, strategy, p[2], OPS[order[i]], W[order[i]], T[order[i]], I[order[i]] >> (csv ".bill.csv")
	}
	for (i = 1; i <= ne; i++) {
		split(eorder[i], p, SUBSEP); e = eorder[i]; b = p[1]; v = "default"
		if (EN[e] == 0) continue
		if (index(b, "-")) { v = substr(b, index(b, "-") + 1); b = substr(b, 1, index(b, "-") - 1) }
		printf "%s,%s,%s,%s,%s,%d,%d,%d,%d,%d\n", v, b, strategy, p[2], p[3], EN[e], EW[e], ET[e], EI[e], ETI[e] >> (csv ".events.csv")
	}
}
