/*
 * mach/machine/vm_types.h - machine-sized integer types (x86_64, LP64).
 *
 * natural_t and integer_t are always 32 bits: they are the unit of Mach
 * message fields.  The vm_* types follow the pointer size of the task that
 * uses them; the mach_vm_* types are 64 bits everywhere.
 */
#ifndef _MACH_MACHINE_VM_TYPES_H_
#define _MACH_MACHINE_VM_TYPES_H_

#include <stdint.h>

typedef unsigned int natural_t;
typedef int integer_t;

typedef uintptr_t vm_offset_t;
typedef uintptr_t vm_size_t;

typedef uint64_t mach_vm_address_t;
typedef uint64_t mach_vm_offset_t;
typedef uint64_t mach_vm_size_t;

typedef uint64_t vm_map_offset_t;
typedef uint64_t vm_map_address_t;
typedef uint64_t vm_map_size_t;

typedef uint32_t vm32_offset_t;
typedef uint32_t vm32_address_t;
typedef uint32_t vm32_size_t;

typedef vm_offset_t mach_port_context_t;

_Static_assert(sizeof(natural_t) == 4, "natural_t is 32 bits");
_Static_assert(sizeof(integer_t) == 4, "integer_t is 32 bits");
_Static_assert(sizeof(vm_offset_t) == 8, "LP64 only");
_Static_assert(sizeof(mach_vm_address_t) == 8, "mach_vm is 64 bits");

#endif /* _MACH_MACHINE_VM_TYPES_H_ */
