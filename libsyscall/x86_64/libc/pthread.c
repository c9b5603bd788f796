/*
 * pthread.c - threads in the guest, on XNU's BSD thread calls:
 *
 *	bsdthread_create (360)	 (func, arg, stack): a new thread of this
 *				 task starts at func(arg) on stack
 *	bsdthread_terminate (361) the calling thread ends
 *
 * A thread's record (its start routine, result, TLS block and stack) is
 * allocated here; the new thread installs its own TLS (a copy of the
 * program's initial image, see tls.c), runs the routine, publishes the
 * result and terminates.  pthread_join waits for that by yielding the
 * CPU (swtch_pri) until the thread is done.  Mutexes are test-and-set
 * locks that yield while contended.  When the kernel has no
 * bsdthread_create, pthread_create returns its error (ENOSYS/EINVAL).
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include "../syscall_sw.h"

#define STACK_SIZE (64 * 1024)

struct harbor_pthread {
	void *(*start)(void *);
	void *arg;
	void *result;
	volatile int done;
	void *tls;
	void *stack;
};

uint64_t swtch_pri(int pri);
void *_harbor_tls_new(void);
void _harbor_tls_free(void *tcb);

static _Noreturn void
thread_main(struct harbor_pthread *t)
{
	harbor_set_tsd_base(t->tls);
	t->result = t->start(t->arg);
	__atomic_store_n(&t->done, 1, __ATOMIC_RELEASE);
	for (;;)
		harbor_unix_trap(SYSCALL_CONSTRUCT_UNIX(361), 0, 0, 0, 0);
}

/*
 * Routine:	pthread_create, pthread_join, pthread_self,
 *		pthread_mutex_init, pthread_mutex_lock,
 *		pthread_mutex_unlock, pthread_mutex_destroy
 * Purpose:	Threads on bsdthread_create/terminate and yielding locks.
 * Conditions:	Any thread of the task.
 * Returns:	0 or an errno value, as in POSIX.
 */
int
pthread_create(pthread_t *tp, const pthread_attr_t *attr,
    void *(*start)(void *), void *arg)
{
	struct harbor_pthread *t = calloc(1, sizeof(*t));
	int64_t r;

	if (t == NULL)
		return EAGAIN;
	t->start = start;
	t->arg = arg;
	t->stack = malloc(STACK_SIZE);
	t->tls = _harbor_tls_new();
	if (t->stack == NULL || t->tls == NULL) {
		free(t->stack);
		_harbor_tls_free(t->tls);
		free(t);
		return EAGAIN;
	}
	r = harbor_unix_trap(SYSCALL_CONSTRUCT_UNIX(360), thread_main, t,
	    (char *)t->stack + STACK_SIZE - 8, 0, 0);
	if (r < 0) {
		free(t->stack);
		_harbor_tls_free(t->tls);
		free(t);
		return (int)-r;
	}
	*tp = (pthread_t)(uintptr_t)t;
	return 0;
}

int
pthread_join(pthread_t tid, void **ret)
{
	struct harbor_pthread *t = (struct harbor_pthread *)(uintptr_t)tid;

	if (t == NULL)
		return ESRCH;
	while (!__atomic_load_n(&t->done, __ATOMIC_ACQUIRE))
		swtch_pri(0);
	swtch_pri(0); /* let it finish terminating before its stack goes */
	if (ret != NULL)
		*ret = t->result;
	free(t->stack);
	_harbor_tls_free(t->tls);
	free(t);
	return 0;
}

pthread_t
pthread_self(void)
{
	uint64_t tcb;

	__asm__ volatile("movq %%fs:0, %0" : "=r"(tcb));
	return (pthread_t)tcb;
}

int
pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
	m->locked = 0;
	return 0;
}

int
pthread_mutex_lock(pthread_mutex_t *m)
{
	while (__atomic_exchange_n(&m->locked, 1, __ATOMIC_ACQUIRE) != 0)
		swtch_pri(0);
	return 0;
}

int
pthread_mutex_unlock(pthread_mutex_t *m)
{
	__atomic_store_n(&m->locked, 0, __ATOMIC_RELEASE);
	return 0;
}

int
pthread_mutex_destroy(pthread_mutex_t *m)
{
	return 0;
}
