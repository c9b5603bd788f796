/*
 * multitask.c - notifications caused by another task: a helper task holds
 * rights or requests and exits, and its IPC space is torn down
 * (spec 2.9, 4.4, 7, gotchas 7, 9, 10).
 *
 * Rendezvous: the test puts a send right to its own port in its
 * TASK_BOOTSTRAP_PORT before starting the helper, which inherits it.  The
 * helper answers with a send right to a port of its own, through which
 * the test hands it whatever rights the case needs.
 */
#include "ipc_test_util.h"

#include <harbor/spawn.h>

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.multitask"));

#define MT_WAIT_MS 10000

/* The test side: a port the helper will find as its bootstrap port. */
static mach_port_t
mt_publish(void)
{
	mach_port_t r = ipc_port_send();

	T_ASSERT_MACH_SUCCESS(
	    task_set_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, r),
	    "publish the bootstrap port");
	ipc_wait_ms = MT_WAIT_MS;
	return r;
}

/* The test side: the helper's port, once it has said hello. */
static mach_port_t
mt_accept(mach_port_t r)
{
	mach_port_t hp = ipc_recv_port(r, MT_WAIT_MS, NULL);

	T_ASSERT_TRUE(MACH_PORT_VALID(hp), "the helper's port");
	return hp;
}

/* The helper side: say hello; returns the helper's own port. */
static mach_port_t
mt_connect(mach_port_t *bp)
{
	mach_port_t hp = ipc_port();

	T_ASSERT_MACH_SUCCESS(
	    task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, bp),
	    "find the bootstrap port");
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(*bp, hp, MACH_MSG_TYPE_MAKE_SEND, 0), "hello");
	return hp;
}

static void
mt_send_value(mach_port_t dest, uint32_t value)
{
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(dest, MACH_PORT_NULL, MACH_MSG_TYPE_COPY_SEND, value),
	    "send %u", value);
}

T_HELPER_DECL(mt_hold_receive_then_exit,
    "gives its port's send right to the test, waits for a go, exits")
{
	mach_port_t bp = MACH_PORT_NULL, x = ipc_port();
	ipc_msg_buf_t m;

	T_ASSERT_MACH_SUCCESS(
	    task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, &bp));
	T_ASSERT_MACH_SUCCESS(ipc_send_port(bp, x, MACH_MSG_TYPE_MAKE_SEND, 0));
	T_ASSERT_MACH_SUCCESS(ipc_recv(x, MT_WAIT_MS, &m, 0), "go");
}

T_DECL(dead_name_when_holder_task_exits,
    "2.7/4.4: when the task holding the receive right exits, the port dies "
    "and DEAD_NAME names the requester's name")
{
	mach_port_t n = ipc_port(), r = mt_publish(), s;
	pid_t pid;

	dt_helper_spawn("mt_hold_receive_then_exit", &pid);
	s = mt_accept(r);
	ipc_request_ok(s, MACH_NOTIFY_DEAD_NAME, 0, n);
	expect_type(s, MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	T_ASSERT_MACH_SUCCESS(ipc_send(s, 0), "go");
	dt_helper_wait(pid);
	expect_dead_name(n, s);
	expect_refs(s, MACH_PORT_RIGHT_DEAD_NAME, 2);
	ipc_wait_ms = 0;
	expect_nothing(n);
}

T_HELPER_DECL(mt_request_then_exit,
    "registers a dead-name request on a send right from the test, with "
    "the test's notify port, and exits")
{
	mach_port_t bp, hp = mt_connect(&bp), p, so, prev;

	p = ipc_recv_port(hp, MT_WAIT_MS, NULL);
	so = ipc_recv_port(hp, MT_WAIT_MS, NULL);
	expect_type(p, MACH_PORT_TYPE_SEND);
	expect_type(so, MACH_PORT_TYPE_SEND_ONCE);
	T_ASSERT_MACH_SUCCESS(mach_port_request_notification(mach_task_self(),
	    p, MACH_NOTIFY_DEAD_NAME, 0, so, MACH_MSG_TYPE_MOVE_SEND_ONCE,
	    &prev));
	T_ASSERT_EQ(prev, MACH_PORT_NULL);
	mt_send_value(bp, p);
}

T_DECL(task_death_sends_no_senders_then_port_deleted,
    "4.4/gotcha 21: a dying task's send right with a request gives "
    "NO_SENDERS, then PORT_DELETED with the helper's name")
{
	mach_port_t n = ipc_port(), p = ipc_port(), r = mt_publish(), hp;
	uint32_t hname = 0;
	pid_t pid;

	ipc_request_ok(p, MACH_NOTIFY_NO_SENDERS, 1, n);
	dt_helper_spawn("mt_request_then_exit", &pid);
	hp = mt_accept(r);
	T_ASSERT_MACH_SUCCESS(ipc_send_port(hp, p, MACH_MSG_TYPE_MAKE_SEND, 0));
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(hp, n, MACH_MSG_TYPE_MAKE_SEND_ONCE, 0));
	(void)ipc_recv_port(r, MT_WAIT_MS, &hname);
	T_LOG("the helper's name for the port: 0x%x", hname);
	dt_helper_wait(pid);
	expect_no_senders(n, 1);
	expect_port_deleted(n, hname);
	ipc_wait_ms = 0;
	expect_nothing(n);
	expect_type(p, MACH_PORT_TYPE_RECEIVE);
}

T_HELPER_DECL(mt_pdrequest_then_exit,
    "makes a port with a port-destroyed request for the test's notify "
    "port, queues a message on it, gives the test a send right, exits")
{
	mach_port_t bp, hp = mt_connect(&bp), so, x = ipc_port_send(), prev;

	so = ipc_recv_port(hp, MT_WAIT_MS, NULL);
	T_ASSERT_MACH_SUCCESS(mach_port_request_notification(mach_task_self(),
	    x, MACH_NOTIFY_PORT_DESTROYED, 0, so, MACH_MSG_TYPE_MOVE_SEND_ONCE,
	    &prev));
	T_ASSERT_MACH_SUCCESS(ipc_send_disp(
	    x, MACH_MSG_TYPE_COPY_SEND, MACH_SEND_TIMEOUT, 0, 0x77));
	T_ASSERT_MACH_SUCCESS(ipc_send_port(bp, x, MACH_MSG_TYPE_COPY_SEND, 0));
}

T_DECL(port_destroyed_rescues_from_dying_task,
    "2.9/4.4: a receive right with a pdrequest in a dying task is rescued "
    "with PORT_DESTROYED, its queue intact")
{
	mach_port_t n = ipc_port(), r = mt_publish(), hp, xs, got;
	ipc_msg_buf_t m;
	pid_t pid;

	dt_helper_spawn("mt_pdrequest_then_exit", &pid);
	hp = mt_accept(r);
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(hp, n, MACH_MSG_TYPE_MAKE_SEND_ONCE, 0));
	xs = ipc_recv_port(r, MT_WAIT_MS, NULL);
	dt_helper_wait(pid);
	got = expect_port_destroyed(n);
	T_ASSERT_EQ(got, xs, "the receive right joins our send right");
	expect_type(xs, MACH_PORT_TYPE_SEND_RECEIVE);
	T_ASSERT_EQ(ipc_status(xs).mps_mscount, 0, "mscount reset (gotcha 25)");
	T_ASSERT_MACH_SUCCESS(ipc_recv(xs, 0, &m, 0), "the queued message");
	T_ASSERT_EQ(m.hdr.msgh_id, 0x77);
	ipc_wait_ms = 0;
	expect_nothing(n);
}

T_HELPER_DECL(mt_hold_send_once_then_exit,
    "holds a send-once right to the test's port and exits")
{
	mach_port_t bp, hp = mt_connect(&bp), so;

	so = ipc_recv_port(hp, MT_WAIT_MS, NULL);
	expect_type(so, MACH_PORT_TYPE_SEND_ONCE);
	mt_send_value(bp, 1);
}

T_DECL(send_once_released_by_dying_task,
    "4.4: a send-once right left in a dying task sends SEND_ONCE")
{
	mach_port_t n = ipc_port(), r = mt_publish(), hp;
	pid_t pid;

	dt_helper_spawn("mt_hold_send_once_then_exit", &pid);
	hp = mt_accept(r);
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(hp, n, MACH_MSG_TYPE_MAKE_SEND_ONCE, 0));
	(void)ipc_recv_port(r, MT_WAIT_MS, NULL);
	dt_helper_wait(pid);
	expect_send_once(n);
	ipc_wait_ms = 0;
	expect_nothing(n);
}

T_HELPER_DECL(
    mt_hold_send_then_exit, "holds a send right to the test's port and exits")
{
	mach_port_t bp, hp = mt_connect(&bp), s;

	s = ipc_recv_port(hp, MT_WAIT_MS, NULL);
	expect_type(s, MACH_PORT_TYPE_SEND);
	mt_send_value(bp, 1);
}

T_DECL(no_senders_when_last_sender_task_exits,
    "2.10/4.4: the last send right going away with its task fires "
    "NO_SENDERS with the make-send count")
{
	mach_port_t n = ipc_port(), p = ipc_port(), r = mt_publish(), hp;
	pid_t pid;

	ipc_request_ok(p, MACH_NOTIFY_NO_SENDERS, 1, n);
	dt_helper_spawn("mt_hold_send_then_exit", &pid);
	hp = mt_accept(r);
	T_ASSERT_MACH_SUCCESS(ipc_send_port(hp, p, MACH_MSG_TYPE_MAKE_SEND, 0));
	(void)ipc_recv_port(r, MT_WAIT_MS, NULL);
	dt_helper_wait(pid);
	expect_no_senders(n, 1);
	ipc_wait_ms = 0;
	expect_nothing(n);
}

T_HELPER_DECL(mt_arm_send_possible_then_wait,
    "after `pad` spare ports, takes a send right to the test's full port "
    "and a send-once right to its notify port, registers an immediate "
    "send-possible request (armed), reports its name, waits for a go")
{
	mach_port_t bp, hp = mt_connect(&bp), p, so, prev;
	uint32_t pad = 0, i;
	ipc_msg_buf_t m;

	(void)ipc_recv_port(hp, MT_WAIT_MS, &pad);
	for (i = 0; i < pad; i++) {
		(void)ipc_port();
	}
	p = ipc_recv_port(hp, MT_WAIT_MS, NULL);
	so = ipc_recv_port(hp, MT_WAIT_MS, NULL);
	T_ASSERT_MACH_SUCCESS(mach_port_request_notification(mach_task_self(),
	    p, MACH_NOTIFY_SEND_POSSIBLE, 1, so, MACH_MSG_TYPE_MOVE_SEND_ONCE,
	    &prev));
	T_ASSERT_EQ(prev, MACH_PORT_NULL);
	expect_type(p, MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	mt_send_value(bp, p);
	T_ASSERT_MACH_SUCCESS(ipc_recv(hp, MT_WAIT_MS, &m, 0), "go");
}

static pid_t
mt_start_armer(mach_port_t r, mach_port_t p, mach_port_t n, uint32_t pad,
    uint32_t *name, mach_port_t *hp)
{
	pid_t pid;

	dt_helper_spawn("mt_arm_send_possible_then_wait", &pid);
	*hp = mt_accept(r);
	mt_send_value(*hp, pad);
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(*hp, p, MACH_MSG_TYPE_COPY_SEND, 0));
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(*hp, n, MACH_MSG_TYPE_MAKE_SEND_ONCE, 0));
	(void)ipc_recv_port(r, MT_WAIT_MS, name);
	return pid;
}

T_DECL(all_armed_requests_fire_in_slot_order,
    "2.8/5.4/gotcha 14: one receive fires every armed request of every "
    "space at once, in ascending slot order; fired slots send nothing "
    "when their tasks exit")
{
	mach_port_t n = ipc_port(), p = ipc_port_send(), r = mt_publish();
	mach_port_t hp1, hp2;
	uint32_t name1 = 0, name2 = 0;
	pid_t pid1, pid2;

	ipc_fill(p);
	pid1 = mt_start_armer(r, p, n, 0, &name1, &hp1);
	pid2 = mt_start_armer(r, p, n, 3, &name2, &hp2);
	T_ASSERT_NE(name1, name2, "the helpers' names differ");
	T_ASSERT_EQ(ipc_dnrequests_size(p), 4, "slots 1 and 3 in use");
	ipc_wait_ms = 0;
	expect_nothing(n);

	ipc_drain_one(p);
	/* First request: slot 1; second: slot 3 (spec 1.5). */
	expect_send_possible(n, name1);
	expect_send_possible(n, name2);
	expect_nothing(n);

	T_ASSERT_MACH_SUCCESS(ipc_send(hp1, 0), "go 1");
	T_ASSERT_MACH_SUCCESS(ipc_send(hp2, 0), "go 2");
	dt_helper_wait(pid1);
	dt_helper_wait(pid2);
	expect_nothing(n);
}

T_HELPER_DECL(mt_own_request_and_pdrequest_then_exit,
    "holds SEND|RECEIVE with its own dead-name request and a port-destroyed "
    "request, both for the test's notify port, and exits")
{
	mach_port_t bp, hp = mt_connect(&bp), so1, so2, x = ipc_port_send();
	mach_port_t prev;

	so1 = ipc_recv_port(hp, MT_WAIT_MS, NULL);
	so2 = ipc_recv_port(hp, MT_WAIT_MS, NULL);
	T_ASSERT_MACH_SUCCESS(mach_port_request_notification(mach_task_self(),
	    x, MACH_NOTIFY_DEAD_NAME, 0, so1, MACH_MSG_TYPE_MOVE_SEND_ONCE,
	    &prev));
	T_ASSERT_MACH_SUCCESS(mach_port_request_notification(mach_task_self(),
	    x, MACH_NOTIFY_PORT_DESTROYED, 0, so2, MACH_MSG_TYPE_MOVE_SEND_ONCE,
	    &prev));
	mt_send_value(bp, x);
}

T_DECL(dying_task_rescue_then_port_deleted,
    "4.4/gotcha 21: a dying task's SEND|RECEIVE name with a request and a "
    "pdrequest: PORT_DESTROYED first, then PORT_DELETED for its name")
{
	mach_port_t n = ipc_port(), r = mt_publish(), hp, got;
	uint32_t hname = 0;
	pid_t pid;

	dt_helper_spawn("mt_own_request_and_pdrequest_then_exit", &pid);
	hp = mt_accept(r);
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(hp, n, MACH_MSG_TYPE_MAKE_SEND_ONCE, 0));
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(hp, n, MACH_MSG_TYPE_MAKE_SEND_ONCE, 0));
	(void)ipc_recv_port(r, MT_WAIT_MS, &hname);
	dt_helper_wait(pid);
	got = expect_port_destroyed(n);
	expect_type(got, MACH_PORT_TYPE_RECEIVE);
	expect_port_deleted(n, hname);
	ipc_wait_ms = 0;
	expect_nothing(n);
}

T_HELPER_DECL(mt_lend_task_port_then_wait,
    "gives the test its task port and the name of a receive right of its "
    "own, waits for a go, exits")
{
	mach_port_t bp, hp = mt_connect(&bp), x = ipc_port();
	ipc_msg_buf_t m;

	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(bp, mach_task_self(), MACH_MSG_TYPE_COPY_SEND, x),
	    "lend the task port");
	T_ASSERT_MACH_SUCCESS(ipc_recv(hp, MT_WAIT_MS, &m, 0), "go");
	expect_type(x, MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_DNREQUEST);
}

T_DECL(request_in_another_tasks_space,
    "6.2: through another task's port, the name is looked up in that "
    "task's space; its death sends PORT_DELETED for that name")
{
	mach_port_t n = ipc_port(), r = mt_publish(), hp, tp, prev;
	mach_port_type_t type = 0;
	uint32_t x = 0;
	pid_t pid;

	dt_helper_spawn("mt_lend_task_port_then_wait", &pid);
	hp = mt_accept(r);
	tp = ipc_recv_port(r, MT_WAIT_MS, &x);
	T_ASSERT_NE(tp, mach_task_self(), "another task");
	T_ASSERT_MACH_SUCCESS(mach_port_request_notification(tp, x,
	    MACH_NOTIFY_DEAD_NAME, 0, n, MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev));
	T_ASSERT_EQ(prev, MACH_PORT_NULL);
	T_ASSERT_MACH_SUCCESS(mach_port_type(tp, x, &type));
	T_ASSERT_EQ(type, MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_DNREQUEST,
	    "the helper's receive right has the request");
	T_ASSERT_MACH_SUCCESS(ipc_send(hp, 0), "go");
	dt_helper_wait(pid);
	expect_port_deleted(n, x);
	ipc_wait_ms = 0;
	expect_nothing(n);
}

T_HELPER_DECL(mt_block_in_receive,
    "takes a send right and a send-once right from the test, then blocks "
    "in a receive until it is killed")
{
	mach_port_t bp, hp = mt_connect(&bp), s, so;
	ipc_msg_buf_t m;

	s = ipc_recv_port(hp, MT_WAIT_MS, NULL);
	so = ipc_recv_port(hp, MT_WAIT_MS, NULL);
	expect_type(s, MACH_PORT_TYPE_SEND);
	expect_type(so, MACH_PORT_TYPE_SEND_ONCE);
	mt_send_value(bp, 1);
	(void)ipc_recv(hp, 120000, &m, 0);
	T_FAIL("not killed");
}

T_DECL(killed_task_blocked_in_receive_releases_rights,
    "4.4: killing a task whose thread is blocked in mach_msg tears its "
    "space down: NO_SENDERS for its send right, SEND_ONCE for its "
    "send-once right")
{
	mach_port_t n = ipc_port(), nn = ipc_port(), p = ipc_port();
	mach_port_t r = mt_publish(), hp;
	pid_t pid;
	int status;

	ipc_request_ok(p, MACH_NOTIFY_NO_SENDERS, 1, nn);
	dt_helper_spawn("mt_block_in_receive", &pid);
	hp = mt_accept(r);
	T_ASSERT_MACH_SUCCESS(ipc_send_port(hp, p, MACH_MSG_TYPE_MAKE_SEND, 0));
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(hp, n, MACH_MSG_TYPE_MAKE_SEND_ONCE, 0));
	(void)ipc_recv_port(r, MT_WAIT_MS, NULL);
	T_ASSERT_POSIX_ZERO(harbor_kill(pid, 9), "harbor_kill");
	status = dt_helper_wait_status(pid);
	T_LOG("the killed helper's status: %d", status);
	T_ASSERT_NE(status, DT_EXIT_PASS, "it did not finish its body");
	T_ASSERT_NE(status, DT_EXIT_FAIL, "nor reach the T_FAIL");
	expect_no_senders(nn, 1);
	expect_send_once(n);
	ipc_wait_ms = 0;
	expect_nothing(n);
	expect_nothing(nn);
}

T_HELPER_DECL(mt_block_in_send,
    "takes a send right to the test's full port and a send-once right, "
    "then blocks sending the send-once right to the full port")
{
	mach_port_t bp, hp = mt_connect(&bp), s, so;

	s = ipc_recv_port(hp, MT_WAIT_MS, NULL);
	so = ipc_recv_port(hp, MT_WAIT_MS, NULL);
	mt_send_value(bp, 1);
	(void)ipc_send_port_opt(s, so, MACH_MSG_TYPE_MOVE_SEND_ONCE, 0, 0);
	T_FAIL("the send to a full queue returned");
}

T_DECL(killed_task_blocked_in_send_destroys_its_message,
    "5.3/4.4: killing a task blocked sending to a full queue discards its "
    "message (the send-once right it carried gets SEND_ONCE) and releases "
    "its send right (NO_SENDERS once the queued message is received)")
{
	mach_port_t n = ipc_port(), nn = ipc_port(), p = ipc_port_send();
	mach_port_t r = mt_publish(), hp;
	pid_t pid;

	ipc_fill(p);
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), p),
	    "p is receive-only, with one message queued");
	ipc_request_ok(p, MACH_NOTIFY_NO_SENDERS, 2, nn);
	dt_helper_spawn("mt_block_in_send", &pid);
	hp = mt_accept(r);
	T_ASSERT_MACH_SUCCESS(ipc_send_port(hp, p, MACH_MSG_TYPE_MAKE_SEND, 0));
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(hp, n, MACH_MSG_TYPE_MAKE_SEND_ONCE, 0));
	(void)ipc_recv_port(r, MT_WAIT_MS, NULL);
	T_ASSERT_POSIX_ZERO(harbor_kill(pid, 9), "harbor_kill");
	T_ASSERT_NE(dt_helper_wait_status(pid), DT_EXIT_PASS);
	expect_send_once(n);
	T_ASSERT_EQ(ipc_status(p).mps_msgcount, 1, "nothing was enqueued");
	ipc_wait_ms = 0;
	expect_nothing(n);
	/* The queued message still holds a send right for its destination:
	 * only receiving it lets the count of send rights reach zero. */
	expect_nothing(nn);
	ipc_drain_one(p);
	expect_no_senders(nn, 2);
	expect_nothing(nn);
}
