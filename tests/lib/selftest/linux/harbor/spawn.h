/*
 * harbor/spawn.h - stand-in for libsyscall's spawn interface, used only to
 * build the harness self-test as a plain Linux program (no Harbor kernel).
 * The real header is libsyscall/include/harbor/spawn.h.
 */
#ifndef _HARBOR_SPAWN_H_
#define _HARBOR_SPAWN_H_

#include <sys/types.h>

int harbor_spawn(pid_t *pid, const char *path, char *const argv[]);
int harbor_waitpid(pid_t pid, int *status);

#endif /* _HARBOR_SPAWN_H_ */
