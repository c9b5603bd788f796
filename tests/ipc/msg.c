/*
 * msg.c - mach_msg basics the notification tests rely on: inline data,
 * qlimit and send timeouts, receive timeouts, MACH_RCV_LARGE, trailers,
 * port descriptors, send-once replies, port sets (spec 1.3, 4.9, 4.10,
 * 5.4, 7).
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.msg"));

typedef struct {
	mach_msg_header_t hdr;
	uint32_t data[4];
} data_msg_t;

static mach_msg_return_t
send_data(
    mach_port_t dest, mach_port_t reply, mach_msg_type_name_t rdisp, uint32_t v)
{
	data_msg_t m;

	memset(&m, 0, sizeof(m));
	m.hdr.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, rdisp);
	m.hdr.msgh_size = sizeof(m);
	m.hdr.msgh_remote_port = dest;
	m.hdr.msgh_local_port = reply;
	m.hdr.msgh_id = 500;
	m.data[0] = v;
	m.data[3] = ~v;
	return mach_msg(&m.hdr, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m), 0,
	    MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

T_DECL(inline_data_round_trip,
    "a message's header and inline data arrive as sent, in receive "
    "orientation, with the default trailer")
{
	mach_port_t p = ipc_port_send();
	ipc_msg_buf_t m;
	const data_msg_t *d = (const data_msg_t *)(const void *)m.bytes;
	const mach_msg_trailer_t *tr;

	T_ASSERT_MACH_SUCCESS(send_data(p, MACH_PORT_NULL, 0, 0xabcd));
	T_ASSERT_MACH_SUCCESS(ipc_recv(p, 0, &m, 0));
	T_ASSERT_EQ(m.hdr.msgh_size, sizeof(data_msg_t));
	T_ASSERT_EQ(m.hdr.msgh_bits, MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND),
	    "remote 0, local PORT_SEND");
	T_ASSERT_EQ(m.hdr.msgh_local_port, p);
	T_ASSERT_EQ(m.hdr.msgh_remote_port, MACH_PORT_NULL);
	T_ASSERT_EQ(m.hdr.msgh_id, 500);
	T_ASSERT_EQ(d->data[0], 0xabcd);
	T_ASSERT_EQ(d->data[3], ~0xabcdu);
	tr = (const mach_msg_trailer_t *)(const void *)(m.bytes +
	    sizeof(data_msg_t));
	T_ASSERT_EQ(tr->msgh_trailer_type, MACH_MSG_TRAILER_FORMAT_0);
	T_ASSERT_EQ(tr->msgh_trailer_size, 8);
	expect_refs(p, MACH_PORT_RIGHT_SEND, 1);
}

T_DECL(default_qlimit_and_send_timeout,
    "1.3: the default qlimit is 5; a sixth send with timeout 0 is "
    "MACH_SEND_TIMED_OUT")
{
	mach_port_t p = ipc_port_send();
	mach_port_status_t st = ipc_status(p);
	int i;

	T_ASSERT_EQ(st.mps_qlimit, MACH_PORT_QLIMIT_DEFAULT);
	T_ASSERT_EQ(MACH_PORT_QLIMIT_DEFAULT, 5);
	for (i = 0; i < 5; i++) {
		T_QUIET;
		T_ASSERT_MACH_SUCCESS(ipc_send(p, 0), "send %d", i);
	}
	T_ASSERT_MACH_ERROR(ipc_send(p, 0), MACH_SEND_TIMED_OUT);
	T_ASSERT_EQ(ipc_status(p).mps_msgcount, 5);
	ipc_drain_one(p);
	T_ASSERT_MACH_SUCCESS(ipc_send(p, 0), "room again");
}

T_DECL(receive_timeout,
    "a receive with MACH_RCV_TIMEOUT 0 on an empty port is "
    "MACH_RCV_TIMED_OUT")
{
	mach_port_t p = ipc_port();
	ipc_msg_buf_t m;

	T_ASSERT_MACH_ERROR(ipc_recv(p, 0, &m, 0), MACH_RCV_TIMED_OUT);
	T_ASSERT_MACH_ERROR(ipc_recv(p, 10, &m, 0), MACH_RCV_TIMED_OUT);
}

T_DECL(receive_errors,
    "receive from a bad name is MACH_RCV_INVALID_NAME; from a send right "
    "too")
{
	mach_port_t h, p = ipc_send_only(&h);
	ipc_msg_buf_t m;

	T_ASSERT_MACH_ERROR(ipc_recv(0x12345, 0, &m, 0), MACH_RCV_INVALID_NAME);
	T_ASSERT_MACH_ERROR(ipc_recv(p, 0, &m, 0), MACH_RCV_INVALID_NAME);
}

T_DECL(send_errors,
    "4.9: sending to NULL, to an unknown name or to a dead name is "
    "MACH_SEND_INVALID_DEST")
{
	mach_port_t h, p = ipc_send_only(&h), d = ipc_dead_name();

	T_ASSERT_MACH_ERROR(
	    ipc_send(MACH_PORT_NULL, 0), MACH_SEND_INVALID_DEST);
	T_ASSERT_MACH_ERROR(ipc_send(0x12345, 0), MACH_SEND_INVALID_DEST);
	T_ASSERT_MACH_ERROR(ipc_send(d, 0), MACH_SEND_INVALID_DEST);
	ipc_kill_holder(h);
	T_ASSERT_MACH_ERROR(
	    ipc_send(p, 0), MACH_SEND_INVALID_DEST, "a port that died");
	expect_type(p, MACH_PORT_TYPE_DEAD_NAME);
}

T_DECL(rcv_large_keeps_message,
    "MACH_RCV_LARGE with a small buffer reports the size needed and leaves "
    "the message queued")
{
	mach_port_t p = ipc_port_send();
	mach_msg_header_t h;
	ipc_msg_buf_t m;

	T_ASSERT_MACH_SUCCESS(send_data(p, MACH_PORT_NULL, 0, 7));
	memset(&h, 0, sizeof(h));
	T_ASSERT_MACH_ERROR(
	    mach_msg(&h, MACH_RCV_MSG | MACH_RCV_LARGE | MACH_RCV_TIMEOUT, 0,
		sizeof(h), p, 0, MACH_PORT_NULL),
	    MACH_RCV_TOO_LARGE);
	T_LOG("size reported: %u", h.msgh_size);
	T_ASSERT_GE(h.msgh_size, sizeof(data_msg_t), "at least the message");
	T_ASSERT_EQ(ipc_status(p).mps_msgcount, 1, "still queued");
	T_ASSERT_MACH_SUCCESS(ipc_recv(p, 0, &m, 0));
	T_ASSERT_EQ(m.hdr.msgh_id, 500);
}

T_DECL(too_large_without_rcv_large_destroys,
    "5.4: a too-small receive without MACH_RCV_LARGE destroys the message")
{
	mach_port_t p = ipc_port_send();
	mach_msg_header_t h;

	T_ASSERT_MACH_SUCCESS(send_data(p, MACH_PORT_NULL, 0, 7));
	memset(&h, 0, sizeof(h));
	T_ASSERT_MACH_ERROR(mach_msg(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
				sizeof(h), p, 0, MACH_PORT_NULL),
	    MACH_RCV_TOO_LARGE);
	T_ASSERT_EQ(ipc_status(p).mps_msgcount, 0, "destroyed");
	expect_nothing(p);
}

T_DECL(sender_trailer_and_seqno,
    "7: MACH_RCV_TRAILER_ELEMENTS(SENDER) gives the 20-byte format-0 "
    "trailer; seqno counts received messages")
{
	mach_port_t p = ipc_port_send();
	ipc_msg_buf_t m;
	const mach_msg_security_trailer_t *tr;
	mach_msg_option_t opt =
	    MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
	    MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SENDER);
	int i;

	T_ASSERT_EQ(sizeof(mach_msg_format_0_trailer_t), 20);
	for (i = 0; i < 3; i++) {
		T_QUIET;
		T_ASSERT_MACH_SUCCESS(send_data(p, MACH_PORT_NULL, 0, i));
	}
	for (i = 0; i < 3; i++) {
		T_ASSERT_MACH_SUCCESS(ipc_recv(p, 0, &m, opt));
		tr = (const mach_msg_security_trailer_t *)(const void
			*)(m.bytes + m.hdr.msgh_size);
		T_ASSERT_EQ(tr->msgh_trailer_type, MACH_MSG_TRAILER_FORMAT_0);
		T_ASSERT_EQ(tr->msgh_trailer_size, 20);
		T_ASSERT_EQ(tr->msgh_seqno, i, "seqno of message %d", i);
	}
	T_ASSERT_EQ(ipc_status(p).mps_seqno, 3);
}

T_DECL(notification_sender_is_kernel,
    "3/7: a notification's trailer carries KERNEL_SECURITY_TOKEN {0, 1}")
{
	mach_port_t r = ipc_port(), so = ipc_send_once(r);
	ipc_msg_buf_t m;
	const mach_msg_security_trailer_t *tr;
	mach_msg_option_t opt =
	    MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
	    MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SENDER);

	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), so));
	T_ASSERT_MACH_SUCCESS(ipc_recv(r, 0, &m, opt));
	T_ASSERT_EQ(m.hdr.msgh_id, MACH_NOTIFY_SEND_ONCE);
	tr = (const mach_msg_security_trailer_t *)(const void *)(m.bytes +
	    m.hdr.msgh_size);
	T_ASSERT_EQ(tr->msgh_trailer_size, 20);
	T_ASSERT_EQ(tr->msgh_sender.val[0], 0);
	T_ASSERT_EQ(tr->msgh_sender.val[1], 1);
}

T_DECL(reply_through_send_once,
    "4.9: MAKE_SEND_ONCE as the reply port gives the receiver a send-once "
    "right; replying through it consumes it")
{
	mach_port_t p = ipc_port_send(), reply = ipc_port();
	ipc_msg_buf_t m;
	mach_port_t so;

	T_ASSERT_MACH_SUCCESS(
	    send_data(p, reply, MACH_MSG_TYPE_MAKE_SEND_ONCE, 1));
	T_ASSERT_MACH_SUCCESS(ipc_recv(p, 0, &m, 0));
	T_ASSERT_EQ(MACH_MSGH_BITS_REMOTE(m.hdr.msgh_bits),
	    MACH_MSG_TYPE_PORT_SEND_ONCE, "reply right is send-once");
	so = m.hdr.msgh_remote_port;
	expect_type(so, MACH_PORT_TYPE_SEND_ONCE);
	T_ASSERT_MACH_SUCCESS(ipc_send_disp(
	    so, MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_SEND_TIMEOUT, 0, 600));
	expect_no_name(so);
	T_ASSERT_MACH_SUCCESS(ipc_recv(reply, 0, &m, 0));
	T_ASSERT_EQ(m.hdr.msgh_id, 600);
	expect_nothing(reply);
}

T_DECL(port_descriptors_move_rights,
    "4.9/4.10: port descriptors carry receive, send and send-once rights "
    "with the right dispositions")
{
	mach_port_t q = ipc_port_send(), a = ipc_port(), b = ipc_port_send();
	mach_port_t c = ipc_port(), got;
	uint32_t v;

	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(q, a, MACH_MSG_TYPE_MOVE_RECEIVE, 1));
	expect_no_name(a);
	got = ipc_recv_port(q, 0, &v);
	T_ASSERT_EQ(v, 1);
	expect_type(got, MACH_PORT_TYPE_RECEIVE);

	T_ASSERT_MACH_SUCCESS(ipc_send_port(q, b, MACH_MSG_TYPE_COPY_SEND, 2));
	got = ipc_recv_port(q, 0, &v);
	T_ASSERT_EQ(got, b, "a send right joins the existing name");
	expect_refs(b, MACH_PORT_RIGHT_SEND, 2);

	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(q, c, MACH_MSG_TYPE_MAKE_SEND_ONCE, 3));
	got = ipc_recv_port(q, 0, &v);
	T_ASSERT_NE(got, c, "a send-once right gets a fresh name");
	expect_type(got, MACH_PORT_TYPE_SEND_ONCE);
	expect_nothing(q);
}

T_DECL(port_set_receive,
    "receiving from a port set returns a member's message with the "
    "member's name as msgh_local_port")
{
	mach_port_t s = ipc_port_set(), a = ipc_port_send(),
		    b = ipc_port_send();
	ipc_msg_buf_t m;

	T_ASSERT_MACH_SUCCESS(mach_port_insert_member(mach_task_self(), a, s));
	T_ASSERT_MACH_SUCCESS(mach_port_insert_member(mach_task_self(), b, s));
	T_ASSERT_MACH_SUCCESS(send_data(b, MACH_PORT_NULL, 0, 9));
	T_ASSERT_MACH_SUCCESS(ipc_recv(s, 0, &m, 0));
	T_ASSERT_EQ(m.hdr.msgh_local_port, b);
	T_ASSERT_MACH_ERROR(ipc_recv(s, 0, &m, 0), MACH_RCV_TIMED_OUT);
	T_ASSERT_TRUE(ipc_status(b).mps_pset != 0, "b is in a set");
}

T_DECL(qlimit_zero_refuses_every_send,
    "1.3: with qlimit 0 every ordinary send finds the queue full")
{
	mach_port_t p = ipc_port_send();

	ipc_set_qlimit(p, 0);
	T_ASSERT_MACH_ERROR(ipc_send(p, 0), MACH_SEND_TIMED_OUT);
	T_ASSERT_EQ(ipc_status(p).mps_msgcount, 0);
}

T_DECL(malformed_headers,
    "bad sizes and dispositions are refused with their own codes")
{
	mach_port_t p = ipc_port_send(), r = ipc_port();
	mach_msg_header_t h;

	memset(&h, 0, sizeof(h));
	h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	h.msgh_remote_port = p;
	h.msgh_size = sizeof(h);
	T_EXPECT_MACH_ERROR(mach_msg(&h, MACH_SEND_MSG | MACH_SEND_TIMEOUT, 16,
				0, MACH_PORT_NULL, 0, MACH_PORT_NULL),
	    MACH_SEND_MSG_TOO_SMALL, "smaller than a header");
	T_EXPECT_MACH_ERROR(
	    mach_msg(&h, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(h) + 2, 0,
		MACH_PORT_NULL, 0, MACH_PORT_NULL),
	    MACH_SEND_MSG_TOO_SMALL, "not a multiple of 4");

	h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_RECEIVE, 0);
	T_EXPECT_MACH_ERROR(
	    mach_msg(&h, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(h), 0,
		MACH_PORT_NULL, 0, MACH_PORT_NULL),
	    MACH_SEND_INVALID_HEADER, "destination must be a send right");

	h.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MOVE_RECEIVE);
	h.msgh_local_port = r;
	T_EXPECT_MACH_ERROR(
	    mach_msg(&h, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(h), 0,
		MACH_PORT_NULL, 0, MACH_PORT_NULL),
	    MACH_SEND_INVALID_HEADER, "reply must be a send right");

	h.msgh_bits = MACH_MSGH_BITS(
	    MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	h.msgh_local_port = 0x12345;
	T_EXPECT_MACH_ERROR(
	    mach_msg(&h, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(h), 0,
		MACH_PORT_NULL, 0, MACH_PORT_NULL),
	    MACH_SEND_INVALID_REPLY, "unknown reply name");

	expect_type(r, MACH_PORT_TYPE_RECEIVE);
	expect_refs(p, MACH_PORT_RIGHT_SEND, 1);
	expect_nothing(p);
}

T_DECL(malformed_descriptors,
    "bad descriptors are refused: unknown right, bad type, bad "
    "disposition, too many for the size")
{
	mach_port_t q = ipc_port_send(), r = ipc_port();
	ipc_port_msg_t m;

	memset(&m, 0, sizeof(m));
	m.hdr.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	m.hdr.msgh_size = sizeof(m);
	m.hdr.msgh_remote_port = q;
	m.body.msgh_descriptor_count = 1;
	m.port.type = MACH_MSG_PORT_DESCRIPTOR;

	m.port.name = 0x12345;
	m.port.disposition = MACH_MSG_TYPE_COPY_SEND;
	T_EXPECT_MACH_ERROR(
	    mach_msg(&m.hdr, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m), 0,
		MACH_PORT_NULL, 0, MACH_PORT_NULL),
	    MACH_SEND_INVALID_RIGHT, "unknown name");

	m.port.name = r;
	m.port.disposition = MACH_MSG_TYPE_COPY_SEND;
	T_EXPECT_MACH_ERROR(
	    mach_msg(&m.hdr, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m), 0,
		MACH_PORT_NULL, 0, MACH_PORT_NULL),
	    MACH_SEND_INVALID_RIGHT, "COPY_SEND of a receive-only name");

	m.port.disposition = 99;
	T_EXPECT_MACH_ERROR(
	    mach_msg(&m.hdr, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m), 0,
		MACH_PORT_NULL, 0, MACH_PORT_NULL),
	    MACH_SEND_INVALID_TYPE, "no such disposition");

	m.port.disposition = MACH_MSG_TYPE_MAKE_SEND;
	m.port.type = 9;
	T_EXPECT_MACH_ERROR(
	    mach_msg(&m.hdr, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m), 0,
		MACH_PORT_NULL, 0, MACH_PORT_NULL),
	    MACH_SEND_INVALID_TYPE, "no such descriptor type");

	m.port.type = MACH_MSG_PORT_DESCRIPTOR;
	m.body.msgh_descriptor_count = 100;
	T_EXPECT_MACH_ERROR(
	    mach_msg(&m.hdr, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m), 0,
		MACH_PORT_NULL, 0, MACH_PORT_NULL),
	    MACH_SEND_MSG_TOO_SMALL, "descriptors beyond the message");

	expect_type(r, MACH_PORT_TYPE_RECEIVE);
	T_EXPECT_EQ(ipc_status(r).mps_mscount, 0, "no right was made");
	expect_nothing(q);
}

T_DECL(attribute_flavor_errors,
    "get/set_attributes refuse unknown flavors and short counts")
{
	mach_port_t r = ipc_port();
	integer_t buf[16];
	mach_msg_type_number_t cnt = 16;

	T_EXPECT_MACH_ERROR(
	    mach_port_get_attributes(mach_task_self(), r, 999, buf, &cnt),
	    KERN_INVALID_ARGUMENT, "unknown flavor");
	cnt = MACH_PORT_RECEIVE_STATUS_COUNT - 1;
	T_EXPECT_MACH_ERROR(mach_port_get_attributes(mach_task_self(), r,
				MACH_PORT_RECEIVE_STATUS, buf, &cnt),
	    KERN_FAILURE, "count too small");
	memset(buf, 0, sizeof(buf));
	T_EXPECT_MACH_ERROR(
	    mach_port_set_attributes(mach_task_self(), r, 999, buf, 16),
	    KERN_INVALID_ARGUMENT, "unknown flavor");
}

T_DECL(dead_reply_port_is_accepted,
    "4.9: a reply right whose port died is accepted (copyin_check) and "
    "arrives as MACH_PORT_DEAD")
{
	mach_port_t q = ipc_port_send(), h, p = ipc_send_only(&h);
	ipc_msg_buf_t m;

	ipc_kill_holder(h);
	T_ASSERT_MACH_SUCCESS(
	    send_data(q, p, MACH_MSG_TYPE_COPY_SEND, 5), "a dead reply right");
	T_ASSERT_MACH_SUCCESS(ipc_recv(q, 0, &m, 0));
	T_ASSERT_EQ(m.hdr.msgh_remote_port, MACH_PORT_DEAD);
	T_ASSERT_EQ(MACH_MSGH_BITS_REMOTE(m.hdr.msgh_bits),
	    MACH_MSG_TYPE_PORT_SEND, "a (dead) send right");
	expect_refs(p, MACH_PORT_RIGHT_DEAD_NAME, 1);
}
