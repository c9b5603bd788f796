/*
 * st_pass.c - harness self-test: declarations that must all pass (or be
 * skipped).  selftest.sh checks the KTAP this program prints.
 */
#include <darwintest.h>

#include <stdio.h>
#include <string.h>

T_GLOBAL_META(T_META_NAMESPACE("harbor.selftest"), T_META_CHECK_LEAKS(false));

T_DECL(integer_compare_is_mathematical,
    "EQ/LT/GE compare values, not C's converted operands")
{
	unsigned int u = 1;
	int minus_one = -1;

	T_ASSERT_LT(minus_one, u, "-1 < 1u mathematically");
	T_ASSERT_EQ(u, 1, NULL);
	T_ASSERT_NE(0xffffffffu, minus_one);
	T_EXPECT_GE(2, 2);
	T_EXPECT_GT(3ull, 2);
	T_EXPECT_LE(-5, -5);
}

T_DECL(mach_codes_have_names, "return codes print by name")
{
	char buf[96];

	T_ASSERT_EQ_STR(dt_mach_error_name(17), "KERN_INVALID_RIGHT");
	T_ASSERT_EQ_STR(dt_mach_error_name(0x10004003), "MACH_RCV_TIMED_OUT");
	T_ASSERT_EQ_STR(dt_mach_error_name(-304), "MIG_BAD_ARGUMENTS");
	T_ASSERT_NULL(dt_mach_error_name(12345));
	dt_mach_error_string(0x10000003 | 0x2000, buf, sizeof(buf));
	T_ASSERT_EQ_STR(buf,
	    "MACH_SEND_INVALID_DEST|MACH_MSG_IPC_SPACE "
	    "(0x10002003)");
	T_ASSERT_MACH_SUCCESS(0, "zero is KERN_SUCCESS");
	T_ASSERT_MACH_ERROR(19, 19, "KERN_UREFS_OVERFLOW matches itself");
}

T_DECL(pointer_and_bool_forms, "NULL/NOTNULL/TRUE/FALSE/_PTR work")
{
	int x = 0;
	int *p = &x;

	T_QUIET;
	T_ASSERT_NOTNULL(p);
	T_ASSERT_NULL(NULL);
	T_ASSERT_EQ_PTR(p, &x);
	T_ASSERT_TRUE(p != NULL);
	T_ASSERT_FALSE(x);
	T_ASSERT_POSIX_SUCCESS(0);
	T_ASSERT_POSIX_ZERO(0);
	T_ASSERT_FALSE(dt_test_failed(), "nothing failed yet");
	T_PASS("reached the end");
}

static int atend_ran;

static void
st_atend(void)
{
	atend_ran = 1;
	printf("# atend ran\n");
}

T_DECL(atend_and_end, "T_END ends the test as a pass; T_ATEND runs")
{
	T_ATEND(st_atend);
	T_LOG("about to end early");
	T_END;
	T_FAIL("not reached");
}

T_DECL(skipped_test, "T_SKIP reports ok # SKIP")
{
	T_SKIP("nothing to do on %s", "this machine");
	T_FAIL("not reached");
}

T_DECL(disabled_test, "T_META_ENABLED(false) is not run", T_META_ENABLED(false))
{
	T_FAIL("a disabled test ran");
}

T_HELPER_DECL(quiet_helper, "a helper that succeeds")
{
	T_ASSERT_EQ(1 + 1, 2);
}

T_DECL(helper_in_new_task, "a helper runs and its success is collected")
{
	pid_t pid;

	dt_helper_spawn("quiet_helper", &pid);
	T_ASSERT_EQ(dt_helper_wait(pid), DT_EXIT_PASS);
	T_ASSERT_NOTNULL(dt_current_name());
	T_ASSERT_EQ_STR(dt_current_name(), "helper_in_new_task");
}
