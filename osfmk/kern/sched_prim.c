/*
 * kern/sched_prim.c - assert_wait / thread_block / thread_wakeup.
 *
 * Waiting threads hang off a small hash of events.  Everything here runs
 * under the machine's scheduler lock (md_sched_lock), which is a leaf:
 * callers may hold any IPC lock when they call thread_wakeup or
 * assert_wait, but must release their IPC locks before thread_block.
 */
#include <kern/sched_prim.h>
#include <kern/thread.h>
#include <kern/md.h>
#include <kern/debug.h>
#include <kern/locks.h>

#define WAITQ_BUCKETS 128

/*
 * The wait result of a thread claimed by thread_handoff_claim: its wait is
 * over (no wake-up, time-out or interrupt finds it any more), but it sleeps
 * on until its claimer runs it, which makes the result THREAD_AWAKENED.
 * So the claimer may still fill in what it hands over after the claim.
 */
#define THREAD_HANDED (-2)

static struct thread *waitq_heads[WAITQ_BUCKETS];

static struct thread **
waitq_bucket(event_t event)
{
	uintptr_t h = (uintptr_t)event;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ull;
	return &waitq_heads[(h >> 40) % WAITQ_BUCKETS];
}

/*
 * Routine:	wait_list_for
 * Purpose:
 *	The wait list of event, for the calls that take it precomputed.
 * Conditions:
 *	Any.
 * Returns:
 *	The list; the same for the same event, always.
 */
wait_list_t
wait_list_for(event_t event)
{
	return waitq_bucket(event);
}

/* Unlink the thread *pp points at from its wait list.  Scheduler lock held. */
static void
waitq_unlink_locked(struct thread **pp)
{
	struct thread *th = *pp;

	*pp = th->th_wait_next;
	th->th_wait_next = THREAD_NULL;
	th->th_wait_event = NO_EVENT;
}

/*
 * The link, from pp on, that points at the first thread waiting for
 * event (it points at THREAD_NULL if none).  Scheduler lock held.
 */
static struct thread **
waitq_find_locked(struct thread **pp, event_t event)
{
	while (*pp != THREAD_NULL && (*pp)->th_wait_event != event)
		pp = &(*pp)->th_wait_next;
	return pp;
}

/* Remove a thread from its event's wait list.  Scheduler lock held. */
static void
waitq_remove_locked(struct thread *th)
{
	struct thread **pp = waitq_bucket(th->th_wait_event);

	while (*pp != THREAD_NULL && *pp != th)
		pp = &(*pp)->th_wait_next;
	if (*pp == th)
		waitq_unlink_locked(pp);
}

/* End the wait of the thread *pp points at with result; make it runnable. */
static void
wait_finish_at_locked(struct thread **pp, wait_result_t result)
{
	struct thread *th = *pp;

	waitq_unlink_locked(pp);
	th->th_wait_result = result;
	md_thread_wake(th);
}

/* Finish a thread's wait with result and make it runnable. */
static void
wait_finish_locked(struct thread *th, wait_result_t result)
{
	waitq_remove_locked(th);
	th->th_wait_result = result;
	md_thread_wake(th);
}

/*
 * Sleep until the current thread's declared wait is over (or its deadline
 * passes), and consume the result.  Scheduler lock held.
 */
static wait_result_t
thread_block_locked(struct thread *th)
{
	wait_result_t result;

	while ((result = th->th_wait_result) == THREAD_WAITING ||
	    result == THREAD_HANDED) {
		if (result == THREAD_WAITING && th->th_wait_deadline != 0 &&
		    md_absolute_time() >= th->th_wait_deadline) {
			wait_finish_locked(th, THREAD_TIMED_OUT);
			break;
		}
		md_thread_sleep(
		    th, result == THREAD_WAITING ? th->th_wait_deadline : 0);
	}
	result = th->th_wait_result;
	th->th_wait_result = THREAD_NOT_WAITING;
	return result;
}

/*
 * Declare th's wait for event, whose wait list is head (assert_wait_deadline's
 * work), or fail it at once if an interrupt is pending.  Scheduler lock
 * held.
 */
static wait_result_t
wait_declare_locked(struct thread *th, wait_list_t head, event_t event,
    wait_interrupt_t interruptible, uint64_t deadline)
{
	assert(event != NO_EVENT && head == waitq_bucket(event));
	if (interruptible != THREAD_UNINT && th->th_interrupt_pending) {
		th->th_wait_result = THREAD_INTERRUPTED;
		return THREAD_INTERRUPTED;
	}
	th->th_wait_event = event;
	th->th_wait_next = *head;
	*head = th;
	th->th_wait_result = THREAD_WAITING;
	th->th_wait_deadline = deadline;
	th->th_interruptible = interruptible;
	return THREAD_WAITING;
}

/*
 * Routine:	sched_init
 * Purpose:
 *	Nothing to set up beyond static storage; kept as the boot hook.
 * Conditions:
 *	Boot.
 * Returns:
 *	Nothing.
 */
void
sched_init(void)
{
}

/*
 * Routine:	assert_wait_deadline
 * Purpose:
 *	Declare that the current thread is about to wait for event, until
 *	the absolute deadline (0 = forever).
 * Conditions:
 *	Any locks may be held; they must be released before thread_block.
 *	An interrupt already pending for the thread (task termination) makes
 *	an interruptible wait fail at once.
 * Returns:
 *	THREAD_WAITING, or THREAD_INTERRUPTED.
 */
wait_result_t
assert_wait_deadline(
    event_t event, wait_interrupt_t interruptible, uint64_t deadline)
{
	wait_result_t result;

	md_sched_lock();
	result = wait_declare_locked(current_thread(), waitq_bucket(event),
	    event, interruptible, deadline);
	md_sched_unlock();
	return result;
}

/*
 * Routine:	assert_wait
 * Purpose:
 *	assert_wait_deadline with no deadline.
 * Conditions:
 *	As assert_wait_deadline.
 * Returns:
 *	As assert_wait_deadline.
 */
wait_result_t
assert_wait(event_t event, wait_interrupt_t interruptible)
{
	return assert_wait_deadline(event, interruptible, 0);
}

/*
 * Routine:	thread_block
 * Purpose:
 *	Sleep until the wait declared by assert_wait is satisfied.
 * Conditions:
 *	No IPC lock held (checked with MACH_LOCK_CHECK).
 * Returns:
 *	THREAD_AWAKENED, THREAD_TIMED_OUT, THREAD_INTERRUPTED or
 *	THREAD_RESTART; THREAD_NOT_WAITING if no wait was declared.
 */
wait_result_t
thread_block(void)
{
	struct thread *th = current_thread();
	wait_result_t result;

	lck_assert_none_held();
	md_sched_lock();
	result = thread_block_locked(th);
	md_sched_unlock();
	return result;
}

/*
 * Routine:	thread_sleep_mutex_handoff
 * Purpose:
 *	assert_wait_deadline, lck_mtx_unlock(lck), thread_block, under one
 *	hold of the scheduler lock: the wait is declared before the lock
 *	that guards its condition is released.  The CPU goes straight to
 *	next when there is one (md_thread_handoff); if the wait is already
 *	over, next is made runnable and the caller goes on.
 * Conditions:
 *	lck is the only lock the caller holds; it is released.  next is a
 *	thread claimed with thread_handoff_claim, or THREAD_NULL.  list is
 *	wait_list_for(event).
 * Returns:
 *	As thread_block.
 *
 * Always inline: its one caller is the fast receive's wait, on every RPC.
 */
__attribute__((always_inline)) inline wait_result_t
thread_sleep_mutex_handoff(wait_list_t list, event_t event, lck_mtx_t *lck,
    wait_interrupt_t interruptible, uint64_t deadline,
    struct thread *next) HB_NO_TSA
{
	struct thread *th = current_thread();
	wait_result_t result;

	md_sched_lock();
	(void)wait_declare_locked(th, list, event, interruptible, deadline);
	lck_mtx_unlock(lck); /* never blocks: fine under the scheduler lock */
	lck_assert_none_held();
	if (next != THREAD_NULL) {
		next->th_wait_result = THREAD_AWAKENED;
		if (th->th_wait_result == THREAD_WAITING)
			md_thread_handoff(th, next, deadline);
		else
			md_thread_wake(next);
	}
	result = thread_block_locked(th);
	md_sched_unlock();
	return result;
}

/*
 * Routine:	clear_wait
 * Purpose:
 *	End a thread's pending or current wait with the given result (used
 *	by a thread that found its condition true after assert_wait, and to
 *	wake a specific thread).
 * Conditions:
 *	Any locks may be held.
 * Returns:
 *	Nothing.
 */
void
clear_wait(struct thread *th, wait_result_t result)
{
	md_sched_lock();
	if (th->th_wait_result == THREAD_WAITING)
		wait_finish_locked(th, result);
	md_sched_unlock();
}

/*
 * Routine:	thread_cancel_wait
 * Purpose:
 *	The current thread declared a wait (assert_wait) but found its
 *	condition true before blocking: withdraw the wait.
 * Conditions:
 *	Any locks may be held.
 * Returns:
 *	Nothing.
 */
void
thread_cancel_wait(void)
{
	struct thread *th = current_thread();

	md_sched_lock();
	if (th->th_wait_result == THREAD_WAITING)
		waitq_remove_locked(th);
	th->th_wait_result = THREAD_NOT_WAITING;
	md_sched_unlock();
}

/*
 * Routine:	thread_wakeup_prim
 * Purpose:
 *	Wake the threads waiting for event (only the first one if one).
 * Conditions:
 *	Any locks may be held.
 * Returns:
 *	The number of threads woken.
 */
uint32_t
thread_wakeup_prim(event_t event, bool one, wait_result_t result)
{
	struct thread **pp = waitq_bucket(event);
	uint32_t woken = 0;

	md_sched_lock();
	while (*(pp = waitq_find_locked(pp, event)) != THREAD_NULL) {
		wait_finish_at_locked(pp, result); /* *pp is the next one now */
		woken++;
		if (one)
			break;
	}
	md_sched_unlock();
	return woken;
}

/*
 * Routine:	thread_handoff_claim
 * Purpose:
 *	Hand something (a message) to the first thread waiting for event,
 *	if give(thread, arg) accepts it: its wait is over, and it finds what
 *	it was given when its thread_block returns THREAD_AWAKENED.  The
 *	thread does not run until the caller either gives it the CPU
 *	(thread_sleep_mutex_handoff) or makes it runnable
 *	(thread_handoff_run), which the caller must do soon; until then the
 *	caller may go on filling in the thread's fields.
 * Conditions:
 *	Any locks may be held.  list is wait_list_for(event).  give runs
 *	under the scheduler lock; it may only look at and fill in the
 *	thread's fields.  No wake-up, time-out or interrupt finds the
 *	claimed thread.
 * Returns:
 *	The thread, or THREAD_NULL if none waits or give declined.
 */
struct thread *
thread_handoff_claim(wait_list_t list, event_t event,
    bool (*give)(struct thread *thread, void *arg), void *arg)
{
	struct thread **pp, *th;

	assert(list == waitq_bucket(event));
	md_sched_lock();
	pp = waitq_find_locked(list, event);
	th = *pp;
	if (th != THREAD_NULL && give(th, arg)) {
		waitq_unlink_locked(pp);
		th->th_wait_result = THREAD_HANDED;
	} else {
		th = THREAD_NULL;
	}
	md_sched_unlock();
	return th;
}

/*
 * Routine:	thread_handoff_run
 * Purpose:
 *	Make a thread claimed by thread_handoff_claim runnable, when the
 *	caller does not block after all.
 * Conditions:
 *	Any locks may be held.  th may be THREAD_NULL (nothing to do).
 * Returns:
 *	Nothing.
 */
void
thread_handoff_run(struct thread *th)
{
	if (th == THREAD_NULL)
		return;
	md_sched_lock();
	th->th_wait_result = THREAD_AWAKENED;
	md_thread_wake(th);
	md_sched_unlock();
}

/*
 * Routine:	thread_interrupt
 * Purpose:
 *	Mark a thread interrupted (its task is terminating) and end an
 *	interruptible wait with THREAD_INTERRUPTED.  Later interruptible
 *	waits fail at once.
 * Conditions:
 *	Any locks may be held.
 * Returns:
 *	Nothing.
 */
void
thread_interrupt(struct thread *th)
{
	md_sched_lock();
	th->th_interrupt_pending = true;
	if (th->th_wait_result == THREAD_WAITING &&
	    th->th_interruptible != THREAD_UNINT)
		wait_finish_locked(th, THREAD_INTERRUPTED);
	md_sched_unlock();
}
