/*
 * mach/ipc_info.h - what mach_port_space_info and
 * mach_port_space_basic_info report about an IPC space (debugging).
 */
#ifndef _MACH_IPC_INFO_H_
#define _MACH_IPC_INFO_H_

#include <mach/machine/vm_types.h>
#include <mach/port.h>

typedef struct ipc_info_space {
	natural_t iis_genno_mask; /* generation mask of names */
	natural_t iis_table_size; /* entries in the table */
	natural_t iis_table_next; /* next table size */
	natural_t iis_tree_size;  /* always 0 */
	natural_t iis_tree_small; /* always 0 */
	natural_t iis_tree_hash;  /* always 0 */
} ipc_info_space_t;

typedef struct ipc_info_space_basic {
	natural_t iisb_genno_mask;
	natural_t iisb_table_size;
	natural_t iisb_table_next;
	natural_t iisb_table_inuse;
	natural_t iisb_reserved[2];
	natural_t iisb_reserved2[2];
} ipc_info_space_basic_t;

typedef struct ipc_info_name {
	mach_port_name_t iin_name; /* the name */
	integer_t iin_collision;   /* collision bit of the entry */
	mach_port_type_t iin_type; /* rights and request bits */
	mach_port_urefs_t iin_urefs;
	natural_t iin_object; /* obscured object address */
	natural_t iin_next;
	natural_t iin_hash;
} ipc_info_name_t;
typedef ipc_info_name_t *ipc_info_name_array_t;

typedef struct ipc_info_tree_name {
	ipc_info_name_t iitn_name;
	mach_port_name_t iitn_lchild;
	mach_port_name_t iitn_rchild;
} ipc_info_tree_name_t;
typedef ipc_info_tree_name_t *ipc_info_tree_name_array_t;

_Static_assert(sizeof(ipc_info_space_t) == 24, "ipc_info_space_t");
_Static_assert(sizeof(ipc_info_space_basic_t) == 32, "ipc_info_space_basic");
_Static_assert(sizeof(ipc_info_name_t) == 28, "ipc_info_name_t");
_Static_assert(sizeof(ipc_info_tree_name_t) == 36, "ipc_info_tree_name_t");

#endif /* _MACH_IPC_INFO_H_ */
