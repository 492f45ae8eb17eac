# Figure 5: alloc() against main-RAM occupancy (filled from the bottom, as a
# first-fit allocator leaves it) and release_all() against the share of pages
# the dying process owns; every design as its speed-up over xous_fixed (Xous
# with its allocation cursor fixed: the fair baseline) measured in
# the same run (xous_fixed time / design time), the 10x goal drawn dashed.
W = 1300; H = 560
load 'plots/style.gp'
set multiplot layout 1,2 title "alloc() and release_all() on the host against xous_fixed, Precursor map (medians; log scale)" noenhanced
set logscale y
set key outside right top font ',9'
cols = all_designs
colour(i) = colour_of(word(cols, i))
lw(i) = word(cols, i) eq 'xous' ? 4 : 1.5
set title 'alloc() against RAM occupancy'
set xlabel 'main RAM occupied (%)'; set ylabel 'times faster than xous_fixed'
set xrange [45:100]
plot 10 w l dt 2 lc rgb '#999999' t '10x goal', for [i=1:words(cols)] data.'/alloc_occupancy.dat' u 1:(column(i+1)) w lp pt 7 lw lw(i) lc rgb colour(i) t word(cols,i)
set title 'release_all() against the dying process''s share'
set xlabel 'pages owned by the process (% of listed pages)'; set ylabel 'times faster than xous_fixed'
set xrange [0:11]
plot 10 w l dt 2 lc rgb '#999999' t '10x goal', for [i=1:words(cols)] data.'/release_share.dat' u 1:(column(i+1)) w lp pt 7 lw lw(i) lc rgb colour(i) t word(cols,i)
unset multiplot
