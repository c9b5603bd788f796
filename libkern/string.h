/*
 * libkern/string.h - the string and memory functions the kernel uses.
 * On the hosted machine the C library provides them; on x86_64,
 * libkern/string.c does.
 */
#ifndef _LIBKERN_STRING_H_
#define _LIBKERN_STRING_H_

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);

#endif /* _LIBKERN_STRING_H_ */
