/*
 * unistd.h - the guest libc's few system calls.
 */
#ifndef _UNISTD_H_
#define _UNISTD_H_

#include <sys/types.h>

ssize_t write(int fd, const void *buf, size_t len);
ssize_t read(int fd, void *buf, size_t len);
pid_t getpid(void);
_Noreturn void _exit(int status);
unsigned int sleep(unsigned int seconds);
int usleep(unsigned int usec);

#endif /* _UNISTD_H_ */
