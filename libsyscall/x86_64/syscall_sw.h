/*
 * libsyscall/x86_64/syscall_sw.h - the x86_64 trap ABI, for C and for
 * assembler.
 *
 * A trap is the `syscall` instruction with the number in %rax: the class
 * in the top byte (XNU's encoding: Mach 1, BSD/Unix 2, machine-dependent
 * 3) and the trap number of that class below it.  Arguments go in %rdi,
 * %rsi, %rdx, %r10, %r8, %r9, then on the stack at 8(%rsp) onwards as
 * the stub finds them (just above its return address); the result comes
 * back in %rax.  A BSD-class error comes back as errno in %rax with the
 * carry flag set.  %rcx and %r11 are clobbered.  See doc/trap-abi.md.
 */
#ifndef _LIBSYSCALL_X86_64_SYSCALL_SW_H_
#define _LIBSYSCALL_X86_64_SYSCALL_SW_H_

#define SYSCALL_CLASS_SHIFT 24
#define SYSCALL_CLASS_MACH 1
#define SYSCALL_CLASS_UNIX 2
#define SYSCALL_CLASS_MDEP 3

#define SYSCALL_CONSTRUCT_MACH(n) \
	((SYSCALL_CLASS_MACH << SYSCALL_CLASS_SHIFT) | (n))
#define SYSCALL_CONSTRUCT_UNIX(n) \
	((SYSCALL_CLASS_UNIX << SYSCALL_CLASS_SHIFT) | (n))
#define SYSCALL_CONSTRUCT_MDEP(n) \
	((SYSCALL_CLASS_MDEP << SYSCALL_CLASS_SHIFT) | (n))

/* Machine-dependent traps served by osfmk/x86_64 itself. */
#define MDEP_SET_TSD_BASE 3     /* (base): FS base for TLS */
#define MDEP_CONSOLE_WRITE 0x40 /* (buf, len): 0 or EFAULT */
#define MDEP_HALT 0x41          /* (status): stop the machine */
#define MDEP_ABSOLUTE_TIME 0x42 /* (): nanoseconds */
#define MDEP_ARG_ECHO 0x43      /* (i, a1..a8): argument i */

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * Any trap: number is a SYSCALL_CONSTRUCT_* value, up to nine arguments
 * follow (missing ones are don't-care).
 */
uint64_t harbor_trap(uint64_t number, ...);

/*
 * A BSD-class trap (number = SYSCALL_CONSTRUCT_UNIX(n)): the result, or
 * -errno when the kernel set the carry flag.
 */
int64_t harbor_unix_trap(uint64_t number, ...);

uint64_t harbor_console_write(const void *buf, uint64_t len);
_Noreturn void harbor_halt(int status);
uint64_t harbor_absolute_time(void);
uint64_t harbor_set_tsd_base(void *base);
#endif

#endif /* _LIBSYSCALL_X86_64_SYSCALL_SW_H_ */
