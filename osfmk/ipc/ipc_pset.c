/*
 * ipc/ipc_pset.c - port sets and their many-to-many membership links.
 * See ipc/ipc_pset.h for the lock rules.
 */
#include <ipc/ipc_pset.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>
#include <kern/sched_prim.h>
#include <kern/zalloc.h>
#include <kern/debug.h>

static zone_t ipc_pset_zone;
static zone_t ipc_pset_link_zone;

/*
 * Routine:	ipc_pset_init
 * Purpose:
 *	Create the port-set zones.
 * Conditions:
 *	Boot.
 * Returns:
 *	Nothing.
 */
void
ipc_pset_init(void)
{
	ipc_pset_zone = zone_create("ipc.psets", sizeof(struct ipc_pset), 0);
	ipc_pset_link_zone =
	    zone_create("ipc.pset.links", sizeof(struct ipc_pset_link), 0);
}

static kern_return_t
ipc_pset_install(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry,
    ipc_pset_t *psetp) HB_RELEASE(space->is_lock_data)
{
	ipc_pset_t pset = zalloc(ipc_pset_zone);

	if (pset == IPS_NULL) {
		ipc_entry_dealloc(space, name, entry);
		is_write_unlock(space);
		return KERN_RESOURCE_SHORTAGE;
	}
	pset->ips_object.io_bits = io_makebits(true, IOT_PORT_SET, 0);
	pset->ips_object.io_references = 1;
	lck_mtx_init(&pset->ips_object.io_lock_data, LCK_CLASS_PSET);
	ipc_mqueue_init(&pset->ips_messages, true);
	pset->ips_local_name = name;
	pset->ips_space = space;
	entry->ie_object = ips_to_object(pset);
	entry->ie_bits |= MACH_PORT_TYPE_PORT_SET;
	is_write_unlock(space);
	*psetp = pset;
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_pset_alloc
 * Purpose:
 *	Allocate a port set under a new name, or (by_name) under *namep.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS (the object, unlocked), KERN_INVALID_TASK,
 *	KERN_NAME_EXISTS, KERN_NO_SPACE, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
ipc_pset_alloc(
    ipc_space_t space, bool by_name, mach_port_name_t *namep, ipc_pset_t *psetp)
{
	ipc_entry_t entry;
	kern_return_t kr;

	kr = ipc_object_alloc_entry(space, by_name, namep, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	return ipc_pset_install(space, *namep, entry, psetp);
}

static struct ipc_pset_link **
ipc_pset_find_link(ipc_pset_t pset, ipc_port_t port)
{
	struct ipc_pset_link **lp;

	for (lp = &port->ip_psets; *lp != NULL; lp = &(*lp)->ipl_next_in_port) {
		if ((*lp)->ipl_pset == pset)
			return lp;
	}
	return NULL;
}

/*
 * Routine:	ipc_pset_member
 * Purpose:
 *	Is port a member of pset?
 * Conditions:
 *	The port is locked.
 * Returns:
 *	true or false.
 */
bool
ipc_pset_member(ipc_pset_t pset, ipc_port_t port)
{
	return ipc_pset_find_link(pset, port) != NULL;
}

/*
 * Routine:	ipc_pset_add
 * Purpose:
 *	Add a port to a set.  Messages already queued on the port become
 *	receivable through the set at once.
 * Conditions:
 *	The space holding port's receive right (and pset) is write-locked;
 *	pset and port are unlocked.
 * Returns:
 *	KERN_SUCCESS, KERN_ALREADY_IN_SET, KERN_RESOURCE_SHORTAGE,
 *	KERN_INVALID_RIGHT (set or port no longer active).
 */
kern_return_t
ipc_pset_add(ipc_pset_t pset, ipc_port_t port)
{
	struct ipc_pset_link *link = zalloc(ipc_pset_link_zone);
	kern_return_t kr = KERN_SUCCESS;

	if (link == NULL)
		return KERN_RESOURCE_SHORTAGE;
	ips_lock(pset);
	ip_lock(port);
	if (!ips_active(pset) || !ip_active(port)) {
		kr = KERN_INVALID_RIGHT;
	} else if (ipc_pset_member(pset, port)) {
		kr = KERN_ALREADY_IN_SET;
	} else {
		link->ipl_pset = pset;
		link->ipl_port = port;
		link->ipl_next_in_port = port->ip_psets;
		port->ip_psets = link;
		port->ip_pset_count++;
		link->ipl_next_in_pset = pset->ips_members;
		pset->ips_members = link;
		link = NULL;
		if (port->ip_messages.imq_msgcount > 0)
			thread_wakeup(&pset->ips_messages);
	}
	ip_unlock(port);
	ips_unlock(pset);
	if (link != NULL)
		zfree(ipc_pset_link_zone, link);
	return kr;
}

/* Unlink one membership.  Set and port locked. */
static void
ipc_pset_unlink(struct ipc_pset_link **port_lp)
{
	struct ipc_pset_link *link = *port_lp, **lp;
	ipc_pset_t pset = link->ipl_pset;

	*port_lp = link->ipl_next_in_port;
	link->ipl_port->ip_pset_count--;
	for (lp = &pset->ips_members; *lp != link;
	     lp = &(*lp)->ipl_next_in_pset)
		assert(*lp != NULL);
	*lp = link->ipl_next_in_pset;
	zfree(ipc_pset_link_zone, link);
}

/*
 * Routine:	ipc_pset_remove
 * Purpose:
 *	Remove a port from a set.
 * Conditions:
 *	As ipc_pset_add.
 * Returns:
 *	KERN_SUCCESS, KERN_NOT_IN_SET.
 */
kern_return_t
ipc_pset_remove(ipc_pset_t pset, ipc_port_t port)
{
	struct ipc_pset_link **lp;
	kern_return_t kr = KERN_NOT_IN_SET;

	ips_lock(pset);
	ip_lock(port);
	lp = ipc_pset_find_link(pset, port);
	if (lp != NULL) {
		ipc_pset_unlink(lp);
		kr = KERN_SUCCESS;
	}
	ip_unlock(port);
	ips_unlock(pset);
	return kr;
}

/*
 * Routine:	ipc_pset_remove_from_all
 * Purpose:
 *	Take a port out of every set (its receive right is leaving the
 *	space or being destroyed).
 * Conditions:
 *	The space holding the receive right is write-locked (or inactive
 *	and owned by the caller), so no membership can be added meanwhile;
 *	the port is unlocked.
 * Returns:
 *	Nothing.
 */
void
ipc_pset_remove_from_all(ipc_port_t port)
{
	for (;;) {
		struct ipc_pset_link **lp;
		ipc_pset_t pset;

		ip_lock(port);
		if (port->ip_psets == NULL) {
			ip_unlock(port);
			return;
		}
		pset = port->ip_psets->ipl_pset;
		ips_reference(pset);
		ip_unlock(port);

		ips_lock(pset);
		ip_lock(port);
		lp = ipc_pset_find_link(pset, port);
		if (lp != NULL)
			ipc_pset_unlink(lp);
		ip_unlock(port);
		ips_unlock(pset);
		ips_release(pset);
	}
}

/*
 * Routine:	ipc_pset_destroy
 * Purpose:
 *	Destroy a port set: deactivate it, drop every membership, wake its
 *	receivers (they get MACH_RCV_PORT_DIED), and drop the reference the
 *	name held.
 * Conditions:
 *	The owning space is write-locked (or inactive); the set is
 *	unlocked and its entry already gone.
 * Returns:
 *	Nothing.
 */
void
ipc_pset_destroy(ipc_pset_t pset)
{
	ips_lock(pset);
	pset->ips_object.io_bits &= ~IO_BITS_ACTIVE;
	while (pset->ips_members != NULL) {
		ipc_port_t port = pset->ips_members->ipl_port;
		struct ipc_pset_link **lp;

		ip_lock(port);
		lp = ipc_pset_find_link(pset, port);
		assert(lp != NULL);
		ipc_pset_unlink(lp);
		ip_unlock(port);
	}
	ipc_mqueue_changed(&pset->ips_messages);
	ips_unlock(pset);
	ips_release(pset);
}

/*
 * Routine:	ipc_pset_free
 * Purpose:
 *	Free a port set after its last reference.
 * Conditions:
 *	No references remain.
 * Returns:
 *	Nothing.
 */
void
ipc_pset_free(ipc_pset_t pset)
{
	assert(pset->ips_members == NULL);
	lck_mtx_destroy(&pset->ips_object.io_lock_data);
	zfree(ipc_pset_zone, pset);
}

/*
 * Routine:	ipc_pset_wakeup_locked
 * Purpose:
 *	A message arrived on port: wake one receiver of every set the port
 *	belongs to.
 * Conditions:
 *	The port is locked (the membership list is stable).
 * Returns:
 *	Nothing.
 */
void
ipc_pset_wakeup_locked(ipc_port_t port)
{
	struct ipc_pset_link *link;

	for (link = port->ip_psets; link != NULL; link = link->ipl_next_in_port)
		thread_wakeup_one(&link->ipl_pset->ips_messages);
}
