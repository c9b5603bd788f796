/*
 * kern/locks.c - lock wrappers with WITNESS-style order and ownership
 * checks (MACH_LOCK_CHECK).  See kern/locks.h for the class order.
 */
#include <kern/locks.h>
#include <kern/thread.h>

#if MACH_LOCK_CHECK
static struct lck_thread_state *
lck_state(void)
{
	thread_t th = current_thread();

	return th == THREAD_NULL ? NULL : &th->th_locks;
}

static bool
lck_state_holds_class(const struct lck_thread_state *st, lck_class_t cls)
{
	uint32_t i;

	for (i = 0; i < st->lt_count; i++) {
		if (st->lt_held[i].lh_class == cls)
			return true;
	}
	return false;
}

/*
 * Check that taking a lock of class cls now respects the order, then
 * record it.  Two ports at once are allowed only under the multiple lock.
 */
static void
lck_note_acquire(const void *lock, lck_class_t cls, bool shared)
{
	struct lck_thread_state *st = lck_state();
	uint32_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->lt_count && cls != LCK_CLASS_NONE; i++) {
		const struct lck_held *h = &st->lt_held[i];

		if (h->lh_lock == lock)
			panic("lock %p taken recursively", lock);
		if (h->lh_class < cls || h->lh_class == LCK_CLASS_NONE)
			continue;
		if (cls == LCK_CLASS_PORT && h->lh_class == LCK_CLASS_PORT &&
		    lck_state_holds_class(st, LCK_CLASS_PORT_MULTIPLE))
			continue;
		panic("lock order violation: class %d lock %p taken while "
		      "holding class %d lock %p",
		    cls, lock, h->lh_class, h->lh_lock);
	}
	if (st->lt_count == LCK_HELD_MAX)
		panic("too many locks held (%u)", st->lt_count);
	st->lt_held[st->lt_count++] = (struct lck_held){
	    .lh_lock = lock, .lh_class = (uint8_t)cls, .lh_shared = shared};
}

/*
 * Record a lock taken by a try-lock: no order check, since a try never
 * waits and may go against the order.
 */
static void
lck_note_try_acquired(const void *lock, lck_class_t cls)
{
	struct lck_thread_state *st = lck_state();

	if (st != NULL && st->lt_count < LCK_HELD_MAX) {
		st->lt_held[st->lt_count++] = (struct lck_held){
		    .lh_lock = lock, .lh_class = (uint8_t)cls};
	}
}

static void
lck_note_release(const void *lock)
{
	struct lck_thread_state *st = lck_state();
	uint32_t i;

	if (st == NULL)
		return;
	for (i = st->lt_count; i-- > 0;) {
		if (st->lt_held[i].lh_lock == lock) {
			st->lt_held[i] = st->lt_held[--st->lt_count];
			return;
		}
	}
	panic("releasing lock %p that is not held", lock);
}

static bool
lck_state_holds(const void *lock, bool need_exclusive)
{
	struct lck_thread_state *st = lck_state();
	uint32_t i;

	if (st == NULL)
		return true;
	for (i = 0; i < st->lt_count; i++) {
		if (st->lt_held[i].lh_lock == lock)
			return !need_exclusive || !st->lt_held[i].lh_shared;
	}
	return false;
}
#else
#define lck_note_acquire(lock, cls, shared) ((void)0)
#define lck_note_release(lock) ((void)0)
#define lck_state_holds(lock, excl) (true)
#endif

/*
 * Routine:	lck_mtx_init
 * Purpose:
 *	Initialise a mutex of the given order class.
 * Conditions:
 *	The lock is not in use.
 * Returns:
 *	Nothing.
 */
void
lck_mtx_init(lck_mtx_t *lck, lck_class_t cls)
{
	md_lock_init(&lck->lm_lock);
	lck->lm_owner = THREAD_NULL;
	lck->lm_class = (uint8_t)cls;
}

/*
 * Routine:	lck_mtx_destroy
 * Purpose:
 *	Release the machine resources of a mutex.
 * Conditions:
 *	The lock is not held.
 * Returns:
 *	Nothing.
 */
void
lck_mtx_destroy(lck_mtx_t *lck)
{
	md_lock_destroy(&lck->lm_lock);
}

#if MACH_LOCK_CHECK
/*
 * Routine:	lck_mtx_lock
 * Purpose:
 *	Acquire a mutex, checking the lock order first.
 * Conditions:
 *	The caller holds no lock of an equal or inner class (see locks.h).
 * Returns:
 *	With the lock held.
 */
void
lck_mtx_lock(lck_mtx_t *lck) HB_NO_TSA
{
	lck_note_acquire(lck, (lck_class_t)lck->lm_class, false);
	md_lock_lock(&lck->lm_lock);
	lck->lm_owner = current_thread();
}
#endif

/*
 * Routine:	lck_mtx_try_lock
 * Purpose:
 *	Acquire a mutex if it is free.  Never waits, so it may be used
 *	against the lock order (the caller backs off on failure).
 * Conditions:
 *	Any.
 * Returns:
 *	true with the lock held, or false.
 */
bool
lck_mtx_try_lock(lck_mtx_t *lck) HB_NO_TSA
{
	if (!md_lock_try(&lck->lm_lock))
		return false;
#if MACH_LOCK_CHECK
	lck->lm_owner = current_thread();
	lck_note_try_acquired(lck, (lck_class_t)lck->lm_class);
#endif
	return true;
}

#if MACH_LOCK_CHECK
/*
 * Routine:	lck_mtx_unlock
 * Purpose:
 *	Release a mutex.
 * Conditions:
 *	The lock is held by the caller.
 * Returns:
 *	With the lock released.
 */
void
lck_mtx_unlock(lck_mtx_t *lck) HB_NO_TSA
{
	if (lck->lm_owner != current_thread())
		panic("mutex %p released by a thread that does not own it",
		    (void *)lck);
	lck->lm_owner = THREAD_NULL;
	lck_note_release(lck);
	md_lock_unlock(&lck->lm_lock);
}
#endif

/*
 * Routine:	lck_mtx_held
 * Purpose:
 *	Does the current thread hold this mutex?  Always true without
 *	MACH_LOCK_CHECK (for use in assertions only).
 * Conditions:
 *	Any.
 * Returns:
 *	true or false.
 */
bool
lck_mtx_held(const lck_mtx_t *lck)
{
	return lck_state_holds(lck, true);
}

/*
 * Routine:	lck_rw_try_lock_exclusive
 * Purpose:
 *	Acquire a reader/writer lock for writing if it is free.  Never
 *	waits, so it may be used against the lock order (the caller backs
 *	off on failure).
 * Conditions:
 *	Any.
 * Returns:
 *	true with the lock write-held, or false.
 */
bool
lck_rw_try_lock_exclusive(lck_rw_t *lck) HB_NO_TSA
{
	if (!md_rwlock_try_write(&lck->lr_lock))
		return false;
#if MACH_LOCK_CHECK
	lck->lr_writer = current_thread();
	lck_note_try_acquired(lck, (lck_class_t)lck->lr_class);
#endif
	return true;
}

/*
 * Routine:	lck_rw_init
 * Purpose:
 *	Initialise a reader/writer lock of the given order class.
 * Conditions:
 *	The lock is not in use.
 * Returns:
 *	Nothing.
 */
void
lck_rw_init(lck_rw_t *lck, lck_class_t cls)
{
	md_rwlock_init(&lck->lr_lock);
	lck->lr_writer = THREAD_NULL;
	lck->lr_readers = 0;
	lck->lr_class = (uint8_t)cls;
}

/*
 * Routine:	lck_rw_destroy
 * Purpose:
 *	Release the machine resources of a reader/writer lock.
 * Conditions:
 *	The lock is not held.
 * Returns:
 *	Nothing.
 */
void
lck_rw_destroy(lck_rw_t *lck)
{
	md_rwlock_destroy(&lck->lr_lock);
}

#if MACH_LOCK_CHECK
/*
 * Routine:	lck_rw_lock_shared
 * Purpose:
 *	Acquire a reader/writer lock for reading.
 * Conditions:
 *	As lck_mtx_lock.
 * Returns:
 *	With the lock read-held.
 */
void
lck_rw_lock_shared(lck_rw_t *lck) HB_NO_TSA
{
	lck_note_acquire(lck, (lck_class_t)lck->lr_class, true);
	md_rwlock_read(&lck->lr_lock);
}

/*
 * Routine:	lck_rw_lock_exclusive
 * Purpose:
 *	Acquire a reader/writer lock for writing.
 * Conditions:
 *	As lck_mtx_lock.
 * Returns:
 *	With the lock write-held.
 */
void
lck_rw_lock_exclusive(lck_rw_t *lck) HB_NO_TSA
{
	lck_note_acquire(lck, (lck_class_t)lck->lr_class, false);
	md_rwlock_write(&lck->lr_lock);
	lck->lr_writer = current_thread();
}

/*
 * Routine:	lck_rw_unlock_shared
 * Purpose:
 *	Release a read hold.
 * Conditions:
 *	The lock is read-held by the caller.
 * Returns:
 *	With the hold released.
 */
void
lck_rw_unlock_shared(lck_rw_t *lck) HB_NO_TSA
{
	lck_note_release(lck);
	md_rwlock_unlock(&lck->lr_lock);
}

/*
 * Routine:	lck_rw_unlock_exclusive
 * Purpose:
 *	Release a write hold.
 * Conditions:
 *	The lock is write-held by the caller.
 * Returns:
 *	With the lock released.
 */
void
lck_rw_unlock_exclusive(lck_rw_t *lck) HB_NO_TSA
{
	if (lck->lr_writer != current_thread())
		panic("rwlock %p write-released by a non-owner", (void *)lck);
	lck->lr_writer = THREAD_NULL;
	lck_note_release(lck);
	md_rwlock_unlock(&lck->lr_lock);
}
#endif

/*
 * Routine:	lck_rw_held_exclusive
 * Purpose:
 *	Does the current thread hold this lock for writing?  Always true
 *	without MACH_LOCK_CHECK (for assertions only).
 * Conditions:
 *	Any.
 * Returns:
 *	true or false.
 */
bool
lck_rw_held_exclusive(const lck_rw_t *lck)
{
	return lck_state_holds(lck, true);
}

/*
 * Routine:	lck_rw_held
 * Purpose:
 *	Does the current thread hold this lock in either mode?
 * Conditions:
 *	Any.
 * Returns:
 *	true or false (always true without MACH_LOCK_CHECK).
 */
bool
lck_rw_held(const lck_rw_t *lck)
{
	return lck_state_holds(lck, false);
}

/*
 * Routine:	lck_held_count
 * Purpose:
 *	Count the checked locks the current thread holds; used to assert
 *	"nothing locked" before a notification is sent.
 * Conditions:
 *	Any.
 * Returns:
 *	The count (0 without MACH_LOCK_CHECK).
 */
uint32_t
lck_held_count(void)
{
#if MACH_LOCK_CHECK
	struct lck_thread_state *st = lck_state();

	return st == NULL ? 0 : st->lt_count;
#else
	return 0;
#endif
}
