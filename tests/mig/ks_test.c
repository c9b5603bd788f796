/*
 * tests/mig/ks_test.c - the KernelServer personality: a kernel-layout
 * request (-DKERNEL: port pointers, 32-byte header, 16-byte port
 * descriptors, un-swapped orientation) goes through the generated demux;
 * the test checks intran, the work function's arguments, destructors,
 * the release of a consumed send right, outtran, and the error path.
 */
#include <stdio.h>
#include <string.h>

#include "ks_server.h"
#include "check.h"

NDR_record_t NDR_record = NDR_RECORD_VALUE;

struct ipc_port {
	int id;
};
struct kobj {
	int id;
	int refs;
};

static struct ipc_port ports[4] = {{0}, {1}, {2}, {3}};
static struct kobj objs[4] = {{0, 0}, {1, 0}, {2, 0}, {3, 0}};
static int released[4], work_calls;
static obj_t seen_target, seen_other;

/*
 * Routine:	port_to_obj
 * Purpose:	Test intran: the object behind a port, with a reference.
 * Conditions:	None.
 * Returns:	The object.
 */
obj_t
port_to_obj(mach_port_t port)
{
	struct kobj *o = &objs[port->id];

	o->refs++;
	return o;
}

/*
 * Routine:	obj_to_port
 * Purpose:	Test outtran: the port of an object (consumes a reference).
 * Conditions:	None.
 * Returns:	The port.
 */
mach_port_t
obj_to_port(obj_t obj)
{
	obj->refs--;
	return &ports[obj->id];
}

/*
 * Routine:	obj_release
 * Purpose:	Test destructor: drop the intran reference.
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
obj_release(obj_t obj)
{
	obj->refs--;
}

/*
 * Routine:	ipc_port_release_send
 * Purpose:	Test stand-in: record the released send right.
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
ipc_port_release_send(mach_port_t port)
{
	released[port->id]++;
}

/*
 * Routine:	ks_use
 * Purpose:	The work function: sees translated objects.
 * Conditions:	Called by the generated stub.
 * Returns:	KERN_SUCCESS, or KERN_FAILURE when fail is set.
 */
kern_return_t
ks_use(obj_t target, obj_t other, int fail, obj_t *made, mach_port_t *sp)
{
	work_calls++;
	seen_target = target;
	seen_other = other;
	if (fail)
		return KERN_FAILURE;
	objs[3].refs++;
	*made = &objs[3];
	*sp = &ports[2];
	return KERN_SUCCESS;
}

static void
build(__Request__ks_use_t *req, int fail)
{
	memset(req, 0, sizeof(*req));
	req->Head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
	    MACH_MSGH_BITS(
		MACH_MSG_TYPE_PORT_SEND, MACH_MSG_TYPE_PORT_SEND_ONCE);
	req->Head.msgh_size = sizeof(*req);
	req->Head.msgh_remote_port = &ports[0]; /* kernel view: un-swapped */
	req->Head.msgh_local_port = &ports[1];
	req->Head.msgh_id = 6000;
	req->msgh_body.msgh_descriptor_count = 1;
	req->other.name = &ports[1];
	req->other.disposition = MACH_MSG_TYPE_PORT_SEND;
	req->other.type = MACH_MSG_PORT_DESCRIPTOR;
	req->NDR = NDR_record;
	req->fail = fail;
}

static void
test_success(void)
{
	__Request__ks_use_t req;
	union {
		__Reply__ks_use_t r;
		mig_reply_error_t e;
	} rep;

	build(&req, 0);
	CHECK(ks_server(&req.Head, &rep.r.Head), "demux accepts id 6000");
	CHECK(work_calls == 1 && seen_target == &objs[0] &&
		seen_other == &objs[1],
	    "intran: the work function sees objects");
	CHECK(objs[0].refs == 0 && objs[1].refs == 0,
	    "destructor releases every translated argument");
	CHECK(released[1] == 1 && released[0] == 0,
	    "the consumed send right of a translated in-port is released");
	CHECK(rep.r.Head.msgh_id == 6100 &&
		rep.r.Head.msgh_size == sizeof(__Reply__ks_use_t) &&
		(rep.r.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
		rep.r.msgh_body.msgh_descriptor_count == 2,
	    "complex reply, kernel layout");
	CHECK(rep.r.Head.msgh_remote_port == &ports[1] &&
		MACH_MSGH_BITS_REMOTE(rep.r.Head.msgh_bits) ==
		    MACH_MSG_TYPE_PORT_SEND_ONCE,
	    "kernel orientation: the reply goes to the local port");
	CHECK(rep.r.made.name == &ports[3] && objs[3].refs == 0,
	    "outtran converts the out object");
	CHECK(rep.r.made.disposition == MACH_MSG_TYPE_MOVE_SEND &&
		rep.r.sp.disposition == MACH_MSG_TYPE_MOVE_SEND,
	    "kernel copy-send out ports travel as move-send");
	CHECK(sizeof(__Request__ks_use_t) == 32 + 4 + 16 + 8 + 4,
	    "kernel request layout: 32-byte header, 16-byte descriptor");
}

static void
test_failure(void)
{
	__Request__ks_use_t req;
	union {
		__Reply__ks_use_t r;
		mig_reply_error_t e;
	} rep;

	memset(released, 0, sizeof(released));
	build(&req, 1);
	CHECK(ks_server(&req.Head, &rep.r.Head), "demux, failing routine");
	CHECK(rep.e.RetCode == KERN_FAILURE &&
		rep.e.Head.msgh_size == sizeof(mig_reply_error_t) &&
		!(rep.e.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX),
	    "failure: a simple mig_reply_error_t");
	CHECK(objs[0].refs == 0 && objs[1].refs == 0,
	    "failure: destructors still run");
	CHECK(released[1] == 0,
	    "failure: the send right is left for the kernel to destroy");
	req.other.disposition = MACH_MSG_TYPE_PORT_SEND_ONCE;
	ks_server(&req.Head, &rep.r.Head);
	CHECK(
	    rep.e.RetCode == MIG_TYPE_ERROR, "bad disposition: MIG_TYPE_ERROR");
}

/*
 * Routine:	main
 * Purpose:	Run the KernelServer tests.
 * Conditions:	None.
 * Returns:	0 if every check passed.
 */
int
main(void)
{
	test_success();
	test_failure();
	printf("kernelserver: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	return failed != 0;
}
