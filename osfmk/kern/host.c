/*
 * kern/host.c - the mach_host MIG routines Harbor implements.
 */
#include <kern/ipc_tt.h>
#include <kern/debug.h>
#include <mach_host_server.h>
#include <printf.h>

/*
 * Routine:	host_kernel_version
 * Purpose:
 *	The kernel's version string.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_SUCCESS, KERN_INVALID_ARGUMENT (not the host port).
 */
kern_return_t
host_kernel_version(host_t host, kernel_version_t version)
{
	if (host == HOST_NULL)
		return KERN_INVALID_ARGUMENT;
	harbor_snprintf(version, sizeof(kernel_version_t), "%s (%s)",
	    HARBOR_VERSION, HARBOR_CONFIG);
	return KERN_SUCCESS;
}

/*
 * Routine:	host_info
 * Purpose:
 *	No host_info flavor is implemented yet.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	KERN_INVALID_ARGUMENT (not the host port), KERN_NOT_SUPPORTED.
 */
kern_return_t
host_info(host_t host, host_flavor_t flavor, host_info_t info,
    mach_msg_type_number_t *countp)
{
	(void)flavor;
	(void)info;
	*countp = 0;
	return host == HOST_NULL ? KERN_INVALID_ARGUMENT : KERN_NOT_SUPPORTED;
}
