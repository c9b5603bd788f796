#!/bin/sh
#
# run-make-tests.sh MAKE target...
#
# Runs each make target in turn, shows its output, and adds up the final
# "N passed, N failed" line each test runner prints.  A target that fails
# without such a line counts as one failure; a check target (check-*) that
# succeeds counts as one pass.  Prints the sum last.
#
make_cmd=$1
shift
logdir=${TMPDIR:-/tmp}/harbor-test-logs.$$
mkdir -p "$logdir"
total_pass=0
total_fail=0
status=0
for target in "$@"; do
	log="$logdir/$target.log"
	echo "=== $target"
	$make_cmd --no-print-directory "$target" >"$log" 2>&1
	rc=$?
	cat "$log"
	line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -n "$line" ]; then
		p=$(echo "$line" | sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed.*/\2/')
		f=$(echo "$line" | sed -E 's/^([A-Za-z-]+: )?[0-9]+ passed, ([0-9]+) failed.*/\2/')
	elif [ $rc -eq 0 ]; then
		p=1; f=0
	else
		p=0; f=1
	fi
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	[ "$f" -ne 0 ] && status=1
	echo "=== $target: $p passed, $f failed"
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
done
rm -rf "$logdir"
echo "$total_pass passed, $total_fail failed"
exit $status
