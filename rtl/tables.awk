# tables.awk - results/rtl/tables.md: the REPORT's tables of RTL cycles, from
#   awk -F, -f rtl/tables.awk results/rtl/traces.csv results/rtl/ranking.csv results/rtl/perop.csv
# 1. every replay's steady phase: per board and design, the RTL's cycles per trace
#    operation (primary), the model's, and its error now and before calibration;
# 2. per board and trace phase over every replayed variant: rows, mean and worst |error|;
# 3. the ranking on every variant and phase: same winner, discordant pairs;
# 4. the per-operation suite: per board, mean and worst |error|, rows within 5% / 15%.
function abs(x) { return x < 0 ? -x : x }
FNR == 1 { file++; next }
file == 1 {
    if ($4 == "steady") { k = $1 SUBSEP $3; if (!(k in seenv)) { seenv[k] = 1; vars[$1] = vars[$1] " " $3 }
        st[$1, $3, $2] = $6; sm[$1, $3, $2] = $7; se[$1, $3, $2] = $8; sz[$1, $3, $2] = $10
        if (!(($1, $2) in seend)) { seend[$1, $2] = 1; des[$1] = des[$1] " " $2 } }
    p = $1 SUBSEP $4; n[p]++; e = abs($8); s[p] += e; if (e > w[p]) w[p] = e; z = abs($10); s0[p] += z; if (z > w0[p]) w0[p] = z
    if (e <= 5) a5[p]++; if (e <= 15) a15[p]++
    if (!(p in seenp)) { seenp[p] = 1; ph[++np] = p }
    next
}
file == 2 && $3 == "all" { ra[$1]++; if ($6 == "yes") so[$1]++; if ($7 == "yes") wa[$1]++; if ($10 == "yes") so0[$1]++
    if ($11 == "yes") wa0[$1]++; da[$1] += $8; da0[$1] += $12; if ($8 > 0) bad[$1] = bad[$1] " " $2; next }
file == 2 { rk[$1]++; if ($7 == "yes") win[$1]++; if ($11 == "yes") win0[$1]++; dp[$1] += $8; dp0[$1] += $12; next }
file == 3 { b = $1; m[b]++; e = abs($8); ms[b] += e; if (e > mw[b]) mw[b] = e; if (e <= 5) m5[b]++; if (e <= 15) m15[b]++
    z = abs($10); ms0[b] += z; if (z > mw0[b]) mw0[b] = z; if (z <= 15) m150[b]++ }
END {
    for (b in vars) {
        nv = split(vars[b], V, " ")
        for (i = 1; i <= nv; i++) {
            printf "\n%s, %s, steady phase (cycles in the phase; the CPU's RTL, memory beyond it modelled):\n\n", b, V[i]
            print "| design | RTL cycles | model | error | before calibration |"
            print "| --- | ---: | ---: | ---: | ---: |"
            nd = split(des[b], D, " ")
            for (j = 1; j <= nd; j++) if ((b, V[i], D[j]) in st)
                printf "| %s | %d | %d | %+.1f%% | %+.1f%% |\n", D[j], st[b, V[i], D[j]], sm[b, V[i], D[j]], se[b, V[i], D[j]], sz[b, V[i], D[j]]
        }
    }
    print "\nModel error against the RTL per trace phase, every replayed variant and design:\n"
    print "| board | phase | rows | mean abs error | worst | within 5% | within 15% | before: mean | before: worst |"
    print "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for (i = 1; i <= np; i++) { p = ph[i]; split(p, q, SUBSEP)
        printf "| %s | %s | %d | %.1f%% | %.1f%% | %d | %d | %.1f%% | %.1f%% |\n", q[1], q[2], n[p], s[p] / n[p], w[p], a5[p], a15[p], s0[p] / n[p], w0[p] }
    print "\nRanking of the designs per trace variant, as the verdict counts a variant (boot + steady + exit; near-ties within 3% on the RTL not counted):\n"
    print "| board | variants | same order | same winner | discordant pairs | variants with one | before: same order | before: same winner | before: discordant |"
    print "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |"
    for (b in ra) printf "| %s | %d | %d | %d | %d | %s | %d | %d | %d |\n", b, ra[b], so[b], wa[b], da[b], (b in bad) ? bad[b] : "none", so0[b], wa0[b], da0[b]
    print "\nRanking of the designs, every variant and phase (near-ties within 3% on the RTL not counted):\n"
    print "| board | variant x phase | same winner | discordant pairs | before: same winner | before: discordant |"
    print "| --- | ---: | ---: | ---: | ---: | ---: |"
    for (b in rk) printf "| %s | %d | %d | %d | %d | %d |\n", b, rk[b], win[b], dp[b], win0[b], dp0[b]
    print "\nPer-operation suite (design minus no-op, per operation; reduced counts, the board's own map):\n"
    print "| board | rows | mean abs error | worst | within 5% | within 15% | before: mean | before: worst | before: within 15% |"
    print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for (b in m) printf "| %s | %d | %.1f%% | %.1f%% | %d | %d | %.1f%% | %.1f%% | %d |\n", b, m[b], ms[b] / m[b], mw[b], m5[b], m15[b], ms0[b] / m[b], mw0[b], m150[b]
}
