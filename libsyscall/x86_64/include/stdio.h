/*
 * stdio.h - the guest libc's output: formatted printing to the console
 * (stdout = fd 1, stderr = fd 2, both the serial console).  Each call
 * writes its whole output with one write trap, so lines of different
 * tasks do not interleave mid-line.  No input, no files.
 */
#ifndef _STDIO_H_
#define _STDIO_H_

#include <stdarg.h>
#include <stddef.h>

typedef struct harbor_file FILE;

extern FILE *stdout;
extern FILE *stderr;

#define EOF (-1)

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int
fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int
sprintf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vprintf(const char *fmt, va_list ap);
int vfprintf(FILE *f, const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int puts(const char *s);
int fputs(const char *s, FILE *f);
int putchar(int c);
int fputc(int c, FILE *f);
size_t fwrite(const void *p, size_t size, size_t n, FILE *f);
int fflush(FILE *f);
int setvbuf(FILE *f, char *buf, int mode, size_t size);
void perror(const char *s);

#define _IONBF 2

#endif /* _STDIO_H_ */
