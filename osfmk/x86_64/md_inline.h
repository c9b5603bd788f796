/*
 * x86_64/md_inline.h - the parts of kern/md.h that every IPC path calls,
 * inline: the locks and the current thread (kern/md.h includes this on
 * x86_64; the hosted machine has functions instead).
 *
 * On one CPU a lock is "interrupts off" (x86_64/spl.h) plus a word that
 * the try-locks read.  Contention cannot happen -- a holder cannot be run
 * off the CPU -- so a lock that is found held is a bug: with MACH_ASSERT
 * (DEBUG, DEVELOPMENT: every test run) the word also catches that misuse
 * -- recursion, releasing a free lock, a writer meeting a reader -- and
 * panics.  RELEASE trusts the lock discipline the tests checked: a lock
 * and an unlock are then three instructions each, inline on every IPC
 * path (doc/benchmarks.md).
 */
#ifndef _X86_64_MD_INLINE_H_
#define _X86_64_MD_INLINE_H_

#include <stddef.h>
#include <x86_64/spl.h>

/* Report misuse of a lock word (out of line: the slow, fatal path). */
_Noreturn void x86_lock_misuse(const char *what, const volatile void *lock)
    __attribute__((cold));

static inline __attribute__((always_inline)) void
md_lock_lock(md_lock_t *lock)
{
	x86_splhigh();
	if (MACH_ASSERT && lock->ml_held != 0)
		x86_lock_misuse("md_lock_lock: already held", lock);
	lock->ml_held = 1;
}

static inline __attribute__((always_inline)) void
md_lock_unlock(md_lock_t *lock)
{
	if (MACH_ASSERT && lock->ml_held == 0)
		x86_lock_misuse("md_lock_unlock: not held", lock);
	lock->ml_held = 0;
	x86_splx();
}

static inline __attribute__((always_inline)) void
md_rwlock_read(md_rwlock_t *lock)
{
	x86_splhigh();
	if (MACH_ASSERT && lock->mrw_state < 0)
		x86_lock_misuse("md_rwlock_read: held exclusive", lock);
	lock->mrw_state++;
}

static inline __attribute__((always_inline)) void
md_rwlock_write(md_rwlock_t *lock)
{
	x86_splhigh();
	if (MACH_ASSERT && lock->mrw_state != 0)
		x86_lock_misuse("md_rwlock_write: held", lock);
	lock->mrw_state = -1;
}

static inline __attribute__((always_inline)) void
md_rwlock_unlock(md_rwlock_t *lock)
{
	int32_t state = lock->mrw_state;

	if (MACH_ASSERT && state == 0)
		x86_lock_misuse("md_rwlock_unlock: not held", lock);
	lock->mrw_state = state < 0 ? 0 : state - 1;
	x86_splx();
}

/*
 * The scheduler lock (kern/md.h): a machine lock like the others, so a
 * thread woken under it with a higher priority runs at the release if no
 * other lock is held.
 */
extern md_lock_t x86_sched_lk;

static inline __attribute__((always_inline)) void
md_sched_lock(void)
{
	md_lock_lock(&x86_sched_lk);
}

static inline __attribute__((always_inline)) void
md_sched_unlock(void)
{
	md_lock_unlock(&x86_sched_lk);
}

/*
 * The kernel thread bound to the running machine thread: x86_cur's
 * xt_owner, mirrored here by x86_64/sched.c whenever either changes.
 */
extern struct thread *x86_cur_owner;

static inline __attribute__((always_inline)) struct thread *
md_current_thread(void)
{
	return x86_cur_owner;
}

/*
 * User memory (md_copyin, md_copyout): 0, or EFAULT (14) if any byte is
 * outside the user half, not mapped, or (copyout) read-only -- CR0.WP makes
 * the kernel honour that; the kernel never faults.  The range check is
 * inline, the copy is x86_copy_user's (whose fault makes it return
 * X86_EFAULT).  x86_cur_user
 * says whether the running thread has a user address space: a kernel
 * thread runs on whatever page tables were loaded last, so it must not
 * touch user addresses at all.
 */
#define USER_TOP 0x00007ffffffff000UL
#define X86_EFAULT 14

extern bool x86_cur_user;
int x86_copy_user(void *dst, const void *src, size_t len);

static inline __attribute__((always_inline)) bool
x86_user_range_ok(uint64_t uaddr, size_t len)
{
	return x86_cur_user && uaddr + len >= uaddr && uaddr + len <= USER_TOP;
}

static inline __attribute__((always_inline)) int
md_copyin(uint64_t uaddr, void *kaddr, size_t len)
{
	if (len == 0)
		return 0;
	if (!x86_user_range_ok(uaddr, len))
		return X86_EFAULT;
	return x86_copy_user(kaddr, (const void *)uaddr, len);
}

static inline __attribute__((always_inline)) int
md_copyout(const void *kaddr, uint64_t uaddr, size_t len)
{
	if (len == 0)
		return 0;
	if (!x86_user_range_ok(uaddr, len))
		return X86_EFAULT;
	return x86_copy_user((void *)uaddr, kaddr, len);
}

#endif /* _X86_64_MD_INLINE_H_ */
