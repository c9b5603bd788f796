/*
 * send_once.c - send-once rights and the SEND_ONCE notification
 * (spec 3, 4.6, 4.7, 7, gotcha 11).
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.send_once"));

T_DECL(send_once_message_format,
    "7: SEND_ONCE is id 71, 24 bytes, bits 0x1200, no payload")
{
	mach_port_t r = ipc_port(), so = ipc_send_once(r);

	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), so));
	expect_send_once(r);
	expect_nothing(r);
	expect_no_name(so);
}

T_DECL(send_once_has_exactly_one_uref,
    "1.2: a send-once right always has exactly one uref, and each one has a "
    "name of its own")
{
	mach_port_t r = ipc_port(), a = ipc_send_once(r), b = ipc_send_once(r);

	T_ASSERT_NE(a, b, "two send-once rights, two names");
	T_ASSERT_NE(a, r, "not the receive right's name");
	expect_refs(a, MACH_PORT_RIGHT_SEND_ONCE, 1);
	expect_refs(a, MACH_PORT_RIGHT_SEND, 0);
	expect_type(a, MACH_PORT_TYPE_SEND_ONCE);
	T_ASSERT_EQ(ipc_status(r).mps_sorights, 2, "two send-once rights");
}

T_DECL(mod_refs_send_once,
    "4.7: mod_refs(SEND_ONCE) accepts 0 and -1 only; -1 sends SEND_ONCE")
{
	mach_port_t r = ipc_port(), so = ipc_send_once(r);

	T_ASSERT_MACH_SUCCESS(mach_port_mod_refs(
	    mach_task_self(), so, MACH_PORT_RIGHT_SEND_ONCE, 0));
	T_ASSERT_MACH_ERROR(mach_port_mod_refs(mach_task_self(), so,
				MACH_PORT_RIGHT_SEND_ONCE, 1),
	    KERN_INVALID_VALUE);
	T_ASSERT_MACH_ERROR(mach_port_mod_refs(mach_task_self(), so,
				MACH_PORT_RIGHT_SEND_ONCE, -2),
	    KERN_INVALID_VALUE);
	expect_nothing(r);
	T_ASSERT_MACH_SUCCESS(mach_port_mod_refs(
	    mach_task_self(), so, MACH_PORT_RIGHT_SEND_ONCE, -1));
	expect_send_once(r);
	expect_nothing(r);
	T_ASSERT_EQ(ipc_status(r).mps_sorights, 0);
}

T_DECL(destroy_send_once,
    "4.5: mach_port_destroy of a send-once right sends SEND_ONCE to its "
    "port")
{
	mach_port_t r = ipc_port(), so = ipc_send_once(r);

	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), so));
	expect_send_once(r);
	expect_nothing(r);
}

T_DECL(send_once_consumed_by_send,
    "4.9: sending through a send-once right consumes it; no SEND_ONCE "
    "notification, the message arrives")
{
	mach_port_t r = ipc_port(), so = ipc_send_once(r);
	ipc_msg_buf_t m;

	T_ASSERT_MACH_SUCCESS(ipc_send_disp(
	    so, MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_SEND_TIMEOUT, 0, 1234));
	expect_no_name(so);
	T_ASSERT_MACH_SUCCESS(ipc_recv(r, 0, &m, 0));
	T_ASSERT_EQ(m.hdr.msgh_id, 1234, "the message, not a notification");
	T_ASSERT_EQ(m.hdr.msgh_bits,
	    MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE),
	    "received through a send-once right");
	expect_nothing(r);
}

T_DECL(send_once_in_destroyed_message,
    "3: destroying a queued message that carries a send-once right sends "
    "SEND_ONCE to that right's port")
{
	mach_port_t r = ipc_port(), q = ipc_port_send();

	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(q, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, 0));
	expect_nothing(r);
	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), q));
	expect_send_once(r);
	expect_nothing(r);
}

T_DECL(send_once_to_dead_port_is_silent,
    "3: a send-once right whose port died is released silently (it becomes "
    "a dead name, nothing is sent)")
{
	mach_port_t r = ipc_port(), so = ipc_send_once(r), n = ipc_port();

	ipc_kill_receive(r);
	expect_type(so, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(so, MACH_PORT_RIGHT_DEAD_NAME, 1);
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), so));
	expect_no_name(so);
	expect_nothing(n);
}

T_DECL(failed_request_sends_send_once,
    "6.2/gotcha 11: a failed request_notification consumes the notify "
    "right: SEND_ONCE arrives on the notify port")
{
	mach_port_t n = ipc_port(), prev;

	T_ASSERT_MACH_ERROR(
	    ipc_request(ipc_port_set(), MACH_NOTIFY_DEAD_NAME, 0, n, &prev),
	    KERN_INVALID_RIGHT);
	expect_send_once(n);
	expect_nothing(n);
	T_ASSERT_EQ(ipc_status(n).mps_sorights, 0, "no send-once left");
}
