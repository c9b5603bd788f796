/*
 * kern/thread.c - kernel thread objects.
 */
#include <kern/thread.h>
#include <kern/task.h>
#include <kern/ipc_tt.h>
#include <kern/ipc_kobject.h>
#include <kern/zalloc.h>
#include <kern/debug.h>
#include <ipc/ipc_port.h>
#include <sys/proc.h>
#include <ipc/ipc_kmsg.h>

static zone_t thread_zone;
static uint64_t thread_next_id;

static void
thread_zone_init(void)
{
	static uint32_t once;

	if (__atomic_exchange_n(&once, 1, __ATOMIC_ACQ_REL) == 0)
		thread_zone = zone_create("threads", sizeof(struct thread), 0);
}

/*
 * Routine:	thread_create_internal
 * Purpose:
 *	Create a thread object in a task (the machine thread is started
 *	separately with md_thread_start).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The thread with two references (the caller's and the task list's),
 *	or THREAD_NULL.
 */
thread_t
thread_create_internal(struct task *task)
{
	thread_t th;

	thread_zone_init();
	th = zalloc(thread_zone);
	if (th == THREAD_NULL)
		return THREAD_NULL;
	th->task = task;
	th->th_refs = 2;
	th->th_id = __atomic_add_fetch(&thread_next_id, 1, __ATOMIC_RELAXED);
	th->th_wait_result = THREAD_NOT_WAITING;
	th->th_active = true;
	task_reference(task);
	if (ipc_thread_init(th) != KERN_SUCCESS) {
		task_deallocate(task);
		zfree(thread_zone, th);
		return THREAD_NULL;
	}
	lck_mtx_lock(&task->itk_lock);
	th->th_task_next = task->threads;
	task->threads = th;
	task->thread_count++;
	lck_mtx_unlock(&task->itk_lock);
	return th;
}

/*
 * Routine:	thread_reference
 * Purpose:
 *	Take a reference.
 * Conditions:
 *	The caller holds one.
 * Returns:
 *	Nothing.
 */
void
thread_reference(thread_t th)
{
	if (th != THREAD_NULL)
		__atomic_add_fetch(&th->th_refs, 1, __ATOMIC_RELAXED);
}

/*
 * Routine:	thread_deallocate
 * Purpose:
 *	Drop a reference; the last frees the thread and its task reference.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Nothing.
 */
void
thread_deallocate(thread_t th)
{
	struct task *task;

	if (th == THREAD_NULL ||
	    __atomic_sub_fetch(&th->th_refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	task = th->task;
	zfree(thread_zone, th);
	task_deallocate(task);
}

/* Leave the task's thread list, destroy the kernel ports, drop the
 * list's reference.  Returns whether it was the task's last thread. */
static bool
thread_teardown(thread_t th)
{
	struct task *task = th->task;
	thread_t *pp;
	bool last;

	lck_mtx_lock(&task->itk_lock);
	for (pp = &task->threads; *pp != THREAD_NULL;
	     pp = &(*pp)->th_task_next) {
		if (*pp == th) {
			*pp = th->th_task_next;
			task->thread_count--;
			break;
		}
	}
	th->th_active = false;
	last = task->thread_count == 0;
	lck_mtx_unlock(&task->itk_lock);
	ipc_thread_terminate(th);
	ipc_kmsg_cache_drain(th);
	thread_deallocate(th);
	return last;
}

/*
 * Routine:	thread_terminate_self
 * Purpose:
 *	The current thread ends: leave the task's thread list, destroy its
 *	kernel ports, drop the list's reference.  The caller then ends the
 *	machine thread; until then it runs with no thread object (it may
 *	still take locks and wake others, but not wait).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Whether it was the last thread of its task.
 */
bool
thread_terminate_self(void)
{
	bool last = thread_teardown(current_thread());

	md_set_current_thread(THREAD_NULL); /* the object may be gone */
	return last;
}

/*
 * Routine:	thread_terminate_other
 * Purpose:
 *	Tear down a thread object that never started running (its machine
 *	thread could not be started), with the caller's reference.
 * Conditions:
 *	Nothing locked; the caller holds the reference from
 *	thread_create_internal.
 * Returns:
 *	Nothing; both references are gone.
 */
void
thread_terminate_other(thread_t th)
{
	(void)thread_teardown(th);
	thread_deallocate(th);
}

/*
 * Routine:	kern_thread_ast
 * Purpose:
 *	The machine's hook before a marked thread returns to user mode
 *	(md_thread_ast_set): a thread whose task was terminated ends here.
 * Conditions:
 *	Nothing locked; thread is the current thread.
 * Returns:
 *	Only if the task is still alive.
 */
void
kern_thread_ast(thread_t thread)
{
	if (!__atomic_load_n(&thread->task->active, __ATOMIC_RELAXED))
		proc_thread_task_dead();
}
