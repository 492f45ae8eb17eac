# calibrate.awk - make rtl-calibrate: the cache model's latencies measured on the
# boards' RTL (vexsim -s, S-mode with Sv32), by least squares over windows.
#   awk -v board=B -f rtl/calibrate.awk MICRO.out TLB.out
# MICRO.out, TLB.out: vexsim's runs of tests/vexcache/micro.c and tests/rtl/tlb.c
# ("window K NAME" and "rtl: window=K ..." lines), the RTL's own event counts as
# regressors:
#   d_refill: read_words windows: cycles = a*insns + d*drefills [+ l*l2_misses]
#   i_refill: code_small/code_big windows: cycles = a*insns + i*irefills [+ l*l2_misses]
#   (Precursor's L2 misses as the testbench's L2 counts them; the few walks are left out)
#   walk:     tlb.c's windows: cycles = a*insns + t*walks
# The pipeline's per-event costs: rtl/pipeline.awk.  (Until issue 19's second
# pass, a step 2 here fitted per-fetch and per-load averages over the suite's
# windows; the per-event terms measured by tests/rtl/pipeline.c replaced them.)
# Prints CSV: board,constant,value,how
function solve(n,   i, j, k, p, f, t) {   # A x = b by Gaussian elimination, partial pivoting
    for (i = 1; i <= n; i++) {
        p = i
        for (k = i + 1; k <= n; k++) if ((A[k, i] < 0 ? -A[k, i] : A[k, i]) > (A[p, i] < 0 ? -A[p, i] : A[p, i])) p = k
        if (p != i) { for (j = 1; j <= n; j++) { t = A[i, j]; A[i, j] = A[p, j]; A[p, j] = t } t = bb[i]; bb[i] = bb[p]; bb[p] = t }
        if (A[i, i] == 0) return 0
        for (k = i + 1; k <= n; k++) { f = A[k, i] / A[i, i]; for (j = i; j <= n; j++) A[k, j] -= f * A[i, j]; bb[k] -= f * bb[i] }
    }
    for (i = n; i >= 1; i--) { t = bb[i]; for (j = i + 1; j <= n; j++) t -= A[i, j] * X[j]; X[i] = t / A[i, i] }
    return 1
}
function ls_reset(n,   i, j) { for (i = 1; i <= n; i++) { bb[i] = 0; X[i] = 0; for (j = 1; j <= n; j++) A[i, j] = 0 } nobs = 0 }
function ls_add(n, y,   i, j) { for (i = 1; i <= n; i++) { bb[i] += wgt * R[i] * y; for (j = 1; j <= n; j++) A[i, j] += wgt * R[i] * R[j] } nobs++ }
function kv(s, key,   v) { v = " " s " "; if (index(v, " " key "=") == 0) return 0; sub(".* " key "=", "", v); sub(/ .*/, "", v); return v + 0 }
function out(name, value, how) { printf "%s,%s,%.2f,%s\n", board, name, value, how }
FNR == 1 { file++ }
file <= 2 && $1 == "window" && NF == 3 { nm[file, $3] = $2 }
file <= 2 && /^rtl: window=/ { k = kv($0, "window"); line[file, k] = $0 }
END {
    pre = board == "precursor"; wgt = 1
    # d_refill
    split("dcache_fit_reread dcache_big_reread dcache_stride4_cold loads_after_stores l2_fit_reread_warm l2_fit_reread l2_big_reread_warm l2_big_reread", W, " ")
    n = pre ? 3 : 2; ls_reset(n)
    for (i in W) { if (!((1, W[i]) in nm)) continue; s = line[1, nm[1, W[i]]]
        R[1] = kv(s, "insns"); R[2] = kv(s, "drefills"); R[3] = kv(s, "l2_misses")
        ls_add(n, kv(s, "cycles")) }
    if (solve(n)) { dref = X[2]; out("d_refill_cycles", X[2], "micro.c read_words windows (" nobs "), per D$ refill from the L2/SRAM; CPI of the loop " sprintf("%.2f", X[1]))
        if (pre) { l2f = X[3]; l2w = 56; out("mem_fill_cycles", X[3], "same fit, per L2 miss (the testbench's L2_FILL = 32; write-backs, rare here, left at the testbench's 56)") } }
    # i_refill
    split("icache_small_code_warm icache_small_code icache_big_code_warm icache_big_code", W, " ")
    n = pre ? 3 : 2; ls_reset(n)
    for (i in W) { if (!((1, W[i]) in nm)) continue; s = line[1, nm[1, W[i]]]
        R[1] = kv(s, "insns"); R[2] = kv(s, "irefills"); R[3] = kv(s, "l2_misses")
        ls_add(n, kv(s, "cycles")) }
    if (solve(n)) { iref = X[2]; out("i_refill_cycles", X[2], "micro.c straight-line code windows (" nobs "), per I$ refill; CPI of nops " sprintf("%.2f", X[1])) }
    # walk
    split("tlb_n tlb_n_plus_1 tlb_after_sfence", W, " ")
    ls_reset(2)
    for (i in W) { if (!((2, W[i]) in nm)) continue; s = line[2, nm[2, W[i]]]
        R[1] = kv(s, "insns"); R[2] = kv(s, "walks"); ls_add(2, kv(s, "cycles")) }
    if (solve(2)) { walk = X[2]; out("walk_cycles", X[2], "tlb.c windows (" nobs "), per Sv32 walk (two PTE reads through the D$); ptw_level_cycles = half") }
}
