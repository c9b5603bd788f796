/*
 * unistd.c - the guest libc's system calls, on the BSD class of traps
 * (an error comes back as -errno from harbor_unix_trap).
 */
#include <errno.h>
#include <unistd.h>
#include "../syscall_sw.h"

#define MACH_RCV_MSG 0x2
#define MACH_RCV_TIMEOUT 0x100

uint32_t mach_reply_port(void);
uint32_t mach_msg_trap(void *msg, int option, uint32_t send_size,
    uint32_t rcv_size, uint32_t rcv_name, uint32_t timeout, uint32_t notify);

static int64_t
result(int64_t r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/*
 * Routine:	write, read, getpid, _exit, usleep, sleep
 * Purpose:	System calls on the BSD traps; sleeping is a receive with
 *		a time-out on a port that never gets a message.
 * Conditions:	Any.
 * Returns:	As in POSIX: -1 with errno set on error.
 */
ssize_t
write(int fd, const void *buf, size_t len)
{
	return result(
	    harbor_unix_trap(SYSCALL_CONSTRUCT_UNIX(4), fd, buf, len));
}

ssize_t
read(int fd, void *buf, size_t len)
{
	return result(
	    harbor_unix_trap(SYSCALL_CONSTRUCT_UNIX(3), fd, buf, len));
}

pid_t
getpid(void)
{
	return (pid_t)harbor_unix_trap(SYSCALL_CONSTRUCT_UNIX(20));
}

void
_exit(int status)
{
	for (;;)
		harbor_unix_trap(SYSCALL_CONSTRUCT_UNIX(1), status);
}

/* Sleep by waiting for a message that never comes, with a time-out. */
int
usleep(unsigned int usec)
{
	static uint32_t port;
	uint64_t msg[16];

	if (port == 0)
		port = mach_reply_port();
	(void)mach_msg_trap(msg, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
	    sizeof(msg), port, (usec + 999) / 1000, 0);
	return 0;
}

unsigned int
sleep(unsigned int seconds)
{
	usleep(seconds * 1000000U);
	return 0;
}
