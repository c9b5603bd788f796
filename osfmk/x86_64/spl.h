/*
 * x86_64/spl.h - interrupt masking, nested, on the one CPU.
 *
 * Holding any lock means interrupts are off (x86_64/md_inline.h): the
 * outermost x86_splhigh saves the interrupt flag, the last x86_splx
 * restores it, running first a preemption that became due meanwhile.
 * Kept apart from machine.h because every kernel file gets the inline
 * locks, through kern/md.h.
 */
#ifndef _X86_64_SPL_H_
#define _X86_64_SPL_H_

#include <stdint.h>
#include <stdbool.h>

#define RFLAGS_IF 0x200

static inline __attribute__((always_inline)) uint64_t
read_rflags(void)
{
	uint64_t f;

	__asm__ volatile("pushfq; popq %0" : "=r"(f));
	return f;
}

static inline __attribute__((always_inline)) void
intr_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

static inline __attribute__((always_inline)) void
intr_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

/*
 * Work pending before the CPU may go back to the interrupted or trapping
 * code, in one word so that the syscall exit tests both at once:
 * resched - a better thread is runnable; ast - the running thread was
 * marked with md_thread_ast_set (saved in xt_ast while it is off CPU).
 */
union x86_pending {
	struct {
		bool resched;
		bool ast;
	};
	uint16_t any;
};
extern volatile union x86_pending x86_pending;
#define x86_need_resched x86_pending.resched
extern int x86_intr_nesting;
void x86_preempt(void);

/* locks_md.c: nested interrupt disabling */
extern int x86_intr_depth;
extern bool x86_intr_saved;
void x86_spl_unbalanced(void);

/*
 * Disable interrupts, nesting: the outermost call saves the interrupt
 * flag.  Inline: every lock and unlock goes through here.
 */
static inline __attribute__((always_inline)) void
x86_splhigh(void)
{
	uint64_t flags;

	if (x86_intr_depth != 0) { /* nested: interrupts are already off */
		x86_intr_depth++;
		return;
	}
	flags = read_rflags();
	intr_disable();
	x86_intr_depth = 1;
	x86_intr_saved = (flags & RFLAGS_IF) != 0;
}

/*
 * Undo one x86_splhigh.  The last one restores the interrupt flag, first
 * running a preemption that became due meanwhile when the caller is a
 * thread (not an interrupt handler).
 */
static inline __attribute__((always_inline)) void
x86_splx(void)
{
#if MACH_ASSERT
	if (x86_intr_depth <= 0)
		x86_spl_unbalanced();
#endif
	if (--x86_intr_depth != 0 || !x86_intr_saved)
		return;
	if (__builtin_expect(x86_need_resched, 0) && x86_intr_nesting == 0)
		x86_preempt();
	intr_enable();
}

#endif /* _X86_64_SPL_H_ */
