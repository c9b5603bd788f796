/*
 * tests/mig/headers_check.c - every public Mach header in one file.  The
 * test runner compiles it freestanding with -DKERNEL (kernel layouts)
 * and as a hosted user program next to the C library; the headers'
 * _Static_asserts check the sizes of both layouts.
 */
#if !defined(KERNEL)
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>
#endif

#include <mach/boolean.h>
#include <mach/error.h>
#include <mach/ipc_info.h>
#include <mach/kern_return.h>
#include <mach/mach_error.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/machine/vm_types.h>
#include <mach/message.h>
#include <mach/mig.h>
#include <mach/mig_errors.h>
#include <mach/mig_kernel.h>
#include <mach/ndr.h>
#include <mach/notify.h>
#include <mach/port.h>
#include <mach/std_types.h>
#include <mach/task_special_ports.h>
#include <mach/vm_types.h>

#if defined(KERNEL)
_Static_assert(sizeof(mach_port_t) == 8, "kernel ports are pointers");
_Static_assert(sizeof(mach_msg_header_t) == 32, "kernel header");
_Static_assert(sizeof(mach_msg_ool_descriptor_t) == 16, "kernel OOL");
_Static_assert(sizeof(mach_msg_ool_ports_descriptor_t) == 16, "kernel OOLP");
#else
_Static_assert(sizeof(mach_port_t) == 4, "user ports are names");
_Static_assert(sizeof(task_t) == 4, "user task_t is a name");
#endif
_Static_assert(MACH_PORT_TYPE_DNREQUEST == 0x80000000u, "DNREQUEST");
_Static_assert(MACH_PORT_TYPE_SPREQUEST == 0x40000000u, "SPREQUEST");
_Static_assert(MACH_PORT_TYPE_SPREQUEST_DELAYED == 0x20000000u, "SP_DELAYED");
_Static_assert(
    MACH_MSG_TYPE_PORT_NAME == 15 && MACH_MSG_TYPE_MAKE_SEND_ONCE == 21,
    "type names");
_Static_assert(
    MACH_SEND_NOTIFY == 0x80 && MACH_SEND_ALWAYS == 0x10000, "options");
_Static_assert(MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO) == 0x01000000,
    "trailer elements");
_Static_assert(TASK_BOOTSTRAP_PORT == 4, "special ports");
_Static_assert(KERN_NOT_FOUND == 56 && MIG_TRAILER_ERROR == -309, "codes");

int headers_check_ok;
