/*
 * libsyscall/mach/mach_init.c - the task's cached ports.
 *
 * Each cache is filled once by a trap (task_self_trap and friends give a
 * send right; the cache keeps that one uref).  On the hosted machine all
 * tasks share one address space, so the caches are per thread there.
 */
#include <mach/mach.h>
#include <mach/mach_traps.h>

#if HARBOR_HOSTED
#define HARBOR_TASK_LOCAL __thread
#else
#define HARBOR_TASK_LOCAL
#endif

static HARBOR_TASK_LOCAL mach_port_t task_self_cache;
static HARBOR_TASK_LOCAL mach_port_t host_self_cache;

#if HARBOR_HOSTED
static HARBOR_TASK_LOCAL mach_port_t bootstrap_cache;
static HARBOR_TASK_LOCAL int bootstrap_cached;
#else
mach_port_t mach_task_self_;
mach_port_t bootstrap_port;
#endif

/*
 * Routine:	mach_task_self
 * Purpose:
 *	A send right to the task's own port, cached after the first trap.
 * Conditions:
 *	User code.
 * Returns:
 *	Its name.
 */
mach_port_t
mach_task_self(void)
{
	if (task_self_cache == MACH_PORT_NULL)
		task_self_cache = task_self_trap();
#if !HARBOR_HOSTED
	mach_task_self_ = task_self_cache;
#endif
	return task_self_cache;
}

/*
 * Routine:	mach_host_self
 * Purpose:
 *	A send right to the host port, cached.
 * Conditions:
 *	User code.
 * Returns:
 *	Its name.
 */
mach_port_t
mach_host_self(void)
{
	if (host_self_cache == MACH_PORT_NULL)
		host_self_cache = host_self_trap();
	return host_self_cache;
}

/*
 * Routine:	mach_thread_self
 * Purpose:
 *	A send right to the calling thread's port (one more uref each call, as on XNU).
 * Conditions:
 *	User code.
 * Returns:
 *	Its name.
 */
mach_port_t
mach_thread_self(void)
{
	return thread_self_trap();
}

#if HARBOR_HOSTED
/*
 * Routine:	harbor_bootstrap_port
 * Purpose:
 *	The task's bootstrap port, cached per thread on the hosted machine.
 * Conditions:
 *	User code.
 * Returns:
 *	Its name, or MACH_PORT_NULL.
 */
mach_port_t
harbor_bootstrap_port(void)
{
	if (!bootstrap_cached) {
		mach_port_t port = MACH_PORT_NULL;

		(void)task_get_special_port(
		    mach_task_self(), TASK_BOOTSTRAP_PORT, &port);
		bootstrap_cache = port;
		bootstrap_cached = 1;
	}
	return bootstrap_cache;
}
#endif
