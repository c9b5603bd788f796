/*
 * ipc/ipc_notify.h - the kernel's notification senders.
 *
 * Each consumes the send-once right it is given (and, for port-destroyed,
 * the receive right) and ignores the send result.  All are called with no
 * IPC lock held; they send through the KernelUser stubs MIG generates from
 * mach/notify.defs, with MACH_SEND_ALWAYS semantics: a notification never
 * blocks, ignores qlimit, and is on the notify port's queue when the
 * function returns.
 */
#ifndef _IPC_IPC_NOTIFY_H_
#define _IPC_IPC_NOTIFY_H_

#include <ipc/ipc_types.h>

void ipc_notify_port_deleted(ipc_port_t port, mach_port_name_t name);
void ipc_notify_send_possible(ipc_port_t port, mach_port_name_t name);
void ipc_notify_port_destroyed(ipc_port_t port, ipc_port_t right);
void ipc_notify_no_senders(ipc_port_t port, mach_port_mscount_t mscount);
void ipc_notify_send_once(ipc_port_t port);
void ipc_notify_dead_name(ipc_port_t port, mach_port_name_t name);

#endif /* _IPC_IPC_NOTIFY_H_ */
