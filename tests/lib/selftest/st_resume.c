/*
 * st_resume.c - harness self-test for the runner's resume: one test kills
 * the controller (on the hosted machine a crash takes the whole program
 * down the same way); the runner must blame that test and still run the
 * tests after it.  Plain Linux only.
 */
#include <darwintest.h>

#include <signal.h>
#include <unistd.h>

T_DECL(first_ok, "passes before the crash")
{
	T_PASS("first");
}

T_DECL(kills_controller, "takes the whole program down")
{
	kill(getppid(), SIGKILL);
	sleep(1);
	_exit(0);
}

T_DECL(later_ok, "passes after the crash, in a resumed run")
{
	T_PASS("later");
}

T_DECL(later_fail, "fails after the crash, in a resumed run")
{
	T_FAIL("as it should");
}
