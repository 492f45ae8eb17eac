# style.gp - what every figure shares: the terminal (PNG or SVG, chosen by
# the `term` variable the Makefile passes), the fonts, and one colour per
# design so a design looks the same in every figure.
if (term eq 'svg') {
    set terminal svg size W,H font 'Sans,12' dynamic background rgb 'white'
    set output outbase.'.svg'
} else {
    set terminal pngcairo size W,H font 'Sans,11' noenhanced
    set output outbase.'.png'
}
set encoding utf8
set key noenhanced
set title noenhanced
set grid ytics lc rgb '#dddddd'
set border 3
set tics nomirror
c_floor = '#000000'; c_flat = '#1b9e77'; c_bitmap = '#d95f02'; c_ranges = '#7570b3'
c_radix = '#e7298a'; c_xous = '#666666'; c_judy = '#66a61e'; c_roaring = '#e6ab02'
c_xous_fixed = '#222222'; c_other = '#1f78b4'
# A design's colour by name; a design this list does not know yet gets c_other.
colour_of(n) = n eq 'floor' ? c_floor : n eq 'flat' ? c_flat : n eq 'bitmap' ? c_bitmap : \
    n eq 'ranges' ? c_ranges : n eq 'radix' ? c_radix : n eq 'xous' ? c_xous : \
    n eq 'xous_fixed' ? c_xous_fixed : n eq 'judy' ? c_judy : n eq 'roaring' ? c_roaring : c_other
load data.'/designs.gp'
