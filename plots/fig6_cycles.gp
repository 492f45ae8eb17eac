# Figure 6: RV32 operations under the VexRiscv cache model, per board:
# modelled cycles per operation (bars), the same operations' exact
# instructions (points). The gap between a bar and its point is what the
# caches, the TLB and the memory behind them add; owner_listed is a
# cache-hostile random stream, owner_local a kernel-like one with locality.
W = 1500; H = 900
load 'plots/style.gp'
set multiplot layout 2,1 title "RV32 under the VexRiscv cache model (bars: cycles; points: instructions) — log scale" noenhanced
set logscale y
set yrange [1:*]
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics rotate by -20 scale 0 font ',9'
set key outside right top font ',9'
n = words(rv32_designs)
do for [b in 'precursor bao1x'] {
    set title b
    set ylabel 'per operation'
    plot for [i=1:n] data.'/cycles_'.b.'.dat' u (column(i+1)):xtic(1) t word(rv32_designs,i) \
         lc rgb colour_of(word(rv32_designs,i)), \
         for [i=1:n] '' u ($0 - 0.45 + (i - 0.5) * 0.9 / n):(column(n+i+1)) w p pt 7 ps 0.6 lc rgb '#000000' \
         t (i == 1 ? 'instructions' : '')
}
unset multiplot
