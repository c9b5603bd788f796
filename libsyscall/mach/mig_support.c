/*
 * libsyscall/mach/mig_support.c - the per-thread MIG reply port.
 *
 * A MIG user stub borrows the thread's reply port (a receive right made
 * by mach_reply_port) for its request/reply and gives it back; after a
 * transport error that leaves the port's state unknown, the stub
 * destroys it instead and the next call makes a new one.
 */
#include <mach/mach.h>
#include <string.h>

static __thread mach_port_t mig_reply;

mach_port_t
mig_get_reply_port(void)
{
	if (mig_reply == MACH_PORT_NULL)
		mig_reply = mach_reply_port();
	return mig_reply;
}

void
mig_dealloc_reply_port(mach_port_t reply_port)
{
	if (reply_port == mig_reply)
		mig_reply = MACH_PORT_NULL;
	(void)mach_port_mod_refs(
	    mach_task_self(), reply_port, MACH_PORT_RIGHT_RECEIVE, -1);
}

void
mig_put_reply_port(mach_port_t reply_port)
{
	(void)reply_port;
}

int
mig_strncpy(char *dest, const char *src, int len)
{
	int i;

	if (len <= 0)
		return 0;
	for (i = 0; i < len - 1 && src[i] != '\0'; i++)
		dest[i] = src[i];
	dest[i] = '\0';
	return i;
}
