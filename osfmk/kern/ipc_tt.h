/*
 * kern/ipc_tt.h - the IPC side of tasks and threads: their kernel ports,
 * special ports, and the conversions MIG's KernelServer stubs use.
 */
#ifndef _KERN_IPC_TT_H_
#define _KERN_IPC_TT_H_

#include <mach/mach_types.h>
#include <ipc/ipc_types.h>

struct task;
struct thread;
struct host {
	ipc_port_t host_self;
};
extern struct host realhost;

void ipc_host_init(void);
kern_return_t ipc_task_init(struct task *task, struct task *parent);
void ipc_task_terminate(struct task *task);
kern_return_t ipc_thread_init(struct thread *thread);
void ipc_thread_terminate(struct thread *thread);

ipc_port_t retrieve_task_self_fast(struct task *task);
ipc_port_t retrieve_thread_self_fast(struct thread *thread);
struct task *port_name_to_task(mach_port_name_t name);
ipc_space_t port_name_to_space(mach_port_name_t name);

#endif /* _KERN_IPC_TT_H_ */
