# billrtl.awk - one kernel image's bill on the board's CPU RTL beside the cache
# model (kernel.mk's bill-rtl): the same ELF, run once under QEMU with the
# vexcache plugin and once on build/rtl/vexsim-BOARD.
#
#   awk -v board=B -v strategy=D -f kernel_glue/billrtl.awk MODEL_OUT RTL_OUT
#
# Each phase of the image ("bill: begin <trace> <phase>" ... "bill: end ...")
# is one measured window.  From the model's "vexcache:" line and the sim's
# "rtl: window=" line after each begin: the window's instructions and cycles,
# and the table's own (the inner markers' sums: table_insns, table_cycles; the
# sim sums them as the plugin does, rtl/tb.cpp).  Prints per phase
#   board,strategy,phase,ops,insns,rtl_whole,model_whole,whole_err_pct,
#   table_insns,rtl_table,model_table,table_err_pct,rtl_table_share_pct
# and fails (exit 1) unless both runs saw the same phases with the same
# instruction counts, whole and table.
function field(line, name,    v)
{
    if (!match(line, " " name "=[0-9]+"))
        return -1
    v = substr(line, RSTART + length(name) + 2, RLENGTH - length(name) - 2)
    return v + 0
}
function pct(m, r) { return r > 0 ? sprintf("%.1f", 100 * (m - r) / r) : "" }
function share(part, whole) { return whole > 0 ? sprintf("%.1f", 100 * part / whole) : "" }
FNR == 1 { f++; ph = "" }
/^bill: begin / { ph = $4; if (f == 1 && !(ph in seen)) { seen[ph] = 1; ord[++n] = ph }; next }
/^bill: end / { if (f == 1) { v = $5; sub(/ops=/, "", v); ops[$4] += v }; next }
f == 1 && /^vexcache: / && ph != "" {
    mi[ph] += field($0, "insns"); mc[ph] += field($0, "cycles")
    t = field($0, "table_insns"); mti[ph] += t < 0 ? 0 : t
    t = field($0, "table_cycles"); mtc[ph] += t < 0 ? 0 : t
    mw[ph]++; ph = ""; next
}
f == 2 && /^rtl: window=/ && ph != "" {
    ri[ph] += field($0, "insns"); rc[ph] += field($0, "cycles")
    t = field($0, "table_insns"); rti[ph] += t < 0 ? 0 : t
    t = field($0, "table_cycles"); rtc[ph] += t < 0 ? 0 : t
    rw[ph]++; ph = ""; next
}
END {
    if (n == 0) { print "billrtl.awk: " board " " strategy ": no phase in the model's run" > "/dev/stderr"; exit 1 }
    for (i = 1; i <= n; i++) {
        p = ord[i]
        if (mw[p] != rw[p] || mi[p] != ri[p] || mti[p] != rti[p]) {
            printf "billrtl.awk: %s %s %s: the model saw %d window(s), %d insns (table %d); the RTL %d, %d (table %d)\n",
                board, strategy, p, mw[p], mi[p], mti[p], rw[p], ri[p], rti[p] > "/dev/stderr"
            bad = 1
            continue
        }
        printf "%s,%s,%s,%d,%d,%d,%d,%s,%d,%d,%d,%s,%s\n", board, strategy, p, ops[p], ri[p], rc[p], mc[p],
            pct(mc[p], rc[p]), rti[p], rtc[p], mtc[p], pct(mtc[p], rtc[p]), share(rtc[p], rc[p])
    }
    exit bad
}
