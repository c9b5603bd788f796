/*
 * ipc/ipc_entry.c - the name table of a space.
 *
 * Names are allocated from a LIFO free list threaded through the free
 * entries (entry [0] heads it).  The table doubles when the list runs
 * dry, up to the space's name limit.  Every path that frees a name must
 * have cleared the entry's request first (spec 1.2).
 */
#include <ipc/ipc_entry.h>
#include <ipc/ipc_space.h>
#include <kern/kalloc.h>
#include <kern/zalloc.h>
#include <kern/debug.h>
#include <string.h>

#define IPC_ENTRY_TABLE_MIN 64

zone_t ipc_entry_zone;       /* accounting: names in use (ipc_space.h) */
zone_t ipc_entry_table_zone; /* accounting: entry tables */

/* Thread entries [from, to) onto the head of the free list, ascending. */
static void
ipc_entry_table_thread_free(ipc_space_t space, uint32_t from, uint32_t to)
{
	ipc_entry_t table = space->is_table;
	uint32_t i;

	for (i = from; i < to; i++) {
		table[i].ie_object = IO_NULL;
		table[i].ie_bits = IE_BITS_GEN_MASK;
		table[i].ie_next = (i + 1 < to) ? i + 1 : table[0].ie_next;
	}
	if (from < to)
		table[0].ie_next = from;
}

/*
 * Routine:	ipc_entry_grow_table
 * Purpose:
 *	Grow the table to at least target_size entries (doubling), keeping
 *	every index; the new entries go on the free list.
 * Conditions:
 *	The space is write-locked and active.  Does not block.
 * Returns:
 *	KERN_SUCCESS
 *	KERN_NO_SPACE		the name limit does not allow it
 *	KERN_RESOURCE_SHORTAGE	no memory
 */
kern_return_t
ipc_entry_grow_table(ipc_space_t space, uint32_t target_size)
{
	uint32_t osize = space->is_table_size;
	uint32_t max = space->is_name_limit + 1;
	uint32_t nsize = osize == 0 ? IPC_ENTRY_TABLE_MIN : osize;
	ipc_entry_t ntable;

	assert(is_write_lock_held(space));
	while (nsize < target_size || nsize == osize)
		nsize *= 2;
	if (nsize > max)
		nsize = max;
	if (nsize <= osize || nsize < target_size)
		return KERN_NO_SPACE;
	ntable = kalloc(nsize * sizeof(struct ipc_entry));
	if (ntable == NULL)
		return KERN_RESOURCE_SHORTAGE;
	if (osize != 0) {
		memcpy(
		    ntable, space->is_table, osize * sizeof(struct ipc_entry));
		kfree(space->is_table, osize * sizeof(struct ipc_entry));
		zone_account(ipc_entry_table_zone, -1,
		    -(int64_t)(osize * sizeof(struct ipc_entry)));
	} else {
		ntable[0].ie_next = 0;
		ntable[0].ie_bits = 0;
		osize = 1;
	}
	zone_account(ipc_entry_table_zone, 1,
	    (int64_t)(nsize * sizeof(struct ipc_entry)));
	space->is_table = ntable;
	space->is_table_size = nsize;
	ipc_entry_table_thread_free(space, osize, nsize);
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_entry_alloc
 * Purpose:
 *	Allocate a kernel-chosen name.  The entry comes back with no type
 *	and no urefs: the caller fills it in before unlocking the space.
 * Conditions:
 *	The space is write-locked and active.
 * Returns:
 *	KERN_SUCCESS
 *	KERN_NO_SPACE		the task's name limit is reached
 *	KERN_RESOURCE_SHORTAGE	no memory to grow the table
 */
kern_return_t
ipc_entry_alloc(ipc_space_t space, mach_port_name_t *namep, ipc_entry_t *entryp)
{
	kern_return_t kr;

	assert(is_write_lock_held(space) && is_active(space));
	if (space->is_table_inuse >= space->is_name_limit)
		return KERN_NO_SPACE;
	if (space->is_table_size == 0 || space->is_table[0].ie_next == 0) {
		kr = ipc_entry_grow_table(space, space->is_table_size + 1);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	*entryp = ipc_entry_alloc_free(space, namep);
	return KERN_SUCCESS;
}

/* Unlink a free entry from the free list (linear: allocate_name is rare). */
static void
ipc_entry_unlink_free(ipc_space_t space, mach_port_index_t index)
{
	ipc_entry_t table = space->is_table;
	mach_port_index_t prev = 0;

	while (table[prev].ie_next != index) {
		prev = table[prev].ie_next;
		if (prev == 0)
			panic(
			    "ipc_entry_unlink_free: index %u not free", index);
	}
	table[prev].ie_next = table[index].ie_next;
}

/*
 * Routine:	ipc_entry_alloc_name
 * Purpose:
 *	Allocate a caller-chosen name, or find it if it is already in use.
 *	A name whose index is in use under another generation collides:
 *	Harbor does not keep an overflow tree (the later XNU choice).
 * Conditions:
 *	The space is write-locked and active.
 * Returns:
 *	KERN_SUCCESS		entry allocated (no type) or found (has a
 *				type: the caller decides what that means)
 *	KERN_NAME_EXISTS	the index is in use under another name
 *	KERN_NO_SPACE		beyond the task's name limit
 *	KERN_RESOURCE_SHORTAGE	no memory to grow the table
 */
kern_return_t
ipc_entry_alloc_name(
    ipc_space_t space, mach_port_name_t name, ipc_entry_t *entryp)
{
	mach_port_index_t index = MACH_PORT_NAME_INDEX(name);
	ipc_entry_t entry;
	kern_return_t kr;

	assert(is_write_lock_held(space) && is_active(space));
	if (index == 0 || index > space->is_name_limit)
		return KERN_NO_SPACE;
	if (index >= space->is_table_size) {
		kr = ipc_entry_grow_table(space, index + 1);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	entry = &space->is_table[index];
	if (IE_BITS_TYPE(entry->ie_bits) != 0) {
		if (IE_BITS_GEN(entry->ie_bits) != MACH_PORT_NAME_GEN(name))
			return KERN_NAME_EXISTS;
		*entryp = entry;
		return KERN_SUCCESS;
	}
	if (space->is_table_inuse >= space->is_name_limit)
		return KERN_NO_SPACE;
	ipc_entry_unlink_free(space, index);
	ipc_entry_claim(space, index, MACH_PORT_NAME_GEN(name));
	*entryp = entry;
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_entry_dealloc
 * Purpose:
 *	Free a name.  Its generation is kept so the next use of the slot
 *	gets a new name.
 * Conditions:
 *	The space is write-locked; the entry has no request (a request left
 *	behind is a kernel bug) and no longer refers to an object.
 * Returns:
 *	Nothing.
 */
void
ipc_entry_dealloc(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry)
{
	mach_port_index_t index = MACH_PORT_NAME_INDEX(name);

	assert(is_write_lock_held(space));
	assert(entry == &space->is_table[index]);
	if (entry->ie_request != IE_REQ_NONE)
		panic("ipc_entry_dealloc: name 0x%x still has request %u", name,
		    entry->ie_request);
	entry->ie_object = IO_NULL;
	entry->ie_bits &= IE_BITS_GEN_MASK;
	entry->ie_next = space->is_table[0].ie_next;
	space->is_table[0].ie_next = index;
	space->is_table_inuse--;
	zone_account(ipc_entry_zone, -1, -(int64_t)sizeof(struct ipc_entry));
}
