# Drawn by 'kmembench report'; redraw in this folder with: gnuplot kernel-kmem_cache-ratio.gp
DAT = 'kernel-kmem_cache-ratio.dat'
if (!exists("SVG")) SVG = 'kernel-kmem_cache-ratio.svg'
if (!exists("PNG")) PNG = 'kernel-kmem_cache-ratio.png'
set encoding utf8
set terminal svg size 960,482 font 'sans,11' noenhanced background rgb 'white'
set output SVG
set title "kernel/kmem_cache: new/base ratio of medians, 95% bootstrap CI\nall: gfp=KERNEL pattern=pair ctx=process threads=1"
set yrange [21.5:-0.5]
set ytics scale 0 font ',9'
set grid xtics lc rgb '#dddddd'
set key tmargin center horizontal
set xlabel 'new / base (shaded: within +-1%, dashed: no change)'
set object 1 rect from 0.99, graph 0 to 1.01, graph 1 behind fc rgb '#ececec' fs solid 1.0 noborder
set arrow 1 from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb '#444444'
set bars small
set logscale x 2
set xrange [0.170036:1.10972]
set xtics ("1" 1, "0.5" 0.5, "0.25" 0.25, "0.8" 0.8, "0.67" 0.67, "0.33" 0.33, "0.2" 0.2)
plot DAT index 0 using 2:1:3:4:ytic(5) with xerrorbars pt 7 ps 0.8 lc rgb '#2ca02c' title "improvement (11)", \
     DAT index 1 using 2:1:3:4:ytic(5) with xerrorbars pt 7 ps 0.8 lc rgb '#7f7f7f' title "unchanged (9)", \
     DAT index 2 using 2:1:3:4:ytic(5) with xerrorbars pt 7 ps 0.8 lc rgb '#ff9f1c' title "noisy (2)"

unset multiplot
set output
reset
set terminal pngcairo size 960,482 font 'sans,9' noenhanced background rgb 'white'
set output PNG
set title "kernel/kmem_cache: new/base ratio of medians, 95% bootstrap CI\nall: gfp=KERNEL pattern=pair ctx=process threads=1"
set yrange [21.5:-0.5]
set ytics scale 0 font ',9'
set grid xtics lc rgb '#dddddd'
set key tmargin center horizontal
set xlabel 'new / base (shaded: within +-1%, dashed: no change)'
set object 1 rect from 0.99, graph 0 to 1.01, graph 1 behind fc rgb '#ececec' fs solid 1.0 noborder
set arrow 1 from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb '#444444'
set bars small
set logscale x 2
set xrange [0.170036:1.10972]
set xtics ("1" 1, "0.5" 0.5, "0.25" 0.25, "0.8" 0.8, "0.67" 0.67, "0.33" 0.33, "0.2" 0.2)
plot DAT index 0 using 2:1:3:4:ytic(5) with xerrorbars pt 7 ps 0.8 lc rgb '#2ca02c' title "improvement (11)", \
     DAT index 1 using 2:1:3:4:ytic(5) with xerrorbars pt 7 ps 0.8 lc rgb '#7f7f7f' title "unchanged (9)", \
     DAT index 2 using 2:1:3:4:ytic(5) with xerrorbars pt 7 ps 0.8 lc rgb '#ff9f1c' title "noisy (2)"

unset multiplot
set output
