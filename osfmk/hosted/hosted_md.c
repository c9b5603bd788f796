/*
 * hosted/hosted_md.c - the machine-dependent seam (kern/md.h) on Linux.
 *
 * Memory is malloc (so ASan and valgrind see every kernel allocation),
 * locks are pthread locks (so TSan understands them), sleeping is a
 * condition variable per thread under one scheduler mutex, and user memory
 * is the process's own memory, read and written with process_vm_readv /
 * process_vm_writev so that a bad user pointer is an error, not a crash.
 */
#include <kern/md.h>
#include <kern/thread.h>
#include <kern/debug.h>
#include <hosted/hosted.h>
#include <kern/syscall_sw.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t sched_mutex = PTHREAD_MUTEX_INITIALIZER;
static __thread struct thread *hosted_current;
static int hosted_vm_ok = -1; /* process_vm_readv usable? */

/*
 * Routine:	md_kmem_alloc
 * Purpose:
 *	Zero-filled kernel memory (malloc, so the sanitizers see it).
 * Conditions:
 *	Any; never blocks.
 * Returns:
 *	The memory, or NULL.
 */
void *
md_kmem_alloc(size_t size)
{
	return calloc(1, size);
}

/*
 * Routine:	md_kmem_free
 * Purpose:
 *	Free memory from md_kmem_alloc.
 * Conditions:
 *	Any.
 * Returns:
 *	Nothing.
 */
void
md_kmem_free(void *addr, size_t size)
{
	(void)size;
	free(addr);
}

/*
 * Routine:	md_lock_init
 * Purpose:
 *	Initialise a machine mutex (a pthread mutex).
 * Conditions:
 *	The lock is not in use.
 * Returns:
 *	Nothing.
 */
void
md_lock_init(md_lock_t *lock)
{
	pthread_mutex_init(&lock->m, NULL);
}

/*
 * Routine:	md_lock_destroy
 * Purpose:
 *	Release a machine mutex.
 * Conditions:
 *	The lock is not held.
 * Returns:
 *	Nothing.
 */
void
md_lock_destroy(md_lock_t *lock)
{
	pthread_mutex_destroy(&lock->m);
}

/*
 * Routine:	md_lock_lock
 * Purpose:
 *	Acquire a machine mutex.
 * Conditions:
 *	Order and ownership are checked above, in kern/locks.c.
 * Returns:
 *	With the lock held.
 */
void
md_lock_lock(md_lock_t *lock)
{
	pthread_mutex_lock(&lock->m);
}

/*
 * Routine:	md_lock_try
 * Purpose:
 *	Acquire a machine mutex if free.
 * Conditions:
 *	Any.
 * Returns:
 *	true with the lock held, or false.
 */
bool
md_lock_try(md_lock_t *lock)
{
	return pthread_mutex_trylock(&lock->m) == 0;
}

/*
 * Routine:	md_lock_unlock
 * Purpose:
 *	Release a machine mutex.
 * Conditions:
 *	Held by the caller.
 * Returns:
 *	Nothing.
 */
void
md_lock_unlock(md_lock_t *lock)
{
	pthread_mutex_unlock(&lock->m);
}

/*
 * Routine:	md_rwlock_init
 * Purpose:
 *	Initialise a reader/writer lock (a pthread rwlock).
 * Conditions:
 *	Not in use.
 * Returns:
 *	Nothing.
 */
void
md_rwlock_init(md_rwlock_t *lock)
{
	pthread_rwlock_init(&lock->rw, NULL);
}

/*
 * Routine:	md_rwlock_destroy
 * Purpose:
 *	Release a reader/writer lock.
 * Conditions:
 *	Not held.
 * Returns:
 *	Nothing.
 */
void
md_rwlock_destroy(md_rwlock_t *lock)
{
	pthread_rwlock_destroy(&lock->rw);
}

/*
 * Routine:	md_rwlock_read
 * Purpose:
 *	Take a reader/writer lock for reading.
 * Conditions:
 *	As md_lock_lock.
 * Returns:
 *	With the lock read-held.
 */
void
md_rwlock_read(md_rwlock_t *lock)
{
	pthread_rwlock_rdlock(&lock->rw);
}

/*
 * Routine:	md_rwlock_write
 * Purpose:
 *	Take a reader/writer lock for writing.
 * Conditions:
 *	As md_lock_lock.
 * Returns:
 *	With the lock write-held.
 */
void
md_rwlock_write(md_rwlock_t *lock)
{
	pthread_rwlock_wrlock(&lock->rw);
}

/*
 * Routine:	md_rwlock_try_write
 * Purpose:
 *	Take a reader/writer lock for writing if it is free.
 * Conditions:
 *	Any.
 * Returns:
 *	true with the lock write-held, or false.
 */
bool
md_rwlock_try_write(md_rwlock_t *lock)
{
	return pthread_rwlock_trywrlock(&lock->rw) == 0;
}

/*
 * Routine:	md_rwlock_unlock
 * Purpose:
 *	Release a read or write hold.
 * Conditions:
 *	Held by the caller.
 * Returns:
 *	Nothing.
 */
void
md_rwlock_unlock(md_rwlock_t *lock)
{
	pthread_rwlock_unlock(&lock->rw);
}

/*
 * Routine:	md_sched_lock
 * Purpose:
 *	Take the scheduler lock (one mutex for every wait).
 * Conditions:
 *	Leaf: nothing is taken under it.
 * Returns:
 *	With the lock held.
 */
void
md_sched_lock(void)
{
	pthread_mutex_lock(&sched_mutex);
}

/*
 * Routine:	md_sched_unlock
 * Purpose:
 *	Release the scheduler lock.
 * Conditions:
 *	Held by the caller.
 * Returns:
 *	Nothing.
 */
void
md_sched_unlock(void)
{
	pthread_mutex_unlock(&sched_mutex);
}

/*
 * Routine:	md_thread_sleep
 * Purpose:
 *	Wait on the thread's condition variable until woken or the deadline.
 * Conditions:
 *	The scheduler lock is held (it is the condition's mutex); thread
 *	is the current thread.
 * Returns:
 *	With the scheduler lock held, possibly spuriously.
 */
void
md_thread_sleep(struct thread *thread, uint64_t deadline)
{
	struct timespec ts;

	if (deadline == 0) {
		pthread_cond_wait(&thread->th_md.cv, &sched_mutex);
		return;
	}
	ts.tv_sec = (time_t)(deadline / 1000000000ull);
	ts.tv_nsec = (long)(deadline % 1000000000ull);
	pthread_cond_timedwait(&thread->th_md.cv, &sched_mutex, &ts);
}

/*
 * Routine:	md_thread_wake
 * Purpose:
 *	Signal a thread's condition variable.
 * Conditions:
 *	The scheduler lock is held.
 * Returns:
 *	Nothing.
 */
void
md_thread_wake(struct thread *thread)
{
	pthread_cond_signal(&thread->th_md.cv);
}

/*
 * Routine:	md_thread_handoff
 * Purpose:
 *	Wake next, then sleep as md_thread_sleep: host threads have no
 *	direct switch.
 * Conditions:
 *	As md_thread_sleep; next's sleep is over.
 * Returns:
 *	As md_thread_sleep.
 */
void
md_thread_handoff(struct thread *thread, struct thread *next, uint64_t deadline)
{
	md_thread_wake(next);
	md_thread_sleep(thread, deadline);
}

static void *
hosted_thread_trampoline(void *arg)
{
	struct thread *th = arg;

	hosted_current = th;
	th->th_md.cont(th->th_md.arg);
	return NULL;
}

static void
hosted_thread_cv_init(struct thread *thread)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&thread->th_md.cv, &attr);
	pthread_condattr_destroy(&attr);
}

/*
 * Routine:	md_thread_start
 * Purpose:
 *	Start a joinable pthread bound to a kernel thread object.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	0, or a pthread_create error.
 */
int
md_thread_start(
    struct thread *thread, md_thread_continue_t continuation, void *arg)
{
	pthread_attr_t attr;
	int err;

	hosted_thread_cv_init(thread);
	thread->th_md.cont = continuation;
	thread->th_md.arg = arg;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 1024 * 1024);
	err = pthread_create(
	    &thread->th_md.pt, &attr, hosted_thread_trampoline, thread);
	pthread_attr_destroy(&attr);
	return err; /* joinable: user threads are joined by pthread_join */
}

/*
 * Routine:	md_current_thread
 * Purpose:
 *	The kernel thread bound to the calling pthread.
 * Conditions:
 *	Any.
 * Returns:
 *	The thread, or NULL for an unbound pthread.
 */
struct thread *
md_current_thread(void)
{
	return hosted_current;
}

/*
 * Routine:	md_set_current_thread
 * Purpose:
 *	Bind the calling pthread to a kernel thread object (the boot thread
 *	binds itself this way; md_thread_start binds new ones).
 * Conditions:
 *	Called once per pthread, before it enters the kernel.
 * Returns:
 *	Nothing.
 */
void
md_set_current_thread(struct thread *thread)
{
	if (thread != NULL)
		hosted_thread_cv_init(thread);
	hosted_current = thread;
}

/*
 * Routine:	md_thread_terminate
 * Purpose:
 *	End the calling pthread after its thread object is gone.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Never.
 */
void
md_thread_terminate(void)
{
	hosted_thread_cleanup();
	hosted_current = NULL;
	pthread_exit(NULL);
}

/*
 * Routine:	md_absolute_time
 * Purpose:
 *	CLOCK_MONOTONIC in nanoseconds.
 * Conditions:
 *	Any.
 * Returns:
 *	The time.
 */
uint64_t
md_absolute_time(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Addresses no user object can live at: the null page and beyond the
 * canonical user half. */
static bool
hosted_user_range_ok(uint64_t uaddr, size_t len)
{
	if (uaddr < 4096 || uaddr + len < uaddr)
		return false;
	return uaddr + len <= 0x0000800000000000ull;
}

static int
hosted_vm_copy(bool out, uint64_t uaddr, void *kaddr, size_t len)
{
	struct iovec local = {.iov_base = kaddr, .iov_len = len};
	struct iovec remote = {
	    .iov_base = (void *)(uintptr_t)uaddr, .iov_len = len};
	ssize_t n;

	if (hosted_vm_ok == 0) {
		if (out)
			memcpy((void *)(uintptr_t)uaddr, kaddr, len);
		else
			memcpy(kaddr, (const void *)(uintptr_t)uaddr, len);
		return 0;
	}
	n = out ? process_vm_writev(getpid(), &local, 1, &remote, 1, 0)
		: process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	if (n == (ssize_t)len)
		return 0;
	if (n < 0 && (errno == ENOSYS || errno == EPERM) && hosted_vm_ok < 0) {
		hosted_vm_ok = 0;
		return hosted_vm_copy(out, uaddr, kaddr, len);
	}
	return EFAULT;
}

/*
 * Routine:	md_copyin
 * Purpose:
 *	Copy from the current task's memory; a bad address is an error.
 * Conditions:
 *	Nothing locked required; never faults.
 * Returns:
 *	0, or EFAULT.
 */
int
md_copyin(uint64_t uaddr, void *kaddr, size_t len)
{
	if (len == 0)
		return 0;
	if (!hosted_user_range_ok(uaddr, len))
		return EFAULT;
	return hosted_vm_copy(false, uaddr, kaddr, len);
}

/*
 * Routine:	md_copyout
 * Purpose:
 *	Copy to the current task's memory; a bad address is an error.
 * Conditions:
 *	As md_copyin.
 * Returns:
 *	0, or EFAULT.
 */
int
md_copyout(const void *kaddr, uint64_t uaddr, size_t len)
{
	if (len == 0)
		return 0;
	if (!hosted_user_range_ok(uaddr, len))
		return EFAULT;
	return hosted_vm_copy(true, uaddr, (void *)(uintptr_t)kaddr, len);
}

/*
 * Routine:	md_console_write
 * Purpose:
 *	Write to the console (stdout).
 * Conditions:
 *	Any.
 * Returns:
 *	Nothing.
 */
void
md_console_write(const char *buf, size_t len)
{
	fwrite(buf, 1, len, stdout);
	fflush(stdout);
}

/*
 * Routine:	md_halt
 * Purpose:
 *	End the machine (the process) with a status.
 * Conditions:
 *	Any.
 * Returns:
 *	Never.
 */
void
md_halt(int status)
{
	fflush(stdout);
	_exit(status);
}

/*
 * User memory on the hosted machine is the process's own: anonymous
 * mappings stand in for a task's vm_allocate.
 */
/*
 * Routine:	md_vm_allocate
 * Purpose:
 *	Zero-filled anonymous memory for the current task.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	0, or ENOMEM.
 */
int
md_vm_allocate(uint64_t *uaddrp, uint64_t size)
{
	void *p;

	if (size == 0) {
		*uaddrp = 0;
		return 0;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return ENOMEM;
	*uaddrp = (uint64_t)(uintptr_t)p;
	return 0;
}

/*
 * Routine:	md_vm_deallocate
 * Purpose:
 *	Unmap a range of the current task's memory.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	0, or EINVAL.
 */
int
md_vm_deallocate(uint64_t uaddr, uint64_t size)
{
	if (size == 0)
		return 0;
	if ((uaddr & 4095) != 0 || !hosted_user_range_ok(uaddr, size))
		return EINVAL;
	return munmap((void *)(uintptr_t)uaddr, size) == 0 ? 0 : EINVAL;
}

/*
 * Routine:	md_thread_ast_set
 * Purpose:
 *	Mark a thread for kern_thread_ast before its next return to user mode.
 * Conditions:
 *	Any.
 * Returns:
 *	Nothing.
 */
void
md_thread_ast_set(struct thread *thread)
{
	__atomic_store_n(&thread->th_md.ast, true, __ATOMIC_RELEASE);
}

/*
 * Routine:	md_user_thread_start
 * Purpose:
 *	Not used on the hosted machine (user threads are pthreads started
 *	by hosted_thread_create).
 * Conditions:
 *	Any.
 * Returns:
 *	ENOTSUP.
 */
int
md_user_thread_start(
    struct thread *thread, uint64_t pc, uint64_t sp, uint64_t arg)
{
	(void)thread;
	(void)pc;
	(void)sp;
	(void)arg;
	return 45; /* ENOTSUP: hosted user threads are pthreads */
}

/*
 * Routine:	hosted_syscall
 * Purpose:
 *	The hosted machine's trap: the kernel's dispatcher, then what a
 *	return to user mode does (a pending AST).
 * Conditions:
 *	Called by libsyscall on a user thread.
 * Returns:
 *	The call's result.
 */
uint64_t
hosted_syscall(uint64_t number, const uint64_t args[SYSCALL_MAX_ARGS])
{
	uint64_t result = harbor_syscall(number, args);
	struct thread *th = md_current_thread();

	if (__atomic_exchange_n(&th->th_md.ast, false, __ATOMIC_ACQ_REL))
		kern_thread_ast(th);
	return result;
}
