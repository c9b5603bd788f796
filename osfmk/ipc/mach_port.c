/*
 * ipc/mach_port.c - the kernel side of the mach_port MIG subsystem.
 *
 * Each routine validates its arguments (space, names, rights, flavors,
 * counts) and returns the Mach error spec/ipc-notifications.md names; the
 * MIG stub (generated from mach/mach_port.defs) has already checked the
 * message shape.  The space argument comes from convert_port_to_space and
 * is IPC_SPACE_NULL when the request port is not a task port.
 */

/*
 * HB_NO_TSA marks functions that hand a lock across a call boundary in a
 * way clang's analysis cannot follow (an object returned locked through an
 * out-parameter, or a lock taken on one path only).  MACH_LOCK_CHECK
 * still checks their ownership and order at run time.
 */
#include <ipc/ipc_space.h>
#include <ipc/ipc_entry.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_object.h>
#include <ipc/ipc_notify.h>
#include <ipc/ipc_mqueue.h>
#include <kern/kalloc.h>
#include <kern/debug.h>
#include <mach/notify.h>
#include <mach_port_server.h>
#include <string.h>

#define SPREQUEST_BITS \
	(MACH_PORT_TYPE_SPREQUEST | MACH_PORT_TYPE_SPREQUEST_DELAYED)

/*
 * Translate a name that must be a receive right; on success the port is
 * returned locked and active, the space unlocked.
 */
static kern_return_t
mach_port_translate_receive(
    ipc_space_t space, mach_port_name_t name, ipc_port_t *portp) HB_NO_TSA
{
	ipc_entry_t entry;
	ipc_port_t port;
	kern_return_t kr;

	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	kr = ipc_right_lookup_read(space, name, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	if ((entry->ie_bits & MACH_PORT_TYPE_RECEIVE) == 0) {
		is_read_unlock(space);
		return KERN_INVALID_RIGHT;
	}
	port = ip_object_to_port(entry->ie_object);
	ip_lock(port);
	is_read_unlock(space);
	assert(ip_active(port));
	*portp = port;
	return KERN_SUCCESS;
}

/* Look a name up for writing, with the NULL-space check. */
static kern_return_t
mach_port_lookup_write(
    ipc_space_t space, mach_port_name_t name, ipc_entry_t *entryp)
{
	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	return ipc_right_lookup_write(space, name, entryp);
}

/* The type bits mach_port_names reports for one entry (spec 6.4). */
static mach_port_type_t
mach_port_names_type(
    ipc_entry_t entry, mach_port_name_t name, uint32_t timestamp)
{
	ipc_entry_bits_t bits = entry->ie_bits;
	mach_port_type_t type = IE_BITS_TYPE(bits);
	ipc_port_t port;

	if ((bits & MACH_PORT_TYPE_PORT_RIGHTS) == 0)
		return type;
	port = ip_object_to_port(entry->ie_object);
	ip_lock(port);
	if ((bits & MACH_PORT_TYPE_RECEIVE) == 0 && !ip_active(port) &&
	    (int32_t)(port->ip_timestamp - timestamp) < 0) {
		ip_unlock(port);
		return MACH_PORT_TYPE_DEAD_NAME;
	}
	if (entry->ie_request != IE_REQ_NONE)
		type |= ipc_port_request_type(port, name, entry->ie_request);
	ip_unlock(port);
	return type;
}

/*
 * Routine:	mach_port_names
 * Purpose:
 *	Every name in the space with its type bits (request bits
 *	unmasked).  Nothing is converted: a send right whose port died
 *	before the call looked is reported as a plain dead name.
 * Conditions:
 *	Nothing locked.  The arrays are kalloc'd; MIG hands them to the
 *	caller as out-of-line memory.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_names(ipc_space_t space, mach_port_name_array_t *namesp,
    mach_msg_type_number_t *namesCnt, mach_port_type_array_t *typesp,
    mach_msg_type_number_t *typesCnt)
{
	uint32_t timestamp = ipc_port_timestamp(), index, n = 0, count;
	mach_port_name_t *names;
	mach_port_type_t *types;

	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	is_read_lock(space);
	if (!is_active(space)) {
		is_read_unlock(space);
		return KERN_INVALID_TASK;
	}
	count = space->is_table_inuse;
	names = kalloc(count * sizeof(*names) + 1);
	types = kalloc(count * sizeof(*types) + 1);
	if (names == NULL || types == NULL) {
		is_read_unlock(space);
		kfree(names, count * sizeof(*names) + 1);
		kfree(types, count * sizeof(*types) + 1);
		return KERN_RESOURCE_SHORTAGE;
	}
	for (index = 1; index < space->is_table_size; index++) {
		ipc_entry_t entry = &space->is_table[index];
		mach_port_name_t name;

		if (IE_BITS_TYPE(entry->ie_bits) == 0)
			continue;
		name = MACH_PORT_NAME_MAKE(index, IE_BITS_GEN(entry->ie_bits));
		names[n] = name;
		types[n] = mach_port_names_type(entry, name, timestamp);
		n++;
	}
	is_read_unlock(space);
	assert(n == count);
	/* MIG frees exactly Cnt * 4 bytes: hand over right-sized copies. */
	*namesp = kalloc(n * sizeof(*names));
	*typesp = kalloc(n * sizeof(*types));
	if (n != 0 && (*namesp == NULL || *typesp == NULL)) {
		kfree(*namesp, n * sizeof(*names));
		kfree(*typesp, n * sizeof(*types));
		n = 0;
		*namesp = NULL;
		*typesp = NULL;
	} else if (n != 0) {
		memcpy(*namesp, names, n * sizeof(*names));
		memcpy(*typesp, types, n * sizeof(*types));
	}
	kfree(names, count * sizeof(*names) + 1);
	kfree(types, count * sizeof(*types) + 1);
	*namesCnt = *typesCnt = n;
	return KERN_SUCCESS;
}

/*
 * Routine:	mach_port_type
 * Purpose:
 *	A name's type bits.  SPREQUEST and SPREQUEST_DELAYED are masked off
 *	(compatibility, gotcha 16); a dead send right is converted.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_NAME.
 */
kern_return_t
mach_port_type(
    ipc_space_t space, mach_port_name_t name, mach_port_type_t *typep)
{
	mach_port_urefs_t urefs;
	ipc_entry_t entry;
	kern_return_t kr;

	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	if (name == MACH_PORT_NULL)
		return KERN_INVALID_NAME;
	if (name == MACH_PORT_DEAD) {
		*typep = MACH_PORT_TYPE_DEAD_NAME;
		return KERN_SUCCESS;
	}
	kr = ipc_right_lookup_write(space, name, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = ipc_right_info(space, name, entry, typep, &urefs);
	*typep &= ~SPREQUEST_BITS;
	return kr;
}

/* A new right of the given kind, under a new name or (by_name) *namep. */
static kern_return_t
mach_port_allocate_right(ipc_space_t space, mach_port_right_t right,
    bool by_name, mach_port_name_t *namep)
{
	ipc_port_t port;
	ipc_pset_t pset;

	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	switch (right) {
	case MACH_PORT_RIGHT_RECEIVE:
		return ipc_port_alloc(space, by_name, namep, &port);
	case MACH_PORT_RIGHT_PORT_SET:
		return ipc_pset_alloc(space, by_name, namep, &pset);
	case MACH_PORT_RIGHT_DEAD_NAME:
		return ipc_object_alloc_dead(space, by_name, namep);
	default:
		return KERN_INVALID_VALUE;
	}
}

/*
 * Routine:	mach_port_allocate
 * Purpose:
 *	A new receive right, port set or dead name under a new name.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_VALUE (bad right),
 *	KERN_NO_SPACE (name limit), KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_allocate(
    ipc_space_t space, mach_port_right_t right, mach_port_name_t *namep)
{
	return mach_port_allocate_right(space, right, false, namep);
}

/*
 * Routine:	mach_port_allocate_name
 * Purpose:
 *	A new right under a caller-chosen name.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_VALUE (bad right or
 *	name), KERN_NAME_EXISTS, KERN_NO_SPACE, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_allocate_name(
    ipc_space_t space, mach_port_right_t right, mach_port_name_t name)
{
	if (!MACH_PORT_VALID(name))
		return space == IPC_SPACE_NULL ? KERN_INVALID_TASK
					       : KERN_INVALID_VALUE;
	return mach_port_allocate_right(space, right, true, &name);
}

/*
 * Routine:	mach_port_destroy
 * Purpose:
 *	Remove every right a name denotes (spec 4.5).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS (also for MACH_PORT_NULL/DEAD), KERN_INVALID_TASK,
 *	KERN_INVALID_NAME.
 */
kern_return_t
mach_port_destroy(ipc_space_t space, mach_port_name_t name)
{
	ipc_entry_t entry;
	kern_return_t kr;

	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	if (!MACH_PORT_VALID(name))
		return KERN_SUCCESS;
	kr = ipc_right_lookup_write(space, name, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	return ipc_right_destroy(space, name, entry);
}

/*
 * Routine:	mach_port_deallocate
 * Purpose:
 *	Drop one uref of a send, send-once or dead-name right (spec 4.6).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS (also for MACH_PORT_NULL/DEAD), KERN_INVALID_TASK,
 *	KERN_INVALID_NAME, KERN_INVALID_RIGHT.
 */
kern_return_t
mach_port_deallocate(ipc_space_t space, mach_port_name_t name)
{
	ipc_entry_t entry;
	kern_return_t kr;

	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	if (!MACH_PORT_VALID(name))
		return KERN_SUCCESS;
	kr = ipc_right_lookup_write(space, name, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	return ipc_right_dealloc(space, name, entry);
}

/*
 * Routine:	mach_port_get_refs
 * Purpose:
 *	The urefs of one kind of right (converting a dead entry first).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_VALUE (bad right),
 *	KERN_INVALID_NAME.
 */
kern_return_t
mach_port_get_refs(ipc_space_t space, mach_port_name_t name,
    mach_port_right_t right, mach_port_urefs_t *urefsp)
{
	mach_port_type_t type;
	mach_port_urefs_t urefs;
	ipc_entry_t entry;
	kern_return_t kr;

	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	if (!MACH_PORT_VALID(name)) {
		if (right == MACH_PORT_RIGHT_SEND ||
		    right == MACH_PORT_RIGHT_SEND_ONCE) {
			*urefsp = 1;
			return KERN_SUCCESS;
		}
		return KERN_INVALID_NAME;
	}
	kr = ipc_right_lookup_write(space, name, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	(void)ipc_right_info(space, name, entry, &type, &urefs);
	if ((type & MACH_PORT_TYPE(right)) == 0)
		*urefsp = 0;
	else if (right == MACH_PORT_RIGHT_SEND ||
	    right == MACH_PORT_RIGHT_DEAD_NAME ||
	    right == MACH_PORT_RIGHT_SEND_ONCE)
		*urefsp = urefs;
	else
		*urefsp = 1;
	return KERN_SUCCESS;
}

/*
 * Routine:	mach_port_mod_refs
 * Purpose:
 *	Change the urefs of one kind of right (spec 4.7).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_VALUE,
 *	KERN_INVALID_NAME, KERN_INVALID_RIGHT, KERN_UREFS_OVERFLOW.
 */
kern_return_t
mach_port_mod_refs(ipc_space_t space, mach_port_name_t name,
    mach_port_right_t right, mach_port_delta_t delta)
{
	ipc_entry_t entry;
	kern_return_t kr;

	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	if (!MACH_PORT_VALID(name)) {
		if (right == MACH_PORT_RIGHT_SEND ||
		    right == MACH_PORT_RIGHT_SEND_ONCE)
			return KERN_SUCCESS;
		return KERN_INVALID_NAME;
	}
	kr = ipc_right_lookup_write(space, name, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	return ipc_right_delta(space, name, entry, right, delta);
}

/*
 * Routine:	mach_port_set_mscount
 * Purpose:
 *	Set a receive right's make-send count.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_NAME,
 *	KERN_INVALID_RIGHT.
 */
kern_return_t
mach_port_set_mscount(ipc_space_t space, mach_port_name_t name,
    mach_port_mscount_t mscount) HB_NO_TSA
{
	ipc_port_t port;
	kern_return_t kr = mach_port_translate_receive(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	port->ip_mscount = mscount;
	ip_unlock(port);
	return KERN_SUCCESS;
}

/*
 * Routine:	mach_port_set_seqno
 * Purpose:
 *	Set a receive right's sequence number.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	As mach_port_set_mscount.
 */
kern_return_t
mach_port_set_seqno(
    ipc_space_t space, mach_port_name_t name, mach_port_seqno_t seqno) HB_NO_TSA
{
	ipc_port_t port;
	kern_return_t kr = mach_port_translate_receive(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	port->ip_messages.imq_seqno = seqno;
	ip_unlock(port);
	return KERN_SUCCESS;
}

/*
 * Routine:	mach_port_get_srights
 * Purpose:
 *	How many send rights exist for a receive right's port.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	As mach_port_set_mscount.
 */
kern_return_t
mach_port_get_srights(ipc_space_t space, mach_port_name_t name,
    mach_port_rights_t *srightsp) HB_NO_TSA
{
	ipc_port_t port;
	kern_return_t kr = mach_port_translate_receive(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	*srightsp = port->ip_srights;
	ip_unlock(port);
	return KERN_SUCCESS;
}

/*
 * Routine:	mach_port_get_context
 * Purpose:
 *	Read a receive right's context word.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	As mach_port_set_mscount.
 */
kern_return_t
mach_port_get_context(ipc_space_t space, mach_port_name_t name,
    mach_port_context_t *contextp) HB_NO_TSA
{
	ipc_port_t port;
	kern_return_t kr = mach_port_translate_receive(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	*contextp = port->ip_context;
	ip_unlock(port);
	return KERN_SUCCESS;
}

/*
 * Routine:	mach_port_set_context
 * Purpose:
 *	Set a receive right's context word.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	As mach_port_set_mscount.
 */
kern_return_t
mach_port_set_context(ipc_space_t space, mach_port_name_t name,
    mach_port_context_t context) HB_NO_TSA
{
	ipc_port_t port;
	kern_return_t kr = mach_port_translate_receive(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	port->ip_context = context;
	ip_unlock(port);
	return KERN_SUCCESS;
}

/* --- Port sets -------------------------------------------------------- */

/* Look up a receive right and a port set in one write-locked space. */
static kern_return_t
mach_port_lookup_member_and_set(ipc_space_t space, mach_port_name_t name,
    mach_port_name_t psname, ipc_port_t *portp, ipc_pset_t *psetp) HB_NO_TSA
{
	ipc_entry_t entry;
	kern_return_t kr;

	kr = mach_port_lookup_write(space, name, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	if ((entry->ie_bits & MACH_PORT_TYPE_RECEIVE) == 0) {
		is_write_unlock(space);
		return KERN_INVALID_RIGHT;
	}
	*portp = ip_object_to_port(entry->ie_object);
	if (psetp == NULL)
		return KERN_SUCCESS;
	entry = ipc_entry_lookup(space, psname);
	if (entry == IE_NULL) {
		is_write_unlock(space);
		return KERN_INVALID_NAME;
	}
	if ((entry->ie_bits & MACH_PORT_TYPE_PORT_SET) == 0) {
		is_write_unlock(space);
		return KERN_INVALID_RIGHT;
	}
	*psetp = (ipc_pset_t)entry->ie_object;
	return KERN_SUCCESS;
}

/*
 * Routine:	mach_port_insert_member
 * Purpose:
 *	Add a receive right's port to a port set.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_NAME,
 *	KERN_INVALID_RIGHT, KERN_ALREADY_IN_SET, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_insert_member(
    ipc_space_t space, mach_port_name_t name, mach_port_name_t psname) HB_NO_TSA
{
	ipc_port_t port;
	ipc_pset_t pset;
	kern_return_t kr;

	kr = mach_port_lookup_member_and_set(space, name, psname, &port, &pset);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = ipc_pset_add(pset, port);
	is_write_unlock(space);
	return kr;
}

/*
 * Routine:	mach_port_extract_member
 * Purpose:
 *	Take a port out of a port set.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_NAME,
 *	KERN_INVALID_RIGHT, KERN_NOT_IN_SET.
 */
kern_return_t
mach_port_extract_member(
    ipc_space_t space, mach_port_name_t name, mach_port_name_t psname) HB_NO_TSA
{
	ipc_port_t port;
	ipc_pset_t pset;
	kern_return_t kr;

	kr = mach_port_lookup_member_and_set(space, name, psname, &port, &pset);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = ipc_pset_remove(pset, port);
	is_write_unlock(space);
	return kr;
}

/*
 * Routine:	mach_port_move_member
 * Purpose:
 *	Make a port a member of exactly one set (after), or of none
 *	(after == MACH_PORT_NULL).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_NAME,
 *	KERN_INVALID_RIGHT, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_move_member(ipc_space_t space, mach_port_name_t member,
    mach_port_name_t after) HB_NO_TSA
{
	ipc_port_t port;
	ipc_pset_t pset = IPS_NULL;
	kern_return_t kr;

	kr = mach_port_lookup_member_and_set(space, member, after, &port,
	    after == MACH_PORT_NULL ? NULL : &pset);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_pset_remove_from_all(port);
	if (pset != IPS_NULL)
		kr = ipc_pset_add(pset, port);
	is_write_unlock(space);
	return kr;
}

/*
 * Routine:	mach_port_get_set_status
 * Purpose:
 *	The names (in this space) of a set's members.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_NAME,
 *	KERN_INVALID_RIGHT, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_get_set_status(ipc_space_t space, mach_port_name_t name,
    mach_port_name_array_t *membersp, mach_msg_type_number_t *countp) HB_NO_TSA
{
	struct ipc_pset_link *link;
	mach_port_name_t *members;
	ipc_entry_t entry;
	ipc_pset_t pset;
	uint32_t n = 0, max;
	kern_return_t kr;

	kr = mach_port_lookup_write(space, name, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	if ((entry->ie_bits & MACH_PORT_TYPE_PORT_SET) == 0) {
		is_write_unlock(space);
		return KERN_INVALID_RIGHT;
	}
	pset = (ipc_pset_t)entry->ie_object;
	ips_lock(pset);
	for (max = 0, link = pset->ips_members; link != NULL;
	     link = link->ipl_next_in_pset)
		max++;
	members = kalloc(max * sizeof(*members) + 1);
	for (link = pset->ips_members; members != NULL && link != NULL;
	     link = link->ipl_next_in_pset) {
		ipc_port_t port = link->ipl_port;

		ip_lock(port);
		if (ip_in_space(port, space))
			members[n++] = port->ip_receiver_name;
		ip_unlock(port);
	}
	ips_unlock(pset);
	is_write_unlock(space);
	if (members == NULL)
		return KERN_RESOURCE_SHORTAGE;
	*membersp = kalloc(n * sizeof(*members) + (n == 0));
	if (*membersp != NULL)
		memcpy(*membersp, members, n * sizeof(*members));
	kfree(members, max * sizeof(*members) + 1);
	if (n != 0 && *membersp == NULL)
		return KERN_RESOURCE_SHORTAGE;
	if (n == 0) {
		kfree(*membersp, 1);
		*membersp = NULL;
	}
	*countp = n;
	return KERN_SUCCESS;
}

/* --- Notification requests (spec 6.1) --------------------------------- */

static kern_return_t
mach_port_request_port_destroyed(ipc_space_t space, mach_port_name_t name,
    mach_port_mscount_t sync, ipc_port_t notify,
    ipc_port_t *previousp) HB_NO_TSA
{
	ipc_port_t port;
	kern_return_t kr;

	if (sync != 0)
		return KERN_INVALID_VALUE;
	if (!MACH_PORT_VALID(name))
		return KERN_INVALID_RIGHT;
	kr = mach_port_translate_receive(space, name, &port);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_port_pdrequest(port, notify, previousp);
	return KERN_SUCCESS;
}

static kern_return_t
mach_port_request_no_senders(ipc_space_t space, mach_port_name_t name,
    mach_port_mscount_t sync, ipc_port_t notify,
    ipc_port_t *previousp) HB_NO_TSA
{
	ipc_port_t port;
	kern_return_t kr;

	if (!MACH_PORT_VALID(name))
		return KERN_INVALID_RIGHT;
	kr = mach_port_translate_receive(space, name, &port);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_port_nsrequest(port, sync, notify, previousp);
	return KERN_SUCCESS;
}

/*
 * Routine:	mach_port_request_notification
 * Purpose:
 *	Register (or replace, or cancel with notify == NULL) a notification
 *	request: PORT_DESTROYED and NO_SENDERS on a receive right,
 *	DEAD_NAME and SEND_POSSIBLE on any port right through the request
 *	table (spec 6.1, gotchas 11, 22, 23).
 * Conditions:
 *	Nothing locked.  notify is consumed on success; on failure MIG
 *	destroys it, which sends it a SEND_ONCE notification.
 * Returns:
 *	KERN_SUCCESS (previous: the replaced right or IP_NULL),
 *	KERN_INVALID_TASK, KERN_INVALID_CAPABILITY (notify dead),
 *	KERN_INVALID_VALUE (unknown msgid, sync for PORT_DESTROYED),
 *	KERN_INVALID_RIGHT, KERN_INVALID_NAME, KERN_INVALID_ARGUMENT,
 *	KERN_UREFS_OVERFLOW, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_request_notification(ipc_space_t space, mach_port_name_t name,
    mach_msg_id_t msgid, mach_port_mscount_t sync, ipc_port_t notify,
    ipc_port_t *previousp)
{
	*previousp = IP_NULL;
	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	if (notify == IP_DEAD)
		return KERN_INVALID_CAPABILITY;
	switch (msgid) {
	case MACH_NOTIFY_PORT_DESTROYED:
		return mach_port_request_port_destroyed(
		    space, name, sync, notify, previousp);
	case MACH_NOTIFY_NO_SENDERS:
		return mach_port_request_no_senders(
		    space, name, sync, notify, previousp);
	case MACH_NOTIFY_SEND_POSSIBLE:
	case MACH_NOTIFY_DEAD_NAME:
		if (!MACH_PORT_VALID(name))
			return KERN_INVALID_ARGUMENT;
		return ipc_right_request_alloc(space, name, sync != 0,
		    msgid == MACH_NOTIFY_SEND_POSSIBLE, notify, previousp);
	default:
		return KERN_INVALID_VALUE;
	}
}

/* --- Moving rights in and out ----------------------------------------- */

/*
 * Routine:	mach_port_insert_right
 * Purpose:
 *	Give the space a right under a caller-chosen name.
 * Conditions:
 *	Nothing locked.  poly (of type polyPoly) is consumed on success.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_VALUE (bad name,
 *	right or type), KERN_NAME_EXISTS, KERN_RIGHT_EXISTS,
 *	KERN_INVALID_CAPABILITY (port dead), KERN_UREFS_OVERFLOW,
 *	KERN_NO_SPACE, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_insert_right(ipc_space_t space, mach_port_name_t name,
    ipc_port_t poly, mach_msg_type_name_t polyPoly)
{
	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	if (!MACH_PORT_VALID(name) || !IP_VALID(poly))
		return KERN_INVALID_VALUE;
	if (polyPoly != MACH_MSG_TYPE_PORT_SEND &&
	    polyPoly != MACH_MSG_TYPE_PORT_SEND_ONCE &&
	    polyPoly != MACH_MSG_TYPE_PORT_RECEIVE)
		return KERN_INVALID_VALUE;
	return ipc_object_copyout_name(
	    space, ip_to_object(poly), polyPoly, name);
}

/*
 * Routine:	mach_port_extract_right
 * Purpose:
 *	Take a right out of the space (moving the last right of a name
 *	cancels its request: PORT_DELETED).  Dead rights come out as
 *	MACH_PORT_DEAD.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_VALUE (bad
 *	disposition), KERN_INVALID_NAME, KERN_INVALID_RIGHT.
 */
kern_return_t
mach_port_extract_right(ipc_space_t space, mach_port_name_t name,
    mach_msg_type_name_t msgt_name, ipc_port_t *polyp,
    mach_msg_type_name_t *polyPolyp)
{
	ipc_object_t object;
	kern_return_t kr;

	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	if (!ipc_object_is_port_disposition(msgt_name))
		return KERN_INVALID_VALUE;
	if (!MACH_PORT_VALID(name))
		return KERN_INVALID_RIGHT;
	kr = ipc_object_copyin(space, name, msgt_name, &object);
	if (kr != KERN_SUCCESS)
		return kr;
	*polyp = ip_object_to_port(object);
	*polyPolyp = ipc_object_copyin_type(msgt_name);
	return KERN_SUCCESS;
}

/* --- Attributes (spec 5.6, 6.4) --------------------------------------- */

static void
mach_port_receive_status(ipc_port_t port, mach_port_status_t *st)
{
	memset(st, 0, sizeof(*st));
	st->mps_pset = port->ip_pset_count;
	st->mps_seqno = port->ip_messages.imq_seqno;
	st->mps_mscount = port->ip_mscount;
	st->mps_qlimit = port->ip_messages.imq_qlimit;
	st->mps_msgcount = port->ip_messages.imq_msgcount;
	st->mps_sorights = port->ip_sorights;
	st->mps_srights = port->ip_srights > 0;
	st->mps_pdrequest = port->ip_pdrequest != IP_NULL;
	st->mps_nsrequest = port->ip_nsrequest != IP_NULL;
	st->mps_flags = 0;
}

/*
 * Routine:	mach_port_get_attributes
 * Purpose:
 *	MACH_PORT_LIMITS_INFO, MACH_PORT_RECEIVE_STATUS,
 *	MACH_PORT_DNREQUESTS_SIZE of a receive right.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_FAILURE (count too small),
 *	KERN_INVALID_ARGUMENT (flavor), KERN_INVALID_NAME,
 *	KERN_INVALID_RIGHT.
 */
kern_return_t
mach_port_get_attributes(ipc_space_t space, mach_port_name_t name,
    mach_port_flavor_t flavor, mach_port_info_t info,
    mach_msg_type_number_t *countp) HB_NO_TSA
{
	mach_msg_type_number_t need;
	ipc_port_t port;
	kern_return_t kr;

	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	switch (flavor) {
	case MACH_PORT_LIMITS_INFO:
		need = MACH_PORT_LIMITS_INFO_COUNT;
		break;
	case MACH_PORT_RECEIVE_STATUS:
		need = MACH_PORT_RECEIVE_STATUS_COUNT;
		break;
	case MACH_PORT_DNREQUESTS_SIZE:
		need = MACH_PORT_DNREQUESTS_SIZE_COUNT;
		break;
	default:
		return KERN_INVALID_ARGUMENT;
	}
	if (*countp < need)
		return KERN_FAILURE;
	if (flavor == MACH_PORT_DNREQUESTS_SIZE && !MACH_PORT_VALID(name)) {
		info[0] = 0;
		return KERN_SUCCESS;
	}
	kr = mach_port_translate_receive(space, name, &port);
	if (kr != KERN_SUCCESS)
		return kr;
	if (flavor == MACH_PORT_LIMITS_INFO)
		((mach_port_limits_t *)info)->mpl_qlimit =
		    port->ip_messages.imq_qlimit;
	else if (flavor == MACH_PORT_RECEIVE_STATUS)
		mach_port_receive_status(port, (mach_port_status_t *)info);
	else
		info[0] = (integer_t)ipc_port_request_table_size(port);
	ip_unlock(port);
	*countp = need;
	return KERN_SUCCESS;
}

/*
 * Routine:	mach_port_set_attributes
 * Purpose:
 *	Set the queue limit (MACH_PORT_LIMITS_INFO; raising it wakes blocked
 *	senders but fires no send-possible request), or grow the request
 *	table (MACH_PORT_DNREQUESTS_SIZE, decision 6).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_FAILURE (count),
 *	KERN_INVALID_VALUE (qlimit), KERN_INVALID_ARGUMENT (flavor),
 *	KERN_INVALID_RIGHT (MACH_PORT_NULL/DEAD, or not a receive right),
 *	KERN_INVALID_NAME (no such name), KERN_NO_SPACE,
 *	KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_set_attributes(ipc_space_t space, mach_port_name_t name,
    mach_port_flavor_t flavor, mach_port_info_t info,
    mach_msg_type_number_t count) HB_NO_TSA
{
	ipc_port_t port;
	kern_return_t kr;

	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	if (flavor == MACH_PORT_LIMITS_INFO) {
		mach_port_limits_t *limits = (mach_port_limits_t *)info;

		if (count < MACH_PORT_LIMITS_INFO_COUNT)
			return KERN_FAILURE;
		if (limits->mpl_qlimit > MACH_PORT_QLIMIT_MAX)
			return KERN_INVALID_VALUE;
		if (!MACH_PORT_VALID(name))
			return KERN_INVALID_RIGHT;
		kr = mach_port_translate_receive(space, name, &port);
		if (kr != KERN_SUCCESS)
			return kr;
		ipc_mqueue_set_qlimit(port, limits->mpl_qlimit);
		ip_unlock(port);
		return KERN_SUCCESS;
	}
	if (flavor == MACH_PORT_DNREQUESTS_SIZE) {
		if (count < MACH_PORT_DNREQUESTS_SIZE_COUNT)
			return KERN_FAILURE;
		if (!MACH_PORT_VALID(name))
			return KERN_INVALID_RIGHT;
		kr = mach_port_translate_receive(space, name, &port);
		if (kr != KERN_SUCCESS)
			return kr;
		if ((natural_t)info[0] > IPC_PORT_REQUEST_SLOTS_MAX) {
			ip_unlock(port); /* (also keeps ITS_SIZE_NONE out) */
			return KERN_NO_SPACE;
		}
		return ipc_port_request_grow(port, (uint32_t)info[0]);
	}
	return KERN_INVALID_ARGUMENT;
}

/*
 * Routine:	mach_port_dnrequest_info
 * Purpose:
 *	Size and use of a receive right's request table (MACH_IPC_DEBUG).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_FAILURE (not a debug kernel),
 *	KERN_INVALID_TASK, KERN_INVALID_NAME, KERN_INVALID_RIGHT.
 */
kern_return_t
mach_port_dnrequest_info(ipc_space_t space, mach_port_name_t name,
    unsigned *totalp, unsigned *usedp) HB_NO_TSA
{
#if MACH_IPC_DEBUG
	ipc_port_t port;
	kern_return_t kr = mach_port_translate_receive(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	*totalp = ipc_port_request_table_size(port);
	*usedp = ipc_port_request_used(port);
	ip_unlock(port);
	return KERN_SUCCESS;
#else
	(void)space;
	(void)name;
	*totalp = *usedp = 0;
	return KERN_FAILURE;
#endif
}

/* --- Construct / destruct --------------------------------------------- */

/*
 * Routine:	mach_port_construct
 * Purpose:
 *	Allocate a receive right with options: MPO_QLIMIT, MPO_INSERT_SEND_RIGHT
 *	(a send right under the same name), and a context word.  Other
 *	option bits are accepted and have no effect in Harbor.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_ARGUMENT (no
 *	options), KERN_INVALID_VALUE (qlimit), KERN_NO_SPACE,
 *	KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_construct(ipc_space_t space, mach_port_options_ptr_t options,
    mach_port_context_t context, mach_port_name_t *namep)
{
	ipc_port_t port;
	kern_return_t kr;

	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	if (options == NULL)
		return KERN_INVALID_ARGUMENT;
	if ((options->flags & MPO_QLIMIT) &&
	    options->mpl.mpl_qlimit > MACH_PORT_QLIMIT_MAX)
		return KERN_INVALID_VALUE;
	kr = ipc_port_alloc(space, false, namep, &port);
	if (kr != KERN_SUCCESS)
		return kr;
	ip_lock(port);
	if (options->flags & MPO_QLIMIT)
		ipc_mqueue_set_qlimit(port, options->mpl.mpl_qlimit);
	port->ip_context = context;
	ip_unlock(port);
	if (options->flags & MPO_INSERT_SEND_RIGHT) {
		ipc_port_t send = ipc_port_make_send(port);

		kr = ipc_object_copyout_name(
		    space, ip_to_object(send), MACH_MSG_TYPE_PORT_SEND, *namep);
		if (kr != KERN_SUCCESS) {
			ipc_port_release_send(send);
			(void)mach_port_mod_refs(
			    space, *namep, MACH_PORT_RIGHT_RECEIVE, -1);
		}
	}
	return kr;
}

/*
 * Routine:	mach_port_destruct
 * Purpose:
 *	Drop srdelta send urefs (srdelta <= 0) and destroy the receive
 *	right of a name.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_VALUE (srdelta > 0),
 *	KERN_INVALID_NAME, KERN_INVALID_RIGHT.
 */
kern_return_t
mach_port_destruct(ipc_space_t space, mach_port_name_t name,
    mach_port_delta_t srdelta, mach_port_context_t guard)
{
	kern_return_t kr;

	(void)guard;
	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	if (srdelta > 0)
		return KERN_INVALID_VALUE;
	if (srdelta < 0) {
		kr = mach_port_mod_refs(
		    space, name, MACH_PORT_RIGHT_SEND, srdelta);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return mach_port_mod_refs(space, name, MACH_PORT_RIGHT_RECEIVE, -1);
}

/*
 * Routine:	mach_port_rename
 * Purpose:
 *	Move every right of oname to the unused name nname; a request
 *	follows the name (Harbor decision 9, spec 4.11).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_INVALID_VALUE (nname not a
 *	valid name), KERN_INVALID_NAME (oname), KERN_NAME_EXISTS (nname in
 *	use), KERN_NO_SPACE, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_rename(
    ipc_space_t space, mach_port_name_t oname, mach_port_name_t nname)
{
	ipc_entry_t oentry, nentry;
	kern_return_t kr;

	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	if (!MACH_PORT_VALID(nname))
		return KERN_INVALID_VALUE;
	kr = ipc_right_lookup_write(space, oname, &oentry);
	if (kr != KERN_SUCCESS)
		return kr;
	/* Allocating may grow the table: look oname up again afterwards. */
	kr = ipc_entry_alloc_name(space, nname, &nentry);
	if (kr == KERN_SUCCESS && IE_BITS_TYPE(nentry->ie_bits) != 0)
		kr = KERN_NAME_EXISTS;
	if (kr != KERN_SUCCESS) {
		is_write_unlock(space);
		return kr;
	}
	oentry = ipc_entry_lookup(space, oname);
	assert(oentry != IE_NULL);
	return ipc_right_rename(space, oname, oentry, nname, nentry);
}

/* --- Debugging interfaces --------------------------------------------- */

#if MACH_IPC_DEBUG
/* One name for mach_port_space_info: type bits plus the request type. */
static void
mach_port_space_info_name(
    ipc_space_t space, mach_port_index_t index, ipc_info_name_t *iin)
{
	ipc_entry_t entry = &space->is_table[index];
	ipc_entry_bits_t bits = entry->ie_bits;
	mach_port_name_t name = MACH_PORT_NAME_MAKE(index, IE_BITS_GEN(bits));

	memset(iin, 0, sizeof(*iin));
	iin->iin_name = name;
	iin->iin_collision = (bits & IE_BITS_COLLISION) != 0;
	iin->iin_type = IE_BITS_TYPE(bits);
	if ((bits & MACH_PORT_TYPE_PORT_RIGHTS) &&
	    entry->ie_request != IE_REQ_NONE) {
		ipc_port_t port = ip_object_to_port(entry->ie_object);

		ip_lock(port);
		iin->iin_type |=
		    ipc_port_request_type(port, name, entry->ie_request);
		ip_unlock(port);
	}
	iin->iin_urefs = IE_BITS_UREFS(bits);
	/* Object addresses are not disclosed; report a stable token. */
	iin->iin_object = entry->ie_object == IO_NULL ? 0 : index;
	iin->iin_next = entry->ie_request;
}
#endif

/*
 * Routine:	mach_port_space_info
 * Purpose:
 *	Debug view of a space: table size and, per name, its type bits
 *	with the request type unmasked (spec 6.4).  There is no splay tree
 *	in Harbor: tree_info is always empty.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK, KERN_RESOURCE_SHORTAGE, and
 *	KERN_FAILURE on kernels without MACH_IPC_DEBUG.
 */
kern_return_t
mach_port_space_info(ipc_space_t space, ipc_info_space_t *infop,
    ipc_info_name_array_t *tablep, mach_msg_type_number_t *tableCnt,
    ipc_info_tree_name_array_t *treep, mach_msg_type_number_t *treeCnt)
{
#if MACH_IPC_DEBUG
	ipc_info_name_t *table;
	uint32_t index, n = 0;

	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	*treep = NULL;
	*treeCnt = 0;
	is_read_lock(space);
	if (!is_active(space)) {
		is_read_unlock(space);
		return KERN_INVALID_TASK;
	}
	memset(infop, 0, sizeof(*infop));
	infop->iis_genno_mask = 0xff;
	infop->iis_table_size = space->is_table_size;
	infop->iis_table_next = space->is_table_size * 2;
	table = kalloc(space->is_table_size * sizeof(*table) + 1);
	if (table == NULL) {
		is_read_unlock(space);
		return KERN_RESOURCE_SHORTAGE;
	}
	for (index = 1; index < space->is_table_size; index++) {
		if (IE_BITS_TYPE(space->is_table[index].ie_bits) != 0)
			mach_port_space_info_name(space, index, &table[n++]);
	}
	is_read_unlock(space);
	*tablep = kalloc(n * sizeof(*table) + (n == 0));
	if (*tablep != NULL)
		memcpy(*tablep, table, n * sizeof(*table));
	kfree(table, space->is_table_size * sizeof(*table) + 1);
	if (*tablep == NULL)
		return KERN_RESOURCE_SHORTAGE;
	if (n == 0) {
		kfree(*tablep, 1);
		*tablep = NULL;
	}
	*tableCnt = n;
	return KERN_SUCCESS;
#else
	(void)space;
	(void)infop;
	*tablep = NULL;
	*treep = NULL;
	*tableCnt = *treeCnt = 0;
	return KERN_FAILURE;
#endif
}

/*
 * Routine:	mach_port_space_basic_info
 * Purpose:
 *	Size and use of a space's name table.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_TASK.
 */
kern_return_t
mach_port_space_basic_info(ipc_space_t space, ipc_info_space_basic_t *infop)
{
	if (space == IPC_SPACE_NULL)
		return KERN_INVALID_TASK;
	is_read_lock(space);
	if (!is_active(space)) {
		is_read_unlock(space);
		return KERN_INVALID_TASK;
	}
	memset(infop, 0, sizeof(*infop));
	infop->iisb_genno_mask = 0xff;
	infop->iisb_table_size = space->is_table_size;
	infop->iisb_table_next = space->is_table_size * 2;
	infop->iisb_table_inuse = space->is_table_inuse;
	is_read_unlock(space);
	return KERN_SUCCESS;
}

/* --- Routines Harbor does not implement -------------------------------- */

/*
 * The remaining mach_port routines keep Apple's numbers and message
 * layouts but are not implemented: they validate the space and return
 * KERN_NOT_SUPPORTED.  (Their in-line rights and memory are destroyed by
 * the kernel's MIG dispatch, as for every failed request.)
 */
#define MACH_PORT_NOT_SUPPORTED(space) \
	((space) == IPC_SPACE_NULL ? KERN_INVALID_TASK : KERN_NOT_SUPPORTED)

/*
 * Routine:	mach_port_peek
 * Purpose:	Not supported.
 * Conditions:	Nothing locked.
 * Returns:	KERN_INVALID_TASK, KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_port_peek(ipc_space_t space, mach_port_name_t name,
    mach_msg_trailer_type_t trailer_type, mach_port_seqno_t *seqnop,
    mach_msg_size_t *sizep, mach_msg_id_t *idp, mach_msg_trailer_info_t trailer,
    mach_msg_type_number_t *trailerCnt)
{
	*trailerCnt = 0;
	return MACH_PORT_NOT_SUPPORTED(space);
}

/*
 * Routine:	mach_port_allocate_qos
 * Purpose:	Not supported (use mach_port_allocate / construct).
 * Conditions:	Nothing locked.
 * Returns:	KERN_INVALID_TASK, KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_port_allocate_qos(ipc_space_t space, mach_port_right_t right,
    mach_port_qos_t *qos, mach_port_name_t *namep)
{
	return MACH_PORT_NOT_SUPPORTED(space);
}

/*
 * Routine:	mach_port_allocate_full
 * Purpose:	Not supported.
 * Conditions:	Nothing locked.
 * Returns:	KERN_INVALID_TASK, KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_port_allocate_full(ipc_space_t space, mach_port_right_t right,
    mach_port_t proto, mach_port_qos_t *qos, mach_port_name_t *namep)
{
	return MACH_PORT_NOT_SUPPORTED(space);
}

/*
 * Routine:	task_set_port_space
 * Purpose:	Not supported (the name table grows on demand).
 * Conditions:	Nothing locked.
 * Returns:	KERN_INVALID_TASK, KERN_NOT_SUPPORTED.
 */
kern_return_t
task_set_port_space(ipc_space_t space, int table_entries)
{
	return MACH_PORT_NOT_SUPPORTED(space);
}

/*
 * Routine:	mach_port_kobject
 * Purpose:	Not supported (kernel addresses are not disclosed).
 * Conditions:	Nothing locked.
 * Returns:	KERN_INVALID_TASK, KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_port_kobject(ipc_space_t space, mach_port_name_t name, natural_t *typep,
    mach_vm_address_t *addrp)
{
	return MACH_PORT_NOT_SUPPORTED(space);
}

/*
 * Routine:	mach_port_kobject_description
 * Purpose:	Not supported.
 * Conditions:	Nothing locked.
 * Returns:	KERN_INVALID_TASK, KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_port_kobject_description(ipc_space_t space, mach_port_name_t name,
    natural_t *typep, mach_vm_address_t *addrp,
    kobject_description_t description)
{
	description[0] = '\0';
	return MACH_PORT_NOT_SUPPORTED(space);
}

/*
 * Routine:	mach_port_guard
 * Purpose:	Not supported (no port guards in Harbor).
 * Conditions:	Nothing locked.
 * Returns:	KERN_INVALID_TASK, KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_port_guard(ipc_space_t space, mach_port_name_t name,
    mach_port_context_t guard, boolean_t strict)
{
	return MACH_PORT_NOT_SUPPORTED(space);
}

/*
 * Routine:	mach_port_unguard
 * Purpose:	Not supported.
 * Conditions:	Nothing locked.
 * Returns:	KERN_INVALID_TASK, KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_port_unguard(
    ipc_space_t space, mach_port_name_t name, mach_port_context_t guard)
{
	return MACH_PORT_NOT_SUPPORTED(space);
}

/*
 * Routine:	mach_port_guard_with_flags
 * Purpose:	Not supported.
 * Conditions:	Nothing locked.
 * Returns:	KERN_INVALID_TASK, KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_port_guard_with_flags(ipc_space_t space, mach_port_name_t name,
    mach_port_context_t guard, uint64_t flags)
{
	return MACH_PORT_NOT_SUPPORTED(space);
}

/*
 * Routine:	mach_port_swap_guard
 * Purpose:	Not supported.
 * Conditions:	Nothing locked.
 * Returns:	KERN_INVALID_TASK, KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_port_swap_guard(ipc_space_t space, mach_port_name_t name,
    mach_port_context_t old_guard, mach_port_context_t new_guard)
{
	return MACH_PORT_NOT_SUPPORTED(space);
}

/*
 * Routine:	mach_port_special_reply_port_reset_link
 * Purpose:	Not supported (no special reply ports).
 * Conditions:	Nothing locked.
 * Returns:	KERN_INVALID_TASK, KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_port_special_reply_port_reset_link(
    ipc_space_t space, mach_port_name_t name, boolean_t *lostp)
{
	return MACH_PORT_NOT_SUPPORTED(space);
}

/*
 * Routine:	mach_port_is_connection_for_service
 * Purpose:	Not supported.
 * Conditions:	Nothing locked.
 * Returns:	KERN_INVALID_TASK, KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_port_is_connection_for_service(ipc_space_t space,
    mach_port_name_t connection, mach_port_name_t service, uint64_t *policyp)
{
	return MACH_PORT_NOT_SUPPORTED(space);
}

/*
 * Routine:	mach_port_get_service_port_info
 * Purpose:	Not supported.
 * Conditions:	Nothing locked.
 * Returns:	KERN_INVALID_TASK, KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_port_get_service_port_info(ipc_space_t space, mach_port_name_t name,
    mach_service_port_info_data_t *infop)
{
	return MACH_PORT_NOT_SUPPORTED(space);
}

/*
 * Routine:	mach_port_assert_attributes
 * Purpose:	Not supported.
 * Conditions:	Nothing locked.
 * Returns:	KERN_INVALID_TASK, KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_port_assert_attributes(ipc_space_t space, mach_port_name_t name,
    mach_port_flavor_t flavor, mach_port_info_t info,
    mach_msg_type_number_t count)
{
	return MACH_PORT_NOT_SUPPORTED(space);
}
