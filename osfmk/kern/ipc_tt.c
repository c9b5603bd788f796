/*
 * kern/ipc_tt.c - task and thread kernel ports, special ports, and the
 * port <-> object conversions of MIG's KernelServer stubs.
 *
 * A task's kernel port (itk_self) is a kernel-object port of type
 * IKOT_TASK; the send right the task itself sees (mach_task_self, the
 * TASK_KERNEL_PORT special port) is itk_sself.  At termination the port
 * is destroyed, so everyone holding a send right to it sees a dead name.
 */
#include <kern/ipc_tt.h>
#include <kern/ipc_kobject.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/debug.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_object.h>
#include <mach/mig_kernel.h>
#include <mach/task_special_ports.h>
#include <task_server.h>
#include <thread_act_server.h>
#include <kern/kalloc.h>
#include <string.h>

struct host realhost;

/*
 * Routine:	ipc_host_init
 * Purpose:
 *	Create the host port.
 * Conditions:
 *	Boot, after ipc_init.
 * Returns:
 *	Nothing.
 */
void
ipc_host_init(void)
{
	realhost.host_self =
	    ipc_kobject_alloc_port((ipc_kobject_t)&realhost, IKOT_HOST);
	if (realhost.host_self == IP_NULL)
		panic("ipc_host_init: no host port");
}

/* A send right for a special port inherited from the parent. */
static ipc_port_t
ipc_task_inherit(struct task *parent, ipc_port_t *field)
{
	ipc_port_t port;

	if (parent == TASK_NULL)
		return IP_NULL;
	lck_mtx_lock(&parent->itk_lock);
	port = *field;
	lck_mtx_unlock(&parent->itk_lock);
	return ipc_port_copy_send(port);
}

/*
 * Routine:	ipc_task_init
 * Purpose:
 *	Give a new task its kernel port, its self send right, and the
 *	bootstrap and host special ports inherited from its parent.
 * Conditions:
 *	Nothing locked; the task is not yet visible.
 * Returns:
 *	KERN_SUCCESS, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
ipc_task_init(struct task *task, struct task *parent)
{
	task->itk_self = ipc_kobject_alloc_port((ipc_kobject_t)task, IKOT_TASK);
	if (task->itk_self == IP_NULL)
		return KERN_RESOURCE_SHORTAGE;
	task->itk_nself = IP_NULL;
	task->itk_sself = ipc_port_make_send(task->itk_self);
	task->itk_bootstrap = parent == TASK_NULL
	    ? IP_NULL
	    : ipc_task_inherit(parent, &parent->itk_bootstrap);
	task->itk_host = realhost.host_self == IP_NULL
	    ? IP_NULL
	    : ipc_port_make_send(realhost.host_self);
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_task_terminate
 * Purpose:
 *	Release a dying task's special ports and destroy its kernel port.
 * Conditions:
 *	Nothing locked; the task is inactive.
 * Returns:
 *	Nothing.
 */
void
ipc_task_terminate(struct task *task)
{
	ipc_port_t sself, bootstrap, host, kport;

	lck_mtx_lock(&task->itk_lock);
	sself = task->itk_sself;
	bootstrap = task->itk_bootstrap;
	host = task->itk_host;
	kport = task->itk_self;
	task->itk_sself = task->itk_bootstrap = task->itk_host = IP_NULL;
	task->itk_self = IP_NULL;
	lck_mtx_unlock(&task->itk_lock);
	ipc_port_release_send(sself);
	ipc_port_release_send(bootstrap);
	ipc_port_release_send(host);
	if (kport != IP_NULL)
		ipc_kobject_dealloc_port(kport);
}

/*
 * Routine:	ipc_thread_init
 * Purpose:
 *	Give a new thread its kernel port.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
ipc_thread_init(struct thread *thread)
{
	thread->ith_self =
	    ipc_kobject_alloc_port((ipc_kobject_t)thread, IKOT_THREAD);
	return thread->ith_self == IP_NULL ? KERN_RESOURCE_SHORTAGE
					   : KERN_SUCCESS;
}

/*
 * Routine:	ipc_thread_terminate
 * Purpose:
 *	Destroy a dying thread's kernel port and kernel reply port.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Nothing.
 */
void
ipc_thread_terminate(struct thread *thread)
{
	if (thread->ith_self != IP_NULL)
		ipc_kobject_dealloc_port(thread->ith_self);
	thread->ith_self = IP_NULL;
	if (thread->ith_kernel_reply != IP_NULL)
		ipc_kobject_dealloc_port(thread->ith_kernel_reply);
	thread->ith_kernel_reply = IP_NULL;
}

/*
 * Routine:	retrieve_task_self_fast
 * Purpose:
 *	A send right for the task's self port (mach_task_self).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The send right, or IP_NULL / IP_DEAD for a dying task.
 */
ipc_port_t
retrieve_task_self_fast(struct task *task)
{
	ipc_port_t port;

	lck_mtx_lock(&task->itk_lock);
	port = ipc_port_copy_send(task->itk_sself);
	lck_mtx_unlock(&task->itk_lock);
	return port;
}

/*
 * Routine:	retrieve_thread_self_fast
 * Purpose:
 *	A send right for the thread's kernel port.
 * Conditions:
 *	The thread is the current one.
 * Returns:
 *	The send right.
 */
ipc_port_t
retrieve_thread_self_fast(struct thread *thread)
{
	return ipc_port_make_send(thread->ith_self);
}

/* --- Conversions for MIG ------------------------------------------------ */

/*
 * Routine:	convert_port_to_task
 * Purpose:
 *	The task behind a task port, with a reference.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The task, or TASK_NULL.
 */
task_t
convert_port_to_task(mach_port_t port)
{
	task_t task = (task_t)ipc_kobject_get(port, IKOT_TASK);

	if (task != TASK_NULL)
		task_reference(task);
	return task;
}

/*
 * Routine:	convert_port_to_space
 * Purpose:
 *	The IPC space of the task behind a task port, with a reference.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The space, or IPC_SPACE_NULL.
 */
ipc_space_t
convert_port_to_space(mach_port_t port)
{
	task_t task = (task_t)ipc_kobject_get(port, IKOT_TASK);
	ipc_space_t space;

	if (task == TASK_NULL)
		return IPC_SPACE_NULL;
	space = task->itk_space;
	ipc_space_reference(space);
	return space;
}

/*
 * Routine:	space_deallocate
 * Purpose:
 *	Release a reference from convert_port_to_space.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Nothing.
 */
void
space_deallocate(ipc_space_t space)
{
	if (space != IPC_SPACE_NULL)
		ipc_space_release(space);
}

/*
 * Routine:	convert_port_to_thread
 * Purpose:
 *	The thread behind a thread port, with a reference.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The thread, or THREAD_NULL.
 */
thread_t
convert_port_to_thread(mach_port_t port)
{
	thread_t th = (thread_t)ipc_kobject_get(port, IKOT_THREAD);

	if (th != THREAD_NULL)
		thread_reference(th);
	return th;
}

/*
 * Routine:	convert_port_to_host
 * Purpose:
 *	The host behind the host port.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The host, or HOST_NULL.
 */
host_t
convert_port_to_host(mach_port_t port)
{
	return (host_t)ipc_kobject_get(port, IKOT_HOST);
}

/*
 * Routine:	convert_port_to_map
 * Purpose:
 *	The address space named by a task port.  At the MIG boundary
 *	Harbor's vm_map_t is the task itself (with a reference).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The map, or NULL.
 */
vm_map_t
convert_port_to_map(mach_port_t port)
{
	return (vm_map_t)convert_port_to_task(port);
}

/*
 * Routine:	vm_map_deallocate
 * Purpose:
 *	Release a reference from convert_port_to_map.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Nothing.
 */
void
vm_map_deallocate(vm_map_t map)
{
	task_deallocate((task_t)map);
}

/*
 * Routine:	convert_task_to_port
 * Purpose:
 *	A send right to a task's port; consumes the task reference.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The send right (IP_NULL for a dead task).
 */
mach_port_t
convert_task_to_port(task_t task)
{
	ipc_port_t port = IP_NULL;

	lck_mtx_lock(&task->itk_lock);
	if (task->itk_self != IP_NULL)
		port = ipc_port_make_send(task->itk_self);
	lck_mtx_unlock(&task->itk_lock);
	task_deallocate(task);
	return port;
}

/*
 * Routine:	convert_thread_to_port
 * Purpose:
 *	A send right to a thread's port; consumes the thread reference.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The send right (IP_NULL for a dead thread).
 */
mach_port_t
convert_thread_to_port(thread_t thread)
{
	ipc_port_t port = IP_NULL;

	if (thread->ith_self != IP_NULL)
		port = ipc_port_make_send(thread->ith_self);
	thread_deallocate(thread);
	return port;
}

/* Name -> task for traps: a send right to a task port in the caller. */
static ipc_port_t
port_name_to_port(mach_port_name_t name)
{
	ipc_space_t space = current_task()->itk_space;
	ipc_port_t port = IP_NULL;
	ipc_entry_t entry;

	if (!MACH_PORT_VALID(name) ||
	    ipc_right_lookup_read(space, name, &entry) != KERN_SUCCESS)
		return IP_NULL;
	if (entry->ie_bits & MACH_PORT_TYPE_SEND) {
		port = ip_object_to_port(entry->ie_object);
		ip_reference(port);
	}
	is_read_unlock(space);
	return port;
}

/*
 * Routine:	port_name_to_task
 * Purpose:
 *	The task named by a send right in the current task (traps).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The task with a reference, or TASK_NULL.
 */
struct task *
port_name_to_task(mach_port_name_t name)
{
	ipc_port_t port = port_name_to_port(name);
	task_t task;

	if (port == IP_NULL)
		return TASK_NULL;
	task = convert_port_to_task(port);
	ip_release(port);
	return task;
}

/*
 * Routine:	port_name_to_space
 * Purpose:
 *	The IPC space of the task named by a send right (traps).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The space with a reference, or IPC_SPACE_NULL.
 */
ipc_space_t
port_name_to_space(mach_port_name_t name)
{
	ipc_port_t port = port_name_to_port(name);
	ipc_space_t space;

	if (port == IP_NULL)
		return IPC_SPACE_NULL;
	space = convert_port_to_space(port);
	ip_release(port);
	return space;
}

/* --- task and thread_act MIG routines --------------------------------- */

static ipc_port_t *
task_special_port_field(task_t task, int which)
{
	switch (which) {
	case TASK_KERNEL_PORT:
		return &task->itk_sself;
	case TASK_HOST_PORT:
		return &task->itk_host;
	case TASK_BOOTSTRAP_PORT:
		return &task->itk_bootstrap;
	case TASK_NAME_PORT:
		return &task->itk_nself;
	default:
		return NULL;
	}
}

/*
 * Routine:	task_get_special_port
 * Purpose:
 *	A send right for one of the task's special ports.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_ARGUMENT (task or which), KERN_FAILURE
 *	(task dead).
 */
kern_return_t
task_get_special_port(task_t task, int which, mach_port_t *portp)
{
	ipc_port_t *field;

	if (task == TASK_NULL)
		return KERN_INVALID_ARGUMENT;
	field = task_special_port_field(task, which);
	if (field == NULL)
		return KERN_INVALID_ARGUMENT;
	lck_mtx_lock(&task->itk_lock);
	if (!task->active) {
		lck_mtx_unlock(&task->itk_lock);
		return KERN_FAILURE;
	}
	*portp = ipc_port_copy_send(*field);
	lck_mtx_unlock(&task->itk_lock);
	return KERN_SUCCESS;
}

/*
 * Routine:	task_set_special_port
 * Purpose:
 *	Replace one of the task's special ports (consumes the send right).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_ARGUMENT, KERN_FAILURE (task dead).
 */
kern_return_t
task_set_special_port(task_t task, int which, mach_port_t port)
{
	ipc_port_t *field, old;

	if (task == TASK_NULL)
		return KERN_INVALID_ARGUMENT;
	field = task_special_port_field(task, which);
	if (field == NULL || which == TASK_KERNEL_PORT)
		return KERN_INVALID_ARGUMENT;
	lck_mtx_lock(&task->itk_lock);
	if (!task->active) {
		lck_mtx_unlock(&task->itk_lock);
		return KERN_FAILURE;
	}
	old = *field;
	*field = port;
	lck_mtx_unlock(&task->itk_lock);
	ipc_port_release_send(old);
	return KERN_SUCCESS;
}

/*
 * Routine:	task_terminate
 * Purpose:
 *	MIG entry: terminate a task (see task_terminate_internal).  A task
 *	terminating itself has its thread ended when the trap returns.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_ARGUMENT, KERN_FAILURE.
 */
kern_return_t
task_terminate(task_t task)
{
	if (task == TASK_NULL || task == kernel_task)
		return KERN_INVALID_ARGUMENT;
	return task_terminate_internal(task);
}

/*
 * Routine:	task_threads
 * Purpose:
 *	Send rights for every thread of a task.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_ARGUMENT, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
task_threads(
    task_t task, thread_act_array_t *listp, mach_msg_type_number_t *countp)
{
	thread_t th;
	ipc_port_t *ports;
	uint32_t n = 0, max;

	if (task == TASK_NULL)
		return KERN_INVALID_ARGUMENT;
	lck_mtx_lock(&task->itk_lock);
	max = task->thread_count;
	ports = kalloc(max * sizeof(ipc_port_t) + 1);
	for (th = task->threads; ports != NULL && th != THREAD_NULL;
	     th = th->th_task_next)
		ports[n++] = ipc_port_make_send(th->ith_self);
	lck_mtx_unlock(&task->itk_lock);
	if (ports == NULL)
		return KERN_RESOURCE_SHORTAGE;
	*listp = (thread_act_array_t)kalloc(n * sizeof(ipc_port_t));
	if (n != 0 && *listp == NULL) {
		while (n > 0)
			ipc_port_release_send(ports[--n]);
		kfree(ports, max * sizeof(ipc_port_t) + 1);
		return KERN_RESOURCE_SHORTAGE;
	}
	memcpy(*listp, ports, n * sizeof(ipc_port_t));
	kfree(ports, max * sizeof(ipc_port_t) + 1);
	*countp = n;
	return KERN_SUCCESS;
}

/*
 * Routine:	mach_ports_register
 * Purpose:
 *	Not supported by Harbor (the registered-ports array is obsolete).
 * Conditions:
 *	Nothing locked.  On failure MIG destroys the rights.
 * Returns:
 *	KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_ports_register(
    task_t task, mach_port_array_t ports, mach_msg_type_number_t count)
{
	(void)task;
	(void)ports;
	(void)count;
	return KERN_NOT_SUPPORTED;
}

/*
 * Routine:	mach_ports_lookup
 * Purpose:
 *	Not supported by Harbor.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_ports_lookup(
    task_t task, mach_port_array_t *ports, mach_msg_type_number_t *countp)
{
	(void)task;
	*ports = NULL;
	*countp = 0;
	return KERN_NOT_SUPPORTED;
}

/*
 * Routine:	task_info
 * Purpose:
 *	No task_info flavor is implemented yet.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_INVALID_ARGUMENT (task) or KERN_NOT_SUPPORTED.
 */
kern_return_t
task_info(task_t task, task_flavor_t flavor, task_info_t info,
    mach_msg_type_number_t *countp)
{
	(void)flavor;
	(void)info;
	*countp = 0;
	return task == TASK_NULL ? KERN_INVALID_ARGUMENT : KERN_NOT_SUPPORTED;
}

/*
 * Routine:	thread_terminate
 * Purpose:
 *	Only a thread's own termination is supported (the machine layer
 *	ends the caller when the trap returns).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_INVALID_ARGUMENT, KERN_NOT_SUPPORTED (another thread).
 */
kern_return_t
thread_terminate(thread_act_t thread)
{
	if (thread == THREAD_NULL)
		return KERN_INVALID_ARGUMENT;
	return KERN_NOT_SUPPORTED;
}

/*
 * Routine:	thread_get_state
 * Purpose:
 *	Machine state is not exposed on the hosted machine.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_INVALID_ARGUMENT, KERN_NOT_SUPPORTED.
 */
kern_return_t
thread_get_state(thread_act_t thread, thread_state_flavor_t flavor,
    thread_state_t state, mach_msg_type_number_t *countp)
{
	(void)flavor;
	(void)state;
	*countp = 0;
	return thread == THREAD_NULL ? KERN_INVALID_ARGUMENT
				     : KERN_NOT_SUPPORTED;
}

/*
 * Routine:	thread_set_state
 * Purpose:
 *	As thread_get_state.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_INVALID_ARGUMENT, KERN_NOT_SUPPORTED.
 */
kern_return_t
thread_set_state(thread_act_t thread, thread_state_flavor_t flavor,
    thread_state_t state, mach_msg_type_number_t count)
{
	(void)flavor;
	(void)state;
	(void)count;
	return thread == THREAD_NULL ? KERN_INVALID_ARGUMENT
				     : KERN_NOT_SUPPORTED;
}
