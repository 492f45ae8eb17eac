# geometry.awk - make test-rtl's checks: what the boards' RTL shows of the cache
# and TLB geometry, from one vexsim run of a micro-program (the model's own
# tests/vexcache/micro.c, and rtl/tlb.c for the TLBs).  Input: the run's stdout,
# "window K NAME" lines (the guest's) and "rtl: window=K f=N ..." lines (the
# testbench's).  The RTL's victim choice is the CPU's own (not the model's LRU),
# so the checks say what every replacement policy must show, with bounds:
#   fits      : the ways of one set re-read, 100 rounds: no refill
#   streams   : 4 x the D-cache re-read: >= 90% of its lines refilled
#   cold      : 8 KiB stride 4, cold: exactly one refill per line
#   no write-allocate: 8 KiB of stores to cold lines: no refill; loads after: every line
#   ways+1    : ways+1 lines of one set, 100 rounds: >= 100 refills (ways: 0)
#   I-cache   : 1 KiB of code re-run: no refill; 64 KiB (> I-cache): >= 90% of lines
#   TLB       : N pages (N = the TLB's entries) cyclically in S-mode with Sv32: no
#               walk after warm-up; N+1: >= 1 walk per access round
# Prints "PASS name: ..." / "FAIL name: ..." and last "RESULT good bad".
function v(k, f) { return (k in seen) ? val[k, f] : -1 }
function check(name, ok, what) {
    if (ok) { good++; printf "PASS %s %s: %s\n", board, name, what }
    else { bad++; printf "FAIL %s %s: %s\n", board, name, what }
}
$1 == "window" && NF == 3 { name[$3] = $2 }
$1 == "rtl:" && $2 ~ /^window=/ {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "window") k = kv[2]; f[kv[1]] = kv[2] }
    seen[k] = 1; for (x in f) val[k, x] = f[x]; delete f
}
END {
    if ("dcache_set_ways" in name) {
        w = name["dcache_set_ways"]; check("fits(ways of one set)", v(w, "drefills") == 0, "drefills=" v(w, "drefills") " want 0")
        w = name["dcache_set_ways_plus_1"]; check("ways+1", v(w, "drefills") >= 100, "drefills=" v(w, "drefills") " want >= 100 (of 100 rounds)")
        w = name["dcache_big_reread"]; check("streams(4xD$)", v(w, "drefills") >= 0.9 * 4 * dbytes / 32, "drefills=" v(w, "drefills") " want >= " 0.9 * 4 * dbytes / 32)
        w = name["dcache_stride4_cold"]; check("cold(1 refill/line)", v(w, "drefills") == 256, "drefills=" v(w, "drefills") " want 256")
        w = name["stores_to_cold_lines"]; check("no-write-allocate(stores)", v(w, "drefills") == 0 && v(w, "stores") == 2048, "drefills=" v(w, "drefills") " stores=" v(w, "stores") " want 0, 2048")
        w = name["loads_after_stores"]; check("no-write-allocate(loads after)", v(w, "drefills") == 256, "drefills=" v(w, "drefills") " want 256")
        w = name["stores_to_cached_lines"]; check("store hits", v(w, "drefills") == 0, "drefills=" v(w, "drefills") " want 0")
        w = name["icache_small_code"]; check("I$ fits(1 KiB code)", v(w, "irefills") == 0, "irefills=" v(w, "irefills") " want 0")
        w = name["icache_big_code"]; check("I$ overflow(64 KiB code)", v(w, "irefills") >= 0.9 * 2048, "irefills=" v(w, "irefills") " want >= " 0.9 * 2048)
        w = name["insns_vs_instret"]; check("served instret", v(w, "insns") >= 0, "window present")
        w = name["empty"]; check("empty window", v(w, "insns") == 0, "insns=" v(w, "insns") " want 0")
    }
    if ("tlb_n" in name) {
        w = name["tlb_n"]; check("TLB N pages", v(w, "walks") == 0, "walks=" v(w, "walks") " want 0")
        w = name["tlb_n_plus_1"]; check("TLB N+1 pages", v(w, "walks") >= rounds, "walks=" v(w, "walks") " want >= " rounds)
        w = name["tlb_after_sfence"]; check("sfence.vma empties the TLB", v(w, "walks") >= entries && v(w, "walks") <= entries + 3, "walks=" v(w, "walks") " want " entries ".." entries + 3 " (the N data pages again, and the code pages)")
        w = name["tlb_after_instret"]; check("an instret read between windows takes one TLB entry (as the model has it)", v(w, "walks") == entries, "walks=" v(w, "walks") " want " entries)
    }
    printf "RESULT %d %d\n", good, bad
}
