/*
 * pthread.c - threads in the guest: none can be started yet (the kernel
 * has no call that starts a user thread), so pthread_create fails with
 * ENOSYS; mutexes work within the one thread there is.
 */
#include <errno.h>
#include <pthread.h>

int
pthread_create(
    pthread_t *t, const pthread_attr_t *attr, void *(*start)(void *), void *arg)
{
	return ENOSYS;
}

int
pthread_join(pthread_t t, void **ret)
{
	return ESRCH;
}

pthread_t
pthread_self(void)
{
	return 1;
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
	m->locked = 1;
	return 0;
}

int
pthread_mutex_unlock(pthread_mutex_t *m)
{
	m->locked = 0;
	return 0;
}

int
pthread_mutex_destroy(pthread_mutex_t *m)
{
	return 0;
}
