#!/bin/sh
# bench-table.sh LOG... - print the x86_64 benchmark lines ("harbor
# NAME=VALUE ...") found in the console logs as a table beside the GNU
# Mach 1.8 x86_64 figures measured the same way (guest instructions under
# qemu -icount shift=0, ../shared/anchors/README.md).
cat "$@" | tr -d '\r' | awk '
BEGIN {
	peer["null_trap_ns"] = 97
	peer["self_rpc_ns_per_rt"] = 886
	peer["pingpong_2task_ns_per_rt"] = 1691
	peer["pingpong_2thread_ns_per_rt"] = 2101
	what["null_trap_ns"] = "null trap"
	what["self_rpc_ns_per_rt"] = "self send+receive"
	what["pingpong_2task_ns_per_rt"] = "RPC between two tasks"
	what["pingpong_2thread_ns_per_rt"] = "RPC between two threads"
	what["yield_2task_ns_per_rt"] = "2-task yield (machine floor)"
	what["md_wake_sleep_switch_ns_per_rt"] = "kernel wake/sleep/switch"
}
/^harbor [a-z_0-9]+=/ {
	split($2, kv, "=")
	if (!(kv[1] in seen))
		order[n++] = kv[1]
	seen[kv[1]] = kv[2]
}
END {
	printf "%-32s %10s %14s %7s\n", "x86_64, guest instructions", \
	    "Harbor", "GNU Mach 1.8", "ratio"
	for (i = 0; i < n; i++) {
		k = order[i]
		name = (k in what) ? what[k] : k
		if (k in peer)
			printf "%-32s %10.2f %14d %7.2f\n", name, seen[k], \
			    peer[k], seen[k] / peer[k]
		else
			printf "%-32s %10.2f %14s %7s\n", name, seen[k], "-", "-"
	}
}'
