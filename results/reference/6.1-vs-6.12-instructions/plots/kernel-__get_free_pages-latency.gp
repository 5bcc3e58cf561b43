# Drawn by 'kmembench report'; redraw in this folder with: gnuplot kernel-__get_free_pages-latency.gp
DAT = 'kernel-__get_free_pages-latency.dat'
if (!exists("SVG")) SVG = 'kernel-__get_free_pages-latency.svg'
if (!exists("PNG")) PNG = 'kernel-__get_free_pages-latency.png'
set encoding utf8
set terminal svg size 960,660 font 'sans,11' noenhanced background rgb 'white'
set output SVG
set multiplot layout 2,1 title "kernel/__get_free_pages: median instructions per operation, base 6.1.0-57-cloud-amd64 (blue) against new 6.12.117+deb12-cloud-amd64 (orange)\nbars: 10th to 90th percentile of the repetition medians"
set grid xtics ytics lc rgb '#dddddd'
set key outside right top vertical spacing 1.1
set ylabel 'instructions per operation'
set bars small
set offsets 0, 0, graph 0.08, graph 0.08
set xtics ("0" 0, "3" 3, "0" 0, "3" 3)
unset logscale x
set xrange [-0.5:3.6]
set xlabel 'page order (2^order pages per allocation)'
unset logscale y
set title "alloc:  gfp=KERNEL/pattern=pair/ctx=process/threads=1"
plot DAT index 0 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 1 pt 7 ps 0.7 lw 1.5 title "base", \
     DAT index 1 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 1 pt 7 ps 0.7 lw 1.5 title "new"
unset logscale y
set title "free:  gfp=KERNEL/pattern=pair/ctx=process/threads=1"
plot DAT index 2 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 1 pt 7 ps 0.7 lw 1.5 title "base", \
     DAT index 3 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 1 pt 7 ps 0.7 lw 1.5 title "new"

unset multiplot
set output
reset
set terminal pngcairo size 960,660 font 'sans,9' noenhanced background rgb 'white'
set output PNG
set multiplot layout 2,1 title "kernel/__get_free_pages: median instructions per operation, base 6.1.0-57-cloud-amd64 (blue) against new 6.12.117+deb12-cloud-amd64 (orange)\nbars: 10th to 90th percentile of the repetition medians"
set grid xtics ytics lc rgb '#dddddd'
set key outside right top vertical spacing 1.1
set ylabel 'instructions per operation'
set bars small
set offsets 0, 0, graph 0.08, graph 0.08
set xtics ("0" 0, "3" 3, "0" 0, "3" 3)
unset logscale x
set xrange [-0.5:3.6]
set xlabel 'page order (2^order pages per allocation)'
unset logscale y
set title "alloc:  gfp=KERNEL/pattern=pair/ctx=process/threads=1"
plot DAT index 0 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 1 pt 7 ps 0.7 lw 1.5 title "base", \
     DAT index 1 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 1 pt 7 ps 0.7 lw 1.5 title "new"
unset logscale y
set title "free:  gfp=KERNEL/pattern=pair/ctx=process/threads=1"
plot DAT index 2 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 1 pt 7 ps 0.7 lw 1.5 title "base", \
     DAT index 3 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 1 pt 7 ps 0.7 lw 1.5 title "new"

unset multiplot
set output
