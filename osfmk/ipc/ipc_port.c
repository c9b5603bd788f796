/*
 * ipc/ipc_port.c - ports and their notification request tables.
 *
 * See ipc/ipc_port.h for the life cycle, the table layout and the lock
 * rules, and doc/request-table.md for the design discussion.
 */
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>
#include <ipc/ipc_entry.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_notify.h>
#include <kern/ipc_kobject.h>
#include <kern/kalloc.h>
#include <kern/zalloc.h>
#include <kern/debug.h>
#include <string.h>

/* Slots per table, including the header slot 0 (Harbor decision 7). */
const uint32_t ipc_port_request_series[IPC_PORT_REQUEST_SERIES_MAX + 1] = {2, 4,
    8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536,
    131072, 262144, 524288, 1u << 20, 0};

lck_mtx_t ipc_port_multiple_lock_data;
static zone_t ipc_port_zone;
zone_t ipc_request_table_zone; /* accounting: tables and their bytes */
zone_t ipc_request_slot_zone;  /* accounting: slots in use */
static uint32_t ipc_port_timestamp_data;

/*
 * Routine:	ipc_port_init
 * Purpose:
 *	Create the port zones and the multiple-port lock.
 * Conditions:
 *	Boot, single-threaded.
 * Returns:
 *	Nothing.
 */
void
ipc_port_init(void)
{
	ipc_port_zone = zone_create("ipc.ports", sizeof(struct ipc_port), 0);
	ipc_request_table_zone = zone_create("ipc.request.tables", 0, 0);
	ipc_request_slot_zone = zone_create("ipc.request.slots", 0, 0);
	lck_mtx_init(&ipc_port_multiple_lock_data, LCK_CLASS_PORT_MULTIPLE);
}

/*
 * Routine:	ipc_port_timestamp
 * Purpose:
 *	Draw a death timestamp.  Ports that die later get larger ones
 *	(modulo wrap), which mach_port_names uses to tell whether a port
 *	died before or after it looked.
 * Conditions:
 *	Any.
 * Returns:
 *	The timestamp.
 */
uint32_t
ipc_port_timestamp(void)
{
	return __atomic_add_fetch(
	    &ipc_port_timestamp_data, 1, __ATOMIC_RELAXED);
}

static ipc_port_t
ipc_port_create(ipc_space_t space)
{
	ipc_port_t port = zalloc(ipc_port_zone);

	if (port == IP_NULL)
		return IP_NULL;
	port->ip_object.io_bits = io_makebits(true, IOT_PORT, 0);
	port->ip_object.io_references = 1;
	lck_mtx_init(&port->ip_object.io_lock_data, LCK_CLASS_PORT);
	ipc_mqueue_init(&port->ip_messages, false);
	port->ip_state = IP_STATE_IN_SPACE;
	port->ip_receiver = space;
	return port;
}

/*
 * Routine:	ipc_port_alloc_special
 * Purpose:
 *	Allocate a port whose receive right the kernel holds without a
 *	name (kernel-object ports and kernel reply ports).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The port with one reference (for the receive right), or IP_NULL.
 */
ipc_port_t
ipc_port_alloc_special(ipc_space_t space)
{
	return ipc_port_create(space);
}

static kern_return_t
ipc_port_install(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry,
    ipc_port_t *portp) HB_RELEASE(space->is_lock_data)
{
	ipc_port_t port = ipc_port_create(space);

	if (port == IP_NULL) {
		ipc_entry_dealloc(space, name, entry);
		is_write_unlock(space);
		return KERN_RESOURCE_SHORTAGE;
	}
	port->ip_receiver_name = name;
	entry->ie_object = ip_to_object(port);
	entry->ie_bits |= MACH_PORT_TYPE_RECEIVE;
	is_write_unlock(space);
	*portp = port;
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_port_alloc
 * Purpose:
 *	Allocate a port and a receive right for it under a new name, or
 *	(by_name) under *namep.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS (the object, unlocked), KERN_INVALID_TASK,
 *	KERN_NAME_EXISTS, KERN_NO_SPACE, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
ipc_port_alloc(
    ipc_space_t space, bool by_name, mach_port_name_t *namep, ipc_port_t *portp)
{
	ipc_entry_t entry;
	kern_return_t kr;

	kr = ipc_object_alloc_entry(space, by_name, namep, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	return ipc_port_install(space, *namep, entry, portp);
}

static void
ipc_port_request_table_free(ipc_port_request_t table)
{
	uint32_t size = table[0].ipr_name;

	kfree(table, size * sizeof(struct ipc_port_request));
	zone_account(ipc_request_table_zone, -1,
	    -(int64_t)(size * sizeof(struct ipc_port_request)));
}

/*
 * Routine:	ipc_port_free
 * Purpose:
 *	Free a port after its last reference (spec 2.11): the request
 *	table, which outlived the port's death, goes with it.
 * Conditions:
 *	No references remain; the port is dead or was never used.
 * Returns:
 *	Nothing.
 */
void
ipc_port_free(ipc_port_t port)
{
	ipc_port_request_t table = port->ip_requests;

	assert(port->ip_messages.imq_messages.ikmq_head == IKM_NULL);
	if (table != IPR_NULL) {
		uint32_t i, used = 0;

		for (i = 1; i < table[0].ipr_name; i++) {
			if (table[i].ipr_name != MACH_PORT_NULL)
				used++;
		}
		zone_account(ipc_request_slot_zone, -(int64_t)used,
		    -(int64_t)(used * sizeof(struct ipc_port_request)));
		ipc_port_request_table_free(table);
	}
	lck_mtx_destroy(&port->ip_object.io_lock_data);
	zfree(ipc_port_zone, port);
}

/* --- The request table ------------------------------------------------ */

static ipc_port_request_t
ipc_port_request_slot(ipc_port_t port, ipc_port_request_index_t index)
{
	ipc_port_request_t table = port->ip_requests;

	assert(table != IPR_NULL && index != IE_REQ_NONE &&
	    index < table[0].ipr_name);
	return &table[index];
}

/* Put an armed slot on the armed list unless it is on it already. */
static void
ipc_port_sparm_push(ipc_port_t port, ipc_port_request_index_t index)
{
	ipc_port_request_t ipr = ipc_port_request_slot(port, index);

	__atomic_store_n(&port->ip_sprequests, true, __ATOMIC_RELAXED);
	if (ipr->ipr_splink & IPR_SPLINK_ONLIST)
		return;
	ipr->ipr_splink = IPR_SPLINK_ONLIST | port->ip_sparmed;
	port->ip_sparmed = index;
}

/*
 * Routine:	ipc_port_request_alloc
 * Purpose:
 *	Register a dead-name or send-possible request for name: pop the
 *	free-list head (LIFO, spec 1.5) and store name and soright in it.
 * Conditions:
 *	The port is locked and active; name is valid; soright is a valid
 *	send-once right, consumed on success.
 * Returns:
 *	KERN_SUCCESS	the slot index in *indexp
 *	KERN_NO_SPACE	no table, or no free slot (nothing changed)
 */
kern_return_t
ipc_port_request_alloc(ipc_port_t port, mach_port_name_t name,
    ipc_port_t soright, bool send_possible, bool immediate,
    ipc_port_request_index_t *indexp)
{
	ipc_port_request_t table = port->ip_requests, ipr;
	ipc_port_request_index_t index;
	uintptr_t mask = 0;

	assert(ip_lock_held(port) && ip_active(port));
	assert(MACH_PORT_VALID(name) && IP_VALID(soright));
	if (table == IPR_NULL || (index = table[0].ipr_next) == 0)
		return KERN_NO_SPACE;
	ipr = &table[index];
	table[0].ipr_next = ipr->ipr_next;
	ipr->ipr_name = name;
	if (send_possible) {
		mask |= IPR_SOR_SPREQ_MASK;
		if (immediate)
			mask |= IPR_SOR_SPARM_MASK;
	}
	ipr->ipr_soright_bits = IPR_SOR_MAKE(soright, mask);
	if (mask & IPR_SOR_SPARM_MASK)
		ipc_port_sparm_push(port, index);
	zone_account(ipc_request_slot_zone, 1, sizeof(*ipr));
	*indexp = index;
	return KERN_SUCCESS;
}

/* Build the grown table: old slots kept, new ones threaded highest first. */
static void
ipc_port_request_table_fill(ipc_port_request_t ntable, uint32_t nsize,
    uint32_t series_index, ipc_port_request_t otable)
{
	uint32_t osize = otable == IPR_NULL ? 1 : otable[0].ipr_name, i;

	if (otable != IPR_NULL) {
		memcpy(&ntable[1], &otable[1],
		    (osize - 1) * sizeof(struct ipc_port_request));
	}
	for (i = osize; i < nsize; i++) {
		ntable[i].ipr_next = (i == osize)
		    ? (otable == IPR_NULL ? 0 : otable[0].ipr_next)
		    : i - 1;
		ntable[i].ipr_name = MACH_PORT_NULL;
		ntable[i].ipr_splink = 0;
	}
	ntable[0].ipr_next = nsize - 1;
	ntable[0].ipr_name = nsize;
	ntable[0].ipr_splink = series_index;
}

/* Pick the series index for a grow request, or return the error. */
static kern_return_t
ipc_port_request_grow_size(
    ipc_port_request_t otable, uint32_t target_size, uint32_t *series_indexp)
{
	uint32_t si = otable == IPR_NULL ? 0 : otable[0].ipr_splink + 1;

	if (target_size != ITS_SIZE_NONE) {
		if (otable != IPR_NULL && otable[0].ipr_name >= target_size)
			return KERN_ALREADY_IN_SET; /* nothing to do */
		while (ipc_port_request_series[si] != 0 &&
		    ipc_port_request_series[si] < target_size)
			si++;
		if (ipc_port_request_series[si] == 0)
			return KERN_NO_SPACE;
	}
	if (ipc_port_request_series[si] == 0)
		return KERN_RESOURCE_SHORTAGE;
	*series_indexp = si;
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_port_request_grow
 * Purpose:
 *	Grow the port's request table: to the next size in the series
 *	(target_size ITS_SIZE_NONE), or in one step to the first size that
 *	holds target_size slots (Harbor decision 6).  Slot indices never
 *	change.  The port is unlocked while the new table is allocated;
 *	afterwards the port must still be active and still have the same
 *	table, or the new table is thrown away (someone else grew it, or the
 *	port died) and the caller simply retries from scratch.
 * Conditions:
 *	The port is locked and active; nothing else is locked.  Returns with
 *	the port unlocked.
 * Returns:
 *	KERN_SUCCESS		grown, or no longer needed
 *	KERN_NO_SPACE		target_size exceeds the largest table
 *	KERN_RESOURCE_SHORTAGE	already the largest table, or no memory
 */
kern_return_t
ipc_port_request_grow(ipc_port_t port, uint32_t target_size)
{
	ipc_port_request_t otable = port->ip_requests, ntable;
	uint32_t si, nsize, osize;
	kern_return_t kr;

	assert(ip_lock_held(port) && ip_active(port));
	kr = ipc_port_request_grow_size(otable, target_size, &si);
	if (kr != KERN_SUCCESS) {
		ip_unlock(port);
		return kr == KERN_ALREADY_IN_SET ? KERN_SUCCESS : kr;
	}
	nsize = ipc_port_request_series[si];
	osize = ipc_port_request_table_size(port);
	ip_reference(port);
	ip_unlock(port);

	ntable = kalloc(nsize * sizeof(struct ipc_port_request));
	if (ntable == IPR_NULL) {
		ip_release(port);
		return KERN_RESOURCE_SHORTAGE;
	}
	zone_account(ipc_request_table_zone, 1,
	    (int64_t)(nsize * sizeof(struct ipc_port_request)));

	/* Recheck what we dropped the lock on: still alive, same table. */
	ip_lock(port);
	/*
	 * Same pointer AND same size: sizes only grow, so a table freed and
	 * reallocated at the same address meanwhile cannot pass for ours.
	 */
	if (ip_active(port) && port->ip_requests == otable &&
	    ipc_port_request_table_size(port) == osize) {
		ipc_port_request_table_fill(ntable, nsize, si, otable);
		port->ip_requests = ntable;
		ip_unlock(port);
		if (otable != IPR_NULL)
			ipc_port_request_table_free(otable);
	} else {
		ip_unlock(port);
		ntable[0].ipr_name = nsize;
		ipc_port_request_table_free(ntable);
	}
	ip_release(port);
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_port_request_sparm
 * Purpose:
 *	Arm a delayed send-possible request (MACH_SEND_NOTIFY found the
 *	queue full).  Dead-name slots and fired slots are left alone;
 *	arming an armed slot is harmless.
 * Conditions:
 *	The port is locked and active.
 * Returns:
 *	Nothing.
 */
void
ipc_port_request_sparm(
    ipc_port_t port, mach_port_name_t name, ipc_port_request_index_t index)
{
	ipc_port_request_t ipr;

	assert(ip_lock_held(port) && ip_active(port));
	if (index == IE_REQ_NONE)
		return;
	ipr = ipc_port_request_slot(port, index);
	assert(ipr->ipr_name == name);
	if (!IPR_SOR_SPREQ(ipr->ipr_soright_bits))
		return;
	ipr->ipr_soright_bits |= IPR_SOR_SPARM_MASK;
	ipc_port_sparm_push(port, index);
}

/*
 * Routine:	ipc_port_request_type
 * Purpose:
 *	Report what kind of request a slot holds (spec 2.4).
 * Conditions:
 *	The port is locked, or dead (its table is then frozen).  index is
 *	the slot of name.
 * Returns:
 *	0 for a fired slot, else MACH_PORT_TYPE_DNREQUEST plus
 *	MACH_PORT_TYPE_SPREQUEST for a send-possible request plus
 *	MACH_PORT_TYPE_SPREQUEST_DELAYED if it is not armed.
 */
mach_port_type_t
ipc_port_request_type(
    ipc_port_t port, mach_port_name_t name, ipc_port_request_index_t index)
{
	ipc_port_request_t ipr = ipc_port_request_slot(port, index);
	uintptr_t sor = ipr->ipr_soright_bits;
	mach_port_type_t type;

	assert(ip_lock_held(port) || !ip_active(port));
	assert(ipr->ipr_name == name);
	(void)name;
	if (IPR_SOR_PORT(sor) == IP_NULL)
		return 0;
	type = MACH_PORT_TYPE_DNREQUEST;
	if (IPR_SOR_SPREQ(sor)) {
		type |= MACH_PORT_TYPE_SPREQUEST;
		if (!IPR_SOR_SPARMED(sor))
			type |= MACH_PORT_TYPE_SPREQUEST_DELAYED;
	}
	return type;
}

/*
 * Routine:	ipc_port_request_cancel
 * Purpose:
 *	Free a request slot (pushed on the free-list head) and hand back
 *	its send-once right with the flag bits stripped.
 * Conditions:
 *	The port is locked and active; index is the slot of name.
 * Returns:
 *	The right, which the caller now owns (IP_NULL for a fired
 *	send-possible slot).
 */
ipc_port_t
ipc_port_request_cancel(
    ipc_port_t port, mach_port_name_t name, ipc_port_request_index_t index)
{
	ipc_port_request_t table = port->ip_requests;
	ipc_port_request_t ipr = ipc_port_request_slot(port, index);
	ipc_port_t soright = IPR_SOR_PORT(ipr->ipr_soright_bits);

	assert(ip_lock_held(port) && ip_active(port));
	assert(ipr->ipr_name == name);
	(void)name;
	ipr->ipr_name = MACH_PORT_NULL;
	ipr->ipr_next = table[0].ipr_next;
	table[0].ipr_next = index;
	zone_account(ipc_request_slot_zone, -1, -(int64_t)sizeof(*ipr));
	return soright;
}

/*
 * Routine:	ipc_port_request_rename
 * Purpose:
 *	The name owning a slot changed (mach_port_rename).
 * Conditions:
 *	The port is locked and active; index is the slot of oname.
 * Returns:
 *	Nothing.
 */
void
ipc_port_request_rename(ipc_port_t port, ipc_port_request_index_t index,
    mach_port_name_t oname, mach_port_name_t nname)
{
	ipc_port_request_t ipr = ipc_port_request_slot(port, index);

	assert(ip_lock_held(port) && ip_active(port));
	assert(ipr->ipr_name == oname);
	(void)oname;
	ipr->ipr_name = nname;
}

/*
 * Routine:	ipc_port_request_table_size
 * Purpose:
 *	The table's size in slots, slot 0 included (0 with no table), as
 *	MACH_PORT_DNREQUESTS_SIZE and mach_port_dnrequest_info report it.
 * Conditions:
 *	The port is locked.
 * Returns:
 *	The size.
 */
uint32_t
ipc_port_request_table_size(ipc_port_t port)
{
	assert(ip_lock_held(port) || !ip_active(port));
	return port->ip_requests == IPR_NULL ? 0
					     : port->ip_requests[0].ipr_name;
}

/*
 * Routine:	ipc_port_request_used
 * Purpose:
 *	Count the allocated slots (fired send-possible slots included).
 * Conditions:
 *	The port is locked.
 * Returns:
 *	The count.
 */
uint32_t
ipc_port_request_used(ipc_port_t port)
{
	ipc_port_request_t table = port->ip_requests;
	uint32_t i, used = 0;

	assert(ip_lock_held(port) || !ip_active(port));
	for (i = 1; table != IPR_NULL && i < table[0].ipr_name; i++) {
		if (table[i].ipr_name != MACH_PORT_NULL)
			used++;
	}
	return used;
}

/*
 * Routine:	ipc_port_dnnotify
 * Purpose:
 *	A port died: send a dead-name notification for every slot that
 *	still holds a send-once right, in ascending slot order (spec 2.7).
 *	Unfired send-possible requests get dead-name too.  The slots are
 *	left as they are, so the space layer can still ask what kind of
 *	request a name had; the table goes when the port is freed.
 * Conditions:
 *	Nothing locked; the port is dead (its table frozen); the caller
 *	holds a reference.
 * Returns:
 *	Nothing.
 */
void
ipc_port_dnnotify(ipc_port_t port)
{
	ipc_port_request_t table = port->ip_requests;
	uint32_t i, size;

	assert(!ip_active(port));
	if (table == IPR_NULL)
		return;
	size = table[0].ipr_name;
	for (i = 1; i < size; i++) {
		mach_port_name_t name = table[i].ipr_name;
		ipc_port_t soright;

		if (!MACH_PORT_VALID(name))
			continue;
		soright = IPR_SOR_PORT(table[i].ipr_soright_bits);
		if (IP_VALID(soright))
			ipc_notify_dead_name(soright, name);
	}
}

/* Merge two index-sorted armed lists linked through ipr_splink. */
static ipc_port_request_index_t
ipc_port_sparm_merge(ipc_port_request_t table, ipc_port_request_index_t a,
    ipc_port_request_index_t b)
{
	ipc_port_request_index_t head = 0, tail = 0, pick;

	while (a != 0 || b != 0) {
		if (b == 0 || (a != 0 && a < b)) {
			pick = a;
			a = IPR_SPLINK_INDEX(table[a].ipr_splink);
		} else {
			pick = b;
			b = IPR_SPLINK_INDEX(table[b].ipr_splink);
		}
		if (tail == 0)
			head = pick;
		else
			table[tail].ipr_splink = IPR_SPLINK_ONLIST | pick;
		tail = pick;
	}
	if (tail != 0)
		table[tail].ipr_splink = IPR_SPLINK_ONLIST;
	return head;
}

/* Sort an armed list by slot index (merge sort on the linked list). */
static ipc_port_request_index_t
ipc_port_sparm_sort(ipc_port_request_t table, ipc_port_request_index_t head)
{
	ipc_port_request_index_t slow = head, fast, second;

	if (head == 0 || IPR_SPLINK_INDEX(table[head].ipr_splink) == 0)
		return head;
	fast = IPR_SPLINK_INDEX(table[head].ipr_splink);
	while (fast != 0 && IPR_SPLINK_INDEX(table[fast].ipr_splink) != 0) {
		slow = IPR_SPLINK_INDEX(table[slow].ipr_splink);
		fast = IPR_SPLINK_INDEX(
		    table[IPR_SPLINK_INDEX(table[fast].ipr_splink)].ipr_splink);
	}
	second = IPR_SPLINK_INDEX(table[slow].ipr_splink);
	table[slow].ipr_splink = IPR_SPLINK_ONLIST;
	return ipc_port_sparm_merge(table, ipc_port_sparm_sort(table, head),
	    ipc_port_sparm_sort(table, second));
}

/*
 * Take the right out of one armed slot, if it is still armed; the slot
 * stays allocated with a NULL right ("fired", spec 5.1).
 */
static ipc_port_t
ipc_port_sparm_take(ipc_port_request_t ipr, mach_port_name_t *namep)
{
	uintptr_t sor = ipr->ipr_soright_bits;

	if (!MACH_PORT_VALID(ipr->ipr_name) || !IPR_SOR_SPARMED(sor) ||
	    IPR_SOR_PORT(sor) == IP_NULL)
		return IP_NULL;
	ipr->ipr_soright_bits = 0;
	*namep = ipr->ipr_name;
	return IPR_SOR_PORT(sor);
}

/*
 * Requests armed while spnotify had the port unlocked (after firing slot
 * here): those ahead of here, within the capacity noted at the start,
 * join this pass in order (spec 2.8 step 4); the others stay armed for
 * the next call.  Returns the new head of this pass's list.
 */
static ipc_port_request_index_t
ipc_port_sparm_adopt(ipc_port_t port, ipc_port_request_index_t rest,
    ipc_port_request_index_t here, uint32_t cap)
{
	ipc_port_request_t table = port->ip_requests;
	ipc_port_request_index_t late, keep = 0, ahead = 0, idx;

	if (port->ip_sparmed == 0)
		return rest;
	late = port->ip_sparmed;
	port->ip_sparmed = 0;
	while (late != 0) {
		idx = late;
		late = IPR_SPLINK_INDEX(table[idx].ipr_splink);
		if (idx > here && idx < cap) {
			table[idx].ipr_splink = IPR_SPLINK_ONLIST | ahead;
			ahead = idx;
		} else {
			table[idx].ipr_splink = IPR_SPLINK_ONLIST | keep;
			keep = idx;
		}
	}
	port->ip_sparmed = keep;
	if (keep != 0)
		__atomic_store_n(&port->ip_sprequests, true, __ATOMIC_RELAXED);
	return ipc_port_sparm_merge(
	    table, rest, ipc_port_sparm_sort(table, ahead));
}

/*
 * Routine:	ipc_port_spnotify
 * Purpose:
 *	A message was received from the port: fire every armed
 *	send-possible request, in ascending slot order, whether or not the
 *	queue has room now (spec 2.8).  The cost is in the number of armed
 *	requests, not the size of the table (Harbor decision 8): the armed
 *	list is detached, sorted, and walked; the port lock is dropped
 *	around each notification.  Requests armed while this runs are left
 *	for the next call unless their slot is still ahead on the detached
 *	list.
 * Conditions:
 *	Nothing locked; the caller holds a reference.
 * Returns:
 *	Nothing.
 */
void
ipc_port_spnotify(ipc_port_t port)
{
	ipc_port_request_index_t next;
	uint32_t cap;

	if (!__atomic_load_n(&port->ip_sprequests, __ATOMIC_RELAXED))
		return;
	ip_lock(port);
	if (!port->ip_sprequests) {
		ip_unlock(port);
		return;
	}
	__atomic_store_n(&port->ip_sprequests, false, __ATOMIC_RELAXED);
	if (!ip_active(port)) {
		ip_unlock(port);
		return;
	}
	cap = ipc_port_request_table_size(port);
	next = ipc_port_sparm_sort(port->ip_requests, port->ip_sparmed);
	port->ip_sparmed = 0;
	while (next != 0) {
		ipc_port_request_t ipr = &port->ip_requests[next];
		mach_port_name_t name = MACH_PORT_NULL;
		ipc_port_t soright;
		ipc_port_request_index_t here = next;

		next = IPR_SPLINK_INDEX(ipr->ipr_splink);
		ipr->ipr_splink = 0;
		soright = ipc_port_sparm_take(ipr, &name);
		if (soright == IP_NULL)
			continue;
		ip_unlock(port);
		ipc_notify_send_possible(soright, name);
		ip_lock(port);
		if (!ip_active(port))
			break;
		next = ipc_port_sparm_adopt(port, next, here, cap);
	}
	ip_unlock(port);
}

/* --- Life cycle ------------------------------------------------------- */

/*
 * Routine:	ipc_port_clear_receiver
 * Purpose:
 *	The receive right is leaving its space (moved, destroyed, or handed
 *	to a pdrequest): reset the make-send count and the sequence number
 *	and wake receivers blocked on the port so they see the change.
 *	Set membership must already have been dropped
 *	(ipc_pset_remove_from_all).
 * Conditions:
 *	The port is locked and active.
 * Returns:
 *	Nothing.
 */
void
ipc_port_clear_receiver(ipc_port_t port)
{
	assert(ip_lock_held(port) && ip_active(port));
	assert(port->ip_psets == NULL);
	port->ip_mscount = 0;
	port->ip_messages.imq_seqno = 0;
	port->ip_receiver_name = MACH_PORT_NULL;
	ipc_mqueue_changed(&port->ip_messages);
}

/*
 * Routine:	ipc_port_destroy
 * Purpose:
 *	Destroy a receive right (spec 2.9).  With a port-destroyed request
 *	the port is rescued instead: it goes to limbo, untouched, and the
 *	receive right travels in a PORT_DESTROYED notification.  Otherwise
 *	the port dies: no-senders request discarded with a SEND_ONCE
 *	notification, queued messages destroyed, DEAD_NAME notifications
 *	for every registered request.
 * Conditions:
 *	The port is locked and active, its receiver already cleared;
 *	nothing else is locked.  Consumes the caller's reference (the
 *	receive right's).  Returns with the port unlocked; notifications
 *	are sent unlocked.
 * Returns:
 *	Nothing.
 */
void
ipc_port_destroy(ipc_port_t port)
{
	ipc_port_t pdrequest = port->ip_pdrequest, nsrequest;
	struct ipc_kmsg_queue messages;
	ipc_kmsg_t kmsg;

	assert(ip_lock_held(port) && ip_active(port));
	if (pdrequest != IP_NULL) {
		port->ip_pdrequest = IP_NULL;
		port->ip_state = IP_STATE_IN_LIMBO;
		port->ip_destination = IP_NULL;
		ip_unlock(port);
		ipc_notify_port_destroyed(pdrequest, port);
		return;
	}

	port->ip_object.io_bits &= ~IO_BITS_ACTIVE;
	port->ip_state = IP_STATE_DEAD;
	port->ip_timestamp = ipc_port_timestamp();
	nsrequest = port->ip_nsrequest;
	port->ip_nsrequest = IP_NULL;
	messages = ipc_mqueue_drain_locked(port);
	ip_unlock(port);

	if (nsrequest != IP_NULL)
		ipc_notify_send_once(nsrequest);
	while ((kmsg = ipc_kmsg_dequeue(&messages)) != IKM_NULL)
		ipc_kmsg_destroy(kmsg);
	ipc_port_dnnotify(port);
	ipc_kobject_port_died(port);
	ip_release(port);
}

/*
 * Routine:	ipc_port_pdrequest
 * Purpose:
 *	Replace the port-destroyed request (NULL clears it).
 * Conditions:
 *	The port is locked and active; notify is consumed.  Returns with the
 *	port unlocked.
 * Returns:
 *	The previous request right (maybe IP_NULL) in *previousp.
 */
void
ipc_port_pdrequest(ipc_port_t port, ipc_port_t notify, ipc_port_t *previousp)
{
	assert(ip_lock_held(port) && ip_active(port));
	*previousp = port->ip_pdrequest;
	port->ip_pdrequest = notify;
	ip_unlock(port);
}

/*
 * Routine:	ipc_port_nsrequest
 * Purpose:
 *	Replace the no-senders request.  sync is a make-send-count
 *	threshold: if there are no send rights now and sync <= ip_mscount,
 *	the notification fires at once instead of being registered.
 * Conditions:
 *	The port is locked and active; notify is consumed.  Returns with the
 *	port unlocked; the immediate notification is sent unlocked.
 * Returns:
 *	The previous request right (maybe IP_NULL) in *previousp, also when
 *	firing at once.
 */
void
ipc_port_nsrequest(ipc_port_t port, mach_port_mscount_t sync, ipc_port_t notify,
    ipc_port_t *previousp)
{
	mach_port_mscount_t mscount = port->ip_mscount;

	assert(ip_lock_held(port) && ip_active(port));
	*previousp = port->ip_nsrequest;
	if (port->ip_srights == 0 && sync <= mscount && notify != IP_NULL) {
		port->ip_nsrequest = IP_NULL;
		ip_unlock(port);
		ipc_notify_no_senders(notify, mscount);
		return;
	}
	port->ip_nsrequest = notify;
	ip_unlock(port);
}

/*
 * Routine:	ipc_port_check_circularity
 * Purpose:
 *	A receive right (port) is being put in transit inside a message to
 *	dest.  Refuse if that would make port reachable from itself (the
 *	message could then never be received).  Otherwise record dest as
 *	port's destination, with a reference.
 * Conditions:
 *	Nothing locked; port is in transit (its receive right was just
 *	copied in).
 * Returns:
 *	true if circular (nothing recorded), false if recorded.
 */
bool
ipc_port_check_circularity(ipc_port_t port, ipc_port_t dest)
{
	ipc_port_t base = dest, next;

	if (port == dest)
		return true;
	ipc_port_multiple_lock();
	while (base != IP_NULL) {
		ip_lock(base);
		next = (base->ip_state == IP_STATE_IN_TRANSIT)
		    ? base->ip_destination
		    : IP_NULL;
		ip_unlock(base);
		if (next == port) {
			ipc_port_multiple_unlock();
			return true;
		}
		base = next;
	}
	ip_lock(port);
	assert(port->ip_state == IP_STATE_IN_TRANSIT);
	ip_reference(dest);
	port->ip_destination = dest;
	ip_unlock(port);
	ipc_port_multiple_unlock();
	return false;
}

/* --- Rights the kernel holds by pointer -------------------------------- */

/*
 * Routine:	ipc_port_make_send_locked
 * Purpose:
 *	Make a send right from the receive right (MAKE_SEND).
 * Conditions:
 *	The port is locked and active.
 * Returns:
 *	The port, now with one more send right and reference.
 */
ipc_port_t
ipc_port_make_send_locked(ipc_port_t port)
{
	assert(ip_lock_held(port) && ip_active(port));
	port->ip_mscount++;
	port->ip_srights++;
	ip_reference(port);
	return port;
}

/*
 * Routine:	ipc_port_make_send
 * Purpose:
 *	As ipc_port_make_send_locked, for a port that may be dead or null.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The send right, or the port itself if invalid, or IP_DEAD if dead.
 */
ipc_port_t
ipc_port_make_send(ipc_port_t port)
{
	if (!IP_VALID(port))
		return port;
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		return IP_DEAD;
	}
	ipc_port_make_send_locked(port);
	ip_unlock(port);
	return port;
}

/*
 * Routine:	ipc_port_copy_send_locked
 * Purpose:
 *	One more send right from one the caller holds (COPY_SEND, or a
 *	move that leaves a uref behind).
 * Conditions:
 *	The port is locked; the caller holds a send right to it.
 * Returns:
 *	The port, with one more send right and reference.
 */
ipc_port_t
ipc_port_copy_send_locked(ipc_port_t port)
{
	assert(ip_lock_held(port) && port->ip_srights > 0);
	port->ip_srights++;
	ip_reference(port);
	return port;
}

/*
 * Routine:	ipc_port_copy_send
 * Purpose:
 *	Copy a send right the caller holds (COPY_SEND).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The new send right, IP_DEAD if the port died, or port if invalid.
 */
ipc_port_t
ipc_port_copy_send(ipc_port_t port)
{
	if (!IP_VALID(port))
		return port;
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		return IP_DEAD;
	}
	ipc_port_copy_send_locked(port);
	ip_unlock(port);
	return port;
}

/*
 * Routine:	ipc_port_make_sonce_locked
 * Purpose:
 *	Make a send-once right from the receive right (MAKE_SEND_ONCE).
 * Conditions:
 *	The port is locked and active.
 * Returns:
 *	The port, with one more send-once right and reference.
 */
ipc_port_t
ipc_port_make_sonce_locked(ipc_port_t port)
{
	assert(ip_lock_held(port) && ip_active(port));
	port->ip_sorights++;
	ip_reference(port);
	return port;
}

/*
 * Routine:	ipc_port_make_sonce
 * Purpose:
 *	As ipc_port_make_sonce_locked, for a port that may be dead.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The send-once right, IP_DEAD if dead, or port if invalid.
 */
ipc_port_t
ipc_port_make_sonce(ipc_port_t port)
{
	if (!IP_VALID(port))
		return port;
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		return IP_DEAD;
	}
	ipc_port_make_sonce_locked(port);
	ip_unlock(port);
	return port;
}

/*
 * Routine:	ipc_port_srights_dec_locked
 * Purpose:
 *	One send right is gone.  At zero, take the no-senders request
 *	(one-shot) with the current make-send count.
 * Conditions:
 *	The port is locked (and active, or the request is ignored).
 * Returns:
 *	The no-senders request right to fire after unlocking, or IP_NULL.
 */
ipc_port_t
ipc_port_srights_dec_locked(ipc_port_t port, mach_port_mscount_t *mscountp)
{
	ipc_port_t nsrequest = IP_NULL;

	assert(ip_lock_held(port));
	assert(port->ip_srights > 0);
	if (--port->ip_srights == 0 && ip_active(port) &&
	    port->ip_nsrequest != IP_NULL) {
		nsrequest = port->ip_nsrequest;
		port->ip_nsrequest = IP_NULL;
		*mscountp = port->ip_mscount;
	}
	return nsrequest;
}

/*
 * Routine:	ipc_port_release_send
 * Purpose:
 *	Release a send right the kernel holds; may fire no-senders.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Nothing.
 */
void
ipc_port_release_send(ipc_port_t port)
{
	mach_port_mscount_t mscount = 0;
	ipc_port_t nsrequest;

	if (!IP_VALID(port))
		return;
	ip_lock(port);
	nsrequest = ipc_port_srights_dec_locked(port, &mscount);
	ip_unlock(port);
	ip_release(port);
	if (nsrequest != IP_NULL)
		ipc_notify_no_senders(nsrequest, mscount);
}

/*
 * Routine:	ipc_port_release_sonce
 * Purpose:
 *	Drop a send-once right without using it (no notification: the
 *	caller has already accounted for it, e.g. a notification whose
 *	destination died).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Nothing.
 */
void
ipc_port_release_sonce(ipc_port_t port)
{
	if (!IP_VALID(port))
		return;
	ip_lock(port);
	assert(port->ip_sorights > 0);
	port->ip_sorights--;
	ip_unlock(port);
	ip_release(port);
}

/*
 * Routine:	ipc_port_release_receive
 * Purpose:
 *	Destroy a receive right the kernel holds (in transit or limbo).
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Nothing.
 */
void
ipc_port_release_receive(ipc_port_t port)
{
	ipc_port_t dest = IP_NULL;

	if (!IP_VALID(port))
		return;
	ip_lock(port);
	if (port->ip_state == IP_STATE_IN_TRANSIT)
		dest = port->ip_destination;
	port->ip_destination = IP_NULL;
	port->ip_state = IP_STATE_IN_LIMBO;
	if (!ip_active(port)) {
		ip_unlock(port);
		ip_release(port);
	} else {
		ipc_port_clear_receiver(port);
		ipc_port_destroy(port);
	}
	if (dest != IP_NULL)
		ip_release(dest);
}
