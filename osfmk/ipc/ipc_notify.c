/*
 * ipc/ipc_notify.c - the notification senders (spec 3).
 *
 * Each is a thin wrapper around the KernelUser stub MIG generates from
 * mach/mach_notify.defs; the stub builds the message and hands it to
 * mach_msg_send_from_kernel (mach_msg.c), which sends it with
 * MACH_SEND_ALWAYS semantics.  A notification to a dead port is dropped
 * here without a message: its send-once right is simply released, so a
 * dead notify port never produces yet another SEND_ONCE notification.
 */
#include <ipc/ipc_notify.h>
#include <ipc/ipc_port.h>
#include <kern/locks.h>
#include <mach/mach_notify.h>

/* True (and the right released) if the notify port is already dead. */
static bool
ipc_notify_dest_dead(ipc_port_t port)
{
	bool dead;

	lck_assert_none_held();
	ip_lock(port);
	dead = !ip_active(port);
	ip_unlock(port);
	if (dead)
		ipc_port_release_sonce(port);
	return dead;
}

/*
 * Routine:	ipc_notify_port_deleted
 * Purpose:
 *	Send MACH_NOTIFY_PORT_DELETED(name).
 * Conditions:
 *	Nothing locked.  Consumes the send-once right.
 * Returns:
 *	Nothing.
 */
void
ipc_notify_port_deleted(ipc_port_t port, mach_port_name_t name)
{
	if (!ipc_notify_dest_dead(port))
		(void)mach_notify_port_deleted(port, name);
}

/*
 * Routine:	ipc_notify_send_possible
 * Purpose:
 *	Send MACH_NOTIFY_SEND_POSSIBLE(name).
 * Conditions:
 *	Nothing locked.  Consumes the send-once right.
 * Returns:
 *	Nothing.
 */
void
ipc_notify_send_possible(ipc_port_t port, mach_port_name_t name)
{
	if (!ipc_notify_dest_dead(port))
		(void)mach_notify_send_possible(port, name);
}

/*
 * Routine:	ipc_notify_port_destroyed
 * Purpose:
 *	Send MACH_NOTIFY_PORT_DESTROYED carrying the receive right.
 * Conditions:
 *	Nothing locked.  Consumes the send-once right and the receive right
 *	(in limbo); if the notify port is dead the receive right is
 *	destroyed.
 * Returns:
 *	Nothing.
 */
void
ipc_notify_port_destroyed(ipc_port_t port, ipc_port_t right)
{
	if (ipc_notify_dest_dead(port))
		ipc_port_release_receive(right);
	else
		(void)mach_notify_port_destroyed(port, right);
}

/*
 * Routine:	ipc_notify_no_senders
 * Purpose:
 *	Send MACH_NOTIFY_NO_SENDERS(mscount).
 * Conditions:
 *	Nothing locked.  Consumes the send-once right.
 * Returns:
 *	Nothing.
 */
void
ipc_notify_no_senders(ipc_port_t port, mach_port_mscount_t mscount)
{
	if (!ipc_notify_dest_dead(port))
		(void)mach_notify_no_senders(port, mscount);
}

/*
 * Routine:	ipc_notify_send_once
 * Purpose:
 *	Send MACH_NOTIFY_SEND_ONCE (a send-once right was destroyed unused).
 * Conditions:
 *	Nothing locked.  Consumes the send-once right.
 * Returns:
 *	Nothing.
 */
void
ipc_notify_send_once(ipc_port_t port)
{
	if (!ipc_notify_dest_dead(port))
		(void)mach_notify_send_once(port);
}

/*
 * Routine:	ipc_notify_dead_name
 * Purpose:
 *	Send MACH_NOTIFY_DEAD_NAME(name).
 * Conditions:
 *	Nothing locked.  Consumes the send-once right.
 * Returns:
 *	Nothing.
 */
void
ipc_notify_dead_name(ipc_port_t port, mach_port_name_t name)
{
	if (!ipc_notify_dest_dead(port))
		(void)mach_notify_dead_name(port, name);
}
