/*
 * libsyscall/mach/vm_wrappers.c - the classic vm_allocate/vm_deallocate
 * names, on the mach_vm MIG interface.
 */
#include <mach/mach.h>

/*
 * Routine:	vm_allocate
 * Purpose:
 *	vm_allocate on mach_vm_allocate.
 * Conditions:
 *	User code.
 * Returns:
 *	As mach_vm_allocate.
 */
kern_return_t
vm_allocate(vm_map_t task, vm_address_t *address, vm_size_t size, int flags)
{
	mach_vm_address_t addr = *address;
	kern_return_t kr = mach_vm_allocate(task, &addr, size, flags);

	if (kr == KERN_SUCCESS)
		*address = (vm_address_t)addr;
	return kr;
}

/*
 * Routine:	vm_deallocate
 * Purpose:
 *	vm_deallocate on mach_vm_deallocate.
 * Conditions:
 *	User code.
 * Returns:
 *	As mach_vm_deallocate.
 */
kern_return_t
vm_deallocate(vm_map_t task, vm_address_t address, vm_size_t size)
{
	return mach_vm_deallocate(task, address, size);
}
