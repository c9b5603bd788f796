/*
 * mach/boolean.h - the Mach boolean type.
 *
 * On x86_64 a user-visible boolean_t is an unsigned int and the kernel's is
 * a plain int, as in Apple's headers; both are 4 bytes on the wire.
 */
#ifndef _MACH_BOOLEAN_H_
#define _MACH_BOOLEAN_H_

#if defined(KERNEL)
typedef int boolean_t;
#else
typedef unsigned int boolean_t;
#endif

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

_Static_assert(sizeof(boolean_t) == 4, "boolean_t is 32 bits");

#endif /* _MACH_BOOLEAN_H_ */
