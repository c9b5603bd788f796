/*
 * ipc/ipc_mqueue.c - message queues: enqueue with qlimit and blocked
 * senders, dequeue with sequence numbers, receive from ports and sets.
 *
 * Senders and receivers follow the assert_wait / unlock / thread_block
 * protocol; a receiver declares its wait before looking, so a message
 * that arrives between the look and the sleep is never missed.
 */

/*
 * HB_NO_TSA marks functions that hand a lock across a call boundary in a
 * way clang's analysis cannot follow (an object returned locked through an
 * out-parameter, or a lock taken on one path only).  MACH_LOCK_CHECK
 * still checks their ownership and order at run time.
 */
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_space.h>
#include <kern/sched_prim.h>
#include <kern/thread.h>
#include <kern/md.h>
#include <kern/debug.h>

/*
 * Routine:	ipc_mqueue_init
 * Purpose:
 *	Initialise an empty queue with the default limit.
 * Conditions:
 *	The queue is not yet visible.
 * Returns:
 *	Nothing.
 */
void
ipc_mqueue_init(ipc_mqueue_t mq, bool is_set)
{
	mq->imq_messages.ikmq_head = IKM_NULL;
	mq->imq_messages.ikmq_tail = IKM_NULL;
	mq->imq_msgcount = 0;
	mq->imq_qlimit = MACH_PORT_QLIMIT_DEFAULT;
	mq->imq_seqno = 0;
	mq->imq_fullwaiters = false;
	mq->imq_rcv_waiting = false;
	mq->imq_is_set = is_set;
	mq->imq_wait_list = wait_list_for(mq);
}

/*
 * Routine:	ipc_kmsg_enqueue
 * Purpose:
 *	Append a message to a queue.
 * Conditions:
 *	The queue's lock is held (or the queue is private).
 * Returns:
 *	Nothing.
 */
void
ipc_kmsg_enqueue(struct ipc_kmsg_queue *q, ipc_kmsg_t kmsg)
{
	kmsg->ikm_next = IKM_NULL;
	kmsg->ikm_prev = q->ikmq_tail;
	if (q->ikmq_tail == IKM_NULL)
		q->ikmq_head = kmsg;
	else
		q->ikmq_tail->ikm_next = kmsg;
	q->ikmq_tail = kmsg;
}

/*
 * Routine:	ipc_kmsg_dequeue
 * Purpose:
 *	Remove the first message of a queue.
 * Conditions:
 *	As ipc_kmsg_enqueue.
 * Returns:
 *	The message, or IKM_NULL if the queue is empty.
 */
ipc_kmsg_t
ipc_kmsg_dequeue(struct ipc_kmsg_queue *q)
{
	ipc_kmsg_t kmsg = q->ikmq_head;

	if (kmsg == IKM_NULL)
		return IKM_NULL;
	q->ikmq_head = kmsg->ikm_next;
	if (q->ikmq_head == IKM_NULL)
		q->ikmq_tail = IKM_NULL;
	else
		q->ikmq_head->ikm_prev = IKM_NULL;
	kmsg->ikm_next = kmsg->ikm_prev = IKM_NULL;
	return kmsg;
}

/*
 * Routine:	ipc_mqueue_release_slot_locked
 * Purpose:
 *	A message left the queue: hand its slot to one blocked sender, or
 *	give it back.
 * Conditions:
 *	The port is locked.
 * Returns:
 *	Nothing.
 */
void
ipc_mqueue_release_slot_locked(ipc_port_t port)
{
	ipc_mqueue_t mq = &port->ip_messages;

	assert(mq->imq_msgcount > 0);
	if (mq->imq_fullwaiters &&
	    thread_wakeup_prim(&mq->imq_fullwaiters, true, THREAD_AWAKENED) !=
		0)
		return; /* the slot now belongs to the woken sender */
	mq->imq_fullwaiters = false;
	mq->imq_msgcount--;
}

/* Does this send ignore the queue limit? */
static bool
ipc_mqueue_ignores_qlimit(ipc_kmsg_t kmsg, mach_msg_option_t option)
{
	return (option & MACH_SEND_ALWAYS) || kmsg->ikm_from_kernel ||
	    MACH_MSGH_BITS_REMOTE(kmsg->ikm_header->msgh_bits) ==
	    MACH_MSG_TYPE_PORT_SEND_ONCE;
}

/* Block for a queue slot.  Port locked on entry, unlocked on return. */
static mach_msg_return_t
ipc_mqueue_wait_for_slot(
    ipc_port_t port, mach_msg_option_t option, uint64_t deadline) HB_NO_TSA
{
	ipc_mqueue_t mq = &port->ip_messages;
	wait_result_t wr;

	if ((option & MACH_SEND_TIMEOUT) && deadline <= md_absolute_time()) {
		ip_unlock(port);
		return MACH_SEND_TIMED_OUT;
	}
	mq->imq_fullwaiters = true;
	wr = assert_wait_deadline(&mq->imq_fullwaiters, THREAD_ABORTSAFE,
	    (option & MACH_SEND_TIMEOUT) ? deadline : 0);
	ip_unlock(port);
	if (wr == THREAD_WAITING)
		wr = thread_block();
	switch (wr) {
	case THREAD_AWAKENED:
		return MACH_MSG_SUCCESS; /* a slot was reserved for us */
	case THREAD_TIMED_OUT:
		return MACH_SEND_TIMED_OUT;
	case THREAD_INTERRUPTED:
		return MACH_SEND_INTERRUPTED;
	default:
		return MACH_SEND_IN_PROGRESS; /* restart: look again */
	}
}

/* Hand a message to a receiver waiting on the port, if it fits. */
static bool
ipc_mqueue_give(struct thread *th, void *arg)
{
	ipc_kmsg_t kmsg = arg;
	ipc_port_t port = kmsg->ikm_header->msgh_remote_port;

	if (ipc_kmsg_user_size(kmsg) +
		ipc_kmsg_trailer_size(th->ith_rcv_option) >
	    th->ith_rcv_max)
		return false; /* it dequeues and reports MACH_RCV_TOO_LARGE */
	th->ith_kmsg = kmsg;
	th->ith_seqno = port->ip_messages.imq_seqno++;
	kmsg->ikm_context = port->ip_context;
	return true;
}

/*
 * Queue a message whose slot is already counted in imq_msgcount, and wake
 * one receiver of the port and of each set.  Port locked.
 */
static void
ipc_mqueue_enqueue_locked(ipc_port_t port, ipc_kmsg_t kmsg)
{
	ipc_mqueue_t mq = &port->ip_messages;

	ipc_kmsg_enqueue(&mq->imq_messages, kmsg);
	if (mq->imq_rcv_waiting &&
	    thread_wakeup_prim(mq, true, THREAD_AWAKENED) == 0)
		mq->imq_rcv_waiting = false;
	if (port->ip_psets != NULL)
		ipc_pset_wakeup_locked(port);
}

/*
 * Routine:	ipc_mqueue_deliver_claim_locked
 * Purpose:
 *	Deliver a message that has room on its destination (active, a
 *	user-space receiver's, below qlimit or exempt from it): hand it to
 *	a receiver waiting on the port when the queue is empty, or queue
 *	it and wake one receiver.  A receiver handed the message is left
 *	for the caller to run (thread_handoff_claim).
 * Conditions:
 *	The destination port is locked.  The message belongs to the port
 *	(or its receiver) on return.
 * Returns:
 *	The receiver the message was handed to, which the caller must run
 *	(thread_sleep_mutex_handoff or thread_handoff_run); THREAD_NULL if the
 *	message was queued.
 */
thread_t
ipc_mqueue_deliver_claim_locked(ipc_port_t port, ipc_kmsg_t kmsg)
{
	ipc_mqueue_t mq = &port->ip_messages;
	thread_t receiver;

	assert(ip_lock_held(port));
	if (mq->imq_msgcount == 0 && mq->imq_rcv_waiting) {
		receiver = thread_handoff_claim(
		    mq->imq_wait_list, mq, ipc_mqueue_give, kmsg);
		if (receiver != THREAD_NULL)
			return receiver;
	}
	mq->imq_msgcount++;
	ipc_mqueue_enqueue_locked(port, kmsg);
	return THREAD_NULL;
}

/*
 * Routine:	ipc_mqueue_deliver_locked
 * Purpose:
 *	ipc_mqueue_deliver_claim_locked, running the receiver at once.
 * Conditions:
 *	As ipc_mqueue_deliver_claim_locked.
 * Returns:
 *	Nothing.
 */
void
ipc_mqueue_deliver_locked(ipc_port_t port, ipc_kmsg_t kmsg)
{
	thread_handoff_run(ipc_mqueue_deliver_claim_locked(port, kmsg));
}

/*
 * Routine:	ipc_mqueue_send
 * Purpose:
 *	Queue a message on its destination port (kernel layout: the
 *	destination is msgh_remote_port), blocking while the queue is full
 *	unless the send ignores qlimit (MACH_SEND_ALWAYS, the kernel, or a
 *	send-once destination).  Wakes one receiver of the port and of each
 *	set it belongs to.
 * Conditions:
 *	Nothing locked.  The port is a user-space receiver's.  On success
 *	the message belongs to the queue; on failure it is still the
 *	caller's.  A port that died meanwhile is MACH_SEND_INVALID_DEST.
 * Returns:
 *	MACH_MSG_SUCCESS, MACH_SEND_TIMED_OUT, MACH_SEND_INTERRUPTED,
 *	MACH_SEND_NO_BUFFER (hard limit), MACH_SEND_INVALID_DEST.
 */
mach_msg_return_t
ipc_mqueue_send(
    ipc_kmsg_t kmsg, mach_msg_option_t option, uint64_t deadline) HB_NO_TSA
{
	ipc_port_t port = kmsg->ikm_header->msgh_remote_port;
	bool reserved = false;
	mach_msg_return_t mr;

	ip_lock(port);
	for (;;) {
		if (!ip_active(port)) {
			/* Death drained the queue, reserved slot included. */
			ip_unlock(port);
			return MACH_SEND_INVALID_DEST;
		}
		if (reserved || ipc_mqueue_ignores_qlimit(kmsg, option) ||
		    !ip_full(port))
			break;
		mr = ipc_mqueue_wait_for_slot(port, option, deadline);
		if (mr != MACH_MSG_SUCCESS && mr != MACH_SEND_IN_PROGRESS)
			return mr;
		reserved = (mr == MACH_MSG_SUCCESS);
		ip_lock(port);
	}
	if (!reserved && ip_full_kernel(port)) {
		ip_unlock(port);
		return MACH_SEND_NO_BUFFER;
	}
	if (reserved)
		ipc_mqueue_enqueue_locked(port, kmsg);
	else
		ipc_mqueue_deliver_locked(port, kmsg);
	ip_unlock(port);
	return MACH_MSG_SUCCESS;
}

/* Check that a port can still be received from by space. */
static mach_msg_return_t
ipc_mqueue_port_usable(ipc_port_t port, ipc_space_t space)
{
	if (!ip_active(port))
		return MACH_RCV_PORT_DIED;
	if (!ip_in_space(port, space))
		return MACH_RCV_PORT_CHANGED;
	return MACH_MSG_SUCCESS;
}

/*
 * Routine:	ipc_mqueue_take_head_locked
 * Purpose:
 *	Dequeue the first message of a port with its sequence number, and
 *	give its slot back (or to a blocked sender).
 * Conditions:
 *	The port is locked and its queue is not empty.
 * Returns:
 *	The message; *seqnop its sequence number.
 */
ipc_kmsg_t
ipc_mqueue_take_head_locked(ipc_port_t port, mach_port_seqno_t *seqnop)
{
	ipc_mqueue_t mq = &port->ip_messages;
	ipc_kmsg_t kmsg = ipc_kmsg_dequeue(&mq->imq_messages);

	*seqnop = mq->imq_seqno++;
	kmsg->ikm_context = port->ip_context;
	ipc_mqueue_release_slot_locked(port);
	return kmsg;
}

/*
 * Take the first message of a port if it fits (with MACH_RCV_LARGE a
 * message too large stays queued).  Port locked.  Returns SUCCESS
 * (rcv->kmsg, rcv->seqno), TOO_LARGE (rcv->needed; rcv->kmsg if dequeued),
 * or IN_PROGRESS (empty).
 */
static mach_msg_return_t
ipc_mqueue_take_locked(ipc_port_t port, mach_msg_option_t option,
    mach_msg_size_t max_size, struct ipc_mqueue_rcv *rcv)
{
	ipc_kmsg_t kmsg = port->ip_messages.imq_messages.ikmq_head;
	mach_msg_size_t needed;

	if (kmsg == IKM_NULL)
		return MACH_RCV_IN_PROGRESS;
	needed = ipc_kmsg_user_size(kmsg) + ipc_kmsg_trailer_size(option);
	rcv->needed = needed;
	if (needed > max_size && (option & MACH_RCV_LARGE)) {
		rcv->kmsg = IKM_NULL;
		return MACH_RCV_TOO_LARGE;
	}
	rcv->kmsg = ipc_mqueue_take_head_locked(port, &rcv->seqno);
	return needed > max_size ? MACH_RCV_TOO_LARGE : MACH_MSG_SUCCESS;
}

/* Scan a set's member ports for a message.  Set locked. */
static mach_msg_return_t
ipc_mqueue_take_from_set_locked(ipc_pset_t pset, mach_msg_option_t option,
    mach_msg_size_t max_size, struct ipc_mqueue_rcv *rcv)
{
	struct ipc_pset_link *link;
	mach_msg_return_t mr;

	for (link = pset->ips_members; link != NULL;
	     link = link->ipl_next_in_pset) {
		ipc_port_t port = link->ipl_port;

		ip_lock(port);
		mr = ipc_mqueue_take_locked(port, option, max_size, rcv);
		ip_unlock(port);
		if (mr != MACH_RCV_IN_PROGRESS)
			return mr;
	}
	return MACH_RCV_IN_PROGRESS;
}

/*
 * Routine:	ipc_mqueue_wait_prepare_locked
 * Purpose:
 *	Record what a receive about to wait on a port can take, so that a
 *	sender may hand the message straight over (ipc_mqueue_give).
 * Conditions:
 *	The port is locked; the wait is declared before it is released.
 * Returns:
 *	Nothing.
 */
void
ipc_mqueue_wait_prepare_locked(
    ipc_port_t port, mach_msg_option_t option, mach_msg_size_t max_size)
{
	thread_t self = current_thread();

	self->ith_rcv_max = max_size;
	self->ith_rcv_option = option;
	self->ith_kmsg = IKM_NULL;
	self->ith_copied_out = false;
	port->ip_messages.imq_rcv_waiting = true;
}

/* Declare a receive's wait on a port's queue.  Port locked. */
static wait_result_t
ipc_mqueue_wait_port_locked(ipc_port_t port, mach_msg_option_t option,
    mach_msg_size_t max_size, uint64_t deadline)
{
	ipc_mqueue_wait_prepare_locked(port, option, max_size);
	return assert_wait_deadline(
	    &port->ip_messages, THREAD_ABORTSAFE, deadline);
}

/*
 * One attempt on a port: take a message, or declare the wait (unless
 * polling).
 */
static mach_msg_return_t
ipc_mqueue_try_port(ipc_space_t space, ipc_port_t port,
    mach_msg_option_t option, mach_msg_size_t max_size, uint64_t deadline,
    bool poll, struct ipc_mqueue_rcv *rcv, wait_result_t *wrp)
{
	mach_msg_return_t mr;

	ip_lock(port);
	mr = ipc_mqueue_port_usable(port, space);
	if (mr == MACH_MSG_SUCCESS)
		mr = ipc_mqueue_take_locked(port, option, max_size, rcv);
	if (mr == MACH_RCV_IN_PROGRESS && !poll)
		*wrp = ipc_mqueue_wait_port_locked(
		    port, option, max_size, deadline);
	ip_unlock(port);
	return mr;
}

/*
 * After a wait on a port: did a sender hand a message over?  (It fits:
 * ipc_mqueue_give checked, so rcv->needed, for MACH_RCV_TOO_LARGE only,
 * is not needed.)
 */
static bool
ipc_mqueue_handed(struct ipc_mqueue_rcv *rcv)
{
	thread_t self = current_thread();
	ipc_kmsg_t kmsg = self->ith_kmsg;

	if (kmsg == IKM_NULL)
		return false;
	self->ith_kmsg = IKM_NULL;
	rcv->kmsg = kmsg;
	rcv->seqno = self->ith_seqno;
	rcv->copied_out = self->ith_copied_out;
	return true;
}

/* One attempt on a set: declare the wait first, then scan. */
static mach_msg_return_t
ipc_mqueue_try_set(ipc_pset_t pset, mach_msg_option_t option,
    mach_msg_size_t max_size, uint64_t deadline, struct ipc_mqueue_rcv *rcv,
    wait_result_t *wrp)
{
	mach_msg_return_t mr;

	ips_lock(pset);
	if (!ips_active(pset)) {
		ips_unlock(pset);
		return MACH_RCV_PORT_DIED;
	}
	*wrp = assert_wait_deadline(
	    &pset->ips_messages, THREAD_ABORTSAFE, deadline);
	mr = ipc_mqueue_take_from_set_locked(pset, option, max_size, rcv);
	ips_unlock(pset);
	if (mr != MACH_RCV_IN_PROGRESS)
		thread_cancel_wait();
	return mr;
}

/*
 * Routine:	ipc_mqueue_wait_result
 * Purpose:
 *	What a receive's ended wait means.
 * Conditions:
 *	Nothing locked; the wait is over.
 * Returns:
 *	MACH_MSG_SUCCESS (a message was handed over: rcv->kmsg),
 *	MACH_RCV_TIMED_OUT, MACH_RCV_INTERRUPTED, or MACH_RCV_IN_PROGRESS
 *	(look again).
 */
mach_msg_return_t
ipc_mqueue_wait_result(wait_result_t wr, struct ipc_mqueue_rcv *rcv)
{
	switch (wr) {
	case THREAD_AWAKENED:
		return ipc_mqueue_handed(rcv) ? MACH_MSG_SUCCESS
					      : MACH_RCV_IN_PROGRESS;
	case THREAD_TIMED_OUT:
		return MACH_RCV_TIMED_OUT;
	case THREAD_INTERRUPTED:
		return MACH_RCV_INTERRUPTED;
	default:
		return MACH_RCV_IN_PROGRESS;
	}
}

/*
 * Routine:	ipc_mqueue_receive
 * Purpose:
 *	Receive one message from a port or a port set, waiting until the
 *	deadline (0 = forever; with MACH_RCV_TIMEOUT and a past deadline,
 *	do not wait).  A message too large for max_size is left queued with
 *	MACH_RCV_LARGE, or dequeued and returned for destruction without.
 * Conditions:
 *	Nothing locked; the caller holds a reference on object, whose
 *	receive right (or set) is in space.
 * Returns:
 *	MACH_MSG_SUCCESS	rcv->kmsg, rcv->seqno
 *	MACH_RCV_TOO_LARGE	rcv->needed; rcv->kmsg if it was dequeued
 *	MACH_RCV_TIMED_OUT, MACH_RCV_INTERRUPTED, MACH_RCV_PORT_DIED,
 *	MACH_RCV_PORT_CHANGED
 */
mach_msg_return_t
ipc_mqueue_receive(ipc_space_t space, ipc_object_t object,
    mach_msg_option_t option, mach_msg_size_t max_size, uint64_t deadline,
    struct ipc_mqueue_rcv *rcv)
{
	bool poll =
	    (option & MACH_RCV_TIMEOUT) && deadline <= md_absolute_time();
	mach_msg_return_t mr;
	wait_result_t wr;

	if (!(option & MACH_RCV_TIMEOUT))
		deadline = 0;
	for (;;) {
		wr = THREAD_WAITING;
		if (io_otype(object) == IOT_PORT_SET) {
			mr = ipc_mqueue_try_set((ipc_pset_t)object, option,
			    max_size, deadline, rcv, &wr);
			if (mr == MACH_RCV_IN_PROGRESS && poll)
				thread_cancel_wait();
		} else {
			mr = ipc_mqueue_try_port(space,
			    ip_object_to_port(object), option, max_size,
			    deadline, poll, rcv, &wr);
		}
		if (mr != MACH_RCV_IN_PROGRESS)
			return mr;
		if (poll)
			return MACH_RCV_TIMED_OUT;
		if (wr == THREAD_WAITING)
			wr = thread_block();
		mr = ipc_mqueue_wait_result(wr, rcv);
		if (mr != MACH_RCV_IN_PROGRESS)
			return mr;
	}
}

/*
 * Routine:	ipc_mqueue_changed
 * Purpose:
 *	The queue's port moved or died, or the set died: wake every
 *	receiver so it looks again.
 * Conditions:
 *	The owning object is locked.
 * Returns:
 *	Nothing.
 */
void
ipc_mqueue_changed(ipc_mqueue_t mq)
{
	(void)thread_wakeup_prim(mq, false, THREAD_RESTART);
}

/*
 * Routine:	ipc_mqueue_drain_locked
 * Purpose:
 *	The port is dying: take every queued message (for destruction after
 *	unlocking), and wake blocked senders and receivers.
 * Conditions:
 *	The port is locked and already inactive.
 * Returns:
 *	The messages.
 */
struct ipc_kmsg_queue
ipc_mqueue_drain_locked(ipc_port_t port)
{
	ipc_mqueue_t mq = &port->ip_messages;
	struct ipc_kmsg_queue q = mq->imq_messages;

	mq->imq_messages.ikmq_head = mq->imq_messages.ikmq_tail = IKM_NULL;
	mq->imq_msgcount = 0;
	mq->imq_fullwaiters = false;
	(void)thread_wakeup_prim(&mq->imq_fullwaiters, false, THREAD_RESTART);
	ipc_mqueue_changed(mq);
	return q;
}

/*
 * Routine:	ipc_mqueue_set_qlimit
 * Purpose:
 *	Change the queue limit.  Raising it wakes up to (new - old) blocked
 *	senders, reserving a slot for each (spec 5.6).  Send-possible
 *	requests are not touched.
 * Conditions:
 *	The port is locked and active.
 * Returns:
 *	Nothing.
 */
void
ipc_mqueue_set_qlimit(ipc_port_t port, mach_port_msgcount_t qlimit)
{
	ipc_mqueue_t mq = &port->ip_messages;
	mach_port_msgcount_t wakeups;

	assert(ip_lock_held(port));
	if (qlimit > mq->imq_qlimit) {
		for (wakeups = qlimit - mq->imq_qlimit; wakeups > 0;
		     wakeups--) {
			if (!mq->imq_fullwaiters ||
			    thread_wakeup_prim(&mq->imq_fullwaiters, true,
				THREAD_AWAKENED) == 0) {
				mq->imq_fullwaiters = false;
				break;
			}
			mq->imq_msgcount++;
		}
	}
	mq->imq_qlimit = qlimit;
}
