/*
 * threads.c - send-possible requests with a sender blocked on a full queue
 * (spec 5.3, 5.4, 5.6, decision 2).  Each case is built so that its outcome
 * does not depend on when the other thread runs.
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.threads"));

#if __has_include(<pthread.h>)

#define ARMED_BITS (MACH_PORT_TYPE_DNREQUEST | MACH_PORT_TYPE_SPREQUEST)
#define REQ_BITS (ARMED_BITS | MACH_PORT_TYPE_SPREQUEST_DELAYED)

struct sender {
	mach_port_t dest;
	mach_msg_option_t option;
	mach_msg_return_t result;
};

/* A blocking send (no timeout); no assertions off the test's thread. */
static void *
blocking_sender(void *arg)
{
	struct sender *s = arg;

	s->result = ipc_send_disp(
	    s->dest, MACH_MSG_TYPE_COPY_SEND, s->option, 0, 0x5151);
	return NULL;
}

static pthread_t
start_sender(struct sender *s, mach_port_t dest, mach_msg_option_t option)
{
	s->dest = dest;
	s->option = option;
	s->result = -1;
	return ipc_start_thread(blocking_sender, s);
}

/* Sleep by waiting for a message that never comes. */
static void
nap(mach_msg_timeout_t ms)
{
	mach_port_t p = ipc_port();
	ipc_msg_buf_t m;

	T_QUIET;
	T_ASSERT_MACH_ERROR(ipc_recv(p, ms, &m, 0), MACH_RCV_TIMED_OUT);
	mach_port_destroy(mach_task_self(), p);
}

T_DECL(blocked_sender_takes_slot_and_request_fires,
    "5.4: a receive hands the freed slot to a blocked sender and still "
    "fires the armed request, though the queue is full again")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();
	struct sender s;
	pthread_t t;

	ipc_fill(p);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	t = start_sender(&s, p, 0);
	nap(200);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	T_ASSERT_POSIX_ZERO(pthread_join(t, NULL));
	T_ASSERT_MACH_SUCCESS(s.result, "the blocked send completed");
	T_ASSERT_EQ(ipc_status(p).mps_msgcount, 1, "full again");
	expect_nothing(n);
}

T_DECL(raising_qlimit_wakes_blocked_sender_fires_nothing,
    "5.6: raising qlimit wakes a blocked sender but fires nothing; the "
    "armed request waits for a receive")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();
	struct sender s;
	pthread_t t;

	ipc_fill(p);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	t = start_sender(&s, p, 0);
	nap(200);
	ipc_set_qlimit(p, 2);
	T_ASSERT_POSIX_ZERO(pthread_join(t, NULL));
	T_ASSERT_MACH_SUCCESS(s.result, "woken by the larger queue");
	T_ASSERT_EQ(ipc_status(p).mps_msgcount, 2);
	expect_nothing(n);
	T_ASSERT_EQ(ipc_names_type(p) & REQ_BITS, ARMED_BITS, "still armed");
	ipc_drain_one(p);
	expect_send_possible(n, p);
	expect_nothing(n);
}

T_DECL(blocking_send_notify_arms_then_waits,
    "5.3: a MACH_SEND_NOTIFY send without a timeout arms the request and "
    "blocks; the receive that frees its slot fires SEND_POSSIBLE")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();
	struct sender s;
	pthread_t t;
	int i;

	ipc_fill(p);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 0, n);
	t = start_sender(&s, p, MACH_SEND_NOTIFY);
	for (i = 0; i < 100 && (ipc_names_type(p) & REQ_BITS) != ARMED_BITS;
	     i++) {
		nap(20);
	}
	T_ASSERT_EQ(ipc_names_type(p) & REQ_BITS, ARMED_BITS,
	    "armed by the blocked sender");
	expect_nothing(n);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	T_ASSERT_POSIX_ZERO(pthread_join(t, NULL));
	T_ASSERT_MACH_SUCCESS(s.result);
	T_ASSERT_EQ(ipc_status(p).mps_msgcount, 1);
	expect_nothing(n);
}

T_DECL(blocked_receiver_gets_message_and_fires,
    "5.4: a receiver blocked before the message arrives also fires the "
    "armed request when the message is copied out to it")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();
	struct sender s;
	pthread_t t;
	ipc_msg_buf_t m;

	ipc_fill(p);
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	/* Re-arm on the (again) full queue, then wait in receive. */
	T_ASSERT_MACH_SUCCESS(ipc_send(p, 0));
	ipc_request_ok(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
	ipc_drain_one(p);
	expect_send_possible(n, p);
	t = start_sender(&s, p, 0);
	T_ASSERT_MACH_SUCCESS(ipc_recv(p, 5000, &m, 0), "blocked receive");
	T_ASSERT_EQ(m.hdr.msgh_id, 0x5151);
	T_ASSERT_POSIX_ZERO(pthread_join(t, NULL));
	T_ASSERT_MACH_SUCCESS(s.result);
	expect_nothing(n);
}

#else

T_DECL(threads_unavailable, "this C library has no <pthread.h>")
{
	T_SKIP("no pthreads on this machine yet");
}

#endif
