/*
 * tests/mig/onstack_test.c - -maxonstack in plain user stubs
 * (fixtures/onstack.defs generated with -maxonstack OS_MAXONSTACK and
 * built with -D__MigAlloc=os_alloc -D__MigFree=os_free).  A stub whose
 * message buffer is larger than the limit must take it from the
 * allocator, send from it, and give it back on every return path; a
 * smaller one must not allocate.  The transport is a loopback into the
 * generated server, with errors injected at each step.  Prints
 * "N passed, N failed".
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os.h"
#include "os_server.h"
#include "check.h"
#include "onstack_common.h"

NDR_record_t NDR_record = NDR_RECORD_VALUE;

extern boolean_t os_server(mach_msg_header_t *in, mach_msg_header_t *out);

/* --- the allocator (__MigAlloc / __MigFree) ------------------------------- */

/*
 * Routine:	os_alloc
 * Purpose:	__MigAlloc of the stubs under test (counting_alloc).
 * Conditions:	None.
 * Returns:	A block of size bytes, or NULL.
 */
void *
os_alloc(size_t size)
{
	return counting_alloc(size);
}

/*
 * Routine:	os_free
 * Purpose:	__MigFree of the stubs under test (counting_free).
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
os_free(void *ptr, size_t size)
{
	counting_free(ptr, size);
}

/* --- the loopback transport ------------------------------------------------ */

#define REPLY_PORT 0x1003
#define SERVER_PORT 0x2007

typedef void (*tamper_fn)(mach_msg_header_t *h);

static _Alignas(8) unsigned char req_buf[4096], rep_buf[4096];
static mach_msg_return_t send_error, rcv_error;
static tamper_fn tamper_reply;
static int sends, get_calls, put_calls, dealloc_calls, destroy_calls;
static const void *sent_from;

static mach_msg_type_name_t
received_name(mach_msg_type_name_t d)
{
	if (d == MACH_MSG_TYPE_COPY_SEND || d == MACH_MSG_TYPE_MAKE_SEND)
		return MACH_MSG_TYPE_PORT_SEND;
	if (d == MACH_MSG_TYPE_MAKE_SEND_ONCE)
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	return d;
}

/* Receive orientation and a format-0 trailer (no descriptors here). */
static void
deliver(mach_msg_header_t *h)
{
	mach_msg_bits_t b = h->msgh_bits;
	mach_port_t r = h->msgh_remote_port;
	mach_msg_format_0_trailer_t *t;

	h->msgh_bits = MACH_MSGH_BITS(received_name(MACH_MSGH_BITS_LOCAL(b)),
	    received_name(MACH_MSGH_BITS_REMOTE(b)));
	h->msgh_remote_port = h->msgh_local_port;
	h->msgh_local_port = r;
	t = (void *)((char *)h + ((h->msgh_size + 3) & ~3u));
	memset(t, 0, sizeof(*t));
	t->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t->msgh_trailer_size = sizeof(*t);
}

/*
 * Routine:	mach_msg
 * Purpose:	Loopback transport into the generated demux, failing the
 *		send or the receive when the test asks.
 * Conditions:	Single-threaded test process.
 * Returns:	MACH_MSG_SUCCESS or the injected error.
 */
mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
    mach_port_name_t notify)
{
	mach_msg_header_t *in = (void *)req_buf, *out = (void *)rep_buf;
	mach_msg_size_t total;

	sent_from = msg;
	if (send_error != MACH_MSG_SUCCESS)
		return send_error;
	if (send_size > sizeof(req_buf) - sizeof(mach_msg_max_trailer_t))
		return MACH_SEND_TOO_LARGE;
	sends++;
	msg->msgh_size = send_size;
	memcpy(req_buf, msg, send_size);
	deliver(in);
	memset(rep_buf, 0, sizeof(rep_buf));
	(void)os_server(in, out);
	if (!(option & MACH_RCV_MSG))
		return MACH_MSG_SUCCESS;
	if (rcv_error != MACH_MSG_SUCCESS)
		return rcv_error;
	if (in->msgh_remote_port == MACH_PORT_NULL)
		return MACH_RCV_TIMED_OUT;
	deliver(out);
	if (tamper_reply != NULL)
		tamper_reply(out);
	total = ((out->msgh_size + 3) & ~3u) +
	    (mach_msg_size_t)sizeof(mach_msg_format_0_trailer_t);
	if (total > rcv_size)
		return MACH_RCV_TOO_LARGE;
	memcpy(msg, out, total);
	return MACH_MSG_SUCCESS;
}

/*
 * Routine:	mig_get_reply_port / mig_put_reply_port /
 *		mig_dealloc_reply_port / mach_msg_destroy
 * Purpose:	Test stand-ins that count their calls.
 * Conditions:	None.
 * Returns:	REPLY_PORT (mig_get_reply_port) or nothing.
 */
mach_port_t
mig_get_reply_port(void)
{
	get_calls++;
	return REPLY_PORT;
}

void
mig_put_reply_port(mach_port_t port)
{
	put_calls++;
}

void
mig_dealloc_reply_port(mach_port_t port)
{
	dealloc_calls++;
}

void
mach_msg_destroy(mach_msg_header_t *msg)
{
	destroy_calls++;
}

/* --- the server work functions ------------------------------------------------ */

static int oneway_value;

/*
 * Routine:	srv_os_big
 * Purpose:	Reverse the block, sum the array; data.v[0] == -1 asks
 *		for an error reply.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS or KERN_INVALID_ARGUMENT.
 */
kern_return_t
srv_os_big(mach_port_t server, os_block_t data, os_arr_t arr,
    mach_msg_type_number_t arrCnt, os_block_t *back, int *sum)
{
	mach_msg_type_number_t i;

	if (data.v[0] == -1)
		return KERN_INVALID_ARGUMENT;
	for (i = 0; i < 32; i++)
		back->v[i] = data.v[31 - i];
	*sum = 0;
	for (i = 0; i < arrCnt; i++)
		*sum += arr[i];
	return KERN_SUCCESS;
}

/*
 * Routine:	srv_os_small / srv_os_big_oneway / srv_os_small_oneway
 * Purpose:	Echo a value / record what arrived.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS.
 */
kern_return_t
srv_os_small(mach_port_t server, int a, int *b)
{
	*b = a * 3;
	return KERN_SUCCESS;
}

kern_return_t
srv_os_big_oneway(mach_port_t server, os_block_t data)
{
	oneway_value = data.v[0] + data.v[31];
	return KERN_SUCCESS;
}

kern_return_t
srv_os_small_oneway(mach_port_t server, int v)
{
	oneway_value = v;
	return KERN_SUCCESS;
}

/* --- tests ------------------------------------------------------------------------ */

static void
reset(void)
{
	allocs = frees = bad_frees = 0;
	fail_alloc = false;
	last_block = NULL;
	last_size = 0;
	send_error = rcv_error = MACH_MSG_SUCCESS;
	tamper_reply = NULL;
	sends = get_calls = put_calls = dealloc_calls = destroy_calls = 0;
	sent_from = NULL;
	oneway_value = 0;
}

static kern_return_t
call_big(int first, mach_msg_type_number_t n, os_block_t *back, int *sum)
{
	os_block_t data;
	int arr[17], i;

	for (i = 0; i < 32; i++)
		data.v[i] = i + 1;
	data.v[0] = first;
	for (i = 0; i < 17; i++)
		arr[i] = i;
	memset(back, 0, sizeof(*back));
	*sum = 0;
	return os_big(SERVER_PORT, data, arr, n, back, sum);
}

static void
test_below_limit(void)
{
	int b = 0;

	reset();
	CHECK(os_small(SERVER_PORT, 14, &b) == KERN_SUCCESS && b == 42,
	    "small routine: round trip");
	CHECK(allocs == 0 && frees == 0 && sends == 1,
	    "small routine: buffer on the stack, no allocation");
	reset();
	CHECK(os_small_oneway(SERVER_PORT, 9) == KERN_SUCCESS &&
		oneway_value == 9 && allocs == 0 && frees == 0,
	    "small simpleroutine: buffer on the stack, no allocation");
}

static void
test_success(void)
{
	os_block_t back;
	int sum;
	kern_return_t kr;

	reset();
	kr = call_big(1, 16, &back, &sum);
	CHECK(kr == KERN_SUCCESS && back.v[0] == 32 && back.v[31] == 1 &&
		sum == 120,
	    "big routine: round trip through a heap buffer");
	CHECK(one_block_returned(BUFFER_SIZE(os_big)),
	    "big routine: one buffer of the union's size, freed");
	CHECK(sent_from == last_block,
	    "big routine: request sent from (and reply received into) it");
	reset();
	kr = os_big_oneway(SERVER_PORT, back);
	CHECK(kr == KERN_SUCCESS && oneway_value == 33 && sends == 1,
	    "big simpleroutine: sent from a heap buffer");
	CHECK(one_block_returned(sizeof(__Request__os_big_oneway_t)) &&
		sent_from == last_block,
	    "big simpleroutine: one request-sized buffer, freed");
}

static void
test_send_errors(void)
{
	os_block_t back;
	int sum;
	kern_return_t kr;

	reset();
	send_error = MACH_SEND_INVALID_DEST;
	kr = call_big(1, 4, &back, &sum);
	CHECK(kr == MACH_SEND_INVALID_DEST && put_calls == 1 &&
		dealloc_calls == 0,
	    "big routine, send error: returned, reply port kept");
	CHECK(one_block_returned(BUFFER_SIZE(os_big)),
	    "big routine, send error: buffer freed");
	reset();
	send_error = MACH_SEND_TIMED_OUT;
	kr = call_big(1, 4, &back, &sum);
	CHECK(kr == MACH_SEND_TIMED_OUT && dealloc_calls == 1 &&
		one_block_returned(BUFFER_SIZE(os_big)),
	    "big routine, other send error: reply port destroyed, freed");
	reset();
	send_error = MACH_SEND_INVALID_DEST;
	kr = os_big_oneway(SERVER_PORT, back);
	CHECK(kr == MACH_SEND_INVALID_DEST &&
		one_block_returned(sizeof(__Request__os_big_oneway_t)),
	    "big simpleroutine, send error: returned, buffer freed");
	reset();
	kr = call_big(1, 17, &back, &sum);
	CHECK(kr == MIG_ARRAY_TOO_LARGE && sends == 0 && sent_from == NULL &&
		one_block_returned(BUFFER_SIZE(os_big)),
	    "big routine, in array above its bound: nothing sent, freed");
}

static void
reply_wrong_id(mach_msg_header_t *h)
{
	h->msgh_id = 1234;
}

static void
reply_short(mach_msg_header_t *h)
{
	h->msgh_size -= 4;
}

static void
test_reply_errors(void)
{
	os_block_t back;
	int sum;
	kern_return_t kr;

	reset();
	rcv_error = MACH_RCV_TIMED_OUT;
	kr = call_big(1, 4, &back, &sum);
	CHECK(kr == MACH_RCV_TIMED_OUT && dealloc_calls == 1 &&
		one_block_returned(BUFFER_SIZE(os_big)),
	    "big routine, receive error: returned, buffer freed");
	reset();
	kr = call_big(-1, 4, &back, &sum);
	CHECK(kr == KERN_INVALID_ARGUMENT && destroy_calls == 0 &&
		one_block_returned(BUFFER_SIZE(os_big)),
	    "big routine, error reply: its code returned, buffer freed");
	reset();
	tamper_reply = reply_wrong_id;
	kr = call_big(1, 4, &back, &sum);
	CHECK(kr == MIG_REPLY_MISMATCH && destroy_calls == 1 &&
		one_block_returned(BUFFER_SIZE(os_big)),
	    "big routine, wrong reply id: destroyed, buffer freed");
	reset();
	tamper_reply = reply_short;
	kr = call_big(1, 4, &back, &sum);
	CHECK(kr == MIG_TYPE_ERROR && destroy_calls == 1 &&
		one_block_returned(BUFFER_SIZE(os_big)),
	    "big routine, malformed reply: destroyed, buffer freed");
}

static void
test_no_memory(void)
{
	os_block_t back;
	int sum, b = 0;
	kern_return_t kr;

	reset();
	fail_alloc = true;
	kr = call_big(1, 4, &back, &sum);
	CHECK(kr == MACH_SEND_NO_BUFFER && sends == 0 && sent_from == NULL &&
		get_calls == 0 && frees == 0,
	    "big routine, no memory: MACH_SEND_NO_BUFFER, nothing sent");
	kr = os_big_oneway(SERVER_PORT, back);
	CHECK(kr == MACH_SEND_NO_BUFFER && sends == 0 && frees == 0,
	    "big simpleroutine, no memory: MACH_SEND_NO_BUFFER");
	CHECK(os_small(SERVER_PORT, 1, &b) == KERN_SUCCESS && b == 3,
	    "small routine works without memory");
}

/*
 * Routine:	main
 * Purpose:	Run the -maxonstack checks.
 * Conditions:	None.
 * Returns:	0 if every check passed.
 */
int
main(void)
{
	test_below_limit();
	test_success();
	test_send_errors();
	test_reply_errors();
	test_no_memory();
	printf("onstack (user): %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	return failed != 0;
}
