/*
 * table.c - the per-port request table: MACH_PORT_DNREQUESTS_SIZE, the size
 * series, explicit targets (decision 6), dnrequest_info, and LIFO slot
 * order seen through the order of DEAD_NAME notifications at death
 * (spec 1.4, 1.5, 2.2, 2.7, 6.4, decisions 6 and 7, gotchas 19, 20).
 *
 * Several requests on one port need several names for it in one space:
 * each send-once right has a name of its own.
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.table"));

#define NREQ 7

/* Register dead-name requests on NREQ send-once names, in order. */
static void
register_send_onces(mach_port_t r, mach_port_t n, mach_port_t so[NREQ])
{
	int i;

	for (i = 0; i < NREQ; i++) {
		so[i] = ipc_send_once(r);
		ipc_request_ok(so[i], MACH_NOTIFY_DEAD_NAME, 0, n);
	}
}

static void
expect_dead_names_in_order(
    mach_port_t n, const mach_port_t *so, const int *order, int count)
{
	int i;

	for (i = 0; i < count; i++) {
		T_LOG("DEAD_NAME %d should name request #%d", i, order[i] + 1);
		expect_dead_name(n, so[order[i]]);
	}
	expect_nothing(n);
}

T_DECL(no_table_until_first_request,
    "1.5/6.4: a new port has no table (size 0); the first request creates "
    "the 2-slot table")
{
	mach_port_t n = ipc_port(), r = ipc_port();

	T_ASSERT_EQ(ipc_dnrequests_size(r), 0, "no table");
	ipc_request_ok(r, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_EQ(ipc_dnrequests_size(r), 2, "one usable slot");
}

T_DECL(automatic_growth_follows_series,
    "1.5: each automatic growth moves to the next size: 2, 4, 8")
{
	mach_port_t n = ipc_port(), r = ipc_port(), so[NREQ];
	int expect[NREQ] = {2, 4, 4, 8, 8, 8, 8};
	int i;

	for (i = 0; i < NREQ; i++) {
		so[i] = ipc_send_once(r);
		ipc_request_ok(so[i], MACH_NOTIFY_DEAD_NAME, 0, n);
		T_EXPECT_EQ(ipc_dnrequests_size(r), expect[i],
		    "after %d requests", i + 1);
	}
}

T_DECL(fresh_table_slot_order_at_death,
    "1.5/2.7/gotcha 20: requests take slots 1, 3, 2, 7, 6, 5, 4; DEAD_NAMEs "
    "come in ascending slot order")
{
	mach_port_t n = ipc_port(), r = ipc_port(), so[NREQ];
	/* slot 1..7 hold requests #1, #3, #2, #7, #6, #5, #4 */
	const int order[NREQ] = {0, 2, 1, 6, 5, 4, 3};

	register_send_onces(r, n, so);
	expect_nothing(n);
	ipc_kill_receive(r);
	expect_dead_names_in_order(n, so, order, NREQ);
}

T_DECL(preset_table_slot_order_at_death,
    "1.5: in a table of 8 made at once, requests take slots 7 down to 1, so "
    "DEAD_NAMEs come in reverse request order")
{
	mach_port_t n = ipc_port(), r = ipc_port(), so[NREQ];
	const int order[NREQ] = {6, 5, 4, 3, 2, 1, 0};

	T_ASSERT_MACH_SUCCESS(ipc_set_dnrequests_size(r, 8));
	T_ASSERT_EQ(ipc_dnrequests_size(r), 8);
	register_send_onces(r, n, so);
	T_ASSERT_EQ(ipc_dnrequests_size(r), 8, "no growth needed");
	ipc_kill_receive(r);
	expect_dead_names_in_order(n, so, order, NREQ);
}

T_DECL(cancel_pushes_slot_on_free_list_head,
    "1.5: a cancelled slot is reused first (LIFO)")
{
	mach_port_t n = ipc_port(), r = ipc_port(), so[4], prev;
	/* #1 slot 1, #2 slot 3, #3 slot 2; cancel #2; #4 reuses slot 3 */
	const int order[3] = {0, 2, 3};
	int i;

	for (i = 0; i < 3; i++) {
		so[i] = ipc_send_once(r);
		ipc_request_ok(so[i], MACH_NOTIFY_DEAD_NAME, 0, n);
	}
	T_ASSERT_MACH_SUCCESS(ipc_request(
	    so[1], MACH_NOTIFY_DEAD_NAME, 0, MACH_PORT_NULL, &prev));
	expect_previous_is_send_once(prev, n);
	so[3] = ipc_send_once(r);
	ipc_request_ok(so[3], MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_EQ(ipc_dnrequests_size(r), 4, "no growth");
	ipc_kill_receive(r);
	expect_dead_names_in_order(n, so, order, 3);
}

T_DECL(explicit_size_series,
    "1.5/6.4: DNREQUESTS_SIZE n on a port without a table gives the first "
    "series size >= n")
{
	static const struct {
		int target, size;
	} series[] = {
	    {0, 2},
	    {1, 2},
	    {2, 2},
	    {3, 4},
	    {4, 4},
	    {5, 8},
	    {8, 8},
	    {9, 16},
	    {17, 32},
	    {33, 64},
	    {65, 128},
	    {100, 128},
	    {129, 256},
	    {257, 512},
	    {512, 512},
	};
	size_t i;

	for (i = 0; i < sizeof(series) / sizeof(series[0]); i++) {
		mach_port_t r = ipc_port();

		T_QUIET;
		T_ASSERT_MACH_SUCCESS(
		    ipc_set_dnrequests_size(r, series[i].target));
		T_EXPECT_EQ(ipc_dnrequests_size(r), series[i].size, "target %d",
		    series[i].target);
		T_QUIET;
		T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), r));
	}
}

T_DECL(beyond_512_at_least_target,
    "decision 7: beyond 512 Harbor picks its own sizes, never below the "
    "target")
{
	mach_port_t r = ipc_port();

	T_ASSERT_MACH_SUCCESS(ipc_set_dnrequests_size(r, 513));
	T_ASSERT_GE(ipc_dnrequests_size(r), 513);
}

T_DECL(explicit_growth_in_one_call,
    "decision 6: from an existing table, DNREQUESTS_SIZE grows to the first "
    "series size >= n in one call")
{
	mach_port_t n = ipc_port(), r = ipc_port();

	ipc_request_ok(r, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_EQ(ipc_dnrequests_size(r), 2);
	T_ASSERT_MACH_SUCCESS(ipc_set_dnrequests_size(r, 100));
	T_ASSERT_EQ(ipc_dnrequests_size(r), 128, "2 -> 128 in one call");
	T_ASSERT_MACH_SUCCESS(ipc_set_dnrequests_size(r, 10));
	T_ASSERT_EQ(ipc_dnrequests_size(r), 128, "never shrinks");
	/* The old request kept its slot. */
	ipc_kill_receive(r);
	expect_port_deleted(n, r);
	expect_nothing(n);
}

T_DECL(explicit_target_too_large,
    "1.5/decision 7: a target above the largest size is KERN_NO_SPACE")
{
	mach_port_t r = ipc_port();

	T_ASSERT_MACH_ERROR(
	    ipc_set_dnrequests_size(r, 0x7fffffff), KERN_NO_SPACE);
}

T_DECL(dnrequests_size_argument_errors,
    "6.4: DNREQUESTS_SIZE needs a receive right; a short count is "
    "KERN_FAILURE; get on an invalid name (NULL/DEAD) is 0 and success, "
    "on an unknown one KERN_INVALID_NAME")
{
	mach_port_t r = ipc_port(), h, p = ipc_send_only(&h);
	int v = 7;
	mach_msg_type_number_t cnt = 1;

	T_ASSERT_MACH_ERROR(
	    ipc_set_dnrequests_size(p, 4), KERN_INVALID_RIGHT, "send right");
	T_ASSERT_MACH_ERROR(
	    mach_port_get_attributes(mach_task_self(), p,
		MACH_PORT_DNREQUESTS_SIZE, (mach_port_info_t)&v, &cnt),
	    KERN_INVALID_RIGHT, "get on a send right");
	T_ASSERT_MACH_ERROR(ipc_set_dnrequests_size(MACH_PORT_NULL, 4),
	    KERN_INVALID_RIGHT, "invalid name (MACH_PORT_NULL)");
	T_ASSERT_MACH_ERROR(ipc_set_dnrequests_size(0x12345, 4),
	    KERN_INVALID_NAME, "unknown name");
	T_ASSERT_MACH_ERROR(
	    mach_port_set_attributes(mach_task_self(), r,
		MACH_PORT_DNREQUESTS_SIZE, (mach_port_info_t)&v, 0),
	    KERN_FAILURE, "count 0");
	cnt = 0;
	T_ASSERT_MACH_ERROR(
	    mach_port_get_attributes(mach_task_self(), r,
		MACH_PORT_DNREQUESTS_SIZE, (mach_port_info_t)&v, &cnt),
	    KERN_FAILURE, "count 0");
	cnt = 1;
	v = 7;
	T_ASSERT_MACH_SUCCESS(
	    mach_port_get_attributes(mach_task_self(), MACH_PORT_DEAD,
		MACH_PORT_DNREQUESTS_SIZE, (mach_port_info_t)&v, &cnt),
	    "invalid name (MACH_PORT_DEAD)");
	T_ASSERT_EQ(v, 0, "reported as no table");
	T_ASSERT_MACH_ERROR(
	    mach_port_get_attributes(mach_task_self(), 0x12345,
		MACH_PORT_DNREQUESTS_SIZE, (mach_port_info_t)&v, &cnt),
	    KERN_INVALID_NAME, "unknown name");
}

T_DECL(dnrequest_info_counts,
    "6.4: dnrequest_info reports total (incl. slot 0) and used slots")
{
	mach_port_t n = ipc_port(), r = ipc_port(), so[3], prev;
	unsigned int total = 99, used = 99;
	kern_return_t kr;
	int i;

	kr = mach_port_dnrequest_info(mach_task_self(), r, &total, &used);
#if !MACH_IPC_DEBUG
	T_ASSERT_MACH_ERROR(kr, KERN_FAILURE, "needs MACH_IPC_DEBUG");
	T_SKIP("kernel built without MACH_IPC_DEBUG");
#endif
	T_ASSERT_MACH_SUCCESS(kr);
	T_ASSERT_EQ(total, 0);
	T_ASSERT_EQ(used, 0);
	for (i = 0; i < 3; i++) {
		so[i] = ipc_send_once(r);
		ipc_request_ok(so[i], MACH_NOTIFY_DEAD_NAME, 0, n);
	}
	T_ASSERT_MACH_SUCCESS(
	    mach_port_dnrequest_info(mach_task_self(), r, &total, &used));
	T_ASSERT_EQ(total, 4);
	T_ASSERT_EQ(used, 3);
	T_ASSERT_MACH_SUCCESS(ipc_request(
	    so[0], MACH_NOTIFY_DEAD_NAME, 0, MACH_PORT_NULL, &prev));
	expect_previous_is_send_once(prev, n);
	T_ASSERT_MACH_SUCCESS(
	    mach_port_dnrequest_info(mach_task_self(), r, &total, &used));
	T_ASSERT_EQ(used, 2);
	T_ASSERT_MACH_ERROR(
	    mach_port_dnrequest_info(mach_task_self(), so[1], &total, &used),
	    KERN_INVALID_RIGHT, "needs a receive right");
}

T_DECL(table_is_shared_by_all_names,
    "1.4/gotcha 19: one table per port: requests through the receive name "
    "and through send-once names share it")
{
	mach_port_t n = ipc_port(), r = ipc_port(), so = ipc_send_once(r);

	ipc_request_ok(r, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_request_ok(so, MACH_NOTIFY_DEAD_NAME, 0, n);
	T_ASSERT_EQ(ipc_dnrequests_size(r), 4, "two requests, one table");
}

T_DECL(growth_keeps_old_free_list_after_new_slots,
    "1.5: growth threads the new slots highest-first, then the old free "
    "list; requests then take 7, 6, 5, 4 and only then the freed 2")
{
	mach_port_t n = ipc_port(), r = ipc_port(), so[8], prev;
	/* slots: 1=#1 3=#2 2=#3 (cancelled); after growth to 8:
	 * #4..#7 take 7,6,5,4 and #8 takes 2 */
	const int order[7] = {0, 7, 1, 6, 5, 4, 3};
	int i;

	for (i = 0; i < 3; i++) {
		so[i] = ipc_send_once(r);
		ipc_request_ok(so[i], MACH_NOTIFY_DEAD_NAME, 0, n);
	}
	T_ASSERT_MACH_SUCCESS(ipc_request(
	    so[2], MACH_NOTIFY_DEAD_NAME, 0, MACH_PORT_NULL, &prev));
	expect_previous_is_send_once(prev, n);
	T_ASSERT_MACH_SUCCESS(ipc_set_dnrequests_size(r, 8));
	T_ASSERT_EQ(ipc_dnrequests_size(r), 8);
	for (i = 3; i < 8; i++) {
		so[i] = ipc_send_once(r);
		ipc_request_ok(so[i], MACH_NOTIFY_DEAD_NAME, 0, n);
	}
	T_ASSERT_EQ(ipc_dnrequests_size(r), 8, "no growth needed");
	ipc_kill_receive(r);
	expect_dead_names_in_order(n, so, order, 7);
}
