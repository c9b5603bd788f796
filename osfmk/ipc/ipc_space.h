/*
 * ipc/ipc_space.h - IPC spaces: a task's names for rights.
 *
 * A space maps names to rights (entries) and, for send rights, rights back
 * to names (the reverse hash, so that a second send right for the same
 * port merges into the existing name).
 *
 *	struct ipc_space
 *	+-----------------+      is_table (grows by doubling)
 *	| is_lock (rw)    |      +-----+-----+-----+-----+-----+---
 *	| is_active       |      | [0] | [1] | [2] | [3] | ... |
 *	| is_table -------+----> |free |0x103|free |0x303|     |
 *	| is_table_size   |      |head |port |     |dead |     |
 *	| is_hash --------+--+   +-----+-----+-----+-----+-----+---
 *	+-----------------+  |
 *	                     +-> open-addressed (object -> index) for send
 *	                         rights only
 *
 * Entry [0] is never a name: its ie_next heads the LIFO free list.
 *
 * Locking: is_lock is a reader/writer lock of class LCK_CLASS_SPACE,
 * taken before any port lock.  Every field below is protected by it,
 * except is_references (atomic).  A space is active until its task
 * terminates; ipc_space_terminate then cleans every right (ipc_right_clean)
 * with the space inactive and unlocked.
 */
#ifndef _IPC_IPC_SPACE_H_
#define _IPC_IPC_SPACE_H_

#include <ipc/ipc_types.h>
#include <ipc/ipc_entry.h>
#include <kern/zalloc.h>
#include <kern/locks.h>
#include <kern/debug.h>

struct ipc_hash_slot {
	ipc_object_t ihs_object;
	mach_port_index_t ihs_index;
};

struct ipc_space {
	lck_rw_t is_lock_data;
	uint32_t is_references; /* atomic */
	bool is_active;
	ipc_entry_t is_table;
	uint32_t is_table_size; /* entries, including [0] */
	uint32_t is_table_inuse;
	uint32_t is_name_limit; /* hard limit on names */
	struct ipc_hash_slot *is_hash;
	uint32_t is_hash_size; /* power of two, or 0 */
	uint32_t is_hash_count;
	struct task *is_task;
};

extern ipc_space_t ipc_space_kernel;
extern ipc_space_t ipc_space_reply; /* receiver of kernel reply ports */

/* The hard per-task limit on names (tunable before boot). */
extern uint32_t ipc_space_name_limit;
#define IPC_SPACE_NAME_LIMIT_DEFAULT 65536

static inline __attribute__((always_inline)) void
is_read_lock(ipc_space_t space) HB_ACQUIRE_SHARED(space->is_lock_data)
{
	lck_rw_lock_shared(&space->is_lock_data);
}

static inline __attribute__((always_inline)) void
is_read_unlock(ipc_space_t space) HB_RELEASE_SHARED(space->is_lock_data)
{
	lck_rw_unlock_shared(&space->is_lock_data);
}

static inline __attribute__((always_inline)) void
is_write_lock(ipc_space_t space) HB_ACQUIRE(space->is_lock_data)
{
	lck_rw_lock_exclusive(&space->is_lock_data);
}

static inline __attribute__((always_inline)) void
is_write_unlock(ipc_space_t space) HB_RELEASE(space->is_lock_data)
{
	lck_rw_unlock_exclusive(&space->is_lock_data);
}
/* Never waits: may be used against the lock order (back off on false). */
static inline __attribute__((always_inline)) bool
is_write_lock_try(ipc_space_t space) HB_TRY_ACQUIRE(true, space->is_lock_data)
{
	return lck_rw_try_lock_exclusive(&space->is_lock_data);
}

#define is_write_lock_held(s) lck_rw_held_exclusive(&(s)->is_lock_data)
#define is_lock_held(s) lck_rw_held(&(s)->is_lock_data)
#define is_active(s) ((s)->is_active)

/*
 * Routine:	ipc_entry_lookup
 * Purpose:
 *	Find the entry for a name (inline: every message looks names up).
 * Conditions:
 *	The space is locked (read or write) and active.
 * Returns:
 *	The entry, or IE_NULL if the name is not in use (index out of range,
 *	stale generation, or free slot).
 */
static inline __attribute__((always_inline)) ipc_entry_t
ipc_entry_lookup(ipc_space_t space, mach_port_name_t name)
{
	mach_port_index_t index = MACH_PORT_NAME_INDEX(name);
	ipc_entry_t entry;

	assert(is_lock_held(space));
	if (index == 0 || index >= space->is_table_size)
		return IE_NULL;
	entry = &space->is_table[index];
	if (IE_BITS_GEN(entry->ie_bits) != MACH_PORT_NAME_GEN(name) ||
	    IE_BITS_TYPE(entry->ie_bits) == 0)
		return IE_NULL;
	return entry;
}

extern zone_t ipc_entry_zone; /* accounting: names in use */

/*
 * Make the entry at index, already off the free list, a used name of
 * generation gen with no type, object or request, and count it.
 * Space write-locked.
 */
static inline __attribute__((always_inline)) ipc_entry_t
ipc_entry_claim(
    ipc_space_t space, mach_port_index_t index, ipc_entry_bits_t gen)
{
	ipc_entry_t entry = &space->is_table[index];

	entry->ie_bits = gen;
	entry->ie_object = IO_NULL;
	entry->ie_request = IE_REQ_NONE;
	space->is_table_inuse++;
	zone_account(ipc_entry_zone, 1, sizeof(struct ipc_entry));
	return entry;
}

/*
 * Routine:	ipc_entry_alloc_free
 * Purpose:
 *	Take the first free entry, with no type and no urefs: ipc_entry_alloc
 *	once it knows there is one (inline, for the fast copyout, which has
 *	checked already).
 * Conditions:
 *	The space is write-locked and active, has a free entry
 *	(is_table[0].ie_next != 0) and is below its name limit.
 * Returns:
 *	The entry; *namep its name.
 */
static inline ipc_entry_t
ipc_entry_alloc_free(ipc_space_t space, mach_port_name_t *namep)
{
	mach_port_index_t index = space->is_table[0].ie_next;
	ipc_entry_bits_t gen = IE_BITS_NEW_GEN(space->is_table[index].ie_bits);

	assert(index != 0 && space->is_table_inuse < space->is_name_limit);
	space->is_table[0].ie_next = space->is_table[index].ie_next;
	*namep = MACH_PORT_NAME_MAKE(index, IE_BITS_GEN(gen));
	return ipc_entry_claim(space, index, gen);
}

void ipc_space_init(void);
kern_return_t ipc_space_create(struct task *task, ipc_space_t *spacep);
void ipc_space_reference(ipc_space_t space);
void ipc_space_release(ipc_space_t space);
void ipc_space_terminate(ipc_space_t space);

/* A new, empty entry; KERN_SUCCESS (0) leaves the space write-locked. */
kern_return_t
ipc_object_alloc_entry(ipc_space_t space, bool by_name, mach_port_name_t *namep,
    ipc_entry_t *entryp) HB_TRY_ACQUIRE(0, space->is_lock_data);

/* Reverse hash: object -> name, for send rights (ipc_hash.c). */
bool ipc_hash_lookup(ipc_space_t space, ipc_object_t object,
    mach_port_name_t *namep, ipc_entry_t *entryp);
kern_return_t ipc_hash_insert(ipc_space_t space, ipc_object_t object,
    mach_port_name_t name, ipc_entry_t entry);
void ipc_hash_delete(ipc_space_t space, ipc_object_t object,
    mach_port_name_t name, ipc_entry_t entry);
void ipc_hash_free(ipc_space_t space);

#endif /* _IPC_IPC_SPACE_H_ */
