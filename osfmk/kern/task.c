/*
 * kern/task.c - task creation, references and termination.
 */
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/ipc_tt.h>
#include <kern/zalloc.h>
#include <kern/debug.h>
#include <kern/md.h>
#include <ipc/ipc_space.h>

task_t kernel_task;
static zone_t task_zone;
static uint64_t task_next_id;

/*
 * Routine:	task_init
 * Purpose:
 *	Create the task zone and the kernel task.
 * Conditions:
 *	Boot, after ipc_init.
 * Returns:
 *	Nothing.
 */
void
task_init(void)
{
	task_zone = zone_create("tasks", sizeof(struct task), 0);
	if (task_create_internal(TASK_NULL, &kernel_task) != KERN_SUCCESS)
		panic("task_init: no kernel task");
}

/*
 * Routine:	task_create_internal
 * Purpose:
 *	Create a task with an empty IPC space and its kernel ports.  The
 *	child inherits the parent's bootstrap and host special ports.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS with one reference for the caller, or
 *	KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
task_create_internal(task_t parent, task_t *childp)
{
	task_t task = zalloc(task_zone);
	kern_return_t kr;

	if (task == TASK_NULL)
		return KERN_RESOURCE_SHORTAGE;
	lck_mtx_init(&task->itk_lock, LCK_CLASS_TASK);
	task->ref_count = 1;
	task->active = true;
	task->task_id = __atomic_add_fetch(&task_next_id, 1, __ATOMIC_RELAXED);
	kr = ipc_space_create(task, &task->itk_space);
	if (kr != KERN_SUCCESS) {
		zfree(task_zone, task);
		return kr;
	}
	kr = ipc_task_init(task, parent);
	if (kr != KERN_SUCCESS) {
		ipc_space_terminate(task->itk_space);
		ipc_space_release(task->itk_space);
		zfree(task_zone, task);
		return kr;
	}
	*childp = task;
	return KERN_SUCCESS;
}

/*
 * Routine:	task_reference
 * Purpose:
 *	Take a reference.
 * Conditions:
 *	The caller holds a reference.
 * Returns:
 *	Nothing.
 */
void
task_reference(task_t task)
{
	if (task != TASK_NULL)
		__atomic_add_fetch(&task->ref_count, 1, __ATOMIC_RELAXED);
}

/*
 * Routine:	task_deallocate
 * Purpose:
 *	Drop a reference; the last one frees the (terminated) task.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Nothing.
 */
void
task_deallocate(task_t task)
{
	if (task == TASK_NULL ||
	    __atomic_sub_fetch(&task->ref_count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	assert(!task->active);
	ipc_space_release(task->itk_space);
	lck_mtx_destroy(&task->itk_lock);
	zfree(task_zone, task);
}

/*
 * Routine:	task_terminate_internal
 * Purpose:
 *	Kill a task: interrupt its threads' waits, destroy its kernel ports
 *	and tear down its IPC space (every right cleaned up, with the
 *	notifications the spec names: port-deleted for outstanding
 *	requests, dead-name for senders of its receive rights, no-senders,
 *	send-once...).
 * Conditions:
 *	Nothing locked.  Idempotent.
 * Returns:
 *	KERN_SUCCESS, or KERN_FAILURE if already terminated.
 */
kern_return_t
task_terminate_internal(task_t task)
{
	thread_t th;

	lck_mtx_lock(&task->itk_lock);
	if (!task->active) {
		lck_mtx_unlock(&task->itk_lock);
		return KERN_FAILURE;
	}
	__atomic_store_n(&task->active, false, __ATOMIC_RELAXED);
	/* Each thread ends before it next returns to user mode. */
	for (th = task->threads; th != THREAD_NULL; th = th->th_task_next) {
		md_thread_ast_set(th);
		if (th != current_thread())
			thread_interrupt(th);
	}
	lck_mtx_unlock(&task->itk_lock);
	ipc_task_terminate(task);
	ipc_space_terminate(task->itk_space);
	return KERN_SUCCESS;
}
