/*
 * kern/startup.c - machine-independent kernel initialisation, in order:
 * allocators, IPC, the host port, the kernel task.
 */
#include <kern/startup.h>
#include <kern/kalloc.h>
#include <kern/sched_prim.h>
#include <kern/ipc_kobject.h>
#include <kern/ipc_tt.h>
#include <kern/task.h>
#include <ipc/ipc_space.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_kmsg.h>

ipc_space_t ipc_space_reply;

/*
 * Routine:	kernel_bootstrap
 * Purpose:
 *	Initialise every machine-independent subsystem.
 * Conditions:
 *	Boot, single-threaded, after the machine layer set up memory.
 * Returns:
 *	Nothing.
 */
void
kernel_bootstrap(void)
{
	kalloc_init();
	sched_init();
	ipc_port_init();
	ipc_pset_init();
	ipc_kmsg_init();
	ipc_space_init();
	(void)ipc_space_create(NULL, &ipc_space_reply);
	ipc_kobject_init();
	ipc_host_init();
	task_init();
}
