/*
 * tests/mig/ku_test.c - the KernelUser personality: the kernel's
 * notification senders generated from mach_notify.defs (-DKERNEL), with
 * a stand-in mach_msg_send_from_kernel that records each message.
 */
#include <stdio.h>
#include <string.h>

#include <kern/kalloc.h>
#include <mach/mach_notify.h>
#include <mach/mig_kernel.h>
#include "check.h"

NDR_record_t NDR_record = NDR_RECORD_VALUE;

struct ipc_port {
	int id;
};

static struct ipc_port notify_port, right;
static unsigned char sent[256];
static mach_msg_size_t sent_size;
static int kallocs;

/*
 * Routine:	mach_msg_send_from_kernel
 * Purpose:	Test stand-in: keep a copy of the message.
 * Conditions:	None.
 * Returns:	MACH_MSG_SUCCESS.
 */
mach_msg_return_t
mach_msg_send_from_kernel(mach_msg_header_t *msg, mach_msg_size_t size)
{
	sent_size = size;
	memcpy(sent, msg, size < sizeof(sent) ? size : sizeof(sent));
	return MACH_MSG_SUCCESS;
}

/*
 * Routine:	mach_msg_rpc_from_kernel
 * Purpose:	Test stand-in (notify has no two-way routine).
 * Conditions:	None.
 * Returns:	MACH_SEND_INVALID_DEST.
 */
mach_msg_return_t
mach_msg_rpc_from_kernel(
    mach_msg_header_t *msg, mach_msg_size_t send_size, mach_msg_size_t rcv_size)
{
	return MACH_SEND_INVALID_DEST;
}

/*
 * Routine:	kalloc / kfree
 * Purpose:	Test stand-ins: the stubs are generated with the kernel's
 *		-maxonstack 1024 (as tools/mig/mig.mk does), and every
 *		notification is far below it, so they must never be called.
 * Conditions:	None.
 * Returns:	NULL (kalloc).
 */
void *
kalloc(size_t size)
{
	kallocs++;
	return NULL;
}

void
kfree(void *addr, size_t size)
{
	kallocs++;
}

static const mach_msg_header_t *
head(void)
{
	return (const mach_msg_header_t *)(const void *)sent;
}

static void
check_simple(mach_msg_id_t id, mach_msg_size_t size, const char *what)
{
	CHECK(head()->msgh_bits ==
		    MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0) &&
		head()->msgh_remote_port == &notify_port &&
		head()->msgh_local_port == NULL && head()->msgh_id == id &&
		head()->msgh_voucher_port == 0 && sent_size == size,
	    what);
}

/*
 * Routine:	main
 * Purpose:	Send each notification and check what was sent.
 * Conditions:	None.
 * Returns:	0 if every check passed.
 */
int
main(void)
{
	const __Request__mach_notify_port_deleted_t *del = (const void *)sent;
	const __Request__mach_notify_port_destroyed_t *pd = (const void *)sent;
	const __Request__mach_notify_no_senders_t *ns = (const void *)sent;

	CHECK(mach_notify_port_deleted(&notify_port, 0x103) == 0 &&
		del->name == 0x103 && del->NDR.int_rep == NDR_INT_LITTLE_ENDIAN,
	    "port-deleted: name after NDR");
	check_simple(65, 32 + 8 + 4, "port-deleted header (kernel layout)");
	mach_notify_send_possible(&notify_port, 0x207);
	check_simple(66, 32 + 8 + 4, "send-possible header");
	mach_notify_no_senders(&notify_port, 5);
	check_simple(70, 32 + 8 + 4, "no-senders header");
	CHECK(ns->mscount == 5, "no-senders: make-send count");
	mach_notify_send_once(&notify_port);
	check_simple(71, 32, "send-once: header only");
	mach_notify_dead_name(&notify_port, 0x30b);
	check_simple(72, 32 + 8 + 4, "dead-name header");
	mach_notify_port_destroyed(&notify_port, &right);
	CHECK(pd->Head.msgh_bits ==
		    (MACH_MSGH_BITS_COMPLEX |
			MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0)) &&
		pd->Head.msgh_id == 69 && sent_size == 32 + 4 + 16 &&
		pd->msgh_body.msgh_descriptor_count == 1,
	    "port-destroyed: complex, one descriptor, no NDR");
	CHECK(pd->rights.name == &right &&
		pd->rights.disposition == MACH_MSG_TYPE_MOVE_RECEIVE &&
		pd->rights.type == MACH_MSG_PORT_DESCRIPTOR,
	    "port-destroyed: the receive right moves");
	CHECK(kallocs == 0, "notifications stay on the stack (no kalloc)");
	printf("kerneluser: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	return failed != 0;
}
