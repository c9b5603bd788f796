/*
 * ipc/ipc_object.c - locks and references of IPC objects, and the
 * space-level wrappers that move rights between names and pointers.
 */

/*
 * HB_NO_TSA marks functions that hand a lock across a call boundary in a
 * way clang's analysis cannot follow (an object returned locked through an
 * out-parameter, or a lock taken on one path only).  MACH_LOCK_CHECK
 * still checks their ownership and order at run time.
 */
#include <ipc/ipc_object.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_space.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_notify.h>
#include <kern/debug.h>

/*
 * Routine:	io_lock
 * Purpose:
 *	Lock an object (the port lock or the port-set lock).
 * Conditions:
 *	Respects the lock order (kern/locks.h).
 * Returns:
 *	With the object locked.
 */
void
io_lock(ipc_object_t io)
{
	lck_mtx_lock(&io->io_lock_data);
}

/*
 * Routine:	io_unlock
 * Purpose:
 *	Unlock an object.
 * Conditions:
 *	The object is locked by the caller.
 * Returns:
 *	Nothing.
 */
void
io_unlock(ipc_object_t io)
{
	lck_mtx_unlock(&io->io_lock_data);
}

/*
 * Routine:	io_lock_try
 * Purpose:
 *	Lock an object if it is free.
 * Conditions:
 *	Any.
 * Returns:
 *	true with the object locked, or false.
 */
bool
io_lock_try(ipc_object_t io)
{
	return lck_mtx_try_lock(&io->io_lock_data);
}

/*
 * Routine:	io_free
 * Purpose:
 *	Free an object whose last reference io_release dropped.
 * Conditions:
 *	No reference left.
 * Returns:
 *	Nothing.
 */
void
io_free(ipc_object_t io)
{
	if (io_otype(io) == IOT_PORT_SET)
		ipc_pset_free((ipc_pset_t)io);
	else
		ipc_port_free(ip_object_to_port(io));
}

/*
 * Routine:	ipc_object_is_port_disposition
 * Purpose:
 *	Is msgt_name a disposition that carries a port right?
 * Conditions:
 *	None.
 * Returns:
 *	true or false.
 */
bool
ipc_object_is_port_disposition(mach_msg_type_name_t msgt_name)
{
	return msgt_name >= MACH_MSG_TYPE_MOVE_RECEIVE &&
	    msgt_name <= MACH_MSG_TYPE_MAKE_SEND_ONCE;
}

/*
 * Routine:	ipc_object_translate
 * Purpose:
 *	Find the object behind a name that must hold the given right
 *	(receive right or port set), with a reference.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_NAME,
 *	KERN_INVALID_RIGHT.
 */
kern_return_t
ipc_object_translate(ipc_space_t space, mach_port_name_t name,
    mach_port_right_t right, ipc_object_t *objectp)
{
	mach_port_type_t need = right == MACH_PORT_RIGHT_PORT_SET
	    ? MACH_PORT_TYPE_PORT_SET
	    : MACH_PORT_TYPE_RECEIVE;
	ipc_entry_t entry;
	kern_return_t kr;

	kr = ipc_right_lookup_read(space, name, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	if ((entry->ie_bits & need) == 0) {
		is_read_unlock(space);
		return KERN_INVALID_RIGHT;
	}
	*objectp = entry->ie_object;
	io_reference(*objectp);
	is_read_unlock(space);
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_object_alloc_entry
 * Purpose:
 *	Lock the space and allocate an empty entry, under a kernel-chosen
 *	name (by_name false; the name comes back in *namep) or under *namep.
 * Conditions:
 *	Nothing locked.  On KERN_SUCCESS the space is write-locked and
 *	active, and the caller fills the entry in before unlocking.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_NAME_EXISTS, KERN_NO_SPACE,
 *	KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
ipc_object_alloc_entry(ipc_space_t space, bool by_name, mach_port_name_t *namep,
    ipc_entry_t *entryp) HB_NO_TSA
{
	kern_return_t kr;

	is_write_lock(space);
	if (!is_active(space)) {
		kr = KERN_INVALID_TASK;
	} else if (!by_name) {
		kr = ipc_entry_alloc(space, namep, entryp);
	} else {
		kr = ipc_entry_alloc_name(space, *namep, entryp);
		if (kr == KERN_SUCCESS && IE_BITS_TYPE((*entryp)->ie_bits) != 0)
			kr = KERN_NAME_EXISTS;
	}
	if (kr != KERN_SUCCESS)
		is_write_unlock(space);
	return kr;
}

/*
 * Routine:	ipc_object_alloc_dead
 * Purpose:
 *	Allocate a dead name with one uref, under a new name or (by_name)
 *	under *namep.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	As ipc_object_alloc_entry.
 */
kern_return_t
ipc_object_alloc_dead(ipc_space_t space, bool by_name, mach_port_name_t *namep)
{
	ipc_entry_t entry;
	kern_return_t kr;

	kr = ipc_object_alloc_entry(space, by_name, namep, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	entry->ie_bits |= MACH_PORT_TYPE_DEAD_NAME | 1;
	is_write_unlock(space);
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_object_copyin
 * Purpose:
 *	Take a right out of a space by name (for the kernel: insert, extract,
 *	request_notification).  Dead rights are allowed (IO_DEAD).  A
 *	request cancelled by moving the last right gets its PORT_DELETED.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_NAME,
 *	KERN_INVALID_RIGHT, KERN_INVALID_VALUE.
 */
kern_return_t
ipc_object_copyin(ipc_space_t space, mach_port_name_t name,
    mach_msg_type_name_t msgt_name, ipc_object_t *objectp)
{
	ipc_port_t soright, release;
	ipc_entry_t entry;
	kern_return_t kr;

	kr = ipc_right_lookup_write(space, name, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = ipc_right_copyin(
	    space, name, entry, msgt_name, true, objectp, &soright, &release);
	is_write_unlock(space);
	if (release != IP_NULL)
		ip_release(release);
	if (soright != IP_NULL)
		ipc_notify_port_deleted(soright, name);
	return kr;
}

/*
 * Routine:	ipc_object_copyin_from_kernel
 * Purpose:
 *	The kernel puts a right it holds by pointer into a message: a
 *	MAKE_* disposition creates the right from the receive right the
 *	kernel holds; MOVE_* and COPY_SEND consume or copy a right the
 *	kernel holds.
 * Conditions:
 *	Nothing locked; object is a valid port.
 * Returns:
 *	Nothing.
 */
void
ipc_object_copyin_from_kernel(
    ipc_object_t object, mach_msg_type_name_t msgt_name)
{
	ipc_port_t port = ip_object_to_port(object);

	switch (msgt_name) {
	case MACH_MSG_TYPE_MAKE_SEND:
		ip_lock(port);
		port->ip_mscount++;
		port->ip_srights++;
		ip_reference(port);
		ip_unlock(port);
		break;
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		ip_lock(port);
		port->ip_sorights++;
		ip_reference(port);
		ip_unlock(port);
		break;
	case MACH_MSG_TYPE_COPY_SEND:
		ip_lock(port);
		ipc_port_copy_send_locked(port);
		ip_unlock(port);
		break;
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		ip_lock(port);
		if (port->ip_state != IP_STATE_IN_TRANSIT) {
			port->ip_state = IP_STATE_IN_TRANSIT;
			port->ip_destination = IP_NULL;
		}
		ip_unlock(port);
		break;
	default:
		/* MOVE_SEND, MOVE_SEND_ONCE: the kernel's right moves in. */
		break;
	}
}

/*
 * Routine:	ipc_object_destroy
 * Purpose:
 *	Destroy a right held by pointer (a right in a message being
 *	destroyed): send rights may fire no-senders, send-once rights send
 *	SEND_ONCE, receive rights destroy the port.
 * Conditions:
 *	Nothing locked; msgt_name is a received type (PORT_*).
 * Returns:
 *	Nothing.
 */
void
ipc_object_destroy(ipc_object_t object, mach_msg_type_name_t msgt_name)
{
	ipc_port_t port = ip_object_to_port(object);

	if (!IO_VALID(object))
		return;
	switch (msgt_name) {
	case MACH_MSG_TYPE_PORT_SEND:
		ipc_port_release_send(port);
		break;
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		ipc_notify_send_once(port);
		break;
	case MACH_MSG_TYPE_PORT_RECEIVE:
		ipc_port_release_receive(port);
		break;
	default:
		panic("ipc_object_destroy: bad type %u", msgt_name);
	}
}

/* Find or make the entry a right lands in. */
static kern_return_t
ipc_object_copyout_entry(ipc_space_t space, ipc_object_t object,
    mach_msg_type_name_t msgt_name, mach_port_name_t *namep,
    ipc_entry_t *entryp) HB_NO_TSA
{
	if (msgt_name != MACH_MSG_TYPE_PORT_SEND_ONCE &&
	    ipc_right_reverse(space, object, namep, entryp))
		return KERN_SUCCESS;
	return ipc_entry_alloc(space, namep, entryp);
}

/* A right whose port died in flight arrives as MACH_PORT_DEAD. */
static void
ipc_object_copyout_dead(ipc_object_t object, mach_msg_type_name_t msgt_name)
{
	ipc_port_t port = ip_object_to_port(object);

	if (msgt_name == MACH_MSG_TYPE_PORT_SEND_ONCE)
		ipc_port_release_sonce(port);
	else if (msgt_name == MACH_MSG_TYPE_PORT_SEND)
		ipc_port_release_send(port);
	else
		ip_release(port);
}

/*
 * Routine:	ipc_object_copyout
 * Purpose:
 *	Give a right held by pointer to a space, under a kernel-chosen name
 *	(or the name it already has there, for send and receive rights).
 * Conditions:
 *	Nothing locked.  Consumes the right on success; on failure the
 *	caller still owns it.
 * Returns:
 *	KERN_SUCCESS		*namep (MACH_PORT_DEAD if the port died)
 *	KERN_INVALID_TASK, KERN_NO_SPACE, KERN_RESOURCE_SHORTAGE,
 *	KERN_UREFS_OVERFLOW
 */
kern_return_t
ipc_object_copyout(ipc_space_t space, ipc_object_t object,
    mach_msg_type_name_t msgt_name, bool overflow,
    mach_port_name_t *namep) HB_NO_TSA
{
	ipc_port_t port = ip_object_to_port(object);
	ipc_entry_t entry;
	kern_return_t kr;

	is_write_lock(space);
	if (!is_active(space)) {
		is_write_unlock(space);
		return KERN_INVALID_TASK;
	}
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		is_write_unlock(space);
		ipc_object_copyout_dead(object, msgt_name);
		*namep = MACH_PORT_DEAD;
		return KERN_SUCCESS;
	}
	ip_unlock(port);
	kr = ipc_object_copyout_entry(space, object, msgt_name, namep, &entry);
	if (kr != KERN_SUCCESS) {
		is_write_unlock(space);
		return kr;
	}
	ip_lock(port);
	if (!ip_active(port)) {
		/* Died while we looked: the new entry is not needed. */
		ip_unlock(port);
		if (IE_BITS_TYPE(entry->ie_bits) == 0)
			ipc_entry_dealloc(space, *namep, entry);
		is_write_unlock(space);
		ipc_object_copyout_dead(object, msgt_name);
		*namep = MACH_PORT_DEAD;
		return KERN_SUCCESS;
	}
	kr = ipc_right_copyout(
	    space, *namep, entry, msgt_name, overflow, object);
	if (kr != KERN_SUCCESS && IE_BITS_TYPE(entry->ie_bits) == 0)
		ipc_entry_dealloc(space, *namep, entry);
	is_write_unlock(space);
	return kr;
}

/*
 * Routine:	ipc_object_copyout_name
 * Purpose:
 *	Give a right to a space under a caller-chosen name
 *	(mach_port_insert_right).  The name must be free, or already denote
 *	the same port for a send or receive right.
 * Conditions:
 *	Nothing locked.  Consumes the right on success.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_NAME_EXISTS,
 *	KERN_RIGHT_EXISTS, KERN_INVALID_CAPABILITY (port dead),
 *	KERN_UREFS_OVERFLOW, KERN_NO_SPACE, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
ipc_object_copyout_name(ipc_space_t space, ipc_object_t object,
    mach_msg_type_name_t msgt_name, mach_port_name_t name) HB_NO_TSA
{
	ipc_port_t port = ip_object_to_port(object);
	mach_port_name_t oname;
	ipc_entry_t entry, oentry;
	kern_return_t kr;

	is_write_lock(space);
	if (!is_active(space)) {
		is_write_unlock(space);
		return KERN_INVALID_TASK;
	}
	kr = ipc_entry_alloc_name(space, name, &entry);
	if (kr != KERN_SUCCESS) {
		is_write_unlock(space);
		return kr;
	}
	if (msgt_name != MACH_MSG_TYPE_PORT_SEND_ONCE &&
	    ipc_right_reverse(space, object, &oname, &oentry)) {
		/* The space already names this port: only under name. */
		if (oname != name) {
			if (IE_BITS_TYPE(entry->ie_bits) == 0)
				ipc_entry_dealloc(space, name, entry);
			is_write_unlock(space);
			return KERN_RIGHT_EXISTS;
		}
	} else if (IE_BITS_TYPE(entry->ie_bits) != 0) {
		is_write_unlock(space);
		return KERN_NAME_EXISTS;
	}
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		if (IE_BITS_TYPE(entry->ie_bits) == 0)
			ipc_entry_dealloc(space, name, entry);
		is_write_unlock(space);
		return KERN_INVALID_CAPABILITY;
	}
	kr = ipc_right_copyout(space, name, entry, msgt_name, false, object);
	if (kr != KERN_SUCCESS && IE_BITS_TYPE(entry->ie_bits) == 0)
		ipc_entry_dealloc(space, name, entry);
	is_write_unlock(space);
	return kr;
}
