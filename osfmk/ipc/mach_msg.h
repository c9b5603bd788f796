/*
 * ipc/mach_msg.h - the message traps' kernel entry points.
 */
#ifndef _IPC_MACH_MSG_H_
#define _IPC_MACH_MSG_H_

#include <mach/message.h>
#include <mach/mach_types.h>

mach_msg_return_t
mach_msg_send(ipc_space_t space, uint64_t msg_addr, mach_msg_option_t option,
    mach_msg_size_t send_size, mach_msg_timeout_t timeout);
mach_msg_return_t mach_msg_receive(ipc_space_t space, uint64_t rcv_addr,
    mach_msg_option_t option, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout);
mach_msg_return_t mach_msg_overwrite_trap(uint64_t msg,
    mach_msg_option_t option, mach_msg_size_t send_size,
    mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
    mach_msg_timeout_t timeout, mach_port_name_t notify, uint64_t rcv_msg);

#endif /* _IPC_MACH_MSG_H_ */
