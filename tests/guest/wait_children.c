/*
 * wait_children.c - wait4 reaps only the caller's own children, once
 * (x86_64 guest only: on the hosted machine getpid is Linux's).
 *
 * Before this rule any task could reap any pid, taking the exit status
 * from the real parent; waiting for oneself blocked forever.
 */
#include "../ipc/ipc_test_util.h"

#include <errno.h>
#include <harbor/spawn.h>
#include <stdlib.h>
#include <unistd.h>

T_GLOBAL_META(T_META_NAMESPACE("harbor.guest.wait_children"));

T_HELPER_DECL(wc_exit_five, "exits with status 5")
{
	exit(5);
}

T_DECL(wait_reaps_a_child_once,
    "wait4 on a child returns its exit status; a second wait4 on the "
    "reaped pid is ECHILD")
{
	pid_t pid;
	int status = -1;

	dt_helper_spawn("wc_exit_five", &pid);
	T_ASSERT_EQ(harbor_waitpid(pid, &status), 0, "the child is reaped");
	T_ASSERT_EQ(status, 5, "with its exit status");
	T_ASSERT_EQ(harbor_waitpid(pid, &status), ECHILD, "only once");
}

T_DECL(wait_for_a_non_child_is_echild,
    "a process is not its own child: wait4 on one's own pid is ECHILD at "
    "once, and so is a pid nobody has")
{
	int status = -1;

	T_ASSERT_EQ(harbor_waitpid(getpid(), &status), ECHILD, "own pid");
	T_ASSERT_EQ(harbor_waitpid(999999, &status), ECHILD, "unknown pid");
	T_ASSERT_EQ(status, -1, "no status written");
}
