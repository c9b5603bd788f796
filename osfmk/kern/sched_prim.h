/*
 * kern/sched_prim.h - waiting for events.
 *
 * The classic Mach protocol, identical on both machines:
 *
 *	assert_wait(event, interruptible);	// declare intent, under a lock
 *	... release the lock that guards the condition ...
 *	result = thread_block();		// sleep unless already woken
 *
 * A wake-up between assert_wait and thread_block is never lost: it turns
 * the pending wait into THREAD_AWAKENED and thread_block returns at once.
 * Wait state lives in struct thread under the machine's scheduler lock.
 *
 * Hand-off, for a thread that gives something to a waiter and then waits
 * itself (an RPC's send, then its receive):
 *
 *	next = thread_handoff_claim(event, give, arg);	// under a lock
 *	...
 *	thread_sleep_mutex_handoff(my_event, lock, ..., next);	// or
 *	thread_handoff_run(next);	// if the caller does not wait
 *
 * The claimed thread's wait is over but it does not run until its claimer
 * either gives it the CPU straight away or makes it runnable.
 */
#ifndef _KERN_SCHED_PRIM_H_
#define _KERN_SCHED_PRIM_H_

#include <stdint.h>
#include <stdbool.h>
#include <kern/locks.h>

struct thread;

typedef const void *event_t;
#define NO_EVENT ((event_t)0)

typedef int wait_result_t;
#define THREAD_WAITING (-1)
#define THREAD_AWAKENED 0
#define THREAD_TIMED_OUT 1
#define THREAD_INTERRUPTED 2
#define THREAD_RESTART 3
#define THREAD_NOT_WAITING 10

typedef int wait_interrupt_t;
#define THREAD_UNINT 0
#define THREAD_INTERRUPTIBLE 1
#define THREAD_ABORTSAFE 2

void sched_init(void);
wait_result_t assert_wait(event_t event, wait_interrupt_t interruptible);
wait_result_t assert_wait_deadline(
    event_t event, wait_interrupt_t interruptible, uint64_t deadline);
wait_result_t thread_block(void);
void clear_wait(struct thread *thread, wait_result_t result);
void thread_cancel_wait(void);
uint32_t thread_wakeup_prim(event_t event, bool one, wait_result_t result);

/*
 * The list an event's waiters hang on: one bucket of a small hash.  It
 * depends on the event alone, so an object waited on in a hot path finds
 * it once (ipc_mqueue_init) and passes it to the hand-off calls below,
 * which would otherwise hash the event each time.
 */
typedef struct thread **wait_list_t;
wait_list_t wait_list_for(event_t event);

struct thread *thread_handoff_claim(wait_list_t list, event_t event,
    bool (*give)(struct thread *thread, void *arg), void *arg);
void thread_handoff_run(struct thread *thread);
wait_result_t thread_sleep_mutex_handoff(wait_list_t list, event_t event,
    lck_mtx_t *lck, wait_interrupt_t interruptible, uint64_t deadline,
    struct thread *next) HB_RELEASE(*lck);
void thread_interrupt(struct thread *thread);

#define thread_wakeup(e) ((void)thread_wakeup_prim((e), false, THREAD_AWAKENED))
#define thread_wakeup_one(e) \
	((void)thread_wakeup_prim((e), true, THREAD_AWAKENED))

#endif /* _KERN_SCHED_PRIM_H_ */
