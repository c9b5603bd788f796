/*
 * port_destroyed.c - port-destroyed requests and the rescue of a receive
 * right (spec 2.9, 2.10, 4.7, 6.1, decision 5, gotchas 3, 10, 25).
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.port_destroyed"));

T_DECL(port_destroyed_message_format,
    "7: PORT_DESTROYED is id 69, complex (bits 0x80001200), 40 bytes, a "
    "body of one receive-right descriptor and no NDR")
{
	mach_port_t n = ipc_port(), r = ipc_port(), got;

	ipc_request_ok(r, MACH_NOTIFY_PORT_DESTROYED, 0, n);
	ipc_kill_receive(r);
	got = expect_port_destroyed(n);
	expect_type(got, MACH_PORT_TYPE_RECEIVE);
	expect_nothing(n);
}

T_DECL(rescue_keeps_the_port_alive,
    "2.9: with a pdrequest, destroying the receive right hands it to the "
    "notify port; the port still works")
{
	mach_port_t n = ipc_port(), r = ipc_port_send(), got;

	T_ASSERT_MACH_SUCCESS(ipc_send(r, 0), "a message waits in the queue");
	ipc_request_ok(r, MACH_NOTIFY_PORT_DESTROYED, 0, n);
	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), r));
	expect_no_name(r);
	got = expect_port_destroyed(n);
	ipc_drain_one(got);
	expect_nothing(got);
	expect_nothing(n);
}

T_DECL(rescue_of_send_receive_keeps_send_and_request,
    "4.7/gotcha 3: mod_refs(RECEIVE) on SEND|RECEIVE with a pdrequest "
    "leaves a live SEND right that keeps its request")
{
	mach_port_t n = ipc_port(), nd = ipc_port(), p = ipc_port_send(), got;

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, nd);
	ipc_request_ok(p, MACH_NOTIFY_PORT_DESTROYED, 0, n);
	ipc_kill_receive(p);
	expect_type(p, MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	expect_refs(p, MACH_PORT_RIGHT_SEND, 1);
	got = expect_port_destroyed(n);
	T_ASSERT_EQ(got, p, "the receive right joins the send right's name");
	expect_type(p, MACH_PORT_TYPE_SEND_RECEIVE | MACH_PORT_TYPE_DNREQUEST);
	expect_nothing(nd);

	/* No pdrequest any more: the next destruction kills it. */
	ipc_kill_receive(p);
	expect_dead_name(nd, p);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_nothing(nd);
	expect_nothing(n);
}

T_DECL(send_receive_without_pdrequest_dies,
    "4.7/gotcha 3: mod_refs(RECEIVE) on SEND|RECEIVE with a request and no "
    "pdrequest makes a dead name with send urefs + 1 and DEAD_NAME")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();

	T_ASSERT_MACH_SUCCESS(
	    mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, 2),
	    "3 send urefs");
	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_receive(p);
	expect_type(p, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 4);
	expect_dead_name(n, p);
	expect_nothing(n);
}

T_DECL(send_receive_fired_slot_earns_no_uref,
    "decision 5: mod_refs(RECEIVE) on SEND|RECEIVE whose send-possible "
    "slot fired adds no uref and sends nothing")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();

	ipc_fill(p);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	ipc_kill_receive(p);
	expect_type(p, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 1);
	expect_nothing(n);
}

T_DECL(receive_only_rescue_cancels_own_request,
    "4.7: a receive-only name with a request and a pdrequest: PORT_DESTROYED "
    "carries the right, then PORT_DELETED for the freed name")
{
	mach_port_t n = ipc_port(), r = ipc_port(), got;

	ipc_request_ok(r, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_request_ok(r, MACH_NOTIFY_PORT_DESTROYED, 0, n);
	ipc_kill_receive(r);
	got = expect_port_destroyed(n);
	expect_port_deleted(n, r);
	expect_type(got, MACH_PORT_TYPE_RECEIVE);
	expect_nothing(n);
}

T_DECL(rescue_keeps_no_senders_request,
    "2.9/gotcha 10/25: a rescue keeps the nsrequest and resets mscount, so "
    "NO_SENDERS later carries 0")
{
	mach_port_t n = ipc_port(), nn = ipc_port(), p = ipc_port_send(), got;

	ipc_request_ok(p, MACH_NOTIFY_NO_SENDERS, 1, nn);
	T_ASSERT_EQ(ipc_status(p).mps_mscount, 1, "one MAKE_SEND");
	ipc_request_ok(p, MACH_NOTIFY_PORT_DESTROYED, 0, n);
	ipc_kill_receive(p);
	got = expect_port_destroyed(n);
	T_ASSERT_EQ(got, p, "merged with the send right");
	T_ASSERT_EQ(ipc_status(p).mps_mscount, 0, "mscount reset");
	T_ASSERT_TRUE(ipc_status(p).mps_nsrequest, "nsrequest kept");
	expect_nothing(nn);
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), p));
	expect_no_senders(nn, 0);
	expect_nothing(nn);
	expect_nothing(n);
}

T_DECL(no_senders_request_gets_send_once_at_death,
    "2.9/gotcha 10: when the port dies the no-senders request is not fired: "
    "its right gets SEND_ONCE")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();

	ipc_request_ok(p, MACH_NOTIFY_NO_SENDERS, 1, n);
	ipc_kill_receive(p);
	expect_send_once(n);
	expect_nothing(n);
	expect_type(p, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 1);
}

T_DECL(pdrequest_replace_and_cancel,
    "2.10/6.1: a second pdrequest returns the first right; NULL cancels and "
    "returns the current one")
{
	mach_port_t n = ipc_port(), n2 = ipc_port(), r = ipc_port(), prev;

	ipc_request_ok(r, MACH_NOTIFY_PORT_DESTROYED, 0, n);
	T_ASSERT_TRUE(ipc_status(r).mps_pdrequest, "registered");
	T_ASSERT_MACH_SUCCESS(
	    ipc_request(r, MACH_NOTIFY_PORT_DESTROYED, 0, n2, &prev));
	expect_previous_is_send_once(prev, n);
	T_ASSERT_MACH_SUCCESS(ipc_request(
	    r, MACH_NOTIFY_PORT_DESTROYED, 0, MACH_PORT_NULL, &prev));
	expect_previous_is_send_once(prev, n2);
	T_ASSERT_FALSE(ipc_status(r).mps_pdrequest, "cleared");
	ipc_kill_receive(r);
	expect_no_name(r);
	expect_nothing(n);
	expect_nothing(n2);
}

T_DECL(rescue_sends_nothing_to_other_requests,
    "2.9: a rescue leaves the request table untouched: no DEAD_NAME for "
    "send rights with requests")
{
	mach_port_t n = ipc_port(), nd = ipc_port(), r = ipc_port(), got;
	mach_port_t so = ipc_send_once(r);

	ipc_request_ok(so, MACH_NOTIFY_DEAD_NAME, 0, nd);
	ipc_request_ok(r, MACH_NOTIFY_PORT_DESTROYED, 0, n);
	ipc_kill_receive(r);
	got = expect_port_destroyed(n);
	expect_nothing(nd);
	expect_type(so, MACH_PORT_TYPE_SEND_ONCE | MACH_PORT_TYPE_DNREQUEST);
	/* The rescued port dies for real now. */
	ipc_kill_receive(got);
	expect_dead_name(nd, so);
	expect_refs(so, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_nothing(nd);
}
