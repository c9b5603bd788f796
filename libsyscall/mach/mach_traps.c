/*
 * libsyscall/mach/mach_traps.c - C stubs for the Mach traps (XNU's
 * numbers), on harbor_trap.
 */
#include <mach/mach.h>
#include <mach/mach_traps.h>
#include <harbor/trap.h>

#define U(x) ((uint64_t)(uintptr_t)(x))

/*
 * Routine:	mach_reply_port
 * Purpose:
 *	Trap 26: a new receive right.
 * Conditions:
 *	User code.
 * Returns:
 *	Its name, or MACH_PORT_NULL.
 */
mach_port_name_t
mach_reply_port(void)
{
	return (mach_port_name_t)harbor_trap(
	    HARBOR_TRAP_MACH(26), 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/*
 * Routine:	thread_self_trap
 * Purpose:
 *	Trap 27: a send right to the calling thread.
 * Conditions:
 *	User code.
 * Returns:
 *	Its name.
 */
mach_port_name_t
thread_self_trap(void)
{
	return (mach_port_name_t)harbor_trap(
	    HARBOR_TRAP_MACH(27), 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/*
 * Routine:	task_self_trap
 * Purpose:
 *	Trap 28: a send right to the calling task.
 * Conditions:
 *	User code.
 * Returns:
 *	Its name.
 */
mach_port_name_t
task_self_trap(void)
{
	return (mach_port_name_t)harbor_trap(
	    HARBOR_TRAP_MACH(28), 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/*
 * Routine:	host_self_trap
 * Purpose:
 *	Trap 29: a send right to the host.
 * Conditions:
 *	User code.
 * Returns:
 *	Its name.
 */
mach_port_name_t
host_self_trap(void)
{
	return (mach_port_name_t)harbor_trap(
	    HARBOR_TRAP_MACH(29), 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/*
 * Routine:	mach_msg_trap
 * Purpose:
 *	Trap 31: mach_msg.
 * Conditions:
 *	User code.
 * Returns:
 *	A mach_msg_return_t.
 */
mach_msg_return_t
mach_msg_trap(mach_msg_header_t *msg, mach_msg_option_t option,
    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
    mach_port_name_t notify)
{
	return (mach_msg_return_t)harbor_trap(HARBOR_TRAP_MACH(31), U(msg),
	    (uint32_t)option, send_size, rcv_size, rcv_name, timeout, notify, 0,
	    0);
}

/*
 * Routine:	mach_msg_overwrite_trap
 * Purpose:
 *	Trap 32: mach_msg with a separate receive buffer.
 * Conditions:
 *	User code.
 * Returns:
 *	A mach_msg_return_t.
 */
mach_msg_return_t
mach_msg_overwrite_trap(mach_msg_header_t *msg, mach_msg_option_t option,
    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
    mach_msg_priority_t priority, mach_msg_header_t *rcv_msg,
    mach_msg_size_t rcv_limit)
{
	return (mach_msg_return_t)harbor_trap(HARBOR_TRAP_MACH(32), U(msg),
	    (uint32_t)option, send_size, rcv_size, rcv_name, timeout, priority,
	    U(rcv_msg), rcv_limit);
}

/*
 * Routine:	_kernelrpc_mach_port_allocate_trap
 * Purpose:
 *	Trap 16: mach_port_allocate without MIG.
 * Conditions:
 *	User code.
 * Returns:
 *	As mach_port_allocate; MACH_SEND_INVALID_DEST for a bad target.
 */
kern_return_t
_kernelrpc_mach_port_allocate_trap(
    mach_port_name_t target, mach_port_right_t right, mach_port_name_t *name)
{
	return (kern_return_t)harbor_trap(
	    HARBOR_TRAP_MACH(16), target, right, U(name), 0, 0, 0, 0, 0, 0);
}

/*
 * Routine:	_kernelrpc_mach_port_deallocate_trap
 * Purpose:
 *	Trap 18: mach_port_deallocate without MIG.
 * Conditions:
 *	User code.
 * Returns:
 *	As mach_port_deallocate; MACH_SEND_INVALID_DEST for a bad target.
 */
kern_return_t
_kernelrpc_mach_port_deallocate_trap(
    mach_port_name_t target, mach_port_name_t name)
{
	return (kern_return_t)harbor_trap(
	    HARBOR_TRAP_MACH(18), target, name, 0, 0, 0, 0, 0, 0, 0);
}

/*
 * Routine:	_kernelrpc_mach_port_mod_refs_trap
 * Purpose:
 *	Trap 19: mach_port_mod_refs without MIG.
 * Conditions:
 *	User code.
 * Returns:
 *	As mach_port_mod_refs; MACH_SEND_INVALID_DEST for a bad target.
 */
kern_return_t
_kernelrpc_mach_port_mod_refs_trap(mach_port_name_t target,
    mach_port_name_t name, mach_port_right_t right, mach_port_delta_t delta)
{
	return (kern_return_t)harbor_trap(HARBOR_TRAP_MACH(19), target, name,
	    right, (uint64_t)(int64_t)delta, 0, 0, 0, 0, 0);
}

/*
 * Routine:	_kernelrpc_mach_port_move_member_trap
 * Purpose:
 *	Trap 20: mach_port_move_member without MIG.
 * Conditions:
 *	User code.
 * Returns:
 *	As mach_port_move_member; MACH_SEND_INVALID_DEST for a bad target.
 */
kern_return_t
_kernelrpc_mach_port_move_member_trap(
    mach_port_name_t target, mach_port_name_t member, mach_port_name_t after)
{
	return (kern_return_t)harbor_trap(
	    HARBOR_TRAP_MACH(20), target, member, after, 0, 0, 0, 0, 0, 0);
}

/*
 * Routine:	_kernelrpc_mach_port_insert_member_trap
 * Purpose:
 *	Trap 22: mach_port_insert_member without MIG.
 * Conditions:
 *	User code.
 * Returns:
 *	As mach_port_insert_member; MACH_SEND_INVALID_DEST for a bad target.
 */
kern_return_t
_kernelrpc_mach_port_insert_member_trap(
    mach_port_name_t target, mach_port_name_t name, mach_port_name_t pset)
{
	return (kern_return_t)harbor_trap(
	    HARBOR_TRAP_MACH(22), target, name, pset, 0, 0, 0, 0, 0, 0);
}

/*
 * Routine:	_kernelrpc_mach_port_extract_member_trap
 * Purpose:
 *	Trap 23: mach_port_extract_member without MIG.
 * Conditions:
 *	User code.
 * Returns:
 *	As mach_port_extract_member; MACH_SEND_INVALID_DEST for a bad target.
 */
kern_return_t
_kernelrpc_mach_port_extract_member_trap(
    mach_port_name_t target, mach_port_name_t name, mach_port_name_t pset)
{
	return (kern_return_t)harbor_trap(
	    HARBOR_TRAP_MACH(23), target, name, pset, 0, 0, 0, 0, 0, 0);
}

/*
 * Routine:	_kernelrpc_mach_port_request_notification_trap
 * Purpose:
 *	Trap 77: mach_port_request_notification without MIG (spec 6.5).
 * Conditions:
 *	User code; the target must be the caller's own task.
 * Returns:
 *	As the MIG routine; MACH_SEND_INVALID_DEST for another target or a bad notifyPoly.
 */
kern_return_t
_kernelrpc_mach_port_request_notification_trap(mach_port_name_t target,
    mach_port_name_t name, mach_msg_id_t msgid, mach_port_mscount_t sync,
    mach_port_name_t notify, mach_msg_type_name_t notifyPoly,
    mach_port_name_t *previous)
{
	return (kern_return_t)harbor_trap(HARBOR_TRAP_MACH(77), target, name,
	    (uint32_t)msgid, sync, notify, notifyPoly, U(previous), 0, 0);
}
