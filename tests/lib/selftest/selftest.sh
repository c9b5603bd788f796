#!/bin/bash
#
# selftest.sh - prove that the harness and the runner catch failures.
#
# usage: selftest.sh <dir with st_pass and st_fail built> <run-tests.sh>
#
# Each check below runs a self-test program (or a fake KTAP program) and
# asserts what the harness or the runner must have said about it.
#
set -u
bindir=$1
runner=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dt-selftest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

check() { # check <description> <command...>: the command must succeed
	local what=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "ok - $what"
		passed=$((passed + 1))
	else
		echo "not ok - $what"
		failed=$((failed + 1))
	fi
}
has() { grep -q -- "$2" "$1"; }
hasx() { grep -qx -- "$2" "$1"; }
lastline() { [ "$(tail -n 1 "$1")" = "$2" ]; }

"$bindir/st_pass" >"$tmp/pass.out" 2>&1
pass_rc=$?
"$bindir/st_fail" >"$tmp/fail.out" 2>&1
fail_rc=$?

check "passing program exits 0" test $pass_rc -eq 0
check "KTAP header" hasx "$tmp/pass.out" "KTAP version 1"
check "plan counts every T_DECL" hasx "$tmp/pass.out" "1..7"
check "passing assertion -> ok" hasx "$tmp/pass.out" "ok 1 integer_compare_is_mathematical"
check "T_SKIP -> ok # SKIP" hasx "$tmp/pass.out" "ok 5 skipped_test # SKIP"
check "T_META_ENABLED(false) -> skipped" has "$tmp/pass.out" "^ok 6 disabled_test # SKIP"
check "T_ATEND ran at T_END" hasx "$tmp/pass.out" "# atend ran"
check "helper in a new task" hasx "$tmp/pass.out" "ok 7 helper_in_new_task"
check "helpers are not listed" sh -c "! '$bindir/st_pass' -l | grep -q quiet_helper"
check "-l lists tests" sh -c "'$bindir/st_pass' -l | grep -q '^skipped_test	'"
check "-n runs one test" sh -c "'$bindir/st_pass' -n mach_codes_have_names | grep -qx '1..1'"
check "-n unknown test -> not ok" sh -c "'$bindir/st_pass' -n no_such_test | grep -qx 'not ok 1 no_such_test'"

check "failing program exits non-zero" test $fail_rc -ne 0
check "failed assertion -> not ok" hasx "$tmp/fail.out" "not ok 1 failing_mach_assert"
check "Mach code printed by name" has "$tmp/fail.out" "kr = KERN_INVALID_RIGHT (0x11), expected KERN_SUCCESS"
check "assertion ends the test" sh -c "! sed -n '/failing_mach_assert:/,/^not ok 1/p' '$tmp/fail.out' | grep -q 'not reached'"
check "failed expectation -> not ok" hasx "$tmp/fail.out" "not ok 2 failing_expect_continues"
check "expectation lets the test go on" hasx "$tmp/fail.out" "# after the expectation"
check "dt_test_failed() after a failed expectation" hasx "$tmp/fail.out" "# dt_test_failed: yes"
check "crashing test -> not ok" hasx "$tmp/fail.out" "not ok 3 crashing_test"
check "exit(0) mid-test is caught" hasx "$tmp/fail.out" "not ok 4 exit_without_report"
check "...as a test that did not report" has "$tmp/fail.out" "ended without reporting (exit status 0)"
check "failing helper fails its test" hasx "$tmp/fail.out" "not ok 5 helper_failure_fails_test"
check "tests after failures still run" hasx "$tmp/fail.out" "ok 6 still_passes"

"$bindir/st_dup" >"$tmp/dup.out" 2>&1
check "duplicate test name -> non-zero exit" test $? -ne 0
check "duplicate test name -> meta-check" has "$tmp/dup.out" "meta-check: test \"same_name\" is declared twice"

# The runner.
"$runner" -t 5 "$bindir/st_pass" >"$tmp/r1.out" 2>&1
check "runner: all pass -> exit 0" test $? -eq 0
check "runner: last line" lastline "$tmp/r1.out" "5 passed, 0 failed"

"$runner" -t 5 "$bindir/st_pass" "$bindir/st_fail" >"$tmp/r2.out" 2>&1
check "runner: failures -> non-zero exit" test $? -ne 0
check "runner: counts across programs" lastline "$tmp/r2.out" "6 passed, 5 failed"
check "runner: prints failing output" has "$tmp/r2.out" "KERN_INVALID_RIGHT"

"$runner" -t 5 "$bindir/st_resume" >"$tmp/r8.out" 2>&1
check "runner: resumes after the program dies" lastline "$tmp/r8.out" "2 passed, 2 failed"
check "runner: blames the test that did not report" has "$tmp/r8.out" "kills_controller did not report"
check "runner: resumed run uses -n" has "$tmp/r8.out" "# run 2: -n later_ok -n later_fail"

"$runner" -t 5 "$here/st_fake_missing.sh" >"$tmp/r3.out" 2>&1
check "runner: missing result counted failed" lastline "$tmp/r3.out" "2 passed, 1 failed"
"$runner" -t 5 "$here/st_fake_noplan.sh" >"$tmp/r4.out" 2>&1
check "runner: missing plan is a failure" lastline "$tmp/r4.out" "1 passed, 1 failed"
"$runner" -t 5 "$here/st_fake_leak.sh" >"$tmp/r5.out" 2>&1
check "runner: non-zero exit is a failure" lastline "$tmp/r5.out" "1 passed, 1 failed"
"$runner" -t 2 "$here/st_fake_hang.sh" >"$tmp/r6.out" 2>&1
check "runner: timeout is a failure" lastline "$tmp/r6.out" "0 passed, 1 failed"
check "runner: timeout is reported" has "$tmp/r6.out" "timed out"
"$runner" -t 5 "$tmp/does-not-exist" >"$tmp/r7.out" 2>&1
check "runner: absent program is a failure" lastline "$tmp/r7.out" "0 passed, 1 failed"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
