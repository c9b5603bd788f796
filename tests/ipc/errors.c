/*
 * errors.c - the error codes of mach_port_request_notification (spec 6.1,
 * 6.2, gotchas 11, 12, 23), of the other mach_port calls the requests rely
 * on, and the MIG errors of a malformed request message (issue item 6).
 *
 * Every failed call that reached the server leaves exactly one SEND_ONCE
 * notification on the notify port (the request message is destroyed with
 * the send-once right it carried) and nothing else.
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.errors"));

/* A failed request on `name`: the code, then SEND_ONCE and nothing else. */
static void
expect_request_error(mach_port_t name, mach_msg_id_t msgid,
    mach_port_mscount_t sync, kern_return_t err)
{
	mach_port_t n = ipc_port(), prev;

	T_EXPECT_MACH_ERROR(ipc_request(name, msgid, sync, n, &prev), err,
	    "%s on 0x%x, sync %u", ipc_notify_name(msgid), name, sync);
	T_EXPECT_EQ(prev, 0xdeadbeef, "previous untouched on failure");
	expect_send_once(n);
	expect_nothing(n);
	T_QUIET;
	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), n));
}

T_DECL(dead_notify_is_invalid_capability_first,
    "6.1 step 2/gotcha 23: notify MACH_PORT_DEAD is KERN_INVALID_CAPABILITY "
    "before the msgid is looked at")
{
	mach_msg_id_t ids[] = {MACH_NOTIFY_DEAD_NAME, MACH_NOTIFY_SEND_POSSIBLE,
	    MACH_NOTIFY_NO_SENDERS, MACH_NOTIFY_PORT_DESTROYED,
	    MACH_NOTIFY_PORT_DELETED, 999};
	mach_port_t r = ipc_port(), prev;
	size_t i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		T_EXPECT_MACH_ERROR(
		    ipc_request(r, ids[i], 0, MACH_PORT_DEAD, &prev),
		    KERN_INVALID_CAPABILITY, "msgid %d", ids[i]);
	}
	expect_type(r, MACH_PORT_TYPE_RECEIVE);
	expect_nothing(r);
}

T_DECL(unknown_msgid_is_invalid_value,
    "6.1: PORT_DELETED, SEND_ONCE and unknown ids are KERN_INVALID_VALUE")
{
	mach_port_t r = ipc_port();

	expect_request_error(
	    r, MACH_NOTIFY_PORT_DELETED, 0, KERN_INVALID_VALUE);
	expect_request_error(r, MACH_NOTIFY_SEND_ONCE, 0, KERN_INVALID_VALUE);
	expect_request_error(r, 0, 0, KERN_INVALID_VALUE);
	expect_request_error(r, 0x1234, 0, KERN_INVALID_VALUE);
}

T_DECL(port_destroyed_checks_sync_before_name,
    "6.1/gotcha 23: PORT_DESTROYED with sync != 0 is KERN_INVALID_VALUE "
    "even on a bad name")
{
	expect_request_error(
	    ipc_port(), MACH_NOTIFY_PORT_DESTROYED, 1, KERN_INVALID_VALUE);
	expect_request_error(
	    0x12345, MACH_NOTIFY_PORT_DESTROYED, 1, KERN_INVALID_VALUE);
	expect_request_error(
	    MACH_PORT_NULL, MACH_NOTIFY_PORT_DESTROYED, 1, KERN_INVALID_VALUE);
}

T_DECL(receive_right_requests_name_errors,
    "6.1: PORT_DESTROYED and NO_SENDERS: invalid name KERN_INVALID_RIGHT, "
    "unknown KERN_INVALID_NAME, not a receive right KERN_INVALID_RIGHT")
{
	mach_msg_id_t ids[2] = {
	    MACH_NOTIFY_PORT_DESTROYED, MACH_NOTIFY_NO_SENDERS};
	mach_port_t h, p = ipc_send_only(&h), s = ipc_port_set();
	mach_port_t d = ipc_dead_name(), so = ipc_send_once(ipc_port());
	int i;

	for (i = 0; i < 2; i++) {
		expect_request_error(
		    MACH_PORT_NULL, ids[i], 0, KERN_INVALID_RIGHT);
		expect_request_error(
		    MACH_PORT_DEAD, ids[i], 0, KERN_INVALID_RIGHT);
		expect_request_error(0x12345, ids[i], 0, KERN_INVALID_NAME);
		expect_request_error(p, ids[i], 0, KERN_INVALID_RIGHT);
		expect_request_error(s, ids[i], 0, KERN_INVALID_RIGHT);
		expect_request_error(d, ids[i], 0, KERN_INVALID_RIGHT);
		expect_request_error(so, ids[i], 0, KERN_INVALID_RIGHT);
	}
}

T_DECL(table_requests_name_errors,
    "6.1/gotcha 23: DEAD_NAME and SEND_POSSIBLE: NULL or DEAD name is "
    "KERN_INVALID_ARGUMENT, an unknown name KERN_INVALID_NAME")
{
	mach_msg_id_t ids[2] = {
	    MACH_NOTIFY_DEAD_NAME, MACH_NOTIFY_SEND_POSSIBLE};
	int i;

	for (i = 0; i < 2; i++) {
		expect_request_error(
		    MACH_PORT_NULL, ids[i], 1, KERN_INVALID_ARGUMENT);
		expect_request_error(
		    MACH_PORT_DEAD, ids[i], 1, KERN_INVALID_ARGUMENT);
		expect_request_error(0x12345, ids[i], 1, KERN_INVALID_NAME);
	}
}

T_DECL(stale_generation_is_invalid_name,
    "1.1: a freed name (old generation) is KERN_INVALID_NAME")
{
	mach_port_t r = ipc_port();

	T_ASSERT_MACH_SUCCESS(mach_port_destroy(mach_task_self(), r));
	expect_request_error(r, MACH_NOTIFY_DEAD_NAME, 0, KERN_INVALID_NAME);
}

T_DECL(cancel_after_death_is_invalid_argument,
    "gotcha 12: cancel with nothing registered succeeds on anything; after "
    "the port died it is KERN_INVALID_ARGUMENT")
{
	mach_port_t h, p = ipc_send_only(&h), n = ipc_port(), prev;

	T_ASSERT_MACH_SUCCESS(
	    ipc_request(p, MACH_NOTIFY_DEAD_NAME, 0, MACH_PORT_NULL, &prev));
	ipc_request_ok(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	ipc_kill_holder(h);
	T_ASSERT_MACH_ERROR(
	    ipc_request(p, MACH_NOTIFY_DEAD_NAME, 0, MACH_PORT_NULL, &prev),
	    KERN_INVALID_ARGUMENT);
	expect_dead_name(n, p);
	expect_nothing(n);
}

T_DECL(notify_disposition_errors,
    "6.2: MAKE_SEND_ONCE needs a receive right and MOVE_SEND_ONCE a "
    "send-once right in the caller's space (else MACH_SEND_INVALID_RIGHT)")
{
	mach_port_t r = ipc_port(), h, p = ipc_send_only(&h), prev;
	mach_port_t so = ipc_send_once(r);

	T_ASSERT_MACH_ERROR(mach_port_request_notification(mach_task_self(), r,
				MACH_NOTIFY_DEAD_NAME, 0, p,
				MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev),
	    MACH_SEND_INVALID_RIGHT, "MAKE_SEND_ONCE from a send right");
	T_ASSERT_MACH_ERROR(mach_port_request_notification(mach_task_self(), r,
				MACH_NOTIFY_DEAD_NAME, 0, r,
				MACH_MSG_TYPE_MOVE_SEND_ONCE, &prev),
	    MACH_SEND_INVALID_RIGHT, "MOVE_SEND_ONCE of a receive right");
	expect_type(r, MACH_PORT_TYPE_RECEIVE);
	expect_nothing(r);

	/* The right kind works, and is consumed. */
	T_ASSERT_MACH_SUCCESS(mach_port_request_notification(mach_task_self(),
	    r, MACH_NOTIFY_DEAD_NAME, 0, so, MACH_MSG_TYPE_MOVE_SEND_ONCE,
	    &prev));
	T_ASSERT_EQ(prev, MACH_PORT_NULL);
	expect_no_name(so);
	expect_type(r, MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_DNREQUEST);
}

T_DECL(moved_dead_send_once_is_invalid_capability,
    "6.2: moving a send-once right whose port died gives IP_DEAD: "
    "KERN_INVALID_CAPABILITY")
{
	mach_port_t r = ipc_port(), x = ipc_port(), so = ipc_send_once(x);
	mach_port_t prev;

	ipc_kill_receive(x);
	T_ASSERT_MACH_ERROR(mach_port_request_notification(mach_task_self(), r,
				MACH_NOTIFY_DEAD_NAME, 0, so,
				MACH_MSG_TYPE_MOVE_SEND_ONCE, &prev),
	    KERN_INVALID_CAPABILITY);
	expect_type(r, MACH_PORT_TYPE_RECEIVE);
	expect_nothing(r);
}

T_DECL(null_task_is_invalid_dest,
    "6.2: the call is a message to the task port; MACH_PORT_NULL is "
    "MACH_SEND_INVALID_DEST and no right is made")
{
	mach_port_t n = ipc_port(), r = ipc_port(), prev;

	T_ASSERT_MACH_ERROR(mach_port_request_notification(MACH_PORT_NULL, r,
				MACH_NOTIFY_DEAD_NAME, 0, n,
				MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev),
	    MACH_SEND_INVALID_DEST);
	expect_nothing(n);
	T_ASSERT_EQ(ipc_status(n).mps_sorights, 0);
}

T_DECL(limits_info_errors,
    "5.6: LIMITS_INFO: qlimit > 1024 KERN_INVALID_VALUE, invalid name "
    "KERN_INVALID_RIGHT, unknown name KERN_INVALID_NAME, short count "
    "KERN_FAILURE")
{
	mach_port_t r = ipc_port();
	mach_port_limits_t lim = {.mpl_qlimit = MACH_PORT_QLIMIT_MAX + 1};

	T_ASSERT_MACH_ERROR(
	    mach_port_set_attributes(mach_task_self(), r, MACH_PORT_LIMITS_INFO,
		(mach_port_info_t)&lim, MACH_PORT_LIMITS_INFO_COUNT),
	    KERN_INVALID_VALUE);
	lim.mpl_qlimit = MACH_PORT_QLIMIT_MAX;
	T_ASSERT_MACH_ERROR(
	    mach_port_set_attributes(mach_task_self(), MACH_PORT_NULL,
		MACH_PORT_LIMITS_INFO, (mach_port_info_t)&lim,
		MACH_PORT_LIMITS_INFO_COUNT),
	    KERN_INVALID_RIGHT, "invalid name");
	T_ASSERT_MACH_ERROR(mach_port_set_attributes(mach_task_self(), 0x12345,
				MACH_PORT_LIMITS_INFO, (mach_port_info_t)&lim,
				MACH_PORT_LIMITS_INFO_COUNT),
	    KERN_INVALID_NAME, "unknown name");
	T_ASSERT_MACH_ERROR(
	    mach_port_set_attributes(mach_task_self(), r, MACH_PORT_LIMITS_INFO,
		(mach_port_info_t)&lim, MACH_PORT_LIMITS_INFO_COUNT - 1),
	    KERN_FAILURE);
	T_ASSERT_MACH_SUCCESS(
	    mach_port_set_attributes(mach_task_self(), r, MACH_PORT_LIMITS_INFO,
		(mach_port_info_t)&lim, MACH_PORT_LIMITS_INFO_COUNT));
	T_ASSERT_EQ(ipc_status(r).mps_qlimit, MACH_PORT_QLIMIT_MAX);
}

T_DECL(right_operation_errors,
    "4.6/4.7: deallocate, destroy and mod_refs report invalid names, "
    "rights and values")
{
	mach_port_t r = ipc_port(), s = ipc_port_set();
	task_t t = mach_task_self();

	T_EXPECT_MACH_ERROR(
	    mach_port_deallocate(t, r), KERN_INVALID_RIGHT, "receive only");
	T_EXPECT_MACH_ERROR(
	    mach_port_deallocate(t, s), KERN_INVALID_RIGHT, "port set");
	T_EXPECT_MACH_ERROR(
	    mach_port_deallocate(t, 0x12345), KERN_INVALID_NAME);
	T_EXPECT_MACH_ERROR(mach_port_destroy(t, 0x12345), KERN_INVALID_NAME);
	T_EXPECT_MACH_ERROR(mach_port_mod_refs(t, r, MACH_PORT_RIGHT_SEND, -1),
	    KERN_INVALID_RIGHT, "no send right");
	T_EXPECT_MACH_ERROR(
	    mach_port_mod_refs(t, r, MACH_PORT_RIGHT_SEND_ONCE, -1),
	    KERN_INVALID_RIGHT, "no send-once right");
	T_EXPECT_MACH_ERROR(
	    mach_port_mod_refs(t, r, MACH_PORT_RIGHT_PORT_SET, -1),
	    KERN_INVALID_RIGHT, "not a set");
	T_EXPECT_MACH_ERROR(
	    mach_port_mod_refs(t, r, MACH_PORT_RIGHT_NUMBER, -1),
	    KERN_INVALID_VALUE, "no such right");
	T_EXPECT_MACH_ERROR(
	    mach_port_mod_refs(t, 0x12345, MACH_PORT_RIGHT_SEND, 1),
	    KERN_INVALID_NAME);
	expect_type(r, MACH_PORT_TYPE_RECEIVE);
	expect_type(s, MACH_PORT_TYPE_PORT_SET);
}

T_DECL(allocate_errors,
    "1.1: allocate_name refuses taken and invalid names; allocate refuses "
    "unknown rights")
{
	mach_port_t r = ipc_port(), x;
	task_t t = mach_task_self();

	T_EXPECT_MACH_ERROR(
	    mach_port_allocate_name(t, MACH_PORT_RIGHT_RECEIVE, r),
	    KERN_NAME_EXISTS);
	T_EXPECT_MACH_ERROR(
	    mach_port_allocate_name(t, MACH_PORT_RIGHT_RECEIVE, MACH_PORT_NULL),
	    KERN_INVALID_VALUE);
	T_EXPECT_MACH_ERROR(
	    mach_port_allocate_name(t, MACH_PORT_RIGHT_RECEIVE, MACH_PORT_DEAD),
	    KERN_INVALID_VALUE);
	T_EXPECT_MACH_ERROR(mach_port_allocate(t, MACH_PORT_RIGHT_SEND, &x),
	    KERN_INVALID_VALUE, "cannot allocate a bare send right");
	T_EXPECT_MACH_ERROR(mach_port_allocate(t, MACH_PORT_RIGHT_NUMBER, &x),
	    KERN_INVALID_VALUE);
	T_ASSERT_MACH_SUCCESS(
	    mach_port_allocate_name(t, MACH_PORT_RIGHT_RECEIVE, 0x4203));
	expect_type(0x4203, MACH_PORT_TYPE_RECEIVE);
}

T_DECL(port_set_errors, "port sets: membership errors are reported by name")
{
	mach_port_t r = ipc_port(), s = ipc_port_set(), s2 = ipc_port_set();
	task_t t = mach_task_self();

	T_EXPECT_MACH_ERROR(
	    mach_port_insert_member(t, r, r), KERN_INVALID_RIGHT, "not a set");
	T_EXPECT_MACH_ERROR(mach_port_extract_member(t, r, s), KERN_NOT_IN_SET);
	T_ASSERT_MACH_SUCCESS(mach_port_insert_member(t, r, s));
	T_EXPECT_MACH_ERROR(
	    mach_port_insert_member(t, r, s), KERN_ALREADY_IN_SET);
	T_ASSERT_MACH_SUCCESS(mach_port_move_member(t, r, s2));
	T_EXPECT_MACH_ERROR(mach_port_extract_member(t, r, s), KERN_NOT_IN_SET);
	T_ASSERT_MACH_SUCCESS(mach_port_move_member(t, r, MACH_PORT_NULL));
	T_EXPECT_MACH_ERROR(
	    mach_port_extract_member(t, r, s2), KERN_NOT_IN_SET);
}

/*
 * Hand-made request messages for routine 3213 (spec 6.2): 60 bytes,
 * complex, one port descriptor, then NDR, name, msgid, sync.
 */
typedef struct {
	mach_msg_header_t hdr;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t notify;
	NDR_record_t ndr;
	mach_port_name_t name;
	mach_msg_id_t msgid;
	mach_port_mscount_t sync;
} req_3213_t;

_Static_assert(sizeof(req_3213_t) == 60, "the 3213 request is 60 bytes");

static void
raw_request(req_3213_t *req, mach_msg_size_t size, kern_return_t want)
{
	union {
		req_3213_t req;
		mig_reply_error_t err;
		uint8_t bytes[512];
	} buf;
	mach_port_t reply = mach_reply_port();
	mach_msg_id_t id = req->hdr.msgh_id;
	mach_msg_return_t mr;

	req->hdr.msgh_bits |= MACH_MSGH_BITS(
	    MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	req->hdr.msgh_size = size;
	req->hdr.msgh_remote_port = mach_task_self();
	req->hdr.msgh_local_port = reply;
	memset(&buf, 0, sizeof(buf));
	buf.req = *req;
	/* One buffer: the reply overwrites the request, as in a MIG stub. */
	mr = mach_msg(&buf.req.hdr,
	    MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, size, sizeof(buf),
	    reply, 10000, MACH_PORT_NULL);
	T_ASSERT_MACH_SUCCESS(mr, "the server answered");
	T_ASSERT_EQ(buf.err.Head.msgh_id, id + 100, "reply id");
	T_ASSERT_EQ(buf.err.Head.msgh_size, sizeof(mig_reply_error_t),
	    "an error reply");
	T_ASSERT_MACH_ERROR(buf.err.RetCode, want);
	mach_port_destroy(mach_task_self(), reply);
}

static void
fill_request(req_3213_t *req, mach_port_t name, mach_port_t notify,
    mach_msg_type_name_t disp)
{
	static const uint8_t ndr[8] = {0, 0, 0, 0, 1, 0, 0, 0};

	memset(req, 0, sizeof(*req));
	req->hdr.msgh_bits = MACH_MSGH_BITS_COMPLEX;
	req->hdr.msgh_id = 3213;
	req->body.msgh_descriptor_count = 1;
	req->notify.name = notify;
	req->notify.disposition = disp;
	req->notify.type = MACH_MSG_PORT_DESCRIPTOR;
	memcpy(&req->ndr, ndr, sizeof(ndr));
	req->name = name;
	req->msgid = MACH_NOTIFY_DEAD_NAME;
	req->sync = 0;
}

T_DECL(mig_wrong_size_is_bad_arguments,
    "6.2: a 3213 request of the wrong size is MIG_BAD_ARGUMENTS and the "
    "carried send-once right is destroyed (SEND_ONCE)")
{
	mach_port_t n = ipc_port(), r = ipc_port();
	req_3213_t req;

	fill_request(&req, r, n, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	raw_request(&req, sizeof(req) - 4, MIG_BAD_ARGUMENTS);
	expect_send_once(n);
	expect_nothing(n);
	expect_type(r, MACH_PORT_TYPE_RECEIVE);
}

T_DECL(mig_simple_message_is_bad_arguments,
    "6.2: a 3213 request without the complex bit is MIG_BAD_ARGUMENTS")
{
	mach_port_t r = ipc_port();
	req_3213_t req;

	fill_request(&req, r, MACH_PORT_NULL, 0);
	req.hdr.msgh_bits = 0;
	req.body.msgh_descriptor_count = 0;
	raw_request(&req, sizeof(req), MIG_BAD_ARGUMENTS);
	expect_type(r, MACH_PORT_TYPE_RECEIVE);
}

T_DECL(mig_wrong_disposition_is_type_error,
    "6.2: a notify descriptor that is not a send-once right is "
    "MIG_TYPE_ERROR, and the carried right is destroyed")
{
	mach_port_t n = ipc_port(), nn = ipc_port(), r = ipc_port();
	req_3213_t req;

	/* n's no-senders request shows the send right being destroyed. */
	ipc_request_ok(n, MACH_NOTIFY_NO_SENDERS, 1, nn);
	fill_request(&req, r, n, MACH_MSG_TYPE_MAKE_SEND);
	raw_request(&req, sizeof(req), MIG_TYPE_ERROR);
	expect_no_senders(nn, 1);
	expect_nothing(nn);
	expect_nothing(n);
	expect_type(r, MACH_PORT_TYPE_RECEIVE);
}

T_DECL(mig_unknown_routine_is_bad_id,
    "mach_port server: an unknown routine id is MIG_BAD_ID")
{
	mach_port_t n = ipc_port(), r = ipc_port();
	req_3213_t req;

	fill_request(&req, r, n, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	req.hdr.msgh_id = 3299;
	raw_request(&req, sizeof(req), MIG_BAD_ID);
	expect_send_once(n);
	expect_nothing(n);
}

T_DECL(null_and_dead_names_are_noops,
    "XNU: deallocate and destroy of MACH_PORT_NULL/DEAD succeed; "
    "mod_refs on them succeeds only for SEND and SEND_ONCE")
{
	task_t t = mach_task_self();

	T_EXPECT_MACH_SUCCESS(mach_port_deallocate(t, MACH_PORT_NULL));
	T_EXPECT_MACH_SUCCESS(mach_port_deallocate(t, MACH_PORT_DEAD));
	T_EXPECT_MACH_SUCCESS(mach_port_destroy(t, MACH_PORT_NULL));
	T_EXPECT_MACH_SUCCESS(mach_port_destroy(t, MACH_PORT_DEAD));
	T_EXPECT_MACH_SUCCESS(
	    mach_port_mod_refs(t, MACH_PORT_NULL, MACH_PORT_RIGHT_SEND, -1));
	T_EXPECT_MACH_SUCCESS(mach_port_mod_refs(
	    t, MACH_PORT_DEAD, MACH_PORT_RIGHT_SEND_ONCE, -1));
	T_EXPECT_MACH_ERROR(
	    mach_port_mod_refs(t, MACH_PORT_DEAD, MACH_PORT_RIGHT_RECEIVE, -1),
	    KERN_INVALID_NAME);
}

T_DECL(insert_right_errors,
    "XNU: insert_right refuses a second name for a port already named here "
    "(KERN_RIGHT_EXISTS), a taken name (KERN_NAME_EXISTS) and NULL")
{
	mach_port_t a = ipc_port(), b = ipc_port_send(), h;
	mach_port_t p = ipc_send_only(&h);
	task_t t = mach_task_self();

	T_EXPECT_MACH_ERROR(
	    mach_port_insert_right(t, a, b, MACH_MSG_TYPE_MAKE_SEND),
	    KERN_RIGHT_EXISTS, "b is already named b here");
	T_EXPECT_MACH_ERROR(
	    mach_port_insert_right(t, 0x5603, b, MACH_MSG_TYPE_MAKE_SEND),
	    KERN_RIGHT_EXISTS, "b is already named b here");
	T_EXPECT_MACH_ERROR(mach_port_insert_right(
				t, MACH_PORT_NULL, b, MACH_MSG_TYPE_MAKE_SEND),
	    KERN_INVALID_VALUE);
	expect_type(a, MACH_PORT_TYPE_RECEIVE);
	expect_refs(b, MACH_PORT_RIGHT_SEND, 1);

	/* Moving p's only right frees its name, so only a's name is in
	 * the way; the refused right is destroyed with the request. */
	T_EXPECT_MACH_ERROR(
	    mach_port_insert_right(t, a, p, MACH_MSG_TYPE_MOVE_SEND),
	    KERN_NAME_EXISTS, "a names another port");
	expect_type(a, MACH_PORT_TYPE_RECEIVE);
	expect_no_name(p);
}

T_DECL(mig_two_descriptors_is_bad_arguments,
    "6.2: a 3213 request with two descriptors is MIG_BAD_ARGUMENTS and both "
    "carried send-once rights are destroyed")
{
	struct {
		mach_msg_header_t hdr;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t d[2];
		uint8_t rest[20];
	} req;
	union {
		__typeof__(req) req;
		mig_reply_error_t err;
		uint8_t bytes[512];
	} buf;
	mach_port_t n = ipc_port(), reply = mach_reply_port();
	int i;

	memset(&req, 0, sizeof(req));
	req.hdr.msgh_bits = MACH_MSGH_BITS_COMPLEX |
	    MACH_MSGH_BITS(
		MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	req.hdr.msgh_size = sizeof(req);
	req.hdr.msgh_remote_port = mach_task_self();
	req.hdr.msgh_local_port = reply;
	req.hdr.msgh_id = 3213;
	req.body.msgh_descriptor_count = 2;
	for (i = 0; i < 2; i++) {
		req.d[i].name = n;
		req.d[i].disposition = MACH_MSG_TYPE_MAKE_SEND_ONCE;
		req.d[i].type = MACH_MSG_PORT_DESCRIPTOR;
	}
	memset(&buf, 0, sizeof(buf));
	buf.req = req;
	T_ASSERT_MACH_SUCCESS(mach_msg(&buf.req.hdr,
	    MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, sizeof(req),
	    sizeof(buf), reply, 10000, MACH_PORT_NULL));
	T_ASSERT_EQ(buf.err.Head.msgh_id, 3313);
	T_ASSERT_MACH_ERROR(buf.err.RetCode, MIG_BAD_ARGUMENTS);
	expect_send_once(n);
	expect_send_once(n);
	expect_nothing(n);
}
