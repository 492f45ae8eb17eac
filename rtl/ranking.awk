# ranking.awk - results/rtl/traces.csv -> per (board, trace variant, phase) the
# designs ordered by the RTL's cycles and by the model's (now, and before
# calibration), and whether the orders agree.  CSV: board,bench,phase,rtl_order,
# model_order,same,model0_order,same0 (orders: fastest first, '<' between).
function order(key, col,   n, i, j, t, s, nm) {
    n = split(list[key], nm, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
        if (v[key, nm[j], col] < v[key, nm[i], col]) { t = nm[i]; nm[i] = nm[j]; nm[j] = t }
    s = nm[1]; for (i = 2; i <= n; i++) s = s "<" nm[i]
    return s
}
BEGIN { FS = "," }
FNR == 1 { next }
{ key = $1 "," $3 "," $4; if (!(key in list)) keys[++nk] = key; list[key] = list[key] " " $2
  v[key, $2, "r"] = $6; v[key, $2, "m"] = $7; v[key, $2, "z"] = $9 }
END {
    print "board,bench,phase,rtl_order,model_order,same,model0_order,same0"
    for (i = 1; i <= nk; i++) { k = keys[i]; r = order(k, "r"); m = order(k, "m"); z = order(k, "z")
        printf "%s,%s,%s,%s,%s,%s\n", k, r, m, r == m ? "yes" : "no", z, r == z ? "yes" : "no" }
}
