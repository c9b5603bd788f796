/*
 * kern/debug.h - panic, kernel printf and assertions.
 */
#ifndef _KERN_DEBUG_H_
#define _KERN_DEBUG_H_

#include <stdarg.h>

_Noreturn void
panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

#if MACH_ASSERT
#define assert(e)                                                              \
	((e) ? (void)0                                                         \
	     : panic("assertion failed: %s, file: %s, line: %d", #e, __FILE__, \
		   __LINE__))
#else
#define assert(e) ((void)0)
#endif

#endif /* _KERN_DEBUG_H_ */
