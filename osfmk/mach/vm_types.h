/*
 * mach/vm_types.h - virtual-memory scalar and object types.
 */
#ifndef _MACH_VM_TYPES_H_
#define _MACH_VM_TYPES_H_

#include <stdint.h>
#include <mach/machine/vm_types.h>

typedef vm_offset_t pointer_t;
typedef vm_offset_t vm_address_t;

typedef uint64_t addr64_t;
typedef uint32_t reg64_t;
typedef uint32_t ppnum_t;

#if defined(KERNEL)
struct _vm_map;
typedef struct _vm_map *vm_map_t;
#define VM_MAP_NULL ((vm_map_t)0)
#else
typedef unsigned int vm_map_t; /* a port name (mach_port_t) */
#define VM_MAP_NULL ((vm_map_t)0)
#endif

#endif /* _MACH_VM_TYPES_H_ */
