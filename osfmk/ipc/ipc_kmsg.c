/*
 * ipc/ipc_kmsg.c - kernel messages: from user layout to kernel layout and
 * back, rights copyin and copyout, destruction.
 *
 * A message goes through these steps (mach_msg.c drives them):
 *
 *	get_from_user	user bytes -> kernel layout, names still names
 *	copyin		names -> rights (header, then body), in the
 *			sender's space; MACH_SEND_NOTIFY arms here
 *	send		queue it (or hand it to a kernel server)
 *	(receive)	dequeue from the port or a set
 *	copyout		rights -> names in the receiver's space;
 *			send-possible requests fire here (spnotify)
 *	put_to_user	kernel layout -> user bytes + trailer
 */

/*
 * HB_NO_TSA marks functions that hand a lock across a call boundary in a
 * way clang's analysis cannot follow (an object returned locked through an
 * out-parameter, or a lock taken on one path only).  MACH_LOCK_CHECK
 * still checks their ownership and order at run time.
 */
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_object.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_notify.h>
#include <kern/ipc_kobject.h>
#include <kern/kalloc.h>
#include <kern/zalloc.h>
#include <kern/md.h>
#include <kern/debug.h>
#include <kern/thread.h>
#include <string.h>

static zone_t ipc_kmsg_zone;
const security_token_t KERNEL_SECURITY_TOKEN = KERNEL_SECURITY_TOKEN_VALUE;
const audit_token_t KERNEL_AUDIT_TOKEN = KERNEL_AUDIT_TOKEN_VALUE;

#define KMSG_PORT(p) ((ipc_port_t)(p))

/*
 * Routine:	ipc_kmsg_init
 * Purpose:
 *	Create the kmsg zone (every queued or in-flight message).
 * Conditions:
 *	Boot.
 * Returns:
 *	Nothing.
 */
void
ipc_kmsg_init(void)
{
	ipc_kmsg_zone = zone_create("ipc.kmsgs", sizeof(struct ipc_kmsg), 0);
}

/*
 * A recycled kmsg gets every field before the inline buffer back to its
 * zalloc state (zero) with plain stores, cheaper than a memset call.
 */
static inline void
ipc_kmsg_reset(ipc_kmsg_t kmsg)
{
	_Static_assert(offsetof(struct ipc_kmsg, ikm_inline) == 88,
	    "a new kmsg field must be reset here too");
	kmsg->ikm_next = IKM_NULL;
	kmsg->ikm_prev = IKM_NULL;
	kmsg->ikm_from_kernel = false;
	kmsg->ikm_reserved_slot = false;
	kmsg->ikm_seqno = 0;
	kmsg->ikm_context = 0;
	kmsg->ikm_audit = (audit_token_t){{0}};
}

/*
 * Copy a user message header (24 bytes, 8-aligned at both ends) as three
 * words: __builtin_memcpy may become a call to memcpy when the kernel is
 * linked with -flto, and this is on every message's path.
 */
typedef uint64_t __attribute__((may_alias)) ipc_kmsg_word_t;
_Static_assert(sizeof(mach_msg_user_header_t) == 3 * sizeof(uint64_t),
    "a user header is three words");

static inline void
ipc_kmsg_copy_user_header(void *dst, const void *src)
{
	const ipc_kmsg_word_t *s = src;
	ipc_kmsg_word_t *d = dst, w0 = s[0], w1 = s[1], w2 = s[2];

	d[0] = w0;
	d[1] = w1;
	d[2] = w2;
}

/* A kmsg from the zone, with its buffer (inline or kalloc'ed). */
static __attribute__((noinline)) ipc_kmsg_t
ipc_kmsg_alloc_zone(mach_msg_size_t size)
{
	ipc_kmsg_t kmsg = zalloc(ipc_kmsg_zone);

	if (kmsg == IKM_NULL)
		return IKM_NULL;
	kmsg->ikm_size = size;
	if (size <= sizeof(kmsg->ikm_inline))
		kmsg->ikm_header = (mach_msg_header_t *)kmsg->ikm_inline;
	else
		kmsg->ikm_header = kalloc(size);
	if (kmsg->ikm_header == NULL) {
		zfree(ipc_kmsg_zone, kmsg);
		return IKM_NULL;
	}
	kmsg->ikm_sender = KERNEL_SECURITY_TOKEN;
	return kmsg;
}

/*
 * ipc_kmsg_alloc, inline where messages are copied in: the thread's
 * cached kmsg when size fits in it (no allocation, no zero-fill).
 */
static inline __attribute__((always_inline)) ipc_kmsg_t
ipc_kmsg_alloc_inline(mach_msg_size_t kernel_size)
{
	mach_msg_size_t size = kernel_size + IPC_KMSG_MAX_TRAILER;
	thread_t self = current_thread();
	ipc_kmsg_t kmsg;

	if (size > IKM_INLINE_BYTES || self == THREAD_NULL ||
	    (kmsg = self->ith_kmsg_cache) == IKM_NULL)
		return ipc_kmsg_alloc_zone(size);
	self->ith_kmsg_cache = IKM_NULL;
	ipc_kmsg_reset(kmsg);
	zone_account(ipc_kmsg_zone, 1, sizeof(*kmsg));
	kmsg->ikm_size = size;
	kmsg->ikm_header = (mach_msg_header_t *)kmsg->ikm_inline;
	kmsg->ikm_sender = KERNEL_SECURITY_TOKEN;
	return kmsg;
}

/*
 * Routine:	ipc_kmsg_alloc
 * Purpose:
 *	Allocate a kmsg with room for kernel_size bytes of message plus the
 *	largest trailer.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The kmsg, or IKM_NULL.
 */
ipc_kmsg_t
ipc_kmsg_alloc(mach_msg_size_t kernel_size)
{
	return ipc_kmsg_alloc_inline(kernel_size);
}

/* Give a kmsg (and a kalloc'ed buffer) back to the zone. */
static __attribute__((noinline)) void
ipc_kmsg_free_zone(ipc_kmsg_t kmsg)
{
	if (kmsg->ikm_header != (mach_msg_header_t *)kmsg->ikm_inline)
		kfree(kmsg->ikm_header, kmsg->ikm_size);
	zfree(ipc_kmsg_zone, kmsg);
}

/*
 * ipc_kmsg_free, inline where messages are copied out: a kmsg with an
 * inline buffer becomes the thread's cached one if it has none (it is
 * then not counted live).
 */
static inline __attribute__((always_inline)) void
ipc_kmsg_free_inline(ipc_kmsg_t kmsg)
{
	thread_t self = current_thread();

	if (kmsg->ikm_header != (mach_msg_header_t *)kmsg->ikm_inline ||
	    self == THREAD_NULL || self->ith_kmsg_cache != IKM_NULL) {
		ipc_kmsg_free_zone(kmsg);
		return;
	}
	zone_account(ipc_kmsg_zone, -1, -(int64_t)sizeof(*kmsg));
	self->ith_kmsg_cache = kmsg;
}

/*
 * Routine:	ipc_kmsg_free
 * Purpose:
 *	Free a kmsg whose rights and memory have been dealt with.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Nothing.
 */
void
ipc_kmsg_free(ipc_kmsg_t kmsg)
{
	ipc_kmsg_free_inline(kmsg);
}

/*
 * Routine:	ipc_kmsg_cache_drain
 * Purpose:
 *	Free a thread's cached kmsg (the thread is ending).
 * Conditions:
 *	Nothing locked; the thread no longer sends or receives.
 * Returns:
 *	Nothing.
 */
void
ipc_kmsg_cache_drain(thread_t thread)
{
	ipc_kmsg_t kmsg = thread->ith_kmsg_cache;

	if (kmsg == IKM_NULL)
		return;
	thread->ith_kmsg_cache = IKM_NULL;
	zone_account(ipc_kmsg_zone, 1, sizeof(*kmsg));
	zfree(ipc_kmsg_zone, kmsg);
}

/* Walk the kernel-layout descriptors of a complex message. */
#define KMSG_FOREACH_DESC(kmsg, d, i)                                    \
	for ((i) = 0,                                                    \
	    (d) = (mach_msg_descriptor_t                                 \
		    *)((mach_msg_base_t *)(kmsg)->ikm_header + 1);       \
	     MACH_MSGH_BITS_IS_COMPLEX((kmsg)->ikm_header->msgh_bits) && \
	     (i) < ((mach_msg_base_t *)(kmsg)->ikm_header)               \
		       ->body.msgh_descriptor_count;                     \
	     (i)++, (d)++)

static void
ipc_kmsg_clean_ool_ports(mach_msg_ool_ports_descriptor_t *d)
{
	ipc_object_t *objects = d->address;
	mach_msg_size_t j;

	for (j = 0; j < d->count; j++)
		ipc_object_destroy(objects[j], d->disposition);
	kfree(objects, d->count * sizeof(ipc_object_t));
	d->address = NULL;
	d->count = 0;
}

static void
ipc_kmsg_clean_body(ipc_kmsg_t kmsg)
{
	mach_msg_descriptor_t *d;
	mach_msg_size_t i;

	KMSG_FOREACH_DESC(kmsg, d, i)
	{
		switch (d->type.type) {
		case MACH_MSG_PORT_DESCRIPTOR:
			ipc_object_destroy(
			    ip_to_object(d->port.name), d->port.disposition);
			d->port.name = IP_NULL;
			break;
		case MACH_MSG_OOL_DESCRIPTOR:
		case MACH_MSG_OOL_VOLATILE_DESCRIPTOR:
			kfree(d->out_of_line.address, d->out_of_line.size);
			d->out_of_line.address = NULL;
			d->out_of_line.size = 0;
			break;
		case MACH_MSG_OOL_PORTS_DESCRIPTOR:
			ipc_kmsg_clean_ool_ports(&d->ool_ports);
			break;
		default:
			break;
		}
	}
}

/*
 * Routine:	ipc_kmsg_clean
 * Purpose:
 *	Destroy every right and out-of-line buffer a copied-in message
 *	holds (header and body).  The destination right, if it is a
 *	send-once right, gets its SEND_ONCE notification; a notification to
 *	a dead port is dropped silently by ipc_notify.
 * Conditions:
 *	Nothing locked; the message is copied in.
 * Returns:
 *	Nothing.
 */
void
ipc_kmsg_clean(ipc_kmsg_t kmsg)
{
	mach_msg_header_t *h = kmsg->ikm_header;
	mach_msg_bits_t bits = h->msgh_bits;

	ipc_object_destroy(
	    ip_to_object(h->msgh_remote_port), MACH_MSGH_BITS_REMOTE(bits));
	ipc_object_destroy(
	    ip_to_object(h->msgh_local_port), MACH_MSGH_BITS_LOCAL(bits));
	h->msgh_remote_port = h->msgh_local_port = IP_NULL;
	ipc_kmsg_clean_body(kmsg);
}

/*
 * Routine:	ipc_kmsg_destroy
 * Purpose:
 *	Clean and free a copied-in message.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Nothing.
 */
void
ipc_kmsg_destroy(ipc_kmsg_t kmsg)
{
	ipc_kmsg_clean(kmsg);
	ipc_kmsg_free(kmsg);
}

/*
 * Routine:	ipc_kmsg_destroy_refused
 * Purpose:
 *	Destroy a kernel-sent message its destination refused (the hard
 *	queue limit).  Its destination right is dropped silently: a
 *	SEND_ONCE notification to the same full port would be refused too,
 *	and so on forever.  Everything else it carries is destroyed normally.
 * Conditions:
 *	Nothing locked; the message is copied in.
 * Returns:
 *	Nothing.
 */
void
ipc_kmsg_destroy_refused(ipc_kmsg_t kmsg)
{
	mach_msg_header_t *h = kmsg->ikm_header;
	ipc_port_t dest = h->msgh_remote_port;

	h->msgh_remote_port = IP_NULL;
	if (MACH_MSGH_BITS_REMOTE(h->msgh_bits) == MACH_MSG_TYPE_PORT_SEND_ONCE)
		ipc_port_release_sonce(dest);
	else
		ipc_port_release_send(dest);
	ipc_kmsg_destroy(kmsg);
}

/* --- User layout -> kernel layout ------------------------------------ */

/* User size of a descriptor, from its type byte; 0 if invalid. */
static mach_msg_size_t
ipc_kmsg_user_desc_size(unsigned type)
{
	switch (type) {
	case MACH_MSG_PORT_DESCRIPTOR:
		return sizeof(mach_msg_user_port_descriptor_t);
	case MACH_MSG_OOL_DESCRIPTOR:
	case MACH_MSG_OOL_VOLATILE_DESCRIPTOR:
		return sizeof(mach_msg_ool_descriptor64_t);
	case MACH_MSG_OOL_PORTS_DESCRIPTOR:
		return sizeof(mach_msg_ool_ports_descriptor64_t);
	default:
		return 0;
	}
}

/* Check the descriptor list; count port descriptors. */
static mach_msg_return_t
ipc_kmsg_scan_user_body(const uint8_t *ubuf, mach_msg_size_t size,
    mach_msg_size_t *nportsp, mach_msg_size_t *body_endp)
{
	const mach_msg_user_base_t *ub = (const void *)ubuf;
	mach_msg_size_t count, i, off = sizeof(*ub), dsize, nports = 0;

	if (size < sizeof(*ub))
		return MACH_SEND_MSG_TOO_SMALL;
	count = ub->body.msgh_descriptor_count;
	if (count > IPC_KMSG_MAX_DESCRIPTORS)
		return MACH_SEND_TOO_LARGE;
	for (i = 0; i < count; i++) {
		if (off + sizeof(mach_msg_user_port_descriptor_t) > size)
			return MACH_SEND_MSG_TOO_SMALL;
		dsize = ipc_kmsg_user_desc_size(ubuf[off + 11]);
		if (dsize == 0)
			return MACH_SEND_INVALID_TYPE;
		if (off + dsize > size)
			return MACH_SEND_MSG_TOO_SMALL;
		nports += ubuf[off + 11] == MACH_MSG_PORT_DESCRIPTOR;
		off += dsize;
	}
	*nportsp = nports;
	*body_endp = off;
	return MACH_MSG_SUCCESS;
}

/*
 * The kernel header of a message whose user header is uh and whose kernel
 * size is ksize; names stay names.  uh must not overlap kh.
 */
static inline void
ipc_kmsg_widen_header(mach_msg_header_t *kh, const mach_msg_user_header_t *uh,
    mach_msg_size_t ksize)
{
	kh->msgh_bits = uh->msgh_bits;
	kh->msgh_size = ksize;
	kh->msgh_remote_port = KMSG_NAME_TO_PORT(uh->msgh_remote_port);
	kh->msgh_local_port = KMSG_NAME_TO_PORT(uh->msgh_local_port);
	kh->msgh_voucher_port = uh->msgh_voucher_port;
	kh->msgh_id = uh->msgh_id;
}

/* Widen one user descriptor into the kernel layout; names stay names. */
static mach_msg_size_t
ipc_kmsg_widen_desc(const uint8_t *u, mach_msg_descriptor_t *k)
{
	const mach_msg_user_port_descriptor_t *up = (const void *)u;
	const mach_msg_ool_descriptor64_t *uo = (const void *)u;
	const mach_msg_ool_ports_descriptor64_t *uop = (const void *)u;

	memset(k, 0, sizeof(*k));
	switch (u[11]) {
	case MACH_MSG_PORT_DESCRIPTOR:
		k->port.name = KMSG_NAME_TO_PORT(up->name);
		k->port.disposition = up->disposition;
		k->port.type = MACH_MSG_PORT_DESCRIPTOR;
		return sizeof(*up);
	case MACH_MSG_OOL_DESCRIPTOR:
	case MACH_MSG_OOL_VOLATILE_DESCRIPTOR:
		k->out_of_line.address = (void *)(uintptr_t)uo->address;
		k->out_of_line.deallocate = uo->deallocate;
		k->out_of_line.copy = uo->copy;
		k->out_of_line.type = uo->type;
		k->out_of_line.size = uo->size;
		return sizeof(*uo);
	default:
		k->ool_ports.address = (void *)(uintptr_t)uop->address;
		k->ool_ports.deallocate = uop->deallocate;
		k->ool_ports.copy = uop->copy;
		k->ool_ports.disposition = uop->disposition;
		k->ool_ports.type = uop->type;
		k->ool_ports.count = uop->count;
		return sizeof(*uop);
	}
}

static ipc_kmsg_t
ipc_kmsg_widen(const uint8_t *ubuf, mach_msg_size_t size,
    mach_msg_size_t nports, mach_msg_size_t body_end)
{
	const mach_msg_user_header_t *uh = (const void *)ubuf;
	mach_msg_size_t ksize =
	    size + IPC_KMSG_HEADER_GROWTH + nports * IPC_KMSG_DESC_GROWTH;
	ipc_kmsg_t kmsg = ipc_kmsg_alloc(ksize);
	mach_msg_header_t *kh;
	mach_msg_size_t uoff = sizeof(*uh), i;
	uint8_t *kp;

	if (kmsg == IKM_NULL)
		return IKM_NULL;
	kh = kmsg->ikm_header;
	ipc_kmsg_widen_header(kh, uh, ksize);
	kp = (uint8_t *)(kh + 1);
	if (MACH_MSGH_BITS_IS_COMPLEX(uh->msgh_bits)) {
		mach_msg_size_t count = ((const mach_msg_user_base_t *)ubuf)
					    ->body.msgh_descriptor_count;
		mach_msg_descriptor_t *kd;

		memcpy(kp, ubuf + uoff, sizeof(mach_msg_body_t));
		uoff += sizeof(mach_msg_body_t);
		kd = (mach_msg_descriptor_t *)(kp + sizeof(mach_msg_body_t));
		for (i = 0; i < count; i++)
			uoff += ipc_kmsg_widen_desc(ubuf + uoff, kd++);
		kp = (uint8_t *)kd;
		assert(uoff == body_end);
	}
	memcpy(kp, ubuf + uoff, size - uoff);
	return kmsg;
}

/* A message without descriptors: its body is copied in once, in place. */
static mach_msg_return_t
ipc_kmsg_get_simple(uint64_t msg_addr, mach_msg_size_t size,
    const mach_msg_user_header_t *uh, ipc_kmsg_t *kmsgp)
{
	ipc_kmsg_t kmsg = ipc_kmsg_alloc(size + IPC_KMSG_HEADER_GROWTH);
	mach_msg_header_t *kh;

	if (kmsg == IKM_NULL)
		return MACH_SEND_NO_BUFFER;
	kh = kmsg->ikm_header;
	if (md_copyin(msg_addr + sizeof(*uh), kh + 1, size - sizeof(*uh)) !=
	    0) {
		ipc_kmsg_free(kmsg);
		return MACH_SEND_INVALID_DATA;
	}
	ipc_kmsg_widen_header(kh, uh, size + IPC_KMSG_HEADER_GROWTH);
	*kmsgp = kmsg;
	return MACH_MSG_SUCCESS;
}

/* Messages up to this size (user layout) are copied in whole, at once. */
#define IPC_KMSG_SMALL_USER_SIZE 256

/* Widen a message with descriptors from its user bytes in ubuf. */
static mach_msg_return_t
ipc_kmsg_get_complex(
    const uint8_t *ubuf, mach_msg_size_t size, ipc_kmsg_t *kmsgp)
{
	mach_msg_size_t nports = 0, body_end = sizeof(mach_msg_user_header_t);
	mach_msg_return_t mr;

	mr = ipc_kmsg_scan_user_body(ubuf, size, &nports, &body_end);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	*kmsgp = ipc_kmsg_widen(ubuf, size, nports, body_end);
	return *kmsgp == IKM_NULL ? MACH_SEND_NO_BUFFER : MACH_MSG_SUCCESS;
}

/*
 * A small message that turned out to have descriptors: widen it from a
 * copy of the bytes kmsg holds, into a kmsg of its own.  Frees kmsg.
 */
static __attribute__((noinline)) mach_msg_return_t
ipc_kmsg_get_small_complex(ipc_kmsg_t kmsg, const uint8_t *base,
    mach_msg_size_t size, ipc_kmsg_t *kmsgp)
{
	uint8_t ubuf[IPC_KMSG_SMALL_USER_SIZE];

	memcpy(ubuf, base, size);
	ipc_kmsg_free(kmsg);
	return ipc_kmsg_get_complex(ubuf, size, kmsgp);
}

/*
 * A message of at most IPC_KMSG_SMALL_USER_SIZE bytes is copied in once,
 * straight into a kmsg where a message without descriptors stays: its
 * user header is widened in place.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
ipc_kmsg_get_small(uint64_t msg_addr, mach_msg_size_t size, ipc_kmsg_t *kmsgp)
{
	ipc_kmsg_t kmsg = ipc_kmsg_alloc_inline(size + IPC_KMSG_HEADER_GROWTH);
	mach_msg_header_t *kh;
	uint8_t *base;
	mach_msg_user_header_t uh;

	if (kmsg == IKM_NULL)
		return MACH_SEND_NO_BUFFER;
	kh = kmsg->ikm_header;
	base = (uint8_t *)kh + IPC_KMSG_HEADER_GROWTH;
	if (md_copyin(msg_addr, base, size) != 0) {
		ipc_kmsg_free(kmsg);
		return MACH_SEND_INVALID_DATA;
	}
	ipc_kmsg_copy_user_header(&uh, base);
	if (MACH_MSGH_BITS_IS_COMPLEX(uh.msgh_bits))
		return ipc_kmsg_get_small_complex(kmsg, base, size, kmsgp);
	ipc_kmsg_widen_header(kh, &uh, size + IPC_KMSG_HEADER_GROWTH);
	*kmsgp = kmsg;
	return MACH_MSG_SUCCESS;
}

/* A larger message: the header first, then the body where it belongs. */
static mach_msg_return_t
ipc_kmsg_get_large(uint64_t msg_addr, mach_msg_size_t size, ipc_kmsg_t *kmsgp)
{
	mach_msg_user_header_t uh;
	mach_msg_return_t mr;
	uint8_t *ubuf;

	if (md_copyin(msg_addr, &uh, sizeof(uh)) != 0)
		return MACH_SEND_INVALID_DATA;
	if (!MACH_MSGH_BITS_IS_COMPLEX(uh.msgh_bits))
		return ipc_kmsg_get_simple(msg_addr, size, &uh, kmsgp);
	if ((ubuf = kalloc(size)) == NULL)
		return MACH_SEND_NO_BUFFER;
	if (md_copyin(msg_addr, ubuf, size) != 0)
		mr = MACH_SEND_INVALID_DATA;
	else
		mr = ipc_kmsg_get_complex(ubuf, size, kmsgp);
	kfree(ubuf, size);
	return mr;
}

/*
 * Routine:	ipc_kmsg_get_from_user
 * Purpose:
 *	Copy a message in from user memory and widen it to the kernel
 *	layout.  Names are not translated yet.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	MACH_MSG_SUCCESS, MACH_SEND_MSG_TOO_SMALL, MACH_SEND_TOO_LARGE,
 *	MACH_SEND_INVALID_DATA (bad pointer), MACH_SEND_INVALID_TYPE,
 *	MACH_SEND_NO_BUFFER (no memory).
 */
mach_msg_return_t
ipc_kmsg_get_from_user(
    uint64_t msg_addr, mach_msg_size_t size, ipc_kmsg_t *kmsgp)
{
	if (size < sizeof(mach_msg_user_header_t) || (size & 3) != 0)
		return MACH_SEND_MSG_TOO_SMALL;
	if (size > IPC_KMSG_MAX_USER_SIZE)
		return MACH_SEND_TOO_LARGE;
	if (size <= IPC_KMSG_SMALL_USER_SIZE)
		return ipc_kmsg_get_small(msg_addr, size, kmsgp);
	return ipc_kmsg_get_large(msg_addr, size, kmsgp);
}

/*
 * Routine:	ipc_kmsg_get_from_kernel
 * Purpose:
 *	Wrap a kernel-built message (kernel layout, rights held by pointer,
 *	e.g. from a MIG KernelUser stub) in a kmsg.
 * Conditions:
 *	Nothing locked.  size is the kernel-layout size.
 * Returns:
 *	MACH_MSG_SUCCESS, MACH_SEND_NO_BUFFER.
 */
mach_msg_return_t
ipc_kmsg_get_from_kernel(
    mach_msg_header_t *msg, mach_msg_size_t size, ipc_kmsg_t *kmsgp)
{
	ipc_kmsg_t kmsg = ipc_kmsg_alloc(size);

	if (kmsg == IKM_NULL)
		return MACH_SEND_NO_BUFFER;
	memcpy(kmsg->ikm_header, msg, size);
	kmsg->ikm_header->msgh_size = size;
	kmsg->ikm_from_kernel = true;
	*kmsgp = kmsg;
	return MACH_MSG_SUCCESS;
}

/* --- Copyin: names -> rights ------------------------------------------ */

static bool
ipc_kmsg_any_send(mach_msg_type_name_t t)
{
	return t == MACH_MSG_TYPE_MOVE_SEND || t == MACH_MSG_TYPE_COPY_SEND ||
	    t == MACH_MSG_TYPE_MAKE_SEND || t == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
	    t == MACH_MSG_TYPE_MAKE_SEND_ONCE;
}

/* Rights collected during copyin, to settle after unlocking. */
struct ipc_kmsg_copyin_notes {
	ipc_port_t deleted[2];
	mach_port_name_t deleted_name[2];
	ipc_port_t release[2];
};

static void
ipc_kmsg_copyin_notes_send(struct ipc_kmsg_copyin_notes *n)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (n->release[i] != IP_NULL)
			ip_release(n->release[i]);
		if (n->deleted[i] != IP_NULL)
			ipc_notify_port_deleted(
			    n->deleted[i], n->deleted_name[i]);
	}
}

/*
 * MACH_SEND_NOTIFY (spec 5.3): with the space still write-locked after the
 * destination was copied in, arm the name's send-possible request if the
 * queue is full, or promote the send to MACH_SEND_ALWAYS if it is not
 * (Harbor decision 2: no lost send-possible wake-ups).
 */
static void
ipc_kmsg_copyin_arm(ipc_space_t space, mach_port_name_t name, ipc_port_t dest,
    mach_msg_option_t *optionp)
{
	ipc_entry_t entry = ipc_entry_lookup(space, name);

	if (entry == IE_NULL || entry->ie_request == IE_REQ_NONE ||
	    entry->ie_object != ip_to_object(dest))
		return;
	ip_lock(dest);
	if (ip_active(dest) && !ip_in_kernel_space(dest)) {
		if (ip_full(dest))
			ipc_port_request_sparm(dest, name, entry->ie_request);
		else
			*optionp |= MACH_SEND_ALWAYS;
	}
	ip_unlock(dest);
}

/* Does a disposition consume (move) the name's right? */
static bool
ipc_kmsg_disp_moves(mach_msg_type_name_t t)
{
	return t == MACH_MSG_TYPE_MOVE_SEND ||
	    t == MACH_MSG_TYPE_MOVE_SEND_ONCE;
}

/*
 * Copy in the destination and reply when they are the same name.  Both
 * MOVE_SEND: two urefs at once.  Otherwise both are checked first, then
 * the one that does not consume the right is copied in before the one
 * that does, so neither can fail half-way (nothing to undo under the
 * lock).  A send-once right cannot serve twice.
 */
static mach_msg_return_t
ipc_kmsg_copyin_same_name(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, mach_msg_type_name_t dest_type,
    mach_msg_type_name_t reply_type, ipc_object_t *destp, ipc_object_t *replyp,
    struct ipc_kmsg_copyin_notes *n) HB_NO_TSA
{
	bool reply_first = ipc_kmsg_disp_moves(dest_type);
	kern_return_t kr;

	n->deleted_name[0] = n->deleted_name[1] = name;
	if (dest_type == MACH_MSG_TYPE_MOVE_SEND &&
	    reply_type == MACH_MSG_TYPE_MOVE_SEND) {
		kr = ipc_right_copyin_two(
		    space, name, entry, destp, &n->deleted[0], &n->release[0]);
		*replyp = *destp;
		return kr == KERN_SUCCESS ? MACH_MSG_SUCCESS
					  : MACH_SEND_INVALID_DEST;
	}
	if ((ipc_kmsg_disp_moves(dest_type) &&
		ipc_kmsg_disp_moves(reply_type)) ||
	    !ipc_right_copyin_check(space, name, entry, dest_type) ||
	    ipc_right_is_dead(space, name, entry))
		return MACH_SEND_INVALID_DEST;
	if (!ipc_right_copyin_check(space, name, entry, reply_type))
		return MACH_SEND_INVALID_REPLY;
	kr = ipc_right_copyin(space, name, entry,
	    reply_first ? reply_type : dest_type, !reply_first,
	    reply_first ? replyp : destp, &n->deleted[1], &n->release[1]);
	if (kr == KERN_SUCCESS) {
		entry = ipc_entry_lookup(space, name);
		kr = ipc_right_copyin(space, name, entry,
		    reply_first ? dest_type : reply_type, reply_first,
		    reply_first ? destp : replyp, &n->deleted[0],
		    &n->release[0]);
	}
	assert(kr == KERN_SUCCESS); /* both were checked above */
	return kr == KERN_SUCCESS ? MACH_MSG_SUCCESS : MACH_SEND_INVALID_DEST;
}

/* Copy in a distinct destination and reply.  Space write-locked. */
static mach_msg_return_t
ipc_kmsg_copyin_pair(ipc_space_t space, mach_port_name_t dest_name,
    ipc_entry_t dest_entry, mach_msg_type_name_t dest_type,
    mach_port_name_t reply_name, mach_msg_type_name_t reply_type,
    ipc_object_t *destp, ipc_object_t *replyp,
    struct ipc_kmsg_copyin_notes *n) HB_NO_TSA
{
	ipc_entry_t reply_entry = IE_NULL;
	kern_return_t kr;

	if (MACH_PORT_VALID(reply_name)) {
		reply_entry = ipc_entry_lookup(space, reply_name);
		if (reply_entry == IE_NULL ||
		    !ipc_right_copyin_check(
			space, reply_name, reply_entry, reply_type))
			return MACH_SEND_INVALID_REPLY;
	}
	kr = ipc_right_copyin(space, dest_name, dest_entry, dest_type, false,
	    destp, &n->deleted[0], &n->release[0]);
	n->deleted_name[0] = dest_name;
	if (kr != KERN_SUCCESS)
		return MACH_SEND_INVALID_DEST;
	if (!MACH_PORT_VALID(reply_name)) {
		*replyp = reply_name == MACH_PORT_DEAD ? IO_DEAD : IO_NULL;
		return MACH_MSG_SUCCESS;
	}
	reply_entry = ipc_entry_lookup(space, reply_name);
	kr = reply_entry == IE_NULL
	    ? KERN_INVALID_NAME
	    : ipc_right_copyin(space, reply_name, reply_entry, reply_type, true,
		  replyp, &n->deleted[1], &n->release[1]);
	n->deleted_name[1] = reply_name;
	assert(kr == KERN_SUCCESS);
	return kr == KERN_SUCCESS ? MACH_MSG_SUCCESS : MACH_SEND_INVALID_REPLY;
}

static mach_msg_return_t
ipc_kmsg_copyin_header(
    ipc_kmsg_t kmsg, ipc_space_t space, mach_msg_option_t *optionp)
{
	mach_msg_header_t *h = kmsg->ikm_header;
	mach_msg_bits_t bits = h->msgh_bits;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(bits);
	mach_port_name_t dest_name = KMSG_PORT_TO_NAME(h->msgh_remote_port);
	mach_port_name_t reply_name = KMSG_PORT_TO_NAME(h->msgh_local_port);
	struct ipc_kmsg_copyin_notes n = {{IP_NULL}};
	ipc_object_t dest = IO_NULL, reply = IO_NULL;
	ipc_entry_t entry;
	mach_msg_return_t mr;

	if (!ipc_kmsg_any_send(dest_type) ||
	    (reply_type != 0 && !ipc_kmsg_any_send(reply_type)) ||
	    (reply_type == 0 && MACH_PORT_VALID(reply_name)))
		return MACH_SEND_INVALID_HEADER;
	if (!MACH_PORT_VALID(dest_name))
		return MACH_SEND_INVALID_DEST;
	is_write_lock(space);
	if (!is_active(space)) {
		is_write_unlock(space);
		return MACH_SEND_INVALID_DEST;
	}
	entry = ipc_entry_lookup(space, dest_name);
	if (entry == IE_NULL) {
		is_write_unlock(space);
		return MACH_SEND_INVALID_DEST;
	}
	if (dest_name == reply_name)
		mr = ipc_kmsg_copyin_same_name(space, dest_name, entry,
		    dest_type, reply_type, &dest, &reply, &n);
	else
		mr = ipc_kmsg_copyin_pair(space, dest_name, entry, dest_type,
		    reply_name, reply_type, &dest, &reply, &n);
	if (mr == MACH_MSG_SUCCESS && (*optionp & MACH_SEND_NOTIFY) &&
	    dest_type != MACH_MSG_TYPE_MOVE_SEND_ONCE &&
	    dest_type != MACH_MSG_TYPE_MAKE_SEND_ONCE)
		ipc_kmsg_copyin_arm(
		    space, dest_name, ip_object_to_port(dest), optionp);
	is_write_unlock(space);
	ipc_kmsg_copyin_notes_send(&n);
	if (mr != MACH_MSG_SUCCESS) {
		/* Rights already taken go, now that nothing is locked. */
		ipc_object_destroy(dest, ipc_object_copyin_type(dest_type));
		ipc_object_destroy(reply, ipc_object_copyin_type(reply_type));
		return mr;
	}
	h->msgh_remote_port = ip_object_to_port(dest);
	h->msgh_local_port = ip_object_to_port(reply);
	h->msgh_voucher_port = 0;
	h->msgh_bits = MACH_MSGH_BITS_SET(ipc_object_copyin_type(dest_type),
	    reply_type == 0 ? 0 : ipc_object_copyin_type(reply_type), 0,
	    bits & MACH_MSGH_BITS_COMPLEX);
	return MACH_MSG_SUCCESS;
}

/* Copy in the memory of one OOL descriptor (no locks held). */
static mach_msg_return_t
ipc_kmsg_copyin_ool(mach_msg_ool_descriptor_t *d)
{
	uint64_t uaddr = (uint64_t)(uintptr_t)d->address;
	void *kaddr = NULL;

	if (d->size > IPC_KMSG_MAX_USER_SIZE) {
		d->address = NULL;
		d->size = 0;
		return MACH_SEND_TOO_LARGE;
	}
	if (d->size != 0) {
		kaddr = kalloc(d->size);
		if (kaddr == NULL || md_copyin(uaddr, kaddr, d->size) != 0) {
			kfree(kaddr, d->size);
			d->address = NULL;
			d->size = 0;
			return kaddr == NULL ? MACH_SEND_NO_BUFFER
					     : MACH_SEND_INVALID_MEMORY;
		}
		if (d->deallocate)
			(void)md_vm_deallocate(uaddr, d->size);
	}
	d->address = kaddr;
	d->deallocate = false;
	return MACH_MSG_SUCCESS;
}

/* Copy in the names of an OOL-ports descriptor (no locks held). */
static mach_msg_return_t
ipc_kmsg_copyin_ool_port_names(mach_msg_ool_ports_descriptor_t *d)
{
	uint64_t uaddr = (uint64_t)(uintptr_t)d->address;
	mach_port_name_t *names;
	ipc_object_t *objects;
	mach_msg_size_t j, count = d->count;

	d->address = NULL;
	if (count > IPC_KMSG_MAX_DESCRIPTORS * 16) {
		d->count = 0;
		return MACH_SEND_TOO_LARGE;
	}
	objects = kalloc(count * sizeof(ipc_object_t));
	names = kalloc(count * sizeof(mach_port_name_t));
	if (objects == NULL || names == NULL ||
	    md_copyin(uaddr, names, count * sizeof(*names)) != 0) {
		kfree(objects, count * sizeof(ipc_object_t));
		kfree(names, count * sizeof(mach_port_name_t));
		d->count = 0;
		return MACH_SEND_INVALID_MEMORY;
	}
	for (j = 0; j < count; j++)
		objects[j] = (ipc_object_t)(uintptr_t)names[j];
	kfree(names, count * sizeof(mach_port_name_t));
	if (d->deallocate && count != 0)
		(void)md_vm_deallocate(uaddr, count * sizeof(*names));
	d->address = objects;
	return MACH_MSG_SUCCESS;
}

/* Translate one name to a right for the body.  Space write-locked. */
static mach_msg_return_t
ipc_kmsg_copyin_body_right(ipc_space_t space, mach_msg_type_name_t msgt,
    ipc_object_t *slot, ipc_port_t *deletedp, mach_port_name_t *dnamep,
    ipc_port_t *releasep) HB_NO_TSA
{
	mach_port_name_t name = KMSG_PORT_TO_NAME(*slot);
	ipc_entry_t entry;

	*deletedp = *releasep = IP_NULL;
	if (!MACH_PORT_VALID(name)) {
		*slot = name == MACH_PORT_DEAD ? IO_DEAD : IO_NULL;
		return MACH_MSG_SUCCESS;
	}
	entry = ipc_entry_lookup(space, name);
	*dnamep = name;
	if (entry == IE_NULL ||
	    ipc_right_copyin(space, name, entry, msgt, true, slot, deletedp,
		releasep) != KERN_SUCCESS) {
		*slot = IO_NULL;
		return MACH_SEND_INVALID_RIGHT;
	}
	return MACH_MSG_SUCCESS;
}

/* Disarm a body left as names so clean() does not treat them as ports. */
static void
ipc_kmsg_body_forget_names(ipc_kmsg_t kmsg)
{
	mach_msg_descriptor_t *d;
	mach_msg_size_t i, j;

	KMSG_FOREACH_DESC(kmsg, d, i)
	{
		if (d->type.type == MACH_MSG_PORT_DESCRIPTOR) {
			d->port.name = IP_NULL;
		} else if (d->type.type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			ipc_object_t *objects = d->ool_ports.address;

			for (j = 0; objects != NULL && j < d->ool_ports.count;
			     j++)
				objects[j] = IO_NULL;
		}
	}
}

/* The collected side effects of body copyin, settled unlocked. */
struct ipc_kmsg_body_notes {
	ipc_port_t *ports; /* pairs: deleted, release */
	mach_port_name_t *names;
	mach_msg_size_t count;
};

static mach_msg_return_t
ipc_kmsg_copyin_body_rights(
    ipc_kmsg_t kmsg, ipc_space_t space, struct ipc_kmsg_body_notes *bn)
{
	mach_msg_descriptor_t *d;
	mach_msg_size_t i, j;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	is_write_lock(space);
	if (!is_active(space)) {
		/* The sender died after its header was copied in. */
		is_write_unlock(space);
		ipc_kmsg_body_forget_names(kmsg);
		return MACH_SEND_INVALID_DEST;
	}
	KMSG_FOREACH_DESC(kmsg, d, i)
	{
		if (d->type.type == MACH_MSG_PORT_DESCRIPTOR) {
			/* Packed: the name field is only 4-byte aligned. */
			ipc_object_t object = ip_to_object(d->port.name);

			if (mr == MACH_MSG_SUCCESS)
				mr = ipc_kmsg_copyin_body_right(space,
				    d->port.disposition, &object,
				    &bn->ports[2 * bn->count],
				    &bn->names[bn->count],
				    &bn->ports[2 * bn->count + 1]);
			else
				object = IO_NULL;
			d->port.name = ip_object_to_port(object);
			bn->count++;
			d->port.disposition =
			    ipc_object_copyin_type(d->port.disposition);
		} else if (d->type.type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			ipc_object_t *objects = d->ool_ports.address;

			for (j = 0; j < d->ool_ports.count; j++) {
				if (mr == MACH_MSG_SUCCESS)
					mr = ipc_kmsg_copyin_body_right(space,
					    d->ool_ports.disposition,
					    &objects[j],
					    &bn->ports[2 * bn->count],
					    &bn->names[bn->count],
					    &bn->ports[2 * bn->count + 1]);
				else
					objects[j] = IO_NULL;
				bn->count++;
			}
			d->ool_ports.disposition =
			    ipc_object_copyin_type(d->ool_ports.disposition);
		}
	}
	is_write_unlock(space);
	return mr;
}

/* Count the rights the body will carry; validate dispositions. */
static mach_msg_return_t
ipc_kmsg_copyin_body_prepare(ipc_kmsg_t kmsg, mach_msg_size_t *nrightsp)
{
	mach_msg_descriptor_t *d;
	mach_msg_size_t i, n = 0;
	mach_msg_return_t mr = MACH_MSG_SUCCESS, mr2 = MACH_MSG_SUCCESS;

	KMSG_FOREACH_DESC(kmsg, d, i)
	{
		switch (d->type.type) {
		case MACH_MSG_PORT_DESCRIPTOR:
			if (!ipc_object_is_port_disposition(
				d->port.disposition))
				mr = MACH_SEND_INVALID_TYPE;
			n++;
			break;
		case MACH_MSG_OOL_PORTS_DESCRIPTOR:
			if (!ipc_object_is_port_disposition(
				d->ool_ports.disposition))
				mr = MACH_SEND_INVALID_TYPE;
			mr2 = ipc_kmsg_copyin_ool_port_names(&d->ool_ports);
			n += d->ool_ports.count;
			break;
		default:
			mr2 = ipc_kmsg_copyin_ool(&d->out_of_line);
			break;
		}
		if (d->type.type != MACH_MSG_PORT_DESCRIPTOR &&
		    mr == MACH_MSG_SUCCESS)
			mr = mr2;
	}
	*nrightsp = n;
	return mr;
}

/* Receive rights put in transit must not make a loop with dest. */
static bool
ipc_kmsg_body_circular(ipc_kmsg_t kmsg)
{
	ipc_port_t dest = kmsg->ikm_header->msgh_remote_port;
	mach_msg_descriptor_t *d;
	mach_msg_size_t i, j;
	bool circular = false;

	KMSG_FOREACH_DESC(kmsg, d, i)
	{
		if (d->type.type == MACH_MSG_PORT_DESCRIPTOR &&
		    d->port.disposition == MACH_MSG_TYPE_PORT_RECEIVE &&
		    IP_VALID(d->port.name))
			circular |=
			    ipc_port_check_circularity(d->port.name, dest);
		if (d->type.type == MACH_MSG_OOL_PORTS_DESCRIPTOR &&
		    d->ool_ports.disposition == MACH_MSG_TYPE_PORT_RECEIVE) {
			ipc_object_t *objects = d->ool_ports.address;

			for (j = 0; j < d->ool_ports.count; j++) {
				if (IO_VALID(objects[j]))
					circular |= ipc_port_check_circularity(
					    ip_object_to_port(objects[j]),
					    dest);
			}
		}
	}
	return circular;
}

static mach_msg_return_t
ipc_kmsg_copyin_body(ipc_kmsg_t kmsg, ipc_space_t space)
{
	struct ipc_kmsg_body_notes bn = {0};
	mach_msg_size_t nrights, i;
	mach_msg_return_t mr;

	mr = ipc_kmsg_copyin_body_prepare(kmsg, &nrights);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_body_forget_names(kmsg);
		return mr;
	}
	bn.ports = kalloc(2 * (nrights + 1) * sizeof(ipc_port_t));
	bn.names = kalloc((nrights + 1) * sizeof(mach_port_name_t));
	if (bn.ports == NULL || bn.names == NULL) {
		ipc_kmsg_body_forget_names(kmsg);
		mr = MACH_SEND_NO_BUFFER;
	} else {
		mr = ipc_kmsg_copyin_body_rights(kmsg, space, &bn);
	}
	for (i = 0; i < bn.count; i++) {
		if (bn.ports[2 * i + 1] != IP_NULL)
			ip_release(bn.ports[2 * i + 1]);
		if (bn.ports[2 * i] != IP_NULL)
			ipc_notify_port_deleted(bn.ports[2 * i], bn.names[i]);
	}
	kfree(bn.ports, 2 * (nrights + 1) * sizeof(ipc_port_t));
	kfree(bn.names, (nrights + 1) * sizeof(mach_port_name_t));
	if (mr == MACH_MSG_SUCCESS && ipc_kmsg_body_circular(kmsg))
		kmsg->ikm_header->msgh_bits |= MACH_MSGH_BITS_CIRCULAR;
	return mr;
}

/*
 * Routine:	ipc_kmsg_copyin
 * Purpose:
 *	Translate the names of a message from the sender's space into
 *	rights: header first (destination, reply, MACH_SEND_NOTIFY arming),
 *	then the body.  On failure every right already taken is destroyed.
 * Conditions:
 *	Nothing locked.  *optionp may gain MACH_SEND_ALWAYS (decision 2).
 * Returns:
 *	MACH_MSG_SUCCESS, MACH_SEND_INVALID_HEADER, MACH_SEND_INVALID_DEST,
 *	MACH_SEND_INVALID_REPLY, MACH_SEND_INVALID_RIGHT,
 *	MACH_SEND_INVALID_TYPE, MACH_SEND_INVALID_MEMORY,
 *	MACH_SEND_TOO_LARGE, MACH_SEND_NO_BUFFER.  On failure the caller
 *	frees the kmsg with ipc_kmsg_free (its rights are already gone).
 */
mach_msg_return_t
ipc_kmsg_copyin(ipc_kmsg_t kmsg, ipc_space_t space, mach_msg_option_t *optionp)
{
	mach_msg_return_t mr;

	kmsg->ikm_sender = (security_token_t){{0, 0}};
	mr = ipc_kmsg_copyin_header(kmsg, space, optionp);
	if (mr != MACH_MSG_SUCCESS) {
		kmsg->ikm_header->msgh_remote_port = IP_NULL;
		kmsg->ikm_header->msgh_local_port = IP_NULL;
		/* The body still holds user names and addresses: forget it. */
		kmsg->ikm_header->msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
		return mr;
	}
	if (!MACH_MSGH_BITS_IS_COMPLEX(kmsg->ikm_header->msgh_bits))
		return MACH_MSG_SUCCESS;
	mr = ipc_kmsg_copyin_body(kmsg, space);
	if (mr != MACH_MSG_SUCCESS)
		ipc_kmsg_clean(kmsg);
	return mr;
}

/*
 * Routine:	ipc_kmsg_copyin_from_kernel
 * Purpose:
 *	Turn the dispositions of a kernel-built message into rights the
 *	message holds (MAKE_* made from the kernel's receive rights, MOVE_*
 *	taken from the kernel).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Nothing.
 */
void
ipc_kmsg_copyin_from_kernel(ipc_kmsg_t kmsg)
{
	mach_msg_header_t *h = kmsg->ikm_header;
	mach_msg_bits_t bits = h->msgh_bits;
	mach_msg_type_name_t rname = MACH_MSGH_BITS_REMOTE(bits);
	mach_msg_type_name_t lname = MACH_MSGH_BITS_LOCAL(bits);
	mach_msg_descriptor_t *d;
	mach_msg_size_t i, j;

	if (IP_VALID(h->msgh_remote_port))
		ipc_object_copyin_from_kernel(
		    ip_to_object(h->msgh_remote_port), rname);
	if (IP_VALID(h->msgh_local_port))
		ipc_object_copyin_from_kernel(
		    ip_to_object(h->msgh_local_port), lname);
	h->msgh_bits = MACH_MSGH_BITS_SET(ipc_object_copyin_type(rname),
	    lname == 0 ? 0 : ipc_object_copyin_type(lname), 0,
	    bits & MACH_MSGH_BITS_COMPLEX);
	KMSG_FOREACH_DESC(kmsg, d, i)
	{
		if (d->type.type == MACH_MSG_PORT_DESCRIPTOR) {
			if (IP_VALID(d->port.name))
				ipc_object_copyin_from_kernel(
				    ip_to_object(d->port.name),
				    d->port.disposition);
			d->port.disposition =
			    ipc_object_copyin_type(d->port.disposition);
		} else if (d->type.type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			ipc_object_t *objects = d->ool_ports.address;

			for (j = 0; j < d->ool_ports.count; j++) {
				if (IO_VALID(objects[j]))
					ipc_object_copyin_from_kernel(
					    objects[j],
					    d->ool_ports.disposition);
			}
			d->ool_ports.disposition =
			    ipc_object_copyin_type(d->ool_ports.disposition);
		}
	}
}

/* --- Send -------------------------------------------------------------- */

/*
 * Routine:	ipc_kmsg_send
 * Purpose:
 *	Deliver a copied-in message: to a kernel server synchronously (its
 *	reply is sent on), or onto the destination's queue.  A message to a
 *	port that died after copyin, or that would put a receive right in a
 *	loop, is destroyed and the send still succeeds (the sender cannot
 *	tell, as on XNU).
 * Conditions:
 *	Nothing locked.  Consumes the kmsg on MACH_MSG_SUCCESS; on any
 *	other return the caller still owns it (rights intact).
 * Returns:
 *	MACH_MSG_SUCCESS, MACH_SEND_TIMED_OUT, MACH_SEND_INTERRUPTED,
 *	MACH_SEND_NO_BUFFER.
 */
mach_msg_return_t
ipc_kmsg_send(ipc_kmsg_t kmsg, mach_msg_option_t option, uint64_t deadline)
{
	ipc_port_t port = kmsg->ikm_header->msgh_remote_port;
	ipc_kmsg_t reply;
	bool kernel;
	mach_msg_return_t mr;

	if (kmsg->ikm_header->msgh_bits & MACH_MSGH_BITS_CIRCULAR) {
		ipc_kmsg_destroy(kmsg);
		return MACH_MSG_SUCCESS;
	}
	ip_lock(port);
	kernel = ip_active(port) && ip_in_kernel_space(port);
	ip_unlock(port);
	if (kernel) {
		reply = ipc_kobject_server(kmsg);
		if (reply != IKM_NULL &&
		    ipc_kmsg_send(reply, MACH_SEND_ALWAYS, 0) !=
			MACH_MSG_SUCCESS)
			ipc_kmsg_destroy(reply);
		return MACH_MSG_SUCCESS;
	}
	mr = ipc_mqueue_send(kmsg, option, deadline);
	if (mr == MACH_SEND_INVALID_DEST) {
		ipc_kmsg_destroy(kmsg);
		return MACH_MSG_SUCCESS;
	}
	return mr;
}

/* --- Copyout: rights -> names ------------------------------------------- */

/*
 * The destination right is used up by delivery: it is released, and the
 * header reports the receive right's name in space.  A send-once
 * destination whose receive right is no longer in space was consumed
 * unused: it gets its SEND_ONCE notification.
 */
static mach_port_name_t
ipc_kmsg_copyout_dest_right(
    ipc_space_t space, ipc_port_t dest, mach_msg_type_name_t dest_type)
{
	mach_port_name_t name;
	mach_port_mscount_t mscount = 0;
	ipc_port_t nsrequest = IP_NULL;
	bool mine;

	ip_lock(dest);
	mine = ip_active(dest) && ip_in_space(dest, space);
	name = !ip_active(dest) ? MACH_PORT_DEAD
	    : mine              ? dest->ip_receiver_name
				: MACH_PORT_NULL;
	if (dest_type == MACH_MSG_TYPE_PORT_SEND_ONCE && !mine) {
		ip_unlock(dest);
		ipc_notify_send_once(dest);
		return name;
	}
	if (dest_type == MACH_MSG_TYPE_PORT_SEND_ONCE) {
		assert(dest->ip_sorights > 0);
		dest->ip_sorights--;
	} else {
		nsrequest = ipc_port_srights_dec_locked(dest, &mscount);
	}
	ip_unlock(dest);
	ip_release(dest);
	if (nsrequest != IP_NULL)
		ipc_notify_no_senders(nsrequest, mscount);
	return name;
}

/* Copy one right out to the receiver; failures destroy it. */
static mach_port_name_t
ipc_kmsg_copyout_right(ipc_space_t space, ipc_object_t object,
    mach_msg_type_name_t msgt, mach_msg_return_t *mrp)
{
	mach_port_name_t name;

	if (object == IO_DEAD)
		return MACH_PORT_DEAD;
	if (object == IO_NULL)
		return MACH_PORT_NULL;
	if (ipc_object_copyout(space, object, msgt, true, &name) !=
	    KERN_SUCCESS) {
		ipc_object_destroy(object, msgt);
		*mrp = MACH_RCV_BODY_ERROR;
		return MACH_PORT_NULL;
	}
	return name;
}

static void
ipc_kmsg_copyout_header(
    ipc_kmsg_t kmsg, ipc_space_t space, mach_msg_return_t *mrp)
{
	mach_msg_header_t *h = kmsg->ikm_header;
	mach_msg_bits_t bits = h->msgh_bits;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(bits);
	ipc_port_t dest = h->msgh_remote_port;
	mach_port_name_t dest_name, reply_name;

	/* Room was made in dest's queue: fire its send-possible requests. */
	ipc_port_spnotify(dest);
	reply_name = ipc_kmsg_copyout_right(
	    space, ip_to_object(h->msgh_local_port), reply_type, mrp);
	if (*mrp != MACH_MSG_SUCCESS)
		*mrp = MACH_RCV_HEADER_ERROR;
	dest_name = ipc_kmsg_copyout_dest_right(space, dest, dest_type);
	h->msgh_bits = MACH_MSGH_BITS_SET(
	    reply_type, dest_type, 0, bits & MACH_MSGH_BITS_COMPLEX);
	h->msgh_remote_port = KMSG_NAME_TO_PORT(reply_name);
	h->msgh_local_port = KMSG_NAME_TO_PORT(dest_name);
}

static void
ipc_kmsg_copyout_ool(mach_msg_ool_descriptor_t *d, mach_msg_return_t *mrp)
{
	uint64_t uaddr = 0;

	if (d->size != 0 &&
	    (md_vm_allocate(&uaddr, d->size) != 0 ||
		md_copyout(d->address, uaddr, d->size) != 0)) {
		*mrp = MACH_RCV_BODY_ERROR;
		uaddr = 0;
	}
	kfree(d->address, d->size);
	d->address = (void *)(uintptr_t)uaddr;
	d->deallocate = false;
}

static void
ipc_kmsg_copyout_ool_ports(ipc_space_t space,
    mach_msg_ool_ports_descriptor_t *d, mach_msg_return_t *mrp)
{
	ipc_object_t *objects = d->address;
	mach_msg_size_t j, count = d->count;
	size_t bytes = count * sizeof(mach_port_name_t);
	mach_port_name_t *names = kalloc(bytes + 1);
	uint64_t uaddr = 0;

	for (j = 0; j < count; j++) {
		mach_port_name_t name = ipc_kmsg_copyout_right(
		    space, objects[j], d->disposition, mrp);

		if (names != NULL)
			names[j] = name;
	}
	if (count != 0 &&
	    (names == NULL || md_vm_allocate(&uaddr, bytes) != 0 ||
		md_copyout(names, uaddr, bytes) != 0)) {
		*mrp = MACH_RCV_BODY_ERROR;
		uaddr = 0;
	}
	kfree(names, bytes + 1);
	kfree(objects, count * sizeof(ipc_object_t));
	d->address = (void *)(uintptr_t)uaddr;
	d->deallocate = false;
}

static void
ipc_kmsg_copyout_body(
    ipc_kmsg_t kmsg, ipc_space_t space, mach_msg_return_t *mrp)
{
	mach_msg_descriptor_t *d;
	mach_msg_size_t i;

	KMSG_FOREACH_DESC(kmsg, d, i)
	{
		switch (d->type.type) {
		case MACH_MSG_PORT_DESCRIPTOR:
			d->port.name = KMSG_NAME_TO_PORT(ipc_kmsg_copyout_right(
			    space, ip_to_object(d->port.name),
			    d->port.disposition, mrp));
			break;
		case MACH_MSG_OOL_PORTS_DESCRIPTOR:
			ipc_kmsg_copyout_ool_ports(space, &d->ool_ports, mrp);
			break;
		default:
			ipc_kmsg_copyout_ool(&d->out_of_line, mrp);
			break;
		}
	}
}

/*
 * Routine:	ipc_kmsg_copyout
 * Purpose:
 *	Turn the rights of a received message into names in the receiver's
 *	space.  First of all, the destination's armed send-possible
 *	requests fire (spec 5.4).  Rights that cannot be copied out are
 *	destroyed and reported as MACH_PORT_NULL.
 * Conditions:
 *	Nothing locked; space is the receiver's (the current task's).
 * Returns:
 *	MACH_MSG_SUCCESS, MACH_RCV_HEADER_ERROR, MACH_RCV_BODY_ERROR (the
 *	message is still delivered).
 */
mach_msg_return_t
ipc_kmsg_copyout(ipc_kmsg_t kmsg, ipc_space_t space, mach_msg_option_t option)
{
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	(void)option;
	ipc_kmsg_copyout_header(kmsg, space, &mr);
	if (MACH_MSGH_BITS_IS_COMPLEX(kmsg->ikm_header->msgh_bits))
		ipc_kmsg_copyout_body(kmsg, space, &mr);
	return mr;
}

/*
 * Routine:	ipc_kmsg_copyout_pseudo
 * Purpose:
 *	A send failed after copyin (timed out, interrupted): hand the
 *	message back in the sender's buffer, un-swapped, with every right it
 *	carries (destination, reply, body) copied out to the sender's space
 *	as a receive would; the caller owns them (mach_msg_destroy).  No
 *	send-possible request fires.
 * Conditions:
 *	Nothing locked; space is the sender's.
 * Returns:
 *	MACH_MSG_SUCCESS or MACH_RCV_BODY_ERROR-style failure bits (rights
 *	that could not be returned are destroyed).
 */
mach_msg_return_t
ipc_kmsg_copyout_pseudo(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = kmsg->ikm_header;
	mach_msg_bits_t bits = h->msgh_bits;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	mach_port_name_t dest_name, reply_name;

	dest_name =
	    ipc_kmsg_copyout_right(space, ip_to_object(h->msgh_remote_port),
		MACH_MSGH_BITS_REMOTE(bits), &mr);
	reply_name = ipc_kmsg_copyout_right(space,
	    ip_to_object(h->msgh_local_port), MACH_MSGH_BITS_LOCAL(bits), &mr);
	h->msgh_remote_port = KMSG_NAME_TO_PORT(dest_name);
	h->msgh_local_port = KMSG_NAME_TO_PORT(reply_name);
	if (MACH_MSGH_BITS_IS_COMPLEX(bits))
		ipc_kmsg_copyout_body(kmsg, space, &mr);
	return mr;
}

/*
 * Routine:	ipc_kmsg_copyout_dest
 * Purpose:
 *	A message too large for the receiver (no MACH_RCV_LARGE) is
 *	dropped: only the destination is copied out (its name goes in the
 *	header for the receiver); every other right is destroyed.  No
 *	send-possible request fires.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Nothing; the kmsg body is emptied (the header stays for reporting).
 */
void
ipc_kmsg_copyout_dest(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = kmsg->ikm_header;
	mach_msg_bits_t bits = h->msgh_bits;
	mach_port_name_t dest_name;

	dest_name = ipc_kmsg_copyout_dest_right(
	    space, h->msgh_remote_port, MACH_MSGH_BITS_REMOTE(bits));
	ipc_object_destroy(
	    ip_to_object(h->msgh_local_port), MACH_MSGH_BITS_LOCAL(bits));
	ipc_kmsg_clean_body(kmsg);
	h->msgh_bits = MACH_MSGH_BITS_SET(0, MACH_MSGH_BITS_REMOTE(bits), 0, 0);
	h->msgh_remote_port = IP_NULL;
	h->msgh_local_port = KMSG_NAME_TO_PORT(dest_name);
}

/* --- Kernel layout -> user layout -------------------------------------- */

static mach_msg_size_t
ipc_kmsg_port_descriptors(ipc_kmsg_t kmsg)
{
	mach_msg_descriptor_t *d;
	mach_msg_size_t i, n = 0;

	KMSG_FOREACH_DESC(kmsg, d, i)
	{
		n += d->type.type == MACH_MSG_PORT_DESCRIPTOR;
	}
	return n;
}

/*
 * Routine:	ipc_kmsg_user_size_complex
 * Purpose:
 *	ipc_kmsg_user_size of a message with descriptors: port descriptors
 *	are wider in the kernel layout.
 * Conditions:
 *	Any.
 * Returns:
 *	The size.
 */
mach_msg_size_t
ipc_kmsg_user_size_complex(ipc_kmsg_t kmsg)
{
	return kmsg->ikm_header->msgh_size - IPC_KMSG_HEADER_GROWTH -
	    ipc_kmsg_port_descriptors(kmsg) * IPC_KMSG_DESC_GROWTH;
}

static mach_msg_size_t
ipc_kmsg_narrow_desc(const mach_msg_descriptor_t *k, uint8_t *u)
{
	mach_msg_user_port_descriptor_t *up = (void *)u;
	mach_msg_ool_descriptor64_t *uo = (void *)u;
	mach_msg_ool_ports_descriptor64_t *uop = (void *)u;

	switch (k->type.type) {
	case MACH_MSG_PORT_DESCRIPTOR:
		memset(up, 0, sizeof(*up));
		up->name = KMSG_PORT_TO_NAME(k->port.name);
		up->disposition = k->port.disposition;
		up->type = MACH_MSG_PORT_DESCRIPTOR;
		return sizeof(*up);
	case MACH_MSG_OOL_PORTS_DESCRIPTOR:
		memset(uop, 0, sizeof(*uop));
		uop->address = (uint64_t)(uintptr_t)k->ool_ports.address;
		uop->deallocate = k->ool_ports.deallocate;
		uop->copy = k->ool_ports.copy;
		uop->disposition = k->ool_ports.disposition;
		uop->type = k->ool_ports.type;
		uop->count = k->ool_ports.count;
		return sizeof(*uop);
	default:
		memset(uo, 0, sizeof(*uo));
		uo->address = (uint64_t)(uintptr_t)k->out_of_line.address;
		uo->deallocate = k->out_of_line.deallocate;
		uo->copy = k->out_of_line.copy;
		uo->type = k->out_of_line.type;
		uo->size = k->out_of_line.size;
		return sizeof(*uo);
	}
}

/* Build the user-layout image of a copied-out message in ubuf. */
static mach_msg_size_t
ipc_kmsg_narrow(ipc_kmsg_t kmsg, uint8_t *ubuf)
{
	mach_msg_header_t *kh = kmsg->ikm_header;
	mach_msg_user_header_t *uh = (void *)ubuf;
	mach_msg_size_t usize = ipc_kmsg_user_size(kmsg), uoff = sizeof(*uh);
	const uint8_t *kp = (const uint8_t *)(kh + 1);

	uh->msgh_bits = kh->msgh_bits & ~MACH_MSGH_BITS_CIRCULAR;
	uh->msgh_size = usize;
	uh->msgh_remote_port = KMSG_PORT_TO_NAME(kh->msgh_remote_port);
	uh->msgh_local_port = KMSG_PORT_TO_NAME(kh->msgh_local_port);
	uh->msgh_voucher_port = 0;
	uh->msgh_id = kh->msgh_id;
	if (MACH_MSGH_BITS_IS_COMPLEX(kh->msgh_bits)) {
		const mach_msg_descriptor_t *kd;
		mach_msg_size_t i,
		    count = ((mach_msg_base_t *)kh)->body.msgh_descriptor_count;

		memcpy(ubuf + uoff, kp, sizeof(mach_msg_body_t));
		uoff += sizeof(mach_msg_body_t);
		kd = (const void *)(kp + sizeof(mach_msg_body_t));
		for (i = 0; i < count; i++)
			uoff += ipc_kmsg_narrow_desc(kd++, ubuf + uoff);
		kp = (const uint8_t *)kd;
	}
	memcpy(ubuf + uoff, kp, usize - uoff);
	return usize;
}

/* Write a trailer of size bytes (ipc_kmsg_trailer_size) at where. */
static void
ipc_kmsg_fill_trailer(ipc_kmsg_t kmsg, mach_msg_size_t size, uint8_t *where)
{
	mach_msg_trailer_t min = {MACH_MSG_TRAILER_FORMAT_0, size};
	mach_msg_max_trailer_t t;

	if (size == sizeof(min)) { /* the usual case: no other field */
		__builtin_memcpy(where, &min, sizeof(min));
		return;
	}
	t = (mach_msg_max_trailer_t){
	    .msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0,
	    .msgh_trailer_size = size,
	    .msgh_seqno = kmsg->ikm_seqno,
	    .msgh_sender = kmsg->ikm_sender,
	    .msgh_audit = kmsg->ikm_audit,
	    .msgh_context = kmsg->ikm_context,
	};
	memcpy(where, &t, size);
}

/*
 * A message without descriptors goes out in place: the user header is
 * written over the end of the (wider) kernel header, right in front of
 * the body, and the trailer right after it, so one copyout does it all.
 */
static inline mach_msg_return_t
ipc_kmsg_put_simple(ipc_kmsg_t kmsg, mach_msg_size_t tsize, uint64_t addr)
{
	mach_msg_header_t *kh = kmsg->ikm_header;
	uint8_t *base = (uint8_t *)kh + IPC_KMSG_HEADER_GROWTH;
	mach_msg_size_t usize = kh->msgh_size - IPC_KMSG_HEADER_GROWTH;
	mach_msg_user_header_t uh = {
	    .msgh_bits = kh->msgh_bits & ~MACH_MSGH_BITS_CIRCULAR,
	    .msgh_size = usize,
	    .msgh_remote_port = KMSG_PORT_TO_NAME(kh->msgh_remote_port),
	    .msgh_local_port = KMSG_PORT_TO_NAME(kh->msgh_local_port),
	    .msgh_voucher_port = 0,
	    .msgh_id = kh->msgh_id,
	};
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	_Static_assert(
	    sizeof(mach_msg_header_t) - sizeof(mach_msg_user_header_t) ==
		IPC_KMSG_HEADER_GROWTH,
	    "the user header ends where the kernel header does");
	ipc_kmsg_copy_user_header(base, &uh);
	if (tsize != 0)
		ipc_kmsg_fill_trailer(kmsg, tsize, base + usize);
	if (md_copyout(base, addr, usize + tsize) != 0)
		mr = MACH_RCV_INVALID_DATA;
	ipc_kmsg_free_inline(kmsg);
	return mr;
}

/* A message with descriptors is narrowed into a user-layout buffer. */
static __attribute__((noinline)) mach_msg_return_t
ipc_kmsg_put_complex(ipc_kmsg_t kmsg, mach_msg_size_t tsize, uint64_t addr)
{
	mach_msg_size_t usize = ipc_kmsg_user_size(kmsg);
	mach_msg_size_t total = usize + tsize;
	uint8_t stackbuf[256], *ubuf = stackbuf;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (total > sizeof(stackbuf) && (ubuf = kalloc(total)) == NULL) {
		ipc_kmsg_free(kmsg);
		return MACH_RCV_INVALID_DATA;
	}
	ipc_kmsg_narrow(kmsg, ubuf);
	if (tsize != 0)
		ipc_kmsg_fill_trailer(kmsg, tsize, ubuf + usize);
	if (md_copyout(ubuf, addr, total) != 0)
		mr = MACH_RCV_INVALID_DATA;
	if (ubuf != stackbuf)
		kfree(ubuf, total);
	ipc_kmsg_free(kmsg);
	return mr;
}

/*
 * Routine:	ipc_kmsg_put_to_user
 * Purpose:
 *	Write a copied-out message to a user buffer, then free the kmsg.
 *	A received message is followed by the trailer option asks for; a
 *	message handed back to its sender (pseudo-receive) has none.
 * Conditions:
 *	Nothing locked.  The buffer was checked to be large enough.
 * Returns:
 *	MACH_MSG_SUCCESS, or MACH_RCV_INVALID_DATA if the buffer is not
 *	writable (the message is then lost, as on XNU).
 */
mach_msg_return_t
ipc_kmsg_put_to_user(
    ipc_kmsg_t kmsg, mach_msg_option_t option, uint64_t addr, bool trailer)
{
	mach_msg_size_t tsize = trailer ? ipc_kmsg_trailer_size(option) : 0;

	if (!MACH_MSGH_BITS_IS_COMPLEX(kmsg->ikm_header->msgh_bits))
		return ipc_kmsg_put_simple(kmsg, tsize, addr);
	return ipc_kmsg_put_complex(kmsg, tsize, addr);
}

/*
 * Routine:	ipc_kmsg_put_to_kernel
 * Purpose:
 *	Copy a received message (kernel layout, rights still held by
 *	pointer) into a kernel buffer: replies to kernel RPCs.
 * Conditions:
 *	Nothing locked; size >= the message size.
 * Returns:
 *	Nothing; frees the kmsg.
 */
void
ipc_kmsg_put_to_kernel(
    ipc_kmsg_t kmsg, mach_msg_header_t *msg, mach_msg_size_t size)
{
	mach_msg_size_t n = kmsg->ikm_header->msgh_size;

	memcpy(msg, kmsg->ikm_header, n < size ? n : size);
	ipc_kmsg_free(kmsg);
}
