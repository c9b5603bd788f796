/*
 * x86_64/kprof.c - a sampling profiler of the kernel: with the boot
 * argument kprof=HZ the timer interrupts HZ times a second (the scheduler
 * still ticks at X86_HZ) and each interrupt that lands in the kernel
 * counts its rip; user-mode samples are counted together.  md_halt prints
 * the table ("kprof: RIP COUNT" lines) and tools/kprof.sh folds it into
 * functions with the kernel's symbol table.  Under -icount shift=0 one
 * sample is taken every 1e9/HZ guest instructions, so the counts are
 * deterministic shares of the instruction count.
 */
#include <x86_64/machine.h>

#define KPROF_SLOTS 4096

struct kprof_slot {
	uint64_t rip;
	uint64_t count;
};

static struct kprof_slot kprof_table[KPROF_SLOTS];
static uint64_t kprof_user, kprof_lost;
uint32_t x86_kprof_hz; /* 0: off */

/*
 * Routine:	x86_kprof_sample
 * Purpose:	Count one timer sample at rip (from user mode if user).
 * Conditions:	Timer interrupt, interrupts off.
 * Returns:	Nothing.
 */
void
x86_kprof_sample(uint64_t rip, bool user)
{
	uint64_t h = (rip * 0x9e3779b97f4a7c15UL) >> 52;
	int probe;

	if (user) {
		kprof_user++;
		return;
	}
	for (probe = 0; probe < 16; probe++) {
		struct kprof_slot *s = &kprof_table[(h + probe) % KPROF_SLOTS];

		if (s->rip == rip || s->rip == 0) {
			s->rip = rip;
			s->count++;
			return;
		}
	}
	kprof_lost++;
}

/*
 * Routine:	x86_kprof_dump
 * Purpose:	Print the samples, one "kprof: RIP COUNT" line per kernel
 *		address, then the user and lost counts.
 * Conditions:	Any (called by md_halt).
 * Returns:	Nothing.
 */
void
x86_kprof_dump(void)
{
	int i;

	if (x86_kprof_hz == 0)
		return;
	x86_printf("kprof: begin %u Hz\n", x86_kprof_hz);
	for (i = 0; i < KPROF_SLOTS; i++) {
		if (kprof_table[i].count != 0)
			x86_printf("kprof: %lx %lu\n", kprof_table[i].rip,
			    kprof_table[i].count);
	}
	x86_printf(
	    "kprof: user %lu lost %lu\nkprof: end\n", kprof_user, kprof_lost);
}
