# merge.awk - per-operation cache figures of one board's run of the RV32
# benchmark under the vexcache plugin (bench/rv32.mk runs it once per board).
#
#   awk -F, -v board=NAME -f merge.awk RUN.txt RUN.txt
#
# RUN.txt holds both the guest's lines and the plugin's (QEMU puts both on
# stderr; their order does not matter here).  The first pass reads the
# plugin's lines, "vexcache: insns=N ... window=K", one per measured window;
# the second the guest's lines
#   win,<strategy>,<map>,<op>,<ops>,<design first>,<design last>,<noop first>,<noop last>,<step>
# (bench/rv32_bench.c), and prints for each
#   <board>,<strategy>,<map>,<op>,<icache>,<dcache>,<l2>,<cycles>,<dtlb>
# where each figure is (sum over the design's windows - sum over the no-op's)
# / ops, with two decimals, like instructions_per_op.
function field(name,   v) { v = $0; sub(".* " name "=", "", v); sub(/ .*/, "", v); return v + 0 }
function sum(f, first, last, step,   k, t) {
    t = 0
    for (k = first; k <= last; k += step) {
        if (!(k in seen)) { printf "merge.awk: %s: no plugin line for window %d\n", board, k > "/dev/stderr"; bad = 1; exit 1 }
        t += val[f, k]
    }
    return t
}
function per_op(f,   s) {
    s = sprintf("%.2f", (sum(f, $6, $7, $10) - sum(f, $8, $9, $10)) / $5)
    return s == "-0.00" ? "0.00" : s
}
BEGIN { nf = split("icache_misses dcache_misses l2_misses cycles dtlb_misses", F, " ") }
FNR == NR {
    if ($0 ~ /^vexcache: insns=/) {
        k = field("window")
        seen[k] = 1
        for (i = 1; i <= nf; i++) val[F[i], k] = field(F[i])
        windows++
    }
    next
}
$1 == "win" {
    if (NF != 10 || $5 <= 0) { printf "merge.awk: %s: bad line: %s\n", board, $0 > "/dev/stderr"; bad = 1; exit 1 }
    line = board "," $2 "," $3 "," $4
    for (i = 1; i <= nf; i++) line = line "," per_op(F[i])
    print line
    rows++
}
END {
    if (bad) exit 1
    if (windows == 0 || rows == 0) { printf "merge.awk: %s: %d plugin lines, %d rows\n", board, windows, rows > "/dev/stderr"; exit 1 }
}
