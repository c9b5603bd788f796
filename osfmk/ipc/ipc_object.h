/*
 * ipc/ipc_object.h - what ports and port sets have in common.
 *
 * Every IPC object starts with struct ipc_object: a bits word, a reference
 * count and the object lock.  The lock of a port is "the port lock" (class
 * LCK_CLASS_PORT); the lock of a port set is class LCK_CLASS_PSET.
 *
 *	io_bits:  31     30..16      15..12    11..0
 *	        +------+-----------+---------+----------+
 *	        |active| obj type  | (spare) | kobj type|
 *	        +------+-----------+---------+----------+
 *
 * References: each right held in a space or in a message, each in-flight
 * kernel pointer, holds one reference.  The object is freed (its request
 * table too, for a port) when the last reference goes.
 */
#ifndef _IPC_IPC_OBJECT_H_
#define _IPC_IPC_OBJECT_H_

#include <ipc/ipc_types.h>
#include <kern/locks.h>

struct ipc_object {
	ipc_object_bits_t io_bits;
	uint32_t io_references; /* atomic */
	lck_mtx_t io_lock_data;
};

#define IO_BITS_ACTIVE 0x80000000u
#define IO_BITS_OTYPE 0x7fff0000u
#define IO_BITS_KOTYPE 0x00000fffu
_Static_assert((IO_BITS_ACTIVE & IO_BITS_OTYPE) == 0, "io_bits overlap");
_Static_assert((IO_BITS_OTYPE & IO_BITS_KOTYPE) == 0, "io_bits overlap");

#define IOT_PORT 0
#define IOT_PORT_SET 1
#define IOT_NUMBER 2

#define io_otype(io) (((io)->io_bits & IO_BITS_OTYPE) >> 16)
#define io_kotype(io) ((io)->io_bits & IO_BITS_KOTYPE)
#define io_active(io) (((io)->io_bits & IO_BITS_ACTIVE) != 0)
#define io_makebits(active, otype, kotype) \
	(((active) ? IO_BITS_ACTIVE : 0) | ((otype) << 16) | (kotype))

void io_lock(ipc_object_t io) HB_ACQUIRE(io->io_lock_data);
void io_unlock(ipc_object_t io) HB_RELEASE(io->io_lock_data);
bool io_lock_try(ipc_object_t io) HB_TRY_ACQUIRE(true, io->io_lock_data);
#define io_lock_held(io) lck_mtx_held(&(io)->io_lock_data)

void io_free(ipc_object_t io);

/*
 * Routine:	io_reference
 * Purpose:
 *	Take a reference (inline: every message takes and drops some).
 * Conditions:
 *	The caller already holds a reference (or the object lock of a live
 *	object).
 * Returns:
 *	Nothing.
 */
static inline __attribute__((always_inline)) void
io_reference(ipc_object_t io)
{
	uint32_t old =
	    __atomic_fetch_add(&io->io_references, 1, __ATOMIC_RELAXED);

	assert(old > 0);
	(void)old;
}

/*
 * Routine:	io_release
 * Purpose:
 *	Drop a reference; the last one frees the object (io_free).
 * Conditions:
 *	The caller does not hold the object's lock.
 * Returns:
 *	Nothing.
 */
static inline __attribute__((always_inline)) void
io_release(ipc_object_t io)
{
	uint32_t old =
	    __atomic_fetch_sub(&io->io_references, 1, __ATOMIC_ACQ_REL);

	assert(old > 0);
	if (old == 1)
		io_free(io);
}

/*
 * Rights moving between spaces and messages (ipc_object.c).
 */
kern_return_t
ipc_object_alloc_dead(ipc_space_t space, bool by_name, mach_port_name_t *namep);
kern_return_t ipc_object_translate(ipc_space_t space, mach_port_name_t name,
    mach_port_right_t right, ipc_object_t *objectp);
kern_return_t ipc_object_copyin(ipc_space_t space, mach_port_name_t name,
    mach_msg_type_name_t msgt_name, ipc_object_t *objectp);
void ipc_object_copyin_from_kernel(
    ipc_object_t object, mach_msg_type_name_t msgt_name);
void ipc_object_destroy(ipc_object_t object, mach_msg_type_name_t msgt_name);
kern_return_t ipc_object_copyout(ipc_space_t space, ipc_object_t object,
    mach_msg_type_name_t msgt_name, bool overflow, mach_port_name_t *namep);
kern_return_t ipc_object_copyout_name(ipc_space_t space, ipc_object_t object,
    mach_msg_type_name_t msgt_name, mach_port_name_t name);

/*
 * Routine:	ipc_object_copyin_type
 * Purpose:
 *	The right a disposition delivers (MAKE_SEND -> PORT_SEND, ...).
 *	Inline: every right a message carries is typed with it.
 * Conditions:
 *	None.
 * Returns:
 *	The received type name.
 */
static inline mach_msg_type_name_t
ipc_object_copyin_type(mach_msg_type_name_t msgt_name)
{
	switch (msgt_name) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return MACH_MSG_TYPE_PORT_RECEIVE;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
		return MACH_MSG_TYPE_PORT_SEND;
	default:
		return 0;
	}
}

bool ipc_object_is_port_disposition(mach_msg_type_name_t msgt_name);

#endif /* _IPC_IPC_OBJECT_H_ */
