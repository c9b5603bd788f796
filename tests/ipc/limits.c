/*
 * limits.c - hard limits reached from user space give a clean error and
 * leave the kernel consistent (ARCHITECTURE 2, spec 3, decision 7).
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.limits"));

T_DECL(name_limit_is_a_clean_error,
    "allocating names until the per-task limit gives KERN_NO_SPACE; "
    "freeing one makes room for one")
{
	mach_port_t p = MACH_PORT_NULL, last = MACH_PORT_NULL;
	kern_return_t kr = KERN_SUCCESS;
	unsigned int count = 0;

	while (count < 4000000) {
		kr = mach_port_allocate(
		    mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p);
		if (kr != KERN_SUCCESS) {
			break;
		}
		last = p;
		count++;
	}
	T_LOG("%u names allocated before the limit", count);
	T_ASSERT_MACH_ERROR(kr, KERN_NO_SPACE, "the limit's error");
	T_ASSERT_GE(count, 1000, "a useful number of names");
	T_ASSERT_MACH_ERROR(
	    mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_DEAD_NAME, &p),
	    KERN_NO_SPACE, "every kind of name counts");
	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), last));
	T_ASSERT_MACH_SUCCESS(
	    mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p),
	    "room for one again");
	T_ASSERT_MACH_ERROR(
	    mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p),
	    KERN_NO_SPACE);
}

T_DECL(request_table_reaches_2_20_slots,
    "decision 7: a port's request table grows to at least 2^20 slots")
{
	mach_port_t n = ipc_port(), r = ipc_port(), so = ipc_send_once(r);

	T_ASSERT_MACH_SUCCESS(ipc_set_dnrequests_size(r, 1 << 20));
	T_ASSERT_GE(ipc_dnrequests_size(r), 1 << 20);
	ipc_request_ok(so, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_receive(r);
	expect_dead_name(n, so);
	expect_nothing(n);
}

T_DECL(notifications_stop_at_kernel_queue_limit,
    "3: notifications ignore qlimit but not the 65536-message kernel "
    "limit; the refused one is destroyed")
{
	mach_port_t n = ipc_port();
	unsigned int i;

	for (i = 0; i < 65536 + 2; i++) {
		T_QUIET;
		T_ASSERT_MACH_SUCCESS(
		    mach_port_deallocate(mach_task_self(), ipc_send_once(n)));
	}
	T_ASSERT_EQ(ipc_status(n).mps_msgcount, 65536, "the hard limit");
	T_ASSERT_EQ(ipc_status(n).mps_sorights, 65536,
	    "one send-once right per queued notification; the refused "
	    "ones were destroyed");
	expect_send_once(n);
	T_ASSERT_EQ(ipc_status(n).mps_msgcount, 65535);
	T_ASSERT_EQ(ipc_status(n).mps_sorights, 65535);
}
