#!/bin/sh
#
# run-bench.sh BENCH_BINARY
#
# Runs each scenario of tools/bench/request_bench.c under
# valgrind --tool=callgrind, collecting only inside its bench_measure_*
# function, and prints the table of issue 2, item 7: the measured figure,
# the target, PASS or MISS.  Exit status 0 when every target is met.
#
bin=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

command -v valgrind >/dev/null 2>&1 || {
	echo "bench: valgrind missing (apt-get install valgrind)"
	exit 1
}

# measure SCENARIO FUNCTION: prints instructions per operation (integer,
# rounded), or "?" when the run failed.
measure() {
	out="$tmp/$1.out"
	cg="$tmp/$1.cg"
	valgrind --tool=callgrind --callgrind-out-file="$cg" \
	    --collect-atstart=no --toggle-collect="$2*" \
	    "$bin" "$1" >"$out" 2>"$tmp/$1.err"
	ops=$(sed -n 's/^OPS //p' "$out")
	tot=$(sed -n 's/^totals: *//p;s/^summary: *//p' "$cg" 2>/dev/null |
	    head -n 1 | awk '{print $1}')
	if [ -z "$ops" ] || [ -z "$tot" ] || [ "$ops" -eq 0 ]; then
		echo "?"
		return
	fi
	echo "$tot $ops" | awk '{ printf "%.1f\n", $1 / $2 }'
}

p1=$(measure pair1 bench_measure_pairs)
p1k=$(measure pair1000 bench_measure_pairs)
p100k=$(measure pair100000 bench_measure_pairs)
sp0=$(measure sp0 bench_measure_spnotify)
sp100k=$(measure sp100000 bench_measure_spnotify)
death=$(measure death100000 bench_measure_death)
sizes=$("$bin" sizes)
slot=$(echo "$sizes" | sed -n 's/^SLOT //p')
entry=$(echo "$sizes" | sed -n 's/^ENTRY //p')
port=$(echo "$sizes" | sed -n 's/^PORT //p')

awk -v p1="$p1" -v p1k="$p1k" -v p100k="$p100k" -v sp0="$sp0" \
    -v sp100k="$sp100k" -v death="$death" -v slot="$slot" \
    -v entry="$entry" -v port="$port" '
function verdict(ok) { if (ok) { pass++; return "PASS" } miss++; return "MISS" }
function num(x) { return x != "?" && x != "" }
function row(what, fig, unit, target, v) {
	printf "%-52s %12s %-8s %-26s %s\n", what, fig, unit, target, v
}
BEGIN {
	pass = 0; miss = 0
	maxp = p1; if (p1k > maxp) maxp = p1k; if (p100k > maxp) maxp = p100k
	minp = p1; if (p1k < minp) minp = p1k; if (p100k < minp) minp = p100k
	flat = num(p1) && num(p1k) && num(p100k) && maxp - minp <= 0.05 * minp + 2
	printf "%-52s %12s %-8s %-26s %s\n", "benchmark (callgrind, plain variant)", \
	    "measured", "unit", "target", "verdict"
	printf "%s\n", "-----------------------------------------------------------------------------------------------------------"
	row("request alloc+cancel pair, 1 other request", p1, "instr", "<= 150", verdict(num(p1) && p1 <= 150))
	row("request alloc+cancel pair, 1,000 other requests", p1k, "instr", "<= 150", verdict(num(p1k) && p1k <= 150))
	row("request alloc+cancel pair, 100,000 other requests", p100k, "instr", "<= 150", verdict(num(p100k) && p100k <= 150))
	row("  pair flat from 1 to 100,000 (max-min)", num(maxp) && num(minp) ? sprintf("%.1f", maxp - minp) : "?", "instr", "<= 5% (+2)", verdict(flat))
	row("fire 1 armed send-possible, 0 unarmed requests", sp0, "instr", "(baseline)", "-")
	row("fire 1 armed send-possible, 100,000 dead-name reqs", sp100k, "instr", "= baseline (+-5%)", \
	    verdict(num(sp0) && num(sp100k) && sp100k <= sp0 * 1.05 + 2 && sp100k >= sp0 * 0.95 - 2))
	row("port death, 100,000 dead-name requests", death, "instr/notif", "(reported)", "-")
	row("bytes per request slot", slot, "bytes", "<= 16", verdict(slot != "" && slot <= 16))
	row("bytes per entry", entry, "bytes", "(reported)", "-")
	row("bytes per port", port, "bytes", "(reported)", "-")
	printf "%d passed, %d failed\n", pass, miss
	exit miss != 0
}'
