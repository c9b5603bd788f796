/*
 * port_deleted.c - PORT_DELETED whenever a name loses its last right
 * while its request exists (spec 4.4-4.7, 4.9, gotchas 7, 21).
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.port_deleted"));

T_DECL(deallocate_last_send_uref,
    "4.6: deallocating the last send uref of a name with a request sends "
    "PORT_DELETED(name); earlier urefs send nothing")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	T_ASSERT_MACH_SUCCESS(
	    mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, 1),
	    "2 urefs");
	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), p));
	expect_refs(p, MACH_PORT_RIGHT_SEND, 1);
	expect_type(p, MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	expect_nothing(n);
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), p));
	expect_port_deleted(n, p);
	expect_no_name(p);
	expect_nothing(n);
}

T_DECL(mod_refs_send_to_zero,
    "4.7: mod_refs(SEND) down to zero sends PORT_DELETED")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	T_ASSERT_MACH_SUCCESS(
	    mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, 2));
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	T_ASSERT_MACH_SUCCESS(
	    mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, -3));
	expect_port_deleted(n, p);
	expect_no_name(p);
	expect_nothing(n);
}

T_DECL(destroy_send_right,
    "4.5: mach_port_destroy of a send right with a request sends "
    "PORT_DELETED")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), p));
	expect_port_deleted(n, p);
	expect_no_name(p);
	expect_nothing(n);
}

T_DECL(move_last_send_in_header,
    "4.9: sending a message that moves the last send right (MOVE_SEND "
    "destination) sends PORT_DELETED")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_disp(p, MACH_MSG_TYPE_MOVE_SEND, MACH_SEND_TIMEOUT, 0, 1));
	expect_port_deleted(n, p);
	expect_no_name(p);
	expect_nothing(n);
}

T_DECL(move_last_send_in_descriptor,
    "4.9: moving the last send right in a port descriptor sends "
    "PORT_DELETED")
{
	mach_port_t n = ipc_port(), q = ipc_port_send(), h;
	mach_port_t p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(ipc_send_port(q, p, MACH_MSG_TYPE_MOVE_SEND, 0));
	expect_port_deleted(n, p);
	expect_no_name(p);
	expect_nothing(n);
}

T_DECL(copy_send_keeps_request,
    "4.9: COPY_SEND and MOVE_SEND of a non-last uref keep the request")
{
	mach_port_t n = ipc_port(), q = ipc_port_send(), h;
	mach_port_t p = ipc_send_only(&h);

	T_ASSERT_MACH_SUCCESS(
	    mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, 1));
	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(ipc_send_port(q, p, MACH_MSG_TYPE_COPY_SEND, 0));
	T_ASSERT_MACH_SUCCESS(ipc_send_port(q, p, MACH_MSG_TYPE_MOVE_SEND, 0));
	expect_refs(p, MACH_PORT_RIGHT_SEND, 1);
	expect_type(p, MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	expect_nothing(n);
}

T_DECL(send_through_send_once_with_request,
    "4.9: sending through a send-once right that has a request sends "
    "PORT_DELETED for it")
{
	mach_port_t n = ipc_port(), r = ipc_port(), so = ipc_send_once(r);

	ipc_request_ok(so, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(ipc_send_disp(
	    so, MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_SEND_TIMEOUT, 0, 9));
	expect_port_deleted(n, so);
	expect_no_name(so);
	ipc_drain_one(r);
	expect_nothing(n);
}

T_DECL(deallocate_send_once_orders_notifications,
    "4.6/gotcha 21: deallocating a send-once right with a request sends "
    "SEND_ONCE to its port, then PORT_DELETED to the request")
{
	mach_port_t r = ipc_port(), so = ipc_send_once(r);

	/* One queue for both, to see the order. */
	ipc_request_ok(so, MACH_NOTIFY_DEAD_NAME, 0, r);
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), so));
	expect_send_once(r);
	expect_port_deleted(r, so);
	expect_nothing(r);
}

T_DECL(receive_only_mod_refs,
    "4.7: mod_refs(RECEIVE, -1) on a receive-only name with a request "
    "sends PORT_DELETED and frees the name")
{
	mach_port_t n = ipc_port(), r = ipc_port();

	ipc_request_ok(r, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_receive(r);
	expect_port_deleted(n, r);
	expect_no_name(r);
	expect_nothing(n);
}

T_DECL(receive_only_destroy,
    "4.5: mach_port_destroy on a receive-only name with a request sends "
    "PORT_DELETED, not DEAD_NAME")
{
	mach_port_t n = ipc_port(), r = ipc_port();

	ipc_request_ok(r, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), r));
	expect_port_deleted(n, r);
	expect_no_name(r);
	expect_nothing(n);
}

T_DECL(move_receive_only_right,
    "4.9: moving a receive-only right in a message cancels its request "
    "with PORT_DELETED")
{
	mach_port_t n = ipc_port(), q = ipc_port_send(), r = ipc_port();

	ipc_request_ok(r, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(q, r, MACH_MSG_TYPE_MOVE_RECEIVE, 0));
	expect_port_deleted(n, r);
	expect_no_name(r);
	expect_nothing(n);
}

T_DECL(move_receive_of_send_receive_keeps_request,
    "4.9: moving the receive right of a SEND|RECEIVE name keeps the "
    "request on the remaining send right")
{
	mach_port_t n = ipc_port(), q = ipc_port_send(), p = ipc_port_send();

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(q, p, MACH_MSG_TYPE_MOVE_RECEIVE, 0));
	expect_type(p, MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	expect_refs(p, MACH_PORT_RIGHT_SEND, 1);
	expect_nothing(n);
	/* Destroying q's queue destroys the port: the request fires. */
	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), q));
	expect_dead_name(n, p);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_nothing(n);
}

T_DECL(extract_last_send_right,
    "6.3: mach_port_extract_right(MOVE_SEND) of the last send right sends "
    "PORT_DELETED")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h), x;
	mach_msg_type_name_t t;

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(mach_port_extract_right(
	    mach_task_self(), p, MACH_MSG_TYPE_MOVE_SEND, &x, &t));
	T_ASSERT_EQ(t, MACH_MSG_TYPE_PORT_SEND, "a send right came back");
	expect_port_deleted(n, p);
	expect_type(x, MACH_PORT_TYPE_SEND);
	expect_nothing(n);
}

T_DECL(no_port_deleted_after_death,
    "gotcha 7: when the port died first, deallocating the name sends no "
    "PORT_DELETED (DEAD_NAME came from the port layer)")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h);
	expect_dead_name(n, p);
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), p));
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), p));
	expect_no_name(p);
	expect_nothing(n);
}

T_DECL(deallocate_last_send_orders_no_senders_first,
    "4.6/gotcha 21: deallocating the last send right sends NO_SENDERS "
    "before PORT_DELETED")
{
	mach_port_t n = ipc_port(), h = ipc_port_send(), p = ipc_port_send();

	ipc_request_ok(p, MACH_NOTIFY_NO_SENDERS, 1, n);
	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(h, p, MACH_MSG_TYPE_MOVE_RECEIVE, 0),
	    "park the receive right (mscount resets to 0)");
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), p));
	expect_no_senders(n, 0);
	expect_port_deleted(n, p);
	expect_nothing(n);
}

T_DECL(move_two_send_urefs_dest_and_reply,
    "4.9: a message moving two send urefs of one name (destination and "
    "reply) empties a 2-uref name and sends PORT_DELETED")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);
	mach_msg_header_t m;

	T_ASSERT_MACH_SUCCESS(
	    mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, 1),
	    "2 urefs");
	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	memset(&m, 0, sizeof(m));
	m.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, MACH_MSG_TYPE_MOVE_SEND);
	m.msgh_size = sizeof(m);
	m.msgh_remote_port = p;
	m.msgh_local_port = p;
	m.msgh_id = 3;
	T_ASSERT_MACH_SUCCESS(mach_msg(&m, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
	    sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL));
	expect_port_deleted(n, p);
	expect_no_name(p);
	expect_nothing(n);
}

T_DECL(extract_receive_only_right,
    "6.3/4.9: extract_right(MOVE_RECEIVE) of a receive-only name with a "
    "request sends PORT_DELETED; the right lives on under a new name")
{
	mach_port_t n = ipc_port(), r = ipc_port(), x;
	mach_msg_type_name_t t;

	ipc_request_ok(r, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(mach_port_extract_right(
	    mach_task_self(), r, MACH_MSG_TYPE_MOVE_RECEIVE, &x, &t));
	T_ASSERT_EQ(t, MACH_MSG_TYPE_PORT_RECEIVE);
	expect_port_deleted(n, r);
	expect_type(x, MACH_PORT_TYPE_RECEIVE);
	expect_nothing(n);
}
