/*
 * tests/mig/roundtrip.c - host round trips through generated code:
 *
 *	user stub --mach_msg--> loopback "kernel" --> rt_server (demux)
 *	    ^                   swaps remote/local,        |
 *	    |                   converts dispositions,     v
 *	    +------ reply <---- copies OOL, adds trailer <-+ work function
 *
 * plus negative tests that tamper with the request (server checks) or
 * the reply (user checks).  Prints "N passed, N failed".
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"
#include "rt_impl.h"
#include "check.h"

NDR_record_t NDR_record = NDR_RECORD_VALUE;

/* As declared by the generated server header (not included here). */
extern const struct srv_rt_subsystem {
	mig_server_routine_t server;
	mach_msg_id_t start;
	mach_msg_id_t end;
	unsigned int maxsize;
	vm_address_t reserved;
	struct routine_descriptor routine[15];
} srv_rt_subsystem;

/* --- the loopback transport ---------------------------------------------- */

#define REPLY_PORT 0x1003
#define SERVER_PORT 0x2007
#define BUF_SIZE 16384

typedef void (*tamper_fn)(mach_msg_header_t *h);

static tamper_fn tamper_request, tamper_reply;
static mach_msg_trailer_size_t trailer_size =
    sizeof(mach_msg_format_0_trailer_t);
static _Alignas(8) unsigned char req_buf[BUF_SIZE], rep_buf[BUF_SIZE];
static bool reply_pending;
static int destroy_calls, put_calls, dealloc_calls, sends;
static void *ool_copies[64];
static int nool;

/*
 * The sanitizer runtime knows the blocks malloc handed out: with
 * RT_MAXONSTACK (stubs generated with -maxonstack RT_MAXONSTACK) every
 * stub sends from and receives into a heap buffer, otherwise none does.
 */
int __sanitizer_get_ownership(const volatile void *p) __attribute__((weak));
static int msgs, heap_msgs;

static mach_msg_type_name_t
received_name(mach_msg_type_name_t d)
{
	if (d == MACH_MSG_TYPE_COPY_SEND || d == MACH_MSG_TYPE_MAKE_SEND)
		return MACH_MSG_TYPE_PORT_SEND;
	if (d == MACH_MSG_TYPE_MAKE_SEND_ONCE)
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	return d;
}

/* The kernel copies out-of-line memory into the receiver. */
static void *
copy_ool(const void *p, size_t n)
{
	void *q = malloc(n ? n : 1);

	memcpy(q, p, n);
	if (nool < 64)
		ool_copies[nool++] = q;
	return q;
}

static void
convert_descriptors(mach_msg_header_t *h)
{
	mach_msg_body_t *body = (mach_msg_body_t *)(h + 1);
	unsigned char *d = (unsigned char *)(body + 1);
	mach_msg_size_t i;

	for (i = 0; i < body->msgh_descriptor_count && i < 64; i++) {
		unsigned type = d[11];

		if (type == MACH_MSG_PORT_DESCRIPTOR) {
			mach_msg_port_descriptor_t *p = (void *)d;

			p->disposition = received_name(p->disposition);
			d += sizeof(*p);
		} else if (type == MACH_MSG_OOL_DESCRIPTOR) {
			mach_msg_ool_descriptor_t *o = (void *)d;

			void *orig = o->address;

			o->address = copy_ool(orig, o->size);
			if (o->deallocate)
				free(orig); /* the sender's copy goes away */
			d += sizeof(*o);
		} else {
			mach_msg_ool_ports_descriptor_t *o = (void *)d;

			o->address = copy_ool(
			    o->address, o->count * sizeof(mach_port_t));
			o->disposition = received_name(o->disposition);
			d += sizeof(*o);
		}
	}
}

/* Receive orientation: the reply port moves to the remote slot. */
static void
deliver(mach_msg_header_t *h)
{
	mach_msg_bits_t b = h->msgh_bits;
	mach_port_t r = h->msgh_remote_port;
	mach_msg_format_0_trailer_t *t;

	h->msgh_bits = MACH_MSGH_BITS_OTHER(b) |
	    MACH_MSGH_BITS(received_name(MACH_MSGH_BITS_LOCAL(b)),
		received_name(MACH_MSGH_BITS_REMOTE(b)));
	h->msgh_remote_port = h->msgh_local_port;
	h->msgh_local_port = r;
	if (MACH_MSGH_BITS_IS_COMPLEX(b))
		convert_descriptors(h);
	t = (void *)((char *)h + ((h->msgh_size + 3) & ~3u));
	memset(t, 0, sizeof(*t));
	t->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t->msgh_trailer_size = trailer_size;
	t->msgh_seqno = 42;
	t->msgh_sender.val[1] = 1;
}

static mach_msg_return_t
loop_send(mach_msg_header_t *msg, mach_msg_size_t send_size)
{
	mach_msg_header_t *in = (void *)req_buf, *out = (void *)rep_buf;

	if (send_size < sizeof(mach_msg_header_t) || send_size > 8192)
		return MACH_SEND_MSG_TOO_SMALL;
	sends++;
	msg->msgh_size = send_size;
	memcpy(req_buf, msg, send_size);
	deliver(in);
	if (tamper_request != NULL)
		tamper_request(in);
	memset(rep_buf, 0xa5, sizeof(rep_buf));
	(void)rt_server(in, out);
	if (in->msgh_remote_port != MACH_PORT_NULL) {
		deliver(out);
		reply_pending = true;
	}
	return MACH_MSG_SUCCESS;
}

static mach_msg_return_t
loop_receive(mach_msg_header_t *msg, mach_msg_size_t rcv_size)
{
	mach_msg_header_t *rep = (void *)rep_buf;
	mach_msg_size_t total;

	if (!reply_pending)
		return MACH_RCV_TIMED_OUT;
	reply_pending = false;
	if (tamper_reply != NULL)
		tamper_reply(rep);
	total = ((rep->msgh_size + 3) & ~3u) + trailer_size;
	if (total > rcv_size)
		return MACH_RCV_TOO_LARGE;
	memcpy(msg, rep, total);
	return MACH_MSG_SUCCESS;
}

/*
 * Routine:	mach_msg
 * Purpose:	Loopback transport: send to the generated demux, and
 *		receive its reply, as the kernel would.
 * Conditions:	Single-threaded test process.
 * Returns:	MACH_MSG_SUCCESS, MACH_SEND_MSG_TOO_SMALL, MACH_RCV_TIMED_OUT,
 *		MACH_RCV_TOO_LARGE.
 */
mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
    mach_port_name_t notify)
{
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	msgs++;
	if (__sanitizer_get_ownership != NULL && __sanitizer_get_ownership(msg))
		heap_msgs++;
	if (option & MACH_SEND_MSG)
		mr = loop_send(msg, send_size);
	if (mr == MACH_MSG_SUCCESS && (option & MACH_RCV_MSG))
		mr = loop_receive(msg, rcv_size);
	return mr;
}

/*
 * Routine:	mig_get_reply_port
 * Purpose:	Test stand-in: a fixed reply port name.
 * Conditions:	None.
 * Returns:	REPLY_PORT.
 */
mach_port_t
mig_get_reply_port(void)
{
	return REPLY_PORT;
}

/*
 * Routine:	mig_put_reply_port
 * Purpose:	Test stand-in: count the call.
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
mig_put_reply_port(mach_port_t port)
{
	put_calls++;
}

/*
 * Routine:	mig_dealloc_reply_port
 * Purpose:	Test stand-in: count the call.
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
mig_dealloc_reply_port(mach_port_t port)
{
	dealloc_calls++;
}

/*
 * Routine:	mach_msg_destroy
 * Purpose:	Test stand-in: count the call.
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
mach_msg_destroy(mach_msg_header_t *msg)
{
	destroy_calls++;
}

static void
reset(void)
{
	tamper_request = tamper_reply = NULL;
	trailer_size = sizeof(mach_msg_format_0_trailer_t);
	reply_pending = false;
	destroy_calls = 0;
	memset(&rt_seen, 0, sizeof(rt_seen));
	while (nool > 0)
		free(ool_copies[--nool]);
}

/* --- round trips ---------------------------------------------------------- */

static void
test_scalars(void)
{
	int c = 5;
	int64_t d = 0;
	kern_return_t kr;

	reset();
	kr = rt_scalars(SERVER_PORT, 3, 0x100000001ULL, 7, &c, &d);
	CHECK(kr == KERN_SUCCESS, "scalars: success");
	CHECK(c == 8, "scalars: inout int");
	CHECK(d == 0x200000002LL + 7, "scalars: 64-bit in/out, 1-byte in");
	CHECK(rt_seen.server == SERVER_PORT,
	    "scalars: the request port reaches the server");
	CHECK(sizeof(__Request__rt_scalars_t) == 24 + 8 + 4 + 8 + 4 + 4,
	    "scalars: 8-byte value 4-aligned, byte padded to 4");
}

static void
test_strings(void)
{
	name_t r, s = "hello";
	fixname_t fr, f = "abc";
	kern_return_t kr;

	reset();
	kr = rt_string(SERVER_PORT, s, f, r, fr);
	CHECK(kr == KERN_SUCCESS && strcmp(r, "echo:hello") == 0,
	    "c_string[*:N] in and out");
	CHECK(strcmp(fr, "ABC") == 0, "c_string[N] in and out");
}

static void
test_inline(void)
{
	int arr[3] = {1, 2, 3}, out[8];
	mach_msg_type_number_t cnt = 8;
	kern_return_t kr;

	reset();
	kr = rt_inline(SERVER_PORT, arr, 3, out, &cnt);
	CHECK(kr == KERN_SUCCESS && cnt == 5 && out[0] == 3 && out[2] == 1 &&
		out[4] == 104,
	    "inline variable arrays in and out");
	CHECK(rt_seen.capacity == 8, "CountInOut: capacity reaches the server");
	cnt = 2;
	memset(out, 0, sizeof(out));
	kr = rt_inline(SERVER_PORT, arr, 3, out, &cnt);
	CHECK(kr == MIG_ARRAY_TOO_LARGE, "CountInOut: truncation reported");
	CHECK(cnt == 5 && out[0] == 3 && out[1] == 2 && out[2] == 0,
	    "CountInOut: truncated copy, real count returned");
	CHECK(rt_seen.capacity == 2, "CountInOut: server saw capacity 2");
	kr = rt_inline(SERVER_PORT, arr, 9, out, &cnt);
	CHECK(kr == MIG_ARRAY_TOO_LARGE, "in array above its bound refused");
}

static void
test_ool(void)
{
	char data[5] = "abcde";
	rtquad_t q = {{1, 2, 3, 4}};
	bytes_t outdata = NULL;
	mach_msg_type_number_t outcnt = 0;
	kern_return_t kr;

	reset();
	kr = rt_ool(SERVER_PORT, data, 5, &q, &outdata, &outcnt);
	CHECK(kr == KERN_SUCCESS && outcnt == 10 && outdata &&
		memcmp(outdata, "abcdeabcde", 10) == 0,
	    "out-of-line data in and out");
	CHECK(rt_seen.quad_sum == 10, "^struct travels out of line");
	CHECK(((__Request__rt_ool_t *)0)->msgh_body.msgh_descriptor_count ||
		sizeof(__Request__rt_ool_t) == 24 + 4 + 32 + 8 + 4,
	    "OOL request layout");
}

static void
test_ports(void)
{
	mach_port_t o_port = 0, o_poly = 0;
	mach_msg_type_name_t o_polyPoly = 0;
	kern_return_t kr;

	reset();
	kr = rt_ports(SERVER_PORT, 0x101, 0x102, 0x103, 0x104,
	    MACH_MSG_TYPE_COPY_SEND, 0x105, &o_port, &o_poly, &o_polyPoly);
	CHECK(kr == KERN_SUCCESS, "ports: success");
	CHECK(rt_seen.ports[0] == 0x101 && rt_seen.ports[4] == 0x105,
	    "ports: names reach the server");
	CHECK(rt_seen.poly == MACH_MSG_TYPE_PORT_SEND,
	    "ports: polymorphic disposition as received");
	CHECK(o_port == 0x101 + 1000 && o_poly == 0x102 &&
		o_polyPoly == MACH_MSG_TYPE_PORT_SEND_ONCE,
	    "ports: out ports and out Poly");
	CHECK(sizeof(__Request__rt_ports_t) == 24 + 4 + 5 * 12,
	    "ports: five 12-byte descriptors, no NDR");
}

static void
test_samecount(void)
{
	int a1[8], a2[8], tail = 0;
	mach_msg_type_number_t cnt = 8;
	kern_return_t kr;

	reset();
	kr = rt_samecount(SERVER_PORT, 3, a1, &cnt, a2, &tail);
	CHECK(kr == KERN_SUCCESS && cnt == 3 && a1[2] == 2 && a2[2] == 20,
	    "SameCount: two arrays, one count");
	CHECK(tail == 77, "SameCount: field after two variable arrays");
}

static void
test_simple_and_error(void)
{
	kern_return_t kr;

	reset();
	sends = 0;
	kr = rt_simple(SERVER_PORT, 99);
	CHECK(kr == KERN_SUCCESS && rt_seen.simple_value == 99 && sends == 1 &&
		!reply_pending,
	    "simpleroutine: one-way, no reply");
	kr = rt_error(SERVER_PORT, KERN_INVALID_RIGHT);
	CHECK(kr == KERN_INVALID_RIGHT, "error return reaches the caller");
	CHECK(((mach_msg_header_t *)rep_buf)->msgh_size ==
		sizeof(mig_reply_error_t),
	    "error reply is a 36-byte mig_reply_error_t");
}

static void
test_two_var(void)
{
	int x[3] = {7, 8, 9}, y[8];
	mach_msg_type_number_t ycnt = 8;
	name_t t, s = "tight";
	int z = 0;
	kern_return_t kr;

	reset();
	kr = rt_two_var(SERVER_PORT, x, 3, s, 40, y, &ycnt, t, &z);
	CHECK(kr == KERN_SUCCESS && ycnt == 3 && y[0] == 9 && y[2] == 7,
	    "packed: first variable field");
	CHECK(strcmp(t, "tight") == 0, "packed: second variable field");
	CHECK(z == 43, "packed: fixed field after two variable ones");
	CHECK(((mach_msg_header_t *)req_buf)->msgh_size ==
		24 + 8 + 4 + 12 + 4 + 4 + 8 + 4,
	    "packed: request size follows the counts");
}

static void
test_struct_and_ports_arrays(void)
{
	rtquad_t st = {{1, 2, 3, 4}}, io = {{10, 20, 30, 40}}, st2;
	mach_port_t ports[3] = {5, 6, 7}, opa[3], *oports = NULL;
	mach_msg_type_number_t n = 0;
	unsigned s = 0;
	kern_return_t kr;

	reset();
	kr = rt_struct(SERVER_PORT, st, &io, &st2);
	CHECK(kr == KERN_SUCCESS && io.v[3] == 44 && st2.v[1] == 2,
	    "struct in, inout, out");
	kr = rt_oolports(SERVER_PORT, ports, 3, &oports, &n);
	CHECK(kr == KERN_SUCCESS && n == 3 && oports && oports[2] == 8,
	    "out-of-line port arrays in and out");
	kr = rt_portarray(SERVER_PORT, ports, 2, opa, &n);
	CHECK(kr == KERN_SUCCESS && n == 2 && opa[1] == 12,
	    "array[*:N] of ports as N descriptors");
	n = 0x300;
	kr = rt_inout_port(SERVER_PORT, &n);
	CHECK(kr == KERN_SUCCESS && rt_seen.ports[0] == 0x300 && n == 0x301,
	    "inout port");
	kr = rt_seqno(SERVER_PORT, &s);
	CHECK(kr == KERN_SUCCESS && s == 42, "msgseqno from the trailer");
}

/* --- server checks (spec/mig.md 6.4) ---------------------------------------- */

static void
bad_id(mach_msg_header_t *h)
{
	h->msgh_id = 5099;
}

static void
grow(mach_msg_header_t *h)
{
	h->msgh_size += 4;
}

static void
clear_complex(mach_msg_header_t *h)
{
	h->msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
}

static void
set_complex(mach_msg_header_t *h)
{
	h->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
}

static void
bad_desc_count(mach_msg_header_t *h)
{
	((mach_msg_body_t *)(h + 1))->msgh_descriptor_count = 2;
}

static void
bad_desc_type(mach_msg_header_t *h)
{
	((__Request__rt_ports_t *)h)->p_copy.type = MACH_MSG_OOL_DESCRIPTOR;
}

static void
bad_disposition(mach_msg_header_t *h)
{
	((__Request__rt_ports_t *)h)->p_so.disposition =
	    MACH_MSG_TYPE_PORT_SEND;
}

static void
bad_ool_size(mach_msg_header_t *h)
{
	((__Request__rt_ool_t *)h)->data.size = 4;
}

static void
bad_count(mach_msg_header_t *h)
{
	((__Request__rt_inline_t *)h)->arrCnt = 9;
}

static void
unterminated(mach_msg_header_t *h)
{
	__Request__rt_string_t *r = (void *)h;

	r->s[r->sCnt - 1] = 'x';
}

static void
expect_server(tamper_fn fn, kern_return_t want, const char *what)
{
	int arr[2] = {1, 2}, out[8];
	mach_msg_type_number_t cnt = 8;
	char data[8] = "abcdefg";
	rtquad_t q = {{0}};
	bytes_t od;
	mach_port_t p1, p2;
	mach_msg_type_name_t pp;
	name_t r, s = "abc";
	fixname_t fr, f = "d";
	kern_return_t kr;

	reset();
	tamper_request = fn;
	if (fn == bad_desc_type || fn == bad_disposition ||
	    fn == bad_desc_count || fn == clear_complex)
		kr = rt_ports(SERVER_PORT, 1, 2, 3, 4, MACH_MSG_TYPE_COPY_SEND,
		    5, &p1, &p2, &pp);
	else if (fn == bad_ool_size)
		kr = rt_ool(SERVER_PORT, data, 8, &q, &od, &cnt);
	else if (fn == unterminated)
		kr = rt_string(SERVER_PORT, s, f, r, fr);
	else
		kr = rt_inline(SERVER_PORT, arr, 2, out, &cnt);
	CHECK(kr == want, what);
}

/* Call the demux directly: the reply must be a MIG_BAD_ID error. */
static void
demux_bad_id(mach_msg_id_t id, const char *what)
{
	mach_msg_header_t in = {0};
	mig_reply_error_t out;

	in.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0);
	in.msgh_remote_port = REPLY_PORT;
	in.msgh_local_port = SERVER_PORT;
	in.msgh_size = sizeof(in);
	in.msgh_id = id;
	memset(&out, 0xa5, sizeof(out));
	CHECK(!rt_server(&in, &out.Head) && out.RetCode == MIG_BAD_ID &&
		out.Head.msgh_id == id + 100 &&
		out.Head.msgh_remote_port == REPLY_PORT &&
		out.Head.msgh_size == sizeof(mig_reply_error_t) &&
		MACH_MSGH_BITS_REMOTE(out.Head.msgh_bits) ==
		    MACH_MSG_TYPE_PORT_SEND_ONCE,
	    what);
}

/* The subsystem object and the routine lookup (spec/mig.md 2.4). */
static void
test_subsystem_object(void)
{
	mach_msg_header_t h = {0};

	CHECK(srv_rt_subsystem.start == 5000 && srv_rt_subsystem.end == 5015,
	    "subsystem: start = base, end = base + slots");
	CHECK(srv_rt_subsystem.routine[9].stub_routine == 0 &&
		srv_rt_subsystem.routine[0].stub_routine != 0,
	    "subsystem: skip slots are empty");
	CHECK(srv_rt_subsystem.routine[0].argc == 6 &&
		srv_rt_subsystem.routine[0].max_reply_msg ==
		    sizeof(__Reply__rt_scalars_t),
	    "subsystem: argc and reply size");
	CHECK(srv_rt_subsystem.maxsize >= sizeof(__Reply__rt_two_var_t) &&
		srv_rt_subsystem.reserved == 0,
	    "subsystem: maxsize is the largest reply");
	h.msgh_id = 5002;
	CHECK(rt_server_routine(&h) == srv_rt_subsystem.routine[2].stub_routine,
	    "lookup: id to stub");
	h.msgh_id = 5009;
	CHECK(rt_server_routine(&h) == 0, "lookup: skip slot is NULL");
	CHECK(rt_MSG_COUNT == 15, "rt_MSG_COUNT counts the slots");
}

static void
test_server_checks(void)
{
	unsigned s;

	demux_bad_id(5099, "server: unknown id -> MIG_BAD_ID");
	demux_bad_id(5009, "server: skip slot -> MIG_BAD_ID");
	demux_bad_id(4999, "server: id below the base -> MIG_BAD_ID");
	expect_server(
	    grow, MIG_BAD_ARGUMENTS, "server: wrong size -> MIG_BAD_ARGUMENTS");
	expect_server(set_complex, MIG_BAD_ARGUMENTS,
	    "server: extra complex bit -> MIG_BAD_ARGUMENTS");
	expect_server(clear_complex, MIG_BAD_ARGUMENTS,
	    "server: missing complex bit -> MIG_BAD_ARGUMENTS");
	expect_server(bad_desc_count, MIG_BAD_ARGUMENTS,
	    "server: descriptor count -> MIG_BAD_ARGUMENTS");
	expect_server(bad_desc_type, MIG_TYPE_ERROR,
	    "server: descriptor kind -> MIG_TYPE_ERROR");
	expect_server(bad_disposition, MIG_TYPE_ERROR,
	    "server: disposition -> MIG_TYPE_ERROR");
	expect_server(bad_ool_size, MIG_TYPE_ERROR,
	    "server: OOL size vs count -> MIG_TYPE_ERROR");
	expect_server(bad_count, MIG_BAD_ARGUMENTS,
	    "server: inline count above bound -> MIG_BAD_ARGUMENTS");
	expect_server(unterminated, MIG_BAD_ARGUMENTS,
	    "server: unterminated string -> MIG_BAD_ARGUMENTS");
	reset();
	trailer_size = sizeof(mach_msg_trailer_t);
	CHECK(rt_seqno(SERVER_PORT, &s) == MIG_TRAILER_ERROR,
	    "server: short trailer with msgseqno -> MIG_TRAILER_ERROR");
}

/* --- user checks ----------------------------------------------------------- */

static void
reply_wrong_id(mach_msg_header_t *h)
{
	h->msgh_id = 1234;
}

static void
reply_died(mach_msg_header_t *h)
{
	h->msgh_id = MACH_NOTIFY_SEND_ONCE;
}

static void
reply_short(mach_msg_header_t *h)
{
	h->msgh_size -= 4;
}

static void
reply_with_port(mach_msg_header_t *h)
{
	h->msgh_remote_port = 0x77;
}

static void
reply_bad_desc(mach_msg_header_t *h)
{
	((__Reply__rt_ports_t *)h)->o_port.disposition =
	    MACH_MSG_TYPE_PORT_SEND_ONCE;
}

static void
test_user_checks(void)
{
	int c = 0;
	int64_t d;
	mach_port_t p1, p2;
	mach_msg_type_name_t pp;
	kern_return_t kr;

	reset();
	tamper_reply = reply_wrong_id;
	kr = rt_scalars(SERVER_PORT, 1, 1, 1, &c, &d);
	CHECK(kr == MIG_REPLY_MISMATCH && destroy_calls == 1,
	    "user: wrong reply id -> MIG_REPLY_MISMATCH, message destroyed");
	reset();
	tamper_reply = reply_died;
	kr = rt_scalars(SERVER_PORT, 1, 1, 1, &c, &d);
	CHECK(kr == MIG_SERVER_DIED, "user: reply id 71 -> MIG_SERVER_DIED");
	reset();
	tamper_reply = reply_short;
	kr = rt_scalars(SERVER_PORT, 1, 1, 1, &c, &d);
	CHECK(kr == MIG_TYPE_ERROR && destroy_calls == 1,
	    "user: malformed reply -> MIG_TYPE_ERROR, message destroyed");
	reset();
	tamper_reply = reply_with_port;
	kr = rt_scalars(SERVER_PORT, 1, 1, 1, &c, &d);
	CHECK(kr == MIG_TYPE_ERROR, "user: reply with a reply port rejected");
	reset();
	tamper_reply = reply_bad_desc;
	kr = rt_ports(
	    SERVER_PORT, 1, 2, 3, 4, MACH_MSG_TYPE_COPY_SEND, 5, &p1, &p2, &pp);
	CHECK(kr == MIG_TYPE_ERROR, "user: wrong reply disposition rejected");
	reset();
	put_calls = dealloc_calls = 0;
	reply_pending = false;
	tamper_request = bad_id;
	tamper_reply = NULL;
	kr = rt_simple(SERVER_PORT, 1);
	CHECK(kr == KERN_SUCCESS, "user: simpleroutine ignores the server");
}

/*
 * Routine:	main
 * Purpose:	Run every round trip and negative test.
 * Conditions:	None.
 * Returns:	0 if every check passed.
 */
int
main(void)
{
	test_scalars();
	test_strings();
	test_inline();
	test_ool();
	test_ports();
	test_samecount();
	test_simple_and_error();
	test_two_var();
	test_struct_and_ports_arrays();
	test_subsystem_object();
	test_server_checks();
	test_user_checks();
	reset();
#ifdef RT_MAXONSTACK
#define RT_STR_(x) #x
#define RT_STR(x) RT_STR_(x)
	CHECK(
	    __sanitizer_get_ownership != NULL && msgs > 0 && heap_msgs == msgs,
	    "-maxonstack " RT_STR(RT_MAXONSTACK) ": every buffer from malloc");
#else
	CHECK(heap_msgs == 0, "no -maxonstack: every buffer on the stack");
#endif
	printf("roundtrip: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	return failed != 0;
}
