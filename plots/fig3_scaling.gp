# Figure 3: how host cost grows: owner() and release_all() against the
# whitelisted size (one region, 16 MiB .. 4 GiB), the number of regions
# (1 .. 1000) and the number of owned runs.
W = 1500; H = 900
load 'plots/style.gp'
set multiplot layout 2,3 title "Cost growth on the host (median ns per operation; log scales)" noenhanced
set logscale xy
set key top left font ',9' opaque box
set format y '%g'
d(f) = data.'/'.f
cols = 'floor '.all_designs
colour(i) = colour_of(word(cols, i))
n = words(cols)
set title 'owner() vs whitelisted size'; set xlabel 'whitelisted MiB'; set ylabel 'ns per lookup'
plot for [i=1:n] d('scale_size_owner_listed.dat') u 1:(column(i+1)) w lp pt 7 ps 0.6 lc rgb colour(i) t word(cols,i)
set title 'owner() vs number of regions'; set xlabel 'regions'
plot for [i=1:n] d('scale_regions_owner_listed.dat') u 1:(column(i+1)) w lp pt 7 ps 0.6 lc rgb colour(i) t word(cols,i)
set title 'owner() vs owned runs'; set xlabel 'owned runs'
plot for [i=1:n] d('scale_runs_owner_listed.dat') u 1:(column(i+1)) w lp pt 7 ps 0.6 lc rgb colour(i) t word(cols,i)
set title 'release_all() (1% owner) vs size'; set xlabel 'whitelisted MiB'; set ylabel 'ns per call'
plot for [i=2:n] d('scale_size_release_all_1pct.dat') u 1:(column(i+1)) w lp pt 7 ps 0.6 lc rgb colour(i) t word(cols,i)
set title 'release_all() (1% owner) vs regions'; set xlabel 'regions'
plot for [i=2:n] d('scale_regions_release_all_1pct.dat') u 1:(column(i+1)) w lp pt 7 ps 0.6 lc rgb colour(i) t word(cols,i)
set title 'release_all() (50% owner) vs owned runs'; set xlabel 'owned runs'
plot for [i=2:n] d('scale_runs_release_all_50pct.dat') u 1:(column(i+1)) w lp pt 7 ps 0.6 lc rgb colour(i) t word(cols,i)
unset multiplot
