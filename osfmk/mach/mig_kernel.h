/*
 * mach/mig_kernel.h - the kernel functions MIG-generated code calls.
 *
 * KernelServer stubs (mach_port, task, thread_act, mach_host, mach_vm
 * servers) translate port arguments with the convert_* functions and
 * release the objects with the *_deallocate functions after the work
 * function returns; they drop a consumed send right with
 * ipc_port_release_send.  KernelUser stubs (mach_notify_user.c) send
 * with mach_msg_send_from_kernel (one-way) or mach_msg_rpc_from_kernel
 * (routine; the function supplies the reply port itself).
 *
 * The kernel implements all of these; this header only declares them so
 * the generated files compile on their own.
 */
#ifndef _MACH_MIG_KERNEL_H_
#define _MACH_MIG_KERNEL_H_

#if defined(KERNEL)
#include <mach/mach_types.h>
#include <mach/message.h>

/* Port to object: a new reference, or the NULL object. */
extern ipc_space_t convert_port_to_space(mach_port_t port);
extern task_t convert_port_to_task(mach_port_t port);
extern thread_t convert_port_to_thread(mach_port_t port);
extern host_t convert_port_to_host(mach_port_t port);
extern vm_map_t convert_port_to_map(mach_port_t port);

/* Object to port: consumes the object reference, returns a send right. */
extern mach_port_t convert_task_to_port(task_t task);
extern mach_port_t convert_thread_to_port(thread_t thread);

/* Release the reference a convert_port_to_* returned. */
extern void space_deallocate(ipc_space_t space);
extern void task_deallocate(task_t task);
extern void thread_deallocate(thread_t thread);
extern void vm_map_deallocate(vm_map_t map);

extern void ipc_port_release_send(mach_port_t port);

/* Kernel as a message sender (KernelUser stubs). */
extern mach_msg_return_t
mach_msg_send_from_kernel(mach_msg_header_t *msg, mach_msg_size_t size);
extern mach_msg_return_t mach_msg_rpc_from_kernel(mach_msg_header_t *msg,
    mach_msg_size_t send_size, mach_msg_size_t rcv_size);
#endif /* KERNEL */

#endif /* _MACH_MIG_KERNEL_H_ */
