/*
 * libsyscall/hosted/harbor_trap.c - "traps" on the hosted machine: a
 * direct call into the kernel's dispatcher on the calling thread, and the
 * task-aware pthread_create.
 */
#include <harbor/trap.h>
#include <harbor/hosted_user.h>
#include <stdlib.h>

#undef pthread_create

uint64_t hosted_syscall(uint64_t number, const uint64_t args[9]);
int hosted_thread_create(void (*fn)(void *), void *arg, pthread_t *ptp);

/*
 * Routine:	harbor_trap
 * Purpose:
 *	The raw trap on the hosted machine: a direct call into the kernel.
 * Conditions:
 *	User code on a thread bound to a kernel thread.
 * Returns:
 *	The trap's result.
 */
uint64_t
harbor_trap(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
    uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8)
{
	const uint64_t args[9] = {a0, a1, a2, a3, a4, a5, a6, a7, a8};

	return hosted_syscall(number, args);
}

/*
 * Routine:	harbor_unix_trap
 * Purpose:
 *	A BSD-class trap, errors as -errno.
 * Conditions:
 *	As harbor_trap.
 * Returns:
 *	The result, or -errno.
 */
int64_t
harbor_unix_trap(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2,
    uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7,
    uint64_t a8)
{
	return (int64_t)harbor_trap(number, a0, a1, a2, a3, a4, a5, a6, a7, a8);
}

struct harbor_pthread_start {
	void *(*start)(void *);
	void *arg;
};

static void
harbor_pthread_trampoline(void *p)
{
	struct harbor_pthread_start s = *(struct harbor_pthread_start *)p;

	free(p);
	(void)s.start(s.arg);
}

/*
 * Routine:	harbor_pthread_create
 * Purpose:
 *	pthread_create for user programs on the hosted machine: a thread of the task.
 * Conditions:
 *	User code.
 * Returns:
 *	0, or an errno.
 */
int
harbor_pthread_create(pthread_t *thread, const pthread_attr_t *attr,
    void *(*start)(void *), void *arg)
{
	struct harbor_pthread_start *s = malloc(sizeof(*s));
	int err;

	(void)attr;
	if (s == NULL)
		return 12;
	s->start = start;
	s->arg = arg;
	err = hosted_thread_create(harbor_pthread_trampoline, s, thread);
	if (err != 0)
		free(s);
	return err;
}
