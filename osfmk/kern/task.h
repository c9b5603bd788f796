/*
 * kern/task.h - tasks: an IPC space, an address space and threads.
 *
 * Fields grouped by what protects them:
 *
 *	(c) immutable after creation
 *	(a) atomic
 *	(t) the task lock (itk_lock), class LCK_CLASS_TASK
 */
#ifndef _KERN_TASK_H_
#define _KERN_TASK_H_

#include <mach/mach_types.h>
#include <kern/locks.h>

struct ipc_port;
struct ipc_space;
struct vm_map;
struct proc;

struct task {
	/* (t) */
	lck_mtx_t itk_lock;
	bool active;
	struct thread *threads;
	uint32_t thread_count;
	struct ipc_port *itk_sself;     /* TASK_KERNEL_PORT special port */
	struct ipc_port *itk_bootstrap; /* TASK_BOOTSTRAP_PORT */
	struct ipc_port *itk_host;      /* TASK_HOST_PORT */

	/* (a) */
	uint32_t ref_count;

	/* (c) */
	struct ipc_port *itk_self;  /* the task's kernel port (kobject) */
	struct ipc_port *itk_nself; /* TASK_NAME_PORT */
	struct ipc_space *itk_space;
	struct vm_map *map;
	struct proc *bsd_info;
	uint64_t task_id;
};

extern task_t kernel_task;

#define current_task() (current_thread()->task)

void task_init(void);
kern_return_t task_create_internal(task_t parent, task_t *childp);
void task_reference(task_t task);
void task_deallocate(task_t task);
kern_return_t task_terminate_internal(task_t task);

#endif /* _KERN_TASK_H_ */
