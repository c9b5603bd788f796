/*
 * bsd/sys/proc.h - processes, kept small: a pid, a task, an exit status.
 *
 * Locking: the process list and every field below are protected by
 * proc_list_lock (class LCK_CLASS_LEAF: nothing is taken under it).
 *
 * A process is exited (waitable, and then freed by wait) only once the
 * last thread of its task has ended: until then its threads may still
 * use it.  exit() and kill() only record the status and terminate the
 * task; the threads end at their next return to user mode.
 */
#ifndef _BSD_SYS_PROC_H_
#define _BSD_SYS_PROC_H_

#include <mach/mach_types.h>
#include <stdbool.h>

typedef int harbor_pid_t;

struct proc {
	harbor_pid_t p_pid;
	harbor_pid_t p_ppid;
	struct task *p_task;
	int p_status;
	bool p_status_set; /* exit() or kill() decided the status */
	bool p_exited;     /* and the task's last thread has ended */
	bool p_reaped;
	struct proc *p_next;
};

void bsd_init(void);
struct proc *proc_create(struct task *task, harbor_pid_t ppid);
int
proc_spawn(const char *path, int argc, char *const argv[], harbor_pid_t *pidp);
_Noreturn void proc_exit(int status);
int proc_wait(harbor_pid_t pid, int *statusp);
int proc_kill(harbor_pid_t pid, int sig);
harbor_pid_t proc_getpid(void);
uint32_t proc_live_count(void);
void proc_wait_all(void);
void proc_reap_all(void);
_Noreturn void proc_thread_task_dead(void);
_Noreturn void proc_thread_exit(void);

#endif /* _BSD_SYS_PROC_H_ */
