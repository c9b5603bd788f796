/*
 * hosted/hosted.h - what the hosted machine offers beyond the seam.
 */
#ifndef _HOSTED_HOSTED_H_
#define _HOSTED_HOSTED_H_

#include <pthread.h>

void hosted_thread_cleanup(void);
int hosted_thread_create(void (*fn)(void *), void *arg, pthread_t *ptp);

#endif /* _HOSTED_HOSTED_H_ */
