/*
 * ipc/ipc_mqueue.h - message queues.
 *
 * Every port and every port set embeds one.  A port's queue is protected
 * by the port lock, a set's by the set lock.  A set's queue never holds
 * messages: receivers waiting on a set sleep on the set's queue and scan
 * the member ports' queues.
 *
 * imq_msgcount counts queued messages plus slots reserved for senders that
 * a receiver (or a qlimit increase) has woken: a woken blocked sender owns
 * its slot and enqueues without checking qlimit again.
 *
 * Wait events: receivers sleep on the queue itself, blocked senders on
 * &imq_fullwaiters.  imq_rcv_waiting is set when a receiver starts
 * waiting on a port's queue and cleared by a sender whose wake-up found
 * nobody, so a send to a port that no one waits on skips the wait queue.
 *
 * Hand-off: a message sent to an empty port on which a receiver waits
 * never enters the queue.  The sender gives it to the receiver
 * (th->ith_kmsg, with its sequence number) and wakes it; the receiver
 * finds it when thread_block returns.  See doc/ipc-fast-path.md.
 */
#ifndef _IPC_IPC_MQUEUE_H_
#define _IPC_IPC_MQUEUE_H_

#include <ipc/ipc_types.h>
#include <kern/sched_prim.h>

struct ipc_kmsg_queue {
	ipc_kmsg_t ikmq_head;
	ipc_kmsg_t ikmq_tail;
};

struct ipc_mqueue {
	struct ipc_kmsg_queue imq_messages;
	mach_port_msgcount_t imq_msgcount;
	mach_port_msgcount_t imq_qlimit;
	mach_port_seqno_t imq_seqno;
	bool imq_fullwaiters;
	bool imq_rcv_waiting;
	bool imq_is_set;
	wait_list_t imq_wait_list; /* wait_list_for(the mqueue) */
};

void ipc_mqueue_init(ipc_mqueue_t mq, bool is_set);
void ipc_kmsg_enqueue(struct ipc_kmsg_queue *q, ipc_kmsg_t kmsg);
ipc_kmsg_t ipc_kmsg_dequeue(struct ipc_kmsg_queue *q);

mach_msg_return_t
ipc_mqueue_send(ipc_kmsg_t kmsg, mach_msg_option_t option, uint64_t deadline);
thread_t ipc_mqueue_deliver_claim_locked(ipc_port_t port, ipc_kmsg_t kmsg);
void ipc_mqueue_deliver_locked(ipc_port_t port, ipc_kmsg_t kmsg);
/* What a receive found. */
struct ipc_mqueue_rcv {
	ipc_kmsg_t kmsg;         /* the message (NULL if left queued) */
	mach_port_seqno_t seqno; /* its sequence number */
	mach_msg_size_t needed;  /* user size + trailer, on TOO_LARGE */
	bool copied_out;         /* header rights already copied out */
};
mach_msg_return_t ipc_mqueue_receive(ipc_space_t space, ipc_object_t object,
    mach_msg_option_t option, mach_msg_size_t max_size, uint64_t deadline,
    struct ipc_mqueue_rcv *rcv);
ipc_kmsg_t
ipc_mqueue_take_head_locked(ipc_port_t port, mach_port_seqno_t *seqnop);
void ipc_mqueue_wait_prepare_locked(
    ipc_port_t port, mach_msg_option_t option, mach_msg_size_t max_size);
mach_msg_return_t
ipc_mqueue_wait_result(wait_result_t wr, struct ipc_mqueue_rcv *rcv);
void ipc_mqueue_changed(ipc_mqueue_t mq);
struct ipc_kmsg_queue ipc_mqueue_drain_locked(ipc_port_t port);
void ipc_mqueue_set_qlimit(ipc_port_t port, mach_port_msgcount_t qlimit);
void ipc_mqueue_release_slot_locked(ipc_port_t port);

#endif /* _IPC_IPC_MQUEUE_H_ */
