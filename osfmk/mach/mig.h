/*
 * mach/mig.h - the shapes MIG-generated servers export, and the helper
 * routines generated user stubs call.
 *
 * A server subsystem object describes a contiguous range of message ids
 * [start, end); routine[id - start] is the slot for id.  An empty slot
 * (a "skip" in the .defs) has a null stub.  A generated subsystem has a
 * routine[] of its own length; struct mig_subsystem below declares one
 * element only, so code walks it through start/end.
 */
#ifndef _MACH_MIG_H_
#define _MACH_MIG_H_

#include <stdint.h>
#include <mach/port.h>
#include <mach/message.h>
#include <mach/vm_types.h>
#include <mach/kern_return.h>

#define MIG_MSG_SIZE_RELIABLE MACH_MSG_SIZE_RELIABLE

typedef void (*mig_stub_routine_t)(
    mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP);
typedef mig_stub_routine_t mig_routine_t;

/* Given a request, the stub that handles it, or NULL. */
typedef mig_routine_t (*mig_server_routine_t)(mach_msg_header_t *InHeadP);

typedef kern_return_t (*mig_impl_routine_t)(void);

typedef unsigned int routine_arg_type;
typedef unsigned int routine_arg_offset;
typedef unsigned int routine_arg_size;

struct routine_arg_descriptor {
	routine_arg_type type;
	routine_arg_size size;
	routine_arg_offset offset;
};
typedef struct routine_arg_descriptor *routine_arg_descriptor_t;
typedef struct routine_arg_descriptor *mig_routine_arg_descriptor_t;

struct routine_descriptor {
	mig_impl_routine_t impl_routine;
	mig_stub_routine_t stub_routine;
	unsigned int argc;
	unsigned int descr_count;
	routine_arg_descriptor_t arg_descr;
	unsigned int max_reply_msg;
};
typedef struct routine_descriptor *routine_descriptor_t;
typedef struct routine_descriptor mig_routine_descriptor;
typedef mig_routine_descriptor *mig_routine_descriptor_t;

typedef struct mig_subsystem {
	mig_server_routine_t server;
	mach_msg_id_t start;
	mach_msg_id_t end;
	mach_msg_size_t maxsize;
	vm_address_t reserved;
	mig_routine_descriptor routine[1];
} * mig_subsystem_t;

#define MIG_ROUTINE_ARG_DESCRIPTOR_NULL ((mig_routine_arg_descriptor_t)0)
#define MIG_SUBSYSTEM_NULL ((mig_subsystem_t)0)


#if !defined(KERNEL)
/* Provided by libsyscall: the per-thread MIG reply port cache. */
extern mach_port_t mig_get_reply_port(void);
extern void mig_dealloc_reply_port(mach_port_t reply_port);
extern void mig_put_reply_port(mach_port_t reply_port);
extern int mig_strncpy(char *dest, const char *src, int len);
extern int mig_strncpy_zerofill(char *dest, const char *src, int len);
#endif

#endif /* _MACH_MIG_H_ */
