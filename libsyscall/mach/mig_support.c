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

/*
 * Routine:	mig_get_reply_port
 * Purpose:
 *	The calling thread's MIG reply port, made on first use.
 * Conditions:
 *	User code.
 * Returns:
 *	The receive right's name.
 */
mach_port_t
mig_get_reply_port(void)
{
	if (mig_reply == MACH_PORT_NULL)
		mig_reply = mach_reply_port();
	return mig_reply;
}

/*
 * Routine:	mig_dealloc_reply_port
 * Purpose:
 *	Destroy a reply port whose state is unknown after a transport error.
 * Conditions:
 *	User code.
 * Returns:
 *	Nothing.
 */
void
mig_dealloc_reply_port(mach_port_t reply_port)
{
	if (reply_port == mig_reply)
		mig_reply = MACH_PORT_NULL;
	(void)mach_port_mod_refs(
	    mach_task_self(), reply_port, MACH_PORT_RIGHT_RECEIVE, -1);
}

/*
 * Routine:	mig_put_reply_port
 * Purpose:
 *	Give the reply port back after a call (it stays cached).
 * Conditions:
 *	User code.
 * Returns:
 *	Nothing.
 */
void
mig_put_reply_port(mach_port_t reply_port)
{
	(void)reply_port;
}

/*
 * Routine:	mig_strncpy
 * Purpose:
 *	Bounded string copy used by MIG stubs, always terminated.
 * Conditions:
 *	User code.
 * Returns:
 *	The number of characters copied.
 */
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
