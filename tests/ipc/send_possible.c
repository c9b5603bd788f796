/*
 * send_possible.c - send-possible requests: arming by MACH_SEND_NOTIFY on a
 * full queue, firing on receive, fired-slot semantics, port sets
 * (spec 2.3, 2.8, 5.1-5.6, gotchas 5, 14, 17, 18).
 *
 * A full queue is qlimit 1 (MACH_PORT_LIMITS_INFO) with one message in it;
 * sends use MACH_SEND_TIMEOUT with timeout 0.
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.send_possible"));

#define SR MACH_PORT_TYPE_SEND_RECEIVE
#define ARMED (SR | MACH_PORT_TYPE_DNREQUEST | MACH_PORT_TYPE_SPREQUEST)
#define DELAYED (ARMED | MACH_PORT_TYPE_SPREQUEST_DELAYED)

/* A full port with an armed request for `n`. */
static mach_port_t
armed_port(mach_port_t n)
{
	mach_port_t p = ipc_port_send();

	ipc_fill(p);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	expect_names_type(p, ARMED);
	return p;
}

T_DECL(send_notify_on_full_queue_arms,
    "5.3: a MACH_SEND_NOTIFY send that finds the queue full arms a delayed "
    "request and times out; the next receive fires SEND_POSSIBLE")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();

	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	ipc_fill(p);
	expect_names_type(p, DELAYED);
	T_ASSERT_MACH_ERROR(ipc_send(p, MACH_SEND_NOTIFY), MACH_SEND_TIMED_OUT,
	    "the send still times out");
	expect_names_type(p, ARMED);
	expect_nothing(n);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	expect_nothing(n);
	expect_names_type(p, SR);
	expect_type(p, SR);
}

T_DECL(send_without_notify_option_does_not_arm,
    "5.3: a send without MACH_SEND_NOTIFY leaves the request delayed")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();

	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	ipc_fill(p);
	T_ASSERT_MACH_ERROR(ipc_send(p, 0), MACH_SEND_TIMED_OUT);
	expect_names_type(p, DELAYED);
	ipc_drain_one(p);
	expect_nothing(n);
}

T_DECL(send_notify_with_room_arms_nothing,
    "gotcha 17: MACH_SEND_NOTIFY on a queue with room arms nothing")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();

	ipc_set_qlimit(p, 1);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	T_ASSERT_MACH_SUCCESS(ipc_send(p, MACH_SEND_NOTIFY), "fits");
	expect_names_type(p, DELAYED);
	ipc_drain_one(p);
	expect_nothing(n);
}

T_DECL(dead_name_request_is_not_armed,
    "2.3: arming ignores a pure dead-name request")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_fill(p);
	T_ASSERT_MACH_ERROR(ipc_send(p, MACH_SEND_NOTIFY), MACH_SEND_TIMED_OUT);
	expect_names_type(p, SR | MACH_PORT_TYPE_DNREQUEST);
	ipc_drain_one(p);
	expect_nothing(n);
	expect_names_type(p, SR | MACH_PORT_TYPE_DNREQUEST);
}

T_DECL(arming_twice_fires_once,
    "2.3: arming an armed request is harmless; one receive fires it once")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();

	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	ipc_fill(p);
	T_ASSERT_MACH_ERROR(ipc_send(p, MACH_SEND_NOTIFY), MACH_SEND_TIMED_OUT);
	T_ASSERT_MACH_ERROR(ipc_send(p, MACH_SEND_NOTIFY), MACH_SEND_TIMED_OUT);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	expect_nothing(n);
	T_ASSERT_MACH_SUCCESS(ipc_send(p, 0));
	ipc_drain_one(p);
	expect_nothing(n);
}

T_DECL(raising_qlimit_fires_nothing,
    "5.6/gotcha 18: raising the queue limit fires nothing; the armed "
    "request waits for the next receive")
{
	mach_port_t n = ipc_port(), p = armed_port(n);

	ipc_set_qlimit(p, 5);
	expect_nothing(n);
	expect_names_type(p, ARMED);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	expect_nothing(n);
}

T_DECL(too_large_receive_does_not_fire,
    "5.4/gotcha 18: a too-large receive without MACH_RCV_LARGE destroys the "
    "message and fires nothing")
{
	mach_port_t n = ipc_port(), p = armed_port(n);
	mach_msg_header_t h;

	memset(&h, 0, sizeof(h));
	T_ASSERT_MACH_ERROR(mach_msg(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
				sizeof(h) - 8, p, 0, MACH_PORT_NULL),
	    MACH_RCV_TOO_LARGE);
	expect_nothing(p);
	expect_nothing(n);
	expect_names_type(p, ARMED);
	T_ASSERT_MACH_SUCCESS(ipc_send(p, 0));
	ipc_drain_one(p);
	expect_send_possible(n, p);
}

T_DECL(rcv_large_probe_does_not_fire,
    "5.4: a MACH_RCV_LARGE probe leaves the message queued and fires "
    "nothing; the real receive fires")
{
	mach_port_t n = ipc_port(), p = armed_port(n);
	mach_msg_header_t h;

	memset(&h, 0, sizeof(h));
	T_ASSERT_MACH_ERROR(
	    mach_msg(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT | MACH_RCV_LARGE, 0,
		sizeof(h) - 8, p, 0, MACH_PORT_NULL),
	    MACH_RCV_TOO_LARGE);
	expect_nothing(n);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	expect_nothing(n);
}

T_DECL(receive_through_port_set_fires,
    "5.4: receiving from a port set fires the member port's armed request")
{
	mach_port_t n = ipc_port(), p = armed_port(n), s = ipc_port_set();
	ipc_msg_buf_t m;

	T_ASSERT_MACH_SUCCESS(mach_port_insert_member(mach_task_self(), p, s));
	T_ASSERT_MACH_SUCCESS(ipc_recv(s, 0, &m, 0), "receive on the set");
	T_ASSERT_EQ(m.hdr.msgh_local_port, p, "from the member");
	expect_send_possible(n, p);
	expect_nothing(n);
}

T_DECL(fired_slot_lingers,
    "5.1/gotcha 14: a fired slot reports no type bits, stays used in "
    "dnrequest_info, and cancels to previous NULL")
{
	mach_port_t n = ipc_port(), p = armed_port(n), prev;
	unsigned int total = 0, used = 0;
	kern_return_t kr;

	ipc_drain_one(p);
	expect_send_possible(n, p);
	expect_names_type(p, SR);
	expect_type(p, SR);
	kr = mach_port_dnrequest_info(mach_task_self(), p, &total, &used);
#if MACH_IPC_DEBUG
	T_ASSERT_MACH_SUCCESS(kr, "mach_port_dnrequest_info");
	T_ASSERT_EQ(total, 2, "one table of 2");
	T_ASSERT_EQ(used, 1, "the fired slot is still used");
#else
	T_ASSERT_MACH_ERROR(kr, KERN_FAILURE, "no MACH_IPC_DEBUG");
#endif
	T_ASSERT_MACH_SUCCESS(ipc_request(
	    p, MACH_NOTIFY_SEND_POSSIBLE, 0, MACH_PORT_NULL, &prev));
	T_ASSERT_EQ(prev, MACH_PORT_NULL, "fired slot cancels to NULL");
#if MACH_IPC_DEBUG
	T_ASSERT_MACH_SUCCESS(
	    mach_port_dnrequest_info(mach_task_self(), p, &total, &used));
	T_ASSERT_EQ(used, 0, "the slot is free after the cancel");
#endif
	expect_nothing(n);
}

T_DECL(reregister_after_fire,
    "gotcha 14: to be notified again the client re-registers; replacing a "
    "fired slot returns previous NULL")
{
	mach_port_t n = ipc_port(), n2 = ipc_port(), p = armed_port(n), prev;

	ipc_drain_one(p);
	expect_send_possible(n, p);
	T_ASSERT_MACH_SUCCESS(ipc_send(p, 0), "fill again");
	T_ASSERT_MACH_SUCCESS(
	    ipc_request(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n2, &prev));
	T_ASSERT_EQ(prev, MACH_PORT_NULL, "the fired slot had no right");
	expect_names_type(p, ARMED);
	ipc_drain_one(p);
	expect_send_possible(n2, p);
	expect_nothing(n2);
	expect_nothing(n);
}

T_DECL(replacing_armed_request_returns_its_right,
    "gotcha 13: replacing an armed request returns its right; only the new "
    "one fires")
{
	mach_port_t n = ipc_port(), n2 = ipc_port(), p = armed_port(n), prev;

	T_ASSERT_MACH_SUCCESS(
	    ipc_request(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n2, &prev));
	expect_previous_is_send_once(prev, n);
	ipc_drain_one(p);
	expect_send_possible(n2, p);
	expect_nothing(n);
	expect_nothing(n2);
}

T_DECL(send_once_destination_is_never_armed,
    "5.3/gotcha 5: a send through a send-once right ignores qlimit, arms "
    "nothing, and its request is cancelled with PORT_DELETED")
{
	mach_port_t n = ipc_port(), p = ipc_port_send(), so;

	ipc_fill(p);
	so = ipc_send_once(p);
	ipc_request_ok(so, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	T_ASSERT_MACH_SUCCESS(ipc_send_disp(so, MACH_MSG_TYPE_MOVE_SEND_ONCE,
				  MACH_SEND_NOTIFY | MACH_SEND_TIMEOUT, 0, 7),
	    "send-once sends ignore qlimit");
	expect_port_deleted(n, so);
	expect_no_name(so);
	ipc_drain_one(p);
	ipc_drain_one(p);
	expect_nothing(n);
}

T_DECL(moving_last_send_right_does_not_arm,
    "4.9/5.3: a MACH_SEND_NOTIFY send that moves the last send right "
    "leaves no entry to arm: the request is cancelled with PORT_DELETED")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	T_ASSERT_MACH_SUCCESS(ipc_send_disp(p, MACH_MSG_TYPE_MOVE_SEND,
				  MACH_SEND_NOTIFY | MACH_SEND_TIMEOUT, 0, 7),
	    "the queue has room");
	expect_port_deleted(n, p);
	expect_no_name(p);
	expect_nothing(n);
}

T_DECL(move_send_of_send_receive_still_arms,
    "5.3: MOVE_SEND of the last send uref of a SEND|RECEIVE name leaves the "
    "entry (and its request) in place, so a full queue arms it")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();
	const mach_port_type_t bits = MACH_PORT_TYPE_DNREQUEST |
	    MACH_PORT_TYPE_SPREQUEST | MACH_PORT_TYPE_SPREQUEST_DELAYED;

	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	ipc_fill(p);
	T_ASSERT_MACH_ERROR(ipc_send_disp(p, MACH_MSG_TYPE_MOVE_SEND,
				MACH_SEND_NOTIFY | MACH_SEND_TIMEOUT, 0, 8),
	    MACH_SEND_TIMED_OUT);
	T_ASSERT_EQ(ipc_names_type(p) & bits,
	    MACH_PORT_TYPE_DNREQUEST | MACH_PORT_TYPE_SPREQUEST, "armed");
	expect_nothing(n);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	expect_nothing(n);
}
