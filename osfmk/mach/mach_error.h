/*
 * mach/mach_error.h - printing Mach error codes (user space).
 */
#ifndef _MACH_MACH_ERROR_H_
#define _MACH_MACH_ERROR_H_

#include <mach/error.h>

#if !defined(KERNEL)
/* The symbolic name or a description of an error code; never NULL. */
extern char *mach_error_string(mach_error_t error_value);

/* Print str and the description of error_value on the console. */
extern void mach_error(const char *str, mach_error_t error_value);

/* The subsystem an error code belongs to, as text. */
extern char *mach_error_type(mach_error_t error_value);
#endif

#endif /* _MACH_MACH_ERROR_H_ */
