# Drawn by 'kmembench report'; redraw in this folder with: gnuplot kernel-krealloc-latency.gp
DAT = 'kernel-krealloc-latency.dat'
if (!exists("SVG")) SVG = 'kernel-krealloc-latency.svg'
if (!exists("PNG")) PNG = 'kernel-krealloc-latency.png'
set encoding utf8
set terminal svg size 960,1260 font 'sans,11' noenhanced background rgb 'white'
set output SVG
set multiplot layout 4,1 title "kernel/krealloc: median instructions per operation, base 6.1.0-57-cloud-amd64 (blue) against new 6.12.117+deb12-cloud-amd64 (orange)\nbars: 10th to 90th percentile of the repetition medians"
set grid xtics ytics lc rgb '#dddddd'
set key outside right top vertical spacing 1.1
set ylabel 'instructions per operation'
set bars small
set offsets 0, 0, graph 0.08, graph 0.08
set xtics ("64" 64, "64" 64, "64" 64, "64" 64, "1K" 1024, "1K" 1024, "1K" 1024, "1K" 1024)
set logscale x 2
set xrange [42.666666666666664:1638.4000000000001]
set xlabel 'size in bytes (log2 axis)'
unset logscale y
set title "alloc:  gfp=KERNEL pattern=pair ctx=process threads=1"
plot DAT index 0 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 1 pt 7 ps 0.7 lw 1.5 title "base  size_max=256", \
     DAT index 1 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 1 pt 7 ps 0.7 lw 1.5 title "new  size_max=256", \
     DAT index 2 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 2 pt 5 ps 0.7 lw 1.5 title "base  size_max=4096", \
     DAT index 3 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 2 pt 5 ps 0.7 lw 1.5 title "new  size_max=4096"
unset logscale y
set title "free:  gfp=KERNEL pattern=pair ctx=process threads=1"
plot DAT index 4 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 1 pt 7 ps 0.7 lw 1.5 title "base  size_max=256", \
     DAT index 5 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 1 pt 7 ps 0.7 lw 1.5 title "new  size_max=256", \
     DAT index 6 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 2 pt 5 ps 0.7 lw 1.5 title "base  size_max=4096", \
     DAT index 7 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 2 pt 5 ps 0.7 lw 1.5 title "new  size_max=4096"
set logscale y 10
set title "grow:  gfp=KERNEL pattern=pair ctx=process threads=1"
plot DAT index 8 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 1 pt 7 ps 0.7 lw 1.5 title "base  size_max=256", \
     DAT index 9 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 1 pt 7 ps 0.7 lw 1.5 title "new  size_max=256", \
     DAT index 10 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 2 pt 5 ps 0.7 lw 1.5 title "base  size_max=4096", \
     DAT index 11 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 2 pt 5 ps 0.7 lw 1.5 title "new  size_max=4096"
set logscale y 10
set title "shrink:  gfp=KERNEL pattern=pair ctx=process threads=1"
plot DAT index 12 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 1 pt 7 ps 0.7 lw 1.5 title "base  size_max=256", \
     DAT index 13 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 1 pt 7 ps 0.7 lw 1.5 title "new  size_max=256", \
     DAT index 14 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 2 pt 5 ps 0.7 lw 1.5 title "base  size_max=4096", \
     DAT index 15 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 2 pt 5 ps 0.7 lw 1.5 title "new  size_max=4096"

unset multiplot
set output
reset
set terminal pngcairo size 960,1260 font 'sans,9' noenhanced background rgb 'white'
set output PNG
set multiplot layout 4,1 title "kernel/krealloc: median instructions per operation, base 6.1.0-57-cloud-amd64 (blue) against new 6.12.117+deb12-cloud-amd64 (orange)\nbars: 10th to 90th percentile of the repetition medians"
set grid xtics ytics lc rgb '#dddddd'
set key outside right top vertical spacing 1.1
set ylabel 'instructions per operation'
set bars small
set offsets 0, 0, graph 0.08, graph 0.08
set xtics ("64" 64, "64" 64, "64" 64, "64" 64, "1K" 1024, "1K" 1024, "1K" 1024, "1K" 1024)
set logscale x 2
set xrange [42.666666666666664:1638.4000000000001]
set xlabel 'size in bytes (log2 axis)'
unset logscale y
set title "alloc:  gfp=KERNEL pattern=pair ctx=process threads=1"
plot DAT index 0 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 1 pt 7 ps 0.7 lw 1.5 title "base  size_max=256", \
     DAT index 1 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 1 pt 7 ps 0.7 lw 1.5 title "new  size_max=256", \
     DAT index 2 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 2 pt 5 ps 0.7 lw 1.5 title "base  size_max=4096", \
     DAT index 3 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 2 pt 5 ps 0.7 lw 1.5 title "new  size_max=4096"
unset logscale y
set title "free:  gfp=KERNEL pattern=pair ctx=process threads=1"
plot DAT index 4 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 1 pt 7 ps 0.7 lw 1.5 title "base  size_max=256", \
     DAT index 5 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 1 pt 7 ps 0.7 lw 1.5 title "new  size_max=256", \
     DAT index 6 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 2 pt 5 ps 0.7 lw 1.5 title "base  size_max=4096", \
     DAT index 7 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 2 pt 5 ps 0.7 lw 1.5 title "new  size_max=4096"
set logscale y 10
set title "grow:  gfp=KERNEL pattern=pair ctx=process threads=1"
plot DAT index 8 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 1 pt 7 ps 0.7 lw 1.5 title "base  size_max=256", \
     DAT index 9 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 1 pt 7 ps 0.7 lw 1.5 title "new  size_max=256", \
     DAT index 10 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 2 pt 5 ps 0.7 lw 1.5 title "base  size_max=4096", \
     DAT index 11 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 2 pt 5 ps 0.7 lw 1.5 title "new  size_max=4096"
set logscale y 10
set title "shrink:  gfp=KERNEL pattern=pair ctx=process threads=1"
plot DAT index 12 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 1 pt 7 ps 0.7 lw 1.5 title "base  size_max=256", \
     DAT index 13 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 1 pt 7 ps 0.7 lw 1.5 title "new  size_max=256", \
     DAT index 14 using 2:3:4:5 with yerrorlines lc rgb '#1f77b4' dt 2 pt 5 ps 0.7 lw 1.5 title "base  size_max=4096", \
     DAT index 15 using 2:3:4:5 with yerrorlines lc rgb '#e6550d' dt 2 pt 5 ps 0.7 lw 1.5 title "new  size_max=4096"

unset multiplot
set output
