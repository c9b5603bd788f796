/*
 * libkern/printf.h - the freestanding printf engine shared by the kernel
 * console, panic, and the guest's user libc.
 */
#ifndef _LIBKERN_PRINTF_H_
#define _LIBKERN_PRINTF_H_

#include <stdarg.h>
#include <stddef.h>

/* Called with runs of output characters; buf is not NUL-terminated. */
typedef void (*harbor_emit_t)(void *arg, const char *buf, size_t len);

int harbor_vformat(harbor_emit_t emit, void *arg, const char *fmt, va_list ap);
int harbor_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int harbor_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* _LIBKERN_PRINTF_H_ */
