/*
 * errno.h - error numbers (BSD/XNU values) of the guest libc.
 */
#ifndef _ERRNO_H_
#define _ERRNO_H_

extern int errno;

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EDEADLK 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define EINVAL 22
#define ERANGE 34
#define EAGAIN 35
#define ENOSYS 78

#endif /* _ERRNO_H_ */
