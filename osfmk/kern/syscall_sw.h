/*
 * kern/syscall_sw.h - the system call switch.
 *
 * Both machines enter the kernel here: the x86_64 `syscall` entry after
 * saving the user registers, the hosted libsyscall by a direct call.
 * The number carries XNU's class in its top byte:
 *
 *	  63 ......... 32 31    24 23 ........... 0
 *	 +---------------+--------+----------------+
 *	 |       0       | class  |     number     |
 *	 +---------------+--------+----------------+
 *	   class 1: Mach trap (mach_trap_table, XNU's numbers)
 *	   class 2: BSD system call (bsd/kern/syscalls.c)
 *
 * Arguments are 64-bit words in the order of the C prototype.
 */
#ifndef _KERN_SYSCALL_SW_H_
#define _KERN_SYSCALL_SW_H_

#include <stdint.h>

#define SYSCALL_CLASS_SHIFT 24
#define SYSCALL_CLASS_MASK (0xffull << SYSCALL_CLASS_SHIFT)
#define SYSCALL_NUMBER_MASK (~SYSCALL_CLASS_MASK)
#define SYSCALL_CLASS_MACH 1
#define SYSCALL_CLASS_UNIX 2
#define SYSCALL_CONSTRUCT_MACH(n) \
	(((uint64_t)SYSCALL_CLASS_MACH << SYSCALL_CLASS_SHIFT) | (n))
#define SYSCALL_CONSTRUCT_UNIX(n) \
	(((uint64_t)SYSCALL_CLASS_UNIX << SYSCALL_CLASS_SHIFT) | (n))

#define SYSCALL_MAX_ARGS 9

typedef uint64_t (*syscall_fn_t)(const uint64_t *args);

typedef struct {
	uint8_t argc;
	syscall_fn_t fn;
	const char *name;
} mach_trap_t;

#define MACH_TRAP_TABLE_COUNT 128
extern const mach_trap_t mach_trap_table[MACH_TRAP_TABLE_COUNT];

uint64_t harbor_syscall(uint64_t number, const uint64_t args[SYSCALL_MAX_ARGS]);
uint64_t bsd_syscall(uint32_t number, const uint64_t *args);
uint64_t mach_msg_trap_entry(const uint64_t *args);

#endif /* _KERN_SYSCALL_SW_H_ */
