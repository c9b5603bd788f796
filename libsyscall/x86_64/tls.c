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

static uint64_t tls_area[TLS_AREA / 8] __attribute__((aligned(64)));

/*
 * Routine:	_harbor_tls_init
 * Purpose:	Give the first thread its TLS block and thread pointer.
 * Conditions:	Called once by crt0, before main.
 * Returns:	Nothing; a program whose TLS does not fit exits with 127.
 */
void
_harbor_tls_init(void)
{
	size_t memsz = (size_t)(uintptr_t)__tls_memsz;
	size_t align = (size_t)(uintptr_t)__tls_align;
	size_t filesz = (size_t)(__tdata_end - __tdata_start), off, i;
	char *base = (char *)tls_area;
	uint64_t *tcb;

	if (align < 16)
		align = 16;
	off = (memsz + align - 1) & ~(align - 1);
	if (align > 64 || off + 16 > sizeof(tls_area)) {
		static const char msg[] = "harbor: TLS too large\n";

		harbor_console_write(msg, sizeof(msg) - 1);
		for (;;)
			harbor_trap(SYSCALL_CONSTRUCT_UNIX(1), 127);
	}
	for (i = 0; i < filesz; i++)
		base[i] = __tdata_start[i];
	tcb = (uint64_t *)(void *)(base + off);
	tcb[0] = (uint64_t)(uintptr_t)tcb;
	harbor_set_tsd_base(tcb);
}
