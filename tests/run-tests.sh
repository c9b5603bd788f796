#!/bin/bash
#
# run-tests.sh - run darwintest (KTAP) programs and count their tests.
#
# usage: run-tests.sh [-t seconds] [-v] [-o logdir] program...
#
#   -t seconds  hard timeout per program (default $DT_TIMEOUT or 300)
#   -v          print every program's full output, not only failing ones
#   -o logdir   keep each program's output in logdir/<name>.log
#
# Each program runs under a hard timeout and must print a KTAP plan
# ("1..N") and one result line per test.  Counted as failures:
#   "not ok" results; tests announced by the plan that never reported;
#   duplicate or out-of-range result numbers; a missing plan; a timeout;
#   a crash or any other non-zero exit status of a program whose results
#   do not already show a failure (e.g. the hosted zone-leak check).
# Skipped tests ("ok N name # SKIP") are counted separately.
#
# A darwintest program (one that lists its tests with -l) is resumed when
# a run stops early: the first test that did not report is counted failed
# (crash or hang) and the program runs again with -n for the rest, so one
# crash on the hosted machine does not hide the results of later tests.
#
# The last line printed is "N passed, N failed"; the exit status is 0 only
# when nothing failed and at least one program ran.
#
set -u

timeout_s=${DT_TIMEOUT:-300}
verbose=0
logdir=

while getopts "t:vo:" opt; do
	case $opt in
	t) timeout_s=$OPTARG ;;
	v) verbose=1 ;;
	o) logdir=$OPTARG ;;
	*)
		echo "usage: $0 [-t seconds] [-v] [-o logdir] program..." >&2
		exit 2
		;;
	esac
done
shift $((OPTIND - 1))

if [ $# -eq 0 ]; then
	echo "usage: $0 [-t seconds] [-v] [-o logdir] program..." >&2
	echo "0 passed, 1 failed"
	exit 2
fi
[ -n "$logdir" ] && mkdir -p "$logdir"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-tests.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

total_pass=0
total_fail=0
total_skip=0
programs_failed=0

# parse_ktap <output> <exit status>: prints "pass fail skip note".
parse_ktap() {
	awk -v rc="$2" -v tmo="$3" '
	BEGIN { plan = -1; pass = 0; fail = 0; skip = 0; bad = 0; note = "" }
	/^1\.\.[0-9]+[ \t]*$/ && plan < 0 { plan = substr($0, 4) + 0; next }
	/^(not )?ok [0-9]+/ {
		notok = ($1 == "not")
		num = notok ? $3 : $2
		num += 0
		if (num in seen) { bad++; dup++; next }
		seen[num] = 1
		if (plan >= 0 && (num < 1 || num > plan)) { bad++; range++ }
		if (notok) fail++
		else if ($0 ~ /#[ \t]*[Ss][Kk][Ii][Pp]/) skip++
		else pass++
		next
	}
	END {
		missing = 0
		if (plan < 0) {
			bad++; note = note "no plan; "
		} else {
			for (i = 1; i <= plan; i++) if (!(i in seen)) missing++
			if (missing) note = note missing " missing; "
		}
		if (dup) note = note dup " duplicate result(s); "
		if (range) note = note range " result(s) out of plan; "
		failed = fail + missing + bad
		if (tmo) note = note "timed out; "
		else if (rc != 0) note = note "exit status " rc "; "
		if ((tmo || rc != 0) && failed == 0) failed = 1
		if (note == "") note = "-"
		printf "%d %d %d %s\n", pass, failed, skip, note
	}' "$1"
}

# list_tests <prog>: the tests a darwintest program declares (its -l
# output), one name a line; nothing for any other kind of program.
list_tests() {
	# Listing is quick; it never gets more than the per-program timeout.
	lt=60
	[ "$timeout_s" -lt "$lt" ] && lt=$timeout_s
	timeout -k 5 "$lt" "$1" -l 2>/dev/null </dev/null |
	    awk -F'\t' 'NF >= 2 && $1 ~ /^[A-Za-z_][A-Za-z0-9_]*$/ { print $1 }'
}

# results_by_name <output>: "P name", "F name" or "S name" per result line.
results_by_name() {
	awk '/^(not )?ok [0-9]+ / {
		notok = ($1 == "not")
		name = notok ? $4 : $3
		if (notok) print "F " name
		else if ($0 ~ /#[ \t]*[Ss][Kk][Ii][Pp]/) print "S " name
		else print "P " name
	}' "$1"
}

# run_once <prog> <out> [args...]: sets rc and tmo.
run_once() {
	local prog=$1 out=$2
	shift 2
	local start=$SECONDS

	# The subshell keeps the shell's "Killed" report out of the output.
	(
		timeout -k 10 "$timeout_s" "$prog" "$@" >"$out" 2>&1 </dev/null
		exit $?
	) 2>/dev/null
	rc=$?
	tmo=0
	# timeout(1): 124 when it stopped the program, 137 when it had to
	# kill it -- or when the program was killed by someone else, hence
	# the clock.
	if [ $rc -eq 124 ] ||
	    { [ $rc -eq 137 ] && [ $((SECONDS - start)) -ge "$timeout_s" ]; }; then
		tmo=1
		echo "# timed out after ${timeout_s}s" >>"$out"
	fi
}

# run_resuming <prog> <name> <log>: a darwintest program.  When a run
# stops before every test reported (a crash of the whole program, as on
# the hosted machine, or a hang), the first test that did not report is
# counted failed and the program is run again with -n for the others.
# Sets p f s note.
run_resuming() {
	local prog=$1 name=$2 log=$3 remaining=$4 run=0 out res missing
	local culprit got args=()

	p=0 f=0 s=0 note=
	: >"$log"
	while :; do
		run=$((run + 1))
		out="$tmp/$name.$run.out"
		run_once "$prog" "$out" "${args[@]}"
		[ $run -gt 1 ] && echo "# run $run: ${args[*]}" >>"$log"
		cat "$out" >>"$log"
		res=$(results_by_name "$out")
		got=$(printf '%s\n' "$res" | grep -c '^[PFS] ')
		p=$((p + $(printf '%s\n' "$res" | grep -c '^P ')))
		s=$((s + $(printf '%s\n' "$res" | grep -c '^S ')))
		local run_fail
		run_fail=$(printf '%s\n' "$res" | grep -c '^F ')
		f=$((f + run_fail))
		missing=$(printf '%s\n' "$remaining" | grep -vxF -f <(printf '%s\n' "$res" | cut -c3-) || true)
		if [ -z "$missing" ]; then
			if [ $tmo -eq 1 ] || [ $rc -ne 0 ]; then
				[ "$run_fail" -eq 0 ] && f=$((f + 1))
				if [ $tmo -eq 1 ]; then
					note="${note}timed out; "
				else
					note="${note}exit status $rc; "
				fi
			fi
			return
		fi
		culprit=$(printf '%s\n' "$missing" | head -n 1)
		if [ $tmo -eq 1 ]; then
			note="${note}$culprit timed out; "
		else
			note="${note}$culprit did not report (exit status $rc); "
		fi
		if [ "$got" -eq 0 ] && [ $run -gt 1 ]; then
			# nothing reported twice in a row: stop resuming
			f=$((f + $(printf '%s\n' "$missing" | grep -c .)))
			note="${note}no result, the rest not run; "
			return
		fi
		f=$((f + 1))
		remaining=$(printf '%s\n' "$missing" | tail -n +2)
		[ -z "$remaining" ] && return
		args=()
		while IFS= read -r t; do
			args+=(-n "$t")
		done <<<"$remaining"
	done
}

for prog in "$@"; do
	name=$(basename "$prog")
	out="$tmp/$name.out"
	if [ ! -x "$prog" ]; then
		echo "# $name: not an executable program"
		total_fail=$((total_fail + 1))
		programs_failed=$((programs_failed + 1))
		continue
	fi
	tests=$(list_tests "$prog")
	if [ -n "$tests" ]; then
		run_resuming "$prog" "$name" "$out" "$tests"
		[ -z "$note" ] && note="-"
	else
		run_once "$prog" "$out"
		read -r p f s note < <(parse_ktap "$out" "$rc" "$tmo")
	fi
	[ -n "$logdir" ] && cp "$out" "$logdir/$name.log"

	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	total_skip=$((total_skip + s))
	if [ "$f" -ne 0 ]; then
		programs_failed=$((programs_failed + 1))
	fi
	if [ "$f" -ne 0 ] || [ $verbose -eq 1 ]; then
		sed 's/^/    /' "$out"
	fi
	if [ "$note" = "-" ]; then
		note=
	else
		note="${note%% }"
		note=" (${note%;})"
	fi
	echo "# $name: $p passed, $f failed, $s skipped$note"
done

echo "# $# program(s), $programs_failed with failures; $total_skip skipped"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
