# Figure 4: the trade-off: table bytes against owner() cost, one point per
# design per board; filled = reserved bytes (the static worst case; for the
# peers, which allocate, what they had allocated), hollow = in use after the
# steady workload; the line is the Pareto front of reserved bytes against
# cost (nothing else is both smaller and faster).
W = 1300; H = 1000
load 'plots/style.gp'
set multiplot layout 2,2 title "Memory against owner() cost (host, steady pattern)" noenhanced
set logscale xy
set xlabel 'bytes (log)'
set ylabel 'owner() ratio to floor (log)'
set key top right font ',9'
set offsets graph 0.05, graph 0.15, graph 0.1, graph 0.1
set yrange [1:*]
do for [b in 'precursor bao1x renode artyvexii'] {
    set title b
    f = data.'/tradeoff_'.b.'.dat'
    plot data.'/pareto_'.b.'.dat' u 1:2 w l lw 2 dt 2 lc rgb '#999999' t 'Pareto front (reserved)', \
         f u 2:4 w p pt 7 ps 1.4 lc rgb '#4477aa' t 'reserved', \
         f u 3:4 w p pt 6 ps 1.6 lc rgb '#cc3311' t 'in use', \
         f u 2:4:1 w labels offset 0.8,0.6 left font ',9' t '', \
         f u ($3 < $2 ? $3 : NaN):4:1 w labels offset -0.8,0.6 right font ',9' tc rgb '#cc3311' t ''
}
unset multiplot
