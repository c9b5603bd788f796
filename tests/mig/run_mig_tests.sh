#!/bin/sh
#
# tests/mig/run_mig_tests.sh - everything test-mig runs.  Called by
# tests/mig/mig_tests.mk with:
#
#   run_mig_tests.sh SRCROOT OUTDIR CC CLANG FUZZ_SECONDS
#
# Each check prints "ok"/"not ok"; sub-programs that count their own
# checks report "N passed, N failed", which are added in.  The last line
# is the total "N passed, N failed".
#
set -u
SRCROOT=$1
OUT=$2
CC=${3:-gcc}
CLANG=${4:-clang}
FUZZ_SECONDS=${5:-20}

PASS=0
FAIL=0
SAN="-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined"
WARN="-Wall -Wextra -Werror -Wno-unused-parameter -Wstrict-prototypes \
-Wmissing-prototypes -Wshadow -Wno-missing-field-initializers"
MIGSRC="$SRCROOT/tools/mig"
LIBSRCS="$MIGSRC/lexer.c $MIGSRC/parser.c $MIGSRC/layout.c $MIGSRC/util.c \
$MIGSRC/emit_common.c $MIGSRC/emit_user.c $MIGSRC/emit_server.c"
FIX="$SRCROOT/tests/mig/fixtures"
export ASAN_OPTIONS=detect_leaks=1

ok() {
	PASS=$((PASS + 1))
	echo "ok - $1"
}

notok() {
	FAIL=$((FAIL + 1))
	echo "not ok - $1"
}

check() { # check "description" command...
	desc=$1
	shift
	if "$@" >"$OUT/last.log" 2>&1; then
		ok "$desc"
	else
		notok "$desc"
		sed 's/^/#   /' "$OUT/last.log" | head -20
	fi
}

# Add the "N passed, N failed" of a sub-program's output.
add_counts() { # add_counts "description" logfile status
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$2" | tail -1)
	p=$(echo " $line" | sed -E 's/^.*[^0-9]([0-9]+) passed.*$/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	grep '^not ok' "$2" | sed 's/^/  /'
	if [ -z "$line" ] || [ "$3" != 0 ] && [ "${f:-0}" = 0 ]; then
		notok "$1 (no result or crashed)"
		sed 's/^/#   /' "$2" | tail -20
		return
	fi
	PASS=$((PASS + p))
	FAIL=$((FAIL + f))
	echo "ok - $1: $p passed, $f failed"
}

mkdir -p "$OUT"
MIG="$OUT/mig-asan"

# --- the compiler under ASan+UBSan ----------------------------------------
check "mig builds under ASan+UBSan" \
    $CC -std=gnu11 $SAN $WARN -o "$MIG" $LIBSRCS "$MIGSRC/main.c"

# --- the public headers, kernel (freestanding) and user -------------------
COMPILERS=$CC
if command -v "$CLANG" >/dev/null 2>&1; then
	COMPILERS="$CC $CLANG"
else
	echo "# $CLANG not found: headers checked with $CC only, no fuzzing"
	FUZZ_SECONDS=0
fi
for c in $COMPILERS; do
	check "headers: -DKERNEL -ffreestanding ($c)" $c -std=gnu11 $WARN \
	    -DKERNEL -ffreestanding -I"$SRCROOT/osfmk" -c -o /dev/null \
	    "$SRCROOT/tests/mig/headers_check.c"
	check "headers: hosted user program next to libc ($c)" $c -std=gnu11 \
	    $WARN -D_GNU_SOURCE -I"$SRCROOT/osfmk" -c -o /dev/null \
	    "$SRCROOT/tests/mig/headers_check.c"
	check "headers: strict C11 ($c)" $c -std=c11 -pedantic -Werror \
	    -I"$SRCROOT/osfmk" -c -o /dev/null \
	    "$SRCROOT/tests/mig/headers_check.c"
done

# --- front-end unit tests ---------------------------------------------------
if $CC -std=gnu11 $SAN -Wall -Werror -o "$OUT/test_frontend" \
    "$SRCROOT/tests/mig/test_frontend.c" $LIBSRCS >"$OUT/fe.log" 2>&1; then
	"$OUT/test_frontend" >"$OUT/fe.log" 2>&1
	add_counts "front-end unit tests" "$OUT/fe.log" $?
else
	notok "front-end unit tests build"
	cat "$OUT/fe.log"
fi

# --- every real interface in every configuration ----------------------------
DEFS="mach_port notify mach_notify task thread_act mach_host mach_vm"
KS="-DKERNEL=1 -DKERNEL_PRIVATE=1 -DMACH_KERNEL_PRIVATE=1 -DKERNEL_SERVER=1"
KU="-DKERNEL=1 -DKERNEL_PRIVATE=1 -DMACH_KERNEL_PRIVATE=1 -DKERNEL_USER=1 \
-maxonstack 1024"
KX="-DKERNEL=1 -DKERNEL_PRIVATE=1"
GEN="$OUT/gen"
for d in $DEFS; do
	for cfg in KS KU KX LS MS U SEQ NS; do
		if [ $cfg = KU ] && [ $d != notify ] && [ $d != mach_notify ]; then
			continue
		fi
		if [ $cfg = NS ] && [ $d != notify ]; then
			continue
		fi
		case $cfg in
		KS) f=$KS; k="-DKERNEL=1" ;;
		KU) f=$KU; k="-DKERNEL=1" ;;
		KX) f=$KX; k="-DKERNEL=1" ;;
		LS) f="-DLIBSYSCALL_INTERFACE=1"; k="" ;;
		MS) f="-DLIBSYSCALL_INTERFACE=1 -maxonstack 256"; k="" ;;
		U) f=""; k="" ;;
		SEQ) f="-DSEQNOS=1"; k="" ;;
		NS) f="-DMACH_NOTIFY_SEND_POSSIBLE_EXPECTED=1"; k="" ;;
		esac
		dir="$GEN/$cfg/$d"
		mkdir -p "$dir/mach"
		check "generate $d ($cfg)" "$MIG" -cc "$CC" -q \
		    -I"$SRCROOT/osfmk" $f -novouchers \
		    -header "$dir/mach/$d.h" -user "$dir/${d}User.c" \
		    -sheader "$dir/${d}_server.h" -server "$dir/${d}_server.c" \
		    "$SRCROOT/osfmk/mach/$d.defs"
		for c in "$dir/${d}User.c" "$dir/${d}_server.c"; do
			# A kernel build never compiles the user side of a
			# KernelServer interface, nor the server of KernelUser.
			case "$cfg:$c" in
			KS:*User.c | KU:*_server.c | KX:*) continue ;;
			MS:*_server.c)
				# -maxonstack leaves server and header alone.
				check "$d: -maxonstack changes only the user stubs" \
				    cmp "$c" "$GEN/LS/$d/${d}_server.c"
				check "$d: -maxonstack leaves the header alone" \
				    cmp "$dir/mach/$d.h" "$GEN/LS/$d/mach/$d.h"
				continue ;;
			esac
			check "compile $(basename "$c") ($cfg)" \
			    $CC -std=gnu11 $WARN -Wno-unused-function $k \
			    -I"$SRCROOT/osfmk" -I"$dir" -c -o /dev/null "$c"
		done
	done
done

# --- golden layouts (spec/mig.md 6.2) -----------------------------------------
check "golden layouts of mach_port and notify" \
    $CC -std=gnu11 -Wall -Werror -I"$SRCROOT/osfmk" -I"$GEN/LS/mach_port" \
    -I"$GEN/NS/notify" -c -o /dev/null "$SRCROOT/tests/mig/golden_layout.c"

# --- wire format of the real interfaces (spec 3.1, 3.2) --------------------------
if $CC -std=gnu11 $SAN $WARN -Wno-unused-function -I"$SRCROOT/osfmk" \
    -I"$GEN/LS/mach_port" -I"$GEN/NS/notify" -o "$OUT/wire_test" \
    "$SRCROOT/tests/mig/wire_test.c" "$GEN/LS/mach_port/mach_portUser.c" \
    "$GEN/NS/notify/notify_server.c" >"$OUT/wire.log" 2>&1; then
	"$OUT/wire_test" >"$OUT/wire.log" 2>&1
	add_counts "wire format of mach_port and notify" "$OUT/wire.log" $?
else
	notok "wire test build"
	sed 's/^/#   /' "$OUT/wire.log" | head -30
fi

# --- host round trips ----------------------------------------------------------
RT="$OUT/rt"
mkdir -p "$RT"
if "$MIG" -cc "$CC" -q -I"$SRCROOT/osfmk" -I"$FIX" \
    -header "$RT/rt.h" -user "$RT/rtUser.c" -sheader "$RT/rt_server.h" \
    -server "$RT/rt_server.c" "$FIX/rt.defs" >"$OUT/rt.log" 2>&1 &&
    $CC -std=gnu11 $SAN $WARN -Wno-unused-function -I"$SRCROOT/osfmk" \
    -I"$FIX" -I"$SRCROOT/tests/mig" -I"$RT" -o "$RT/roundtrip" \
    "$SRCROOT/tests/mig/roundtrip.c" "$SRCROOT/tests/mig/rt_impl.c" \
    "$RT/rtUser.c" "$RT/rt_server.c" >>"$OUT/rt.log" 2>&1; then
	"$RT/roundtrip" >"$OUT/rt.log" 2>&1
	add_counts "round trips and negative message tests" "$OUT/rt.log" $?
else
	notok "round-trip build"
	sed 's/^/#   /' "$OUT/rt.log" | head -30
fi

# The same round trips with every user stub's buffer on the heap
# (-maxonstack 0, the default malloc/free): LeakSanitizer fails the run
# if any return path of any stub forgets to free its buffer.
RTH="$OUT/rt-heap"
mkdir -p "$RTH"
if "$MIG" -cc "$CC" -q -maxonstack 0 -I"$SRCROOT/osfmk" -I"$FIX" \
    -header "$RTH/rt.h" -user "$RTH/rtUser.c" -sheader /dev/null \
    -server /dev/null "$FIX/rt.defs" >"$OUT/rth.log" 2>&1 &&
    $CC -std=gnu11 $SAN $WARN -Wno-unused-function -DRT_MAXONSTACK=0 \
    -I"$SRCROOT/osfmk" -I"$FIX" -I"$SRCROOT/tests/mig" -I"$RTH" -I"$RT" \
    -o "$RTH/roundtrip" "$SRCROOT/tests/mig/roundtrip.c" \
    "$SRCROOT/tests/mig/rt_impl.c" "$RTH/rtUser.c" "$RT/rt_server.c" \
    >>"$OUT/rth.log" 2>&1; then
	"$RTH/roundtrip" >"$OUT/rth.log" 2>&1
	add_counts "round trips with -maxonstack 0 (heap buffers)" \
	    "$OUT/rth.log" $?
else
	notok "round-trip build with -maxonstack 0"
	sed 's/^/#   /' "$OUT/rth.log" | head -30
fi

for c in "$RT/rtUser.c" "$RT/rt_server.c"; do
	check "$(basename "$c") compiles with __MigTypeCheck=0" $CC -std=gnu11 \
	    $WARN -Wno-unused-function -D__MigTypeCheck=0 -I"$SRCROOT/osfmk" \
	    -I"$FIX" -I"$RT" -c -o /dev/null "$c"
done

# --- the KernelServer personality (kernel layouts, translations) ---------------
KS_OUT="$OUT/ks"
mkdir -p "$KS_OUT"
if "$MIG" -cc "$CC" -q -I"$SRCROOT/osfmk" -I"$FIX" -DKERNEL=1 \
    -DKERNEL_SERVER=1 -user /dev/null -header /dev/null \
    -sheader "$KS_OUT/ks_server.h" -server "$KS_OUT/ks_server.c" \
    "$FIX/ks.defs" >"$OUT/ks.log" 2>&1 &&
    $CC -std=gnu11 $SAN $WARN -Wno-unused-function -DKERNEL=1 \
    -I"$SRCROOT/osfmk" -I"$FIX" -I"$KS_OUT" -o "$KS_OUT/ks_test" \
    "$SRCROOT/tests/mig/ks_test.c" "$KS_OUT/ks_server.c" \
    >>"$OUT/ks.log" 2>&1; then
	"$KS_OUT/ks_test" >"$OUT/ks.log" 2>&1
	add_counts "KernelServer stubs" "$OUT/ks.log" $?
else
	notok "KernelServer test build"
	sed 's/^/#   /' "$OUT/ks.log" | head -30
fi
if grep -q "port_to_obj" "$KS_OUT/ks_server.c" && "$MIG" -cc "$CC" -q \
    -I"$SRCROOT/osfmk" -I"$FIX" -user /dev/null -header /dev/null \
    -sheader /dev/null -server "$KS_OUT/plain_server.c" "$FIX/ks.defs" &&
    ! grep -q "port_to_obj\|obj_release" "$KS_OUT/plain_server.c"; then
	ok "translations appear only in KernelServer code"
else
	notok "translations appear only in KernelServer code"
fi

# --- the KernelUser personality (the kernel's notification senders) -------------
if $CC -std=gnu11 $SAN $WARN -Wno-unused-function -DKERNEL=1 \
    -I"$SRCROOT/osfmk" -I"$GEN/KU/mach_notify" -o "$KS_OUT/ku_test" \
    "$SRCROOT/tests/mig/ku_test.c" "$GEN/KU/mach_notify/mach_notifyUser.c" \
    >"$OUT/ku.log" 2>&1; then
	"$KS_OUT/ku_test" >"$OUT/ku.log" 2>&1
	add_counts "KernelUser notification senders" "$OUT/ku.log" $?
else
	notok "KernelUser test build"
	sed 's/^/#   /' "$OUT/ku.log" | head -30
fi

# --- -maxonstack: big user-stub buffers on the heap ------------------------------
# fixtures/onstack.defs has a routine and a simpleroutine on each side of
# a 128-byte limit, in user and in kernel layout.
OS="$OUT/onstack"
OSMAX=128
mkdir -p "$OS/user" "$OS/ku"
if "$MIG" -cc "$CC" -q -maxonstack $OSMAX -I"$SRCROOT/osfmk" -I"$FIX" \
    -header "$OS/user/os.h" -user "$OS/user/osUser.c" \
    -sheader "$OS/user/os_server.h" -server "$OS/user/os_server.c" \
    "$FIX/onstack.defs" >"$OUT/os.log" 2>&1 &&
    $CC -std=gnu11 $SAN $WARN -Wno-unused-function -DOS_MAXONSTACK=$OSMAX \
    -D__MigAlloc=os_alloc -D__MigFree=os_free -I"$SRCROOT/osfmk" \
    -I"$FIX" -I"$OS/user" -o "$OS/user/onstack_test" \
    "$SRCROOT/tests/mig/onstack_test.c" "$OS/user/osUser.c" \
    "$OS/user/os_server.c" >>"$OUT/os.log" 2>&1; then
	"$OS/user/onstack_test" >"$OUT/os.log" 2>&1
	add_counts "-maxonstack user stubs" "$OUT/os.log" $?
else
	notok "-maxonstack user test build"
	sed 's/^/#   /' "$OUT/os.log" | head -30
fi
if "$MIG" -cc "$CC" -q -maxonstack $OSMAX -DKERNEL=1 -DKERNEL_USER=1 \
    -I"$SRCROOT/osfmk" -I"$FIX" -header "$OS/ku/os.h" \
    -user "$OS/ku/osUser.c" -sheader /dev/null -server /dev/null \
    "$FIX/onstack.defs" >"$OUT/osku.log" 2>&1 &&
    $CC -std=gnu11 $SAN $WARN -Wno-unused-function -DKERNEL=1 \
    -DOS_MAXONSTACK=$OSMAX -I"$SRCROOT/osfmk" -I"$FIX" -I"$OS/ku" \
    -o "$OS/ku/onstack_ku_test" "$SRCROOT/tests/mig/onstack_ku_test.c" \
    "$OS/ku/osUser.c" >>"$OUT/osku.log" 2>&1; then
	"$OS/ku/onstack_ku_test" >"$OUT/osku.log" 2>&1
	add_counts "-maxonstack KernelUser stubs" "$OUT/osku.log" $?
else
	notok "-maxonstack KernelUser test build"
	sed 's/^/#   /' "$OUT/osku.log" | head -30
fi
check "-maxonstack KernelUser stubs agree with <kern/kalloc.h>" \
    $CC -std=gnu11 $WARN -Wno-unused-function -DKERNEL=1 \
    -include kern/kalloc.h -I"$SRCROOT/osfmk" -I"$FIX" -I"$OS/ku" \
    -c -o /dev/null "$OS/ku/osUser.c"
"$MIG" -cc "$CC" -q -I"$SRCROOT/osfmk" -I"$FIX" -header /dev/null \
    -user "$OS/user/plainUser.c" -sheader /dev/null \
    -server "$OS/user/plain_server.c" "$FIX/onstack.defs" >/dev/null 2>&1
if [ -s "$OS/user/plainUser.c" ] &&
    ! grep -q "__MigAlloc\|__MIG_stack__" "$OS/user/plainUser.c"; then
	ok "without -maxonstack every buffer is a local"
else
	notok "without -maxonstack every buffer is a local"
fi
check "-maxonstack leaves the server stubs alone" \
    cmp "$OS/user/os_server.c" "$OS/user/plain_server.c"

# --- bad .defs: clean file:line diagnostics -------------------------------------
for f in "$FIX"/bad/*.defs; do
	want=$(sed -n 's|^/\* expect: \(.*\) \*/$|\1|p' "$f")
	case "$want" in
	[0-9]*) want="$f:$want" ;;
	*) want="$(dirname "$f")/$want" ;;
	esac
	"$MIG" -cc "$CC" -user /dev/null -header /dev/null -server /dev/null \
	    -sheader /dev/null "$f" >"$OUT/bad.log" 2>&1
	st=$?
	if [ $st = 1 ] && grep -qF "$want" "$OUT/bad.log" &&
	    ! grep -q "Sanitizer" "$OUT/bad.log"; then
		ok "diagnostic: $(basename "$f")"
	else
		notok "diagnostic: $(basename "$f") (status $st, wanted '$want')"
		sed 's/^/#   /' "$OUT/bad.log" | head -5
	fi
done

# --- options ------------------------------------------------------------------------
"$MIG" -mach_msg2 "$SRCROOT/osfmk/mach/notify.defs" >"$OUT/opt.log" 2>&1
if [ $? = 2 ] && grep -q "mach_msg2.*not supported" "$OUT/opt.log"; then
	ok "-mach_msg2 is rejected clearly"
else
	notok "-mach_msg2 is rejected clearly"
fi
check "-novouchers and -maxonstack are accepted" "$MIG" -cc "$CC" -q \
    -novouchers -maxonstack 1024 -I"$SRCROOT/osfmk" -user /dev/null \
    -header /dev/null -server /dev/null -sheader /dev/null \
    "$SRCROOT/osfmk/mach/notify.defs"
for n in abc -1 12x ""; do
	"$MIG" -maxonstack "$n" "$SRCROOT/osfmk/mach/notify.defs" \
	    >"$OUT/opt.log" 2>&1
	if [ $? = 2 ] && grep -q "maxonstack wants a byte count" \
	    "$OUT/opt.log"; then
		ok "-maxonstack '$n' is a usage error"
	else
		notok "-maxonstack '$n' is a usage error"
	fi
done
"$MIG" -bogus x.defs >"$OUT/opt.log" 2>&1
if [ $? = 2 ] && grep -q "unknown option" "$OUT/opt.log"; then
	ok "unknown options are usage errors"
else
	notok "unknown options are usage errors"
fi

# --- fuzzing ---------------------------------------------------------------------------
if [ "$FUZZ_SECONDS" -gt 0 ] && $CLANG -g -O1 \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -o "$OUT/fuzz_mig" "$SRCROOT/tests/mig/fuzz_mig.c" $LIBSRCS \
    >"$OUT/fuzz.log" 2>&1; then
	rm -rf "$OUT/corpus"
	mkdir -p "$OUT/corpus"
	for d in mach_port notify task mach_host; do
		$CC -E -P -x c -std=c99 -undef -D__x86_64__ -D__LP64__ \
		    -I"$SRCROOT/osfmk" "$SRCROOT/osfmk/mach/$d.defs" \
		    >"$OUT/corpus/$d" 2>/dev/null
	done
	$CC -E -P -x c -std=c99 -undef -I"$SRCROOT/osfmk" -I"$FIX" \
	    "$FIX/rt.defs" >"$OUT/corpus/rt" 2>/dev/null
	timeout $((FUZZ_SECONDS + 60)) "$OUT/fuzz_mig" \
	    -max_total_time="$FUZZ_SECONDS" -max_len=65536 -timeout=10 \
	    -rss_limit_mb=2048 -artifact_prefix="$OUT/" "$OUT/corpus" \
	    >"$OUT/fuzz.log" 2>&1
	st=$?
	if [ $st = 0 ]; then
		ok "fuzz ${FUZZ_SECONDS}s: $(grep -o 'Done [0-9]* runs' \
		    "$OUT/fuzz.log"), no crash, no hang"
	else
		notok "fuzz: status $st"
		tail -30 "$OUT/fuzz.log" | sed 's/^/#   /'
	fi
else
	echo "# fuzz skipped (no libFuzzer or FUZZ_SECONDS=0)"
fi

echo "test-mig: $PASS passed, $FAIL failed"
[ $FAIL = 0 ]
