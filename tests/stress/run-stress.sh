#!/bin/sh
#
# run-stress.sh TIMEOUT "ARGS" LOGDIR PROGRAM...
#
# Runs each stress program with ARGS under a hard timeout, through
# tests/run-tests.sh's KTAP accounting (via a wrapper that passes ARGS),
# with ThreadSanitizer set to exit non-zero on any report and to stop
# at the first one (thread leaks included: every thread is joined).
#
timeout=$1
args=$2
logdir=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stress.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
wrappers=
for prog in "$@"; do
	w="$tmp/$(basename "$prog")"
	printf '#!/bin/sh\nexec "%s" %s\n' "$prog" "$args" >"$w"
	[ -x "$prog" ] && chmod +x "$w"
	wrappers="$wrappers $w"
done
TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1 exitcode=66 second_deadlock_stack=1}" \
    DT_TIMEOUT=$timeout exec "$here/../run-tests.sh" -o "$logdir" $wrappers
