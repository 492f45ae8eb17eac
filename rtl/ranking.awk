# ranking.awk - results/rtl/traces.csv -> per (board, trace variant, phase; and
# phase `all` = boot + steady + exit, the variant as the verdict counts it) the
# designs (the no-op baseline left out) ordered by the RTL's cycles and by the
# model's, now and before calibration.  CSV:
#   board,bench,phase,rtl_order,model_order,same_order,same_winner,discordant_pairs,
#   model0_order,same_order0,same_winner0,discordant_pairs0
# orders: fastest first, '<' between; discordant_pairs: pairs of designs the two
# order differently, not counting pairs within 3% of each other on the RTL
# (a near-tie: "a<b" there is no finding either way).
function order(key, col,   n, i, j, t, s, nm) {
    n = split(list[key], nm, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
        if (v[key, nm[j], col] < v[key, nm[i], col]) { t = nm[i]; nm[i] = nm[j]; nm[j] = t }
    s = nm[1]; for (i = 2; i <= n; i++) s = s "<" nm[i]
    return s
}
function disc(key, col,   n, i, j, a, b, ra, rb, c) {
    n = split(list[key], nm2, " "); c = 0
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
        a = nm2[i]; b = nm2[j]; ra = v[key, a, "r"]; rb = v[key, b, "r"]
        if ((ra > rb ? ra - rb : rb - ra) <= 0.03 * (ra < rb ? ra : rb)) continue
        if ((ra < rb) != (v[key, a, col] < v[key, b, col])) c++
    }
    return c
}
function first(s) { sub(/<.*/, "", s); return s }
BEGIN { FS = "," }
FNR == 1 || $2 == "noop" { next }
function add(key, set) {
    if (!(key in list)) keys[++nk] = key
    if (!((key, $2) in seen)) { seen[key, $2] = 1; list[key] = list[key] " " $2 }
    if (set) { v[key, $2, "r"] = $6; v[key, $2, "m"] = $7; v[key, $2, "z"] = $9 }
    else { v[key, $2, "r"] += $6; v[key, $2, "m"] += $7; v[key, $2, "z"] += $9 }
}
# each phase, and per variant `all`: boot + steady + exit, the phases the
# verdict charges (the loader's assignment never is)
{ add($1 "," $3 "," $4, 1); if ($4 == "boot" || $4 == "steady" || $4 == "exit") add($1 "," $3 ",all", 0) }
END {
    print "board,bench,phase,rtl_order,model_order,same_order,same_winner,discordant_pairs,model0_order,same_order0,same_winner0,discordant_pairs0"
    for (i = 1; i <= nk; i++) { k = keys[i]; r = order(k, "r"); m = order(k, "m"); z = order(k, "z")
        printf "%s,%s,%s,%s,%s,%d,%s,%s,%s,%d\n", k, r, m, r == m ? "yes" : "no", first(r) == first(m) ? "yes" : "no", disc(k, "m"),
            z, r == z ? "yes" : "no", first(r) == first(z) ? "yes" : "no", disc(k, "z") }
}
