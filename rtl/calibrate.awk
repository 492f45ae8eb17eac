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
# Step 2, over the suite's rows (the per-operation rows, design minus no-op, and
# the replays' phases, with the model's counts as regressors, so that the model's
# view predicts the RTL): with step 1's latencies charged,
#   rtl_cycles - insns - stalls = F*fetches + L*loads + S*stores
# least squares weighted by 1/rtl_cycles^2 (every row's relative error alike);
# then S rounded to a whole cycle (at least 0) and F, L refitted.
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
    if (t == 2 && (/^win,/ || /^seg,/)) { WL[file - 2, ++nw[file - 2]] = $0; last = file - 2 }
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
    # step 2: the suite's rows (bench/rv32_bench.c's "win" lines: design minus no-op per
    # operation; bench/rv32_replay.c's "seg" lines: one phase), as the report shows them
    if (!pre) { l2f = 0; l2w = 0 }
    nrow = 0
    for (f = 3; f <= last; f += 3) for (j = 1; j <= nw[f]; j++) {
        split(WL[f, j], c, ","); ok = 1
        for (v = 1; v <= 5; v++) acc[v] = 0
        for (side = 0; side <= 1; side++) {
            if (c[1] == "win") { a = side ? c[8] : c[6]; z = side ? c[9] : c[7]; st = c[10]; n = c[5] }
            else { if (side) continue; a = c[2]; z = c[2]; st = 1; n = 1 }
            for (k = a; k <= z; k += st) {
                if (!((f, k) in M) || !((f, k) in FE) || !((f, k) in RTW)) { ok = 0; break }
                r = RTW[f, k]; m = M[f, k]; sg = side ? -1 : 1
                acc[1] += sg * kv(r, "cycles")
                acc[2] += sg * (kv(m, "insns") + dref * kv(m, "dcache_misses") + iref * kv(m, "icache_misses") \
                    + l2f * kv(m, "l2_misses") + l2w * kv(m, "l2_writebacks") + walk * (kv(m, "dtlb_misses") + kv(m, "itlb_misses")))
                acc[3] += sg * FE[f, k]; acc[4] += sg * kv(m, "loads"); acc[5] += sg * kv(m, "stores")
            }
        }
        if (!ok || acc[1] <= 0) continue
        nrow++; for (v = 1; v <= 5; v++) RW[nrow, v] = acc[v] / n
    }
    fitrows(3, -1)
    if (ok3) {
        out("fetch_cycles", X[1], "suite rows (" nrow "), free fit, per I$ lookup the model counts (a taken branch or jump, or a new line)")
        out("load_cycles", X[2], "same fit, per load (load-use, the D$'s two-cycle path)")
        out("store_cycles", X[3], "same fit, per store (written through)")
        S = int(X[3] + 0.5); if (S < 0) S = 0
        fitrows(2, S)
        out("store_cycles_whole", S, "store_cycles rounded, at least 0 (the model's table keeps it an integer)")
        out("fetch_cycles_with_whole_store", X[1], "refit with store_cycles_whole")
        out("load_cycles_with_whole_store", X[2], "refit with store_cycles_whole")
    }
}
# least squares over the rows, each weighted by 1/rtl^2 (its relative error);
# n = 3: fetch, load, store free; n = 2: store fixed at S
function fitrows(n, S,   q, y, wt) {
    ls_reset(n)
    for (q = 1; q <= nrow; q++) {
        y = RW[q, 1] - RW[q, 2] - (n == 2 ? S * RW[q, 5] : 0)
        R[1] = RW[q, 3]; R[2] = RW[q, 4]; R[3] = RW[q, 5]
        wgt = 1 / RW[q, 1] ^ 2; ls_add(n, y)
    }
    ok3 = solve(n)
}
