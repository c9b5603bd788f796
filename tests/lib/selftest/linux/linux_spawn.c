/*
 * linux_spawn.c - harbor_spawn / harbor_waitpid on plain Linux, for the
 * harness self-test only: a new process running this same executable.
 * A process killed by a signal reports 128 + the signal number, as a shell
 * would.
 */
#include <harbor/spawn.h>

#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int
harbor_spawn(pid_t *pid, const char *path, char *const argv[])
{
	pid_t child = fork();

	(void)path;
	if (child < 0) {
		return errno;
	}
	if (child == 0) {
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	*pid = child;
	return 0;
}

int
harbor_waitpid(pid_t pid, int *status)
{
	int st;

	if (waitpid(pid, &st, 0) < 0) {
		return errno;
	}
	if (WIFEXITED(st)) {
		*status = WEXITSTATUS(st);
	} else if (WIFSIGNALED(st)) {
		*status = 128 + WTERMSIG(st);
	} else {
		*status = -1;
	}
	return 0;
}
