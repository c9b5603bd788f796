/*
 * notify_overflow.c - a kernel notification to a port whose queue is at
 * the hard limit (IPC_QLIMIT_KERNEL, 65536 messages) must be dropped
 * cleanly: its send-once right released, nothing else sent, no crash.
 *
 * Regression test for a recursion found while writing the request-table
 * tests (100,000 dead-name requests whose notifications all go to one
 * port): mach_msg_send_from_kernel gets MACH_SEND_NO_BUFFER and destroys
 * the message; destroying it destroys its destination send-once right,
 * which sends a SEND_ONCE notification to the same full port, which fails
 * the same way, and so on until the kernel stack overflows.
 *
 * The same state is reachable from user space: sends with a
 * MAKE_SEND_ONCE destination ignore qlimit, so a task can fill its own
 * port to 65536 messages and then have any notification sent to it.
 *
 * The overflowing send runs in a forked child so that a crash is reported
 * as a failure instead of ending the program.
 */
#include "unit_kernel.h"

#include <ipc/ipc_notify.h>
#include <ipc/port.h>

static void
overflow_child(void *arg)
{
	mach_port_name_t name;
	ipc_port_t port;
	uint32_t i;

	(void)arg;
	ut_task_enter();
	port = ut_port(&name);
	for (i = 0; i < IPC_QLIMIT_KERNEL; i++)
		ipc_notify_send_once(ipc_port_make_sonce(port));
	printf("child: queue %u of %u\n", port->ip_messages.imq_msgcount,
	    (unsigned)IPC_QLIMIT_KERNEL);
	/* One more: the queue is at its hard limit. */
	ipc_notify_dead_name(ipc_port_make_sonce(port), 0x1234);
	printf("child: overflowing notification returned\n");
	UT_CHECK_EQ(port->ip_messages.imq_msgcount, IPC_QLIMIT_KERNEL,
	    "queue still at the limit");
	UT_CHECK_EQ(port->ip_sorights, IPC_QLIMIT_KERNEL,
	    "the dropped notification's send-once right was released");
	ut_port_put(port);
	ut_task_leave();
	printf("child: checks %s\n", ut_case_failures ? "FAILED" : "passed");
	fflush(stdout);
	_exit(ut_case_failures ? 1 : 0);
}

/*
 * A refused PORT_DESTROYED notification (the rescue of a receive right
 * whose port-destroyed request names a full port) must still destroy the
 * receive right it carries: the port dies, its dead-name requests fire,
 * nothing leaks.
 */
static void
overflow_pd_child(void *arg)
{
	mach_port_name_t fname, pname, dname, got;
	ipc_port_t full, port, dn, so, prev = IP_NULL;
	ipc_port_request_index_t idx;
	mach_msg_id_t id;
	uint32_t i;
	int n = 0;

	(void)arg;
	ut_task_enter();
	full = ut_port(&fname);
	dn = ut_port(&dname);
	port = ut_port(&pname);
	for (i = 0; i < IPC_QLIMIT_KERNEL; i++)
		ipc_notify_send_once(ipc_port_make_sonce(full));
	(void)ut_request(
	    port, 0x4321, ipc_port_make_sonce(dn), false, false, &idx);
	so = ipc_port_make_sonce(full);
	ip_lock(port);
	ipc_port_pdrequest(port, so, &prev);
	UT_CHECK(prev == IP_NULL, "no earlier port-destroyed request");
	UT_CHECK_EQ(mach_port_destroy(ut_cur.space, pname), KERN_SUCCESS,
	    "destroy the receive right");
	printf("child: rescue attempted\n");
	UT_CHECK(!ip_active(port), "the refused rescue destroyed the port");
	while (ut_receive(dname, &id, &got) == MACH_MSG_SUCCESS) {
		UT_CHECK(id == MACH_NOTIFY_DEAD_NAME && got == 0x4321,
		    "notification %d 0x%x", id, got);
		n++;
	}
	UT_CHECK_EQ(n, 1, "its dead-name request fired once");
	UT_CHECK_EQ(full->ip_messages.imq_msgcount, IPC_QLIMIT_KERNEL,
	    "full port unchanged");
	ut_port_put(port);
	ut_port_put(dn);
	ut_port_put(full);
	ut_task_leave();
	printf("child: checks %s\n", ut_case_failures ? "FAILED" : "passed");
	fflush(stdout);
	_exit(ut_case_failures ? 1 : 0);
}

static void
test_port_destroyed_to_full_port(void)
{
	static char out[8192];
	int st;

	st = ut_fork(overflow_pd_child, NULL, out, sizeof(out));
	UT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "child ended with status 0x%x; its output:\n%.3000s", st, out);
}

static void
test_notification_to_full_port_dropped(void)
{
	static char out[8192];
	int st;

	st = ut_fork(overflow_child, NULL, out, sizeof(out));
	UT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "child ended with status 0x%x; its output:\n%.3000s", st, out);
}

static const struct ut_case cases[] = {
    {"notification_to_port_at_hard_limit_is_dropped",
	test_notification_to_full_port_dropped, 1},
    {"refused_port_destroyed_destroys_the_receive_right",
	test_port_destroyed_to_full_port, 1},
};

UT_MAIN(cases)
