/*
 * kern/md.h - the machine-dependent interface ("the seam").
 *
 * Everything above this interface (osfmk/ipc, osfmk/kern, bsd) is the same
 * code on both machines.  Everything below it is implemented twice:
 *
 *	osfmk/hosted/	inside one Linux process: pthreads, condition
 *			variables, malloc (so ASan/TSan/valgrind see it all)
 *	osfmk/x86_64/	the real machine: page tables, context switch,
 *			the local APIC timer, the serial console
 *
 *	+--------------------------------------------------------------+
 *	|  ipc_*  mach_port_*  mach_msg  task/thread  zalloc  bsd       |
 *	+--------------------------- md_* -----------------------------+
 *	|  memory | locks | sleep/wake | current thread | copyin | time |
 *	+------------------+-------------------------------------------+
 *	|  osfmk/hosted    |  osfmk/x86_64                              |
 *	+------------------+-------------------------------------------+
 *
 * The interface is deliberately small.  Each machine provides
 * <hosted/md_types.h> or <x86_64/md_types.h> with the concrete types
 * md_lock_t, md_rwlock_t and md_thread_state_t; this header picks one.
 */
#ifndef _KERN_MD_H_
#define _KERN_MD_H_

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#if HARBOR_HOSTED
#include <hosted/md_types.h>
#else
#include <x86_64/md_types.h>
#endif

struct thread;

/*
 * Memory.  md_kmem_alloc returns zero-filled, 16-byte aligned memory or
 * NULL; it never blocks.  md_kmem_free takes the size that was asked for.
 * zalloc and kalloc are built on these two and keep the counters.
 */
void *md_kmem_alloc(size_t size);
void md_kmem_free(void *addr, size_t size);

/*
 * Locks.  md_lock_t is a mutual-exclusion lock held for short, non-blocking
 * critical sections (no md_thread_sleep while holding one, except the
 * scheduler lock handed to md_thread_sleep itself).  md_rwlock_t is a
 * reader/writer lock.  Ownership and order checking is not done here but
 * in kern/locks.c, identically on both machines.
 */
void md_lock_init(md_lock_t *lock);
void md_lock_destroy(md_lock_t *lock);
bool md_lock_try(md_lock_t *lock);
bool md_rwlock_try_write(md_rwlock_t *lock);
void md_rwlock_init(md_rwlock_t *lock);
void md_rwlock_destroy(md_rwlock_t *lock);
#if MD_INLINE
#include <x86_64/md_inline.h> /* the machine defines these inline */
#else
void md_lock_lock(md_lock_t *lock);
void md_lock_unlock(md_lock_t *lock);
void md_rwlock_read(md_rwlock_t *lock);
void md_rwlock_write(md_rwlock_t *lock);
void md_rwlock_unlock(md_rwlock_t *lock);
#endif

/*
 * Sleep and wake-up.  The generic wait machinery (kern/sched_prim.c) keeps
 * the wait state of every thread under one scheduler lock, which the
 * machine provides:
 *
 *	md_sched_lock / md_sched_unlock
 *		The scheduler lock.  Leaf: nothing else is taken under it.
 *	md_thread_sleep(thread, deadline)
 *		Called with the scheduler lock held by the current thread
 *		(== thread).  Gives up the CPU until md_thread_wake(thread) is
 *		called or the absolute deadline (md_absolute_time() units,
 *		0 = none) passes, then returns with the scheduler lock held
 *		again.  May return spuriously; the caller rechecks its state.
 *	md_thread_wake(thread)
 *		Called with the scheduler lock held.  Makes a sleeping thread
 *		runnable.  Harmless on a thread that is not asleep.
 *	md_thread_handoff(thread, next, deadline)
 *		md_thread_sleep, but first give the CPU to next, a thread
 *		whose sleep is over and which md_thread_wake has not made
 *		runnable: straight to it where the machine can (a direct
 *		switch, no run queue), else by waking it.
 */
#if !MD_INLINE /* x86_64/md_inline.h has them inline */
void md_sched_lock(void);
void md_sched_unlock(void);
#endif
void md_thread_sleep(struct thread *thread, uint64_t deadline);
void md_thread_wake(struct thread *thread);
void md_thread_handoff(
    struct thread *thread, struct thread *next, uint64_t deadline);

/*
 * Threads.  md_thread_start runs continuation(arg) on a new machine thread
 * bound to the kernel thread object; current_thread() returns the object
 * bound to the running machine thread.  md_thread_terminate ends the
 * calling machine thread after its thread object has been torn down.
 */
typedef void (*md_thread_continue_t)(void *arg);
int md_thread_start(
    struct thread *thread, md_thread_continue_t continuation, void *arg);
#if !MD_INLINE
struct thread *md_current_thread(void);
#endif
void md_set_current_thread(struct thread *thread);
_Noreturn void md_thread_terminate(void);

/*
 * Starting a program: run the program at path (hosted: the program's own
 * main, the only image there is) with argv as the first, already created,
 * thread of its task.  Returns 0 or an errno.  argv is copied by the
 * machine before md_user_start returns.
 */
int md_user_start(
    struct thread *thread, const char *path, int argc, char *const argv[]);

/*
 * Another thread of a running task, in user mode at pc with stack sp and
 * the argument in the first argument register (bsdthread_create).
 * Returns 0 or an errno (the hosted machine starts user threads itself
 * and returns ENOTSUP).
 */
int md_user_thread_start(
    struct thread *thread, uint64_t pc, uint64_t sp, uint64_t arg);

/*
 * Asynchronous events: md_thread_ast_set marks a thread so that, before it
 * next returns to user mode, the machine calls the kernel's
 * kern_thread_ast(thread) (which ends threads of a terminated task).
 * Any thread may mark any thread; the check costs nothing until then.
 */
void md_thread_ast_set(struct thread *thread);
void kern_thread_ast(struct thread *thread);

/*
 * Time: a monotonic clock in nanoseconds.  Under qemu -icount shift=0 the
 * x86_64 clock counts guest instructions.
 */
uint64_t md_absolute_time(void);

/*
 * User memory.  Both return 0 or EFAULT-like nonzero when any byte of
 * [uaddr, uaddr + len) is not accessible user memory of the current task.
 * They never fault the kernel.
 */
#if !MD_INLINE /* x86_64/md_inline.h has them inline */
int md_copyin(uint64_t uaddr, void *kaddr, size_t len);
int md_copyout(const void *kaddr, uint64_t uaddr, size_t len);
#endif

/*
 * User address space of the current task: allocate zero-filled,
 * page-aligned memory anywhere (out-of-line message data delivered to a
 * receiver, vm_allocate), and release a range.  Both return 0 or nonzero
 * (no space / not mapped).
 */
int md_vm_allocate(uint64_t *uaddrp, uint64_t size);
int md_vm_deallocate(uint64_t uaddr, uint64_t size);

/*
 * Console and the end of the world.
 */
void md_console_write(const char *buf, size_t len);
_Noreturn void md_halt(int status);

#endif /* _KERN_MD_H_ */
