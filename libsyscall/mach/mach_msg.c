/*
 * libsyscall/mach/mach_msg.c - mach_msg and mach_msg_destroy.
 */
#include <mach/mach.h>
#include <mach/mach_traps.h>

/*
 * Routine:	mach_msg
 * Purpose:
 *	Send and/or receive a message.
 * Conditions:
 *	User code.
 * Returns:
 *	A mach_msg_return_t.
 */
mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
    mach_port_name_t notify)
{
	return mach_msg_trap(
	    msg, option, send_size, rcv_size, rcv_name, timeout, notify);
}

/*
 * Routine:	mach_msg_overwrite
 * Purpose:
 *	mach_msg with a separate receive buffer.
 * Conditions:
 *	User code.
 * Returns:
 *	A mach_msg_return_t.
 */
mach_msg_return_t
mach_msg_overwrite(mach_msg_header_t *msg, mach_msg_option_t option,
    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
    mach_port_name_t notify, mach_msg_header_t *rcv_msg,
    mach_msg_size_t rcv_limit)
{
	return mach_msg_overwrite_trap(msg, option, send_size, rcv_size,
	    rcv_name, timeout, notify, rcv_msg, rcv_limit);
}

/* Release one right a received message carried. */
static void
mach_msg_destroy_port(mach_port_t port, mach_msg_type_name_t type)
{
	if (!MACH_PORT_VALID(port))
		return;
	switch (type) {
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		(void)mach_port_deallocate(mach_task_self(), port);
		break;
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		(void)mach_port_mod_refs(
		    mach_task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1);
		break;
	case MACH_MSG_TYPE_MAKE_SEND:
		(void)mach_port_insert_right(
		    mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND);
		(void)mach_port_deallocate(mach_task_self(), port);
		break;
	default:
		break;
	}
}

static void
mach_msg_destroy_body(mach_msg_header_t *msg)
{
	mach_msg_body_t *body = (mach_msg_body_t *)(msg + 1);
	uint8_t *d = (uint8_t *)(body + 1);
	mach_msg_size_t i, j;

	for (i = 0; i < body->msgh_descriptor_count; i++) {
		mach_msg_descriptor_t *desc = (mach_msg_descriptor_t *)d;

		switch (desc->type.type) {
		case MACH_MSG_PORT_DESCRIPTOR:
			mach_msg_destroy_port(
			    desc->port.name, desc->port.disposition);
			d += sizeof(mach_msg_port_descriptor_t);
			break;
		case MACH_MSG_OOL_PORTS_DESCRIPTOR: {
			mach_port_t *ports = desc->ool_ports.address;

			for (j = 0; j < desc->ool_ports.count; j++)
				mach_msg_destroy_port(
				    ports[j], desc->ool_ports.disposition);
			(void)mach_vm_deallocate(mach_task_self(),
			    (mach_vm_address_t)(uintptr_t)ports,
			    desc->ool_ports.count * sizeof(mach_port_t));
			d += sizeof(mach_msg_ool_ports_descriptor_t);
			break;
		}
		default:
			(void)mach_vm_deallocate(mach_task_self(),
			    (mach_vm_address_t)(uintptr_t)
				desc->out_of_line.address,
			    desc->out_of_line.size);
			d += sizeof(mach_msg_ool_descriptor_t);
			break;
		}
	}
}

/*
 * Destroy the rights and out-of-line memory of a received message (its
 * header in receive orientation: remote is the reply right, local the
 * destination, which the receiver does not own).
 */
/*
 * Routine:	mach_msg_destroy
 * Purpose:
 *	Destroy the rights and out-of-line memory of a received (or handed-back) message.
 * Conditions:
 *	User code.
 * Returns:
 *	Nothing.
 */
void
mach_msg_destroy(mach_msg_header_t *msg)
{
	mach_msg_bits_t bits = msg->msgh_bits;

	mach_msg_destroy_port(
	    msg->msgh_remote_port, MACH_MSGH_BITS_REMOTE(bits));
	if (MACH_MSGH_BITS_IS_COMPLEX(bits))
		mach_msg_destroy_body(msg);
}
