/*
 * x86_64/spl.h - interrupt masking, nested, on the one CPU.
 *
 * Holding any lock means interrupts are off (x86_64/md_inline.h): the
 * outermost x86_splhigh disables them, the last x86_splx enables them
 * again, running first a preemption that became due meanwhile.
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

/*
 * locks_md.c: nested interrupt disabling.  x86_intr_depth counts the
 * reasons the CPU runs with interrupts off: x86_splhigh calls not yet
 * undone, plus one while an exception or interrupt is handled (x86_trap),
 * and one through boot until the first thread enables interrupts.  The
 * rule that makes the inline pair cheap: the interrupt flag is set
 * exactly when x86_intr_depth is 0, so the outermost x86_splhigh need not
 * save the flag and the last x86_splx knows to set it again.  The only
 * exceptions are the few instructions of a return to user mode, which
 * take no lock.  Each thread keeps its own depth across a switch.
 */
extern int x86_intr_depth;
void x86_spl_unbalanced(void);
void x86_spl_bad_enter(void);
void x86_spl0_preempt(void);

/* Disable interrupts, nesting.  Inline: every lock goes through here. */
static inline __attribute__((always_inline)) void
x86_splhigh(void)
{
#if MACH_ASSERT
	if (x86_intr_depth == 0 && !(read_rflags() & RFLAGS_IF))
		x86_spl_bad_enter();
#endif
	intr_disable();
	x86_intr_depth++;
}

/*
 * Undo one x86_splhigh.  The last one enables interrupts, first running
 * a preemption that became due meanwhile.
 */
static inline __attribute__((always_inline)) void
x86_splx(void)
{
#if MACH_ASSERT
	if (x86_intr_depth <= 0)
		x86_spl_unbalanced();
#endif
	if (--x86_intr_depth != 0)
		return;
	if (__builtin_expect(x86_need_resched, 0))
		x86_spl0_preempt();
	intr_enable();
}

#endif /* _X86_64_SPL_H_ */
