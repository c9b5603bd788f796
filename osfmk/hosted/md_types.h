/*
 * hosted/md_types.h - the hosted machine's concrete seam types.
 */
#ifndef _HOSTED_MD_TYPES_H_
#define _HOSTED_MD_TYPES_H_

#include <pthread.h>
#include <stdbool.h>

typedef struct {
	pthread_mutex_t m;
} md_lock_t;

typedef struct {
	pthread_rwlock_t rw;
} md_rwlock_t;

typedef struct {
	pthread_t pt;
	pthread_cond_t cv; /* waited on under the scheduler mutex */
	void (*cont)(void *);
	void *arg;
	bool ast; /* atomic: kern_thread_ast before returning to user */
} md_thread_state_t;

#endif /* _HOSTED_MD_TYPES_H_ */
