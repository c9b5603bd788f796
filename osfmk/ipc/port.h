/*
 * ipc/port.h - kernel-private constants about rights and urefs.
 */
#ifndef _IPC_PORT_CONSTANTS_H_
#define _IPC_PORT_CONSTANTS_H_

#include <mach/port.h>

/* The most urefs a name may carry (dead names); send rights stop at 65534. */
#define MACH_PORT_UREFS_MAX ((mach_port_urefs_t)((1 << 16) - 1))

#define MACH_PORT_UREFS_OVERFLOW(urefs, delta)   \
	(((delta) > 0) &&                        \
	    ((((urefs) + (delta)) <= (urefs)) || \
		(((urefs) + (delta)) > MACH_PORT_UREFS_MAX)))

/* Negated in unsigned arithmetic: delta may be INT_MIN. */
#define MACH_PORT_UREFS_UNDERFLOW(urefs, delta) \
	(((delta) < 0) &&                       \
	    ((mach_port_urefs_t)0 - (mach_port_urefs_t)(delta) > (urefs)))

/* The hard queue limit for messages that ignore qlimit (spec 1.3). */
#define IPC_QLIMIT_KERNEL MACH_PORT_QLIMIT_KERNEL

#endif /* _IPC_PORT_CONSTANTS_H_ */
