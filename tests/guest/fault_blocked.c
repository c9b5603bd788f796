/*
 * fault_blocked.c - a task that dies by a fault while another of its
 * threads is blocked in mach_msg (x86_64 guest only: on the hosted
 * machine a fault would end the whole Linux process).
 *
 * The helper holds a send right to the test's port p and the receive
 * right of its own port r, to which the test holds a send right with a
 * dead-name request.  One helper thread blocks receiving on r; another
 * touches address 0.  The kernel must kill only the helper (exit status
 * 128 + SIGSEGV), interrupt the blocked thread, tear the space down, and
 * deliver exactly NO_SENDERS for p and DEAD_NAME for r.
 */
#include "../ipc/ipc_test_util.h"

#include <harbor/spawn.h>
#include <pthread.h>

T_GLOBAL_META(T_META_NAMESPACE("harbor.guest.fault_blocked"));

#define FB_WAIT_MS 10000

static mach_port_t fb_r;
static volatile int fb_blocked;

static void *
fb_receiver(void *arg)
{
	ipc_msg_buf_t m;

	(void)arg;
	fb_blocked = 1;
	(void)ipc_recv(fb_r, 0 /* forever */, &m, 0);
	return NULL;
}

T_HELPER_DECL(fb_fault_while_blocked,
    "holds rights, blocks one thread in mach_msg, faults in another")
{
	mach_port_t bp = MACH_PORT_NULL, p;
	pthread_t t;
	int i;

	fb_r = ipc_port_send();
	T_ASSERT_MACH_SUCCESS(
	    task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, &bp));
	/* Hand the test a send right to r (COPY keeps ours). */
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(bp, fb_r, MACH_MSG_TYPE_COPY_SEND, 0));
	/* Take our send right to p. */
	p = ipc_recv_port(fb_r, FB_WAIT_MS, NULL);
	T_ASSERT_TRUE(MACH_PORT_VALID(p), "got the send right to p");
	T_ASSERT_POSIX_ZERO(pthread_create(&t, NULL, fb_receiver, NULL));
	for (i = 0; i < 1000 && !fb_blocked; i++)
		(void)mach_msg(NULL, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, 0,
		    ipc_port(), 1, MACH_PORT_NULL);
	*(volatile int *)0 = 1; /* dies here, with a thread in mach_msg */
	T_FAIL("survived a fault");
}

T_DECL(fault_with_thread_blocked_in_mach_msg,
    "a task that faults while blocked in mach_msg dies alone; its rights "
    "go: NO_SENDERS for the port it could send to, DEAD_NAME for its port")
{
	/* Two notify ports: the space teardown order is not specified. */
	mach_port_t ns = ipc_port(), dn = ipc_port(), p = ipc_port(), r;
	mach_port_t boot = ipc_port_send();
	pid_t pid;
	int status;

	ipc_wait_ms = FB_WAIT_MS;
	T_ASSERT_MACH_SUCCESS(
	    task_set_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, boot));
	ipc_request_ok(p, MACH_NOTIFY_NO_SENDERS, 1, ns);
	dt_helper_spawn("fb_fault_while_blocked", &pid);
	r = ipc_recv_port(boot, FB_WAIT_MS, NULL);
	T_ASSERT_TRUE(MACH_PORT_VALID(r), "the helper's port");
	ipc_request_ok(r, MACH_NOTIFY_DEAD_NAME, 0, dn);
	T_ASSERT_MACH_SUCCESS(ipc_send_port(r, p, MACH_MSG_TYPE_MAKE_SEND, 0));
	status = dt_helper_wait_status(pid);
	T_ASSERT_EQ(status, 128 + 11, "killed by SIGSEGV, nothing else");
	expect_no_senders(ns, 1);
	expect_dead_name(dn, r);
	ipc_wait_ms = 0;
	expect_nothing(ns);
	expect_nothing(dn);
	expect_refs(r, MACH_PORT_RIGHT_DEAD_NAME, 2);
}
