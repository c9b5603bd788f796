/*
 * mach/mig_errors.h - errors reported by MIG-generated code, and the
 * reply every MIG server sends when a routine fails.
 */
#ifndef _MACH_MIG_ERRORS_H_
#define _MACH_MIG_ERRORS_H_

#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/ndr.h>

#define MIG_TYPE_ERROR -300      /* malformed message or wrong descriptor */
#define MIG_REPLY_MISMATCH -301  /* reply id is not request id + 100 */
#define MIG_REMOTE_ERROR -302    /* the server found a user error */
#define MIG_BAD_ID -303          /* no routine with this id */
#define MIG_BAD_ARGUMENTS -304   /* bad size, count or complex bit */
#define MIG_NO_REPLY -305        /* the server will not reply */
#define MIG_EXCEPTION -306       /* the server raised an exception */
#define MIG_ARRAY_TOO_LARGE -307 /* array larger than the caller's buffer */
#define MIG_SERVER_DIED -308     /* the server went away */
#define MIG_TRAILER_ERROR -309   /* the trailer is missing or short */

#pragma pack(push, 4)
typedef struct {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	kern_return_t RetCode;
} mig_reply_error_t;
#pragma pack(pop)

/* One entry of a MIG symbol table (name to routine number). */
typedef struct mig_symtab {
	char *ms_routine_name;
	int ms_routine_number;
	void (*ms_routine)(void);
} mig_symtab_t;

#if defined(KERNEL)
_Static_assert(sizeof(mig_reply_error_t) == 44, "kernel mig_reply_error_t");
#else
_Static_assert(sizeof(mig_reply_error_t) == 36, "mig_reply_error_t");
_Static_assert(offsetof(mig_reply_error_t, RetCode) == 32, "RetCode");
#endif

/*
 * Fill a reply header and RetCode from a request, as the generated demux
 * functions do.  Kept inline so every server can use it without linking.
 */
static inline void
mig_reply_setup(mach_msg_header_t *in, mach_msg_header_t *out)
{
	mig_reply_error_t *r = (mig_reply_error_t *)(void *)out;

	r->Head.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(in->msgh_bits), 0);
	r->Head.msgh_remote_port = in->msgh_remote_port;
	r->Head.msgh_size = (mach_msg_size_t)sizeof(mig_reply_error_t);
	r->Head.msgh_local_port = MACH_PORT_NULL;
	r->Head.msgh_voucher_port = MACH_PORT_NULL;
	r->Head.msgh_id = in->msgh_id + 100;
}

#endif /* _MACH_MIG_ERRORS_H_ */
