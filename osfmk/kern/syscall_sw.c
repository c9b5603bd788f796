/*
 * kern/syscall_sw.c - the Mach trap table (XNU's numbers) and the one
 * dispatcher both machines call.
 *
 * Traps validate every argument; a bad user pointer gives
 * KERN_INVALID_ADDRESS (MACH_SEND_INVALID_DATA and friends for
 * mach_msg), never a fault in the kernel.
 */
#include <kern/syscall_sw.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/ipc_tt.h>
#include <kern/ipc_kobject.h>
#include <kern/md.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>
#include <ipc/ipc_object.h>
#include <ipc/ipc_notify.h>
#include <ipc/mach_msg.h>
#include <mach/mig_kernel.h>
#include <mach_port_server.h>
#include <mach_vm_server.h>


/* Copy a send right out to the caller: the name, or MACH_PORT_NULL. */
static uint64_t
trap_copyout_send(ipc_port_t port)
{
	mach_port_name_t name = MACH_PORT_NULL;

	if (IP_VALID(port) &&
	    ipc_object_copyout(current_task()->itk_space, ip_to_object(port),
		MACH_MSG_TYPE_PORT_SEND, true, &name) != KERN_SUCCESS) {
		ipc_port_release_send(port);
		name = MACH_PORT_NULL;
	}
	return name;
}

static uint64_t
mach_reply_port_trap(const uint64_t *args)
{
	mach_port_name_t name;
	ipc_port_t port;

	(void)args;
	if (ipc_port_alloc(current_task()->itk_space, false, &name, &port) !=
	    KERN_SUCCESS)
		return MACH_PORT_NULL;
	return name;
}

static uint64_t
thread_self_trap(const uint64_t *args)
{
	(void)args;
	return trap_copyout_send(retrieve_thread_self_fast(current_thread()));
}

static uint64_t
task_self_trap(const uint64_t *args)
{
	(void)args;
	return trap_copyout_send(retrieve_task_self_fast(current_task()));
}

static uint64_t
host_self_trap(const uint64_t *args)
{
	(void)args;
	return trap_copyout_send(ipc_port_make_send(realhost.host_self));
}

static uint64_t
mach_msg_overwrite_trap_entry(const uint64_t *a)
{
	return (uint32_t)mach_msg_overwrite_trap(a[0], (mach_msg_option_t)a[1],
	    (mach_msg_size_t)a[2], (mach_msg_size_t)a[3],
	    (mach_port_name_t)a[4], (mach_msg_timeout_t)a[5],
	    (mach_port_name_t)a[6], a[7]);
}

/* --- _kernelrpc fast traps ------------------------------------------- */

static kern_return_t
trap_copyout_name(mach_port_name_t name, uint64_t uaddr)
{
	return md_copyout(&name, uaddr, sizeof(name)) == 0
	    ? KERN_SUCCESS
	    : KERN_INVALID_ADDRESS;
}

/*
 * The _kernelrpc_ traps act on the space of the task named by their first
 * argument (a send right in the caller's space); one that names no task
 * gets MACH_SEND_INVALID_DEST, so the library can fall back to MIG.
 */
typedef kern_return_t (*krpc_fn_t)(ipc_space_t space, const uint64_t *a);

static uint64_t
krpc_with_space(const uint64_t *a, krpc_fn_t fn)
{
	ipc_space_t space = port_name_to_space((mach_port_name_t)a[0]);
	kern_return_t kr;

	if (space == IPC_SPACE_NULL)
		return MACH_SEND_INVALID_DEST;
	kr = fn(space, a);
	space_deallocate(space);
	return kr;
}

#define KRPC_TRAP(fn)                                \
	static uint64_t fn##_trap(const uint64_t *a) \
	{                                            \
		return krpc_with_space(a, fn);       \
	}

static kern_return_t
krpc_port_allocate(ipc_space_t space, const uint64_t *a)
{
	mach_port_name_t name = MACH_PORT_NULL;
	kern_return_t kr =
	    mach_port_allocate(space, (mach_port_right_t)a[1], &name);

	return kr == KERN_SUCCESS ? trap_copyout_name(name, a[2]) : kr;
}
KRPC_TRAP(krpc_port_allocate)

static kern_return_t
krpc_port_deallocate(ipc_space_t space, const uint64_t *a)
{
	return mach_port_deallocate(space, (mach_port_name_t)a[1]);
}
KRPC_TRAP(krpc_port_deallocate)

static kern_return_t
krpc_port_destroy(ipc_space_t space, const uint64_t *a)
{
	return mach_port_destroy(space, (mach_port_name_t)a[1]);
}
KRPC_TRAP(krpc_port_destroy)

static kern_return_t
krpc_port_mod_refs(ipc_space_t space, const uint64_t *a)
{
	return mach_port_mod_refs(space, (mach_port_name_t)a[1],
	    (mach_port_right_t)a[2], (mach_port_delta_t)a[3]);
}
KRPC_TRAP(krpc_port_mod_refs)

static kern_return_t
krpc_port_type(ipc_space_t space, const uint64_t *a)
{
	mach_port_type_t type = 0;
	kern_return_t kr = mach_port_type(space, (mach_port_name_t)a[1], &type);

	if (kr == KERN_SUCCESS && md_copyout(&type, a[2], sizeof(type)) != 0)
		kr = KERN_INVALID_ADDRESS;
	return kr;
}
KRPC_TRAP(krpc_port_type)

static kern_return_t
krpc_port_insert_member(ipc_space_t space, const uint64_t *a)
{
	return mach_port_insert_member(
	    space, (mach_port_name_t)a[1], (mach_port_name_t)a[2]);
}
KRPC_TRAP(krpc_port_insert_member)

static kern_return_t
krpc_port_extract_member(ipc_space_t space, const uint64_t *a)
{
	return mach_port_extract_member(
	    space, (mach_port_name_t)a[1], (mach_port_name_t)a[2]);
}
KRPC_TRAP(krpc_port_extract_member)

static kern_return_t
krpc_port_move_member(ipc_space_t space, const uint64_t *a)
{
	return mach_port_move_member(
	    space, (mach_port_name_t)a[1], (mach_port_name_t)a[2]);
}
KRPC_TRAP(krpc_port_move_member)

/*
 * _kernelrpc_mach_port_request_notification_trap (spec 6.5): the target
 * must be the caller's own task and notifyPoly must yield a send-once
 * right, else MACH_SEND_INVALID_DEST (the library then falls back to
 * MIG).  A failed request destroys the copied-in right (SEND_ONCE
 * notification), exactly like the MIG path.
 */
static uint64_t
krpc_port_request_notification_trap(const uint64_t *a)
{
	task_t task = port_name_to_task((mach_port_name_t)a[0]);
	ipc_space_t space = current_task()->itk_space;
	mach_port_name_t notify_name = (mach_port_name_t)a[4];
	mach_msg_type_name_t poly = (mach_msg_type_name_t)a[5];
	ipc_object_t notify = IO_NULL;
	ipc_port_t previous = IP_NULL;
	mach_port_name_t pname = MACH_PORT_NULL;
	kern_return_t kr;

	if (task != TASK_NULL)
		task_deallocate(task);
	if (task != current_task() ||
	    (poly != MACH_MSG_TYPE_MAKE_SEND_ONCE &&
		poly != MACH_MSG_TYPE_MOVE_SEND_ONCE))
		return MACH_SEND_INVALID_DEST;
	if (notify_name == MACH_PORT_DEAD) {
		notify = IO_DEAD;
	} else if (MACH_PORT_VALID(notify_name)) {
		kr = ipc_object_copyin(space, notify_name, poly, &notify);
		if (kr != KERN_SUCCESS)
			return MACH_SEND_INVALID_RIGHT;
	}
	kr = mach_port_request_notification(space, (mach_port_name_t)a[1],
	    (mach_msg_id_t)a[2], (mach_port_mscount_t)a[3],
	    ip_object_to_port(notify), &previous);
	if (kr != KERN_SUCCESS) {
		ipc_object_destroy(notify, MACH_MSG_TYPE_PORT_SEND_ONCE);
		return kr;
	}
	if (IP_VALID(previous) &&
	    ipc_object_copyout(space, ip_to_object(previous),
		MACH_MSG_TYPE_PORT_SEND_ONCE, true, &pname) != KERN_SUCCESS) {
		ipc_notify_send_once(previous);
		pname = MACH_PORT_NULL;
	}
	return trap_copyout_name(pname, a[6]);
}

static uint64_t
kern_invalid_trap(const uint64_t *args)
{
	(void)args;
	return KERN_INVALID_ARGUMENT;
}

#define TRAP(n, argc, fn) [n] = {argc, fn, #fn}

const mach_trap_t mach_trap_table[MACH_TRAP_TABLE_COUNT] = {
    TRAP(16, 3, krpc_port_allocate_trap),
    TRAP(17, 2, krpc_port_destroy_trap),
    TRAP(18, 2, krpc_port_deallocate_trap),
    TRAP(19, 4, krpc_port_mod_refs_trap),
    TRAP(20, 3, krpc_port_move_member_trap),
    TRAP(22, 3, krpc_port_insert_member_trap),
    TRAP(23, 3, krpc_port_extract_member_trap),
    TRAP(26, 0, mach_reply_port_trap),
    TRAP(27, 0, thread_self_trap),
    TRAP(28, 0, task_self_trap),
    TRAP(29, 0, host_self_trap),
    TRAP(31, 6, mach_msg_trap_entry), /* 7 in the ABI; notify unused */
    TRAP(32, 8, mach_msg_overwrite_trap_entry),
    TRAP(76, 3, krpc_port_type_trap),
    TRAP(77, 7, krpc_port_request_notification_trap),
};

/*
 * Routine:	harbor_syscall
 * Purpose:
 *	Dispatch one system call by class and number.
 * Conditions:
 *	Nothing locked; called on the current thread with its task's
 *	arguments (already copied from registers/stack by the machine).
 * Returns:
 *	The call's result (kern_return_t, a name, or a BSD value).
 */
uint64_t
harbor_syscall(uint64_t number, const uint64_t args[SYSCALL_MAX_ARGS])
{
	uint64_t cls = (number & SYSCALL_CLASS_MASK) >> SYSCALL_CLASS_SHIFT;
	uint64_t n = number & SYSCALL_NUMBER_MASK;
	uint64_t result = KERN_INVALID_ARGUMENT;

	if (cls == SYSCALL_CLASS_MACH) {
		if (n >= MACH_TRAP_TABLE_COUNT || mach_trap_table[n].fn == NULL)
			result = kern_invalid_trap(args);
		else
			result = mach_trap_table[n].fn(args);
	} else if (cls == SYSCALL_CLASS_UNIX) {
		result = bsd_syscall((uint32_t)n, args);
	}
	return result;
}
