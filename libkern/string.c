/*
 * libkern/string.c - freestanding string and memory functions (x86_64):
 * the kernel's, and the guest libc's too (libsyscall/x86_64/libc).
 */
#include <string.h>
#include <stdint.h>

/*
 * memcpy and memset use the string instructions: quadwords first, then
 * the 0-7 bytes left.  x86 allows unaligned rep movsq/stosq, and an
 * emulator (QEMU's instruction count) charges one instruction per
 * iteration, against three or four for a C loop per word.
 */

/*
 * Routine:	memcpy
 * Purpose:	Copy n bytes between non-overlapping buffers.
 * Conditions:	None.
 * Returns:	dst.
 */
void *
memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	void *d = dst;
	const void *s = src;
	size_t words = n >> 3, bytes = n & 7;

	__asm__ volatile("rep movsq"
			 : "+D"(d), "+S"(s), "+c"(words)
			 :
			 : "memory");
	__asm__ volatile("rep movsb"
			 : "+D"(d), "+S"(s), "+c"(bytes)
			 :
			 : "memory");
	return dst;
}

/*
 * Routine:	memmove
 * Purpose:	Copy n bytes between possibly overlapping buffers.
 * Conditions:	None.
 * Returns:	dst.
 */
void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s || d >= s + n) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

/*
 * Routine:	memset
 * Purpose:	Fill n bytes with c.
 * Conditions:	None.
 * Returns:	dst.
 */
void *
memset(void *dst, int c, size_t n)
{
	void *d = dst;
	uint64_t word = 0x0101010101010101ull * (unsigned char)c;
	size_t words = n >> 3, bytes = n & 7;

	__asm__ volatile("rep stosq"
			 : "+D"(d), "+c"(words)
			 : "a"(word)
			 : "memory");
	__asm__ volatile("rep stosb"
			 : "+D"(d), "+c"(bytes)
			 : "a"(word)
			 : "memory");
	return dst;
}

/*
 * Routine:	memcmp
 * Purpose:	Compare n bytes.
 * Conditions:	None.
 * Returns:	<0, 0 or >0.
 */
int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n > 0; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

/*
 * Routine:	strlen
 * Purpose:	Length of a NUL-terminated string.
 * Conditions:	None.
 * Returns:	The length.
 */
size_t
strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

/*
 * Routine:	strnlen
 * Purpose:	Length of a string, at most max.
 * Conditions:	None.
 * Returns:	The length, capped at max.
 */
size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

/*
 * Routine:	strcmp
 * Purpose:	Compare two strings.
 * Conditions:	None.
 * Returns:	<0, 0 or >0.
 */
int
strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

/*
 * Routine:	strncmp
 * Purpose:	Compare at most n characters of two strings.
 * Conditions:	None.
 * Returns:	<0, 0 or >0.
 */
int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++) {
		if (*a != *b || *a == '\0')
			return (unsigned char)*a - (unsigned char)*b;
	}
	return 0;
}

/*
 * Routine:	strchr
 * Purpose:	Find a character in a string.
 * Conditions:	None.
 * Returns:	A pointer to it, or NULL.
 */
char *
strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(uintptr_t)s;
		if (*s == '\0')
			return NULL;
	}
}

/*
 * Routine:	strlcpy
 * Purpose:	Bounded copy, always NUL-terminated when size > 0.
 * Conditions:	None.
 * Returns:	strlen(src).
 */
size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
