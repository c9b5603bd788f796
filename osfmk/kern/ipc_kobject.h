/*
 * kern/ipc_kobject.h - ports that name kernel objects.
 *
 * A kernel-object port's receive right is held by the kernel space
 * (ipc_space_kernel) without a name.  A message sent to one is not queued:
 * ipc_kmsg_send hands it to ipc_kobject_server, which finds the MIG stub
 * for its id in the kernel's subsystems (mach_port, task, thread_act,
 * mach_host, mach_vm), runs it in the sender's thread with no lock held,
 * and returns the reply to send.
 */
#ifndef _KERN_IPC_KOBJECT_H_
#define _KERN_IPC_KOBJECT_H_

#include <ipc/ipc_types.h>

typedef unsigned int ipc_kobject_type_t;
#define IKOT_NONE 0
#define IKOT_THREAD 1
#define IKOT_TASK 2
#define IKOT_HOST 3
#define IKOT_TASK_NAME 20
#define IKOT_REPLY 31 /* kernel-held reply port (not served) */

void ipc_kobject_init(void);
ipc_port_t
ipc_kobject_alloc_port(ipc_kobject_t kobject, ipc_kobject_type_t type);
void ipc_kobject_dealloc_port(ipc_port_t port);
ipc_kobject_t ipc_kobject_get(ipc_port_t port, ipc_kobject_type_t type);
ipc_kmsg_t ipc_kobject_server(ipc_kmsg_t request);
void ipc_kobject_port_died(ipc_port_t port);

#endif /* _KERN_IPC_KOBJECT_H_ */
