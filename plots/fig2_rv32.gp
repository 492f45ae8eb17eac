# Figure 2: RV32 instructions retired per operation on the Precursor map
# (QEMU -icount: exact; no caches modelled), and beside it each design's code
# size and table size for that map.
W = 1300; H = 620
load 'plots/style.gp'
set multiplot layout 1,2 columns title "RV32 (rv32imac, QEMU -icount), Precursor map, steady pattern" noenhanced
set size 0.72,0.95; set origin 0,0
set title 'instructions per operation (log scale)'
set logscale y
set yrange [1:*]
set ylabel 'instructions retired per operation'
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics rotate by -30 scale 0
set key top left
plot for [i=1:words(rv32_designs)] data.'/rv32_ops.dat' u (column(i+1)):xtic(1) t word(rv32_designs,i) \
     lc rgb colour_of(word(rv32_designs,i))
set size 0.28,0.95; set origin 0.72,0
set title 'code size (.text+.rodata)'
unset logscale y
set yrange [0:*]
set ylabel 'bytes'
set xtics rotate by -30
unset key
set style histogram clustered gap 1
plot data.'/rv32_size.dat' u 2:xtic(1) lc rgb '#4477aa' t ''
unset multiplot
