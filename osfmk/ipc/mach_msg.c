/*
 * ipc/mach_msg.c - the mach_msg traps and the kernel's own message
 * sending (MIG KernelUser stubs).
 */
#include <ipc/mach_msg.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_fast.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_space.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_object.h>
#include <kern/ipc_kobject.h>
#include <kern/syscall_sw.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/md.h>
#include <kern/debug.h>
#include <mach/mig_kernel.h>
#include <string.h>

static inline uint64_t
mach_msg_deadline(mach_msg_option_t option, mach_msg_option_t which,
    mach_msg_timeout_t timeout)
{
	if ((option & which) == 0)
		return 0;
	return md_absolute_time() + (uint64_t)timeout * 1000000ull;
}

/*
 * The general send of a message copied in from msg_addr (names): rights,
 * delivery, and the pseudo-receive of a send that timed out or was
 * interrupted.
 */
static mach_msg_return_t
mach_msg_send_general(ipc_space_t space, ipc_kmsg_t kmsg, uint64_t msg_addr,
    mach_msg_option_t option, mach_msg_timeout_t timeout)
{
	mach_msg_return_t mr;

	mr = ipc_kmsg_copyin(kmsg, space, &option);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_free(kmsg);
		return mr;
	}
	mr = ipc_kmsg_send(kmsg, option,
	    mach_msg_deadline(option, MACH_SEND_TIMEOUT, timeout));
	if (mr == MACH_SEND_TIMED_OUT || mr == MACH_SEND_INTERRUPTED) {
		(void)ipc_kmsg_copyout_pseudo(kmsg, space);
		(void)ipc_kmsg_put_to_user(kmsg, 0, msg_addr, false);
	} else if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_destroy(kmsg);
	}
	return mr;
}

/*
 * Routine:	mach_msg_send
 * Purpose:
 *	The send half of mach_msg: copy the message in from the caller,
 *	translate its rights, deliver it.  A send that times out or is
 *	interrupted after copyin hands the message (and its rights) back to
 *	the caller's buffer.
 * Conditions:
 *	Nothing locked; space is the current task's (the sender's).
 * Returns:
 *	MACH_MSG_SUCCESS or a MACH_SEND_* error.
 */
mach_msg_return_t
mach_msg_send(ipc_space_t space, uint64_t msg_addr, mach_msg_option_t option,
    mach_msg_size_t send_size, mach_msg_timeout_t timeout)
{
	ipc_kmsg_t kmsg;
	mach_msg_return_t mr;

	mr = ipc_kmsg_get_from_user(msg_addr, send_size, &kmsg);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (ipc_kmsg_send_fast(kmsg, space, option))
		return MACH_MSG_SUCCESS;
	return mach_msg_send_general(space, kmsg, msg_addr, option, timeout);
}


/* Find what to receive from: a receive right or a port set. */
static mach_msg_return_t
mach_msg_receive_object(
    ipc_space_t space, mach_port_name_t name, ipc_object_t *objectp)
{
	ipc_entry_t entry;
	kern_return_t kr;

	kr = ipc_right_lookup_read(space, name, &entry);
	if (kr != KERN_SUCCESS)
		return MACH_RCV_INVALID_NAME;
	if ((entry->ie_bits &
		(MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_PORT_SET)) == 0) {
		is_read_unlock(space);
		return MACH_RCV_INVALID_NAME;
	}
	*objectp = entry->ie_object;
	io_reference(*objectp);
	is_read_unlock(space);
	return MACH_MSG_SUCCESS;
}

/* Report a too-large message: its size in the caller's header. */
static mach_msg_return_t
mach_msg_report_too_large(uint64_t rcv_addr, mach_msg_size_t rcv_size,
    ipc_kmsg_t kmsg, ipc_space_t space, mach_msg_size_t needed)
{
	mach_msg_user_header_t uh = {0};

	if (kmsg != IKM_NULL) {
		ipc_kmsg_copyout_dest(kmsg, space);
		uh.msgh_bits = kmsg->ikm_header->msgh_bits;
		uh.msgh_local_port =
		    KMSG_PORT_TO_NAME(kmsg->ikm_header->msgh_local_port);
		uh.msgh_id = kmsg->ikm_header->msgh_id;
		ipc_kmsg_free(kmsg);
	}
	uh.msgh_size = needed;
	if (kmsg != IKM_NULL && rcv_size >= sizeof(uh)) {
		if (md_copyout(&uh, rcv_addr, sizeof(uh)) != 0)
			return MACH_RCV_INVALID_DATA;
	} else if (rcv_size >= 2 * sizeof(uint32_t)) {
		if (md_copyout(&uh.msgh_size,
			rcv_addr + offsetof(mach_msg_user_header_t, msgh_size),
			sizeof(uh.msgh_size)) != 0)
			return MACH_RCV_INVALID_DATA;
	}
	return MACH_RCV_TOO_LARGE;
}

/*
 * Deliver a received message: copy its rights out (the fast copyout unless
 * the fast receive did, the general one if that cannot), then write it
 * and its trailer to the caller.
 */
static inline mach_msg_return_t
mach_msg_receive_deliver(ipc_space_t space, uint64_t rcv_addr,
    mach_msg_option_t option, struct ipc_mqueue_rcv *rcv)
{
	mach_msg_return_t mr, cmr = MACH_MSG_SUCCESS;

	if (!rcv->copied_out && !ipc_kmsg_copyout_fast(rcv->kmsg, space))
		cmr = ipc_kmsg_copyout(rcv->kmsg, space, option);
	ipc_kmsg_set_trailer(rcv->kmsg, rcv->seqno);
	mr = ipc_kmsg_put_to_user(rcv->kmsg, option, rcv_addr, true);
	return mr != MACH_MSG_SUCCESS ? mr : cmr;
}

/*
 * A receive the fast step did not complete (mr): the general receive if
 * that did nothing, a message too large, an error, or the delivery.
 */
static mach_msg_return_t
mach_msg_receive_finish(ipc_space_t space, uint64_t rcv_addr,
    mach_msg_option_t option, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout, mach_msg_return_t mr,
    struct ipc_mqueue_rcv *rcv)
{
	ipc_object_t object;

	if (mr == MACH_RCV_IN_PROGRESS) {
		mr = mach_msg_receive_object(space, rcv_name, &object);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
		mr = ipc_mqueue_receive(space, object, option, rcv_size,
		    mach_msg_deadline(option, MACH_RCV_TIMEOUT, timeout), rcv);
		io_release(object);
	}
	if (mr == MACH_RCV_TOO_LARGE)
		return mach_msg_report_too_large(
		    rcv_addr, rcv_size, rcv->kmsg, space, rcv->needed);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return mach_msg_receive_deliver(space, rcv_addr, option, rcv);
}

/*
 * Routine:	mach_msg_receive
 * Purpose:
 *	The receive half of mach_msg: wait for a message on a receive right
 *	or a port set, copy its rights out into the caller's space (firing
 *	the destination's send-possible requests first), and write it and
 *	its trailer to the caller's buffer.
 * Conditions:
 *	Nothing locked; space is the current task's (the receiver's).
 * Returns:
 *	MACH_MSG_SUCCESS or a MACH_RCV_* error.
 */
mach_msg_return_t
mach_msg_receive(ipc_space_t space, uint64_t rcv_addr, mach_msg_option_t option,
    mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
    mach_msg_timeout_t timeout)
{
	struct ipc_mqueue_rcv rcv = {0};
	mach_msg_return_t mr;

	if (ipc_kmsg_trailer_size(option) > MAX_TRAILER_SIZE)
		return MACH_RCV_INVALID_TRAILER;
	mr = ipc_mqueue_receive_fast(space, rcv_name, option, rcv_size, &rcv);
	if (mr == MACH_MSG_SUCCESS)
		return mach_msg_receive_deliver(space, rcv_addr, option, &rcv);
	return mach_msg_receive_finish(
	    space, rcv_addr, option, rcv_size, rcv_name, timeout, mr, &rcv);
}

/*
 * Send then receive in one trap.  The common message is sent and the
 * receive started under one hold of the space lock; a receiver the
 * message was handed to gets the CPU straight from this thread's wait.
 * Anything else goes the general way, in the same order with the same
 * results.
 */
static mach_msg_return_t
mach_msg_send_receive(ipc_space_t space, uint64_t msg_addr,
    mach_msg_option_t option, mach_msg_size_t send_size, uint64_t rcv_addr,
    mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
    mach_msg_timeout_t timeout) HB_NO_TSA
{
	struct ipc_mqueue_rcv rcv = {0};
	thread_t receiver = THREAD_NULL;
	ipc_entry_t reply_entry;
	mach_port_name_t reply_name;
	ipc_kmsg_t kmsg;
	mach_msg_return_t mr;

	mr = ipc_kmsg_get_from_user(msg_addr, send_size, &kmsg);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	/* An RPC receives on its reply port: the send looks it up anyway. */
	reply_name = KMSG_PORT_TO_NAME(kmsg->ikm_header->msgh_local_port);
	is_write_lock(space);
	if (!is_active(space) ||
	    !ipc_kmsg_send_fast_locked(
		kmsg, space, option, &receiver, &reply_entry)) {
		is_write_unlock(space);
		mr = mach_msg_send_general(
		    space, kmsg, msg_addr, option, timeout);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
		return mach_msg_receive(
		    space, rcv_addr, option, rcv_size, rcv_name, timeout);
	}
	if (ipc_kmsg_trailer_size(option) > MAX_TRAILER_SIZE) {
		is_write_unlock(space);
		thread_handoff_run(receiver);
		return MACH_RCV_INVALID_TRAILER;
	}
	mr = ipc_mqueue_receive_fast_locked(space, rcv_name,
	    rcv_name == reply_name ? reply_entry : IE_NULL, option, rcv_size,
	    receiver, &rcv);
	if (mr == MACH_MSG_SUCCESS)
		return mach_msg_receive_deliver(space, rcv_addr, option, &rcv);
	return mach_msg_receive_finish(
	    space, rcv_addr, option, rcv_size, rcv_name, timeout, mr, &rcv);
}

/* mach_msg: send, then receive (either may be absent). */
static inline __attribute__((always_inline)) mach_msg_return_t
mach_msg_common(uint64_t msg, mach_msg_option_t option,
    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout, uint64_t rcv_msg)
{
	ipc_space_t space = current_task()->itk_space;
	mach_msg_return_t mr;

	if ((option & (MACH_SEND_MSG | MACH_RCV_MSG)) ==
	    (MACH_SEND_MSG | MACH_RCV_MSG))
		return mach_msg_send_receive(space, msg,
		    option & ~MACH_SEND_ALWAYS, send_size,
		    rcv_msg != 0 ? rcv_msg : msg, rcv_size, rcv_name, timeout);
	if (option & MACH_SEND_MSG) {
		mr = mach_msg_send(
		    space, msg, option & ~MACH_SEND_ALWAYS, send_size, timeout);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	if (option & MACH_RCV_MSG)
		return mach_msg_receive(space, rcv_msg != 0 ? rcv_msg : msg,
		    option, rcv_size, rcv_name, timeout);
	return MACH_MSG_SUCCESS;
}

/*
 * Routine:	mach_msg_overwrite_trap
 * Purpose:
 *	mach_msg: send, then receive (either may be absent).  The notify
 *	argument is ignored (MACH_SEND_CANCEL/MACH_RCV_NOTIFY are gone).
 * Conditions:
 *	Nothing locked; called from the trap table.
 * Returns:
 *	MACH_MSG_SUCCESS or the first error.
 */
mach_msg_return_t
mach_msg_overwrite_trap(uint64_t msg, mach_msg_option_t option,
    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
    mach_port_name_t notify, uint64_t rcv_msg)
{
	(void)notify;
	return mach_msg_common(
	    msg, option, send_size, rcv_size, rcv_name, timeout, rcv_msg);
}

/*
 * Routine:	mach_msg_trap_entry
 * Purpose:
 *	mach_msg_trap from its trap arguments.  The seventh (notify) is
 *	ignored, so the table counts six: the syscall path need not fetch
 *	it from the user stack.  The x86_64 syscall entry calls this
 *	straight, without the table; it is never inlined there, or every
 *	other trap would pay for its frame.
 * Conditions:
 *	Nothing locked; the current thread's arguments.
 * Returns:
 *	The mach_msg_return_t, zero-extended.
 */
__attribute__((noinline)) uint64_t
mach_msg_trap_entry(const uint64_t *a)
{
	return (uint32_t)mach_msg_common(a[0], (mach_msg_option_t)a[1],
	    (mach_msg_size_t)a[2], (mach_msg_size_t)a[3],
	    (mach_port_name_t)a[4], (mach_msg_timeout_t)a[5], 0);
}

/*
 * Routine:	mach_msg_send_from_kernel
 * Purpose:
 *	Send a message the kernel built (kernel layout, rights by pointer):
 *	notifications and MIG KernelUser simpleroutines.  Never blocks, and
 *	ignores qlimit; only the hard limit can refuse it, and the message
 *	is then destroyed.
 * Conditions:
 *	Nothing locked.  The rights named in msg are consumed either way.
 * Returns:
 *	MACH_MSG_SUCCESS, MACH_SEND_NO_BUFFER.
 */
mach_msg_return_t
mach_msg_send_from_kernel(mach_msg_header_t *msg, mach_msg_size_t size)
{
	ipc_kmsg_t kmsg;
	mach_msg_return_t mr;

	mr = ipc_kmsg_get_from_kernel(msg, size, &kmsg);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	ipc_kmsg_copyin_from_kernel(kmsg);
	mr = ipc_kmsg_send(kmsg, MACH_SEND_ALWAYS, 0);
	if (mr != MACH_MSG_SUCCESS)
		ipc_kmsg_destroy_refused(kmsg);
	return mr;
}

/*
 * Routine:	mach_msg_rpc_from_kernel
 * Purpose:
 *	Send a kernel-built request and wait for its reply on the thread's
 *	kernel reply port (MIG KernelUser routines).
 * Conditions:
 *	Nothing locked; may block.
 * Returns:
 *	MACH_MSG_SUCCESS with the reply in msg (kernel layout), or an
 *	error.
 */
mach_msg_return_t
mach_msg_rpc_from_kernel(
    mach_msg_header_t *msg, mach_msg_size_t send_size, mach_msg_size_t rcv_size)
{
	thread_t self = current_thread();
	struct ipc_mqueue_rcv rcv = {0};
	ipc_port_t reply;
	mach_msg_return_t mr;

	if (self->ith_kernel_reply == IP_NULL) {
		self->ith_kernel_reply = ipc_kobject_alloc_port(0, IKOT_REPLY);
		if (self->ith_kernel_reply == IP_NULL)
			return MACH_SEND_NO_BUFFER;
		ip_lock(self->ith_kernel_reply);
		self->ith_kernel_reply->ip_receiver = ipc_space_reply;
		ip_unlock(self->ith_kernel_reply);
	}
	reply = self->ith_kernel_reply;
	msg->msgh_local_port = reply;
	msg->msgh_bits =
	    MACH_MSGH_BITS_SET(MACH_MSGH_BITS_REMOTE(msg->msgh_bits),
		MACH_MSG_TYPE_MAKE_SEND_ONCE, 0, msg->msgh_bits);
	mr = mach_msg_send_from_kernel(msg, send_size);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	mr = ipc_mqueue_receive(ipc_space_reply, ip_to_object(reply),
	    MACH_RCV_MSG, rcv_size + IPC_KMSG_MAX_TRAILER * 2, 0, &rcv);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	ipc_kmsg_put_to_kernel(rcv.kmsg, msg, rcv_size);
	return MACH_MSG_SUCCESS;
}
