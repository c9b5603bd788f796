/*
 * kern/vm_user.c - the mach_vm MIG routines, on the machine's md_vm_*
 * primitives.  A map here is the task whose address space it names
 * (see convert_port_to_map); only the caller's own map is supported.
 */
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/md.h>
#include <mach_vm_server.h>

#define VM_FLAGS_ANYWHERE_BIT 0x0001

/*
 * Routine:	mach_vm_allocate
 * Purpose:
 *	Allocate zero-filled memory anywhere in the caller's address space.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_ARGUMENT (map, size, or a fixed
 *	address), KERN_NO_SPACE.
 */
kern_return_t
mach_vm_allocate(
    vm_map_t map, mach_vm_address_t *addrp, mach_vm_size_t size, int flags)
{
	uint64_t addr;

	if ((task_t)map != current_task() || size == 0 ||
	    (flags & VM_FLAGS_ANYWHERE_BIT) == 0)
		return KERN_INVALID_ARGUMENT;
	if (md_vm_allocate(&addr, size) != 0)
		return KERN_NO_SPACE;
	*addrp = addr;
	return KERN_SUCCESS;
}

/*
 * Routine:	mach_vm_deallocate
 * Purpose:
 *	Release a range of the caller's address space.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_ARGUMENT.
 */
kern_return_t
mach_vm_deallocate(vm_map_t map, mach_vm_address_t addr, mach_vm_size_t size)
{
	if ((task_t)map != current_task())
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	return md_vm_deallocate(addr, size) == 0 ? KERN_SUCCESS
						 : KERN_INVALID_ARGUMENT;
}

/*
 * Routine:	mach_vm_protect
 * Purpose:
 *	Protection changes are not supported yet.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_INVALID_ARGUMENT (map), KERN_NOT_SUPPORTED.
 */
kern_return_t
mach_vm_protect(vm_map_t map, mach_vm_address_t addr, mach_vm_size_t size,
    boolean_t set_maximum, vm_prot_t prot)
{
	(void)addr;
	(void)size;
	(void)set_maximum;
	(void)prot;
	return (task_t)map != current_task() ? KERN_INVALID_ARGUMENT
					     : KERN_NOT_SUPPORTED;
}
