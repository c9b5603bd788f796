/*
 * ipc/ipc_hash.c - the reverse hash: (space, object) -> name.
 *
 * Only plain send rights are hashed (a receive right's name is in the
 * port itself, ip_receiver_name).  Each space has its own open-addressed
 * table with linear probing and backward-shift deletion, kept at most half
 * full, so a lookup costs a few probes whatever the number of names.
 */
#include <ipc/ipc_space.h>
#include <kern/kalloc.h>
#include <kern/debug.h>

#define IPC_HASH_MIN 16

static uint32_t
ipc_hash_slot(ipc_object_t object, uint32_t size)
{
	uint64_t h = (uint64_t)(uintptr_t)object;

	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 32;
	return (uint32_t)h & (size - 1);
}

static kern_return_t
ipc_hash_resize(ipc_space_t space, uint32_t nsize)
{
	struct ipc_hash_slot *old = space->is_hash, *new;
	uint32_t osize = space->is_hash_size, i, j;

	new = kalloc(nsize * sizeof(*new));
	if (new == NULL)
		return KERN_RESOURCE_SHORTAGE;
	for (i = 0; i < osize; i++) {
		if (old[i].ihs_object == IO_NULL)
			continue;
		j = ipc_hash_slot(old[i].ihs_object, nsize);
		while (new[j].ihs_object != IO_NULL)
			j = (j + 1) & (nsize - 1);
		new[j] = old[i];
	}
	kfree(old, osize * sizeof(*old));
	space->is_hash = new;
	space->is_hash_size = nsize;
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_hash_lookup
 * Purpose:
 *	Find the name under which a space holds a send right for object.
 * Conditions:
 *	The space is locked (read or write).
 * Returns:
 *	true with the name and entry, or false.
 */
bool
ipc_hash_lookup(ipc_space_t space, ipc_object_t object, mach_port_name_t *namep,
    ipc_entry_t *entryp)
{
	uint32_t size = space->is_hash_size, i;
	ipc_entry_t entry;

	assert(is_lock_held(space));
	if (size == 0)
		return false;
	for (i = ipc_hash_slot(object, size);
	     space->is_hash[i].ihs_object != IO_NULL;
	     i = (i + 1) & (size - 1)) {
		if (space->is_hash[i].ihs_object != object)
			continue;
		entry = &space->is_table[space->is_hash[i].ihs_index];
		*entryp = entry;
		*namep = MACH_PORT_NAME_MAKE(
		    space->is_hash[i].ihs_index, IE_BITS_GEN(entry->ie_bits));
		return true;
	}
	return false;
}

/*
 * Routine:	ipc_hash_insert
 * Purpose:
 *	Record that name (entry) holds a send right for object.
 * Conditions:
 *	The space is write-locked; object is not already hashed.
 * Returns:
 *	KERN_SUCCESS, or KERN_RESOURCE_SHORTAGE if the table cannot grow.
 */
kern_return_t
ipc_hash_insert(ipc_space_t space, ipc_object_t object, mach_port_name_t name,
    ipc_entry_t entry)
{
	uint32_t size, i;

	assert(is_write_lock_held(space));
	assert(entry == &space->is_table[MACH_PORT_NAME_INDEX(name)]);
	if (2 * (space->is_hash_count + 1) > space->is_hash_size) {
		uint32_t nsize = space->is_hash_size == 0
		    ? IPC_HASH_MIN
		    : 2 * space->is_hash_size;

		if (ipc_hash_resize(space, nsize) != KERN_SUCCESS)
			return KERN_RESOURCE_SHORTAGE;
	}
	size = space->is_hash_size;
	i = ipc_hash_slot(object, size);
	while (space->is_hash[i].ihs_object != IO_NULL) {
		assert(space->is_hash[i].ihs_object != object);
		i = (i + 1) & (size - 1);
	}
	space->is_hash[i].ihs_object = object;
	space->is_hash[i].ihs_index = MACH_PORT_NAME_INDEX(name);
	space->is_hash_count++;
	return KERN_SUCCESS;
}

/*
 * Routine:	ipc_hash_delete
 * Purpose:
 *	Forget the send right name holds for object.
 * Conditions:
 *	The space is write-locked; the pair is hashed.
 * Returns:
 *	Nothing.
 */
void
ipc_hash_delete(ipc_space_t space, ipc_object_t object, mach_port_name_t name,
    ipc_entry_t entry)
{
	uint32_t size = space->is_hash_size, i, j, home;

	assert(is_write_lock_held(space));
	(void)entry;
	(void)name;
	if (size == 0)
		panic("ipc_hash_delete: object %p not hashed", (void *)object);
	for (i = ipc_hash_slot(object, size);
	     space->is_hash[i].ihs_object != object; i = (i + 1) & (size - 1)) {
		if (space->is_hash[i].ihs_object == IO_NULL)
			panic("ipc_hash_delete: object %p not hashed",
			    (void *)object);
	}
	/* Backward-shift deletion keeps every probe sequence unbroken. */
	for (j = (i + 1) & (size - 1); space->is_hash[j].ihs_object != IO_NULL;
	     j = (j + 1) & (size - 1)) {
		home = ipc_hash_slot(space->is_hash[j].ihs_object, size);
		if (((j - home) & (size - 1)) >= ((j - i) & (size - 1))) {
			space->is_hash[i] = space->is_hash[j];
			i = j;
		}
	}
	space->is_hash[i].ihs_object = IO_NULL;
	space->is_hash_count--;
}

/*
 * Routine:	ipc_hash_free
 * Purpose:
 *	Release a space's hash table.
 * Conditions:
 *	The space is being destroyed.
 * Returns:
 *	Nothing.
 */
void
ipc_hash_free(ipc_space_t space)
{
	kfree(space->is_hash, space->is_hash_size * sizeof(*space->is_hash));
	space->is_hash = NULL;
	space->is_hash_size = 0;
	space->is_hash_count = 0;
}
