/*
 * ipc/ipc_right.c - operations on the rights one name denotes.
 *
 * Conventions used throughout:
 *
 *  - "check" is ipc_right_check: a send or send-once entry whose port has
 *    died is converted to a dead name when something first touches it,
 *    with one extra uref if its request slot still held a right (the
 *    DEAD_NAME notification the port layer sent "carries" that uref).
 *    The port reference the entry held is handed back to the caller, who
 *    drops it after unlocking the space (Harbor decision 1).
 *
 *  - "cancel" is ipc_right_request_cancel: the entry's request slot is
 *    freed and its send-once right collected; after every lock is
 *    released the caller sends it a PORT_DELETED notification.
 *
 *  - Notifications are collected in a struct ipc_right_notes and sent by
 *    ipc_right_notes_send() after the space is unlocked, in the order of
 *    spec 10.21: port destruction effects or SEND_ONCE first, then
 *    NO_SENDERS, then PORT_DELETED.
 */

/*
 * HB_NO_TSA marks functions that hand a lock across a call boundary in a
 * way clang's analysis cannot follow (an object returned locked through an
 * out-parameter, or a lock taken on one path only).  MACH_LOCK_CHECK
 * still checks their ownership and order at run time.
 */
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <ipc/ipc_entry.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_notify.h>
#include <kern/debug.h>

/* What an operation owes after it has unlocked everything. */
struct ipc_right_notes {
	ipc_port_t release;   /* port reference to drop (from check) */
	ipc_port_t send_once; /* send a SEND_ONCE notification to it */
	ipc_port_t destroy;   /* receive right to destroy (port locked) */
	ipc_port_t nsrequest; /* NO_SENDERS(mscount) */
	mach_port_mscount_t mscount;
	ipc_port_t port_deleted; /* PORT_DELETED(name) */
	mach_port_name_t name;
};

static void
ipc_right_notes_send(struct ipc_right_notes *n) HB_NO_TSA
{
	if (n->destroy != IP_NULL) {
		ipc_port_clear_receiver(n->destroy);
		ipc_port_destroy(n->destroy);
	}
	if (n->send_once != IP_NULL)
		ipc_notify_send_once(n->send_once);
	if (n->nsrequest != IP_NULL)
		ipc_notify_no_senders(n->nsrequest, n->mscount);
	if (n->port_deleted != IP_NULL)
		ipc_notify_port_deleted(n->port_deleted, n->name);
	if (n->release != IP_NULL)
		ip_release(n->release);
}

static inline ipc_port_t
ipc_right_port(ipc_entry_t entry)
{
	return ip_object_to_port(entry->ie_object);
}

/*
 * Routine:	ipc_right_lookup_write
 * Purpose:
 *	Look a name up and leave the space write-locked.
 * Conditions:
 *	Nothing locked.  On success the space is write-locked and active.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK (space dead), KERN_INVALID_NAME.
 */
kern_return_t
ipc_right_lookup_write(
    ipc_space_t space, mach_port_name_t name, ipc_entry_t *entryp)
{
	ipc_entry_t entry;

	is_write_lock(space);
	if (!is_active(space)) {
		is_write_unlock(space);
		return KERN_INVALID_TASK;
	}
	entry = ipc_entry_lookup(space, name);
	if (entry == IE_NULL) {
		is_write_unlock(space);
		return KERN_INVALID_NAME;
	}
	*entryp = entry;
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_right_lookup_read
 * Purpose:
 *	Look a name up and leave the space read-locked.
 * Conditions:
 *	Nothing locked.  On success the space is read-locked and active.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_NAME.
 */
kern_return_t
ipc_right_lookup_read(
    ipc_space_t space, mach_port_name_t name, ipc_entry_t *entryp)
{
	ipc_entry_t entry;

	is_read_lock(space);
	if (!is_active(space)) {
		is_read_unlock(space);
		return KERN_INVALID_TASK;
	}
	entry = ipc_entry_lookup(space, name);
	if (entry == IE_NULL) {
		is_read_unlock(space);
		return KERN_INVALID_NAME;
	}
	*entryp = entry;
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_right_reverse
 * Purpose:
 *	Find the name under which space already holds a right that a send
 *	right for object would merge into: the receive right's name, or a
 *	send right's (reverse hash).
 * Conditions:
 *	The space is write-locked and active; object is a port.
 * Returns:
 *	true with name and entry, or false.
 */
bool
ipc_right_reverse(ipc_space_t space, ipc_object_t object,
    mach_port_name_t *namep, ipc_entry_t *entryp)
{
	ipc_port_t port = ip_object_to_port(object);
	mach_port_name_t name = MACH_PORT_NULL;

	assert(is_write_lock_held(space));
	ip_lock(port);
	if (ip_in_space(port, space))
		name = port->ip_receiver_name;
	ip_unlock(port);
	if (name != MACH_PORT_NULL) {
		*namep = name;
		*entryp = ipc_entry_lookup(space, name);
		assert(*entryp != IE_NULL);
		return true;
	}
	return ipc_hash_lookup(space, object, namep, entryp);
}

/*
 * Routine:	ipc_right_request_cancel
 * Purpose:
 *	Cancel the entry's request, if any, and hand back its send-once
 *	right (IP_NULL for a fired send-possible slot).
 * Conditions:
 *	The space is write-locked (or inactive and owned by the caller);
 *	the port is locked and active; entry refers to port.
 * Returns:
 *	The right, for a PORT_DELETED notification or for the caller.
 */
ipc_port_t
ipc_right_request_cancel(ipc_space_t space, ipc_port_t port,
    mach_port_name_t name, ipc_entry_t entry)
{
	ipc_port_t previous;

	assert(is_write_lock_held(space) || !is_active(space));
	assert(ip_lock_held(port) && ip_active(port));
	assert(entry->ie_object == ip_to_object(port));
	if (entry->ie_request == IE_REQ_NONE)
		return IP_NULL;
	previous = ipc_port_request_cancel(port, name, entry->ie_request);
	entry->ie_request = IE_REQ_NONE;
	return previous;
}

/*
 * Routine:	ipc_right_inuse
 * Purpose:
 *	Does the entry hold any right?
 * Conditions:
 *	The space is locked.
 * Returns:
 *	true or false.
 */
bool
ipc_right_inuse(ipc_entry_t entry)
{
	return IE_BITS_TYPE(entry->ie_bits) != 0;
}

/*
 * Routine:	ipc_right_check
 * Purpose:
 *	Lazy dead-name conversion (spec 4.3).  If the entry's port is alive,
 *	leave it locked.  Otherwise turn the entry into a dead name keeping
 *	its urefs, plus one if its request slot still held a right, and
 *	clear the request.
 * Conditions:
 *	The space is write-locked and active; the port is unlocked; entry
 *	holds a send or send-once right for port.
 * Returns:
 *	false: the port is alive and now locked.
 *	true:  converted, port unlocked; the entry's port reference is the
 *	       caller's, to drop after unlocking the space.
 */
bool
ipc_right_check(ipc_space_t space, ipc_port_t port, mach_port_name_t name,
    ipc_entry_t entry)
{
	ipc_entry_bits_t bits = entry->ie_bits;
	mach_port_urefs_t urefs = IE_BITS_UREFS(bits);

	assert(is_write_lock_held(space) && is_active(space));
	assert(entry->ie_object == ip_to_object(port));
	ip_lock(port);
	if (ip_active(port))
		return false;
	ip_unlock(port);
	assert((bits & MACH_PORT_TYPE_RECEIVE) == 0);
	assert(bits & MACH_PORT_TYPE_SEND_RIGHTS);
	if (bits & MACH_PORT_TYPE_SEND)
		ipc_hash_delete(space, ip_to_object(port), name, entry);
	if (entry->ie_request != IE_REQ_NONE) {
		if (ipc_port_request_type(port, name, entry->ie_request) != 0)
			urefs++;
		entry->ie_request = IE_REQ_NONE;
	}
	entry->ie_bits = IE_BITS_GEN(bits) | MACH_PORT_TYPE_DEAD_NAME | urefs;
	entry->ie_object = IO_NULL;
	return true;
}

/* --- Request registration (spec 4.1) ---------------------------------- */

/* Outcome of one pass of the request_alloc loop. */
enum ipc_request_step {
	IPC_REQUEST_DONE,  /* *krp is the result; everything unlocked */
	IPC_REQUEST_RETRY, /* the table grew: look the name up again */
	IPC_REQUEST_DEAD,  /* the port died: continue on the dead name */
};

/* The live-port cases of 4.1 step 4.  Port locked on entry. */
static enum ipc_request_step
ipc_right_request_alloc_live(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, ipc_port_t port, bool immediate, bool send_possible,
    ipc_port_t notify, ipc_port_t *previousp, kern_return_t *krp) HB_NO_TSA
{
	ipc_port_request_index_t index;
	ipc_port_t previous;
	kern_return_t kr;

	if (notify == IP_NULL ||
	    (send_possible && immediate &&
		((entry->ie_bits & MACH_PORT_TYPE_SEND_ONCE) ||
		    ip_in_kernel_space(port) || !ip_full(port)))) {
		previous =
		    ipc_right_request_cancel_macro(space, port, name, entry);
		ip_unlock(port);
		is_write_unlock(space);
		if (notify != IP_NULL)
			ipc_notify_send_possible(notify, name);
		*previousp = previous;
		*krp = KERN_SUCCESS;
		return IPC_REQUEST_DONE;
	}

	/* Cancelling first frees the old slot, which the alloc reuses. */
	previous = ipc_right_request_cancel_macro(space, port, name, entry);
	kr = ipc_port_request_alloc(
	    port, name, notify, send_possible, immediate, &index);
	if (kr == KERN_SUCCESS) {
		entry->ie_request = index;
		ip_unlock(port);
		is_write_unlock(space);
		*previousp = previous;
		*krp = KERN_SUCCESS;
		return IPC_REQUEST_DONE;
	}
	assert(previous == IP_NULL);
	is_write_unlock(space);
	kr = ipc_port_request_grow(port, ITS_SIZE_NONE);
	if (kr != KERN_SUCCESS) {
		*krp = kr;
		return IPC_REQUEST_DONE;
	}
	return IPC_REQUEST_RETRY;
}

/* The dead-name branch and the errors of 4.1 steps 5 and 6. */
static kern_return_t
ipc_right_request_alloc_dead(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, bool immediate, bool send_possible, ipc_port_t notify,
    ipc_port_t release) HB_NO_TSA
{
	ipc_entry_bits_t bits = entry->ie_bits;
	kern_return_t kr = KERN_INVALID_RIGHT;

	if ((send_possible || immediate) && notify != IP_NULL &&
	    (bits & MACH_PORT_TYPE_DEAD_NAME)) {
		if (IE_BITS_UREFS(bits) == MACH_PORT_UREFS_MAX) {
			kr = KERN_UREFS_OVERFLOW;
		} else {
			entry->ie_bits = bits + 1;
			is_write_unlock(space);
			if (release != IP_NULL)
				ip_release(release);
			ipc_notify_dead_name(notify, name);
			return KERN_SUCCESS;
		}
	} else if (bits &
	    (MACH_PORT_TYPE_PORT_RIGHTS | MACH_PORT_TYPE_DEAD_NAME)) {
		kr = KERN_INVALID_ARGUMENT;
	}
	is_write_unlock(space);
	if (release != IP_NULL)
		ip_release(release);
	return kr;
}

/*
 * Routine:	ipc_right_request_alloc
 * Purpose:
 *	Register, replace or cancel the dead-name or send-possible request
 *	of a name (spec 4.1, every row of its decision table).  Replacing is
 *	atomic: the old slot is reused and its right returned in previous.
 *	Send-possible with immediate fires at once when sending is possible
 *	now; on a dead name a DEAD_NAME notification fires at once (with a
 *	new uref) for send-possible requests and immediate dead-name ones.
 * Conditions:
 *	Nothing locked.  May allocate (table growth).  notify is consumed
 *	only on success; on failure the caller still owns it.
 * Returns:
 *	KERN_SUCCESS		previous = the replaced right, or IP_NULL
 *	KERN_INVALID_TASK	the space is dead
 *	KERN_INVALID_NAME	no such name
 *	KERN_INVALID_RIGHT	a port set
 *	KERN_INVALID_ARGUMENT	a dead name without sync, or cancelling on
 *				a name whose port has died
 *	KERN_UREFS_OVERFLOW	the dead name already has 65535 urefs
 *	KERN_RESOURCE_SHORTAGE	the table cannot grow
 */
kern_return_t
ipc_right_request_alloc(ipc_space_t space, mach_port_name_t name,
    bool immediate, bool send_possible, ipc_port_t notify,
    ipc_port_t *previousp) HB_NO_TSA
{
	ipc_port_t release = IP_NULL, port;
	enum ipc_request_step step;
	ipc_entry_t entry;
	kern_return_t kr;

	*previousp = IP_NULL;
	do {
		kr = ipc_right_lookup_write(space, name, &entry);
		if (kr != KERN_SUCCESS)
			return kr;
		if (notify == IP_NULL && entry->ie_request == IE_REQ_NONE) {
			is_write_unlock(space);
			return KERN_SUCCESS;
		}
		if ((entry->ie_bits & MACH_PORT_TYPE_PORT_RIGHTS) == 0)
			break;
		port = ipc_right_port(entry);
		if (ipc_right_check(space, port, name, entry)) {
			release = port;
			break;
		}
		step = ipc_right_request_alloc_live(space, name, entry, port,
		    immediate, send_possible, notify, previousp, &kr);
		if (step == IPC_REQUEST_DONE)
			return kr;
	} while (true);
	return ipc_right_request_alloc_dead(
	    space, name, entry, immediate, send_possible, notify, release);
}

/* --- Losing rights ----------------------------------------------------- */

/*
 * Release the rights of a live port entry that is going away entirely:
 * collect what must be sent (cancelled request, no-senders, send-once,
 * receive destruction).  The port is locked on entry and stays locked
 * only if a receive right is to be destroyed (n->destroy).
 */
static void
ipc_right_drop_port_locked(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, ipc_port_t port, mach_port_type_t type,
    struct ipc_right_notes *n) HB_NO_TSA
{
	n->port_deleted =
	    ipc_right_request_cancel_macro(space, port, name, entry);
	n->name = name;
	if (type & MACH_PORT_TYPE_SEND)
		n->nsrequest = ipc_port_srights_dec_locked(port, &n->mscount);
	if (type & MACH_PORT_TYPE_RECEIVE) {
		assert(port->ip_receiver == space);
		n->destroy = port; /* consumes the entry's reference */
		return;
	}
	ip_unlock(port);
	if (type & MACH_PORT_TYPE_SEND_ONCE)
		n->send_once = port; /* consumes the entry's reference */
	else
		n->release = port;
}

/*
 * Routine:	ipc_right_terminate
 * Purpose:
 *	Clean up one right of a dying space (spec 4.4; XNU's
 *	ipc_right_clean).  Outstanding requests give PORT_DELETED.
 * Conditions:
 *	The space is inactive and unlocked (owned by the terminating
 *	thread); the entry is not freed here.
 * Returns:
 *	Nothing.
 */
void
ipc_right_terminate(
    ipc_space_t space, mach_port_name_t name, ipc_entry_t entry) HB_NO_TSA
{
	mach_port_type_t type = IE_BITS_TYPE(entry->ie_bits);
	struct ipc_right_notes n = {0};
	ipc_port_t port;

	assert(!is_active(space));
	if (type & MACH_PORT_TYPE_DEAD_NAME) {
		assert(entry->ie_request == IE_REQ_NONE);
		return;
	}
	if (type & MACH_PORT_TYPE_PORT_SET) {
		ipc_pset_destroy((ipc_pset_t)entry->ie_object);
		entry->ie_object = IO_NULL;
		return;
	}
	port = ipc_right_port(entry);
	if (type & MACH_PORT_TYPE_RECEIVE)
		ipc_pset_remove_from_all(port);
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		entry->ie_request = IE_REQ_NONE;
		entry->ie_object = IO_NULL;
		ip_release(port);
		return;
	}
	ipc_right_drop_port_locked(space, name, entry, port, type, &n);
	entry->ie_object = IO_NULL;
	ipc_right_notes_send(&n);
}

/*
 * Routine:	ipc_right_destroy
 * Purpose:
 *	mach_port_destroy: remove every right the name denotes (spec 4.5).
 *	An unconverted dead entry goes silently: no PORT_DELETED and no uref
 *	accounting (gotcha 8).
 * Conditions:
 *	The space is write-locked and active; returns with it unlocked.
 *	Notifications are sent after unlocking (xnu-2050 form).
 * Returns:
 *	KERN_SUCCESS.
 */
kern_return_t
ipc_right_destroy(
    ipc_space_t space, mach_port_name_t name, ipc_entry_t entry) HB_NO_TSA
{
	mach_port_type_t type = IE_BITS_TYPE(entry->ie_bits);
	struct ipc_right_notes n = {0};
	ipc_port_t port;

	assert(is_write_lock_held(space) && is_active(space));
	if (type & (MACH_PORT_TYPE_DEAD_NAME | MACH_PORT_TYPE_PORT_SET)) {
		ipc_object_t object = entry->ie_object;

		entry->ie_object = IO_NULL;
		ipc_entry_dealloc(space, name, entry);
		if (type & MACH_PORT_TYPE_PORT_SET)
			ipc_pset_destroy((ipc_pset_t)object);
		is_write_unlock(space);
		return KERN_SUCCESS;
	}
	port = ipc_right_port(entry);
	if (type == MACH_PORT_TYPE_SEND)
		ipc_hash_delete(space, ip_to_object(port), name, entry);
	if (type & MACH_PORT_TYPE_RECEIVE)
		ipc_pset_remove_from_all(port);
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		entry->ie_request = IE_REQ_NONE;
		n.release = port;
	} else {
		ipc_right_drop_port_locked(space, name, entry, port, type, &n);
	}
	entry->ie_object = IO_NULL;
	ipc_entry_dealloc(space, name, entry);
	is_write_unlock(space);
	ipc_right_notes_send(&n);
	return KERN_SUCCESS;
}

/* Drop delta (< 0) urefs of a dead name, freeing it at zero. */
static void
ipc_right_dead_name_delta(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, mach_port_delta_t delta)
{
	mach_port_urefs_t urefs = IE_BITS_UREFS(entry->ie_bits);

	assert(entry->ie_bits & MACH_PORT_TYPE_DEAD_NAME);
	assert(entry->ie_request == IE_REQ_NONE);
	if ((int64_t)urefs + delta == 0)
		ipc_entry_dealloc(space, name, entry);
	else
		entry->ie_bits = (ipc_entry_bits_t)(entry->ie_bits + delta);
}

/* Give up one uref of a live send right (port locked, then unlocked). */
static void
ipc_right_send_drop_locked(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, ipc_port_t port, struct ipc_right_notes *n) HB_NO_TSA
{
	ipc_entry_bits_t bits = entry->ie_bits;

	if (IE_BITS_UREFS(bits) > 1) {
		entry->ie_bits = bits - 1;
		ip_unlock(port);
		return;
	}
	n->nsrequest = ipc_port_srights_dec_locked(port, &n->mscount);
	if (bits & MACH_PORT_TYPE_RECEIVE) {
		/* The request belongs to the receive right's name now. */
		entry->ie_bits =
		    bits & ~(MACH_PORT_TYPE_SEND | IE_BITS_UREFS_MASK);
		ip_unlock(port);
		return;
	}
	n->port_deleted =
	    ipc_right_request_cancel_macro(space, port, name, entry);
	n->name = name;
	ipc_hash_delete(space, ip_to_object(port), name, entry);
	ip_unlock(port);
	entry->ie_object = IO_NULL;
	ipc_entry_dealloc(space, name, entry);
	n->release = port;
}

/*
 * Routine:	ipc_right_dealloc
 * Purpose:
 *	mach_port_deallocate: drop one uref of a send, send-once or dead
 *	name right (spec 4.6).
 * Conditions:
 *	The space is write-locked and active; returns with it unlocked.
 * Returns:
 *	KERN_SUCCESS, or KERN_INVALID_RIGHT (receive-only, port set).
 */
kern_return_t
ipc_right_dealloc(
    ipc_space_t space, mach_port_name_t name, ipc_entry_t entry) HB_NO_TSA
{
	ipc_entry_bits_t bits = entry->ie_bits;
	struct ipc_right_notes n = {0};
	ipc_port_t port = ipc_right_port(entry);

	assert(is_write_lock_held(space) && is_active(space));
	if ((bits & MACH_PORT_TYPE_SEND_RIGHTS) != 0 &&
	    ipc_right_check(space, port, name, entry)) {
		n.release = port;
		bits = entry->ie_bits;
	}
	if (bits & MACH_PORT_TYPE_DEAD_NAME) {
		ipc_right_dead_name_delta(space, name, entry, -1);
	} else if (bits & MACH_PORT_TYPE_SEND_ONCE) {
		n.port_deleted =
		    ipc_right_request_cancel_macro(space, port, name, entry);
		n.name = name;
		ip_unlock(port);
		entry->ie_object = IO_NULL;
		ipc_entry_dealloc(space, name, entry);
		n.send_once = port;
	} else if (bits & MACH_PORT_TYPE_SEND) {
		ipc_right_send_drop_locked(space, name, entry, port, &n);
	} else {
		is_write_unlock(space);
		return KERN_INVALID_RIGHT;
	}
	is_write_unlock(space);
	ipc_right_notes_send(&n);
	return KERN_SUCCESS;
}

/* mod_refs(RECEIVE, -1): spec 4.7 and gotcha 3. */
static void
ipc_right_delta_receive(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, struct ipc_right_notes *n) HB_NO_TSA
{
	ipc_entry_bits_t bits = entry->ie_bits;
	ipc_port_t port = ipc_right_port(entry);
	mach_port_urefs_t urefs = IE_BITS_UREFS(bits);

	ipc_pset_remove_from_all(port);
	ip_lock(port);
	assert(ip_active(port) && port->ip_receiver == space);
	if ((bits & MACH_PORT_TYPE_SEND) && port->ip_pdrequest != IP_NULL) {
		/* Rescued: the name keeps a plain send right and its request. */
		entry->ie_bits = bits & ~MACH_PORT_TYPE_RECEIVE;
		ipc_hash_insert(space, ip_to_object(port), name, entry);
		ip_reference(port);
	} else if (bits & MACH_PORT_TYPE_SEND) {
		/* Dies with the port; the request stays for its DEAD_NAME. */
		if (entry->ie_request != IE_REQ_NONE) {
			if (ipc_port_request_type(
				port, name, entry->ie_request) != 0)
				urefs++;
			entry->ie_request = IE_REQ_NONE;
		}
		entry->ie_bits =
		    IE_BITS_GEN(bits) | MACH_PORT_TYPE_DEAD_NAME | urefs;
		entry->ie_object = IO_NULL;
	} else {
		n->port_deleted =
		    ipc_right_request_cancel_macro(space, port, name, entry);
		n->name = name;
		entry->ie_object = IO_NULL;
		ipc_entry_dealloc(space, name, entry);
	}
	n->destroy = port;
}

/* mod_refs on a send-once right. */
static kern_return_t
ipc_right_delta_send_once(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, mach_port_delta_t delta,
    struct ipc_right_notes *n) HB_NO_TSA
{
	ipc_port_t port = ipc_right_port(entry);

	if (ipc_right_check(space, port, name, entry)) {
		n->release = port;
		return KERN_INVALID_RIGHT;
	}
	if (delta != 0 && delta != -1) {
		ip_unlock(port);
		return KERN_INVALID_VALUE;
	}
	if (delta == 0) {
		ip_unlock(port);
		return KERN_SUCCESS;
	}
	n->port_deleted =
	    ipc_right_request_cancel_macro(space, port, name, entry);
	n->name = name;
	ip_unlock(port);
	entry->ie_object = IO_NULL;
	ipc_entry_dealloc(space, name, entry);
	n->send_once = port;
	return KERN_SUCCESS;
}

/* mod_refs on a dead name (converting a dead send/send-once first). */
static kern_return_t
ipc_right_delta_dead(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, mach_port_delta_t delta,
    struct ipc_right_notes *n) HB_NO_TSA
{
	mach_port_urefs_t urefs;

	if (entry->ie_bits & MACH_PORT_TYPE_SEND_RIGHTS) {
		ipc_port_t port = ipc_right_port(entry);

		if (!ipc_right_check(space, port, name, entry)) {
			ip_unlock(port);
			return KERN_INVALID_RIGHT;
		}
		n->release = port;
	} else if ((entry->ie_bits & MACH_PORT_TYPE_DEAD_NAME) == 0) {
		return KERN_INVALID_RIGHT;
	}
	urefs = IE_BITS_UREFS(entry->ie_bits);
	if (MACH_PORT_UREFS_UNDERFLOW(urefs, delta))
		return KERN_INVALID_VALUE;
	if (MACH_PORT_UREFS_OVERFLOW(urefs, delta))
		return KERN_UREFS_OVERFLOW;
	if (delta != 0)
		ipc_right_dead_name_delta(space, name, entry, delta);
	return KERN_SUCCESS;
}

/* mod_refs on a send right. */
static kern_return_t
ipc_right_delta_send(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, mach_port_delta_t delta,
    struct ipc_right_notes *n) HB_NO_TSA
{
	ipc_port_t port = ipc_right_port(entry);
	mach_port_urefs_t urefs;

	if (ipc_right_check(space, port, name, entry)) {
		n->release = port;
		return KERN_INVALID_RIGHT;
	}
	urefs = IE_BITS_UREFS(entry->ie_bits);
	if (MACH_PORT_UREFS_UNDERFLOW(urefs, delta)) {
		ip_unlock(port);
		return KERN_INVALID_VALUE;
	}
	if (MACH_PORT_UREFS_OVERFLOW(urefs + 1, delta)) {
		ip_unlock(port);
		return KERN_UREFS_OVERFLOW;
	}
	if (delta >= 0 || (int64_t)urefs + delta > 0) {
		entry->ie_bits = (ipc_entry_bits_t)(entry->ie_bits + delta);
		ip_unlock(port);
		return KERN_SUCCESS;
	}
	entry->ie_bits = (entry->ie_bits & ~IE_BITS_UREFS_MASK) | 1;
	ipc_right_send_drop_locked(space, name, entry, port, n);
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_right_delta
 * Purpose:
 *	mach_port_mod_refs: change the urefs of one kind of right (spec
 *	4.7).  A dead send or send-once entry is converted as a side effect
 *	even when the call then fails (gotcha 1).
 * Conditions:
 *	The space is write-locked and active; returns with it unlocked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_RIGHT, KERN_INVALID_VALUE,
 *	KERN_UREFS_OVERFLOW.
 */
kern_return_t
ipc_right_delta(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry,
    mach_port_right_t right, mach_port_delta_t delta)
{
	ipc_entry_bits_t bits = entry->ie_bits;
	struct ipc_right_notes n = {0};
	kern_return_t kr = KERN_SUCCESS;

	assert(is_write_lock_held(space) && is_active(space));
	switch (right) {
	case MACH_PORT_RIGHT_RECEIVE:
	case MACH_PORT_RIGHT_PORT_SET: {
		mach_port_type_t need = right == MACH_PORT_RIGHT_RECEIVE
		    ? MACH_PORT_TYPE_RECEIVE
		    : MACH_PORT_TYPE_PORT_SET;

		if ((bits & need) == 0)
			kr = KERN_INVALID_RIGHT;
		else if (delta != 0 && delta != -1)
			kr = KERN_INVALID_VALUE;
		else if (delta == -1 && need == MACH_PORT_TYPE_PORT_SET)
			return ipc_right_destroy(space, name, entry);
		else if (delta == -1)
			ipc_right_delta_receive(space, name, entry, &n);
		break;
	}
	case MACH_PORT_RIGHT_SEND_ONCE:
		if ((bits & MACH_PORT_TYPE_SEND_ONCE) == 0)
			kr = KERN_INVALID_RIGHT;
		else
			kr = ipc_right_delta_send_once(
			    space, name, entry, delta, &n);
		break;
	case MACH_PORT_RIGHT_DEAD_NAME:
		kr = ipc_right_delta_dead(space, name, entry, delta, &n);
		break;
	case MACH_PORT_RIGHT_SEND:
		if ((bits & MACH_PORT_TYPE_SEND) == 0)
			kr = KERN_INVALID_RIGHT;
		else
			kr =
			    ipc_right_delta_send(space, name, entry, delta, &n);
		break;
	default:
		kr = KERN_INVALID_VALUE;
		break;
	}
	is_write_unlock(space);
	ipc_right_notes_send(&n);
	return kr;
}

/*
 * Routine:	ipc_right_info
 * Purpose:
 *	Report a name's type bits (including request bits, unmasked) and
 *	urefs (spec 4.8).  A dead send or send-once entry is converted.
 * Conditions:
 *	The space is write-locked and active; returns with it UNLOCKED
 *	(so that a reference from the conversion can be dropped unlocked).
 * Returns:
 *	KERN_SUCCESS.
 */
kern_return_t
ipc_right_info(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry,
    mach_port_type_t *typep, mach_port_urefs_t *urefsp)
{
	ipc_entry_bits_t bits = entry->ie_bits;
	ipc_port_t port = ipc_right_port(entry), release = IP_NULL;
	mach_port_type_t type = 0;

	assert(is_write_lock_held(space) && is_active(space));
	if (bits & MACH_PORT_TYPE_RECEIVE) {
		if (entry->ie_request != IE_REQ_NONE) {
			ip_lock(port);
			type = ipc_port_request_type(
			    port, name, entry->ie_request);
			ip_unlock(port);
		}
	} else if (bits & MACH_PORT_TYPE_SEND_RIGHTS) {
		if (ipc_right_check(space, port, name, entry)) {
			release = port;
			bits = entry->ie_bits;
		} else {
			if (entry->ie_request != IE_REQ_NONE)
				type = ipc_port_request_type(
				    port, name, entry->ie_request);
			ip_unlock(port);
		}
	}
	*typep = type | IE_BITS_TYPE(bits);
	*urefsp = IE_BITS_UREFS(bits);
	is_write_unlock(space);
	if (release != IP_NULL)
		ip_release(release);
	return KERN_SUCCESS;
}

/* --- Copyin and copyout (spec 4.9, 4.10) ------------------------------ */

/*
 * Routine:	ipc_right_copyin_check
 * Purpose:
 *	Would a copyin of this right succeed?  Used for the reply port
 *	before the destination is copied in; a dead port is acceptable.
 * Conditions:
 *	The space is write-locked and active.
 * Returns:
 *	true or false.
 */
bool
ipc_right_copyin_check(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, mach_msg_type_name_t msgt_name)
{
	ipc_entry_bits_t bits = entry->ie_bits;

	(void)space;
	(void)name;
	switch (msgt_name) {
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return (bits & MACH_PORT_TYPE_RECEIVE) != 0;
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		/* The same test ipc_right_copyin makes, in the same order. */
		if (bits & MACH_PORT_TYPE_DEAD_NAME)
			return true;
		return (bits &
			   (msgt_name == MACH_MSG_TYPE_MOVE_SEND_ONCE
				   ? MACH_PORT_TYPE_SEND_ONCE
				   : MACH_PORT_TYPE_SEND)) != 0;
	default:
		return false;
	}
}

/*
 * Routine:	ipc_right_is_dead
 * Purpose:
 *	Does the name denote a dead right (a dead name, or a send or
 *	send-once right whose port has died)?  Nothing is converted.
 * Conditions:
 *	The space is write-locked and active.
 * Returns:
 *	true or false.
 */
bool
ipc_right_is_dead(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry)
{
	ipc_entry_bits_t bits = entry->ie_bits;
	ipc_port_t port;
	bool dead;

	(void)space;
	(void)name;
	if (bits & MACH_PORT_TYPE_DEAD_NAME)
		return true;
	if ((bits & MACH_PORT_TYPE_SEND_RIGHTS) == 0 ||
	    (bits & MACH_PORT_TYPE_RECEIVE) != 0)
		return false;
	port = ipc_right_port(entry);
	ip_lock(port);
	dead = !ip_active(port);
	ip_unlock(port);
	return dead;
}

/* MOVE_RECEIVE: the port leaves the space and goes in transit. */
static kern_return_t
ipc_right_copyin_receive(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, ipc_object_t *objectp, ipc_port_t *sorightp)
{
	ipc_entry_bits_t bits = entry->ie_bits;
	ipc_port_t port = ipc_right_port(entry);

	if ((bits & MACH_PORT_TYPE_RECEIVE) == 0)
		return KERN_INVALID_RIGHT;
	ipc_pset_remove_from_all(port);
	ip_lock(port);
	assert(ip_active(port) && port->ip_receiver == space);
	if (bits & MACH_PORT_TYPE_SEND) {
		/* The name keeps its send right and its request. */
		entry->ie_bits = bits & ~MACH_PORT_TYPE_RECEIVE;
		ipc_hash_insert(space, ip_to_object(port), name, entry);
		ip_reference(port);
	} else {
		*sorightp =
		    ipc_right_request_cancel_macro(space, port, name, entry);
		entry->ie_object = IO_NULL;
		ipc_entry_dealloc(space, name, entry);
	}
	ipc_port_clear_receiver(port);
	port->ip_state = IP_STATE_IN_TRANSIT;
	port->ip_destination = IP_NULL;
	ip_unlock(port);
	*objectp = ip_to_object(port);
	return KERN_SUCCESS;
}

/* A copy or move from a dead name: MACH_PORT_DEAD where allowed. */
static kern_return_t
ipc_right_copyin_dead(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, bool move, bool deadok, ipc_object_t *objectp)
{
	assert(entry->ie_bits & MACH_PORT_TYPE_DEAD_NAME);
	if (!deadok)
		return KERN_INVALID_RIGHT;
	if (move)
		ipc_right_dead_name_delta(space, name, entry, -1);
	*objectp = IO_DEAD;
	return KERN_SUCCESS;
}

/* MOVE_SEND of a live send right (port locked; unlocked on return). */
static void
ipc_right_copyin_move_send_locked(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, ipc_port_t port, ipc_port_t *sorightp) HB_NO_TSA
{
	ipc_entry_bits_t bits = entry->ie_bits;

	if (IE_BITS_UREFS(bits) > 1) {
		entry->ie_bits = bits - 1;
		ipc_port_copy_send_locked(port);
	} else if (bits & MACH_PORT_TYPE_RECEIVE) {
		entry->ie_bits =
		    bits & ~(MACH_PORT_TYPE_SEND | IE_BITS_UREFS_MASK);
		ip_reference(port);
	} else {
		/* The last send right leaves: the entry's reference goes too. */
		*sorightp =
		    ipc_right_request_cancel_macro(space, port, name, entry);
		ipc_hash_delete(space, ip_to_object(port), name, entry);
		entry->ie_object = IO_NULL;
		ipc_entry_dealloc(space, name, entry);
	}
	ip_unlock(port);
}

/*
 * Routine:	ipc_right_copyin
 * Purpose:
 *	Take a right out of a space for a message or for the kernel (spec
 *	4.9).  Moving the last right of a name away cancels its request:
 *	the request's right comes back in *sorightp for a PORT_DELETED.  A
 *	dead send/send-once entry is converted first; where deadok, copying
 *	or moving it yields IO_DEAD.
 * Conditions:
 *	The space is write-locked and active, and stays so.  After
 *	unlocking, the caller sends PORT_DELETED to *sorightp and drops
 *	*releasep (both may be IP_NULL).
 * Returns:
 *	KERN_SUCCESS		*objectp holds the right (or IO_DEAD)
 *	KERN_INVALID_RIGHT	the name does not hold that right
 *	KERN_INVALID_VALUE	not a right disposition
 */
kern_return_t
ipc_right_copyin(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry,
    mach_msg_type_name_t msgt_name, bool deadok, ipc_object_t *objectp,
    ipc_port_t *sorightp, ipc_port_t *releasep) HB_NO_TSA
{
	ipc_entry_bits_t bits = entry->ie_bits;
	ipc_port_t port = ipc_right_port(entry);
	bool move = msgt_name != MACH_MSG_TYPE_COPY_SEND;

	assert(is_write_lock_held(space) && is_active(space));
	*sorightp = IP_NULL;
	*releasep = IP_NULL;
	switch (msgt_name) {
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		if ((bits & MACH_PORT_TYPE_RECEIVE) == 0)
			return KERN_INVALID_RIGHT;
		ip_lock(port);
		if (msgt_name == MACH_MSG_TYPE_MAKE_SEND)
			ipc_port_make_send_locked(port);
		else
			ipc_port_make_sonce_locked(port);
		ip_unlock(port);
		*objectp = ip_to_object(port);
		return KERN_SUCCESS;
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return ipc_right_copyin_receive(
		    space, name, entry, objectp, sorightp);
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		break;
	default:
		return KERN_INVALID_VALUE;
	}

	if (bits & MACH_PORT_TYPE_DEAD_NAME)
		return ipc_right_copyin_dead(
		    space, name, entry, move, deadok, objectp);
	if ((bits &
		(msgt_name == MACH_MSG_TYPE_MOVE_SEND_ONCE
			? MACH_PORT_TYPE_SEND_ONCE
			: MACH_PORT_TYPE_SEND)) == 0)
		return KERN_INVALID_RIGHT;
	if (ipc_right_check(space, port, name, entry)) {
		*releasep = port;
		return ipc_right_copyin_dead(
		    space, name, entry, move, deadok, objectp);
	}
	*objectp = ip_to_object(port);
	if (msgt_name == MACH_MSG_TYPE_COPY_SEND) {
		ipc_port_copy_send_locked(port);
		ip_unlock(port);
	} else if (msgt_name == MACH_MSG_TYPE_MOVE_SEND) {
		ipc_right_copyin_move_send_locked(
		    space, name, entry, port, sorightp);
	} else {
		*sorightp =
		    ipc_right_request_cancel_macro(space, port, name, entry);
		ip_unlock(port);
		entry->ie_object = IO_NULL;
		ipc_entry_dealloc(space, name, entry);
	}
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_right_copyin_two
 * Purpose:
 *	Move two send rights out of one name (a message whose destination
 *	and reply are the same name, both MOVE_SEND).  Needs two urefs; if
 *	they are the last, the request is cancelled (PORT_DELETED).
 * Conditions:
 *	As ipc_right_copyin.  The object carries two rights.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_RIGHT.
 */
kern_return_t
ipc_right_copyin_two(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, ipc_object_t *objectp, ipc_port_t *sorightp,
    ipc_port_t *releasep)
{
	ipc_entry_bits_t bits = entry->ie_bits;
	ipc_port_t port = ipc_right_port(entry);
	kern_return_t kr;

	*sorightp = IP_NULL;
	*releasep = IP_NULL;
	if ((bits & MACH_PORT_TYPE_SEND) == 0)
		return KERN_INVALID_RIGHT;
	if (ipc_right_check(space, port, name, entry)) {
		*releasep = port;
		return KERN_INVALID_RIGHT;
	}
	if (IE_BITS_UREFS(bits) < 2) {
		ip_unlock(port);
		return KERN_INVALID_RIGHT;
	}
	ipc_port_copy_send_locked(port);
	ip_unlock(port);
	entry->ie_bits = bits - 1;
	kr = ipc_right_copyin(space, name, entry, MACH_MSG_TYPE_MOVE_SEND,
	    false, objectp, sorightp, releasep);
	assert(kr == KERN_SUCCESS);
	return kr;
}

/* Copy a send right out onto an entry (new, send, or receive). */
static kern_return_t
ipc_right_copyout_send(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, bool overflow, ipc_port_t port) HB_NO_TSA
{
	ipc_entry_bits_t bits = entry->ie_bits;

	if (bits & MACH_PORT_TYPE_SEND) {
		/* Merge: one send right per entry, the message's goes away. */
		if (IE_BITS_UREFS(bits) + 1 >= MACH_PORT_UREFS_MAX) {
			if (!overflow) {
				ip_unlock(port);
				return KERN_UREFS_OVERFLOW;
			}
		} else {
			entry->ie_bits = bits + 1;
		}
		assert(port->ip_srights > 1);
		port->ip_srights--;
		ip_unlock(port);
		ip_release(port);
	} else if (bits & MACH_PORT_TYPE_RECEIVE) {
		entry->ie_bits = bits | MACH_PORT_TYPE_SEND | 1;
		ip_unlock(port);
		ip_release(port);
	} else {
		assert(IE_BITS_TYPE(bits) == 0);
		entry->ie_bits = bits | MACH_PORT_TYPE_SEND | 1;
		entry->ie_object = ip_to_object(port);
		ip_unlock(port);
		ipc_hash_insert(space, ip_to_object(port), name, entry);
	}
	return KERN_SUCCESS;
}

/* Copy a receive right out; it may land on an existing send entry. */
static void
ipc_right_copyout_receive(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, ipc_port_t port) HB_NO_TSA
{
	ipc_entry_bits_t bits = entry->ie_bits;
	ipc_port_t dest = port->ip_destination;

	assert(port->ip_state == IP_STATE_IN_TRANSIT ||
	    port->ip_state == IP_STATE_IN_LIMBO);
	port->ip_state = IP_STATE_IN_SPACE;
	port->ip_receiver = space;
	port->ip_receiver_name = name;
	if (bits & MACH_PORT_TYPE_SEND) {
		assert(entry->ie_object == ip_to_object(port));
		ipc_hash_delete(space, ip_to_object(port), name, entry);
		entry->ie_bits = bits | MACH_PORT_TYPE_RECEIVE;
		ip_unlock(port);
		ip_release(port);
	} else {
		entry->ie_bits = bits | MACH_PORT_TYPE_RECEIVE;
		entry->ie_object = ip_to_object(port);
		ip_unlock(port);
	}
	if (dest != IP_NULL)
		ip_release(dest);
}

/*
 * Routine:	ipc_right_copyout
 * Purpose:
 *	Put a right into an entry (spec 4.10).  Requests are never touched:
 *	an existing entry's request stays registered.  Send-once rights
 *	always get a fresh entry.  A send right that would push urefs to
 *	65535 is either dropped with urefs pegged at 65534 (overflow
 *	allowed, as message receive does) or refused.
 * Conditions:
 *	The space is write-locked and active; the port is locked and
 *	active; returns with the port unlocked.  Consumes the right on
 *	success.
 * Returns:
 *	KERN_SUCCESS, KERN_UREFS_OVERFLOW (right not consumed).
 */
kern_return_t
ipc_right_copyout(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry,
    mach_msg_type_name_t msgt_name, bool overflow,
    ipc_object_t object) HB_NO_TSA
{
	ipc_port_t port = ip_object_to_port(object);

	assert(is_write_lock_held(space) && is_active(space));
	assert(ip_lock_held(port) && ip_active(port));
	switch (msgt_name) {
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		assert(IE_BITS_TYPE(entry->ie_bits) == 0);
		entry->ie_bits |= MACH_PORT_TYPE_SEND_ONCE | 1;
		entry->ie_object = object;
		ip_unlock(port);
		return KERN_SUCCESS;
	case MACH_MSG_TYPE_PORT_SEND:
		return ipc_right_copyout_send(
		    space, name, entry, overflow, port);
	case MACH_MSG_TYPE_PORT_RECEIVE:
		ipc_right_copyout_receive(space, name, entry, port);
		return KERN_SUCCESS;
	default:
		panic("ipc_right_copyout: bad disposition %u", msgt_name);
	}
}

/*
 * Routine:	ipc_right_rename
 * Purpose:
 *	mach_port_rename: move the rights of oname to the free name nname
 *	(spec 4.11).  A live request follows the name; a dead entry is
 *	converted first (its request dropped with the uref adjustment).  A
 *	DEAD_NAME sent before the rename still carries the old name.
 * Conditions:
 *	The space is write-locked and active; nentry was just allocated for
 *	nname.  Returns with the space unlocked.
 * Returns:
 *	KERN_SUCCESS.
 */
kern_return_t
ipc_right_rename(ipc_space_t space, mach_port_name_t oname, ipc_entry_t oentry,
    mach_port_name_t nname, ipc_entry_t nentry)
{
	ipc_entry_bits_t bits = oentry->ie_bits;
	ipc_port_t port = ipc_right_port(oentry), release = IP_NULL;
	ipc_port_request_index_t request = oentry->ie_request;

	assert(is_write_lock_held(space) && is_active(space));
	if (request != IE_REQ_NONE) {
		if (ipc_right_check(space, port, oname, oentry)) {
			release = port;
			port = IP_NULL;
			bits = oentry->ie_bits;
			request = IE_REQ_NONE;
		} else {
			ipc_port_request_rename(port, request, oname, nname);
			ip_unlock(port);
			oentry->ie_request = IE_REQ_NONE;
		}
	}
	if (IE_BITS_TYPE(bits) == MACH_PORT_TYPE_SEND) {
		ipc_hash_delete(space, ip_to_object(port), oname, oentry);
		ipc_hash_insert(space, ip_to_object(port), nname, nentry);
	}
	if (bits & MACH_PORT_TYPE_RECEIVE) {
		ip_lock(port);
		port->ip_receiver_name = nname;
		ip_unlock(port);
	}
	if (bits & MACH_PORT_TYPE_PORT_SET)
		((ipc_pset_t)oentry->ie_object)->ips_local_name = nname;
	nentry->ie_bits =
	    IE_BITS_GEN(nentry->ie_bits) | (bits & IE_BITS_RIGHT_MASK);
	nentry->ie_object = oentry->ie_object;
	nentry->ie_request = request;
	oentry->ie_object = IO_NULL;
	oentry->ie_bits &= ~IE_BITS_RIGHT_MASK;
	ipc_entry_dealloc(space, oname, oentry);
	is_write_unlock(space);
	if (release != IP_NULL)
		ip_release(release);
	return KERN_SUCCESS;
}
