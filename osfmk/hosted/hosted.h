/*
 * hosted/hosted.h - what the hosted machine offers beyond the seam.
 */
#ifndef _HOSTED_HOSTED_H_
#define _HOSTED_HOSTED_H_

#include <pthread.h>
#include <stdint.h>

void hosted_thread_cleanup(void);
uint64_t hosted_syscall(uint64_t number, const uint64_t args[9]);
int hosted_thread_create(void (*fn)(void *), void *arg, pthread_t *ptp);

#endif /* _HOSTED_HOSTED_H_ */
