# Drawn by 'kmembench report'; redraw in this folder with: gnuplot kernel-__get_free_pages-ratio.gp
DAT = 'kernel-__get_free_pages-ratio.dat'
if (!exists("SVG")) SVG = 'kernel-__get_free_pages-ratio.svg'
if (!exists("PNG")) PNG = 'kernel-__get_free_pages-ratio.png'
set encoding utf8
set terminal svg size 960,194 font 'sans,11' noenhanced background rgb 'white'
set output SVG
set title "kernel/__get_free_pages: new/base ratio of medians, 95% bootstrap CI\nall: gfp=KERNEL pattern=pair ctx=process threads=1"
set yrange [3.5:-0.5]
set ytics scale 0 font ',9'
set grid xtics lc rgb '#dddddd'
set key tmargin center horizontal
set xlabel 'new / base (shaded: within +-1%, dashed: no change)'
set object 1 rect from 0.99, graph 0 to 1.01, graph 1 behind fc rgb '#ececec' fs solid 1.0 noborder
set arrow 1 from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb '#444444'
set bars small
unset logscale x
set xrange [0.916667:1.34871]
set xtics ("1" 1, "1.25" 1.25, "1.1" 1.1, "0.95" 0.95, "1.05" 1.05)
plot DAT index 0 using 2:1:3:4:ytic(5) with xerrorbars pt 7 ps 0.8 lc rgb '#d62728' title "regression (3)", \
     DAT index 1 using 2:1:3:4:ytic(5) with xerrorbars pt 7 ps 0.8 lc rgb '#7f7f7f' title "unchanged (1)"

unset multiplot
set output
reset
set terminal pngcairo size 960,194 font 'sans,9' noenhanced background rgb 'white'
set output PNG
set title "kernel/__get_free_pages: new/base ratio of medians, 95% bootstrap CI\nall: gfp=KERNEL pattern=pair ctx=process threads=1"
set yrange [3.5:-0.5]
set ytics scale 0 font ',9'
set grid xtics lc rgb '#dddddd'
set key tmargin center horizontal
set xlabel 'new / base (shaded: within +-1%, dashed: no change)'
set object 1 rect from 0.99, graph 0 to 1.01, graph 1 behind fc rgb '#ececec' fs solid 1.0 noborder
set arrow 1 from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb '#444444'
set bars small
unset logscale x
set xrange [0.916667:1.34871]
set xtics ("1" 1, "1.25" 1.25, "1.1" 1.1, "0.95" 0.95, "1.05" 1.05)
plot DAT index 0 using 2:1:3:4:ytic(5) with xerrorbars pt 7 ps 0.8 lc rgb '#d62728' title "regression (3)", \
     DAT index 1 using 2:1:3:4:ytic(5) with xerrorbars pt 7 ps 0.8 lc rgb '#7f7f7f' title "unchanged (1)"

unset multiplot
set output
