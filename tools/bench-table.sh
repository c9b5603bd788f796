#!/bin/sh
# bench-table.sh LOG... - print the x86_64 benchmark lines ("harbor
# NAME=VALUE ...") found in the console logs as a table beside the peer
# kernels' figures measured the same way (guest instructions under
# qemu -icount shift=0, ../shared/anchors/README.md).
#
# Without ANCHORS_LOG the GNU Mach 1.8 x86_64 column holds the figures
# recorded in the anchors README.  With ANCHORS_LOG=file (the output of
# ../shared/anchors/run-anchors.sh, run in the same invocation by
# `make bench PEERS=1`), both GNU Mach and Linux 6.1 columns come from
# that run.
cat "$@" | tr -d '\r' | awk -v anchors="${ANCHORS_LOG:-}" '
BEGIN {
	peer["null_trap_ns"] = 97
	peer["self_rpc_ns_per_rt"] = 886
	peer["pingpong_2task_ns_per_rt"] = 1691
	peer["pingpong_2thread_ns_per_rt"] = 2101
	lxname["null_syscall_ns"] = "null_trap_ns"
	lxname["pipe_self_ns_per_rt"] = "self_rpc_ns_per_rt"
	lxname["pipe_pingpong_ns_per_rt"] = "pingpong_2task_ns_per_rt"
	lxname["futex_pingpong_ns_per_rt"] = "pingpong_2thread_ns_per_rt"
	if (anchors != "") {
		delete peer
		while ((getline line < anchors) > 0) {
			split(line, w, " ")
			split(w[2], kv, "=")
			if (w[1] == "gnumach")
				peer[kv[1]] = kv[2]
			else if (w[1] == "linux" && (kv[1] in lxname))
				linux[lxname[kv[1]]] = kv[2]
		}
	}
	what["null_trap_ns"] = "null trap"
	what["self_rpc_ns_per_rt"] = "self send+receive"
	what["pingpong_2task_ns_per_rt"] = "RPC between two tasks"
	what["pingpong_2thread_ns_per_rt"] = "RPC between two threads"
	what["yield_2task_ns_per_rt"] = "2-task yield (machine floor)"
	what["md_wake_sleep_switch_ns_per_rt"] = "kernel wake/sleep/switch"
}
function col(v, h) {
	if (v == "")
		return sprintf(" %12s %7s", "-", "-")
	return sprintf(" %12.0f %7.2f", v, h / v)
}
/^harbor [a-z_0-9]+=/ {
	split($2, kv, "=")
	if (!(kv[1] in seen))
		order[n++] = kv[1]
	seen[kv[1]] = kv[2]
}
END {
	printf "%-30s %9s %12s %7s", "x86_64, guest instructions", "Harbor", \
	    "GNU Mach 1.8", "ratio"
	if (anchors != "")
		printf " %12s %7s", "Linux 6.1", "ratio"
	printf "\n"
	for (i = 0; i < n; i++) {
		k = order[i]
		name = (k in what) ? what[k] : k
		printf "%-30s %9.2f%s", name, seen[k], \
		    col((k in peer) ? peer[k] : "", seen[k])
		if (anchors != "")
			printf "%s", col((k in linux) ? linux[k] : "", seen[k])
		printf "\n"
	}
}'
