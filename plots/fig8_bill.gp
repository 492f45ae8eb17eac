# Figure 8: the table's share of the kernel's memory bill.  The kernel image
# serves every workload variant through Xous's syscall path (kernel_glue/
# kbill.c: trap, page-table walk and writes, sfence.vma, zeroing); per event
# kind, summed over every variant and phase but the loader's:
#   left:  the whole bill per event (cycles, log scale), the table's part dark;
#   right: the table's share of it (per cent).
# Designs: Xous's own three (xous, xous_fixed, xous_hint) and the winner.
# Source: results/rv32/bill_events.csv (make bench-bill).
W = 1400; H = 900
load 'plots/style.gp'
winner = system("cat results/WINNER 2>/dev/null || echo split")
designs = 'xous xous_fixed xous_hint'.(winner eq 'xous' || winner eq 'xous_fixed' || winner eq 'xous_hint' ? '' : ' '.winner)
kinds = 'fault ipc pt spawn queue map unmap send exit debug'
# One file per board: a line per event kind; per design, whole/event,
# table/event, share (%); a kind no variant has is left out.
agg(b) = "awk -F, -v b=".b." -v designs='".designs."' -v kinds='".kinds."' 'NR > 1 && $2 == b && $4 != \"loader\" " . \
    "{ k = $5 SUBSEP $3; n[k] += $6; w[k] += $7; t[k] += $8 } " . \
    "END { nd = split(designs, D, \" \"); nk = split(kinds, K, \" \"); " . \
    "for (i = 1; i <= nk; i++) { if (!((K[i] SUBSEP D[1]) in n)) continue; printf \"%s\", K[i]; " . \
    "for (j = 1; j <= nd; j++) { k = K[i] SUBSEP D[j]; " . \
    "if (n[k] > 0) printf \" %.0f %.0f %.2f\", w[k] / n[k], t[k] / n[k], 100 * t[k] / w[k]; " . \
    "else printf \" 1 0 0\" } print \"\" } }' results/rv32/bill_events.csv"
do for [b in 'precursor bao1x'] {
    system(agg(b)." > ".data."/bill_".b.".dat")
}
nd = words(designs)
# Xous's own three in greys, the winner in its colour (or blue).
col(n) = n eq 'xous' ? '#999999' : n eq 'xous_fixed' ? '#444444' : n eq 'xous_hint' ? '#a6761d' : \
    (colour_of(n) eq c_other ? '#1f78b4' : colour_of(n))
bw = 0.8 / nd
xpos(j) = $0 + (j - (nd + 1) / 2.0) * bw
set multiplot layout 2,2 title "The table's share of the kernel's memory bill: per event, the whole syscall path and the table's calls inside it (VexRiscv model)" noenhanced
set style fill solid 1.0 border -1
set boxwidth bw
set xtics rotate by -30 scale 0
set xrange [-0.6:*]
set key top left
do for [b in 'precursor bao1x'] {
    set title b.': cycles per event (light: the whole bill; dark: the table)'
    set logscale y
    set yrange [50:2e6]
    set ylabel 'cycles per event'
    plot data.'/bill_'.b.'.dat' u 0:(1/0):xtic(1) notitle w boxes, \
         for [j=1:nd] '' u (xpos(j)):(column(3*j-1)) w boxes t word(designs,j) lc rgb col(word(designs,j)) fs transparent solid 0.35 border lc rgb col(word(designs,j)), \
         for [j=1:nd] '' u (xpos(j)):(column(3*j)) w boxes notitle lc rgb col(word(designs,j)) fs solid 1.0
    unset logscale y
    set yrange [0:105]
    set title b.": the table's share of each event (%)"
    set ylabel 'table / whole (%)'
    plot data.'/bill_'.b.'.dat' u 0:(1/0):xtic(1) notitle w boxes, \
         for [j=1:nd] '' u (xpos(j)):(column(3*j+1)) w boxes t word(designs,j) lc rgb col(word(designs,j))
}
unset multiplot
