/*
 * ipc/ipc_space.c - creating and tearing down IPC spaces.
 */
#include <ipc/ipc_space.h>
#include <ipc/ipc_right.h>
#include <kern/kalloc.h>
#include <kern/zalloc.h>
#include <kern/debug.h>

ipc_space_t ipc_space_kernel;
uint32_t ipc_space_name_limit = IPC_SPACE_NAME_LIMIT_DEFAULT;
static zone_t ipc_space_zone;
extern zone_t ipc_entry_table_zone;

/*
 * Routine:	ipc_space_init
 * Purpose:
 *	Create the zones and the kernel's own space (the receiver of every
 *	kernel-object port; it never holds names).
 * Conditions:
 *	Boot, single-threaded.
 * Returns:
 *	Nothing.
 */
void
ipc_space_init(void)
{
	ipc_space_zone = zone_create("ipc.spaces", sizeof(struct ipc_space), 0);
	ipc_entry_zone = zone_create("ipc.entries", 0, 0);
	ipc_entry_table_zone = zone_create("ipc.entry.tables", 0, 0);
	if (ipc_space_create(NULL, &ipc_space_kernel) != KERN_SUCCESS)
		panic("ipc_space_init: no kernel space");
}

/*
 * Routine:	ipc_space_create
 * Purpose:
 *	Create an empty, active space for a task.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS with one reference for the caller, or
 *	KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
ipc_space_create(struct task *task, ipc_space_t *spacep)
{
	ipc_space_t space = zalloc(ipc_space_zone);

	if (space == IPC_SPACE_NULL)
		return KERN_RESOURCE_SHORTAGE;
	lck_rw_init(&space->is_lock_data, LCK_CLASS_SPACE);
	space->is_references = 1;
	space->is_active = true;
	space->is_name_limit = ipc_space_name_limit;
	space->is_task = task;
	*spacep = space;
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_space_reference
 * Purpose:
 *	Take a reference on a space.
 * Conditions:
 *	The caller already holds a reference.
 * Returns:
 *	Nothing.
 */
void
ipc_space_reference(ipc_space_t space)
{
	__atomic_add_fetch(&space->is_references, 1, __ATOMIC_RELAXED);
}

/*
 * Routine:	ipc_space_release
 * Purpose:
 *	Drop a reference; the last one frees the (terminated) space.
 * Conditions:
 *	Nothing locked by the caller on this space.
 * Returns:
 *	Nothing.
 */
void
ipc_space_release(ipc_space_t space)
{
	if (__atomic_sub_fetch(&space->is_references, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	assert(!space->is_active);
	lck_rw_destroy(&space->is_lock_data);
	zfree(ipc_space_zone, space);
}

/*
 * Routine:	ipc_space_terminate
 * Purpose:
 *	Deactivate a space and clean up every right in it (spec 4.4: each
 *	outstanding request gives a port-deleted notification, receive
 *	rights are destroyed, send-once rights send send-once
 *	notifications).
 * Conditions:
 *	Nothing locked.  Called once, when the task dies.
 * Returns:
 *	Nothing.
 */
void
ipc_space_terminate(ipc_space_t space)
{
	uint32_t index, size;
	ipc_entry_t table;

	is_write_lock(space);
	if (!is_active(space)) {
		is_write_unlock(space);
		return;
	}
	space->is_active = false;
	is_write_unlock(space);

	/* Nobody can change an inactive space: walk it unlocked. */
	table = space->is_table;
	size = space->is_table_size;
	for (index = 1; index < size; index++) {
		ipc_entry_t entry = &table[index];

		if (IE_BITS_TYPE(entry->ie_bits) == 0)
			continue;
		ipc_right_terminate(space,
		    MACH_PORT_NAME_MAKE(index, IE_BITS_GEN(entry->ie_bits)),
		    entry);
	}

	is_write_lock(space);
	for (index = 1; index < size; index++) {
		if (IE_BITS_TYPE(table[index].ie_bits) != 0) {
			table[index].ie_bits &= IE_BITS_GEN_MASK;
			zone_account(ipc_entry_zone, -1,
			    -(int64_t)sizeof(struct ipc_entry));
		}
	}
	if (size != 0) {
		kfree(table, size * sizeof(struct ipc_entry));
		zone_account(ipc_entry_table_zone, -1,
		    -(int64_t)(size * sizeof(struct ipc_entry)));
	}
	space->is_table = NULL;
	space->is_table_size = 0;
	space->is_table_inuse = 0;
	ipc_hash_free(space);
	is_write_unlock(space);
}
