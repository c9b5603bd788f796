/*
 * harbor/spawn.h - starting and waiting for tasks, the same on both
 * machines (the guest's posix_spawn/waitpid are built on these).
 */
#ifndef _HARBOR_SPAWN_H_
#define _HARBOR_SPAWN_H_

#include <sys/types.h>

/*
 * Start path (hosted: the same program; its main runs again) with argv in
 * a new task that inherits the caller's TASK_BOOTSTRAP_PORT.
 * Returns 0 and the pid, or an errno.
 */
int harbor_spawn(pid_t *pid, const char *path, char *const argv[]);

/* Wait for a spawned task to exit.  Returns 0 and its exit status. */
int harbor_waitpid(pid_t pid, int *status);

/* Kill a task (any signal terminates it). Returns 0 or an errno. */
int harbor_kill(pid_t pid, int sig);

/* End the calling task with status (exit() maps here on hosted). */
_Noreturn void harbor_exit(int status);

#endif /* _HARBOR_SPAWN_H_ */
