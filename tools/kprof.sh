#!/bin/sh
# kprof.sh KERNEL CONSOLE-LOG - fold the "kprof: RIP COUNT" lines that a
# kernel booted with kprof=HZ prints at halt into functions, using the
# kernel's symbol table; prints "share% samples function", largest first.
set -e
kernel=$1 log=$2
[ -f "$kernel" ] && [ -f "$log" ] || {
	echo "usage: kprof.sh KERNEL CONSOLE-LOG" >&2
	exit 2
}
nm -n "$kernel" | awk '$2 ~ /^[tTwW]$/ { print $1, $3 }' >/tmp/kprof.syms.$$
tr -d '\r' <"$log" | awk -v syms=/tmp/kprof.syms.$$ '
BEGIN {
	n = 0
	while ((getline line < syms) > 0) {
		split(line, w, " ")
		addr[n] = w[1]; name[n] = w[2]; n++
	}
}
# Low 32 bits only: awk numbers are doubles; the kernel text fits.
function hex(s,   i, v, c) {
	v = 0
	s = tolower(s)
	if (length(s) > 8)
		s = substr(s, length(s) - 7)
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1)) - 1
		v = v * 16 + c
	}
	return v
}
function lookup(rip,   lo, hi, mid) {
	lo = 0; hi = n - 1
	if (n == 0 || rip < hex(addr[0]))
		return "?"
	while (lo < hi) {
		mid = int((lo + hi + 1) / 2)
		if (hex(addr[mid]) <= rip) lo = mid; else hi = mid - 1
	}
	return name[lo]
}
/^kprof: user / { user = $3; total += $3; next }
/^kprof: [0-9a-f]+ [0-9]+$/ {
	fn = lookup(hex($2)); count[fn] += $3; total += $3
}
END {
	if (user > 0) count["(user mode)"] += user
	for (fn in count)
		printf "%6.2f%% %8d %s\n", 100 * count[fn] / total, count[fn], fn
}' | sort -k2 -n -r
rm -f /tmp/kprof.syms.$$
