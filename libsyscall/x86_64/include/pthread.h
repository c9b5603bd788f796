/*
 * pthread.h - threads in the guest, on XNU's bsdthread_create (360) and
 * bsdthread_terminate (361); see libc/pthread.c.  Without those calls in
 * the kernel pthread_create returns the kernel's error.
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
