# Figure 1: host owner() cost per design and map, as a ratio to `floor` (one
# unchecked byte load) measured in the same run; steady pattern; bars are
# medians of the repetitions, error bars their min..max.
W = 1200; H = 560
load 'plots/style.gp'
set title "owner() on the host: time per lookup / floor's, steady pattern (median, min..max of repetitions)"
set ylabel 'ratio to floor (log scale; 1 = one unchecked byte load)'
set logscale y
set yrange [1:*]
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key top left horizontal
set xtics scale 0
plot data.'/owner_ratio.dat' u 2:3:4:xtic(1) t 'flat' lc rgb c_flat, \
     '' u 5:6:7 t 'bitmap' lc rgb c_bitmap, \
     '' u 8:9:10 t 'ranges' lc rgb c_ranges, \
     '' u 11:12:13 t 'radix' lc rgb c_radix, \
     '' u 14:15:16 t 'xous' lc rgb c_xous, \
     '' u 17:18:19 t 'judy (peer)' lc rgb c_judy, \
     '' u 20:21:22 t 'roaring (peer)' lc rgb c_roaring
