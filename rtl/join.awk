# join.awk - pairs one ELF's vexsim run with its QEMU + vexcache run, window by
# window, for make bench-rtl.
#   awk -F, -v mode=perop|replay -v board=B -v bench=NAME -f rtl/join.awk MODEL0.txt MODEL.txt RTL.txt
# MODEL.txt: QEMU's output with the plugin's "vexcache: insns=N ... window=K" lines
# (the model as it is now); MODEL0.txt: the same under the model before calibration;
# RTL.txt: vexsim's output, the guest's lines and "rtl: window=K insns=N cycles=N ...".
# Every window's insns must agree (else "MISMATCH" on stderr and exit 1).  Prints CSV rows
#   board,strategy,bench,phase,insns,rtl_cycles,model_cycles,model_err_pct,model0_cycles,model0_err_pct,
#   rtl_irefills,rtl_drefills,rtl_stores,rtl_walks,model_icache_misses,model_dcache_misses,model_l2_misses,
#   model_tlb_misses  (err_pct: 100 * (model - rtl) / rtl)
# perop: one row per guest "win" line (design minus no-op, per operation, as
# bench/rv32_bench.c's rows); replay: one row per guest "seg" line (its window).
function kv(s, key,   v) { v = " " s " "; if (index(v, " " key "=") == 0) return ""; sub(".* " key "=", "", v); sub(/ .*/, "", v); return v + 0 }
function sum(src, f, first, last, step,   k, t) {
    t = 0
    for (k = first; k <= last; k += step) {
        if (!((src, k) in have)) { printf "join.awk: %s %s: no %s window %d\n", board, bench, src, k > "/dev/stderr"; bad = 1; exit 1 }
        t += val[src, f, k]
    }
    return t
}
function row(strategy, phase, n, df, dl, nf, nl, st,   f, i, x, rc, mc, ins) {
    for (i = 1; i <= nF; i++) {
        f = F[i]
        src = (f ~ /^m_/) ? "m" : (f ~ /^z_/) ? "z" : "r"
        x[f] = (sum(src, f, df, dl, st) - (nf > 0 ? sum(src, f, nf, nl, st) : 0)) / n
    }
    rc = x["r_cycles"]; mc = x["m_cycles"]; zc = x["z_cycles"]
    printf "%s,%s,%s,%s,%.2f,%.2f,%.2f,%s,%.2f,%s,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f\n", board, strategy, bench, phase,
        x["r_insns"], rc, mc, (rc > 0 ? sprintf("%.1f", 100 * (mc - rc) / rc) : ""), zc, (rc > 0 ? sprintf("%.1f", 100 * (zc - rc) / rc) : ""),
        x["r_irefills"], x["r_drefills"], x["r_stores"], x["r_walks"], x["m_icache_misses"], x["m_dcache_misses"], x["m_l2_misses"],
        x["m_tlb_misses"]
}
BEGIN { nF = split("r_insns r_cycles r_irefills r_drefills r_stores r_walks m_insns m_cycles m_icache_misses m_dcache_misses m_l2_misses m_tlb_misses z_cycles", F, " ") }
FNR == 1 { file++ }
file == 1 {
    if ($0 ~ /^vexcache: insns=/) { k = kv($0, "window"); have["z", k] = 1; val["z", "z_cycles", k] = kv($0, "cycles") }
    next
}
file == 2 {
    if ($0 ~ /^vexcache: insns=/) {
        k = kv($0, "window"); have["m", k] = 1; nm++
        split("insns cycles icache_misses dcache_misses l2_misses", G, " ")
        for (i in G) val["m", "m_" G[i], k] = kv($0, G[i])
        val["m", "m_tlb_misses", k] = kv($0, "dtlb_misses") + kv($0, "itlb_misses")
    }
    next
}
/^rtl: window=/ {
    k = kv($0, "window"); have["r", k] = 1; nr++
    split("insns cycles irefills drefills stores walks", G, " ")
    for (i in G) val["r", "r_" G[i], k] = kv($0, G[i])
    if (!(("m", k) in have)) { printf "join.awk: %s %s: window %d has no model line\n", board, bench, k > "/dev/stderr"; bad = 1; exit 1 }
    checked++
    if (val["r", "r_insns", k] != val["m", "m_insns", k]) {
        printf "MISMATCH %s %s window %d: rtl insns %d, QEMU %d\n", board, bench, k, val["r", "r_insns", k], val["m", "m_insns", k] > "/dev/stderr"
        mism++
    }
    next
}
mode == "perop" && $1 == "win" { row($2, $3 "/" $4, $5, $6, $7, $8, $9, $10) }
mode == "replay" && $1 == "seg" { row($3, $5, 1, $2, $2, 0, 0, 1) }
END {
    if (bad) exit 1
    printf "join.awk: %s %s: %d windows, insns equal to QEMU's in %d, differ in %d\n", board, bench, checked, checked - mism, mism > "/dev/stderr"
    if (nm != nr) printf "join.awk: %s %s: %d model windows, %d RTL windows\n", board, bench, nm, nr > "/dev/stderr"
    if (mism || nm != nr) exit 1
}
