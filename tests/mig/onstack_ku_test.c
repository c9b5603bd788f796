/*
 * tests/mig/onstack_ku_test.c - -maxonstack in KernelUser stubs
 * (fixtures/onstack.defs generated with -DKERNEL_USER=1 -maxonstack
 * OS_MAXONSTACK, compiled with -DKERNEL: kernel layout).  With no
 * override the stubs call the kernel's kalloc(size) / kfree(ptr, size),
 * stood in for here; a big buffer must be freed on every return path,
 * and an allocation failure is KERN_RESOURCE_SHORTAGE.  The "RPC from
 * kernel" stand-in writes the reply into the request's buffer, as the
 * kernel does.  Prints "N passed, N failed".
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kern/kalloc.h>
#include <mach/mig_kernel.h>

#include "os.h"
#include "check.h"
#include "onstack_common.h"

NDR_record_t NDR_record = NDR_RECORD_VALUE;

struct ipc_port {
	int id;
};

/* Declared by the generated stubs, not by a header. */
void mach_msg_destroy(mach_msg_header_t *msg);

static struct ipc_port server_port;

/* The kernel layout: a 32-byte header. */
_Static_assert(sizeof(mach_msg_header_t) == 32, "kernel layout");

/* --- the kernel's allocator --------------------------------------------------- */

/*
 * Routine:	kalloc
 * Purpose:	Stand-in for the kernel allocator (counting_alloc).
 * Conditions:	None.
 * Returns:	A block of size bytes, or NULL.
 */
void *
kalloc(size_t size)
{
	return counting_alloc(size);
}

/*
 * Routine:	kfree
 * Purpose:	Stand-in for the kernel allocator (counting_free).
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
kfree(void *addr, size_t size)
{
	counting_free(addr, size);
}

/* --- the kernel's send functions ----------------------------------------------- */

enum reply_kind { REPLY_OK, REPLY_ERROR, REPLY_WRONG_ID };

static mach_msg_return_t send_error;
static enum reply_kind reply_kind;
static int sends, destroy_calls;
static const void *sent_from;
static int oneway_value;

static void
answer_big(mach_msg_header_t *msg)
{
	__Request__os_big_t req;
	__Reply__os_big_t *rep = (void *)msg;
	mach_msg_type_number_t i;

	memcpy(&req, msg, msg->msgh_size);
	memset(rep, 0, sizeof(*rep));
	rep->NDR = NDR_record;
	for (i = 0; i < 32; i++)
		rep->back.v[i] = req.data.v[31 - i];
	for (i = 0; i < req.arrCnt; i++)
		rep->sum += req.arr[i];
	rep->Head.msgh_size = sizeof(*rep);
}

static void
answer_small(mach_msg_header_t *msg)
{
	__Request__os_small_t req;
	__Reply__os_small_t *rep = (void *)msg;

	memcpy(&req, msg, sizeof(req));
	memset(rep, 0, sizeof(*rep));
	rep->NDR = NDR_record;
	rep->b = req.a * 3;
	rep->Head.msgh_size = sizeof(*rep);
}

/*
 * Routine:	mach_msg_rpc_from_kernel
 * Purpose:	Test stand-in: answer in place (the kernel receives the
 *		reply into the request's buffer), or fail as asked.
 * Conditions:	None.
 * Returns:	MACH_MSG_SUCCESS or the injected error.
 */
mach_msg_return_t
mach_msg_rpc_from_kernel(
    mach_msg_header_t *msg, mach_msg_size_t send_size, mach_msg_size_t rcv_size)
{
	mach_msg_id_t id = msg->msgh_id;

	sent_from = msg;
	if (send_error != MACH_MSG_SUCCESS)
		return send_error;
	sends++;
	msg->msgh_size = send_size;
	if (reply_kind == REPLY_ERROR) {
		mig_reply_error_t *e = (void *)msg;

		memset(e, 0, sizeof(*e));
		e->Head.msgh_size = sizeof(*e);
		e->NDR = NDR_record;
		e->RetCode = KERN_INVALID_ARGUMENT;
	} else if (id == 7000) {
		answer_big(msg);
	} else {
		answer_small(msg);
	}
	msg->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0);
	msg->msgh_id = reply_kind == REPLY_WRONG_ID ? 1234 : id + 100;
	return MACH_MSG_SUCCESS;
}

/*
 * Routine:	mach_msg_send_from_kernel
 * Purpose:	Test stand-in: record the one-way message, or fail.
 * Conditions:	None.
 * Returns:	MACH_MSG_SUCCESS or the injected error.
 */
mach_msg_return_t
mach_msg_send_from_kernel(mach_msg_header_t *msg, mach_msg_size_t size)
{
	sent_from = msg;
	if (send_error != MACH_MSG_SUCCESS)
		return send_error;
	sends++;
	if (msg->msgh_id == 7002) {
		const __Request__os_big_oneway_t *r = (const void *)msg;

		oneway_value = r->data.v[0] + r->data.v[31];
	} else {
		oneway_value = ((const __Request__os_small_oneway_t *)msg)->v;
	}
	return MACH_MSG_SUCCESS;
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

/* --- tests ------------------------------------------------------------------------ */

static void
reset(void)
{
	allocs = frees = bad_frees = 0;
	fail_alloc = false;
	last_block = NULL;
	last_size = 0;
	send_error = MACH_MSG_SUCCESS;
	reply_kind = REPLY_OK;
	sends = destroy_calls = oneway_value = 0;
	sent_from = NULL;
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
	return os_big(&server_port, data, arr, n, back, sum);
}

static void
test_below_limit(void)
{
	int b = 0;

	reset();
	CHECK(os_small(&server_port, 14, &b) == KERN_SUCCESS && b == 42 &&
		sends == 1,
	    "KU small routine: round trip");
	CHECK(allocs == 0 && frees == 0,
	    "KU small routine: buffer on the stack, no kalloc");
	reset();
	CHECK(os_small_oneway(&server_port, 9) == KERN_SUCCESS &&
		oneway_value == 9 && allocs == 0 && frees == 0,
	    "KU small simpleroutine: buffer on the stack, no kalloc");
}

static void
test_big(void)
{
	os_block_t back;
	int sum;
	kern_return_t kr;

	reset();
	kr = call_big(1, 16, &back, &sum);
	CHECK(kr == KERN_SUCCESS && back.v[0] == 32 && back.v[31] == 1 &&
		sum == 120,
	    "KU big routine: RPC through a kalloc'ed buffer");
	CHECK(
	    one_block_returned(BUFFER_SIZE(os_big)) && sent_from == last_block,
	    "KU big routine: kalloc(size of the union), kfree(same size)");
	reset();
	kr = os_big_oneway(&server_port, back);
	CHECK(kr == KERN_SUCCESS && oneway_value == 33 &&
		one_block_returned(sizeof(__Request__os_big_oneway_t)) &&
		sent_from == last_block,
	    "KU big simpleroutine: sent from a kalloc'ed buffer, kfreed");
}

static void
test_errors(void)
{
	os_block_t back;
	int sum;
	kern_return_t kr;

	reset();
	send_error = MACH_SEND_INVALID_DEST;
	kr = call_big(1, 4, &back, &sum);
	CHECK(kr == MACH_SEND_INVALID_DEST &&
		one_block_returned(BUFFER_SIZE(os_big)),
	    "KU big routine, send error: returned, kfreed");
	reset();
	send_error = MACH_SEND_INVALID_DEST;
	kr = os_big_oneway(&server_port, back);
	CHECK(kr == MACH_SEND_INVALID_DEST &&
		one_block_returned(sizeof(__Request__os_big_oneway_t)),
	    "KU big simpleroutine, send error: returned, kfreed");
	reset();
	reply_kind = REPLY_ERROR;
	kr = call_big(1, 4, &back, &sum);
	CHECK(kr == KERN_INVALID_ARGUMENT && destroy_calls == 0 &&
		one_block_returned(BUFFER_SIZE(os_big)),
	    "KU big routine, error reply: its code returned, kfreed");
	reset();
	reply_kind = REPLY_WRONG_ID;
	kr = call_big(1, 4, &back, &sum);
	CHECK(kr == MIG_REPLY_MISMATCH && destroy_calls == 1 &&
		one_block_returned(BUFFER_SIZE(os_big)),
	    "KU big routine, wrong reply id: destroyed, kfreed");
	reset();
	kr = call_big(1, 17, &back, &sum);
	CHECK(kr == MIG_ARRAY_TOO_LARGE && sends == 0 && sent_from == NULL &&
		one_block_returned(BUFFER_SIZE(os_big)),
	    "KU big routine, in array above its bound: nothing sent, kfreed");
	reset();
	fail_alloc = true;
	kr = call_big(1, 4, &back, &sum);
	CHECK(kr == KERN_RESOURCE_SHORTAGE && sent_from == NULL && frees == 0,
	    "KU big routine, kalloc fails: KERN_RESOURCE_SHORTAGE");
	kr = os_big_oneway(&server_port, back);
	CHECK(kr == KERN_RESOURCE_SHORTAGE && sent_from == NULL && frees == 0,
	    "KU big simpleroutine, kalloc fails: KERN_RESOURCE_SHORTAGE");
}

/*
 * Routine:	main
 * Purpose:	Run the KernelUser -maxonstack checks.
 * Conditions:	None.
 * Returns:	0 if every check passed.
 */
int
main(void)
{
	test_below_limit();
	test_big();
	test_errors();
	printf("onstack (KernelUser): %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	return failed != 0;
}
