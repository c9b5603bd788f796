/*
 * ipc/ipc_fast.h - the fast path of mach_msg (ipc_fast.c): one-pass send,
 * receive and copyout of the common message, each falling back to the
 * general path by doing nothing.
 */
#ifndef _IPC_IPC_FAST_H_
#define _IPC_IPC_FAST_H_

#include <ipc/ipc_types.h>

struct ipc_mqueue_rcv;

bool ipc_kmsg_send_fast_locked(ipc_kmsg_t kmsg, ipc_space_t space,
    mach_msg_option_t option, thread_t *receiverp, ipc_entry_t *reply_entryp);
bool ipc_kmsg_send_fast(
    ipc_kmsg_t kmsg, ipc_space_t space, mach_msg_option_t option);
void ipc_kmsg_copyout_fast_locked(
    ipc_kmsg_t kmsg, ipc_space_t space, ipc_port_t port);
bool ipc_kmsg_copyout_fast(ipc_kmsg_t kmsg, ipc_space_t space);
mach_msg_return_t ipc_mqueue_receive_fast_locked(ipc_space_t space,
    mach_port_name_t name, ipc_entry_t entry, mach_msg_option_t option,
    mach_msg_size_t max_size, thread_t handoff, struct ipc_mqueue_rcv *rcv);
mach_msg_return_t ipc_mqueue_receive_fast(ipc_space_t space,
    mach_port_name_t name, mach_msg_option_t option, mach_msg_size_t max_size,
    struct ipc_mqueue_rcv *rcv);

#endif /* _IPC_IPC_FAST_H_ */
