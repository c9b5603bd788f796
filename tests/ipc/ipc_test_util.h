/*
 * ipc_test_util.h - small helpers shared by the tests/ipc programs, so that
 * each test reads as the behaviour it checks.
 *
 * Vocabulary used by the tests:
 *
 *	notify port	a receive right in this task; requests are made with a
 *			send-once right made from it (MAKE_SEND_ONCE), and
 *			the notifications are received from it.
 *	send-only name	a name that holds only a SEND right to a port whose
 *			receive right is not in this space.  ipc_send_only()
 *			makes one by parking the receive right in a message
 *			queued on a "holder" port; destroying the holder
 *			destroys the queued message and so kills the port,
 *			without touching the send-only name (dead-name
 *			conversion is lazy, spec 4.3).
 *
 * Every expect_* helper receives with a timeout of ipc_wait_ms (0 by
 * default: spec 3 says a notification is queued before the call that
 * caused it returns) and checks every header field the spec fixes
 * (spec 7): msgh_id, msgh_size, msgh_bits, msgh_remote_port,
 * msgh_local_port, msgh_reserved, the NDR record and the trailer.
 */
#ifndef _IPC_TEST_UTIL_H_
#define _IPC_TEST_UTIL_H_

#include <darwintest.h>

#include <mach/mach.h>
#include <mach/mach_port.h>
#include <mach/notify.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* msgh_bits of every notification (spec 7): remote 0, local SEND_ONCE. */
#define NOTIFY_BITS MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE)

/* Sizes of the notification bodies before the trailer (spec 7). */
#define NOTIFY_NAME_SIZE 36 /* PORT_DELETED, SEND_POSSIBLE, DEAD_NAME */
#define NOTIFY_NO_SENDERS_SIZE 36
#define NOTIFY_SEND_ONCE_SIZE 24
#define NOTIFY_PORT_DESTROYED_SIZE 40

/* How long to wait for a notification; tests with helpers raise it. */
static mach_msg_timeout_t ipc_wait_ms = 0;

typedef union {
	mach_msg_header_t hdr;
	uint8_t bytes[4096];
} ipc_msg_buf_t;

/* A message carrying one port right and one integer. */
typedef struct {
	mach_msg_header_t hdr;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t port;
	uint32_t value;
} ipc_port_msg_t;

typedef struct {
	ipc_port_msg_t msg;
	mach_msg_max_trailer_t trailer;
} ipc_port_msg_rcv_t;

static inline const char *
ipc_notify_name(mach_msg_id_t id)
{
	switch (id) {
	case MACH_NOTIFY_PORT_DELETED:
		return "MACH_NOTIFY_PORT_DELETED";
	case MACH_NOTIFY_SEND_POSSIBLE:
		return "MACH_NOTIFY_SEND_POSSIBLE";
	case MACH_NOTIFY_PORT_DESTROYED:
		return "MACH_NOTIFY_PORT_DESTROYED";
	case MACH_NOTIFY_NO_SENDERS:
		return "MACH_NOTIFY_NO_SENDERS";
	case MACH_NOTIFY_SEND_ONCE:
		return "MACH_NOTIFY_SEND_ONCE";
	case MACH_NOTIFY_DEAD_NAME:
		return "MACH_NOTIFY_DEAD_NAME";
	}
	return "(not a notification)";
}

/*
 * Rights.
 */

/* A new receive right. */
static inline mach_port_t
ipc_port(void)
{
	mach_port_t p = MACH_PORT_NULL;

	T_QUIET;
	T_ASSERT_MACH_SUCCESS(
	    mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p),
	    "mach_port_allocate(RECEIVE)");
	return p;
}

/* A new receive right with one send uref under the same name. */
static inline mach_port_t
ipc_port_send(void)
{
	mach_port_t p = ipc_port();

	T_QUIET;
	T_ASSERT_MACH_SUCCESS(mach_port_insert_right(mach_task_self(), p, p,
				  MACH_MSG_TYPE_MAKE_SEND),
	    "mach_port_insert_right(MAKE_SEND)");
	return p;
}

/* A new send-once right to `port` (under a fresh name). */
static inline mach_port_t
ipc_send_once(mach_port_t port)
{
	mach_port_t so = MACH_PORT_NULL;
	mach_msg_type_name_t t = 0;

	T_QUIET;
	T_ASSERT_MACH_SUCCESS(mach_port_extract_right(mach_task_self(), port,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE, &so, &t),
	    "mach_port_extract_right(MAKE_SEND_ONCE)");
	T_QUIET;
	T_ASSERT_EQ(t, MACH_MSG_TYPE_PORT_SEND_ONCE, "extracted a send-once");
	return so;
}

static inline mach_port_t
ipc_port_set(void)
{
	mach_port_t s = MACH_PORT_NULL;

	T_QUIET;
	T_ASSERT_MACH_SUCCESS(
	    mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &s),
	    "mach_port_allocate(PORT_SET)");
	return s;
}

static inline mach_port_t
ipc_dead_name(void)
{
	mach_port_t d = MACH_PORT_NULL;

	T_QUIET;
	T_ASSERT_MACH_SUCCESS(
	    mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_DEAD_NAME, &d),
	    "mach_port_allocate(DEAD_NAME)");
	return d;
}

static inline void
ipc_set_qlimit(mach_port_t port, mach_port_msgcount_t qlimit)
{
	mach_port_limits_t lim = {.mpl_qlimit = qlimit};

	T_QUIET;
	T_ASSERT_MACH_SUCCESS(mach_port_set_attributes(mach_task_self(), port,
				  MACH_PORT_LIMITS_INFO, (mach_port_info_t)&lim,
				  MACH_PORT_LIMITS_INFO_COUNT),
	    "set qlimit %u", qlimit);
}

static inline mach_port_status_t
ipc_status(mach_port_t port)
{
	mach_port_status_t st;
	mach_msg_type_number_t cnt = MACH_PORT_RECEIVE_STATUS_COUNT;

	memset(&st, 0, sizeof(st));
	T_QUIET;
	T_ASSERT_MACH_SUCCESS(
	    mach_port_get_attributes(mach_task_self(), port,
		MACH_PORT_RECEIVE_STATUS, (mach_port_info_t)&st, &cnt),
	    "MACH_PORT_RECEIVE_STATUS");
	return st;
}

/*
 * Requests.  ipc_request() makes the send-once right from `notify` (a
 * receive right here, or MACH_PORT_NULL to cancel).
 */
static inline kern_return_t
ipc_request(mach_port_t name, mach_msg_id_t msgid, mach_port_mscount_t sync,
    mach_port_t notify, mach_port_t *previous)
{
	*previous = 0xdeadbeef;
	return mach_port_request_notification(mach_task_self(), name, msgid,
	    sync, notify, MACH_MSG_TYPE_MAKE_SEND_ONCE, previous);
}

/* A request that must succeed and return no previous right. */
static inline void
ipc_request_ok(mach_port_t name, mach_msg_id_t msgid, mach_port_mscount_t sync,
    mach_port_t notify)
{
	mach_port_t prev;

	T_QUIET;
	T_ASSERT_MACH_SUCCESS(ipc_request(name, msgid, sync, notify, &prev),
	    "request %s on 0x%x (sync %u)", ipc_notify_name(msgid), name, sync);
	T_QUIET;
	T_ASSERT_EQ(prev, MACH_PORT_NULL, "no previous request");
}

/*
 * Observation.
 */
#define expect_refs(name, right, n)                                          \
	do {                                                                 \
		mach_port_urefs_t got_urefs = 0xdeadbeef;                    \
		T_QUIET;                                                     \
		T_ASSERT_MACH_SUCCESS(mach_port_get_refs(mach_task_self(),   \
					  (name), (right), &got_urefs),      \
		    "mach_port_get_refs(0x%x, %s)", (name), #right);         \
		T_ASSERT_EQ(                                                 \
		    got_urefs, (n), "urefs of 0x%x for %s", (name), #right); \
	} while (0)

#define expect_type(name, t)                                                  \
	do {                                                                  \
		mach_port_type_t got_type = 0xdeadbeef;                       \
		T_QUIET;                                                      \
		T_ASSERT_MACH_SUCCESS(                                        \
		    mach_port_type(mach_task_self(), (name), &got_type),      \
		    "mach_port_type(0x%x)", (name));                          \
		T_ASSERT_EQ(                                                  \
		    got_type, (t), "mach_port_type(0x%x) is %s", (name), #t); \
	} while (0)

/* The name no longer exists in this space. */
#define expect_no_name(name)                                          \
	do {                                                          \
		mach_port_type_t type_;                               \
		T_ASSERT_MACH_ERROR(                                  \
		    mach_port_type(mach_task_self(), (name), &type_), \
		    KERN_INVALID_NAME, "0x%x is gone", (name));       \
	} while (0)

/*
 * The type mach_port_names reports for `name` (unmasked request bits, no
 * conversion); MACH_PORT_TYPE_NONE if the name is not listed.
 */
static inline mach_port_type_t
ipc_names_type(mach_port_t name)
{
	mach_port_name_array_t names = NULL;
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t ncount = 0, tcount = 0, i;
	mach_port_type_t found = MACH_PORT_TYPE_NONE;

	T_QUIET;
	T_ASSERT_MACH_SUCCESS(
	    mach_port_names(mach_task_self(), &names, &ncount, &types, &tcount),
	    "mach_port_names");
	T_QUIET;
	T_ASSERT_EQ(ncount, tcount, "as many types as names");
	for (i = 0; i < ncount; i++) {
		if (names[i] == name) {
			found = types[i];
		}
	}
	vm_deallocate(
	    mach_task_self(), (vm_address_t)names, ncount * sizeof(names[0]));
	vm_deallocate(
	    mach_task_self(), (vm_address_t)types, tcount * sizeof(types[0]));
	return found;
}

#define expect_names_type(name, t)             \
	T_ASSERT_EQ(ipc_names_type(name), (t), \
	    "mach_port_names type of 0x%x is %s", (name), #t)

/*
 * Messages.
 */
static inline mach_msg_return_t
ipc_recv(mach_port_t port, mach_msg_timeout_t ms, ipc_msg_buf_t *m,
    mach_msg_option_t extra)
{
	memset(m, 0, sizeof(*m));
	return mach_msg(&m->hdr, MACH_RCV_MSG | MACH_RCV_TIMEOUT | extra, 0,
	    sizeof(*m), port, ms, MACH_PORT_NULL);
}

/* Send a header-only message with `disp` for the destination. */
static inline mach_msg_return_t
ipc_send_disp(mach_port_t dest, mach_msg_type_name_t disp,
    mach_msg_option_t extra, mach_msg_timeout_t ms, mach_msg_id_t id)
{
	mach_msg_header_t h;
	mach_msg_return_t mr;

	memset(&h, 0, sizeof(h));
	h.msgh_bits = MACH_MSGH_BITS(disp, 0);
	h.msgh_size = sizeof(h);
	h.msgh_remote_port = dest;
	h.msgh_local_port = MACH_PORT_NULL;
	h.msgh_id = id;
	mr = mach_msg(&h, MACH_SEND_MSG | extra, sizeof(h), 0, MACH_PORT_NULL,
	    ms, MACH_PORT_NULL);
	/*
	 * A send that times out (or is interrupted) after copyin hands the
	 * message back with its rights (pseudo-receive, spec 5.3): the
	 * caller owns them and destroys them, as any Mach program does.
	 */
	if (mr == MACH_SEND_TIMED_OUT || mr == MACH_SEND_INTERRUPTED)
		mach_msg_destroy(&h);
	return mr;
}

/* Send an empty message through a send right, without blocking. */
static inline mach_msg_return_t
ipc_send(mach_port_t dest, mach_msg_option_t extra)
{
	return ipc_send_disp(dest, MACH_MSG_TYPE_COPY_SEND,
	    MACH_SEND_TIMEOUT | extra, 0, 0x1234);
}

/* Send a message carrying one right (and a value), with mach_msg options. */
static inline mach_msg_return_t
ipc_send_port_opt(mach_port_t dest, mach_port_t right,
    mach_msg_type_name_t disp, uint32_t value, mach_msg_option_t option)
{
	ipc_port_msg_t m;

	memset(&m, 0, sizeof(m));
	m.hdr.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	m.hdr.msgh_size = sizeof(m);
	m.hdr.msgh_remote_port = dest;
	m.hdr.msgh_id = 0x4242;
	m.body.msgh_descriptor_count = 1;
	m.port.name = right;
	m.port.disposition = disp;
	m.port.type = MACH_MSG_PORT_DESCRIPTOR;
	m.value = value;
	return mach_msg(&m.hdr, MACH_SEND_MSG | option, sizeof(m), 0,
	    MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

/* Send a message carrying one right (and a value); no blocking. */
static inline mach_msg_return_t
ipc_send_port(mach_port_t dest, mach_port_t right, mach_msg_type_name_t disp,
    uint32_t value)
{
	return ipc_send_port_opt(dest, right, disp, value, MACH_SEND_TIMEOUT);
}

/* Receive a message sent by ipc_send_port; returns the right's name. */
static inline mach_port_t
ipc_recv_port(mach_port_t port, mach_msg_timeout_t ms, uint32_t *value)
{
	ipc_port_msg_rcv_t m;
	mach_msg_return_t mr;

	memset(&m, 0, sizeof(m));
	mr = mach_msg(&m.msg.hdr, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m),
	    port, ms, MACH_PORT_NULL);
	T_QUIET;
	T_ASSERT_MACH_SUCCESS(mr, "receive a port message on 0x%x", port);
	T_QUIET;
	T_ASSERT_EQ(m.msg.hdr.msgh_id, 0x4242, "a port message");
	T_QUIET;
	T_ASSERT_EQ(m.msg.body.msgh_descriptor_count, 1, "one descriptor");
	if (value != NULL) {
		*value = m.msg.value;
	}
	return m.msg.port.name;
}

/*
 * A send-only name: a port whose receive right sits in a message queued
 * on *holder.  Killing the holder (ipc_kill_holder) kills the port.
 */
static inline mach_port_t
ipc_send_only(mach_port_t *holder)
{
	mach_port_t p = ipc_port_send();

	*holder = ipc_port_send();
	T_QUIET;
	T_ASSERT_MACH_SUCCESS(
	    ipc_send_port(*holder, p, MACH_MSG_TYPE_MOVE_RECEIVE, 0),
	    "park the receive right of 0x%x on the holder", p);
	return p;
}

/* Destroy the holder, its queued message, and the parked receive right. */
static inline void
ipc_kill_holder(mach_port_t holder)
{
	T_QUIET;
	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), holder),
	    "destroy the holder 0x%x", holder);
}

/* Fill a fresh queue: qlimit 1 and one message in it. */
static inline void
ipc_fill(mach_port_t port)
{
	ipc_set_qlimit(port, 1);
	T_QUIET;
	T_ASSERT_MACH_SUCCESS(ipc_send(port, 0), "first message fits");
	T_QUIET;
	T_ASSERT_MACH_ERROR(ipc_send(port, 0), MACH_SEND_TIMED_OUT,
	    "queue of 0x%x is full", port);
}

/*
 * Notifications.
 */

/* Nothing (more) is queued on `port`. */
#define expect_nothing(port)                                            \
	do {                                                            \
		ipc_msg_buf_t nm_;                                      \
		mach_msg_return_t nmr_ = ipc_recv((port), 0, &nm_, 0);  \
		T_ASSERT_MACH_ERROR(nmr_, MACH_RCV_TIMED_OUT,           \
		    "nothing else on 0x%x (got msgh_id %d %s)", (port), \
		    nmr_ == MACH_MSG_SUCCESS ? nm_.hdr.msgh_id : 0,     \
		    nmr_ == MACH_MSG_SUCCESS                            \
			? ipc_notify_name(nm_.hdr.msgh_id)              \
			: "");                                          \
	} while (0)

static inline void
ipc_check_ndr(const void *ndr)
{
	static const uint8_t little_endian[8] = {0, 0, 0, 0, 1, 0, 0, 0};

	T_QUIET;
	T_ASSERT_EQ(memcmp(ndr, little_endian, 8), 0,
	    "NDR record is {0,0,0,0,1,0,0,0}");
}

/* Receive one notification and check everything but its payload. */
static inline void
ipc_recv_notification(mach_port_t notify, mach_msg_id_t id,
    mach_msg_size_t size, bool complex, ipc_msg_buf_t *m)
{
	const mach_msg_trailer_t *tr;
	mach_msg_return_t mr = ipc_recv(notify, ipc_wait_ms, m, 0);

	T_ASSERT_MACH_SUCCESS(
	    mr, "a %s is queued on 0x%x", ipc_notify_name(id), notify);
	T_ASSERT_EQ(m->hdr.msgh_id, id, "msgh_id: expected %s, got %s",
	    ipc_notify_name(id), ipc_notify_name(m->hdr.msgh_id));
	T_QUIET;
	T_ASSERT_EQ(
	    m->hdr.msgh_size, size, "msgh_size of %s", ipc_notify_name(id));
	T_QUIET;
	T_ASSERT_EQ(m->hdr.msgh_bits,
	    NOTIFY_BITS | (complex ? MACH_MSGH_BITS_COMPLEX : 0),
	    "msgh_bits of %s", ipc_notify_name(id));
	T_QUIET;
	T_ASSERT_EQ(
	    m->hdr.msgh_remote_port, MACH_PORT_NULL, "msgh_remote_port");
	T_QUIET;
	T_ASSERT_EQ(m->hdr.msgh_local_port, notify, "msgh_local_port");
	T_QUIET;
	T_ASSERT_EQ(m->hdr.msgh_reserved, 0, "msgh_reserved");
	tr = (const mach_msg_trailer_t *)(const void *)(m->bytes + size);
	T_QUIET;
	T_ASSERT_EQ(
	    tr->msgh_trailer_type, MACH_MSG_TRAILER_FORMAT_0, "trailer type");
	T_QUIET;
	T_ASSERT_EQ(tr->msgh_trailer_size, sizeof(mach_msg_trailer_t),
	    "default trailer size");
}

/* A notification carrying a name: DEAD_NAME, PORT_DELETED, SEND_POSSIBLE */
static inline void
ipc_expect_name_notification(
    mach_port_t notify, mach_msg_id_t id, mach_port_name_t name)
{
	ipc_msg_buf_t m;
	const mach_dead_name_notification_t *n;

	ipc_recv_notification(notify, id, NOTIFY_NAME_SIZE, false, &m);
	n = (const mach_dead_name_notification_t *)(const void *)m.bytes;
	ipc_check_ndr(&n->NDR);
	T_ASSERT_EQ(
	    n->not_port, name, "%s names 0x%x", ipc_notify_name(id), name);
}

#define expect_dead_name(notify, name) \
	ipc_expect_name_notification(notify, MACH_NOTIFY_DEAD_NAME, name)
#define expect_port_deleted(notify, name) \
	ipc_expect_name_notification(notify, MACH_NOTIFY_PORT_DELETED, name)
#define expect_send_possible(notify, name) \
	ipc_expect_name_notification(notify, MACH_NOTIFY_SEND_POSSIBLE, name)

static inline void
expect_no_senders(mach_port_t notify, mach_port_mscount_t mscount)
{
	ipc_msg_buf_t m;
	const mach_no_senders_notification_t *n;

	ipc_recv_notification(
	    notify, MACH_NOTIFY_NO_SENDERS, NOTIFY_NO_SENDERS_SIZE, false, &m);
	n = (const mach_no_senders_notification_t *)(const void *)m.bytes;
	ipc_check_ndr(&n->NDR);
	T_ASSERT_EQ(
	    n->not_count, mscount, "NO_SENDERS carries mscount %u", mscount);
}

static inline void
expect_send_once(mach_port_t notify)
{
	ipc_msg_buf_t m;

	ipc_recv_notification(
	    notify, MACH_NOTIFY_SEND_ONCE, NOTIFY_SEND_ONCE_SIZE, false, &m);
}

/* PORT_DESTROYED: returns the name of the receive right it carried. */
static inline mach_port_t
expect_port_destroyed(mach_port_t notify)
{
	ipc_msg_buf_t m;
	const mach_port_destroyed_notification_t *n;

	ipc_recv_notification(notify, MACH_NOTIFY_PORT_DESTROYED,
	    NOTIFY_PORT_DESTROYED_SIZE, true, &m);
	n = (const mach_port_destroyed_notification_t *)(const void *)m.bytes;
	T_QUIET;
	T_ASSERT_EQ(n->not_body.msgh_descriptor_count, 1, "one descriptor");
	T_QUIET;
	T_ASSERT_EQ(
	    n->not_port.type, MACH_MSG_PORT_DESCRIPTOR, "a port descriptor");
	T_ASSERT_EQ(n->not_port.disposition, MACH_MSG_TYPE_PORT_RECEIVE,
	    "PORT_DESTROYED carries a receive right");
	T_ASSERT_TRUE(MACH_PORT_VALID(n->not_port.name), "a valid name");
	return n->not_port.name;
}

/*
 * A previous right returned by a request: a send-once right to `notify`.
 * Releasing it must send SEND_ONCE to `notify`; this consumes it.
 */
static inline void
expect_previous_is_send_once(mach_port_t prev, mach_port_t notify)
{
	T_ASSERT_TRUE(MACH_PORT_VALID(prev), "a previous right (0x%x)", prev);
	expect_type(prev, MACH_PORT_TYPE_SEND_ONCE);
	expect_refs(prev, MACH_PORT_RIGHT_SEND_ONCE, 1);
	T_QUIET;
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), prev),
	    "release the previous right");
	expect_send_once(notify);
}

/* The request table size of a receive right (spec 6.4), 0 when none. */
static inline int
ipc_dnrequests_size(mach_port_t port)
{
	int size = -1;
	mach_msg_type_number_t cnt = 1;

	T_QUIET;
	T_ASSERT_MACH_SUCCESS(
	    mach_port_get_attributes(mach_task_self(), port,
		MACH_PORT_DNREQUESTS_SIZE, (mach_port_info_t)&size, &cnt),
	    "get MACH_PORT_DNREQUESTS_SIZE");
	return size;
}

static inline kern_return_t
ipc_set_dnrequests_size(mach_port_t port, int size)
{
	return mach_port_set_attributes(mach_task_self(), port,
	    MACH_PORT_DNREQUESTS_SIZE, (mach_port_info_t)&size, 1);
}

/* Kill a port whose receive right is in this space. */
static inline void
ipc_kill_receive(mach_port_t port)
{
	T_QUIET;
	T_ASSERT_MACH_SUCCESS(mach_port_mod_refs(mach_task_self(), port,
				  MACH_PORT_RIGHT_RECEIVE, -1),
	    "mod_refs(0x%x, RECEIVE, -1)", port);
}

/* Receive (and drop) one ordinary message from `port`. */
static inline void
ipc_drain_one(mach_port_t port)
{
	ipc_msg_buf_t m;

	T_QUIET;
	T_ASSERT_MACH_SUCCESS(
	    ipc_recv(port, 0, &m, 0), "receive a message from 0x%x", port);
}

#if __has_include(<pthread.h>)
#include <pthread.h>

/*
 * Start a thread of this task running fn(arg); skips the test on a
 * machine without threads.
 */
static inline pthread_t
ipc_start_thread(void *(*fn)(void *), void *arg)
{
	pthread_t t;
	int err = pthread_create(&t, NULL, fn, arg);

#ifdef ENOSYS
	if (err == ENOSYS) {
		T_SKIP("pthread_create is not implemented on this machine");
	}
#endif
	T_ASSERT_POSIX_ZERO(err, "pthread_create");
	return t;
}
#endif

#endif /* _IPC_TEST_UTIL_H_ */
