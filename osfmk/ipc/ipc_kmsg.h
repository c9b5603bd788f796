/*
 * ipc/ipc_kmsg.h - messages inside the kernel.
 *
 * A kmsg holds one message in the kernel layout (mach/message.h with
 * KERNEL: ports in the header and in port descriptors are ipc_port_t
 * pointers, so the header is 32 bytes and a port descriptor 16), followed
 * by room for the largest trailer:
 *
 *	struct ipc_kmsg            ikm_header (kalloc'd, ikm_size bytes)
 *	+-----------------+       +----------------------------+
 *	| ikm_next/prev   |       | mach_msg_header_t (32)     |
 *	| ikm_header -----+-----> | body, descriptors (16 each)|
 *	| ikm_size        |       | inline data                |
 *	| ikm_ool[]       |       +----------------------------+ msgh_size
 *	+-----------------+       | trailer (up to 68 bytes)   |
 *	                          +----------------------------+
 *
 * Copyin (user -> kernel) turns names into rights and widens the header
 * and descriptors; copyout (kernel -> receiver) turns rights back into
 * names in the receiver's space and narrows them.  Out-of-line data lives
 * in kalloc'd buffers between copyin and copyout; the descriptor's address
 * field points at the buffer while the message is in the kernel.
 *
 * A kmsg is owned by exactly one of: the sending thread, a message queue
 * (under its port lock), the receiving thread.
 */
#ifndef _IPC_IPC_KMSG_H_
#define _IPC_IPC_KMSG_H_

#include <ipc/ipc_types.h>

#define IKM_INLINE_BYTES 256

/*
 * Before copyin has turned them into rights, and after copyout has turned
 * them back, the port fields of a kernel-layout header or descriptor hold
 * names.
 */
#define KMSG_NAME_TO_PORT(n) ((ipc_port_t)(uintptr_t)(n))
#define KMSG_PORT_TO_NAME(p) ((mach_port_name_t)(uintptr_t)(p))

struct ipc_kmsg {
	ipc_kmsg_t ikm_next;
	ipc_kmsg_t ikm_prev;
	mach_msg_size_t ikm_size; /* bytes allocated at ikm_header */
	mach_msg_header_t *ikm_header;
	bool ikm_from_kernel;        /* sender is the kernel */
	bool ikm_reserved_slot;      /* sender was handed a queue slot */
	mach_port_seqno_t ikm_seqno; /* set at dequeue */
	uint64_t ikm_context;        /* receiving port's context, at dequeue */
	security_token_t ikm_sender;
	audit_token_t ikm_audit;
	/* Small messages live here, saving an allocation per message. */
	uint64_t ikm_inline[IKM_INLINE_BYTES / sizeof(uint64_t)];
};

/* The most a user message may be (header included), user layout. */
#define IPC_KMSG_MAX_USER_SIZE (64 * 1024 * 1024)
#define IPC_KMSG_MAX_DESCRIPTORS 4096
/* Bytes the kernel layout may add per descriptor and for the header. */
#define IPC_KMSG_DESC_GROWTH 4
#define IPC_KMSG_HEADER_GROWTH 8
#define IPC_KMSG_MAX_TRAILER ((mach_msg_size_t)sizeof(mach_msg_max_trailer_t))

void ipc_kmsg_init(void);
ipc_kmsg_t ipc_kmsg_alloc(mach_msg_size_t kernel_size);
void ipc_kmsg_free(ipc_kmsg_t kmsg);
void ipc_kmsg_cache_drain(thread_t thread);
void ipc_kmsg_destroy(ipc_kmsg_t kmsg);
void ipc_kmsg_destroy_refused(ipc_kmsg_t kmsg);
void ipc_kmsg_clean(ipc_kmsg_t kmsg);

mach_msg_return_t ipc_kmsg_get_from_user(
    uint64_t msg_addr, mach_msg_size_t size, ipc_kmsg_t *kmsgp);
mach_msg_return_t ipc_kmsg_get_from_kernel(
    mach_msg_header_t *msg, mach_msg_size_t size, ipc_kmsg_t *kmsgp);
mach_msg_return_t
ipc_kmsg_copyin(ipc_kmsg_t kmsg, ipc_space_t space, mach_msg_option_t *optionp);
void ipc_kmsg_copyin_from_kernel(ipc_kmsg_t kmsg);
mach_msg_return_t
ipc_kmsg_send(ipc_kmsg_t kmsg, mach_msg_option_t option, uint64_t deadline);
mach_msg_return_t
ipc_kmsg_copyout(ipc_kmsg_t kmsg, ipc_space_t space, mach_msg_option_t option);
void ipc_kmsg_copyout_dest(ipc_kmsg_t kmsg, ipc_space_t space);
mach_msg_return_t ipc_kmsg_put_to_user(
    ipc_kmsg_t kmsg, mach_msg_option_t option, uint64_t addr, bool trailer);
mach_msg_return_t ipc_kmsg_copyout_pseudo(ipc_kmsg_t kmsg, ipc_space_t space);
void ipc_kmsg_put_to_kernel(
    ipc_kmsg_t kmsg, mach_msg_header_t *msg, mach_msg_size_t size);
mach_msg_size_t ipc_kmsg_user_size_complex(ipc_kmsg_t kmsg);

/* The size the message has in user layout (without trailer). */
static inline mach_msg_size_t
ipc_kmsg_user_size(ipc_kmsg_t kmsg)
{
	if (MACH_MSGH_BITS_IS_COMPLEX(kmsg->ikm_header->msgh_bits))
		return ipc_kmsg_user_size_complex(kmsg);
	return kmsg->ikm_header->msgh_size - IPC_KMSG_HEADER_GROWTH;
}

/* The trailer size a receive option asks for: 8 (minimum) and up. */
static inline mach_msg_size_t
ipc_kmsg_trailer_size(mach_msg_option_t option)
{
	return (mach_msg_size_t)REQUESTED_TRAILER_SIZE(option);
}

/* Record the receive-time facts the trailer reports (the kmsg is ours). */
static inline void
ipc_kmsg_set_trailer(ipc_kmsg_t kmsg, mach_port_seqno_t seqno)
{
	kmsg->ikm_seqno = seqno;
}

#endif /* _IPC_IPC_KMSG_H_ */
