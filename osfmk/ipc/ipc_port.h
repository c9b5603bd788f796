/*
 * ipc/ipc_port.h - ports, and the notification request table.
 *
 * A port is a message queue with exactly one receive right and any number
 * of send and send-once rights.  Its receive right is always in one of four
 * states, and every entry point switches on it:
 *
 *	                 MOVE_RECEIVE copyin
 *	   +-----------+ -----------------------> +------------+
 *	   | IN_SPACE  |                          | IN_TRANSIT |
 *	   | receiver, | <----------------------- | destination|
 *	   | name      |     receive copyout      +------------+
 *	   +-----------+                                |
 *	     |      ^   port-destroyed request          | message destroyed
 *	     |      |   rescues it (PORT_DESTROYED      v
 *	     |      |   carries the receive right) +---------+
 *	     |      +------------------------------| IN_LIMBO|
 *	     | receive right destroyed,            +---------+
 *	     | no pdrequest                             |
 *	     v                                          |
 *	   +-----------+ <------------------------------+
 *	   |   DEAD    |  inactive; table frozen; freed at last reference
 *	   +-----------+
 *
 * The notification request table (ip_requests) belongs to the port and is
 * shared by every space that holds rights to it.  Slot 0 is a header; each
 * other slot is free or owned by exactly one (space, name) whose entry's
 * ie_request holds the slot index:
 *
 *	ip_requests
 *	+----------------------+----------------------+----------------------+
 *	| [0] header           | [1] used             | [2] free             |
 *	|  next  = 2 (free hd) |  soright|SPREQ|SPARM |  next = 0 (end)      |
 *	|  name  = capacity(3) |  name  = 0x103       |  name = MACH_PORT_NULL
 *	|  link  = series idx  |  link  = armed list  |  link  = armed list  |
 *	+----------------------+----------------------+----------------------+
 *	  16 bytes per slot: soright/next (8) + name (4) + armed link (4)
 *
 * A slot is in one of these states (spec 5.1), decoded by
 * ipc_port_request_type():
 *
 *	free       name NULL, soright field is the free-list link
 *	dead-name  name, soright                       -> DNREQUEST
 *	sp delayed name, soright|SPREQ                 -> DN|SP|SP_DELAYED
 *	sp armed   name, soright|SPREQ|SPARM           -> DN|SP
 *	sp fired   name, NULL (slot stays allocated)   -> 0
 *
 * Armed send-possible slots are also chained, by index, through the
 * ipr_splink word into a list headed by ip_sparmed (Harbor decision 8), so
 * ipc_port_spnotify costs time in the number of armed requests, not in the
 * size of the table.  A slot carries IPR_SPLINK_ONLIST while it is on that
 * list; stale members (cancelled or fired) are skipped when the list is
 * drained, which sorts it by index so the observable order stays
 * ascending slot index.
 *
 * Locking (fields grouped by lock):
 *
 *	(p)  the port lock (ip_lock, class LCK_CLASS_PORT)
 *	(m)  ipc_port_multiple_lock and the port lock (transit chains)
 *	(s)  the space write lock of the space holding the receive right,
 *	     the port set lock and the port lock (set membership)
 *	(c)  constant after creation
 *
 * A port's request table is only changed with the port locked and active;
 * once the port is dead the table is frozen and may be read unlocked.
 */
#ifndef _IPC_IPC_PORT_H_
#define _IPC_IPC_PORT_H_

#include <ipc/ipc_types.h>
#include <ipc/ipc_object.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/port.h>

typedef enum ipc_port_state {
	IP_STATE_IN_SPACE = 0, /* receive right held by ip_receiver */
	IP_STATE_IN_TRANSIT,   /* receive right inside a message */
	IP_STATE_IN_LIMBO,     /* rescued by a pdrequest, on its way */
	IP_STATE_DEAD,         /* destroyed */
} ipc_port_state_t;

struct ipc_pset_link;

struct ipc_port {
	struct ipc_object ip_object; /* io_lock_data is the port lock */

	/* (p) */
	ipc_port_state_t ip_state;
	union {
		ipc_space_t receiver;   /* IN_SPACE */
		ipc_port_t destination; /* IN_TRANSIT (also (m)) */
		uint32_t timestamp;     /* DEAD */
	} data;
	mach_port_name_t ip_receiver_name;
	struct ipc_mqueue ip_messages;
	mach_port_mscount_t ip_mscount;
	mach_port_rights_t ip_srights;
	mach_port_rights_t ip_sorights;
	ipc_port_t ip_nsrequest;
	ipc_port_t ip_pdrequest;
	ipc_port_request_t ip_requests;
	ipc_port_request_index_t ip_sparmed; /* head of the armed list */
	bool ip_sprequests;                  /* hint: armed requests exist */
	uint64_t ip_context;

	/* (s) */
	struct ipc_pset_link *ip_psets;
	uint32_t ip_pset_count;

	/* (c) */
	ipc_kobject_t ip_kobject;
};

_Static_assert(
    __builtin_offsetof(struct ipc_port, ip_object) == 0, "a port is an object");

#define ip_receiver data.receiver
#define ip_destination data.destination
#define ip_timestamp data.timestamp

#define ip_to_object(p) ((ipc_object_t)(p)) /* ip_object is first */
#define ip_object_to_port(io) ((ipc_port_t)(io))
#define ip_active(p) io_active(ip_to_object(p))
#define ip_kotype(p) io_kotype(ip_to_object(p))
static inline __attribute__((always_inline)) void
ip_lock(ipc_port_t port) HB_ACQUIRE(port->ip_object.io_lock_data)
{
	lck_mtx_lock(&port->ip_object.io_lock_data);
}

static inline __attribute__((always_inline)) void
ip_unlock(ipc_port_t port) HB_RELEASE(port->ip_object.io_lock_data)
{
	lck_mtx_unlock(&port->ip_object.io_lock_data);
}

static inline __attribute__((always_inline)) bool
ip_lock_try(ipc_port_t port) HB_TRY_ACQUIRE(true, port->ip_object.io_lock_data)
{
	return lck_mtx_try_lock(&port->ip_object.io_lock_data);
}
#define ip_lock_held(p) io_lock_held(ip_to_object(p))
#define ip_reference(p) io_reference(ip_to_object(p))
#define ip_release(p) io_release(ip_to_object(p))

#define ip_full_kernel(p) ((p)->ip_messages.imq_msgcount >= IPC_QLIMIT_KERNEL)
#define ip_full(p) \
	((p)->ip_messages.imq_msgcount >= (p)->ip_messages.imq_qlimit)
/* Is the receive right in space s (not in transit or limbo)? */
#define ip_in_space(p, s) \
	((p)->ip_state == IP_STATE_IN_SPACE && (p)->ip_receiver == (s))
#define ip_in_kernel_space(p) ip_in_space(p, ipc_space_kernel)

/*
 * The request table (spec 1.4).  One element per slot, 16 bytes on LP64.
 */
struct ipc_port_request {
	union {
		uintptr_t soright_bits;        /* used: port | IPR_SOR_* bits */
		ipc_port_request_index_t next; /* free: free-list link */
	} notify;
	mach_port_name_t ipr_name; /* used: name; slot 0: capacity */
	uint32_t ipr_splink;       /* armed list; slot 0: series index */
};
#define ipr_soright_bits notify.soright_bits
#define ipr_next notify.next

_Static_assert(sizeof(struct ipc_port_request) <= 16,
    "a request slot is at most 16 bytes");

#define IPR_SOR_SPARM_MASK ((uintptr_t)1) /* send-possible armed */
#define IPR_SOR_SPREQ_MASK ((uintptr_t)2) /* send-possible request */
#define IPR_SOR_SPBIT_MASK ((uintptr_t)3)
#define IPR_SOR_PORT(sor) ((ipc_port_t)((sor) & ~IPR_SOR_SPBIT_MASK))
#define IPR_SOR_MAKE(port, mask) ((uintptr_t)(port) | (mask))
#define IPR_SOR_SPARMED(sor) (((sor)&IPR_SOR_SPARM_MASK) != 0)
#define IPR_SOR_SPREQ(sor) (((sor)&IPR_SOR_SPREQ_MASK) != 0)
_Static_assert(_Alignof(struct ipc_port) >= 4,
    "port pointers leave the two low bits free");

#define IPR_SPLINK_ONLIST 0x80000000u
#define IPR_SPLINK_INDEX(l) ((l) & ~IPR_SPLINK_ONLIST)

#define ITS_SIZE_NONE ((uint32_t)-1)

/* The table size series (Harbor decision 7), in slots including slot 0. */
#define IPC_PORT_REQUEST_SERIES_MAX 20
extern const uint32_t ipc_port_request_series[];
#define IPC_PORT_REQUEST_SLOTS_MAX (1u << 20)

extern lck_mtx_t ipc_port_multiple_lock_data;
#define ipc_port_multiple_lock() lck_mtx_lock(&ipc_port_multiple_lock_data)
#define ipc_port_multiple_unlock() lck_mtx_unlock(&ipc_port_multiple_lock_data)

void ipc_port_init(void);
ipc_port_t ipc_port_alloc_special(ipc_space_t space);
kern_return_t ipc_port_alloc(ipc_space_t space, bool by_name,
    mach_port_name_t *namep, ipc_port_t *portp);
void ipc_port_free(ipc_port_t port);
uint32_t ipc_port_timestamp(void);

/* Request table (ipc_port.c). */
kern_return_t ipc_port_request_alloc(ipc_port_t port, mach_port_name_t name,
    ipc_port_t soright, bool send_possible, bool immediate,
    ipc_port_request_index_t *indexp) HB_REQUIRES(port->ip_object.io_lock_data);
kern_return_t ipc_port_request_grow(ipc_port_t port, uint32_t target_size)
    HB_RELEASE(port->ip_object.io_lock_data);
void ipc_port_request_sparm(ipc_port_t port, mach_port_name_t name,
    ipc_port_request_index_t index) HB_REQUIRES(port->ip_object.io_lock_data);
mach_port_type_t ipc_port_request_type(
    ipc_port_t port, mach_port_name_t name, ipc_port_request_index_t index);
ipc_port_t ipc_port_request_cancel(ipc_port_t port, mach_port_name_t name,
    ipc_port_request_index_t index) HB_REQUIRES(port->ip_object.io_lock_data);
void ipc_port_request_rename(ipc_port_t port, ipc_port_request_index_t index,
    mach_port_name_t oname, mach_port_name_t nname)
    HB_REQUIRES(port->ip_object.io_lock_data);
uint32_t ipc_port_request_table_size(ipc_port_t port);
uint32_t ipc_port_request_used(ipc_port_t port);
void ipc_port_dnnotify(ipc_port_t port);
void ipc_port_spnotify(ipc_port_t port);

/* Life cycle. */
void ipc_port_clear_receiver(ipc_port_t port)
    HB_REQUIRES(port->ip_object.io_lock_data);
void ipc_port_destroy(ipc_port_t port) HB_RELEASE(port->ip_object.io_lock_data);
void ipc_port_pdrequest(ipc_port_t port, ipc_port_t notify,
    ipc_port_t *previousp) HB_RELEASE(port->ip_object.io_lock_data);
void
ipc_port_nsrequest(ipc_port_t port, mach_port_mscount_t sync, ipc_port_t notify,
    ipc_port_t *previousp) HB_RELEASE(port->ip_object.io_lock_data);
bool ipc_port_check_circularity(ipc_port_t port, ipc_port_t dest);

/* Rights the kernel holds in pointers (no name). */
ipc_port_t ipc_port_make_send_locked(ipc_port_t port)
    HB_REQUIRES(port->ip_object.io_lock_data);
ipc_port_t ipc_port_make_send(ipc_port_t port);
ipc_port_t ipc_port_copy_send_locked(ipc_port_t port)
    HB_REQUIRES(port->ip_object.io_lock_data);
ipc_port_t ipc_port_copy_send(ipc_port_t port);
ipc_port_t ipc_port_make_sonce_locked(ipc_port_t port)
    HB_REQUIRES(port->ip_object.io_lock_data);
ipc_port_t ipc_port_make_sonce(ipc_port_t port);
void ipc_port_release_send(ipc_port_t port);
void ipc_port_release_sonce(ipc_port_t port);
void ipc_port_release_receive(ipc_port_t port);
ipc_port_t ipc_port_srights_dec_locked(ipc_port_t port,
    mach_port_mscount_t *mscountp) HB_REQUIRES(port->ip_object.io_lock_data);

#endif /* _IPC_IPC_PORT_H_ */
