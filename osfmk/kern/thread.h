/*
 * kern/thread.h - kernel threads.
 *
 * A thread belongs to one task.  On the hosted machine each thread is a
 * pthread; on x86_64 it has a kernel stack and saved machine state.  Wait
 * state (th_wait_*) is protected by the machine's scheduler lock;
 * th_locks is private to the thread itself.
 */
#ifndef _KERN_THREAD_H_
#define _KERN_THREAD_H_

#include <mach/mach_types.h>
#include <kern/locks.h>
#include <kern/sched_prim.h>
#include <kern/md.h>

struct ipc_port;
struct ipc_kmsg;

struct thread {
	/* Immutable after creation */
	struct task *task;
	uint64_t th_id;

	/* Atomic */
	uint32_t th_refs;

	/* Protected by the task lock */
	struct thread *th_task_next;
	bool th_active;

	/* Protected by the scheduler lock (md_sched_lock) */
	event_t th_wait_event;
	struct thread *th_wait_next;
	wait_result_t th_wait_result;
	wait_interrupt_t th_interruptible;
	uint64_t th_wait_deadline;
	bool th_interrupt_pending;

	/*
	 * A receive waiting on a port: what fits (written under that port's
	 * lock before the wait), and the message a sender handed over
	 * (written by the sender under the port and scheduler locks, or
	 * under the port lock while the thread is claimed and cannot run:
	 * ith_copied_out, the sender copied its header out too).
	 */
	mach_msg_size_t ith_rcv_max;
	mach_msg_option_t ith_rcv_option;
	struct ipc_kmsg *ith_kmsg;
	mach_port_seqno_t ith_seqno;
	bool ith_copied_out;

	/* Private to the thread */
	struct lck_thread_state th_locks;
	struct ipc_port *ith_self;         /* thread kernel port */
	struct ipc_port *ith_kernel_reply; /* reply port for kernel RPCs */
	struct ipc_kmsg *ith_kmsg_cache;   /* one spare small kmsg */

	/* Machine-dependent state */
	md_thread_state_t th_md;
};

#define current_thread() md_current_thread()

thread_t thread_create_internal(struct task *task);
void thread_reference(thread_t thread);
void thread_deallocate(thread_t thread);
bool thread_terminate_self(void);
void thread_terminate_other(thread_t thread);

#endif /* _KERN_THREAD_H_ */
