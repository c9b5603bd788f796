/*
 * pthread.h - threads in the guest.  The kernel has no call yet that
 * starts a user thread, so pthread_create fails with ENOSYS; the types
 * and the mutex calls exist so that programs build and run their
 * single-threaded parts.
 */
#ifndef _PTHREAD_H_
#define _PTHREAD_H_

#include <sys/types.h>

typedef unsigned long pthread_t;
typedef struct {
	int unused;
} pthread_attr_t;
typedef struct {
	volatile int locked;
} pthread_mutex_t;
typedef struct {
	int unused;
} pthread_mutexattr_t;

#define PTHREAD_MUTEX_INITIALIZER \
	{                         \
		0                 \
	}

int pthread_create(pthread_t *t, const pthread_attr_t *attr,
    void *(*start)(void *), void *arg);
int pthread_join(pthread_t t, void **ret);
pthread_t pthread_self(void);
int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr);
int pthread_mutex_lock(pthread_mutex_t *m);
int pthread_mutex_unlock(pthread_mutex_t *m);
int pthread_mutex_destroy(pthread_mutex_t *m);

#endif /* _PTHREAD_H_ */
