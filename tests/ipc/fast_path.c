/*
 * fast_path.c - the one-pass send, receive and copyout of the common
 * message, and the hand-off of a message to a waiting receiver
 * (doc/ipc-fast-path.md).  Each case asserts what the general path gives:
 * names, dispositions, sequence numbers, urefs, notifications.  Cases with
 * a second thread hold whether or not it is already waiting when the
 * message is sent (handed over or queued, the outcome is the same).
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.fast_path"));

#define ROUNDS 200
#define ID_CALL 100
#define ID_QUIT 101

/* A header-only request to dest with a make-send-once reply. */
static mach_msg_return_t
call(mach_port_t dest, mach_port_t reply, mach_msg_id_t id,
    mach_msg_option_t option, ipc_msg_buf_t *m)
{
	memset(m, 0, sizeof(*m));
	m->hdr.msgh_bits = MACH_MSGH_BITS(
	    MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m->hdr.msgh_size = sizeof(mach_msg_header_t);
	m->hdr.msgh_remote_port = dest;
	m->hdr.msgh_local_port = reply;
	m->hdr.msgh_id = id;
	return mach_msg(&m->hdr, option, sizeof(mach_msg_header_t), sizeof(*m),
	    reply, 0, MACH_PORT_NULL);
}

T_DECL(self_rpc_round_trip,
    "a combined send+receive of a make-send-once message to one's own "
    "receive right comes back with the right names and bits, and leaves "
    "no send-once right behind")
{
	mach_port_t p = ipc_port();
	ipc_msg_buf_t m;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		memset(&m, 0, sizeof(m));
		m.hdr.msgh_bits =
		    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE, 0);
		m.hdr.msgh_size = sizeof(mach_msg_header_t);
		m.hdr.msgh_remote_port = p;
		m.hdr.msgh_id = i;
		T_QUIET;
		T_ASSERT_MACH_SUCCESS(
		    mach_msg(&m.hdr, MACH_SEND_MSG | MACH_RCV_MSG,
			sizeof(mach_msg_header_t), sizeof(m), p, 0,
			MACH_PORT_NULL),
		    "round %d", i);
		T_QUIET;
		T_ASSERT_EQ(m.hdr.msgh_id, i, "the message of round %d", i);
	}
	T_ASSERT_EQ(m.hdr.msgh_bits,
	    MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE),
	    "remote none, local the used-up send-once right");
	T_ASSERT_EQ(m.hdr.msgh_local_port, p, "local names the receive right");
	T_ASSERT_EQ(m.hdr.msgh_remote_port, MACH_PORT_NULL, "no reply");
	T_ASSERT_EQ(ipc_status(p).mps_sorights, 0, "no send-once right left");
	T_ASSERT_EQ(ipc_status(p).mps_seqno, ROUNDS, "one seqno per message");
	expect_names_type(p, MACH_PORT_TYPE_RECEIVE);
}

T_DECL(reply_right_gets_a_fresh_send_once_name,
    "a received make-send-once reply is a new send-once name with one "
    "uref; answering through it (move-send-once) uses it up")
{
	mach_port_t s = ipc_port_send(), r = ipc_port();
	ipc_msg_buf_t m, a;
	mach_port_t so;

	T_ASSERT_MACH_SUCCESS(call(s, r, 0, MACH_SEND_MSG, &m), "the request");
	T_ASSERT_MACH_SUCCESS(ipc_recv(s, 0, &m, 0));
	T_ASSERT_EQ(m.hdr.msgh_bits,
	    MACH_MSGH_BITS(
		MACH_MSG_TYPE_PORT_SEND_ONCE, MACH_MSG_TYPE_PORT_SEND),
	    "remote a send-once reply, local the used-up send right");
	so = m.hdr.msgh_remote_port;
	T_ASSERT_TRUE(MACH_PORT_VALID(so) && so != r, "a fresh name");
	expect_type(so, MACH_PORT_TYPE_SEND_ONCE);
	expect_refs(so, MACH_PORT_RIGHT_SEND_ONCE, 1);
	expect_refs(s, MACH_PORT_RIGHT_SEND, 1);
	T_ASSERT_EQ(ipc_status(r).mps_sorights, 1, "one send-once right out");
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_disp(so, MACH_MSG_TYPE_MOVE_SEND_ONCE, 0, 0, 7));
	expect_no_name(so);
	T_ASSERT_MACH_SUCCESS(ipc_recv(r, 0, &a, 0));
	T_ASSERT_EQ(a.hdr.msgh_id, 7, "the answer");
	T_ASSERT_EQ(a.hdr.msgh_local_port, r, "local names the reply port");
	T_ASSERT_EQ(ipc_status(r).mps_sorights, 0, "the send-once is used up");
}

T_DECL(reply_port_dead_before_receive_arrives_dead,
    "a send-once reply whose port died in flight is copied out as "
    "MACH_PORT_DEAD, with no new name")
{
	mach_port_t s = ipc_port_send(), r = ipc_port();
	ipc_msg_buf_t m;

	T_ASSERT_MACH_SUCCESS(call(s, r, 0, MACH_SEND_MSG, &m), "the request");
	T_ASSERT_MACH_SUCCESS(mach_port_mod_refs(
	    mach_task_self(), r, MACH_PORT_RIGHT_RECEIVE, -1));
	T_ASSERT_MACH_SUCCESS(ipc_recv(s, 0, &m, 0));
	T_ASSERT_EQ(m.hdr.msgh_remote_port, MACH_PORT_DEAD, "a dead reply");
	T_ASSERT_EQ(MACH_MSGH_BITS_REMOTE(m.hdr.msgh_bits),
	    MACH_MSG_TYPE_PORT_SEND_ONCE, "still typed send-once");
	expect_names_type(s, MACH_PORT_TYPE_SEND_RECEIVE);
}

T_DECL(last_send_right_used_up_on_receive_fires_no_senders,
    "a message's destination send right is released by the receive: when "
    "it was the last one, NO_SENDERS fires then, not before")
{
	mach_port_t n = ipc_port(), p = ipc_port_send();
	ipc_msg_buf_t m;

	ipc_request_ok(p, MACH_NOTIFY_NO_SENDERS, 0, n);
	T_ASSERT_MACH_SUCCESS(ipc_send(p, 0));
	T_ASSERT_MACH_SUCCESS(
	    mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, -1));
	expect_nothing(n);
	T_ASSERT_MACH_SUCCESS(ipc_recv(p, 0, &m, 0));
	expect_no_senders(n, 1);
}

T_DECL(make_send_destination_counts_and_fires_no_senders,
    "a MAKE_SEND destination counts in the make-send count; the right is "
    "used up by the receive, which then fires an armed NO_SENDERS")
{
	mach_port_t n = ipc_port(), p = ipc_port();
	ipc_msg_buf_t m;

	ipc_request_ok(p, MACH_NOTIFY_NO_SENDERS, 1, n);
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_disp(p, MACH_MSG_TYPE_MAKE_SEND, MACH_SEND_TIMEOUT, 0, 9));
	T_ASSERT_EQ(ipc_status(p).mps_mscount, 1, "one send right made");
	expect_nothing(n);
	T_ASSERT_MACH_SUCCESS(ipc_recv(p, 0, &m, 0));
	T_ASSERT_EQ(m.hdr.msgh_bits, MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND),
	    "local: the used-up send right");
	expect_no_senders(n, 1);
	expect_names_type(p, MACH_PORT_TYPE_RECEIVE);
}

#if __has_include(<pthread.h>)

struct server {
	mach_port_t port;
	mach_msg_size_t rcv_size;
	mach_msg_option_t option;
	mach_msg_return_t result;
	mach_msg_bits_t bits; /* of the message receive_once got */
	mach_port_seqno_t seqno[ROUNDS];
	int served;
};

/*
 * Serve calls on a port: receive, answer through the send-once reply
 * with a combined send+receive, until ID_QUIT.  No assertions off the
 * test's thread.
 */
static void *
serve(void *arg)
{
	struct server *sv = arg;
	struct {
		mach_msg_header_t hdr;
		mach_msg_seqno_trailer_t trailer;
	} m;
	mach_msg_option_t rcv = MACH_RCV_MSG |
	    MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
	    MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO);
	mach_msg_return_t mr;

	memset(&m, 0, sizeof(m));
	mr = mach_msg(&m.hdr, rcv, 0, sizeof(m), sv->port, 0, MACH_PORT_NULL);
	while (mr == MACH_MSG_SUCCESS && m.hdr.msgh_id == ID_CALL &&
	    sv->served < ROUNDS) {
		sv->seqno[sv->served++] = m.trailer.msgh_seqno;
		m.hdr.msgh_bits =
		    MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.hdr.msgh_size = sizeof(mach_msg_header_t);
		m.hdr.msgh_local_port = MACH_PORT_NULL;
		mr = mach_msg(&m.hdr, MACH_SEND_MSG | rcv,
		    sizeof(mach_msg_header_t), sizeof(m), sv->port, 0,
		    MACH_PORT_NULL);
	}
	if (mr == MACH_MSG_SUCCESS && m.hdr.msgh_id == ID_QUIT) {
		m.hdr.msgh_bits =
		    MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.hdr.msgh_size = sizeof(mach_msg_header_t);
		m.hdr.msgh_local_port = MACH_PORT_NULL;
		mr = mach_msg(&m.hdr, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
		    sizeof(mach_msg_header_t), 0, 0, 0, MACH_PORT_NULL);
	}
	sv->result = mr;
	return NULL;
}

/* One receive on a port with the given buffer size and options. */
static void *
receive_once(void *arg)
{
	struct server *sv = arg;
	ipc_msg_buf_t m;

	memset(&m, 0, sizeof(m));
	sv->result = mach_msg(&m.hdr, MACH_RCV_MSG | sv->option, 0,
	    sv->rcv_size, sv->port, 0, MACH_PORT_NULL);
	sv->bits = m.hdr.msgh_bits;
	return NULL;
}

T_DECL(rpc_between_threads_keeps_order_and_rights,
    "RPCs to a server thread (copy-send request, make-send-once reply, "
    "the server answering with a combined send+receive): every answer "
    "arrives, sequence numbers count every request, and no right is "
    "left over")
{
	mach_port_t s = ipc_port_send(), r = ipc_port();
	struct server sv = {.port = s};
	ipc_msg_buf_t m;
	pthread_t t = ipc_start_thread(serve, &sv);
	int i;

	for (i = 0; i < ROUNDS; i++) {
		T_QUIET;
		T_ASSERT_MACH_SUCCESS(
		    call(s, r, ID_CALL, MACH_SEND_MSG | MACH_RCV_MSG, &m),
		    "call %d", i);
		T_QUIET;
		T_ASSERT_EQ(
		    m.hdr.msgh_local_port, r, "the answer to call %d", i);
	}
	T_ASSERT_MACH_SUCCESS(call(s, r, ID_QUIT, MACH_SEND_MSG, &m));
	T_ASSERT_POSIX_ZERO(pthread_join(t, NULL));
	T_ASSERT_MACH_SUCCESS(sv.result, "the server ended cleanly");
	T_ASSERT_EQ(sv.served, ROUNDS, "every call was served");
	for (i = 0; i < ROUNDS; i++) {
		T_QUIET;
		T_ASSERT_EQ(sv.seqno[i], (mach_port_seqno_t)i, "seqno %d", i);
	}
	T_ASSERT_EQ(ipc_status(s).mps_seqno, ROUNDS + 1, "requests counted");
	expect_refs(s, MACH_PORT_RIGHT_SEND, 1);
	T_ASSERT_EQ(ipc_status(r).mps_sorights, 1,
	    "the queued QUIT answer holds the last send-once right");
	T_ASSERT_MACH_SUCCESS(ipc_recv(r, 0, &m, 0), "the QUIT answer");
	T_ASSERT_EQ(ipc_status(r).mps_sorights, 0, "no reply right left");
	T_ASSERT_MACH_ERROR(
	    ipc_recv(r, 0, &m, 0), MACH_RCV_TIMED_OUT, "nothing else");
}

T_DECL(message_too_large_for_waiting_receiver,
    "a message larger than a waiting receiver's buffer is not handed to "
    "it: without MACH_RCV_LARGE the receive fails MACH_RCV_TOO_LARGE and "
    "the message is gone; with it, the message stays queued")
{
	mach_port_t p = ipc_port_send();
	struct server sv = {.port = p, .rcv_size = sizeof(mach_msg_header_t)};
	pthread_t t = ipc_start_thread(receive_once, &sv);
	ipc_msg_buf_t m;

	T_ASSERT_MACH_SUCCESS(ipc_send(p, 0));
	T_ASSERT_POSIX_ZERO(pthread_join(t, NULL));
	T_ASSERT_MACH_ERROR(sv.result, MACH_RCV_TOO_LARGE, "too large");
	T_ASSERT_EQ(ipc_status(p).mps_msgcount, 0, "the message was dropped");

	sv.result = 0;
	sv.option = MACH_RCV_LARGE;
	t = ipc_start_thread(receive_once, &sv);
	T_ASSERT_MACH_SUCCESS(ipc_send(p, 0));
	T_ASSERT_POSIX_ZERO(pthread_join(t, NULL));
	T_ASSERT_MACH_ERROR(sv.result, MACH_RCV_TOO_LARGE, "too large");
	T_ASSERT_EQ(ipc_status(p).mps_msgcount, 1, "the message stays queued");
	T_ASSERT_MACH_SUCCESS(ipc_recv(p, 0, &m, 0), "and can be received");
	T_ASSERT_EQ(m.hdr.msgh_id, 0x1234, "the same message");
}

/*
 * Give another thread time to start waiting, so that a message sent next
 * is usually handed over rather than queued: a 20 ms receive that times
 * out.  (The outcome is the same either way.)
 */
static void
let_others_block(void)
{
	mach_port_t q = ipc_port();
	ipc_msg_buf_t m;

	T_QUIET;
	T_ASSERT_MACH_ERROR(
	    ipc_recv(q, 20, &m, 0), MACH_RCV_TIMED_OUT, "pause");
	T_QUIET;
	T_ASSERT_MACH_SUCCESS(mach_port_mod_refs(
	    mach_task_self(), q, MACH_PORT_RIGHT_RECEIVE, -1));
}

T_DECL(handed_message_with_last_send_right_fires_no_senders,
    "a message to a waiting receiver whose destination is the port's only "
    "send right (MAKE_SEND, NO_SENDERS armed): the receive uses the right "
    "up and NO_SENDERS fires once, with the make-send count")
{
	mach_port_t n = ipc_port(), p = ipc_port();
	struct server sv = {.port = p, .rcv_size = sizeof(ipc_msg_buf_t)};
	pthread_t t;

	ipc_request_ok(p, MACH_NOTIFY_NO_SENDERS, 1, n);
	t = ipc_start_thread(receive_once, &sv);
	let_others_block();
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_disp(p, MACH_MSG_TYPE_MAKE_SEND, MACH_SEND_TIMEOUT, 0, 9));
	T_ASSERT_POSIX_ZERO(pthread_join(t, NULL));
	T_ASSERT_MACH_SUCCESS(sv.result, "received");
	T_ASSERT_EQ(sv.bits, MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND),
	    "local: the used-up send right");
	expect_no_senders(n, 1);
	expect_nothing(n);
	expect_names_type(p, MACH_PORT_TYPE_RECEIVE);
}

#define RECEIVERS 4
#define MESSAGES 400
#define ID_FIRST 1000 /* data messages: ID_FIRST + i, clear of ID_QUIT */

struct receiver {
	mach_port_t port;
	mach_msg_return_t result;
	int count;
	mach_msg_id_t id[MESSAGES];
	mach_port_seqno_t seqno[MESSAGES];
};

/* Receive until ID_QUIT, recording each message's id and seqno. */
static void *
receive_all(void *arg)
{
	struct receiver *r = arg;
	struct {
		mach_msg_header_t hdr;
		mach_msg_seqno_trailer_t trailer;
	} m;
	mach_msg_return_t mr;

	for (;;) {
		memset(&m, 0, sizeof(m));
		mr = mach_msg(&m.hdr,
		    MACH_RCV_MSG |
			MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
			MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO),
		    0, sizeof(m), r->port, 0, MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS || m.hdr.msgh_id == ID_QUIT ||
		    r->count == MESSAGES)
			break;
		r->id[r->count] = m.hdr.msgh_id - ID_FIRST;
		r->seqno[r->count++] = m.trailer.msgh_seqno;
	}
	r->result = mr;
	return NULL;
}

T_DECL(many_receivers_get_each_message_once,
    "messages to a port on which several threads wait, handed over or "
    "queued as it happens: each is received exactly once, and the "
    "sequence numbers of all of them are 0..n-1 without a gap or repeat")
{
	static struct receiver r[RECEIVERS];
	static bool seen_id[MESSAGES], seen_seqno[MESSAGES + RECEIVERS];
	mach_port_t p = ipc_port_send();
	pthread_t t[RECEIVERS];
	int i, j, total = 0;

	for (i = 0; i < RECEIVERS; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].port = p;
		t[i] = ipc_start_thread(receive_all, &r[i]);
	}
	for (i = 0; i < MESSAGES; i++) {
		T_QUIET;
		T_ASSERT_MACH_SUCCESS(ipc_send_disp(p, MACH_MSG_TYPE_COPY_SEND,
					  0, 0, ID_FIRST + i),
		    "message %d", i);
	}
	for (i = 0; i < RECEIVERS; i++)
		T_ASSERT_MACH_SUCCESS(
		    ipc_send_disp(p, MACH_MSG_TYPE_COPY_SEND, 0, 0, ID_QUIT));
	for (i = 0; i < RECEIVERS; i++) {
		T_ASSERT_POSIX_ZERO(pthread_join(t[i], NULL));
		T_ASSERT_MACH_SUCCESS(
		    r[i].result, "receiver %d ended cleanly", i);
		for (j = 0; j < r[i].count; j++) {
			T_QUIET;
			T_ASSERT_TRUE(r[i].id[j] >= 0 &&
				r[i].id[j] < MESSAGES && !seen_id[r[i].id[j]],
			    "message %d received once", r[i].id[j]);
			seen_id[r[i].id[j]] = true;
			T_QUIET;
			T_ASSERT_TRUE(r[i].seqno[j] < MESSAGES + RECEIVERS &&
				!seen_seqno[r[i].seqno[j]],
			    "seqno %u given once", r[i].seqno[j]);
			seen_seqno[r[i].seqno[j]] = true;
		}
		total += r[i].count;
	}
	T_ASSERT_EQ(total, MESSAGES, "every message received");
	T_ASSERT_EQ(ipc_status(p).mps_seqno, MESSAGES + RECEIVERS,
	    "one seqno per message, QUITs included");
	T_ASSERT_EQ(ipc_status(p).mps_msgcount, 0, "nothing left queued");
}

#endif /* pthread.h */
