/*
 * boot_fuzz.c - random traps from user mode: random numbers in every
 * class, random arguments, and a random user stack pointer (so that the
 * stack-argument fetch sees garbage too).  The kernel must answer every
 * one and stay up; the traps that end the task, the thread or the machine
 * are left out.
 */
#include <stdint.h>
#include "mini_rt.h"

#define ROUNDS 20000

int main(int argc, char **argv, char **envp);

static uint64_t rng = 0x9e3779b97f4a7c15UL;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Values that are interesting as pointers and sizes. */
static uint64_t
random_arg(void)
{
	static const uint64_t special[] = {0, 1, 0x1000, 0x400000,
	    0x00007ffffffff000UL, 0x0000800000000000UL, 0xffff800000000000UL,
	    0xffffffff80100000UL, ~0UL, 0x7fffffffUL};

	if (next() % 2)
		return special[next() % (sizeof(special) / sizeof(special[0]))];
	return next();
}

static uint64_t
random_number(void)
{
	uint64_t cls = 1 + next() % 4, n = next() % 512;

	if (next() % 8 == 0)
		return next(); /* any 64-bit number at all */
	if ((cls == SYSCALL_CLASS_UNIX && (n == 1 || n == 360 || n == 361)) ||
	    (cls == SYSCALL_CLASS_MDEP && n == MDEP_HALT))
		n = 0;
	if (cls == SYSCALL_CLASS_MDEP && n == MDEP_SET_TSD_BASE)
		n = MDEP_ABSOLUTE_TIME; /* keep %fs usable */
	return (cls << SYSCALL_CLASS_SHIFT) | n;
}

/* One trap with a random %rsp; the real stack is restored after. */
static void
fuzz_one(uint64_t number, const uint64_t *a, uint64_t sp)
{
	register uint64_t r10 __asm__("r10") = a[3];
	register uint64_t r8 __asm__("r8") = a[4];
	register uint64_t r9 __asm__("r9") = a[5];
	uint64_t rax = number;

	__asm__ volatile("movq %%rsp, %%r12\n\t"
			 "movq %[sp], %%rsp\n\t"
			 "syscall\n\t"
			 "movq %%r12, %%rsp"
			 : "+a"(rax), "+r"(r10), "+r"(r8), "+r"(r9)
			 : "D"(a[0]), "S"(a[1]), "d"(a[2]), [sp] "r"(sp)
			 : "rcx", "r11", "r12", "memory");
}

int
main(int argc, char **argv, char **envp)
{
	uint64_t a[6], number, sp;
	int i, j;

	put("KTAP version 1\n1..1\n");
	for (i = 0; i < ROUNDS; i++) {
		number = random_number();
		if (number ==
		    ((uint64_t)SYSCALL_CLASS_MDEP << SYSCALL_CLASS_SHIFT |
			MDEP_CONSOLE_WRITE))
			continue; /* random bytes on the console */
		if ((number >> SYSCALL_CLASS_SHIFT) == SYSCALL_CLASS_UNIX &&
		    (number & 0xffffff) == 4)
			continue;
		for (j = 0; j < 6; j++)
			a[j] = random_arg();
		sp = (next() % 2) ? random_arg() : (uint64_t)&a[0];
		fuzz_one(number, a, sp);
	}
	put("ok 1 20000 random traps answered, the kernel is still up\n");
	return 0;
}
