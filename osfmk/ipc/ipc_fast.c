/*
 * ipc/ipc_fast.c - the fast path of mach_msg: the common message, sent and
 * received in one pass each.
 *
 * The general path copies a message in (ipc_kmsg_copyin), queues it
 * (ipc_kmsg_send), takes it off the queue (ipc_mqueue_receive) and copies
 * it out (ipc_kmsg_copyout), each step with its own locks.  For the
 * message an RPC is made of -- no descriptors, a send or send-once
 * destination, no reply or a send-once one -- the steps here do the same
 * under one space lock and one lock of each port, and hand the message
 * straight to a waiting receiver.  Each one checks every precondition
 * first and does nothing when one fails, so the caller falls back to the
 * general step, which then sees exactly what it would have seen.  See
 * doc/ipc-fast-path.md.
 */

/*
 * HB_NO_TSA marks functions that hand a lock across a call boundary in a
 * way clang's analysis cannot follow.  MACH_LOCK_CHECK still checks their
 * ownership and order at run time.
 */
#include <ipc/ipc_fast.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>
#include <ipc/ipc_entry.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_object.h>
#include <ipc/ipc_notify.h>
#include <kern/debug.h>
#include <kern/thread.h>

/* --- The fast copyout: the header of a common message in one pass ----- */

/*
 * Routine:	ipc_kmsg_copyout_fast_ok
 * Purpose:
 *	Can ipc_kmsg_copyout_fast_locked copy out the header of kmsg, whose
 *	destination is port?  No descriptors, no send-possible request on
 *	port to fire, and no reply right or a send-once one for which space
 *	has a free name without growing its table.
 * Conditions:
 *	space is write-locked and active; port is locked and its receive
 *	right is in space.
 * Returns:
 *	true or false.
 */
static inline __attribute__((always_inline)) bool
ipc_kmsg_copyout_fast_ok(ipc_kmsg_t kmsg, ipc_space_t space, ipc_port_t port)
{
	mach_msg_bits_t bits = kmsg->ikm_header->msgh_bits;
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(bits);

	assert(kmsg->ikm_header->msgh_remote_port == port);
	if (MACH_MSGH_BITS_IS_COMPLEX(bits) || port->ip_sprequests)
		return false;
	return reply_type == 0 ||
	    (reply_type == MACH_MSG_TYPE_PORT_SEND_ONCE &&
		space->is_table_inuse < space->is_name_limit &&
		space->is_table_size != 0 && space->is_table[0].ie_next != 0);
}

/* What the fast header copyout leaves to do once the space is unlocked. */
struct ipc_copyout_after {
	ipc_port_t dead_reply; /* a send-once reply whose port died */
	ipc_port_t nsrequest;  /* a no-senders request to fire */
	mach_port_mscount_t mscount;
};

/* Is a reply port still alive?  Takes and drops its lock. */
static bool
ipc_kmsg_reply_alive(ipc_port_t reply)
{
	bool alive;

	ip_lock(reply);
	alive = ip_active(reply);
	ip_unlock(reply);
	return alive;
}

/*
 * The header of ipc_kmsg_copyout_fast_locked: use up the destination
 * right, name the reply right in space, rewrite the header with names.
 * Space and port locked on entry; the port is unlocked on return, the
 * space still locked.  reply_alive: the caller knows the reply port
 * lives (its receive right is in the caller's locked space).  after says
 * what is left to release.
 */
static inline __attribute__((always_inline)) void
ipc_kmsg_copyout_fast_header(ipc_kmsg_t kmsg, ipc_space_t space,
    ipc_port_t port, bool reply_alive,
    struct ipc_copyout_after *after) HB_NO_TSA
{
	mach_msg_header_t *h = kmsg->ikm_header;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(h->msgh_bits);
	mach_port_name_t dest_name = port->ip_receiver_name;
	mach_port_name_t reply_name = MACH_PORT_NULL;
	ipc_port_t reply = h->msgh_local_port;
	ipc_entry_t entry;

	*after = (struct ipc_copyout_after){IP_NULL, IP_NULL, 0};
	if (dest_type == MACH_MSG_TYPE_PORT_SEND_ONCE) {
		assert(port->ip_sorights > 0);
		port->ip_sorights--;
	} else {
		after->nsrequest =
		    ipc_port_srights_dec_locked(port, &after->mscount);
	}
	ip_unlock(port);
	if (reply_type != 0) {
		/* ipc_kmsg_copyout_fast_ok saw a free name: no growth. */
		entry = ipc_entry_alloc_free(space, &reply_name);
		if (reply_alive || ipc_kmsg_reply_alive(reply)) {
			entry->ie_bits |= MACH_PORT_TYPE_SEND_ONCE | 1;
			entry->ie_object = ip_to_object(reply);
		} else {
			ipc_entry_dealloc(space, reply_name, entry);
			reply_name = MACH_PORT_DEAD;
			after->dead_reply = reply;
		}
	}
	h->msgh_bits = MACH_MSGH_BITS_SET(reply_type, dest_type, 0, 0);
	h->msgh_remote_port = KMSG_NAME_TO_PORT(reply_name);
	h->msgh_local_port = KMSG_NAME_TO_PORT(dest_name);
}

/*
 * Routine:	ipc_kmsg_copyout_fast_locked
 * Purpose:
 *	Copy out the header of a message received from port, as
 *	ipc_kmsg_copyout does: the destination right is used up (no-senders
 *	may fire), the header names the receive right, and a send-once
 *	reply right gets a new name (MACH_PORT_DEAD if its port died).
 * Conditions:
 *	ipc_kmsg_copyout_fast_ok said yes under the same locks.  Unlocks
 *	the port and the space.
 * Returns:
 *	Nothing.
 */
void
ipc_kmsg_copyout_fast_locked(
    ipc_kmsg_t kmsg, ipc_space_t space, ipc_port_t port) HB_NO_TSA
{
	struct ipc_copyout_after after;

	ipc_kmsg_copyout_fast_header(kmsg, space, port, false, &after);
	is_write_unlock(space);
	ip_release(port); /* the message's reference */
	ipc_port_release_sonce(after.dead_reply);
	if (after.nsrequest != IP_NULL)
		ipc_notify_no_senders(after.nsrequest, after.mscount);
}

/*
 * Would the fast header copyout of kmsg leave nothing to do after the
 * locks: no no-senders notification?  Port locked.  (No dead reply
 * either: a reply is a send-once right the sender made from a receive
 * right of its own locked space, so its port is alive.)
 */
static inline __attribute__((always_inline)) bool
ipc_kmsg_copyout_fast_quiet(ipc_kmsg_t kmsg, ipc_port_t port)
{
	mach_msg_bits_t bits = kmsg->ikm_header->msgh_bits;

	return MACH_MSGH_BITS_REMOTE(bits) == MACH_MSG_TYPE_PORT_SEND_ONCE ||
	    port->ip_srights > 1 || port->ip_nsrequest == IP_NULL;
}

/*
 * Routine:	ipc_kmsg_copyout_for_receiver
 * Purpose:
 *	The sender of a message it just handed to a claimed receiver
 *	copies the header out into the receiver's space itself, while it
 *	holds the destination's lock, so that the receiver goes straight
 *	to writing the message out (ith_copied_out).  Done only when it
 *	costs no wait and leaves nothing to release: the receiver's space
 *	is the sender's (locked) or free to lock at once, the fast copyout
 *	applies, and no notification would fire.  Otherwise the receiver
 *	copies out as usual.
 * Conditions:
 *	space (the sender's) is write-locked; port is locked, active, in a
 *	user space, and receiver was claimed from it and has not run.  The
 *	port is unlocked on return.
 * Returns:
 *	Nothing.
 */
static void
ipc_kmsg_copyout_for_receiver(ipc_kmsg_t kmsg, ipc_space_t space,
    ipc_port_t port, thread_t receiver) HB_NO_TSA
{
	ipc_space_t rspace = port->ip_receiver;
	struct ipc_copyout_after after;

	if (rspace == ipc_space_reply ||
	    (rspace != space && !is_write_lock_try(rspace))) {
		ip_unlock(port);
		return;
	}
	if (is_active(rspace) && ipc_kmsg_copyout_fast_ok(kmsg, rspace, port) &&
	    ipc_kmsg_copyout_fast_quiet(kmsg, port)) {
		ipc_kmsg_copyout_fast_header(kmsg, rspace, port, true, &after);
		assert(
		    after.dead_reply == IP_NULL && after.nsrequest == IP_NULL);
		/* The receive right's entry holds the port: not the last. */
		ip_release(port);
		receiver->ith_copied_out = true;
	} else {
		ip_unlock(port);
	}
	if (rspace != space)
		is_write_unlock(rspace);
}

/* --- The fast send: copyin and delivery in one pass ------------------- */

/* The entry type a fast destination disposition needs, or 0. */
static ipc_entry_bits_t
ipc_kmsg_fast_dest_type(mach_msg_type_name_t t)
{
	switch (t) {
	case MACH_MSG_TYPE_COPY_SEND:
		return MACH_PORT_TYPE_SEND;
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return MACH_PORT_TYPE_RECEIVE;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		return MACH_PORT_TYPE_SEND_ONCE;
	default:
		return 0;
	}
}

/*
 * Can dest take the message now, without blocking?  Active, a user
 * space's, in no port set, with room (send-once destinations ignore
 * qlimit, never the hard limit).  Port locked.
 */
static bool
ipc_kmsg_fast_dest_ready(ipc_port_t dest, mach_msg_type_name_t dest_type)
{
	return ip_active(dest) && !ip_in_kernel_space(dest) &&
	    dest->ip_psets == NULL && !ip_full_kernel(dest) &&
	    (!ip_full(dest) ||
		ipc_object_copyin_type(dest_type) ==
		    MACH_MSG_TYPE_PORT_SEND_ONCE);
}

/* Take the destination right into the message.  Space and port locked. */
static void
ipc_kmsg_fast_dest_copyin(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, ipc_port_t dest, mach_msg_type_name_t dest_type)
    HB_REQUIRES(dest->ip_object.io_lock_data)
{
	switch (dest_type) {
	case MACH_MSG_TYPE_COPY_SEND:
		(void)ipc_port_copy_send_locked(dest);
		break;
	case MACH_MSG_TYPE_MAKE_SEND:
		(void)ipc_port_make_send_locked(dest);
		break;
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		(void)ipc_port_make_sonce_locked(dest);
		break;
	default: /* MOVE_SEND_ONCE: the entry's reference moves along */
		entry->ie_object = IO_NULL;
		ipc_entry_dealloc(space, name, entry);
		break;
	}
}

/*
 * Routine:	ipc_kmsg_send_fast_locked
 * Purpose:
 *	ipc_kmsg_copyin + ipc_kmsg_send for the common message, in one pass
 *	under the space lock and one lock of each port: no descriptors, no
 *	MACH_SEND_NOTIFY, a COPY_SEND, MAKE_SEND, MAKE_SEND_ONCE or
 *	MOVE_SEND_ONCE (without a request) destination, no reply or a
 *	MAKE_SEND_ONCE one, to a port that can take it at once
 *	(ipc_kmsg_fast_dest_ready).  The message goes straight to a waiting
 *	receiver when there is one, which is left for the caller to run
 *	(ipc_mqueue_deliver_claim_locked).
 * Conditions:
 *	space is write-locked and active, and stays so.  kmsg comes from
 *	ipc_kmsg_get_from_user (names).
 * Returns:
 *	true	copied in and delivered; the kmsg is no longer the caller's.
 *		*receiverp is the receiver it was handed to, which the
 *		caller must run, or THREAD_NULL.  *reply_entryp is the
 *		entry of the reply's receive right, or IE_NULL without a
 *		reply (a receive from that name may skip its lookup while
 *		the space stays locked).
 *	false	nothing was done (no right or entry touched): use the
 *		general ipc_kmsg_copyin and ipc_kmsg_send.
 */
bool
ipc_kmsg_send_fast_locked(ipc_kmsg_t kmsg, ipc_space_t space,
    mach_msg_option_t option, thread_t *receiverp,
    ipc_entry_t *reply_entryp) HB_NO_TSA
{
	mach_msg_header_t *h = kmsg->ikm_header;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(h->msgh_bits);
	mach_port_name_t dest_name = KMSG_PORT_TO_NAME(h->msgh_remote_port);
	mach_port_name_t reply_name = KMSG_PORT_TO_NAME(h->msgh_local_port);
	ipc_entry_bits_t need = ipc_kmsg_fast_dest_type(dest_type);
	ipc_entry_t entry, rentry = IE_NULL;
	ipc_port_t dest, reply = IP_NULL;

	if (MACH_MSGH_BITS_IS_COMPLEX(h->msgh_bits) ||
	    (option & MACH_SEND_NOTIFY) || need == 0 ||
	    !MACH_PORT_VALID(dest_name) || dest_name == reply_name ||
	    (reply_type == 0 ? reply_name != MACH_PORT_NULL
			     : reply_type != MACH_MSG_TYPE_MAKE_SEND_ONCE))
		return false;
	entry = ipc_entry_lookup(space, dest_name);
	if (entry == IE_NULL || (entry->ie_bits & need) == 0 ||
	    (dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE &&
		entry->ie_request != IE_REQ_NONE))
		return false;
	if (reply_type != 0) {
		rentry = ipc_entry_lookup(space, reply_name);
		if (rentry == IE_NULL ||
		    (rentry->ie_bits & MACH_PORT_TYPE_RECEIVE) == 0)
			return false;
		/* Our receive right: the port lives while the space is locked. */
		reply = ip_object_to_port(rentry->ie_object);
		ip_lock(reply);
		(void)ipc_port_make_sonce_locked(reply);
		ip_unlock(reply);
	}
	dest = ip_object_to_port(entry->ie_object);
	ip_lock(dest);
	if (!ipc_kmsg_fast_dest_ready(dest, dest_type)) {
		ip_unlock(dest);
		if (reply != IP_NULL) { /* never seen by anyone: undo quietly */
			ip_lock(reply);
			reply->ip_sorights--;
			ip_unlock(reply);
			ip_release(reply);
		}
		return false;
	}
	ipc_kmsg_fast_dest_copyin(space, dest_name, entry, dest, dest_type);
	kmsg->ikm_sender = (security_token_t){{0, 0}};
	h->msgh_remote_port = dest;
	h->msgh_local_port = reply;
	h->msgh_voucher_port = 0;
	h->msgh_bits = MACH_MSGH_BITS_SET(ipc_object_copyin_type(dest_type),
	    reply_type == 0 ? 0 : MACH_MSG_TYPE_PORT_SEND_ONCE, 0, 0);
	*reply_entryp = rentry;
	*receiverp = ipc_mqueue_deliver_claim_locked(dest, kmsg);
	if (*receiverp != THREAD_NULL)
		ipc_kmsg_copyout_for_receiver(kmsg, space, dest, *receiverp);
	else
		ip_unlock(dest);
	return true;
}

/*
 * Routine:	ipc_kmsg_send_fast
 * Purpose:
 *	ipc_kmsg_send_fast_locked, taking the space lock.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	As ipc_kmsg_send_fast_locked.
 */
bool
ipc_kmsg_send_fast(ipc_kmsg_t kmsg, ipc_space_t space, mach_msg_option_t option)
{
	thread_t receiver = THREAD_NULL;
	ipc_entry_t reply_entry;
	bool sent = false;

	is_write_lock(space);
	if (is_active(space))
		sent = ipc_kmsg_send_fast_locked(
		    kmsg, space, option, &receiver, &reply_entry);
	is_write_unlock(space);
	thread_handoff_run(receiver);
	return sent;
}

/*
 * Routine:	ipc_kmsg_copyout_fast
 * Purpose:
 *	The fast header copyout of a received message the caller holds
 *	(handed over by its sender, or taken by the general receive): its
 *	destination must still be a receive right of space.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	true	the header is copied out, as ipc_kmsg_copyout would
 *	false	nothing was done: use the general copyout
 */
bool
ipc_kmsg_copyout_fast(ipc_kmsg_t kmsg, ipc_space_t space) HB_NO_TSA
{
	ipc_port_t port = kmsg->ikm_header->msgh_remote_port;

	if (MACH_MSGH_BITS_IS_COMPLEX(kmsg->ikm_header->msgh_bits))
		return false;
	is_write_lock(space);
	if (!is_active(space)) {
		is_write_unlock(space);
		return false;
	}
	ip_lock(port);
	if (!ip_active(port) || !ip_in_space(port, space) ||
	    !ipc_kmsg_copyout_fast_ok(kmsg, space, port)) {
		ip_unlock(port);
		is_write_unlock(space);
		return false;
	}
	ipc_kmsg_copyout_fast_locked(kmsg, space, port);
	return true;
}

/*
 * ipc_mqueue_receive_fast's wait on an empty port: declare it, release the
 * locks and sleep (giving the CPU to handoff, a receiver this thread just
 * handed a message), then carry on as ipc_mqueue_receive.  Space and port
 * locked on entry, nothing on return.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
ipc_mqueue_receive_wait(ipc_space_t space, ipc_port_t port,
    mach_msg_option_t option, mach_msg_size_t max_size, thread_t handoff,
    struct ipc_mqueue_rcv *rcv) HB_NO_TSA
{
	wait_result_t wr;
	mach_msg_return_t mr;

	ip_reference(port);
	ipc_mqueue_wait_prepare_locked(port, option, max_size);
	is_write_unlock(space);
	wr = thread_sleep_mutex_handoff(port->ip_messages.imq_wait_list,
	    &port->ip_messages, &port->ip_object.io_lock_data, THREAD_ABORTSAFE,
	    0, handoff);
	mr = ipc_mqueue_wait_result(wr, rcv);
	if (mr == MACH_RCV_IN_PROGRESS)
		mr = ipc_mqueue_receive(
		    space, ip_to_object(port), option, max_size, 0, rcv);
	ip_release(port);
	return mr;
}

/*
 * Routine:	ipc_mqueue_receive_fast_locked
 * Purpose:
 *	mach_msg's receive from a receive right (not a set) in one pass
 *	under the space lock and one port lock.  A queued message that
 *	fits and can take the fast copyout (ipc_kmsg_copyout_fast_ok) is
 *	dequeued and its header copied out.  An empty queue, without
 *	MACH_RCV_TIMEOUT, is waited on here (a sender may hand the message
 *	over), then as ipc_mqueue_receive would.  handoff is a receiver
 *	the caller's send handed a message to, or THREAD_NULL: it gets the
 *	CPU when this thread waits, and is made runnable otherwise.
 *	entry is name's entry if the caller has it (looked up under this
 *	hold of the space lock), or IE_NULL.
 * Conditions:
 *	space is write-locked and active; it is unlocked on return.
 * Returns:
 *	MACH_RCV_IN_PROGRESS	nothing was done: use ipc_mqueue_receive
 *	otherwise		as ipc_mqueue_receive; rcv->copied_out
 *				says whether the header is copied out
 *
 * Always inline, and so is its wait: in mach_msg_send_receive their
 * frames cost more than the code they share (doc/ipc-fast-path.md).
 */
__attribute__((always_inline)) inline mach_msg_return_t
ipc_mqueue_receive_fast_locked(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, mach_msg_option_t option, mach_msg_size_t max_size,
    thread_t handoff, struct ipc_mqueue_rcv *rcv) HB_NO_TSA
{
	ipc_port_t port;
	ipc_kmsg_t kmsg;

	if (entry == IE_NULL)
		entry = ipc_entry_lookup(space, name);
	if (entry == IE_NULL || (entry->ie_bits & MACH_PORT_TYPE_RECEIVE) == 0)
		goto miss;
	port = ip_object_to_port(entry->ie_object);
	ip_lock(port);
	kmsg = port->ip_messages.imq_messages.ikmq_head;
	if (kmsg == IKM_NULL && !(option & MACH_RCV_TIMEOUT))
		return ipc_mqueue_receive_wait(
		    space, port, option, max_size, handoff, rcv);
	if (kmsg == IKM_NULL ||
	    ipc_kmsg_user_size(kmsg) + ipc_kmsg_trailer_size(option) >
		max_size ||
	    !ipc_kmsg_copyout_fast_ok(kmsg, space, port)) {
		ip_unlock(port);
		goto miss;
	}
	rcv->kmsg = ipc_mqueue_take_head_locked(port, &rcv->seqno);
	ipc_kmsg_copyout_fast_locked(kmsg, space, port);
	rcv->copied_out = true;
	thread_handoff_run(handoff);
	return MACH_MSG_SUCCESS;
miss:
	is_write_unlock(space);
	thread_handoff_run(handoff);
	return MACH_RCV_IN_PROGRESS;
}

/*
 * Routine:	ipc_mqueue_receive_fast
 * Purpose:
 *	ipc_mqueue_receive_fast_locked, taking the space lock.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	As ipc_mqueue_receive_fast_locked.
 */
mach_msg_return_t
ipc_mqueue_receive_fast(ipc_space_t space, mach_port_name_t name,
    mach_msg_option_t option, mach_msg_size_t max_size,
    struct ipc_mqueue_rcv *rcv) HB_NO_TSA
{
	is_write_lock(space);
	if (!is_active(space)) {
		is_write_unlock(space);
		return MACH_RCV_IN_PROGRESS;
	}
	return ipc_mqueue_receive_fast_locked(
	    space, name, IE_NULL, option, max_size, THREAD_NULL, rcv);
}
