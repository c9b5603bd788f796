/*
 * harbor/hosted_user.h - force-included into every user program built
 * for the hosted machine.  The program's main becomes harbor_user_main
 * (the hosted kernel calls it in the first thread of each task), exit()
 * ends the task rather than the Linux process, and pthread_create starts
 * a thread of the task.
 */
#ifndef _HARBOR_HOSTED_USER_H_
#define _HARBOR_HOSTED_USER_H_

#include <pthread.h>

int harbor_user_main(int argc, char **argv);
_Noreturn void harbor_exit(int status);
int harbor_pthread_create(pthread_t *thread, const pthread_attr_t *attr,
    void *(*start)(void *), void *arg);

#define pthread_create harbor_pthread_create

#endif /* _HARBOR_HOSTED_USER_H_ */
