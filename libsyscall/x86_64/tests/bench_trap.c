/*
 * bench_trap.c - the cost of a null trap (kernel entry and exit), read
 * with rdtsc in user mode.  Under qemu -icount shift=0 one nanosecond is
 * one guest instruction, so the figure is instructions per trap and
 * repeats exactly.  The trap is Mach trap 1, which XNU (and Harbor's
 * table) leave invalid: it does nothing and returns an error.
 */
#include <stdint.h>
#include "mini_rt.h"

#define WARMUP 1000
#define ROUNDS 200000

int main(int argc, char **argv, char **envp);

static inline void
null_trap(void)
{
	uint64_t rax = SYSCALL_CONSTRUCT_MACH(1);

	__asm__ volatile(
	    "syscall"
	    : "+a"(rax)
	    :
	    : "rcx", "r11", "rdi", "rsi", "rdx", "r10", "r8", "r9", "memory");
}

int
main(int argc, char **argv, char **envp)
{
	uint64_t t0, t1;
	int i;

	for (i = 0; i < WARMUP; i++)
		null_trap();
	t0 = rdtsc();
	for (i = 0; i < ROUNDS; i++)
		null_trap();
	t1 = rdtsc();
	put_figure("null_trap_ns", t1 - t0, ROUNDS);
	return 0;
}
