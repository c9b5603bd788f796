/*
 * tests/mig/wire_test.c - Harbor's generated mach_port and notify code
 * against the wire format of spec/mig.md 3.1-3.2 and
 * spec/ipc-notifications.md 7, byte for byte:
 *
 *	mach_port_request_notification: the 60-byte request the user stub
 *	sends, the 40-byte reply it accepts, the 36-byte error reply;
 *	notify_server: the six notifications as a user task receives them.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <mach/mach_port.h>
#include <mach/notify.h>
#include "notify_server.h"
#include "check.h"

NDR_record_t NDR_record = NDR_RECORD_VALUE;

static unsigned char request[256];
static mach_msg_size_t request_size;
static bool error_reply;

static void
put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static uint32_t
get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/*
 * Routine:	mach_msg
 * Purpose:	Test stand-in: record the request, answer with a reply
 *		built byte by byte as the kernel would deliver it.
 * Conditions:	None.
 * Returns:	MACH_MSG_SUCCESS.
 */
mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
    mach_port_name_t notify)
{
	unsigned char *r = (unsigned char *)msg;

	request_size = send_size;
	memcpy(request, msg, send_size);
	memset(r, 0, rcv_size);
	if (error_reply) {
		put32(r + 0, MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE));
		put32(r + 4, 36);
		put32(r + 12, rcv_name);
		put32(r + 20, 3313);
		memcpy(r + 24, &NDR_record, 8);
		put32(r + 32, KERN_INVALID_RIGHT);
		return MACH_MSG_SUCCESS;
	}
	put32(r + 0,
	    0x80000000u | MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE));
	put32(r + 4, 40);
	put32(r + 12, rcv_name);
	put32(r + 20, 3313);
	put32(r + 24, 1);                  /* descriptor count */
	put32(r + 28, 0x555);              /* previous */
	put32(r + 36, (uint32_t)18 << 16); /* disposition 18, type 0 */
	return MACH_MSG_SUCCESS;
}

/*
 * Routine:	mig_get_reply_port / mig_put_reply_port /
 *		mig_dealloc_reply_port / mach_msg_destroy
 * Purpose:	Test stand-ins.
 * Conditions:	None.
 * Returns:	A fixed reply port name, or nothing.
 */
mach_port_t
mig_get_reply_port(void)
{
	return 0x1003;
}

void
mig_put_reply_port(mach_port_t port)
{
}

void
mig_dealloc_reply_port(mach_port_t port)
{
}

void
mach_msg_destroy(mach_msg_header_t *msg)
{
}

static void
test_request_notification(void)
{
	mach_port_t previous = 0;
	kern_return_t kr;

	kr = mach_port_request_notification(0x207, 0x30b, MACH_NOTIFY_DEAD_NAME,
	    1, 0x40f, MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
	CHECK(kr == KERN_SUCCESS && previous == 0x555,
	    "3213: success reply, previous from the descriptor");
	CHECK(request_size == 60, "3213: request is 60 bytes");
	CHECK(get32(request + 0) == 0x80001513u,
	    "3213: bits 0x80001513 (complex, COPY_SEND, MAKE_SEND_ONCE)");
	CHECK(get32(request + 8) == 0x207 && get32(request + 12) == 0x1003 &&
		get32(request + 16) == 0 && get32(request + 20) == 3213,
	    "3213: remote = task, local = reply port, voucher 0, id");
	CHECK(get32(request + 24) == 1, "3213: one descriptor");
	CHECK(get32(request + 28) == 0x40f && get32(request + 32) == 0 &&
		get32(request + 36) == (uint32_t)21 << 16,
	    "3213: notify descriptor (name, pad, disposition 21, type 0)");
	CHECK(memcmp(request + 40, "\0\0\0\0\1\0\0\0", 8) == 0,
	    "3213: NDR record at 40");
	CHECK(get32(request + 48) == 0x30b && get32(request + 52) == 72 &&
		get32(request + 56) == 1,
	    "3213: name, msgid, sync at 48, 52, 56");
	error_reply = true;
	kr = mach_port_request_notification(0x207, 0x30b, MACH_NOTIFY_DEAD_NAME,
	    1, 0x40f, MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
	CHECK(kr == KERN_INVALID_RIGHT, "3213: 36-byte error reply");
	error_reply = false;
}

/* --- notify_server ------------------------------------------------------ */

static int last_id;
static mach_port_t last_port;
static mach_port_name_t last_name;

kern_return_t
do_mach_notify_port_deleted(mach_port_t notify, mach_port_name_t name)
{
	last_id = 65;
	last_port = notify;
	last_name = name;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_send_possible(mach_port_t notify, mach_port_name_t name)
{
	last_id = 66;
	last_port = notify;
	last_name = name;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_port_destroyed(mach_port_t notify, mach_port_t rights)
{
	last_id = 69;
	last_port = notify;
	last_name = rights;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_no_senders(mach_port_t notify, mach_port_mscount_t mscount)
{
	last_id = 70;
	last_port = notify;
	last_name = mscount;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_send_once(mach_port_t notify)
{
	last_id = 71;
	last_port = notify;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_dead_name(mach_port_t notify, mach_port_name_t name)
{
	last_id = 72;
	last_port = notify;
	last_name = name;
	return KERN_SUCCESS;
}

/* A notification as received: header, payload, format-0 trailer. */
static void
deliver(int id, uint32_t payload, const char *what)
{
	_Alignas(8) unsigned char m[128];
	mig_reply_error_t reply;
	uint32_t size = id == 71 ? 24 : id == 69 ? 40 : 36;
	bool ok;

	memset(m, 0, sizeof(m));
	put32(m + 0, (id == 69 ? 0x80000000u : 0) | 0x1200);
	put32(m + 4, size);
	put32(m + 12, 0x60b);
	put32(m + 20, (uint32_t)id);
	if (id == 69) {
		put32(m + 24, 1);
		put32(m + 28, payload);
		put32(m + 36, (uint32_t)16 << 16);
	} else if (id != 71) {
		memcpy(m + 24, &NDR_record, 8);
		put32(m + 32, payload);
	}
	put32(m + size + 4, 20); /* trailer: format 0, 20 bytes */
	last_id = 0;
	last_name = 0;
	ok = notify_server((mach_msg_header_t *)(void *)m, &reply.Head);
	CHECK(ok && last_id == id && last_port == 0x60b &&
		(id == 71 || last_name == payload) &&
		reply.RetCode == KERN_SUCCESS && reply.Head.msgh_id == id + 100,
	    what);
}

static void
test_notify_server(void)
{
	_Alignas(8) unsigned char m[64];
	mig_reply_error_t reply;

	deliver(65, 0x103, "65 port-deleted: 36 bytes, name after NDR");
	deliver(66, 0x107, "66 send-possible");
	deliver(69, 0x10b, "69 port-destroyed: receive right in a descriptor");
	deliver(70, 3, "70 no-senders: make-send count");
	deliver(71, 0, "71 send-once: header only");
	deliver(72, 0x10f, "72 dead-name");
	memset(m, 0, sizeof(m));
	put32(m + 4, 24);
	put32(m + 20, 67);
	CHECK(!notify_server((mach_msg_header_t *)(void *)m, &reply.Head) &&
		reply.RetCode == MIG_BAD_ID,
	    "67 (retired) is a skip slot");
	CHECK(do_notify_subsystem.start == 64 && do_notify_subsystem.end == 73,
	    "do_notify_subsystem covers 64..72");
}

/*
 * Routine:	main
 * Purpose:	Run the wire-format tests.
 * Conditions:	None.
 * Returns:	0 if every check passed.
 */
int
main(void)
{
	test_request_notification();
	test_notify_server();
	printf("wire: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	return failed != 0;
}
