/*
 * bsd/kern/kern_proc.c - process creation, exit, wait and kill.
 *
 * A process wraps a task.  Exit terminates the task (its IPC space is torn
 * down: every notification the spec names is delivered) and records the
 * status for wait.  The machine starts a spawned program with
 * md_user_start.
 */
#include <sys/proc.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/sched_prim.h>
#include <kern/zalloc.h>
#include <kern/md.h>
#include <kern/debug.h>

static lck_mtx_t proc_list_lock;
static struct proc *proc_list;
static harbor_pid_t proc_next_pid = 1;
static uint32_t proc_live;
static zone_t proc_zone;

/* errno values the BSD calls return (negated on the wire). */
#define ESRCH 3
#define ECHILD 10
#define ENOMEM 12
#define EINVAL 22

/*
 * Routine:	bsd_init
 * Purpose:
 *	Set up the process list.
 * Conditions:
 *	Boot.
 * Returns:
 *	Nothing.
 */
void
bsd_init(void)
{
	lck_mtx_init(&proc_list_lock, LCK_CLASS_LEAF);
	proc_zone = zone_create("procs", sizeof(struct proc), 0);
}

/*
 * Routine:	proc_create
 * Purpose:
 *	Give a task a process (pid).
 * Conditions:
 *	Nothing locked.  The process takes a task reference.
 * Returns:
 *	The process, or NULL.
 */
struct proc *
proc_create(struct task *task, harbor_pid_t ppid)
{
	struct proc *p = zalloc(proc_zone);

	if (p == NULL)
		return NULL;
	task_reference(task);
	p->p_task = task;
	p->p_ppid = ppid;
	lck_mtx_lock(&proc_list_lock);
	p->p_pid = proc_next_pid++;
	p->p_next = proc_list;
	proc_list = p;
	proc_live++;
	lck_mtx_unlock(&proc_list_lock);
	task->bsd_info = p;
	return p;
}

static struct proc *
proc_find_locked(harbor_pid_t pid)
{
	struct proc *p;

	for (p = proc_list; p != NULL; p = p->p_next) {
		if (p->p_pid == pid && !p->p_reaped)
			return p;
	}
	return NULL;
}

/* Record the exit status, unless exit() or kill() already did. */
static void
proc_set_status(struct proc *p, int status)
{
	lck_mtx_lock(&proc_list_lock);
	if (!p->p_status_set) {
		p->p_status = status & 0xff;
		p->p_status_set = true;
	}
	lck_mtx_unlock(&proc_list_lock);
}

/*
 * The process is exited: waitable, with status unless exit() or kill()
 * recorded one.  Found by pid: once exited, a waiter may free the proc at
 * any moment, so nobody may hold a pointer to it across this.  Idempotent.
 */
static void
proc_mark_exited(harbor_pid_t pid, int status)
{
	struct proc *p;

	lck_mtx_lock(&proc_list_lock);
	p = proc_find_locked(pid);
	if (p != NULL && !p->p_exited) {
		if (!p->p_status_set) {
			p->p_status = status & 0xff;
			p->p_status_set = true;
		}
		p->p_exited = true;
		proc_live--;
	}
	lck_mtx_unlock(&proc_list_lock);
	thread_wakeup(&proc_list);
}

/*
 * The current thread ends; the last one of the task makes the process
 * exited.  The proc is valid only while this thread still counts in its
 * task: afterwards kill() may see no thread left, mark it exited and let
 * a waiter free it, so only the pid is used past thread_terminate_self.
 */
static _Noreturn void
proc_thread_end(struct proc *p, int status)
{
	harbor_pid_t pid = p != NULL ? p->p_pid : 0;

	if (thread_terminate_self() && pid != 0)
		proc_mark_exited(pid, status);
	md_thread_terminate();
}

/*
 * Routine:	proc_spawn
 * Purpose:
 *	Create a process running the program at path with argv; it
 *	inherits the caller's bootstrap port.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	0 with the pid, or an errno.
 */
int
proc_spawn(const char *path, int argc, char *const argv[], harbor_pid_t *pidp)
{
	struct task *parent = current_task(), *task;
	struct proc *pp = parent->bsd_info, *p;
	thread_t th;
	int err;

	if (task_create_internal(parent, &task) != KERN_SUCCESS)
		return ENOMEM;
	p = proc_create(task, pp != NULL ? pp->p_pid : 0);
	th = p == NULL ? THREAD_NULL : thread_create_internal(task);
	if (th == THREAD_NULL) {
		(void)task_terminate_internal(task);
		task_deallocate(task);
		return ENOMEM;
	}
	*pidp = p->p_pid;
	err = md_user_start(th, path, argc, argv);
	if (err != 0)
		thread_terminate_other(th); /* it never ran */
	else
		thread_deallocate(th);
	task_deallocate(task);
	if (err != 0) {
		proc_mark_exited(*pidp, 127);
		(void)task_terminate_internal(task);
	}
	return err;
}

/*
 * Routine:	proc_exit
 * Purpose:
 *	End the current process: record the status, terminate its task
 *	(other threads end at their next return to user mode) and end the
 *	calling thread.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Never.
 */
void
proc_exit(int status)
{
	struct task *task = current_task();
	struct proc *p = task->bsd_info;

	if (p != NULL)
		proc_set_status(p, status);
	(void)task_terminate_internal(task);
	proc_thread_end(p, status);
}

/*
 * Routine:	proc_wait
 * Purpose:
 *	Wait for a process to exit and reap it.  A process may wait only
 *	for its own children; the kernel (no process) for any.
 * Conditions:
 *	Nothing locked.  May block.
 * Returns:
 *	0 with the status, ECHILD (no such process, or not a child).
 */
int
proc_wait(harbor_pid_t pid, int *statusp)
{
	harbor_pid_t self = proc_getpid();
	struct proc *p;

	for (;;) {
		lck_mtx_lock(&proc_list_lock);
		p = proc_find_locked(pid);
		if (p == NULL || (self != 0 && p->p_ppid != self)) {
			lck_mtx_unlock(&proc_list_lock);
			return ECHILD;
		}
		if (p->p_exited) {
			struct task *task = p->p_task;
			struct proc **pp;

			*statusp = p->p_status;
			for (pp = &proc_list; *pp != p; pp = &(*pp)->p_next)
				continue;
			*pp = p->p_next;
			lck_mtx_unlock(&proc_list_lock);
			task->bsd_info = NULL;
			task_deallocate(task);
			zfree(proc_zone, p);
			return 0;
		}
		(void)assert_wait(&proc_list, THREAD_UNINT);
		lck_mtx_unlock(&proc_list_lock);
		(void)thread_block();
	}
}

/*
 * Routine:	proc_kill
 * Purpose:
 *	Terminate another process (any signal kills; status 128 + sig).
 *	Its threads end at their next return to user mode; a task with no
 *	thread left is exited at once.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	0, ESRCH, EINVAL.
 */
int
proc_kill(harbor_pid_t pid, int sig)
{
	struct proc *p;
	struct task *task = NULL;
	uint32_t threads;

	if (sig <= 0 || sig >= 64)
		return EINVAL;
	lck_mtx_lock(&proc_list_lock);
	p = proc_find_locked(pid);
	if (p != NULL && !p->p_exited) {
		task = p->p_task;
		task_reference(task);
		if (!p->p_status_set) {
			p->p_status = 128 + sig;
			p->p_status_set = true;
		}
	}
	lck_mtx_unlock(&proc_list_lock);
	if (task == NULL)
		return ESRCH;
	(void)task_terminate_internal(task);
	lck_mtx_lock(&task->itk_lock);
	threads = task->thread_count;
	lck_mtx_unlock(&task->itk_lock);
	if (threads == 0)
		proc_mark_exited(pid, 128 + sig);
	task_deallocate(task);
	return 0;
}

/*
 * Routine:	proc_getpid
 * Purpose:
 *	The current process's pid.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The pid, or 0 for a kernel thread.
 */
harbor_pid_t
proc_getpid(void)
{
	struct proc *p = current_task()->bsd_info;

	return p != NULL ? p->p_pid : 0;
}

/*
 * Routine:	proc_live_count
 * Purpose:
 *	How many processes have not exited.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The count.
 */
uint32_t
proc_live_count(void)
{
	uint32_t n;

	lck_mtx_lock(&proc_list_lock);
	n = proc_live;
	lck_mtx_unlock(&proc_list_lock);
	return n;
}

/*
 * Routine:	proc_wait_all
 * Purpose:
 *	Wait until every process has exited (hosted shutdown).
 * Conditions:
 *	Nothing locked; the caller is a kernel thread.
 * Returns:
 *	Nothing.
 */
void
proc_wait_all(void)
{
	for (;;) {
		lck_mtx_lock(&proc_list_lock);
		if (proc_live == 0) {
			lck_mtx_unlock(&proc_list_lock);
			return;
		}
		(void)assert_wait(&proc_list, THREAD_UNINT);
		lck_mtx_unlock(&proc_list_lock);
		(void)thread_block();
	}
}

/*
 * Routine:	proc_reap_all
 * Purpose:
 *	Wait for every process and reap the ones nobody waited for (hosted
 *	shutdown, before the zone check).
 * Conditions:
 *	Nothing locked; the caller is a kernel thread.
 * Returns:
 *	Nothing.
 */
void
proc_reap_all(void)
{
	harbor_pid_t pid;
	int status;

	proc_wait_all();
	for (;;) {
		lck_mtx_lock(&proc_list_lock);
		pid = proc_list != NULL ? proc_list->p_pid : 0;
		lck_mtx_unlock(&proc_list_lock);
		if (pid == 0 || proc_wait(pid, &status) != 0)
			return;
	}
}

/*
 * Routine:	proc_thread_task_dead
 * Purpose:
 *	The current thread's task was terminated (task_terminate, kill)
 *	while the thread was in the kernel: end the thread instead of
 *	returning to user mode (status 128 + SIGKILL unless one was set).
 * Conditions:
 *	Nothing locked; the task is inactive.
 * Returns:
 *	Never.
 */
void
proc_thread_task_dead(void)
{
	proc_thread_end(current_task()->bsd_info, 128 + 9);
}

/*
 * Routine:	proc_thread_exit
 * Purpose:
 *	The calling thread ends (bsdthread_terminate); if it was the last
 *	one, the process has exited with status 0.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Never.
 */
void
proc_thread_exit(void)
{
	proc_thread_end(current_task()->bsd_info, 0);
}
