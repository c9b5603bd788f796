/*
 * urefs.c - user-reference rules and caps (spec 1.2, 4.3, 4.6, 4.7, 4.10,
 * decision 3, gotchas 2, 24).
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.urefs"));

static kern_return_t
mod(mach_port_t name, mach_port_right_t right, mach_port_delta_t delta)
{
	return mach_port_mod_refs(mach_task_self(), name, right, delta);
}

T_DECL(send_urefs_cap_at_65534,
    "1.2/4.7: send urefs go up to 65534; one more is KERN_UREFS_OVERFLOW")
{
	mach_port_t p = ipc_port_send();

	T_ASSERT_MACH_SUCCESS(mod(p, MACH_PORT_RIGHT_SEND, 65533));
	expect_refs(p, MACH_PORT_RIGHT_SEND, 65534);
	T_ASSERT_MACH_ERROR(
	    mod(p, MACH_PORT_RIGHT_SEND, 1), KERN_UREFS_OVERFLOW);
	expect_refs(p, MACH_PORT_RIGHT_SEND, 65534);
	T_ASSERT_MACH_ERROR(mach_port_insert_right(mach_task_self(), p, p,
				MACH_MSG_TYPE_MAKE_SEND),
	    KERN_UREFS_OVERFLOW, "insert_right at the cap");
	expect_refs(p, MACH_PORT_RIGHT_SEND, 65534);
}

T_DECL(dead_name_urefs_cap_at_65535,
    "1.2/4.7: dead-name urefs go up to 65535; one more overflows")
{
	mach_port_t d = ipc_dead_name();

	expect_refs(d, MACH_PORT_RIGHT_DEAD_NAME, 1);
	T_ASSERT_MACH_SUCCESS(mod(d, MACH_PORT_RIGHT_DEAD_NAME, 65534));
	expect_refs(d, MACH_PORT_RIGHT_DEAD_NAME, 65535);
	T_ASSERT_MACH_ERROR(
	    mod(d, MACH_PORT_RIGHT_DEAD_NAME, 1), KERN_UREFS_OVERFLOW);
	expect_refs(d, MACH_PORT_RIGHT_DEAD_NAME, 65535);
}

T_DECL(conversion_of_full_send_right_reaches_65535,
    "gotcha 24: converting a 65534-uref send right with a request gives "
    "exactly 65535 dead-name urefs")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	T_ASSERT_MACH_SUCCESS(mod(p, MACH_PORT_RIGHT_SEND, 65533));
	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h);
	expect_dead_name(n, p);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 65535);
	expect_nothing(n);
}

T_DECL(underflow_is_invalid_value,
    "4.7: taking more urefs than held is KERN_INVALID_VALUE and changes "
    "nothing")
{
	mach_port_t p = ipc_port_send(), d = ipc_dead_name();

	T_ASSERT_MACH_ERROR(
	    mod(p, MACH_PORT_RIGHT_SEND, -2), KERN_INVALID_VALUE);
	expect_refs(p, MACH_PORT_RIGHT_SEND, 1);
	T_ASSERT_MACH_ERROR(
	    mod(d, MACH_PORT_RIGHT_DEAD_NAME, -2), KERN_INVALID_VALUE);
	expect_refs(d, MACH_PORT_RIGHT_DEAD_NAME, 1);
}

T_DECL(receive_delta_rules, "4.7: mod_refs(RECEIVE) accepts 0 and -1 only")
{
	mach_port_t r = ipc_port();

	T_ASSERT_MACH_SUCCESS(mod(r, MACH_PORT_RIGHT_RECEIVE, 0));
	T_ASSERT_MACH_ERROR(
	    mod(r, MACH_PORT_RIGHT_RECEIVE, 1), KERN_INVALID_VALUE);
	T_ASSERT_MACH_ERROR(
	    mod(r, MACH_PORT_RIGHT_RECEIVE, -2), KERN_INVALID_VALUE);
	expect_type(r, MACH_PORT_TYPE_RECEIVE);
	T_ASSERT_MACH_SUCCESS(mod(r, MACH_PORT_RIGHT_RECEIVE, -1));
	expect_no_name(r);
}

T_DECL(port_set_delta_rules,
    "4.7: mod_refs(PORT_SET) accepts 0 and -1 (destroys the set) only")
{
	mach_port_t s = ipc_port_set();

	T_ASSERT_MACH_SUCCESS(mod(s, MACH_PORT_RIGHT_PORT_SET, 0));
	T_ASSERT_MACH_ERROR(
	    mod(s, MACH_PORT_RIGHT_PORT_SET, 1), KERN_INVALID_VALUE);
	T_ASSERT_MACH_SUCCESS(mod(s, MACH_PORT_RIGHT_PORT_SET, -1));
	expect_no_name(s);
}

T_DECL(get_refs_of_non_counted_rights,
    "6.4: get_refs reports 1 for a held receive, port-set or send-once "
    "right and 0 for a right not held")
{
	mach_port_t r = ipc_port(), s = ipc_port_set(), so = ipc_send_once(r);

	expect_refs(r, MACH_PORT_RIGHT_RECEIVE, 1);
	expect_refs(r, MACH_PORT_RIGHT_SEND, 0);
	expect_refs(r, MACH_PORT_RIGHT_DEAD_NAME, 0);
	expect_refs(s, MACH_PORT_RIGHT_PORT_SET, 1);
	expect_refs(s, MACH_PORT_RIGHT_RECEIVE, 0);
	expect_refs(so, MACH_PORT_RIGHT_SEND_ONCE, 1);
}

T_DECL(get_refs_of_null_and_dead_names,
    "6.4: get_refs on MACH_PORT_NULL/DEAD reports 1 for SEND and "
    "SEND_ONCE, KERN_INVALID_NAME otherwise; a bad right is "
    "KERN_INVALID_VALUE")
{
	mach_port_urefs_t u = 0;
	mach_port_t r = ipc_port();

	T_ASSERT_MACH_SUCCESS(mach_port_get_refs(
	    mach_task_self(), MACH_PORT_NULL, MACH_PORT_RIGHT_SEND, &u));
	T_ASSERT_EQ(u, 1);
	T_ASSERT_MACH_SUCCESS(mach_port_get_refs(
	    mach_task_self(), MACH_PORT_DEAD, MACH_PORT_RIGHT_SEND_ONCE, &u));
	T_ASSERT_EQ(u, 1);
	T_ASSERT_MACH_ERROR(mach_port_get_refs(mach_task_self(), MACH_PORT_DEAD,
				MACH_PORT_RIGHT_RECEIVE, &u),
	    KERN_INVALID_NAME);
	T_ASSERT_MACH_ERROR(
	    mach_port_get_refs(mach_task_self(), r, MACH_PORT_RIGHT_NUMBER, &u),
	    KERN_INVALID_VALUE);
}

T_DECL(deallocate_send_of_send_receive,
    "4.6: deallocate on SEND|RECEIVE drops send urefs; at the last one the "
    "name keeps only RECEIVE")
{
	mach_port_t p = ipc_port_send();

	T_ASSERT_MACH_SUCCESS(mod(p, MACH_PORT_RIGHT_SEND, 1));
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), p));
	expect_refs(p, MACH_PORT_RIGHT_SEND, 1);
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), p));
	expect_type(p, MACH_PORT_TYPE_RECEIVE);
	expect_refs(p, MACH_PORT_RIGHT_SEND, 0);
	T_ASSERT_MACH_ERROR(mach_port_deallocate(mach_task_self(), p),
	    KERN_INVALID_RIGHT, "receive only");
}

T_DECL(dead_name_deallocate_to_zero_frees,
    "4.6/4.7: a dead name disappears when its last uref goes (deallocate "
    "or mod_refs)")
{
	mach_port_t d = ipc_dead_name(), e = ipc_dead_name();

	T_ASSERT_MACH_SUCCESS(mod(d, MACH_PORT_RIGHT_DEAD_NAME, 1));
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), d));
	expect_refs(d, MACH_PORT_RIGHT_DEAD_NAME, 1);
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), d));
	expect_no_name(d);
	T_ASSERT_MACH_SUCCESS(mod(e, MACH_PORT_RIGHT_DEAD_NAME, -1));
	expect_no_name(e);
}

T_DECL(dead_name_delta_on_live_send_is_invalid_right,
    "4.7: mod_refs(DEAD_NAME) on a live send right is KERN_INVALID_RIGHT")
{
	mach_port_t h, p = ipc_send_only(&h);

	T_ASSERT_MACH_ERROR(
	    mod(p, MACH_PORT_RIGHT_DEAD_NAME, -1), KERN_INVALID_RIGHT);
	expect_type(p, MACH_PORT_TYPE_SEND);
}

T_DECL(dead_name_delta_after_death_applies_to_converted_count,
    "4.7: mod_refs(DEAD_NAME) on a send right whose port died converts it "
    "(+1 with a request) and applies the delta")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h);
	T_ASSERT_MACH_SUCCESS(mod(p, MACH_PORT_RIGHT_DEAD_NAME, -1));
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 1);
	expect_dead_name(n, p);
	T_ASSERT_MACH_SUCCESS(mod(p, MACH_PORT_RIGHT_DEAD_NAME, -1));
	expect_no_name(p);
}

T_DECL(copyout_merge_pegs_at_65534,
    "4.10: a send right received onto a name with 65534 urefs stays pegged "
    "at 65534")
{
	mach_port_t q = ipc_port_send(), p = ipc_port_send(), got;

	T_ASSERT_MACH_SUCCESS(ipc_send_port(q, p, MACH_MSG_TYPE_MAKE_SEND, 0));
	T_ASSERT_MACH_SUCCESS(mod(p, MACH_PORT_RIGHT_SEND, 65533));
	got = ipc_recv_port(q, 0, NULL);
	T_ASSERT_EQ(got, p, "merged into the existing name");
	expect_refs(p, MACH_PORT_RIGHT_SEND, 65534);
}

T_DECL(copyout_merge_adds_one,
    "4.10: a send right received onto an existing name adds one uref and "
    "keeps the name's request")
{
	mach_port_t n = ipc_port(), q = ipc_port_send(), p = ipc_port_send();
	mach_port_t got;

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_MACH_SUCCESS(ipc_send_port(q, p, MACH_MSG_TYPE_MAKE_SEND, 0));
	got = ipc_recv_port(q, 0, NULL);
	T_ASSERT_EQ(got, p);
	expect_refs(p, MACH_PORT_RIGHT_SEND, 2);
	expect_type(p, MACH_PORT_TYPE_SEND_RECEIVE | MACH_PORT_TYPE_DNREQUEST);
	expect_nothing(n);
}
