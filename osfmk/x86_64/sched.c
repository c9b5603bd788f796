/*
 * x86_64/sched.c - machine threads, a preemptive priority scheduler and
 * the sleep/wake-up primitives of kern/md.h.
 *
 * Every machine thread has a 16 KiB kernel stack; a user thread is a
 * machine thread that entered user mode and comes back on the same stack.
 * State changes happen with interrupts off (the scheduler lock).
 *
 *	           md_thread_start          x86_thread_block picks it
 *	 (new) ------------------> RUNNABLE ------------------------> RUNNING
 *	                              ^   <------ preempted --------    |  |
 *	                              |                                 |  |
 *	                md_thread_wake / deadline    md_thread_sleep    |  |
 *	                              +------------- WAITING <----------+  |
 *	                                                                   |
 *	                 freed by the next thread  <--- DEAD <-------------+
 *	                                              md_thread_terminate
 *
 * Run queues: one FIFO per priority (0..127, higher first) and a bitmap
 * of non-empty queues.  The idle thread is in no queue; it runs when all
 * are empty.  A thread runs until it sleeps, its quantum (10 ticks) ends
 * while another thread of equal or higher priority is runnable, or a
 * higher-priority thread becomes runnable.  Preemption happens only where
 * no lock is held: on the way out of an interrupt that arrived with
 * interrupts enabled, and at the release of the last lock.
 */
#include <x86_64/machine.h>
#include <x86_64/md_x86.h>
#include <x86_64/tss.h>
#include <vm/pmap.h>
#include <vm/vm_map.h>

struct x86_thread *x86_cur;             /* the running machine thread */
struct thread *x86_cur_owner;           /* its xt_owner (md_inline.h) */
bool x86_cur_user;                      /* it has a user map (md_inline.h) */
volatile union x86_pending x86_pending; /* see machine.h */
int x86_intr_nesting;                   /* interrupt handlers active */

static struct x86_thread *runq_head[X86_NPRI], *runq_tail[X86_NPRI];
static uint64_t runq_bits[X86_NPRI / 64];
_Static_assert(X86_NPRI / 64 == 2, "md_thread_handoff tests both words");
static struct x86_thread *timerq; /* sleeping with deadlines, sorted */
static struct x86_thread *idle_thread;
static struct x86_thread *all_threads; /* every machine thread but idle */
static uint64_t idle_ticks;            /* consecutive ticks with no hope */
static bool deadlock_halt = true;
static struct x86_thread *dead_thread; /* waiting to be freed */
static uint32_t next_thread_id;

static void
runq_enqueue(struct x86_thread *xt)
{
	int pri = xt->xt_pri;

	xt->xt_next = NULL;
	if (runq_tail[pri] != NULL)
		runq_tail[pri]->xt_next = xt;
	else
		runq_head[pri] = xt;
	runq_tail[pri] = xt;
	runq_bits[pri / 64] |= 1UL << (pri % 64);
}

static int
runq_highest(void)
{
	int i;

	for (i = X86_NPRI / 64 - 1; i >= 0; i--) {
		if (runq_bits[i] != 0)
			return i * 64 + 63 - __builtin_clzl(runq_bits[i]);
	}
	return -1;
}

static struct x86_thread *
runq_dequeue(void)
{
	int pri = runq_highest();
	struct x86_thread *xt;

	if (pri < 0)
		return NULL;
	xt = runq_head[pri];
	runq_head[pri] = xt->xt_next;
	if (runq_head[pri] == NULL) {
		runq_tail[pri] = NULL;
		runq_bits[pri / 64] &= ~(1UL << (pri % 64));
	}
	xt->xt_next = NULL;
	return xt;
}

static void
timerq_insert(struct x86_thread *xt)
{
	struct x86_thread *prev = NULL, *cur = timerq;

	while (cur != NULL && cur->xt_deadline <= xt->xt_deadline) {
		prev = cur;
		cur = cur->xt_next;
	}
	xt->xt_prev = prev;
	xt->xt_next = cur;
	if (cur != NULL)
		cur->xt_prev = xt;
	if (prev != NULL)
		prev->xt_next = xt;
	else
		timerq = xt;
	xt->xt_on_timerq = true;
}

static void
timerq_remove(struct x86_thread *xt)
{
	if (!xt->xt_on_timerq)
		return;
	if (xt->xt_prev != NULL)
		xt->xt_prev->xt_next = xt->xt_next;
	else
		timerq = xt->xt_next;
	if (xt->xt_next != NULL)
		xt->xt_next->xt_prev = xt->xt_prev;
	xt->xt_next = xt->xt_prev = NULL;
	xt->xt_on_timerq = false;
}

/*
 * Routine:	x86_thread_setrun
 * Purpose:	Make a thread runnable; ask for a preemption when it is
 *		more important than the running one.
 * Conditions:	Interrupts off.  The thread is neither running nor queued.
 * Returns:	Nothing.
 */
void
x86_thread_setrun(struct x86_thread *xt)
{
	xt->xt_run = XT_RUNNABLE;
	runq_enqueue(xt);
	if (xt->xt_pri > x86_cur->xt_pri)
		x86_need_resched = true;
}

static void
fxsave(void *area)
{
	__asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

static void
fxrstor(const void *area)
{
	__asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

#define KSTACK_CANARY 0x4b53544b43414e59UL /* at the bottom of each stack */

/*
 * The guard page below each stack (kstack.c) catches an overflow; the
 * canary also catches a frame that jumped over the guard page, checked at
 * every switch in the configurations with MACH_ASSERT.
 */
static void
check_stack(struct x86_thread *xt)
{
#if MACH_ASSERT
	if (xt->xt_kstack != NULL &&
	    *(const uint64_t *)xt->xt_kstack != KSTACK_CANARY)
		x86_panic("kernel stack overflow in thread %u", xt->xt_id);
#else
	(void)xt;
#endif
}

/*
 * Park the running thread's stack in *old_ksp and resume the thread parked
 * on new_ksp.  A parked stack holds two words: the frame pointer and the
 * address to resume at (x86_thread_create lays out the same for a new
 * thread, resuming at x86_thread_trampoline).  Every other register is
 * declared clobbered, so the compiler keeps across the switch only what
 * it has live here -- in practice already saved by the caller's prologue
 * -- instead of six pushes and pops on every switch.
 */
static inline __attribute__((always_inline)) void
x86_switch_stack(uint64_t *old_ksp, uint64_t new_ksp)
{
	__asm__ volatile("leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "pushq %%rbp\n\t"
			 "movq %%rsp, (%0)\n\t"
			 "movq %1, %%rsp\n\t"
			 "popq %%rbp\n\t"
			 "ret\n"
			 "1:"
			 : "+D"(old_ksp), "+S"(new_ksp)
			 :
			 : "rax", "rbx", "rcx", "rdx", "r8", "r9", "r10", "r11",
			 "r12", "r13", "r14", "r15", "cc", "memory");
}

/* Load what the new thread needs from the CPU, then switch stacks. */
static void
switch_to(struct x86_thread *old, struct x86_thread *new)
{
	check_stack(old);
	old->xt_intr_depth = x86_intr_depth;
	old->xt_ast = x86_pending.ast;
	x86_pending.ast = new->xt_ast;
	if (old->xt_pmap != NULL)
		fxsave(old->xt_fpu);
	x86_cur = new;
	x86_cur_owner = new->xt_owner;
	x86_cur_user = new->xt_pmap != NULL;
	new->xt_run = XT_RUNNING;
	new->xt_quantum = X86_QUANTUM;
	x86_tss.rsp0 = new->xt_kstack_top;
	x86_syscall_kstack = new->xt_kstack_top;
	if (new->xt_pmap != NULL) {
		pmap_activate(new->xt_pmap);
		fxrstor(new->xt_fpu);
		if (new->xt_fsbase != old->xt_fsbase || old->xt_pmap == NULL)
			wrmsr(MSR_FS_BASE, new->xt_fsbase);
	}
	x86_switch_stack(&old->xt_ksp, new->xt_ksp);
	/* Running as "old" again, switched back in by someone. */
	x86_intr_depth = x86_cur->xt_intr_depth;
}

static void
all_threads_remove(struct x86_thread *xt)
{
	struct x86_thread **pp;

	for (pp = &all_threads; *pp != NULL; pp = &(*pp)->xt_all_next) {
		if (*pp == xt) {
			*pp = xt->xt_all_next;
			return;
		}
	}
}

static void
reap_dead(void)
{
	struct x86_thread *xt = dead_thread;

	if (xt == NULL || xt == x86_cur)
		return;
	dead_thread = NULL;
	all_threads_remove(xt);
	if (xt->xt_kstack != NULL)
		x86_kstack_free(xt->xt_kstack);
	md_kmem_free(xt, sizeof(*xt));
}

/* Run new (not queued) instead of the caller; interrupts off. */
static void
x86_thread_switch(struct x86_thread *new)
{
	struct x86_thread *old = x86_cur;

	x86_need_resched = false;
	if (new == old) {
		old->xt_run = XT_RUNNING;
		return;
	}
	switch_to(old, new);
	if (dead_thread != NULL)
		reap_dead();
}

/*
 * Routine:	x86_thread_block
 * Purpose:	Give the CPU to the best runnable thread (the idle thread if
 *		there is none).  The caller has already put itself where it
 *		belongs: in a run queue, asleep, or dead.
 * Conditions:	Interrupts off.
 * Returns:	When the calling thread is chosen again.
 */
void
x86_thread_block(void)
{
	struct x86_thread *new = runq_dequeue();

	x86_thread_switch(new != NULL ? new : idle_thread);
}

/*
 * Routine:	x86_preempt
 * Purpose:	Put the running thread at the tail of its run queue and run
 *		the best thread.
 * Conditions:	Interrupts off, counted once (x86_intr_depth 1: one
 *		x86_splhigh or the trap being handled), no lock held.
 * Returns:	When the calling thread runs again.
 */
void
x86_preempt(void)
{
	if (!x86_cur->xt_idle) {
		x86_cur->xt_run = XT_RUNNABLE;
		runq_enqueue(x86_cur);
	}
	x86_thread_block();
}

static const char *const run_names[] = {
    "running", "runnable", "waiting", "dead"};

/*
 * Every thread waits without a deadline and nothing else can wake one
 * (the only interrupt is the timer): report the threads and stop the
 * machine, so that a hung test fails at once instead of at its timeout.
 */
static void
deadlock_check(void)
{
	struct x86_thread *xt;

	if (x86_cur != idle_thread || timerq != NULL || runq_highest() >= 0) {
		idle_ticks = 0;
		return;
	}
	if (++idle_ticks < X86_HZ || !deadlock_halt)
		return;
	x86_printf("\nharbor: deadlock: every thread waits and none has a "
		   "deadline\n");
	for (xt = all_threads; xt != NULL; xt = xt->xt_all_next)
		x86_printf("  thread %u (%p): %s\n", xt->xt_id,
		    (void *)xt->xt_owner, run_names[xt->xt_run]);
	md_halt(4);
}

/*
 * Routine:	x86_sched_tick
 * Purpose:	Timer interrupt work: wake the sleepers whose deadline has
 *		passed and account the running thread's quantum.
 * Conditions:	Interrupt context, interrupts off.
 * Returns:	Nothing; may request a preemption.
 */
void
x86_sched_tick(uint64_t now)
{
	struct x86_thread *xt;
	int best;

	while ((xt = timerq) != NULL && xt->xt_deadline <= now) {
		timerq_remove(xt);
		xt->xt_deadline = 0;
		x86_thread_setrun(xt);
	}
	deadlock_check();
	if (--x86_cur->xt_quantum > 0)
		return;
	x86_cur->xt_quantum = X86_QUANTUM;
	best = runq_highest();
	if (best >= 0 && best >= x86_cur->xt_pri)
		x86_need_resched = true;
}

/*
 * Routine:	x86_thread_bootstrap
 * Purpose:	First code of every new thread (from x86_thread_trampoline):
 *		free the previous dead thread, enable interrupts, run the
 *		continuation, and terminate if it returns.
 * Conditions:	Interrupts off, on the new thread's stack.
 * Returns:	Never.
 */
void
x86_thread_bootstrap(void)
{
	struct x86_thread *xt = x86_cur;

	reap_dead();
	x86_intr_depth = 0;
	intr_enable();
	xt->xt_cont(xt->xt_cont_arg);
	md_thread_terminate();
}

/*
 * Routine:	x86_thread_create
 * Purpose:	Allocate a machine thread whose first run calls cont(arg).
 *		It is not runnable yet.
 * Conditions:	Nothing held.
 * Returns:	The thread, or NULL when memory is short.
 */
struct x86_thread *
x86_thread_create(md_thread_continue_t cont, void *arg, int pri)
{
	struct x86_thread *xt = md_kmem_alloc(sizeof(*xt));
	uint64_t *sp;

	if (xt == NULL)
		return NULL;
	xt->xt_kstack = x86_kstack_alloc();
	if (xt->xt_kstack == NULL) {
		md_kmem_free(xt, sizeof(*xt));
		return NULL;
	}
	xt->xt_kstack_top = (uint64_t)xt->xt_kstack + X86_KSTACK_SIZE;
	*(uint64_t *)xt->xt_kstack = KSTACK_CANARY;
	/*
	 * The top of the stack is the user frame (filled by a syscall, an
	 * interrupt, or md_thread_set_state before the thread first runs);
	 * the kernel stack proper starts below it, with a parked frame
	 * (x86_switch_stack): the resume address, the trampoline, and a
	 * null frame pointer.
	 */
	sp = (uint64_t *)(xt->xt_kstack_top - sizeof(struct x86_saved_state) -
	    16);
	*--sp = (uint64_t)x86_thread_trampoline;
	*--sp = 0;
	xt->xt_ksp = (uint64_t)sp;
	xt->xt_cont = cont;
	xt->xt_cont_arg = arg;
	xt->xt_pri = pri;
	xt->xt_quantum = X86_QUANTUM;
	xt->xt_id = ++next_thread_id;
	x86_splhigh();
	xt->xt_all_next = all_threads;
	all_threads = xt;
	x86_splx();
	__builtin_memcpy(xt->xt_fpu, x86_fpu_template, sizeof(xt->xt_fpu));
	return xt;
}

static void
idle_loop(void *arg)
{
	for (;;)
		__asm__ volatile("sti; hlt" : : : "memory");
}

/*
 * Routine:	x86_sched_init
 * Purpose:	Turn the boot context into machine thread 0 and create the
 *		idle thread.
 * Conditions:	Boot, interrupts off, memory allocator ready.
 * Returns:	Nothing.
 */
void
x86_sched_init(void)
{
	static struct x86_thread boot_thread;
	extern char boot_stack_top[];

	boot_thread.xt_kstack_top = (uint64_t)boot_stack_top;
	boot_thread.xt_pri = X86_PRI_DEFAULT;
	boot_thread.xt_run = XT_RUNNING;
	boot_thread.xt_quantum = X86_QUANTUM;
	x86_cur = &boot_thread;
	all_threads = &boot_thread;
	deadlock_halt = !x86_boot_arg("-nodeadlockhalt", NULL, 0);
	idle_thread = x86_thread_create(idle_loop, NULL, 0);
	if (idle_thread == NULL)
		x86_panic("x86_sched_init: no idle thread");
	all_threads_remove(idle_thread);
	idle_thread->xt_pri = X86_PRI_IDLE;
	idle_thread->xt_idle = true;
}

/*
 * Routine:	x86_sched_boot_stack
 * Purpose:	Record the guarded stack the boot thread moves to.
 * Conditions:	Boot, interrupts off, on the boot thread.
 * Returns:	Nothing.
 */
void
x86_sched_boot_stack(void *stack)
{
	x86_cur->xt_kstack = stack;
	x86_cur->xt_kstack_top = (uint64_t)stack + X86_KSTACK_SIZE;
	*(uint64_t *)stack = KSTACK_CANARY;
	x86_tss.rsp0 = x86_cur->xt_kstack_top;
	x86_syscall_kstack = x86_cur->xt_kstack_top;
}

/*
 * Routine:	x86_thread_of
 * Purpose:	The machine thread bound to a kernel thread object.
 * Conditions:	Any.
 * Returns:	The machine thread, or NULL for an unbound object.
 */
struct x86_thread *
x86_thread_of(struct thread *thread)
{
	if (thread == NULL)
		return NULL;
	return thread_md_state(thread)->mts_thread;
}

/*
 * Routine:	md_thread_start
 * Purpose:	Run continuation(arg) on a new machine thread bound to
 *		thread, at the default priority.
 * Conditions:	Nothing held.
 * Returns:	0, or 12 (ENOMEM) when no memory is left.
 */
int
md_thread_start(
    struct thread *thread, md_thread_continue_t continuation, void *arg)
{
	struct x86_thread *xt;

	xt = x86_thread_create(continuation, arg, X86_PRI_DEFAULT);
	if (xt == NULL)
		return 12;
	xt->xt_owner = thread;
	if (thread != NULL)
		thread_md_state(thread)->mts_thread = xt;
	x86_splhigh();
	x86_thread_setrun(xt);
	x86_splx();
	return 0;
}

/*
 * Routine:	md_set_current_thread
 * Purpose:	Bind a kernel thread object to the running machine thread
 *		(the boot thread, before it becomes a kernel thread).
 * Conditions:	Any.
 * Returns:	Nothing.
 */
void
md_set_current_thread(struct thread *thread)
{
	x86_cur->xt_owner = thread;
	x86_cur_owner = thread;
	if (thread != NULL)
		thread_md_state(thread)->mts_thread = x86_cur;
}

/* Is the running thread the only machine thread left (idle aside)? */
static bool
alone_locked(void)
{
	struct x86_thread *xt;

	reap_dead();
	for (xt = all_threads; xt != NULL; xt = xt->xt_all_next) {
		if (xt != x86_cur)
			return false;
	}
	return true;
}

/*
 * Routine:	x86_threads_settle
 * Purpose:	Let every other machine thread finish ending: the last thread
 *		of a process is seen exited before it has left
 *		md_thread_terminate, where its address space goes.  Waits at
 *		most a second of guest time, a millisecond at a time.
 * Conditions:	Thread context (a kernel thread object bound), nothing held.
 * Returns:	true if no other thread is left.
 */
bool
x86_threads_settle(void)
{
	struct thread *self = md_current_thread();
	uint64_t step = 1000000; /* 1 ms of md_absolute_time (ns) */
	uint64_t until = md_absolute_time() + 1000 * step;
	bool alone;

	md_sched_lock();
	while (!(alone = alone_locked()) && md_absolute_time() < until)
		md_thread_sleep(self, md_absolute_time() + step);
	md_sched_unlock();
	return alone;
}

/*
 * Routine:	md_thread_terminate
 * Purpose:	End the calling machine thread; the next thread to run frees
 *		its stack.
 * Conditions:	Nothing held; the thread object is already torn down.
 * Returns:	Never.
 */
void
md_thread_terminate(void)
{
	struct vm_map *map = x86_cur->xt_map;

	if (map != NULL) {
		x86_splhigh();
		x86_cur->xt_map = NULL;
		x86_cur->xt_pmap = NULL;
		x86_cur_user = false;
		pmap_kernel_activate();
		x86_splx();
		vm_map_release(map);
	}
	x86_splhigh();
	reap_dead();
	x86_cur->xt_run = XT_DEAD;
	dead_thread = x86_cur;
	x86_thread_block();
	x86_panic("md_thread_terminate: dead thread ran");
}

/*
 * Put the running thread xt to sleep until woken or its deadline (0 =
 * none), and run next (a thread in no run queue), or the best runnable
 * thread if next is NULL.  The scheduler lock is free while xt sleeps.
 */
static void
sleep_locked(struct x86_thread *xt, uint64_t deadline, struct x86_thread *next)
{
	xt->xt_run = XT_WAITING;
	xt->xt_deadline = deadline;
	if (deadline != 0)
		timerq_insert(xt);
	x86_sched_lk.ml_held = 0;
	if (next != NULL)
		x86_thread_switch(next);
	else
		x86_thread_block();
	x86_sched_lk.ml_held = 1;
}

/*
 * Routine:	md_thread_sleep
 * Purpose:	Wait until md_thread_wake(thread) or until deadline
 *		(md_absolute_time units, 0 = none).
 * Conditions:	thread is the caller; the scheduler lock is held on entry
 *		and again on return (it is free while the caller sleeps).
 * Returns:	Nothing; wake-ups may be spurious.
 */
void
md_thread_sleep(struct thread *thread, uint64_t deadline)
{
	struct x86_thread *xt = x86_cur;

	if (thread != NULL && x86_thread_of(thread) != xt)
		x86_panic("md_thread_sleep: not the current thread");
	if (deadline != 0 && deadline <= md_absolute_time())
		return;
	sleep_locked(xt, deadline, NULL);
}

/*
 * Routine:	md_thread_handoff
 * Purpose:	md_thread_sleep, switching straight to next (its sleep is
 *		over, it is in no run queue) unless a runnable thread is
 *		more important; then next is queued like any woken thread.
 * Conditions:	As md_thread_sleep.
 * Returns:	As md_thread_sleep.
 */
void
md_thread_handoff(struct thread *thread, struct thread *next, uint64_t deadline)
{
	struct x86_thread *xt = x86_cur, *nx = x86_thread_of(next);

	if (nx == NULL || nx->xt_run != XT_WAITING ||
	    ((runq_bits[0] | runq_bits[1]) != 0 &&
		runq_highest() > nx->xt_pri) ||
	    (deadline != 0 && deadline <= md_absolute_time())) {
		md_thread_wake(next);
		md_thread_sleep(thread, deadline);
		return;
	}
	timerq_remove(nx);
	nx->xt_deadline = 0;
	sleep_locked(xt, deadline, nx);
}

/*
 * Routine:	md_thread_wake
 * Purpose:	Make a sleeping thread runnable.
 * Conditions:	Scheduler lock held.
 * Returns:	Nothing; harmless if the thread is not asleep.
 */
void
md_thread_wake(struct thread *thread)
{
	struct x86_thread *xt = x86_thread_of(thread);

	if (xt == NULL || xt->xt_run != XT_WAITING)
		return;
	timerq_remove(xt);
	xt->xt_deadline = 0;
	x86_thread_setrun(xt);
}

/*
 * Routine:	md_thread_set_priority
 * Purpose:	Set a thread's scheduling priority (0..127, higher first).
 * Conditions:	Nothing held.  Takes effect the next time it is queued.
 * Returns:	Nothing.
 */
void
md_thread_set_priority(struct thread *thread, int pri)
{
	struct x86_thread *xt = x86_thread_of(thread);

	if (xt == NULL || pri < 0 || pri >= X86_NPRI)
		return;
	x86_splhigh();
	xt->xt_pri = pri;
	x86_splx();
}

/*
 * Routine:	md_thread_yield
 * Purpose:	Let other runnable threads of the same or higher priority
 *		run first.
 * Conditions:	Nothing held.
 * Returns:	When the caller runs again.
 */
void
md_thread_yield(void)
{
	x86_splhigh();
	x86_preempt();
	x86_splx();
}
