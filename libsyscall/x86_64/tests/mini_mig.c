/*
 * mini_mig.c - the least a MIG-generated user stub needs, for the x86_64
 * test and benchmark programs that link no libc: mach_msg on the trap,
 * a cached reply port, the NDR record.  The real ones live in libsyscall.
 */
#include <stdint.h>
#include <mach/ndr.h>
#include <mach/message.h>
#include <mach/mig.h>
#include "mini_mig.h"

NDR_record_t NDR_record = {0, 0, 0, 0, 1, 0, 0, 0}; /* little endian */

static mach_port_t reply_port;

mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
    mach_port_name_t notify)
{
	return mach_msg_trap(
	    msg, option, send_size, rcv_size, rcv_name, timeout, notify);
}

mach_port_t
mig_get_reply_port(void)
{
	if (reply_port == 0)
		reply_port = mach_reply_port();
	return reply_port;
}

void
mig_dealloc_reply_port(mach_port_t port)
{
	reply_port = 0;
}

void
mig_put_reply_port(mach_port_t port)
{
}

void
mach_msg_destroy(mach_msg_header_t *msg)
{
}

mach_port_t
mach_task_self(void)
{
	return task_self_trap();
}
