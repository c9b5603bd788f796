/*
 * gotchas.c - one test per gotcha of spec section 10, in its order.
 * Other files test the same rules in more depth; these are the short
 * statements a reviewer can hold against the list.
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.gotchas"));

#define SR MACH_PORT_TYPE_SEND_RECEIVE
#define DN MACH_PORT_TYPE_DNREQUEST
#define SP MACH_PORT_TYPE_SPREQUEST
#define SPD MACH_PORT_TYPE_SPREQUEST_DELAYED

T_DECL(g01_lazy_dead_name_conversion,
    "gotcha 1: a failing mod_refs(SEND) still converts a dead entry")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h);
	T_ASSERT_MACH_ERROR(
	    mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, -1),
	    KERN_INVALID_RIGHT);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_dead_name(n, p);
}

T_DECL(g02_extra_uref,
    "gotcha 2: 1 send uref + DN request + death = 2 urefs; deallocate "
    "leaves the 1 the handler releases")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h);
	expect_dead_name(n, p);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), p));
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 1);
}

T_DECL(g03_destroying_own_receive_right,
    "gotcha 3: receive-only -> PORT_DELETED; SEND|RECEIVE -> DEAD_NAME with "
    "urefs + 1; SEND|RECEIVE + pdrequest -> live SEND keeping its request")
{
	mach_port_t n = ipc_port(), r = ipc_port(), p = ipc_port_send();
	mach_port_t q = ipc_port_send(), got;

	ipc_request_ok(r, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_receive(r);
	expect_port_deleted(n, r);
	expect_no_name(r);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_receive(p);
	expect_type(p, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_dead_name(n, p);

	ipc_request_ok(q, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_request_ok(q, MACH_NOTIFY_PORT_DESTROYED, 0, n);
	ipc_kill_receive(q);
	expect_type(q, MACH_PORT_TYPE_SEND | DN);
	got = expect_port_destroyed(n);
	T_ASSERT_EQ(got, q);
	expect_nothing(n);
}

T_DECL(g04_immediate_dead_name_on_dead_name,
    "gotcha 4: on a dead name DN needs sync != 0 (else "
    "KERN_INVALID_ARGUMENT); SP always fires DEAD_NAME; both add a uref")
{
	mach_port_t n = ipc_port(), d = ipc_dead_name(), prev;

	T_ASSERT_MACH_ERROR(ipc_request(d, MACH_NOTIFY_DEAD_NAME, 0, n, &prev),
	    KERN_INVALID_ARGUMENT);
	expect_send_once(n);
	ipc_request_ok(d, MACH_NOTIFY_DEAD_NAME, 1, n);
	expect_dead_name(n, d);
	ipc_request_ok(d, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	expect_dead_name(n, d);
	expect_refs(d, MACH_PORT_RIGHT_DEAD_NAME, 3);
	expect_nothing(n);
}

T_DECL(g05_send_once_fires_send_possible_now,
    "gotcha 5: send-once names fire SP immediately on a full queue and are "
    "never armed by MACH_SEND_NOTIFY")
{
	mach_port_t n = ipc_port(), p = ipc_port_send(), so, so2;

	ipc_fill(p);
	so = ipc_send_once(p);
	ipc_request_ok(so, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	expect_send_possible(n, so);
	so2 = ipc_send_once(p);
	ipc_request_ok(so2, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	expect_names_type(so2, MACH_PORT_TYPE_SEND_ONCE | DN | SP | SPD);
	T_ASSERT_MACH_SUCCESS(ipc_send_disp(so2, MACH_MSG_TYPE_MOVE_SEND_ONCE,
	    MACH_SEND_NOTIFY | MACH_SEND_TIMEOUT, 0, 5));
	expect_port_deleted(n, so2);
	expect_nothing(n);
}

T_DECL(g06_kernel_ports_never_armed,
    "gotcha 6: a kernel-owned port fires SP immediately and a delayed "
    "request on it is never armed")
{
	mach_port_t n = ipc_port(), t = mach_task_self();

	ipc_request_ok(t, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	expect_send_possible(n, t);
	ipc_request_ok(t, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	expect_names_type(t, MACH_PORT_TYPE_SEND | DN | SP | SPD);
	/* An unknown routine: the kernel answers MIG_BAD_ID to nobody. */
	T_ASSERT_MACH_SUCCESS(ipc_send_disp(t, MACH_MSG_TYPE_COPY_SEND,
	    MACH_SEND_NOTIFY | MACH_SEND_TIMEOUT, 0, 99999));
	expect_names_type(t, MACH_PORT_TYPE_SEND | DN | SP | SPD);
	expect_nothing(n);
}

T_DECL(g07_port_deleted_on_last_right,
    "gotcha 7: losing the last right while the request exists sends "
    "PORT_DELETED (here: mach_port_deallocate)")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), p));
	expect_port_deleted(n, p);
	expect_nothing(n);
}

T_DECL(g08_destroy_unconverted_dead_entry,
    "gotcha 8: mach_port_destroy of an unconverted dead entry frees it with "
    "no PORT_DELETED")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h);
	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), p));
	expect_dead_name(n, p);
	expect_no_name(p);
	expect_nothing(n);
}

T_DECL(g09_rename_moves_request_dead_name_is_stale,
    "gotcha 9/4.11: rename moves the request to the new name; a DEAD_NAME "
    "sent before the rename still carries the old name")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);
	mach_port_t h2, p2 = ipc_send_only(&h2);
	const mach_port_t new1 = 0x7703, new2 = 0x7803;

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(mach_port_rename(mach_task_self(), p, new1));
	expect_no_name(p);
	expect_type(new1, MACH_PORT_TYPE_SEND | DN);
	ipc_kill_holder(h);
	expect_dead_name(n, new1);
	expect_refs(new1, MACH_PORT_RIGHT_DEAD_NAME, 2);

	ipc_request_ok(p2, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h2);
	T_ASSERT_MACH_SUCCESS(mach_port_rename(mach_task_self(), p2, new2));
	expect_dead_name(n, p2);
	expect_refs(new2, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_nothing(n);
}

T_DECL(g10_no_senders_not_fired_at_death,
    "gotcha 10: at death the nsrequest gets SEND_ONCE; a rescue keeps it")
{
	mach_port_t n = ipc_port(), nd = ipc_port(), p = ipc_port_send();
	mach_port_t q = ipc_port_send();

	ipc_request_ok(p, MACH_NOTIFY_NO_SENDERS, 1, n);
	ipc_kill_receive(p);
	expect_send_once(n);

	ipc_request_ok(q, MACH_NOTIFY_NO_SENDERS, 1, n);
	ipc_request_ok(q, MACH_NOTIFY_PORT_DESTROYED, 0, nd);
	ipc_kill_receive(q);
	(void)expect_port_destroyed(nd);
	expect_nothing(n);
	T_ASSERT_TRUE(ipc_status(q).mps_nsrequest, "still registered");
}

T_DECL(g11_failed_request_consumes_notify,
    "gotcha 11: a failed request sends SEND_ONCE to the notify port")
{
	mach_port_t n = ipc_port(), prev;

	T_ASSERT_MACH_ERROR(
	    ipc_request(0x12345, MACH_NOTIFY_DEAD_NAME, 0, n, &prev),
	    KERN_INVALID_NAME);
	expect_send_once(n);
	expect_nothing(n);
}

T_DECL(g12_cancel_semantics,
    "gotcha 12: cancel with nothing registered succeeds even on port sets "
    "and dead names; after the port died it is KERN_INVALID_ARGUMENT")
{
	mach_port_t n = ipc_port(), s = ipc_port_set(), d = ipc_dead_name();
	mach_port_t h, p = ipc_send_only(&h), prev;

	T_ASSERT_MACH_SUCCESS(
	    ipc_request(s, MACH_NOTIFY_DEAD_NAME, 0, MACH_PORT_NULL, &prev));
	T_ASSERT_MACH_SUCCESS(ipc_request(
	    d, MACH_NOTIFY_SEND_POSSIBLE, 0, MACH_PORT_NULL, &prev));
	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h);
	T_ASSERT_MACH_ERROR(
	    ipc_request(p, MACH_NOTIFY_DEAD_NAME, 0, MACH_PORT_NULL, &prev),
	    KERN_INVALID_ARGUMENT);
}

T_DECL(g13_replace_is_atomic,
    "gotcha 13: replacing returns the old right and the old request never "
    "fires")
{
	mach_port_t n = ipc_port(), n2 = ipc_port(), r = ipc_port(), prev;
	mach_port_t so = ipc_send_once(r);

	ipc_request_ok(so, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(
	    ipc_request(so, MACH_NOTIFY_DEAD_NAME, 0, n2, &prev));
	expect_previous_is_send_once(prev, n);
	ipc_kill_receive(r);
	expect_dead_name(n2, so);
	expect_nothing(n);
	expect_nothing(n2);
}

T_DECL(g14_fired_slot_lingers,
    "gotcha 14: a fired SP slot shows no type bits and replaces to NULL")
{
	mach_port_t n = ipc_port(), p = ipc_port_send(), prev;

	ipc_fill(p);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	expect_names_type(p, SR);
	T_ASSERT_MACH_SUCCESS(
	    ipc_request(p, MACH_NOTIFY_DEAD_NAME, 0, n, &prev));
	T_ASSERT_EQ(prev, MACH_PORT_NULL);
	expect_names_type(p, SR | DN);
}

T_DECL(g15_unfired_send_possible_becomes_dead_name,
    "gotcha 15: an unfired SP request gets DEAD_NAME at death and the uref")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	ipc_kill_holder(h);
	expect_dead_name(n, p);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_nothing(n);
}

T_DECL(g16_type_masks_send_possible,
    "gotcha 16: mach_port_type hides SPREQUEST(_DELAYED); mach_port_names "
    "shows them; receive rights report them too")
{
	mach_port_t n = ipc_port(), r = ipc_port();

	ipc_request_ok(r, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	expect_type(r, MACH_PORT_TYPE_RECEIVE | DN);
	expect_names_type(r, MACH_PORT_TYPE_RECEIVE | DN | SP | SPD);
}

T_DECL(g17_arming_at_copyin,
    "gotcha 17: MACH_SEND_NOTIFY arms only when the queue is full at "
    "copyin")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();

	ipc_set_qlimit(p, 1);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	T_ASSERT_MACH_SUCCESS(ipc_send(p, MACH_SEND_NOTIFY));
	expect_names_type(p, SR | DN | SP | SPD);
	T_ASSERT_MACH_ERROR(ipc_send(p, MACH_SEND_NOTIFY), MACH_SEND_TIMED_OUT);
	expect_names_type(p, SR | DN | SP);
	expect_nothing(n);
}

T_DECL(g18_firing_on_copyout_only,
    "gotcha 18: raising qlimit and a too-large receive fire nothing; a "
    "real receive fires")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();
	mach_msg_header_t h;

	ipc_fill(p);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	ipc_set_qlimit(p, 2);
	T_ASSERT_MACH_SUCCESS(ipc_send(p, 0), "second message");
	expect_nothing(n);
	memset(&h, 0, sizeof(h));
	T_ASSERT_MACH_ERROR(mach_msg(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, 8,
				p, 0, MACH_PORT_NULL),
	    MACH_RCV_TOO_LARGE);
	expect_nothing(n);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	expect_nothing(n);
}

T_DECL(g19_table_belongs_to_port,
    "gotcha 19: one table per port, indices never move when it grows")
{
	mach_port_t n = ipc_port(), r = ipc_port(), so = ipc_send_once(r);

	ipc_request_ok(so, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(ipc_set_dnrequests_size(r, 64));
	T_ASSERT_EQ(ipc_dnrequests_size(r), 64);
	ipc_request_ok(r, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_receive(r);
	expect_dead_name(n, so);
	expect_port_deleted(n, r);
	expect_refs(so, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_nothing(n);
}

T_DECL(g20_dead_name_order,
    "gotcha 20: DEAD_NAMEs come in ascending slot order; slots are taken "
    "LIFO (1, 3, 2)")
{
	mach_port_t n = ipc_port(), r = ipc_port(), so[3];
	int i;

	for (i = 0; i < 3; i++) {
		so[i] = ipc_send_once(r);
		ipc_request_ok(so[i], MACH_NOTIFY_DEAD_NAME, 0, n);
	}
	ipc_kill_receive(r);
	expect_dead_name(n, so[0]);
	expect_dead_name(n, so[2]);
	expect_dead_name(n, so[1]);
	expect_nothing(n);
}

T_DECL(g21_order_of_notifications,
    "gotcha 21: destroy of SEND|RECEIVE: port death effects (DEAD_NAME), "
    "then NO_SENDERS, then PORT_DELETED")
{
	mach_port_t n = ipc_port(), p = ipc_port_send(), so = ipc_send_once(p);

	ipc_request_ok(so, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_request_ok(p, MACH_NOTIFY_NO_SENDERS, 1, n);
	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), p));
	expect_dead_name(n, so);
	expect_no_senders(n, 1);
	expect_port_deleted(n, p);
	expect_nothing(n);
}

T_DECL(g21_order_for_mod_refs_receive,
    "gotcha 21: mod_refs(RECEIVE): nsrequest SEND_ONCE and DEAD_NAMEs "
    "first, PORT_DELETED last")
{
	mach_port_t n = ipc_port(), r = ipc_port(), so = ipc_send_once(r);

	ipc_request_ok(r, MACH_NOTIFY_NO_SENDERS, 1, n);
	ipc_request_ok(so, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_request_ok(r, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_receive(r);
	expect_send_once(n);
	expect_dead_name(n, so);
	expect_port_deleted(n, r);
	expect_nothing(n);
}

T_DECL(g22_no_senders_sync_threshold,
    "gotcha 22: NO_SENDERS sync is a make-send-count threshold; previous "
    "comes back even when the new request fires now")
{
	mach_port_t n = ipc_port(), n2 = ipc_port(), r = ipc_port(), prev;

	ipc_request_ok(r, MACH_NOTIFY_NO_SENDERS, 1, n);
	expect_nothing(n);
	T_ASSERT_MACH_SUCCESS(
	    ipc_request(r, MACH_NOTIFY_NO_SENDERS, 0, n2, &prev));
	expect_no_senders(n2, 0);
	expect_previous_is_send_once(prev, n);
}

T_DECL(g23_error_precedence,
    "gotcha 23: IP_DEAD notify first; PORT_DESTROYED checks sync before the "
    "name; invalid names differ by msgid")
{
	mach_port_t n = ipc_port(), prev;

	T_ASSERT_MACH_ERROR(
	    ipc_request(0x12345, 4242, 1, MACH_PORT_DEAD, &prev),
	    KERN_INVALID_CAPABILITY);
	T_ASSERT_MACH_ERROR(ipc_request(MACH_PORT_NULL,
				MACH_NOTIFY_PORT_DESTROYED, 1, n, &prev),
	    KERN_INVALID_VALUE);
	expect_send_once(n);
	T_ASSERT_MACH_ERROR(ipc_request(MACH_PORT_NULL,
				MACH_NOTIFY_PORT_DESTROYED, 0, n, &prev),
	    KERN_INVALID_RIGHT);
	expect_send_once(n);
	T_ASSERT_MACH_ERROR(
	    ipc_request(MACH_PORT_NULL, MACH_NOTIFY_DEAD_NAME, 0, n, &prev),
	    KERN_INVALID_ARGUMENT);
	expect_send_once(n);
	T_ASSERT_MACH_ERROR(
	    ipc_request(MACH_PORT_NULL, MACH_NOTIFY_SEND_POSSIBLE, 0, n, &prev),
	    KERN_INVALID_ARGUMENT);
	expect_send_once(n);
	expect_nothing(n);
}

T_DECL(g24_uref_caps,
    "gotcha 24: send urefs cap at 65534, dead names at 65535; converting a "
    "65534-uref send right with a request reaches exactly 65535")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	T_ASSERT_MACH_SUCCESS(mach_port_mod_refs(
	    mach_task_self(), p, MACH_PORT_RIGHT_SEND, 65533));
	T_ASSERT_MACH_ERROR(
	    mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, 1),
	    KERN_UREFS_OVERFLOW);
	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 65535);
	T_ASSERT_MACH_ERROR(mach_port_mod_refs(mach_task_self(), p,
				MACH_PORT_RIGHT_DEAD_NAME, 1),
	    KERN_UREFS_OVERFLOW);
	expect_dead_name(n, p);
}

T_DECL(g25_mscount_resets,
    "gotcha 25: mscount resets when the receive right moves or is rescued")
{
	mach_port_t q = ipc_port_send(), nd = ipc_port(), p = ipc_port_send();
	mach_port_t got;

	T_ASSERT_EQ(ipc_status(p).mps_mscount, 1);
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(q, p, MACH_MSG_TYPE_MOVE_RECEIVE, 0));
	got = ipc_recv_port(q, 0, NULL);
	T_ASSERT_EQ(got, p);
	T_ASSERT_EQ(ipc_status(p).mps_mscount, 0, "after a move");

	T_ASSERT_MACH_SUCCESS(mach_port_insert_right(
	    mach_task_self(), p, p, MACH_MSG_TYPE_MAKE_SEND));
	T_ASSERT_EQ(ipc_status(p).mps_mscount, 1);
	ipc_request_ok(p, MACH_NOTIFY_PORT_DESTROYED, 0, nd);
	ipc_kill_receive(p);
	got = expect_port_destroyed(nd);
	T_ASSERT_EQ(got, p);
	T_ASSERT_EQ(ipc_status(p).mps_mscount, 0, "after a rescue");
}

T_DECL(g21_order_at_port_death,
    "2.9/gotcha 21: at death: nsrequest SEND_ONCE, then the queued "
    "messages' rights (here NO_SENDERS), then DEAD_NAMEs, then "
    "PORT_DELETED")
{
	mach_port_t n = ipc_port(), r = ipc_port_send(), q = ipc_port();
	mach_port_t so;

	ipc_request_ok(q, MACH_NOTIFY_NO_SENDERS, 1, n);
	T_ASSERT_MACH_SUCCESS(ipc_send_port(r, q, MACH_MSG_TYPE_MAKE_SEND, 0),
	    "a queued message holds q's only send right");
	T_ASSERT_MACH_SUCCESS(
	    mach_port_deallocate(mach_task_self(), r), "r is receive-only now");
	so = ipc_send_once(r);
	ipc_request_ok(r, MACH_NOTIFY_NO_SENDERS, 2, n);
	ipc_request_ok(so, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_request_ok(r, MACH_NOTIFY_DEAD_NAME, 0, n);
	expect_nothing(n);
	ipc_kill_receive(r);
	expect_send_once(n);
	expect_no_senders(n, 1);
	expect_dead_name(n, so);
	expect_port_deleted(n, r);
	expect_nothing(n);
}

T_DECL(notifications_ignore_qlimit,
    "3: notifications never block and ignore the notify port's qlimit")
{
	mach_port_t n = ipc_port(), r = ipc_port();
	int i;

	ipc_set_qlimit(n, 1);
	for (i = 0; i < 3; i++) {
		T_QUIET;
		T_ASSERT_MACH_SUCCESS(
		    mach_port_deallocate(mach_task_self(), ipc_send_once(n)));
	}
	ipc_request_ok(r, MACH_NOTIFY_NO_SENDERS, 0, n);
	T_ASSERT_EQ(ipc_status(n).mps_msgcount, 4, "all queued past qlimit 1");
	for (i = 0; i < 3; i++) {
		expect_send_once(n);
	}
	expect_no_senders(n, 0);
	expect_nothing(n);
}
