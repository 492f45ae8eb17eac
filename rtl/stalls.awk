# stalls.awk - where each design's cycles go on the boards' RTL (issue #19, "Beyond"),
# from the stall causes vexsim appends to its window lines (rtl/tb.cpp's header says
# how a cycle is classified, and in which priority order):
#   rtl: window=K insns=N cycles=N ... st_retire=N st_iref=N st_dref=N st_store=N st_io=N
#        st_walk=N st_hazard=N st_branch=N st_muldiv=N st_csr=N st_other=N
# (st_retire counts the stop marker's retirement, as the window's cycles do: insns + 1.)
# Modes (make rtl-stalls, make test-rtl):
#   awk -v mode=header -f rtl/stalls.awk                                   the CSV header
#   awk -F, -v mode=perop|replay -v board=B -v bench=NAME -f rtl/stalls.awk RTL.txt
#       CSV rows, windows mapped to rows as rtl/join.awk maps them: replay, one row
#       per guest "seg" line (its window); perop, one row per guest "win" line (the
#       design's windows minus the no-op's, per operation: a cause may then be
#       negative, the design needing fewer of those cycles than the no-op does)
#   awk -F, -v mode=md -f rtl/stalls.awk stalls.csv                         stalls.md
#   awk -v mode=check -v board=B -f rtl/stalls.awk MICRO.out TLB.out
#       make test-rtl's checks on tests/vexcache/micro.c and tests/rtl/tlb.c's windows
#       (their "window K NAME" lines): every window's causes sum to its cycles and
#       st_retire = insns + 1; and each micro-program shows the cause it is built
#       for (below).  Prints "ok/FAIL ..." lines and "RESULT stalls GOOD BAD".
# The CSV: board,bench,strategy,phase,insns,cycles,cpi, then per cause C its cycles
# (C_cycles) and its cycles per instruction (C_cpi; the C_cpi sum to cpi).
function kv(s, key,   v) { v = " " s " "; if (index(v, " " key "=") == 0) return ""; sub(".* " key "=", "", v); sub(/ .*/, "", v); return v + 0 }
BEGIN {
    nC = split("retire iref dref store io walk hazard branch muldiv csr other", C, " ")
    NAME["retire"] = "retire"; NAME["iref"] = "I$ refill"; NAME["dref"] = "D$ refill"; NAME["store"] = "store"
    NAME["io"] = "uncached"; NAME["walk"] = "page walk"; NAME["hazard"] = "hazard"; NAME["branch"] = "branch"
    NAME["muldiv"] = "mul/div"; NAME["csr"] = "csr/trap"; NAME["other"] = "other"
    if (mode == "header") {
        h = "board,bench,strategy,phase,insns,cycles,cpi"
        for (i = 1; i <= nC; i++) h = h "," C[i] "_cycles"
        for (i = 1; i <= nC; i++) h = h "," C[i] "_cpi"
        print h; exit 0
    }
}

# ---- rows (perop, replay)
function sum(f, first, last, step,   k, t) {
    t = 0
    for (k = first; k <= last; k += step) {
        if (!(k in have)) { printf "stalls.awk: %s %s: no window %d\n", board, bench, k > "/dev/stderr"; bad = 1; exit 1 }
        t += val[f, k]
    }
    return t
}
function row(strategy, phase, n, df, dl, nf, nl, st,   i, f, x, cyc, ins, line) {
    for (i = 0; i <= nC; i++) {
        f = (i == 0) ? "insns" : "st_" C[i]
        x[f] = (sum(f, df, dl, st) - (nf > 0 ? sum(f, nf, nl, st) : 0)) / n
    }
    x["cycles"] = (sum("cycles", df, dl, st) - (nf > 0 ? sum("cycles", nf, nl, st) : 0)) / n
    ins = x["insns"]; cyc = x["cycles"]
    line = sprintf("%s,%s,%s,%s,%.2f,%.2f,%s", board, bench, strategy, phase, ins, cyc, ins > 0 ? sprintf("%.4f", cyc / ins) : "")
    for (i = 1; i <= nC; i++) line = line sprintf(",%.2f", x["st_" C[i]])
    for (i = 1; i <= nC; i++) line = line "," (ins > 0 ? sprintf("%.4f", x["st_" C[i]] / ins) : "")
    print line
}
(mode == "perop" || mode == "replay") && /^rtl: window=/ {
    k = kv($0, "window"); have[k] = 1
    val["insns", k] = kv($0, "insns"); val["cycles", k] = kv($0, "cycles")
    t = 0
    for (i = 1; i <= nC; i++) {
        v = kv($0, "st_" C[i])
        if (v == "") { printf "stalls.awk: %s %s: window %d has no st_%s (a vexsim from before the stall classification?)\n", board, bench, k, C[i] > "/dev/stderr"; bad = 1; exit 1 }
        val["st_" C[i], k] = v; t += v
    }
    if (t != val["cycles", k]) { printf "stalls.awk: %s %s: window %d: causes sum to %d, cycles %d\n", board, bench, k, t, val["cycles", k] > "/dev/stderr"; bad = 1; exit 1 }
    next
}
mode == "perop" && $1 == "win" { row($2, $3 "/" $4, $5, $6, $7, $8, $9, $10); next }
mode == "replay" && $1 == "seg" { row($3, $5, 1, $2, $2, 0, 0, 1); next }

# ---- stalls.md from stalls.csv
mode == "md" && FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
mode == "md" && $2 ~ /^replay_/ {
    b = $1; p = $4; s = $3
    if (!(b in seenb)) { seenb[b] = 1; boards[++nb] = b; benchof[b] = $2 }
    if (!((b, s) in seens)) { seens[b, s] = 1; strat[b, ++ns[b]] = s }
    key = b SUBSEP p SUBSEP s; have_md[key] = 1
    cpi[key] = $(col["cpi"]); cyc[key] = $(col["cycles"]); ins[key] = $(col["insns"])
    for (i = 1; i <= nC; i++) { v[key, C[i]] = $(col[C[i] "_cycles"]); tot[b, p, C[i]] += $(col[C[i] "_cycles"]) }
    next
}
function md_table(b, p,   i, j, s, key, h, sep, line, nz) {
    # the causes that cost this board anything in this phase (the others are left out, said below)
    nz = 0; left = ""
    for (i = 2; i <= nC; i++) if (tot[b, p, C[i]] > 0) use[b, p, ++nz] = C[i]; else left = left (left == "" ? "" : ", ") NAME[C[i]]
    h = "| design | insns | cycles | CPI | retire |"; sep = "|---|---:|---:|---:|---:|"
    for (j = 1; j <= nz; j++) { h = h " " NAME[use[b, p, j]] " |"; sep = sep "---:|" }
    print h; print sep
    for (i = 1; i <= ns[b]; i++) {
        s = strat[b, i]; key = b SUBSEP p SUBSEP s
        if (!(key in have_md)) continue
        line = sprintf("| %s | %d | %d | %s | %s |", s, ins[key], cyc[key], cpi[key] == "" ? "-" : sprintf("%.2f", cpi[key]), pct(v[key, "retire"], cyc[key]))
        for (j = 1; j <= nz; j++) line = line " " pct(v[key, use[b, p, j]], cyc[key]) " |"
        print line
    }
    print ""
    if (left != "") printf "No cycle of this phase went to: %s.\n\n", left
}
function pct(x, t) { return t > 0 ? sprintf("%.1f%%", 100 * x / t) : "-" }
END {
    if (bad) exit 1
    if (mode == "md") {
        print "# Where the cycles go on the boards' RTL: CPI and stall causes per design"
        print ""
        print "Generated by `make rtl-stalls` (rtl/stalls.awk) from the RTL runs of `make bench-rtl`"
        print "(" (runs != "" ? runs : "build/rtl/runs") "/: each board's trace replays, in S-mode with Sv32 as Xous runs);"
        print "every row of results/rtl/stalls.csv, the per-operation suite's too, has the cycle counts"
        print "behind these shares.  Each cycle either retires an instruction (retire) or is charged"
        print "to one cause, read from the pipeline's own signals (rtl/tb.cpp's header lists them):"
        print "I$ refill, D$ refill (the load replayed after it included), a store waiting for the bus,"
        print "an uncached access, an MMU page walk, a decode-stage data hazard (load-use), the"
        print "refetch after a taken branch or jump, the iterative multiplier/divider, CSR/trap/fence"
        print "effects, and other (fetch gaps with no cause seen).  Shares are of the phase's cycles."
        print ""
        print "What the figure cannot show: the length of every refill, store and walk is set by"
        print "what lies beyond the CPU, and that is the testbench's model (rtl/mem.h: Precursor's"
        print "L2 and SRAM timings, bao1x's ASSUMED SRAM latency), not the boards' RTL; and where"
        print "stalls overlap (an I$ refill during a D$ refill, a walk during a store), the cycle"
        print "goes to one cause by tb.cpp's fixed priority (a page walk first), so a cause's share is"
        print "what was left to it, not all the time it was under way."
        for (bi = 1; bi <= nb; bi++) {
            b = boards[bi]
            split("steady exit", P, " ")
            for (pi = 1; pi <= 2; pi++) {
                printf "\n## %s, %s phase (%s)\n\n", b, P[pi], benchof[b]
                md_table(b, P[pi])
            }
        }
    }
    if (mode == "check") {
        for (f = 1; f <= nf; f++) check_file(f)
        printf "RESULT stalls %d %d\n", good, fails
    }
}

# ---- make test-rtl's checks
mode == "check" && FNR == 1 { nf++ }
mode == "check" && /^window [0-9]+ / { wname[nf, $2] = $3; next }
mode == "check" && /^rtl: window=/ {
    k = kv($0, "window"); nw[nf] = k > nw[nf] ? k : nw[nf]
    wcyc[nf, k] = kv($0, "cycles"); wins[nf, k] = kv($0, "insns")
    for (i = 1; i <= nC; i++) wst[nf, k, C[i]] = kv($0, "st_" C[i])
    next
}
function ok(cond, what) {
    if (cond) { good++; if (verbose) printf "ok   %s %s\n", board, what }
    else { fails++; printf "FAIL %s stalls: %s\n", board, what }
}
# the largest cause other than retire, in window k of file f
function top(f, k,   i, best, bc) {
    best = -1
    for (i = 2; i <= nC; i++) if (wst[f, k, C[i]] > best) { best = wst[f, k, C[i]]; bc = C[i] }
    return bc
}
function check_file(f,   k, i, t, n, name, what) {
    for (k = 1; k <= nw[f]; k++) {
        name = wname[f, k]; t = 0
        for (i = 1; i <= nC; i++) {
            if (wst[f, k, C[i]] == "") { ok(0, sprintf("window %d %s: no st_%s field", k, name, C[i])); return }
            t += wst[f, k, C[i]]
        }
        ok(t == wcyc[f, k], sprintf("window %d %s: causes sum to its cycles (%d = %d)", k, name, t, wcyc[f, k]))
        ok(wst[f, k, "retire"] == wins[f, k] + 1, sprintf("window %d %s: st_retire = insns + 1 (%d, %d)", k, name, wst[f, k, "retire"], wins[f, k]))
        what = sprintf("window %d %s: ", k, name)
        # what each micro-program is built for (tests/vexcache/micro.c, tests/rtl/tlb.c)
        if (name == "dcache_fit_reread")      ok(wst[f, k, "hazard"] > 0, what "a load-use loop (s += *w) shows hazard cycles")
        if (name == "l2_big_reread")          ok(top(f, k) == "dref", what "streaming reads beyond the D-cache: D$ refill the largest cause (" top(f, k) ")")
        if (name == "icache_big_code")        ok(top(f, k) == "iref", what "64 KiB of straight code: I$ refill the largest cause (" top(f, k) ")")
        if (name == "icache_small_code")      ok(wst[f, k, "retire"] >= 0.9 * wcyc[f, k] && wst[f, k, "hazard"] == 0, what "warm straight code: >= 90% retire, no hazard")
        if (name == "dcache_set_ways")        ok(top(f, k) == "branch" && wst[f, k, "dref"] == 0, what "a loop of cached loads: branch the largest cause, no D$ refill (" top(f, k) ")")
        if (name == "dcache_set_ways_plus_1") ok(top(f, k) == "dref", what "one line more than the ways: D$ refill the largest cause (" top(f, k) ")")
        if (name == "stores_to_cold_lines")   ok(board == "bao1x" ? wst[f, k, "store"] == 0 : wst[f, k, "store"] >= wins[f, k] / 4,
                                                 what (board == "bao1x" ? "no store stall (AXI takes a store a cycle)" : "stores stall on the Wishbone (>= 1 cycle per 4 insns)"))
        if (name == "tlb_n")                  ok(wst[f, k, "walk"] == 0, what "N pages: no walk")
        if (name == "tlb_n_plus_1")           ok(top(f, k) == "walk", what "N+1 pages: page walk the largest cause (" top(f, k) ")")
        if (name == "empty")                  ok(wcyc[f, k] == 1 && wst[f, k, "retire"] == 1, what "an empty window is its stop marker's one cycle")
    }
}
