/*
 * no_senders.c - no-senders requests: the make-send-count threshold, the
 * one-shot firing when send rights reach zero, mscount resets
 * (spec 2.10, 4.5, 6.1, gotchas 22, 25).
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.no_senders"));

static void
make_send(mach_port_t p)
{
	T_QUIET;
	T_ASSERT_MACH_SUCCESS(mach_port_insert_right(mach_task_self(), p, p,
				  MACH_MSG_TYPE_MAKE_SEND),
	    "MAKE_SEND");
}

T_DECL(no_senders_message_format,
    "7: NO_SENDERS is id 70, 36 bytes, bits 0x1200, NDR and the mscount")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();

	ipc_request_ok(p, MACH_NOTIFY_NO_SENDERS, 0, n);
	expect_nothing(n);
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), p));
	expect_no_senders(n, 1);
	expect_nothing(n);
	T_ASSERT_FALSE(ipc_status(p).mps_nsrequest, "one-shot");
}

T_DECL(sync_zero_fires_now_without_senders,
    "6.1: sync 0 on a port with no send rights fires at once with mscount")
{
	mach_port_t n = ipc_port(), r = ipc_port();

	ipc_request_ok(r, MACH_NOTIFY_NO_SENDERS, 0, n);
	expect_no_senders(n, 0);
	T_ASSERT_FALSE(ipc_status(r).mps_nsrequest, "nothing registered");
	expect_nothing(n);
}

T_DECL(sync_is_a_make_send_threshold,
    "6.1/gotcha 22: sync above mscount registers; the request fires when "
    "the last send right goes, with the mscount of that moment")
{
	mach_port_t n = ipc_port(), r = ipc_port();

	ipc_request_ok(r, MACH_NOTIFY_NO_SENDERS, 2, n);
	expect_nothing(n);
	T_ASSERT_TRUE(ipc_status(r).mps_nsrequest, "registered");
	make_send(r);
	make_send(r);
	T_ASSERT_EQ(ipc_status(r).mps_mscount, 2, "two MAKE_SENDs");
	expect_refs(r, MACH_PORT_RIGHT_SEND, 2);
	T_ASSERT_MACH_SUCCESS(
	    mach_port_mod_refs(mach_task_self(), r, MACH_PORT_RIGHT_SEND, -1));
	expect_nothing(n);
	T_ASSERT_MACH_SUCCESS(
	    mach_port_mod_refs(mach_task_self(), r, MACH_PORT_RIGHT_SEND, -1));
	expect_no_senders(n, 2);
	expect_nothing(n);
}

T_DECL(sync_at_mscount_fires_now,
    "6.1: with no senders and sync <= mscount the request fires at once")
{
	mach_port_t n = ipc_port(), r = ipc_port_send();

	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), r));
	ipc_request_ok(r, MACH_NOTIFY_NO_SENDERS, 1, n);
	expect_no_senders(n, 1);
	ipc_request_ok(r, MACH_NOTIFY_NO_SENDERS, 2, n);
	expect_nothing(n);
}

T_DECL(previous_returned_when_firing_now,
    "gotcha 22: previous is returned even when the new request fires at "
    "once")
{
	mach_port_t n = ipc_port(), n2 = ipc_port(), r = ipc_port(), prev;

	ipc_request_ok(r, MACH_NOTIFY_NO_SENDERS, 5, n);
	T_ASSERT_MACH_SUCCESS(
	    ipc_request(r, MACH_NOTIFY_NO_SENDERS, 0, n2, &prev));
	expect_no_senders(n2, 0);
	expect_previous_is_send_once(prev, n);
	expect_nothing(n);
	expect_nothing(n2);
}

T_DECL(no_fire_while_send_right_in_flight,
    "2.10: a send right queued in a message still counts: NO_SENDERS waits "
    "until the message is destroyed")
{
	mach_port_t n = ipc_port(), q = ipc_port_send(), r = ipc_port();

	ipc_request_ok(r, MACH_NOTIFY_NO_SENDERS, 1, n);
	T_ASSERT_MACH_SUCCESS(ipc_send_port(q, r, MACH_MSG_TYPE_MAKE_SEND, 0));
	expect_nothing(n);
	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), q),
	    "destroy the queued message");
	expect_no_senders(n, 1);
	expect_nothing(n);
}

T_DECL(mscount_resets_when_receive_moves,
    "gotcha 25: moving the receive right resets mscount to 0")
{
	mach_port_t q = ipc_port_send(), r = ipc_port_send(), got;

	make_send(r);
	T_ASSERT_EQ(ipc_status(r).mps_mscount, 2);
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(q, r, MACH_MSG_TYPE_MOVE_RECEIVE, 0));
	got = ipc_recv_port(q, 0, NULL);
	T_ASSERT_EQ(got, r, "the receive right joins its send right");
	T_ASSERT_EQ(ipc_status(r).mps_mscount, 0, "mscount reset");
	T_ASSERT_EQ(ipc_status(r).mps_seqno, 0, "seqno reset");
}

T_DECL(destroy_send_receive_with_nsrequest,
    "4.5: destroying a SEND|RECEIVE name holding the last send right gives "
    "NO_SENDERS (not SEND_ONCE) and destroys the port")
{
	mach_port_t n = ipc_port(), r = ipc_port_send();

	ipc_request_ok(r, MACH_NOTIFY_NO_SENDERS, 1, n);
	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), r));
	expect_no_senders(n, 1);
	expect_nothing(n);
	expect_no_name(r);
}

T_DECL(deallocate_send_of_send_receive_keeps_receive,
    "4.6: deallocating the last send uref of SEND|RECEIVE leaves RECEIVE "
    "and fires NO_SENDERS")
{
	mach_port_t n = ipc_port(), r = ipc_port_send();

	ipc_request_ok(r, MACH_NOTIFY_NO_SENDERS, 1, n);
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), r));
	expect_type(r, MACH_PORT_TYPE_RECEIVE);
	expect_no_senders(n, 1);
	expect_nothing(n);
}

T_DECL(no_senders_needs_receive_right,
    "6.1: NO_SENDERS on a send-only name is KERN_INVALID_RIGHT (and the "
    "notify right gets SEND_ONCE)")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h), prev;

	T_ASSERT_MACH_ERROR(ipc_request(p, MACH_NOTIFY_NO_SENDERS, 0, n, &prev),
	    KERN_INVALID_RIGHT);
	expect_send_once(n);
	expect_nothing(n);
}
