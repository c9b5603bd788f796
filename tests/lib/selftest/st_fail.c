/*
 * st_fail.c - harness self-test: each declaration here must be reported
 * `not ok` (except `still_passes`), for the reason its name gives.
 */
#include <darwintest.h>

#include <stdio.h>
#include <stdlib.h>

T_DECL(failing_mach_assert, "a failed T_ASSERT_MACH_SUCCESS names the code")
{
	int kr = 17;

	T_ASSERT_MACH_SUCCESS(kr, "mach_port_fake(%d)", 42);
	T_LOG("not reached");
}

static void
st_report_failed(void)
{
	T_LOG("dt_test_failed: %s", dt_test_failed() ? "yes" : "no");
}

T_DECL(failing_expect_continues, "a failed T_EXPECT lets the test go on")
{
	T_ATEND(st_report_failed);
	T_EXPECT_EQ(1, 2, "one is two");
	T_LOG("after the expectation");
}

T_DECL(crashing_test, "a test that crashes is counted as failed")
{
	volatile int *p = NULL;

	*p = 1;
}

T_DECL(exit_without_report, "exit(0) in the middle is not a pass")
{
	exit(0);
}

T_HELPER_DECL(failing_helper, "a helper whose assertion fails")
{
	T_ASSERT_MACH_ERROR(4, 17, "wrong code");
}

T_DECL(helper_failure_fails_test, "dt_helper_wait fails the test")
{
	dt_helper_run("failing_helper");
	T_LOG("not reached");
}

T_DECL(still_passes, "tests after failures still run")
{
	T_ASSERT_TRUE(1);
}
