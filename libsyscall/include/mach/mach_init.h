/*
 * mach/mach_init.h - the task's cached self port and friends.
 */
#ifndef _MACH_MACH_INIT_H_
#define _MACH_MACH_INIT_H_

#include <mach/mach_types.h>

/*
 * On x86_64 each task has its own copies of these globals.  On the hosted
 * machine every task shares one address space, so they are per-thread
 * caches behind the same names.
 */
#if HARBOR_HOSTED
mach_port_t harbor_bootstrap_port(void);
#define mach_task_self_ (mach_task_self())
#define bootstrap_port (harbor_bootstrap_port())
#else
extern mach_port_t mach_task_self_;
extern mach_port_t bootstrap_port;
#endif

mach_port_t mach_task_self(void);
mach_port_t mach_thread_self(void);
mach_port_t mach_host_self(void);
mach_port_t mig_get_reply_port(void);
void mig_dealloc_reply_port(mach_port_t reply_port);
void mig_put_reply_port(mach_port_t reply_port);

#define current_task() mach_task_self()

#endif /* _MACH_MACH_INIT_H_ */
