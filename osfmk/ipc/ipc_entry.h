/*
 * ipc/ipc_entry.h - one name in an IPC space.
 *
 * A space's names are an array of entries indexed by MACH_PORT_INDEX(name);
 * the low byte of a name is the entry's generation, bumped every time the
 * slot is reused, so a stale name does not find the new right.
 *
 *	ie_bits:  31..24      23     22..21   20..16   15..0
 *	        +-----------+------+--------+--------+---------+
 *	        | generation| coll | spare  |  type  |  urefs  |
 *	        +-----------+------+--------+--------+---------+
 *
 * ie_request is the index of this name's slot in its port's request table
 * (IE_REQ_NONE if none); for a free entry the same word is the free-list
 * link ie_next.  Entries are protected by the space lock; ie_request only
 * changes with the space write-locked AND the port locked.
 */
#ifndef _IPC_IPC_ENTRY_H_
#define _IPC_IPC_ENTRY_H_

#include <ipc/ipc_types.h>

struct ipc_entry {
	ipc_object_t ie_object;
	ipc_entry_bits_t ie_bits;
	union {
		mach_port_index_t next;           /* free entry */
		ipc_port_request_index_t request; /* entry in use */
	} ie_index;
};
#define ie_next ie_index.next
#define ie_request ie_index.request

_Static_assert(sizeof(struct ipc_entry) == 16, "ipc_entry is 16 bytes");

#define IE_BITS_UREFS_MASK 0x0000ffffu
#define IE_BITS_TYPE_MASK 0x001f0000u
#define IE_BITS_COLLISION 0x00800000u
#define IE_BITS_GEN_MASK 0xff000000u
#define IE_BITS_GEN_ONE 0x04000000u
#define IE_BITS_RIGHT_MASK 0x007fffffu

_Static_assert(IE_BITS_TYPE_MASK ==
	(MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_RECEIVE |
	    MACH_PORT_TYPE_SEND_ONCE | MACH_PORT_TYPE_PORT_SET |
	    MACH_PORT_TYPE_DEAD_NAME),
    "entry type bits are the MACH_PORT_TYPE bits");
_Static_assert((IE_BITS_UREFS_MASK & IE_BITS_TYPE_MASK) == 0, "overlap");
_Static_assert((IE_BITS_GEN_MASK & IE_BITS_RIGHT_MASK) == 0, "overlap");

#define IE_BITS_UREFS(bits) ((bits)&IE_BITS_UREFS_MASK)
#define IE_BITS_TYPE(bits) ((bits)&IE_BITS_TYPE_MASK)
#define IE_BITS_GEN(bits) ((bits)&IE_BITS_GEN_MASK)
#define IE_BITS_NEW_GEN(old) (((old) + IE_BITS_GEN_ONE) & IE_BITS_GEN_MASK)

/* Name <-> (index, generation), as in spec 1.1. */
#define MACH_PORT_NAME_INDEX(name) ((mach_port_index_t)((name) >> 8))
#define MACH_PORT_NAME_GEN(name) (((mach_port_gen_t)(name)&0xff) << 24)
#define MACH_PORT_NAME_MAKE(index, gen) \
	((mach_port_name_t)(((index) << 8) | ((gen) >> 24)))

struct ipc_space;

/* ipc_entry_lookup is inline in ipc/ipc_space.h (it reads the table). */
kern_return_t ipc_entry_alloc(
    struct ipc_space *space, mach_port_name_t *namep, ipc_entry_t *entryp);
kern_return_t ipc_entry_alloc_name(
    struct ipc_space *space, mach_port_name_t name, ipc_entry_t *entryp);
void ipc_entry_dealloc(
    struct ipc_space *space, mach_port_name_t name, ipc_entry_t entry);
kern_return_t
ipc_entry_grow_table(struct ipc_space *space, uint32_t target_size);

#endif /* _IPC_IPC_ENTRY_H_ */
