/*
 * mini_mig.h - see mini_mig.c.
 */
#ifndef _MINI_MIG_H_
#define _MINI_MIG_H_

#include <mach/message.h>

mach_msg_return_t
mach_msg_trap(void *msg, mach_msg_option_t option, mach_msg_size_t send_size,
    mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
    mach_msg_timeout_t timeout, mach_port_name_t notify);
mach_port_name_t mach_reply_port(void);
mach_port_name_t task_self_trap(void);
mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
    mach_port_name_t notify);
mach_port_t mig_get_reply_port(void);
void mig_dealloc_reply_port(mach_port_t port);
void mig_put_reply_port(mach_port_t port);
void mach_msg_destroy(mach_msg_header_t *msg);
mach_port_t mach_task_self(void);

#endif /* _MINI_MIG_H_ */
