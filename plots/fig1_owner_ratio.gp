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
plot for [i=1:words(all_designs)] data.'/owner_ratio.dat' u (column(3*i-1)):(column(3*i)):(column(3*i+1)):xtic(1) \
    t word(all_designs,i) lc rgb colour_of(word(all_designs,i))
