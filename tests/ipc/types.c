/*
 * types.c - the type bits reported to user space (spec 1.6, 2.4, 4.8, 6.4,
 * gotcha 16): mach_port_type masks SPREQUEST / SPREQUEST_DELAYED,
 * mach_port_names does not, and receive rights report their request bits.
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.types"));

#define DN MACH_PORT_TYPE_DNREQUEST
#define SP MACH_PORT_TYPE_SPREQUEST
#define SPD MACH_PORT_TYPE_SPREQUEST_DELAYED

T_DECL(type_constants, "1.2/1.6: the type and request bits have Apple's values")
{
	T_ASSERT_EQ(MACH_PORT_TYPE_SEND, 0x00010000);
	T_ASSERT_EQ(MACH_PORT_TYPE_RECEIVE, 0x00020000);
	T_ASSERT_EQ(MACH_PORT_TYPE_SEND_ONCE, 0x00040000);
	T_ASSERT_EQ(MACH_PORT_TYPE_PORT_SET, 0x00080000);
	T_ASSERT_EQ(MACH_PORT_TYPE_DEAD_NAME, 0x00100000);
	T_ASSERT_EQ(DN, 0x80000000u);
	T_ASSERT_EQ(SP, 0x40000000);
	T_ASSERT_EQ(SPD, 0x20000000);
}

T_DECL(
    plain_types, "4.8: each kind of name reports its type with no request bits")
{
	mach_port_t r = ipc_port(), p = ipc_port_send(), s = ipc_port_set();
	mach_port_t so = ipc_send_once(r), d = ipc_dead_name(), h;
	mach_port_t sendonly = ipc_send_only(&h);

	expect_type(r, MACH_PORT_TYPE_RECEIVE);
	expect_type(p, MACH_PORT_TYPE_SEND_RECEIVE);
	expect_type(s, MACH_PORT_TYPE_PORT_SET);
	expect_type(so, MACH_PORT_TYPE_SEND_ONCE);
	expect_type(d, MACH_PORT_TYPE_DEAD_NAME);
	expect_type(sendonly, MACH_PORT_TYPE_SEND);
	expect_names_type(r, MACH_PORT_TYPE_RECEIVE);
	expect_names_type(so, MACH_PORT_TYPE_SEND_ONCE);
	expect_names_type(d, MACH_PORT_TYPE_DEAD_NAME);
}

T_DECL(type_of_null_and_dead,
    "6.4: mach_port_type(MACH_PORT_NULL) is KERN_INVALID_NAME; "
    "MACH_PORT_DEAD is a DEAD_NAME")
{
	mach_port_type_t t = 0;

	T_ASSERT_MACH_ERROR(
	    mach_port_type(mach_task_self(), MACH_PORT_NULL, &t),
	    KERN_INVALID_NAME);
	T_ASSERT_MACH_SUCCESS(
	    mach_port_type(mach_task_self(), MACH_PORT_DEAD, &t));
	T_ASSERT_EQ(t, MACH_PORT_TYPE_DEAD_NAME);
}

T_DECL(dead_name_request_bits,
    "1.6: a dead-name request shows DNREQUEST in both calls")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	expect_type(p, MACH_PORT_TYPE_SEND | DN);
	expect_names_type(p, MACH_PORT_TYPE_SEND | DN);
}

T_DECL(delayed_send_possible_bits,
    "6.4/gotcha 16: a delayed SP request: type shows DN only, names shows "
    "DN|SP|SP_DELAYED")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	expect_type(p, MACH_PORT_TYPE_SEND | DN);
	expect_names_type(p, MACH_PORT_TYPE_SEND | DN | SP | SPD);
}

T_DECL(armed_send_possible_bits,
    "6.4/gotcha 16: an armed SP request: type shows DN only, names shows "
    "DN|SP")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();

	ipc_fill(p);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	expect_type(p, MACH_PORT_TYPE_SEND_RECEIVE | DN);
	expect_names_type(p, MACH_PORT_TYPE_SEND_RECEIVE | DN | SP);
}

T_DECL(receive_rights_report_request_bits,
    "4.8: a receive-only name reports its request bits (names unmasked)")
{
	mach_port_t n = ipc_port(), r = ipc_port(), r2 = ipc_port();

	ipc_request_ok(r, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	expect_type(r, MACH_PORT_TYPE_RECEIVE | DN);
	expect_names_type(r, MACH_PORT_TYPE_RECEIVE | DN | SP | SPD);
	ipc_request_ok(r2, MACH_NOTIFY_DEAD_NAME, 0, n);
	expect_type(r2, MACH_PORT_TYPE_RECEIVE | DN);
	expect_names_type(r2, MACH_PORT_TYPE_RECEIVE | DN);
}

T_DECL(fired_slot_reports_nothing,
    "2.4/5.1: a fired send-possible slot reports no request bits anywhere")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();

	ipc_fill(p);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	expect_type(p, MACH_PORT_TYPE_SEND_RECEIVE);
	expect_names_type(p, MACH_PORT_TYPE_SEND_RECEIVE);
}

T_DECL(type_converts_dead_entry,
    "4.8: mach_port_type converts a dead send entry (DEAD_NAME, +1 uref "
    "with a request, no request bits)")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);

	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	ipc_kill_holder(h);
	expect_type(p, MACH_PORT_TYPE_DEAD_NAME);
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 2);
	expect_dead_name(n, p);
}

T_DECL(names_lists_every_right,
    "6.4: mach_port_names lists each name once with its type")
{
	mach_port_t r = ipc_port(), s = ipc_port_set();
	mach_port_name_array_t names = NULL;
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t nc = 0, tc = 0, i;
	int seen_r = 0, seen_s = 0, seen_self = 0;

	T_ASSERT_MACH_SUCCESS(
	    mach_port_names(mach_task_self(), &names, &nc, &types, &tc));
	T_ASSERT_EQ(nc, tc);
	for (i = 0; i < nc; i++) {
		seen_r += names[i] == r;
		seen_s += names[i] == s;
		seen_self += names[i] == mach_task_self();
	}
	T_ASSERT_EQ(seen_r, 1);
	T_ASSERT_EQ(seen_s, 1);
	T_ASSERT_EQ(seen_self, 1, "the task's own port is a name too");
	vm_deallocate(
	    mach_task_self(), (vm_address_t)names, nc * sizeof(names[0]));
	vm_deallocate(
	    mach_task_self(), (vm_address_t)types, tc * sizeof(types[0]));
}

T_DECL(receive_status_fields,
    "6.4: MACH_PORT_RECEIVE_STATUS reports pdrequest/nsrequest as booleans "
    "and the counts of the port")
{
	mach_port_t n = ipc_port(), p = ipc_port_send(), so = ipc_send_once(p);
	mach_port_status_t st;

	(void)so;
	T_ASSERT_MACH_SUCCESS(ipc_send(p, 0));
	ipc_request_ok(p, MACH_NOTIFY_NO_SENDERS, 1, n);
	ipc_request_ok(p, MACH_NOTIFY_PORT_DESTROYED, 0, n);
	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	st = ipc_status(p);
	T_EXPECT_TRUE(st.mps_pdrequest, "pdrequest");
	T_EXPECT_TRUE(st.mps_nsrequest, "nsrequest");
	T_EXPECT_EQ(st.mps_qlimit, MACH_PORT_QLIMIT_DEFAULT);
	T_EXPECT_EQ(st.mps_msgcount, 1);
	T_EXPECT_EQ(st.mps_mscount, 1);
	T_EXPECT_EQ(st.mps_srights, 1, "srights is a boolean");
	T_EXPECT_EQ(st.mps_sorights, 1);
	T_EXPECT_EQ(st.mps_seqno, 0);
	T_EXPECT_EQ(st.mps_pset, 0);
	T_EXPECT_EQ(st.mps_flags, 0);
	T_ASSERT_MACH_SUCCESS(
	    mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, 2));
	T_EXPECT_EQ(ipc_status(p).mps_srights, 1, "still a boolean");
}

/* iin_type and iin_urefs of `name` from mach_port_space_info. */
static bool
space_info_entry(
    mach_port_t name, mach_port_type_t *type, mach_port_urefs_t *urefs)
{
	ipc_info_space_t info;
	ipc_info_name_array_t table = NULL;
	ipc_info_tree_name_array_t tree = NULL;
	mach_msg_type_number_t tcount = 0, trcount = 0, i;
	bool found = false;

	T_QUIET;
	T_ASSERT_MACH_SUCCESS(mach_port_space_info(mach_task_self(), &info,
				  &table, &tcount, &tree, &trcount),
	    "mach_port_space_info");
	for (i = 0; i < tcount; i++) {
		if (table[i].iin_name == name) {
			*type = table[i].iin_type;
			*urefs = table[i].iin_urefs;
			found = true;
		}
	}
	vm_deallocate(
	    mach_task_self(), (vm_address_t)table, tcount * sizeof(table[0]));
	vm_deallocate(
	    mach_task_self(), (vm_address_t)tree, trcount * sizeof(tree[0]));
	return found;
}

T_DECL(space_info_reports_unmasked_request_bits,
    "6.4: mach_port_space_info reports type bits plus the unmasked request "
    "type, and the urefs")
{
	mach_port_t n = ipc_port(), h, p = ipc_send_only(&h);
	mach_port_type_t t = 0;
	mach_port_urefs_t u = 0;

#if !MACH_IPC_DEBUG
	T_SKIP("mach_port_space_info needs MACH_IPC_DEBUG");
#endif
	T_ASSERT_MACH_SUCCESS(
	    mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, 2));
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	T_ASSERT_TRUE(space_info_entry(p, &t, &u), "0x%x is listed", p);
	T_ASSERT_EQ(t, MACH_PORT_TYPE_SEND | DN | SP | SPD);
	T_ASSERT_EQ(u, 3);
	T_ASSERT_TRUE(space_info_entry(n, &t, &u));
	T_ASSERT_EQ(t, MACH_PORT_TYPE_RECEIVE);
}
