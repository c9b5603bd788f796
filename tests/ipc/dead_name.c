/*
 * dead_name.c - dead-name notifications and the lazy conversion of a name
 * whose port died (spec 2.7, 4.3, 5.5, gotchas 1, 2, 8, 15).
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.dead_name"));

T_DECL(dead_name_message_format,
    "7: DEAD_NAME is id 72, 36 bytes, bits 0x1200, remote NULL, local = "
    "the notify port, NDR, the requester's name, default trailer")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	expect_nothing(n);
	ipc_kill_holder(h);
	expect_dead_name(n, p);
	expect_nothing(n);
}

T_DECL(death_converts_send_right_with_extra_uref,
    "4.3/gotcha 2: 1 send uref + request + death = 2 dead-name urefs; "
    "deallocate twice frees the name")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h);
	expect_dead_name(n, p);
	expect_type(p, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_refs(p, MACH_PORT_RIGHT_SEND, 0);
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), p),
	    "release the notification's uref");
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 1);
	T_ASSERT_MACH_SUCCESS(
	    mach_port_deallocate(mach_task_self(), p), "release the last uref");
	expect_no_name(p);
	expect_nothing(n);
}

T_DECL(death_without_request_keeps_urefs,
    "4.3: without a request, death converts the name keeping its send "
    "urefs, and nothing is sent")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	T_ASSERT_MACH_SUCCESS(
	    mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, 2),
	    "3 send urefs");
	ipc_kill_holder(h);
	expect_type(p, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 3);
	expect_nothing(n);
}

T_DECL(send_once_name_dies_with_request,
    "4.3: a send-once name with a request becomes a dead name with 2 urefs "
    "(1 + the request's) and gets DEAD_NAME")
{
	mach_port_t n = ipc_port(), r = ipc_port(), so = ipc_send_once(r);

	ipc_request_ok(so, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_receive(r);
	expect_dead_name(n, so);
	expect_type(so, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(so, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_nothing(n);
}

T_DECL(unfired_send_possible_becomes_dead_name,
    "2.7/5.5/gotcha 15: a delayed send-possible request gets DEAD_NAME "
    "(never SEND_POSSIBLE) at death, and earns the uref")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	ipc_kill_holder(h);
	expect_dead_name(n, p);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_nothing(n);
}

T_DECL(armed_send_possible_becomes_dead_name,
    "5.5: an armed send-possible request gets DEAD_NAME at death")
{
	mach_port_t n = ipc_port(), p = ipc_port_send(), h = ipc_port_send();

	ipc_fill(p);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	expect_names_type(p,
	    MACH_PORT_TYPE_SEND_RECEIVE | MACH_PORT_TYPE_DNREQUEST |
		MACH_PORT_TYPE_SPREQUEST);
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(h, p, MACH_MSG_TYPE_MOVE_RECEIVE, 0),
	    "park the receive right; the request stays on the send right");
	expect_type(p, MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	expect_nothing(n);
	ipc_kill_holder(h);
	expect_dead_name(n, p);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_nothing(n);
}

T_DECL(fired_send_possible_gets_nothing_at_death,
    "5.1/5.5: a fired send-possible slot produces nothing at death and "
    "earns no uref")
{
	mach_port_t n = ipc_port(), p = ipc_port_send(), h = ipc_port_send();

	ipc_fill(p);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(h, p, MACH_MSG_TYPE_MOVE_RECEIVE, 0),
	    "park the receive right");
	ipc_kill_holder(h);
	expect_type(p, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 1);
	expect_nothing(n);
}

T_DECL(mod_refs_send_on_dead_port_converts_and_fails,
    "gotcha 1: mod_refs(SEND, -1) on a name whose port died converts it "
    "and returns KERN_INVALID_RIGHT")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h);
	expect_dead_name(n, p);
	T_ASSERT_MACH_ERROR(
	    mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, -1),
	    KERN_INVALID_RIGHT);
	expect_names_type(p, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_nothing(n);
}

T_DECL(mod_refs_send_once_on_dead_port_converts_and_fails,
    "gotcha 1: mod_refs(SEND_ONCE, -1) on a dead send-once name converts "
    "it and returns KERN_INVALID_RIGHT")
{
	mach_port_t n = ipc_port(), r = ipc_port(), so = ipc_send_once(r);

	ipc_kill_receive(r);
	T_ASSERT_MACH_ERROR(mach_port_mod_refs(mach_task_self(), so,
				MACH_PORT_RIGHT_SEND_ONCE, -1),
	    KERN_INVALID_RIGHT);
	expect_names_type(so, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(so, MACH_PORT_RIGHT_DEAD_NAME, 1);
	expect_nothing(n);
}

T_DECL(names_reports_unconverted_dead_entry_as_dead_name,
    "6.4: mach_port_names reports a send entry whose port died as "
    "DEAD_NAME without request bits, before any conversion")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	expect_names_type(p, MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	ipc_kill_holder(h);
	expect_names_type(p, MACH_PORT_TYPE_DEAD_NAME);
	expect_dead_name(n, p);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
}

T_DECL(destroy_unconverted_dead_entry_sends_nothing,
    "4.5/gotcha 8: mach_port_destroy of an unconverted dead entry frees "
    "the name with no PORT_DELETED")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h);
	expect_dead_name(n, p);
	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), p));
	expect_no_name(p);
	expect_nothing(n);
}

T_DECL(dead_name_notify_carries_no_right,
    "gotcha 9: a dead-name notification carries a name, not a right: the "
    "message is simple and receiving it adds no right")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);
	ipc_msg_buf_t m;

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h);
	ipc_recv_notification(
	    n, MACH_NOTIFY_DEAD_NAME, NOTIFY_NAME_SIZE, false, &m);
	T_ASSERT_FALSE(m.hdr.msgh_bits & MACH_MSGH_BITS_COMPLEX, "simple");
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
}

T_DECL(dead_notify_port_swallows_notification,
    "3: a DEAD_NAME for a notify port that died is destroyed silently; the "
    "name still earns the uref")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), n),
	    "the notify port dies first");
	ipc_kill_holder(h);
	expect_type(p, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
}

T_DECL(dead_rights_in_descriptors,
    "4.9: in a message body a dead send right travels as MACH_PORT_DEAD: "
    "COPY_SEND consumes no uref, MOVE_SEND consumes one")
{
	mach_port_t q = ipc_port_send(), h, p = ipc_send_only(&h), got;

	T_ASSERT_MACH_SUCCESS(
	    mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, 1),
	    "2 urefs");
	ipc_kill_holder(h);
	T_ASSERT_MACH_SUCCESS(ipc_send_port(q, p, MACH_MSG_TYPE_COPY_SEND, 0));
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	got = ipc_recv_port(q, 0, NULL);
	T_ASSERT_EQ(got, MACH_PORT_DEAD, "a dead right arrives as DEAD");
	T_ASSERT_MACH_SUCCESS(ipc_send_port(q, p, MACH_MSG_TYPE_MOVE_SEND, 0));
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 1);
	got = ipc_recv_port(q, 0, NULL);
	T_ASSERT_EQ(got, MACH_PORT_DEAD);
}

T_DECL(deallocate_dead_send_once_leaves_the_extra_uref,
    "4.6: deallocating a send-once name whose port died converts it (1 + 1 "
    "for the request) and leaves one dead-name uref")
{
	mach_port_t n = ipc_port(), r = ipc_port(), so = ipc_send_once(r);

	ipc_request_ok(so, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_receive(r);
	expect_dead_name(n, so);
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), so));
	expect_type(so, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(so, MACH_PORT_RIGHT_DEAD_NAME, 1);
	expect_nothing(n);
}

T_DECL(nested_death_order,
    "2.9: a dying port destroys its queued messages before its dead-name "
    "notifications: a receive right queued in it dies first")
{
	mach_port_t n = ipc_port(), h = ipc_port_send(), p = ipc_port_send();
	mach_port_t q = ipc_port_send();

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_request_ok(q, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(p, q, MACH_MSG_TYPE_MOVE_RECEIVE, 0),
	    "q's receive right waits in p's queue");
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(h, p, MACH_MSG_TYPE_MOVE_RECEIVE, 0),
	    "p's receive right waits in h's queue");
	expect_nothing(n);
	ipc_kill_holder(h);
	expect_dead_name(n, q);
	expect_dead_name(n, p);
	expect_nothing(n);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_refs(q, MACH_PORT_RIGHT_DEAD_NAME, 2);
}
