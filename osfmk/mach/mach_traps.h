/*
 * mach/mach_traps.h - the Mach traps a user program can call directly.
 *
 * Each is entered with the x86_64 syscall instruction, Mach class 1, and
 * the XNU trap number given below.
 */
#ifndef _MACH_MACH_TRAPS_H_
#define _MACH_MACH_TRAPS_H_

#include <mach/std_types.h>
#include <mach/mach_types.h>
#include <mach/message.h>

#if !defined(KERNEL)
/* -10 */
extern kern_return_t _kernelrpc_mach_vm_allocate_trap(mach_port_name_t target,
    mach_vm_offset_t *addr, mach_vm_size_t size, int flags);
/* -12 */
extern kern_return_t _kernelrpc_mach_vm_deallocate_trap(
    mach_port_name_t target, mach_vm_address_t address, mach_vm_size_t size);
/* -14 */
extern kern_return_t _kernelrpc_mach_vm_protect_trap(mach_port_name_t target,
    mach_vm_address_t address, mach_vm_size_t size, boolean_t set_maximum,
    vm_prot_t new_protection);
/* -16 */
extern kern_return_t _kernelrpc_mach_port_allocate_trap(
    mach_port_name_t target, mach_port_right_t right, mach_port_name_t *name);
/* -18 */
extern kern_return_t _kernelrpc_mach_port_deallocate_trap(
    mach_port_name_t target, mach_port_name_t name);
/* -19 */
extern kern_return_t _kernelrpc_mach_port_mod_refs_trap(mach_port_name_t target,
    mach_port_name_t name, mach_port_right_t right, mach_port_delta_t delta);
/* -20 */
extern kern_return_t _kernelrpc_mach_port_move_member_trap(
    mach_port_name_t target, mach_port_name_t member, mach_port_name_t after);
/* -21 */
extern kern_return_t _kernelrpc_mach_port_insert_right_trap(
    mach_port_name_t target, mach_port_name_t name, mach_port_name_t poly,
    mach_msg_type_name_t polyPoly);
/* -22 */
extern kern_return_t _kernelrpc_mach_port_insert_member_trap(
    mach_port_name_t target, mach_port_name_t name, mach_port_name_t pset);
/* -23 */
extern kern_return_t _kernelrpc_mach_port_extract_member_trap(
    mach_port_name_t target, mach_port_name_t name, mach_port_name_t pset);
/* -24 */
extern kern_return_t
_kernelrpc_mach_port_construct_trap(mach_port_name_t target,
    mach_port_options_t *options, uint64_t context, mach_port_name_t *name);
/* -25 */
extern kern_return_t _kernelrpc_mach_port_destruct_trap(mach_port_name_t target,
    mach_port_name_t name, mach_port_delta_t srdelta, uint64_t guard);
/* -26 */
extern mach_port_name_t mach_reply_port(void);
/* -27 */
extern mach_port_name_t thread_self_trap(void);
/* -28 */
extern mach_port_name_t task_self_trap(void);
/* -29 */
extern mach_port_name_t host_self_trap(void);
/* -31 */
extern mach_msg_return_t mach_msg_trap(mach_msg_header_t *msg,
    mach_msg_option_t option, mach_msg_size_t send_size,
    mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
    mach_msg_timeout_t timeout, mach_port_name_t notify);
/* -32 */
extern mach_msg_return_t mach_msg_overwrite_trap(mach_msg_header_t *msg,
    mach_msg_option_t option, mach_msg_size_t send_size,
    mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
    mach_msg_timeout_t timeout, mach_msg_priority_t priority,
    mach_msg_header_t *rcv_msg, mach_msg_size_t rcv_limit);
/* -37 */
extern kern_return_t _kernelrpc_mach_port_guard_trap(mach_port_name_t target,
    mach_port_name_t name, uint64_t guard, boolean_t strict);
/* -38 */
extern kern_return_t _kernelrpc_mach_port_unguard_trap(
    mach_port_name_t target, mach_port_name_t name, uint64_t guard);
/* -77 */
extern kern_return_t _kernelrpc_mach_port_request_notification_trap(
    mach_port_name_t target, mach_port_name_t name, mach_msg_id_t msgid,
    mach_port_mscount_t sync, mach_port_name_t notify,
    mach_msg_type_name_t notifyPoly, mach_port_name_t *previous);
#endif /* !KERNEL */

#endif /* _MACH_MACH_TRAPS_H_ */
