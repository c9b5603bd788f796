/*
 * request_alloc.c - every row of the decision table of
 * ipc_right_request_alloc (spec 4.1), seen through
 * mach_port_request_notification(DEAD_NAME / SEND_POSSIBLE).
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.request_alloc"));

T_DECL(cancel_nothing_succeeds_on_any_entry,
    "4.1 row 1: notify NULL with no request succeeds with previous NULL on "
    "receive, send-once, port-set and dead names (no type check)")
{
	mach_port_t p = ipc_port_send();
	mach_port_t names[4] = {
	    ipc_port(), ipc_send_once(p), ipc_port_set(), ipc_dead_name()};
	mach_msg_id_t ids[2] = {
	    MACH_NOTIFY_DEAD_NAME, MACH_NOTIFY_SEND_POSSIBLE};
	mach_port_t prev;
	int i, j;

	for (i = 0; i < 4; i++) {
		for (j = 0; j < 2; j++) {
			T_EXPECT_MACH_SUCCESS(ipc_request(names[i], ids[j], 0,
						  MACH_PORT_NULL, &prev),
			    "cancel %s on 0x%x", ipc_notify_name(ids[j]),
			    names[i]);
			T_EXPECT_EQ(prev, MACH_PORT_NULL, "previous is NULL");
		}
	}
	expect_refs(names[3], MACH_PORT_RIGHT_DEAD_NAME, 1);
	expect_nothing(p);
}

T_DECL(cancel_returns_registered_right,
    "4.1 row 2: cancelling a live request returns its send-once right as "
    "previous and clears DNREQUEST")
{
	mach_port_t n = ipc_port(), p = ipc_port_send(), prev;

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	expect_type(p, MACH_PORT_TYPE_SEND_RECEIVE | MACH_PORT_TYPE_DNREQUEST);
	T_ASSERT_MACH_SUCCESS(
	    ipc_request(p, MACH_NOTIFY_DEAD_NAME, 0, MACH_PORT_NULL, &prev),
	    "cancel");
	expect_type(p, MACH_PORT_TYPE_SEND_RECEIVE);
	expect_refs(p, MACH_PORT_RIGHT_SEND, 1);
	expect_previous_is_send_once(prev, n);
	expect_nothing(n);
}

T_DECL(cancel_fired_send_possible_returns_null,
    "4.1 row 2: cancelling a fired send-possible slot returns previous NULL")
{
	mach_port_t n = ipc_port(), p = ipc_port_send(), prev;

	ipc_fill(p);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	expect_nothing(n);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	T_ASSERT_MACH_SUCCESS(
	    ipc_request(p, MACH_NOTIFY_SEND_POSSIBLE, 0, MACH_PORT_NULL, &prev),
	    "cancel the fired request");
	T_ASSERT_EQ(prev, MACH_PORT_NULL, "a fired slot has no right");
	expect_nothing(n);
}

T_DECL(dead_name_request_registers_whatever_sync,
    "4.1 row 3: a dead-name request on a live port registers for any sync; "
    "replacing returns the old right, which never fires")
{
	mach_port_t n = ipc_port(), n2 = ipc_port(), p = ipc_port_send(), prev;

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	expect_nothing(n);
	T_ASSERT_MACH_SUCCESS(
	    ipc_request(p, MACH_NOTIFY_DEAD_NAME, 5, n2, &prev),
	    "replace with sync 5");
	expect_type(p, MACH_PORT_TYPE_SEND_RECEIVE | MACH_PORT_TYPE_DNREQUEST);
	expect_previous_is_send_once(prev, n);

	ipc_kill_receive(p);
	expect_dead_name(n2, p);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_nothing(n2);
	expect_nothing(n);
}

T_DECL(send_possible_immediate_fires_when_queue_has_room,
    "4.1 row 4: immediate send-possible on a non-full queue fires now, "
    "registers nothing, and returns the replaced request's right")
{
	mach_port_t n = ipc_port(), n2 = ipc_port(), p = ipc_port_send(), prev;

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(
	    ipc_request(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n2, &prev),
	    "immediate send-possible");
	expect_send_possible(n2, p);
	expect_type(p, MACH_PORT_TYPE_SEND_RECEIVE);
	expect_names_type(p, MACH_PORT_TYPE_SEND_RECEIVE);
	expect_previous_is_send_once(prev, n);
	expect_nothing(n);
	expect_nothing(n2);
}

T_DECL(send_possible_immediate_fires_for_send_once_entry,
    "4.1 row 4: immediate send-possible on a send-once name fires even "
    "when the queue is full")
{
	mach_port_t n = ipc_port(), p = ipc_port_send(), so;

	ipc_fill(p);
	so = ipc_send_once(p);
	ipc_request_ok(so, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	expect_send_possible(n, so);
	expect_type(so, MACH_PORT_TYPE_SEND_ONCE);
	expect_nothing(n);
}

T_DECL(send_possible_immediate_fires_for_kernel_port,
    "4.1 row 4: immediate send-possible on a kernel-owned port fires now")
{
	mach_port_t n = ipc_port(), t = mach_task_self();

	ipc_request_ok(t, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	expect_send_possible(n, t);
	expect_type(t, MACH_PORT_TYPE_SEND);
	expect_nothing(n);
}

T_DECL(send_possible_immediate_arms_on_full_queue,
    "4.1 row 5: immediate send-possible on a full user queue registers "
    "armed (DN|SP, not DELAYED) and fires on the next receive")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();

	ipc_fill(p);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	expect_nothing(n);
	expect_names_type(p,
	    MACH_PORT_TYPE_SEND_RECEIVE | MACH_PORT_TYPE_DNREQUEST |
		MACH_PORT_TYPE_SPREQUEST);
	expect_type(p, MACH_PORT_TYPE_SEND_RECEIVE | MACH_PORT_TYPE_DNREQUEST);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	expect_nothing(n);
}

T_DECL(send_possible_delayed_registers_delayed,
    "4.1 row 6: send-possible with sync 0 registers delayed and a receive "
    "does not fire it")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();

	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	expect_nothing(n);
	expect_names_type(p,
	    MACH_PORT_TYPE_SEND_RECEIVE | MACH_PORT_TYPE_DNREQUEST |
		MACH_PORT_TYPE_SPREQUEST | MACH_PORT_TYPE_SPREQUEST_DELAYED);
	T_ASSERT_MACH_SUCCESS(ipc_send(p, 0), "send");
	ipc_drain_one(p);
	expect_nothing(n);
}

T_DECL(dead_port_immediate_request_converts_and_notifies,
    "4.1 row 7: an immediate dead-name request on a port that died "
    "converts the name and sends DEAD_NAME with one more uref")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h), prev;

	ipc_kill_holder(h);
	expect_nothing(n);
	T_ASSERT_MACH_SUCCESS(
	    ipc_request(p, MACH_NOTIFY_DEAD_NAME, 1, n, &prev),
	    "request on a dead port");
	T_ASSERT_EQ(prev, MACH_PORT_NULL, "previous NULL");
	expect_dead_name(n, p);
	expect_type(p, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_nothing(n);
}

T_DECL(dead_port_with_request_earns_both_urefs,
    "4.1 row 7: with an unfired request the conversion adds one uref and "
    "the immediate DEAD_NAME another; previous stays NULL")
{
	mach_port_t n = ipc_port(), n2 = ipc_port(), h, p, prev;

	p = ipc_send_only(&h);
	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h);
	expect_dead_name(n, p);
	T_ASSERT_MACH_SUCCESS(
	    ipc_request(p, MACH_NOTIFY_DEAD_NAME, 1, n2, &prev),
	    "request on the dead port");
	T_ASSERT_EQ(prev, MACH_PORT_NULL, "the old right is not returned");
	expect_dead_name(n2, p);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 3);
	expect_nothing(n);
	expect_nothing(n2);
}

T_DECL(dead_port_send_possible_any_sync_gives_dead_name,
    "4.1 row 7: a send-possible request with sync 0 on a dead port is "
    "answered with DEAD_NAME at once")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h), prev;

	ipc_kill_holder(h);
	T_ASSERT_MACH_SUCCESS(
	    ipc_request(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n, &prev),
	    "delayed send-possible on a dead port");
	T_ASSERT_EQ(prev, MACH_PORT_NULL, "previous NULL");
	expect_dead_name(n, p);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_nothing(n);
}

T_DECL(dead_port_cancel_converts_and_fails,
    "4.1 row 8: cancelling after the port died converts the name (+1 uref) "
    "and returns KERN_INVALID_ARGUMENT")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h), prev;

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h);
	expect_dead_name(n, p);
	T_ASSERT_MACH_ERROR(
	    ipc_request(p, MACH_NOTIFY_DEAD_NAME, 0, MACH_PORT_NULL, &prev),
	    KERN_INVALID_ARGUMENT, "cancel after death");
	expect_type(p, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_nothing(n);
}

T_DECL(dead_name_immediate_requests_notify,
    "4.1 row 9: on a dead name, DN with sync != 0 and SP with any sync add "
    "a uref and send DEAD_NAME")
{
	mach_port_t n = ipc_port(), d = ipc_dead_name();

	ipc_request_ok(d, MACH_NOTIFY_DEAD_NAME, 1, n);
	expect_dead_name(n, d);
	expect_refs(d, MACH_PORT_RIGHT_DEAD_NAME, 2);
	ipc_request_ok(d, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	expect_dead_name(n, d);
	expect_refs(d, MACH_PORT_RIGHT_DEAD_NAME, 3);
	ipc_request_ok(d, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	expect_dead_name(n, d);
	expect_refs(d, MACH_PORT_RIGHT_DEAD_NAME, 4);
	expect_nothing(n);
}

T_DECL(dead_name_immediate_request_overflows,
    "4.1 row 9: at 65535 dead-name urefs the immediate path fails with "
    "KERN_UREFS_OVERFLOW and the notify right gets SEND_ONCE")
{
	mach_port_t n = ipc_port(), d = ipc_dead_name(), prev;

	T_ASSERT_MACH_SUCCESS(mach_port_mod_refs(mach_task_self(), d,
				  MACH_PORT_RIGHT_DEAD_NAME, 65534),
	    "raise to 65535");
	expect_refs(d, MACH_PORT_RIGHT_DEAD_NAME, 65535);
	T_ASSERT_MACH_ERROR(ipc_request(d, MACH_NOTIFY_DEAD_NAME, 1, n, &prev),
	    KERN_UREFS_OVERFLOW, "DN");
	expect_send_once(n);
	T_ASSERT_MACH_ERROR(
	    ipc_request(d, MACH_NOTIFY_SEND_POSSIBLE, 0, n, &prev),
	    KERN_UREFS_OVERFLOW, "SP");
	expect_send_once(n);
	expect_refs(d, MACH_PORT_RIGHT_DEAD_NAME, 65535);
	expect_nothing(n);
}

T_DECL(dead_name_delayed_dead_name_request_fails,
    "4.1 row 10: a DN request with sync 0 on a dead name is "
    "KERN_INVALID_ARGUMENT")
{
	mach_port_t n = ipc_port(), d = ipc_dead_name(), prev;

	T_ASSERT_MACH_ERROR(ipc_request(d, MACH_NOTIFY_DEAD_NAME, 0, n, &prev),
	    KERN_INVALID_ARGUMENT);
	expect_send_once(n);
	expect_refs(d, MACH_PORT_RIGHT_DEAD_NAME, 1);
	expect_nothing(n);
}

T_DECL(port_set_request_is_invalid_right,
    "4.1 row 11: DN or SP requests with a notify right on a port set are "
    "KERN_INVALID_RIGHT")
{
	mach_port_t n = ipc_port(), s = ipc_port_set(), prev;

	T_ASSERT_MACH_ERROR(ipc_request(s, MACH_NOTIFY_DEAD_NAME, 0, n, &prev),
	    KERN_INVALID_RIGHT, "DN");
	expect_send_once(n);
	T_ASSERT_MACH_ERROR(
	    ipc_request(s, MACH_NOTIFY_SEND_POSSIBLE, 1, n, &prev),
	    KERN_INVALID_RIGHT, "SP");
	expect_send_once(n);
	expect_nothing(n);
}

T_DECL(requests_on_every_port_right,
    "4.1: requests register on receive-only, send-only and send-once "
    "names, and the type shows DNREQUEST")
{
	mach_port_t n = ipc_port(), r = ipc_port(), h, p = ipc_send_only(&h);
	mach_port_t so = ipc_send_once(r);

	ipc_request_ok(r, MACH_NOTIFY_DEAD_NAME, 0, n);
	expect_type(r, MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_DNREQUEST);
	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	expect_type(p, MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	ipc_request_ok(so, MACH_NOTIFY_DEAD_NAME, 0, n);
	expect_type(so, MACH_PORT_TYPE_SEND_ONCE | MACH_PORT_TYPE_DNREQUEST);
	expect_nothing(n);
}

T_DECL(replace_reuses_the_slot,
    "4.1 step 4.3: replacing a request reuses its slot, so the table never "
    "grows")
{
	mach_port_t n = ipc_port(), r = ipc_port(), prev;
	int i;

	ipc_request_ok(r, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_EQ(ipc_dnrequests_size(r), 2, "first table has 2 slots");
	for (i = 0; i < 5; i++) {
		T_QUIET;
		T_ASSERT_MACH_SUCCESS(ipc_request(r,
					  i % 2 ? MACH_NOTIFY_DEAD_NAME
						: MACH_NOTIFY_SEND_POSSIBLE,
					  0, n, &prev),
		    "replace %d", i);
		expect_previous_is_send_once(prev, n);
	}
	T_ASSERT_EQ(ipc_dnrequests_size(r), 2, "still 2 slots");
	expect_nothing(n);
}
