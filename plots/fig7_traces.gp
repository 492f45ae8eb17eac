# Figure 7: the `quiet` variant of each board's Xous workload (flash and CSR
# claims page by page, heaps, IPC, an app's exit; the loader's phase left out), whole-trace modelled cycles per design split by
# phase, as a multiple of xous_fixed's whole trace (1 = the fixed baseline);
# every figure net of the replay loop (the same replay calling a no-op).
W = 1300; H = 560
load 'plots/style.gp'
set multiplot layout 1,2 title "The quiet workload under the VexRiscv model: cycles by phase net of the replay loop, × xous_fixed's whole trace" noenhanced
set style data histogram
set style histogram rowstacked
set style fill solid 0.85 border -1
set boxwidth 0.7
set xtics rotate by -30 scale 0
set yrange [0:*]
set key top right
do for [b in 'precursor bao1x'] {
    set title b
    set ylabel '× xous_fixed (whole trace)'
    plot data.'/traces_'.b.'.dat' u 2:xtic(1) t 'boot' lc rgb '#4477aa', '' u 3 t 'steady' lc rgb '#ee6677', \
         '' u 4 t 'exit' lc rgb '#228833', 1 w l dt 2 lc rgb '#999999' t 'xous_fixed'
}
unset multiplot
