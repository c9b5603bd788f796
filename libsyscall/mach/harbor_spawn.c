/*
 * libsyscall/mach/harbor_spawn.c - task start/wait/exit on the BSD traps.
 */
#include <harbor/spawn.h>
#include <harbor/trap.h>
#include <stdint.h>

#define SYS_exit 1
#define SYS_wait4 7
#define SYS_kill 37
#define SYS_posix_spawn 244

#define U(x) ((uint64_t)(uintptr_t)(x))

/*
 * Routine:	harbor_spawn
 * Purpose:
 *	Start a program in a new task (BSD posix_spawn).
 * Conditions:
 *	User code.
 * Returns:
 *	0 and the pid, or an errno.
 */
int
harbor_spawn(pid_t *pid, const char *path, char *const argv[])
{
	int32_t kpid = 0;
	int64_t r = harbor_unix_trap(HARBOR_TRAP_UNIX(SYS_posix_spawn),
	    U(&kpid), U(path), 0, 0, U(argv), 0, 0, 0, 0);

	if (r < 0)
		return (int)-r;
	*pid = kpid;
	return 0;
}

/*
 * Routine:	harbor_waitpid
 * Purpose:
 *	Wait for a task to exit (BSD wait4).
 * Conditions:
 *	User code.
 * Returns:
 *	0 and its exit status, or an errno.
 */
int
harbor_waitpid(pid_t pid, int *status)
{
	int wstatus = 0;
	int64_t r = harbor_unix_trap(HARBOR_TRAP_UNIX(SYS_wait4), (uint64_t)pid,
	    U(&wstatus), 0, 0, 0, 0, 0, 0, 0);

	if (r < 0)
		return (int)-r;
	*status = (wstatus >> 8) & 0xff;
	return 0;
}

/*
 * Routine:	harbor_kill
 * Purpose:
 *	Kill a task (BSD kill).
 * Conditions:
 *	User code.
 * Returns:
 *	0, or an errno.
 */
int
harbor_kill(pid_t pid, int sig)
{
	int64_t r = harbor_unix_trap(HARBOR_TRAP_UNIX(SYS_kill), (uint64_t)pid,
	    (uint64_t)sig, 0, 0, 0, 0, 0, 0, 0);

	return r < 0 ? (int)-r : 0;
}

/*
 * Routine:	harbor_exit
 * Purpose:
 *	End the calling task (BSD exit).
 * Conditions:
 *	User code.
 * Returns:
 *	Never.
 */
void
harbor_exit(int status)
{
	(void)harbor_unix_trap(HARBOR_TRAP_UNIX(SYS_exit), (uint64_t)status, 0,
	    0, 0, 0, 0, 0, 0, 0);
	for (;;)
		continue;
}
