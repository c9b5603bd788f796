#!/usr/bin/env bash
# qemu-run.sh - boot Harbor under qemu-system-x86_64 (TCG, no KVM), read
# KTAP from the serial console and judge the run.
#
#   qemu-run.sh --kernel K [--initrd A] [--append ARGS] [--timeout SECS]
#               [--log FILE] [--expect REGEX]... [--icount] [--quiet]
#               [--interactive] [--gdb] [--expect-panic] [--expect-halt N]
#               [--no-ktap]
#               [-- extra qemu args]
#
# The guest ends the run by writing to the isa-debug-exit device (port
# 0xf4); QEMU then exits with status*2+1.  A run passes when the guest
# printed the end marker "# harbor-ktap-end" before the hard timeout, no
# "not ok" line and no panic appeared, and every --expect regex matched
# a console line.  Results: every top-level (unindented) "ok N" line is a
# pass, every "not ok N" a failure; a missing end marker, a timeout, a
# panic or an unmatched --expect each count as one more failure.  The
# last line printed is always "N passed, N failed"; the exit status is 0
# only with no failure and at least one pass.  Every KTAP plan line
# "1..N" promises N results: results missing from the plans count as
# failures too (a test program that died half-way fails).
#
# --expect-panic turns the run into a check of the panic path: the guest
# must panic (a "panic:" line, the register dump and a backtrace), which
# counts as one pass; the end marker is then not required.
# --expect-halt N does the same for any halt status N (the kernel halts
# with 4 when it finds every thread waiting forever: a deadlock).
# --no-ktap: a program that prints no KTAP (a demo) passes with no
# failure at all (end marker seen, no panic, every --expect matched).
#
# --icount runs with -icount shift=0,sleep=off (guest time = instructions,
# deterministic).  --interactive puts the console on this terminal and
# skips judging.  --gdb adds -s -S (gdb stub on :1234, CPU stopped).
set -u

KERNEL= INITRD= APPEND= TIMEOUT=30 LOG= QUIET=0 ICOUNT=0 INTERACTIVE=0 GDB=0
PANIC_OK=0 HALT_EXPECTED= NO_KTAP=0
EXPECTS=() EXTRA=()
END_MARKER='# harbor-ktap-end'

while (($#)); do
	case $1 in
	--kernel) KERNEL=$2; shift 2 ;;
	--initrd) INITRD=$2; shift 2 ;;
	--append) APPEND=$2; shift 2 ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--log) LOG=$2; shift 2 ;;
	--expect) EXPECTS+=("$2"); shift 2 ;;
	--icount) ICOUNT=1; shift ;;
	--quiet) QUIET=1; shift ;;
	--interactive) INTERACTIVE=1; shift ;;
	--gdb) GDB=1; shift ;;
	--expect-panic) PANIC_OK=1; shift ;;
	--expect-halt) HALT_EXPECTED=$2; shift 2 ;;
	--no-ktap) NO_KTAP=1; shift ;;
	--) shift; EXTRA=("$@"); break ;;
	*) echo "qemu-run: unknown argument $1" >&2; exit 2 ;;
	esac
done
[[ -n $KERNEL ]] || { echo "qemu-run: --kernel is required" >&2; exit 2; }

QEMU=${QEMU:-qemu-system-x86_64}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$HERE/ensure-qemu.sh" || exit 1

ARGS=(-machine pc -cpu qemu64 -m 128M -smp 1 -display none -no-reboot
	-nic none -monitor none
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
	-kernel "$KERNEL")
[[ -n $INITRD ]] && ARGS+=(-initrd "$INITRD")
[[ -n $APPEND ]] && ARGS+=(-append "$APPEND")
((ICOUNT)) && ARGS+=(-icount shift=0,sleep=off
	-rtc clock=vm,base=2024-01-01T00:00:00)
((GDB)) && ARGS+=(-s -S)

if ((INTERACTIVE)); then
	exec "$QEMU" "${ARGS[@]}" -serial stdio "${EXTRA[@]}"
fi

[[ -n $LOG ]] || LOG=$(mktemp /tmp/harbor-console.XXXXXX)
rm -f "$LOG"
: >"$LOG"
# The console goes to a file, shown live unless --quiet.
timeout -k 5 "$TIMEOUT" "$QEMU" "${ARGS[@]}" -serial "file:$LOG" \
	"${EXTRA[@]}" </dev/null >"$LOG.qemu" 2>&1 &
qpid=$!
if ((!QUIET)); then
	tail -n +1 -s 0.1 -f --pid=$qpid "$LOG" | tr -d '\r' &
	tpid=$!
fi
wait $qpid
rc=$?
((QUIET)) || wait $tpid
tr -d '\r' <"$LOG" >"$LOG.txt"

passed=$(grep -cE '^ok [0-9]+' "$LOG.txt")
failed=$(grep -cE '^not ok [0-9]+' "$LOG.txt")
problem() { echo "qemu-run: $*"; failed=$((failed + 1)); }

if ((rc == 124 || rc == 137)); then
	problem "timeout after ${TIMEOUT}s"
elif ((rc % 2 == 1)); then
	echo "qemu-run: guest halted with status $(((rc - 1) / 2))"
else
	problem "QEMU exited with status $rc: $(head -c 500 "$LOG.qemu")"
fi
planned=$(awk '/^1\.\.[0-9]+$/ { n += substr($0, 4) } END { print n + 0 }' \
	"$LOG.txt")
if ((passed + failed < planned)); then
	problem "$((planned - passed - failed)) planned results missing"
fi
if [[ -n $HALT_EXPECTED ]]; then
	if ((rc == 2 * HALT_EXPECTED + 1)); then
		echo "qemu-run: guest halted with status $HALT_EXPECTED as expected"
		passed=$((passed + 1))
	else
		problem "expected the guest to halt with status $HALT_EXPECTED"
	fi
elif ((PANIC_OK)); then
	if grep -qE '^panic:' "$LOG.txt" && grep -qE '^rip [0-9a-f]{16}' \
		"$LOG.txt" && grep -qE '^backtrace: [0-9a-f]+' "$LOG.txt"; then
		echo "qemu-run: kernel panicked with registers and backtrace"
		passed=$((passed + 1))
	else
		problem "expected a panic with registers and a backtrace"
	fi
else
	grep -qxF "$END_MARKER" "$LOG.txt" || problem "end marker missing"
	grep -qE '^panic:' "$LOG.txt" && problem "kernel panic"
fi
for re in "${EXPECTS[@]+"${EXPECTS[@]}"}"; do
	grep -qE -- "$re" "$LOG.txt" || problem "console never matched: $re"
done
echo "$passed passed, $failed failed"
((failed == 0 && (passed > 0 || NO_KTAP)))
