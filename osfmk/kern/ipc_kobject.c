/*
 * kern/ipc_kobject.c - kernel-object ports and the kernel's MIG dispatch.
 *
 * At boot the routines of every kernel subsystem are entered in a table
 * indexed by message id.  A request to a kernel port is served in the
 * sending thread: the stub runs with no lock held, then
 *
 *	success (complex reply, or RetCode 0): the work function owns the
 *		rights the request carried; only the kmsg shell is freed.
 *	failure: the request is destroyed with its rights, so a send-once
 *		right it carried gets its SEND_ONCE notification (spec 6.2,
 *		gotcha 11); the reply right moves to the error reply.
 */
#include <kern/ipc_kobject.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_object.h>
#include <kern/kalloc.h>
#include <kern/debug.h>
#include <mach/mig.h>
#include <mach/mig_errors.h>
#include <mach/ndr.h>
#include <mach/notify.h>
#include <string.h>

#include <mach_port_server.h>
#include <task_server.h>
#include <thread_act_server.h>
#include <mach_host_server.h>
#include <mach_vm_server.h>

struct kobject_route {
	mach_msg_id_t id;
	mig_stub_routine_t stub;
	mach_msg_size_t reply_size;
};

#define KOBJECT_ROUTES 256
static struct kobject_route kobject_routes[KOBJECT_ROUTES];

static void
ipc_kobject_add_subsystem(const struct mig_subsystem *ss)
{
	mach_msg_id_t id;

	for (id = ss->start; id < ss->end; id++) {
		const struct routine_descriptor *rd =
		    &ss->routine[id - ss->start];
		struct kobject_route *r;
		uint32_t slot = (uint32_t)id % KOBJECT_ROUTES;

		if (rd->stub_routine == NULL)
			continue;
		while (kobject_routes[slot].stub != NULL)
			slot = (slot + 1) % KOBJECT_ROUTES;
		r = &kobject_routes[slot];
		r->id = id;
		r->stub = rd->stub_routine;
		r->reply_size = rd->max_reply_msg;
	}
}

/*
 * Routine:	ipc_kobject_init
 * Purpose:
 *	Enter every kernel MIG subsystem's routines in the dispatch table.
 * Conditions:
 *	Boot, single-threaded.
 * Returns:
 *	Nothing.
 */
void
ipc_kobject_init(void)
{
	ipc_kobject_add_subsystem(
	    (const struct mig_subsystem *)&mach_port_subsystem);
	ipc_kobject_add_subsystem(
	    (const struct mig_subsystem *)&task_subsystem);
	ipc_kobject_add_subsystem(
	    (const struct mig_subsystem *)&thread_act_subsystem);
	ipc_kobject_add_subsystem(
	    (const struct mig_subsystem *)&mach_host_subsystem);
	ipc_kobject_add_subsystem(
	    (const struct mig_subsystem *)&mach_vm_subsystem);
}

static const struct kobject_route *
ipc_kobject_route(mach_msg_id_t id)
{
	uint32_t slot = (uint32_t)id % KOBJECT_ROUTES, n;

	for (n = 0; n < KOBJECT_ROUTES && kobject_routes[slot].stub != NULL;
	     n++, slot = (slot + 1) % KOBJECT_ROUTES) {
		if (kobject_routes[slot].id == id)
			return &kobject_routes[slot];
	}
	return NULL;
}

/*
 * Routine:	ipc_kobject_alloc_port
 * Purpose:
 *	Make a port whose receive right the kernel holds, bound to a kernel
 *	object.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The port (one reference, for the kernel's receive right), or
 *	IP_NULL.
 */
ipc_port_t
ipc_kobject_alloc_port(ipc_kobject_t kobject, ipc_kobject_type_t type)
{
	ipc_port_t port = ipc_port_alloc_special(ipc_space_kernel);

	if (port == IP_NULL)
		return IP_NULL;
	port->ip_object.io_bits |= type;
	port->ip_kobject = kobject;
	port->ip_messages.imq_qlimit = MACH_PORT_QLIMIT_LARGE;
	return port;
}

/*
 * Routine:	ipc_kobject_dealloc_port
 * Purpose:
 *	The kernel object goes away: destroy its port (holders of send
 *	rights see it die: dead-name notifications fire).
 * Conditions:
 *	Nothing locked.  Consumes the kernel's receive right.
 * Returns:
 *	Nothing.
 */
void
ipc_kobject_dealloc_port(ipc_port_t port)
{
	ip_lock(port);
	port->ip_kobject = 0;
	port->ip_object.io_bits &= ~IO_BITS_KOTYPE;
	ipc_port_clear_receiver(port);
	ipc_port_destroy(port);
}

/*
 * Routine:	ipc_kobject_get
 * Purpose:
 *	The kernel object behind a port, if it has the given type.
 * Conditions:
 *	Nothing locked (the port lock is taken briefly).
 * Returns:
 *	The object, or 0.
 */
ipc_kobject_t
ipc_kobject_get(ipc_port_t port, ipc_kobject_type_t type)
{
	ipc_kobject_t kobject = 0;

	if (!IP_VALID(port))
		return 0;
	ip_lock(port);
	if (ip_active(port) && ip_kotype(port) == type)
		kobject = port->ip_kobject;
	ip_unlock(port);
	return kobject;
}

/*
 * Routine:	ipc_kobject_port_died
 * Purpose:
 *	Hook run when a port dies (nothing to undo for Harbor's kernel
 *	objects, whose owners destroy their ports themselves).
 * Conditions:
 *	Nothing locked; the port is dead.
 * Returns:
 *	Nothing.
 */
void
ipc_kobject_port_died(ipc_port_t port)
{
	(void)port;
}

/* The error-reply header every served request starts from. */
static void
ipc_kobject_init_reply(mach_msg_header_t *req, mig_reply_error_t *rep)
{
	rep->Head.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSGH_BITS_LOCAL(req->msgh_bits), 0);
	rep->Head.msgh_size = sizeof(mig_reply_error_t);
	rep->Head.msgh_remote_port = req->msgh_local_port;
	rep->Head.msgh_local_port = IP_NULL;
	rep->Head.msgh_voucher_port = 0;
	rep->Head.msgh_id = req->msgh_id + 100;
	rep->NDR = NDR_record;
	rep->RetCode = MIG_BAD_ID;
}

/* Drop the destination right the request used. */
static void
ipc_kobject_release_dest(mach_msg_header_t *req)
{
	ipc_port_t dest = req->msgh_remote_port;

	if (MACH_MSGH_BITS_REMOTE(req->msgh_bits) ==
	    MACH_MSG_TYPE_PORT_SEND_ONCE)
		ipc_port_release_sonce(dest);
	else
		ipc_port_release_send(dest);
	req->msgh_remote_port = IP_NULL;
}

/* A notification sent to a kernel port: nothing to do but consume it. */
static bool
ipc_kobject_is_notification(mach_msg_id_t id)
{
	return id >= MACH_NOTIFY_FIRST && id <= MACH_NOTIFY_LAST;
}

/*
 * Routine:	ipc_kobject_server
 * Purpose:
 *	Serve a request sent to a kernel-object port and build its reply.
 * Conditions:
 *	Nothing locked.  Consumes the request.
 * Returns:
 *	The reply kmsg, copied in and ready to send, or IKM_NULL when the
 *	request has no reply port (or no memory for one).
 */
ipc_kmsg_t
ipc_kobject_server(ipc_kmsg_t request)
{
	mach_msg_header_t *req = request->ikm_header;
	const struct kobject_route *route = ipc_kobject_route(req->msgh_id);
	mach_msg_size_t rsize =
	    route != NULL ? route->reply_size : sizeof(mig_reply_error_t);
	mig_reply_error_t *rep;
	ipc_kmsg_t reply;
	bool ok;

	if (ipc_kobject_is_notification(req->msgh_id)) {
		/* Its send-once destination must not notify itself again. */
		ipc_kmsg_destroy_refused(request);
		return IKM_NULL;
	}
	if (rsize < sizeof(mig_reply_error_t))
		rsize = sizeof(mig_reply_error_t);
	rsize += IPC_KMSG_HEADER_GROWTH * 2 + 64 * IPC_KMSG_DESC_GROWTH;
	reply = ipc_kmsg_alloc(rsize);
	if (reply == IKM_NULL) {
		ipc_kmsg_destroy(request);
		return IKM_NULL;
	}
	rep = (mig_reply_error_t *)reply->ikm_header;
	ipc_kobject_init_reply(req, rep);
	if (route != NULL)
		route->stub(req, &rep->Head);
	ok = MACH_MSGH_BITS_IS_COMPLEX(rep->Head.msgh_bits) ||
	    rep->RetCode == KERN_SUCCESS;

	ipc_kobject_release_dest(req);
	req->msgh_local_port = IP_NULL; /* the reply right moves to the reply */
	if (ok) {
		ipc_kmsg_free(request);
	} else {
		ipc_kmsg_destroy(request);
	}
	if (!IP_VALID(rep->Head.msgh_remote_port)) {
		ipc_kmsg_destroy(reply);
		return IKM_NULL;
	}
	reply->ikm_from_kernel = true;
	ipc_kmsg_copyin_from_kernel(reply);
	return reply;
}
