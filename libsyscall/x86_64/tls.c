/*
 * tls.c - static thread-local storage for a program's first thread, set
 * up by crt0 before main (x86_64 TLS variant II, local-exec).
 *
 * The linker script gathers the program's .tdata (initial values) and
 * .tbss into one PT_TLS image of __tls_memsz bytes, aligned to
 * __tls_align.  Here that image is copied into a static area that ends at
 * the thread pointer (the TCB, whose first word points to itself, as
 * %fs:0 loads expect), and the FS base is set to it with the
 * machine-dependent trap 3.
 */
#include <stddef.h>
#include <stdint.h>
#include "syscall_sw.h"

#define TLS_AREA 8192

extern char __tdata_start[], __tdata_end[];
extern char __tls_memsz[], __tls_align[]; /* absolute symbols */

void _harbor_tls_init(void);
void *_harbor_tls_new(void);
void _harbor_tls_free(void *tcb);
void *malloc(size_t size) __attribute__((weak));
void free(void *p) __attribute__((weak));

static uint64_t tls_area[TLS_AREA / 8] __attribute__((aligned(64)));

#define TLS_ALIGN_MAX 64

/*
 * Lay a TLS block out in [area, area + size): the thread pointer tp is
 * aligned (to the image's alignment, at least 16), the image sits right
 * below it at tp - round_up(memsz, p_align) as the linker's local-exec
 * offsets expect, and tp[0] = tp, tp[1] is spare.
 */
static uint64_t *
tls_build(char *area, size_t size)
{
	size_t memsz = (size_t)(uintptr_t)__tls_memsz;
	size_t align = (size_t)(uintptr_t)__tls_align;
	size_t filesz = (size_t)(__tdata_end - __tdata_start), off, i;
	uintptr_t tp;
	char *base;

	if (align == 0)
		align = 1;
	if (align > TLS_ALIGN_MAX)
		return NULL;
	off = (memsz + align - 1) & ~(align - 1);
	tp = ((uintptr_t)area + off + TLS_ALIGN_MAX - 1) &
	    ~(uintptr_t)(TLS_ALIGN_MAX - 1);
	if (tp + 16 > (uintptr_t)area + size)
		return NULL;
	base = (char *)(tp - off);
	for (i = 0; i < off; i++)
		base[i] = i < filesz ? __tdata_start[i] : 0;
	((uint64_t *)tp)[0] = (uint64_t)tp;
	return (uint64_t *)tp;
}

/*
 * Routine:	_harbor_tls_init
 * Purpose:	Give the first thread its TLS block and thread pointer.
 * Conditions:	Called once by crt0, before main.
 * Returns:	Nothing; a program whose TLS does not fit exits with 127.
 */
void
_harbor_tls_init(void)
{
	uint64_t *tcb = tls_build((char *)tls_area, sizeof(tls_area));

	if (tcb == NULL) {
		static const char msg[] = "harbor: TLS too large\n";

		harbor_console_write(msg, sizeof(msg) - 1);
		for (;;)
			harbor_trap(SYSCALL_CONSTRUCT_UNIX(1), 127);
	}
	harbor_set_tsd_base(tcb);
}

/*
 * Routine:	_harbor_tls_new
 * Purpose:	A TLS block for another thread (pthread_create): a copy of
 *		the initial image followed by a self-pointing TCB, from the
 *		heap.
 * Conditions:	The program links the libc heap.
 * Returns:	The thread pointer (for the FS base), or NULL.
 */
void *
_harbor_tls_new(void)
{
	size_t need = (size_t)(uintptr_t)__tls_memsz + 2 * TLS_ALIGN_MAX + 32;
	char *raw;
	uint64_t *tcb;

	if (malloc == 0)
		return NULL;
	raw = malloc(need);
	if (raw == NULL)
		return NULL;
	tcb = tls_build(raw, need);
	if (tcb == NULL) {
		free(raw);
		return NULL;
	}
	tcb[1] = (uint64_t)(uintptr_t)raw; /* for _harbor_tls_free */
	return tcb;
}

/*
 * Routine:	_harbor_tls_free
 * Purpose:	Free a block from _harbor_tls_new.
 * Conditions:	No thread uses it any more.
 * Returns:	Nothing.
 */
void
_harbor_tls_free(void *tcb)
{
	if (tcb != NULL && free != 0)
		free((void *)(uintptr_t)((uint64_t *)tcb)[1]);
}
