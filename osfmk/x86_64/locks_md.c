/*
 * x86_64/locks_md.c - locks on one CPU.
 *
 * Holding any lock means interrupts are off: then neither the timer nor
 * a wake-up can take the CPU away from the holder, which is all the
 * exclusion one CPU needs.  The outermost acquisition disables them and
 * the last release enables them (x86_64/spl.h says why no flag needs
 * saving); a preemption that became due while locks were held happens
 * at that last release.
 *
 * The lock words serve the try-locks and, with MACH_ASSERT, catch misuse
 * (recursion, a lock still held by a thread that slept): on one CPU a
 * contended lock can never be released while the contender spins, so
 * contention is a panic, not a spin.
 */
#include <x86_64/machine.h>

int x86_intr_depth = 1; /* boot runs with interrupts off */

/*
 * Routine:	x86_spl_unbalanced
 * Purpose:	Report an x86_splx without its x86_splhigh.
 * Conditions:	Any.
 * Returns:	Never.
 */
void
x86_spl_unbalanced(void)
{
	x86_panic("x86_splx: unbalanced");
}

/*
 * Routine:	x86_spl_bad_enter
 * Purpose:	Report interrupts found off at depth 0 (x86_64/spl.h): some
 *		path disabled them without counting it.
 * Conditions:	Any.
 * Returns:	Never.
 */
void
x86_spl_bad_enter(void)
{
	x86_panic("x86_splhigh: interrupts off at depth 0");
}

/*
 * Routine:	x86_spl0_preempt
 * Purpose:	The last x86_splx's preemption: run the better thread that
 *		became runnable while interrupts were off.
 * Conditions:	Interrupts off, depth 0 (the last x86_splx), no lock held.
 * Returns:	When the caller runs again, still with interrupts off.
 */
void
x86_spl0_preempt(void)
{
	x86_intr_depth = 1;
	x86_preempt();
	x86_intr_depth = 0;
}

/*
 * Routine:	x86_lock_misuse
 * Purpose:	Report a lock word used wrongly (x86_64/md_inline.h).
 * Conditions:	Any.
 * Returns:	Never.
 */
void
x86_lock_misuse(const char *what, const volatile void *lock)
{
	x86_panic("%s (lock %p)", what, (const void *)lock);
}

/*
 * Routine:	md_lock_init
 * Purpose:	Make a lock free.
 * Conditions:	Nothing held.
 * Returns:	Nothing.
 */
void
md_lock_init(md_lock_t *lock)
{
	lock->ml_held = 0;
}

/*
 * Routine:	md_lock_destroy
 * Purpose:	Retire a lock.
 * Conditions:	The lock is free.
 * Returns:	Nothing.
 */
void
md_lock_destroy(md_lock_t *lock)
{
	if (lock->ml_held)
		x86_panic("md_lock_destroy: lock %p held", (void *)lock);
}

/*
 * Routine:	md_lock_try
 * Purpose:	Acquire a lock if it is free.
 * Conditions:	Any.
 * Returns:	true with the lock held, false if it was held.
 */
bool
md_lock_try(md_lock_t *lock)
{
	x86_splhigh();
	if (lock->ml_held) {
		x86_splx();
		return false;
	}
	lock->ml_held = 1;
	return true;
}

/*
 * Routine:	md_rwlock_try_write
 * Purpose:	Take a reader/writer lock for writing if it is free.
 * Conditions:	Any.
 * Returns:	true with the lock write-held, false if it was held.
 */
bool
md_rwlock_try_write(md_rwlock_t *lock)
{
	x86_splhigh();
	if (lock->mrw_state != 0) {
		x86_splx();
		return false;
	}
	lock->mrw_state = -1;
	return true;
}

/*
 * Routine:	md_rwlock_init
 * Purpose:	Make a reader/writer lock free.
 * Conditions:	Nothing held.
 * Returns:	Nothing.
 */
void
md_rwlock_init(md_rwlock_t *lock)
{
	lock->mrw_state = 0;
}

/*
 * Routine:	md_rwlock_destroy
 * Purpose:	Retire a reader/writer lock.
 * Conditions:	The lock is free.
 * Returns:	Nothing.
 */
void
md_rwlock_destroy(md_rwlock_t *lock)
{
	if (lock->mrw_state != 0)
		x86_panic("md_rwlock_destroy: lock %p held", (void *)lock);
}

md_lock_t x86_sched_lk; /* released while its holder sleeps */
