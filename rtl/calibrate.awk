# calibrate.awk - make rtl-calibrate: the cache model's latencies measured on the
# boards' RTL (vexsim -s, S-mode with Sv32), by least squares over windows.
#   awk -v board=B -f rtl/calibrate.awk MICRO.out TLB.out [MODEL.txt FETCH.txt RTL.out]...
# MICRO.out, TLB.out: vexsim's runs of tests/vexcache/micro.c and tests/rtl/tlb.c
# ("window K NAME" and "rtl: window=K ..." lines).  Then any number of triples:
# one ELF's run under QEMU with the vexcache plugin (MODEL.txt), under QEMU with
# the fetch-counting plugin (FETCH.txt: its "cycles=" is the window's I-cache
# lookups, model.h's `fetches`), and on the RTL (RTL.out).
# Step 1, from the micro-programs (the RTL's own event counts as regressors):
#   d_refill: read_words windows: cycles = a*insns + d*drefills [+ l*l2_misses]
#   i_refill: code_small/code_big windows: cycles = a*insns + i*irefills [+ l*l2_misses]
#   (Precursor's L2 misses as the testbench's L2 counts them; the few walks are left out)
#   walk:     tlb.c's windows: cycles = a*insns + t*walks
# Step 2, over the suite's windows (the model's counts as regressors, so that the
# model's view predicts the RTL): with step 1's latencies charged,
#   rtl_cycles - insns - stalls = F*fetches + L*loads + S*stores
# (weighted by 1/rtl_cycles: between the absolute and the relative error)
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
file > 2 {
    t = (file - 3) % 3   # 0 model, 1 fetch, 2 rtl
    if (t == 0 && /^vexcache: insns=/) { k = kv($0, "window"); M[file, k] = $0 }
    if (t == 1 && /^vexcache: insns=/) { k = kv($0, "window"); FE[file - 1, k] = kv($0, "cycles") }
    if (t == 2 && /^rtl: window=/) { k = kv($0, "window"); RTW[file - 2, k] = $0; keys[file - 2, ++nk[file - 2]] = k; last = file - 2 }
}
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
    if (!last) exit 0
    # step 2: the suite
    if (!pre) { l2f = 0; l2w = 0 }
    ls_reset(3); sy = 0; sm = 0
    for (f = 3; f <= last; f += 3) for (j = 1; j <= nk[f]; j++) {
        k = keys[f, j]; if (!((f, k) in M) || !((f, k) in FE)) continue
        r = RTW[f, k]; m = M[f, k]
        y = kv(r, "cycles") - kv(m, "insns") - dref * kv(m, "dcache_misses") - iref * kv(m, "icache_misses") \
            - l2f * kv(m, "l2_misses") - l2w * kv(m, "l2_writebacks") - walk * (kv(m, "dtlb_misses") + kv(m, "itlb_misses"))
        wgt = kv(r, "cycles") > 0 ? 1 / kv(r, "cycles") : 0   # between absolute and relative error
        R[1] = FE[f, k]; R[2] = kv(m, "loads"); R[3] = kv(m, "stores"); ls_add(3, y)
    }
    if (solve(3)) {
        out("fetch_cycles", X[1], "suite windows (" nobs "), per I$ lookup the model counts (a run of one line: taken branches and line crossings)")
        out("load_cycles", X[2], "same fit, per load (load-use and the D$'s two-cycle path)")
        out("store_cycles", X[3], "same fit, per store (written through; the CPU waits for the bus)")
        # the model keeps store_cycles whole: refit the other two with it rounded
        S = int(X[3] + 0.5); ls_reset(2)
        for (f = 3; f <= last; f += 3) for (j = 1; j <= nk[f]; j++) {
            k = keys[f, j]; if (!((f, k) in M) || !((f, k) in FE)) continue
            r = RTW[f, k]; m = M[f, k]
            y = kv(r, "cycles") - kv(m, "insns") - dref * kv(m, "dcache_misses") - iref * kv(m, "icache_misses") \
                - l2f * kv(m, "l2_misses") - l2w * kv(m, "l2_writebacks") - walk * (kv(m, "dtlb_misses") + kv(m, "itlb_misses")) \
                - S * kv(m, "stores")
            wgt = kv(r, "cycles") > 0 ? 1 / kv(r, "cycles") : 0
            R[1] = FE[f, k]; R[2] = kv(m, "loads"); ls_add(2, y)
        }
        if (solve(2)) {
            out("store_cycles_whole", S, "store_cycles rounded (the model's table keeps it an integer)")
            out("fetch_cycles_with_whole_store", X[1], "refit with store_cycles_whole")
            out("load_cycles_with_whole_store", X[2], "refit with store_cycles_whole")
        }
    }
}
