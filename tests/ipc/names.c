/*
 * names.c - kernel-chosen port names and their generation numbers
 * (spec 1.1): a freed name's slot is reused with the next generation, the
 * old name is no longer valid, and the generation cycles after 64 reuses.
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.names"));

T_DECL(name_macros,
    "1.1: MACH_PORT_INDEX/GEN/MAKE split and join names as Apple's do")
{
	T_ASSERT_EQ(MACH_PORT_INDEX(0x107), 1);
	T_ASSERT_EQ(MACH_PORT_GEN(0x107), 0x07000000);
	T_ASSERT_EQ(MACH_PORT_MAKE(1, 0x07000000), 0x107);
	T_ASSERT_EQ(MACH_PORT_DEAD, 0xffffffffu);
	T_ASSERT_FALSE(MACH_PORT_VALID(MACH_PORT_NULL));
	T_ASSERT_FALSE(MACH_PORT_VALID(MACH_PORT_DEAD));
	T_ASSERT_TRUE(MACH_PORT_VALID(0x103));
}

T_DECL(reuse_bumps_generation,
    "1.1: a freed slot is reused with the generation advanced by one step "
    "(low byte + 4), and the old name is invalid")
{
	mach_port_t a = ipc_port(), b;

	T_ASSERT_EQ(a & 0x3, 0x3, "generations step by 4 from 0x03");
	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), a));
	b = ipc_port();
	T_ASSERT_EQ(MACH_PORT_INDEX(b), MACH_PORT_INDEX(a), "same slot");
	T_ASSERT_EQ(b & 0xff, (a & 0xff) == 0xff ? 0x03 : (a & 0xff) + 4,
	    "next generation");
	expect_no_name(a);
	expect_type(b, MACH_PORT_TYPE_RECEIVE);
}

T_DECL(generation_cycles_after_64_reuses,
    "1.1: the low byte cycles 0x03, 0x07, ... 0xff, 0x03: the 65th name of "
    "a slot equals the 1st")
{
	mach_port_t first = ipc_port(), cur = first;
	int i;

	for (i = 1; i <= 64; i++) {
		T_QUIET;
		T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), cur));
		cur = ipc_port();
		T_QUIET;
		T_ASSERT_EQ(MACH_PORT_INDEX(cur), MACH_PORT_INDEX(first),
		    "reuse %d takes the same slot", i);
		if (i < 64) {
			T_QUIET;
			T_ASSERT_NE(cur, first, "reuse %d is a new name", i);
		}
	}
	T_ASSERT_EQ(cur, first, "64 reuses later the name repeats");
}

T_DECL(allocate_name_and_rename,
    "1.1/4.11: allocate_name takes the name given; rename moves the right "
    "and frees the old name")
{
	const mach_port_t want = 0x4407, moved = 0x4507;

	T_ASSERT_MACH_SUCCESS(mach_port_allocate_name(
	    mach_task_self(), MACH_PORT_RIGHT_RECEIVE, want));
	expect_type(want, MACH_PORT_TYPE_RECEIVE);
	T_ASSERT_MACH_SUCCESS(mach_port_rename(mach_task_self(), want, moved));
	expect_no_name(want);
	expect_type(moved, MACH_PORT_TYPE_RECEIVE);
	T_ASSERT_MACH_ERROR(
	    mach_port_rename(mach_task_self(), moved, mach_task_self()),
	    KERN_NAME_EXISTS, "the new name is taken");
	T_ASSERT_MACH_ERROR(mach_port_rename(mach_task_self(), 0x12345, 0x4607),
	    KERN_INVALID_NAME);
	T_ASSERT_MACH_ERROR(
	    mach_port_rename(mach_task_self(), moved, MACH_PORT_NULL),
	    KERN_INVALID_VALUE);
}

T_DECL(rename_receive_updates_messages,
    "4.11: after renaming a receive right, its messages report the new "
    "name as msgh_local_port")
{
	mach_port_t p = ipc_port_send();
	const mach_port_t moved = 0x4807;
	ipc_msg_buf_t m;

	T_ASSERT_MACH_SUCCESS(mach_port_rename(mach_task_self(), p, moved));
	T_ASSERT_MACH_SUCCESS(ipc_send(moved, 0));
	T_ASSERT_MACH_SUCCESS(ipc_recv(moved, 0, &m, 0));
	T_ASSERT_EQ(m.hdr.msgh_local_port, moved);
	expect_refs(moved, MACH_PORT_RIGHT_SEND, 1);
}
