/*
 * x86_64/standalone.c - weak stand-ins for what the kernel provides, so
 * that the machine boots, loads user programs and serves a few traps on
 * its own (the boot smoke test), before and without osfmk/kern and bsd.
 *
 * Every definition here is weak: the kernel's own thread_md_state,
 * x86_kernel_main, harbor_syscall, mach_msg_trap_entry and
 * kern_user_fault replace them at link time (they belong together:
 * provide all five).  The string functions are libkern's, linked into
 * the machine-only image too.
 *
 * Stand-in traps: BSD exit (1), write (4, console only), getpid (20),
 * bsdthread_create (360: func, arg, stack; a thread of the calling task
 * starting at func(arg)) and bsdthread_terminate (361); Mach
 * mach_reply_port, thread_self_trap, task_self_trap and host_self_trap
 * return fixed names, swtch_pri and swtch yield the CPU, other Mach
 * traps return KERN_INVALID_ARGUMENT.  A task's
 * extra threads must terminate before it exits.
 *
 * The stand-in bootstrap runs "init" (default /sbin/init) and every
 * program of "tests=a,b,c" as separate single-threaded tasks, waits for
 * all of them, prints the KTAP end marker and halts: status 0 if every
 * task exited 0, 1 otherwise.
 */
#include <x86_64/machine.h>
#include <x86_64/md_x86.h>
#include <vm/vm_map.h>
#include <x86_64/standalone.h>

#define WEAK __attribute__((weak))

#define SA_MAX_TASKS 16
#define SA_PATH_MAX 64


struct sa_task {
	struct thread sat_thread;
	struct vm_map *sat_map;
	char sat_path[SA_PATH_MAX];
	int sat_id;
	int sat_status;
	bool sat_done;
};

static struct sa_task sa_tasks[SA_MAX_TASKS];
static int sa_ntasks, sa_running;
static struct thread sa_boot_thread;
static volatile uint64_t *volatile sa_bad_pointer = (uint64_t *)8;

/*
 * Routine:	thread_md_state (stand-in)
 * Purpose:	The machine state inside a stand-in thread object.
 * Conditions:	Any.
 * Returns:	Its address.
 */
WEAK md_thread_state_t *
thread_md_state(struct thread *thread)
{
	return &thread->th_machine;
}

static struct sa_task *
sa_current(void)
{
	struct thread *th = md_current_thread();

	return th != NULL ? th->th_task : NULL;
}

static _Noreturn void
sa_task_exit(int status)
{
	struct sa_task *t = sa_current();

	if (t == NULL)
		x86_panic("standalone: exit outside a task");
	md_thread_set_map(&t->sat_thread, NULL);
	vm_map_release(t->sat_map);
	md_sched_lock();
	t->sat_status = status;
	t->sat_done = true;
	sa_running--;
	md_thread_wake(&sa_boot_thread);
	md_sched_unlock();
	md_thread_terminate();
}

/*
 * Routine:	kern_user_fault (stand-in)
 * Purpose:	A task faulted: end it with status 128 + vector.
 * Conditions:	On the faulting thread, interrupts on, nothing held.
 * Returns:	Never.
 */
WEAK void
kern_user_fault(struct thread *thread, int vector, uint64_t code, uint64_t addr)
{
	sa_task_exit(128 + vector);
}

static __attribute__((noinline)) uint64_t
sa_write(uint64_t fd, uint64_t buf, uint64_t len)
{
	char kbuf[128];
	uint64_t done = 0, n;

	if (fd != 1 && fd != 2)
		return (uint64_t)-9; /* EBADF */
	while (done < len) {
		n = len - done < sizeof(kbuf) ? len - done : sizeof(kbuf);
		if (md_copyin(buf + done, kbuf, n) != 0)
			return (uint64_t)-14; /* EFAULT */
		md_console_write(kbuf, n);
		done += n;
	}
	return len;
}

/*
 * Routine:	kern_thread_ast (stand-in)
 * Purpose:	Nothing to do: the stand-in never marks threads.
 * Conditions:	On the way back to user mode, interrupts on.
 * Returns:	Nothing.
 */
WEAK void
kern_thread_ast(struct thread *thread)
{
}

struct sa_thread_start {
	struct thread *th;
	uint64_t pc, sp, arg;
};

/*
 * Routine:	mach_msg_trap_entry (stand-in)
 * Purpose:	mach_msg_trap, which the syscall entry calls straight: as
 *		any other Mach trap here.
 * Conditions:	As harbor_syscall.
 * Returns:	As harbor_syscall.
 */
WEAK uint64_t
mach_msg_trap_entry(const uint64_t *args)
{
	return harbor_syscall(X86_MACH_MSG_TRAP, args);
}

static void
sa_thread_main(void *arg)
{
	struct sa_thread_start *st = arg;
	struct md_x86_thread_state64 s = {
	    .rip = st->pc, .rsp = st->sp, .rdi = st->arg};
	struct thread *th = st->th;

	md_kmem_free(st, sizeof(*st));
	md_thread_set_map(th, th->th_task->sat_map);
	if (md_thread_set_state(th, MD_X86_THREAD_STATE64, (uint32_t *)&s,
		MD_X86_THREAD_STATE64_COUNT) != 0)
		x86_panic("standalone: bad thread state");
	md_thread_enter_user_state();
}

/* bsdthread_create(func, arg, stack), simplified: a thread in this task. */
static uint64_t
sa_thread_create(uint64_t pc, uint64_t arg, uint64_t sp)
{
	struct thread *th = md_kmem_alloc(sizeof(*th));
	struct sa_thread_start *st = md_kmem_alloc(sizeof(*st));

	if (th == NULL || st == NULL) {
		md_kmem_free(th, sizeof(*th));
		md_kmem_free(st, sizeof(*st));
		return (uint64_t)-12; /* ENOMEM */
	}
	th->th_task = sa_current();
	st->th = th;
	st->pc = pc;
	st->sp = sp;
	st->arg = arg;
	if (md_thread_start(th, sa_thread_main, st) != 0) {
		md_kmem_free(th, sizeof(*th));
		md_kmem_free(st, sizeof(*st));
		return (uint64_t)-12;
	}
	return 0;
}

/* bsdthread_terminate: end a thread made by sa_thread_create. */
static _Noreturn void
sa_thread_terminate(void)
{
	struct thread *th = md_current_thread();

	md_thread_set_map(th, NULL);
	md_set_current_thread(NULL);
	md_kmem_free(th, sizeof(*th));
	md_thread_terminate();
}

static __attribute__((noinline)) uint64_t
sa_unix(uint64_t num, const uint64_t *args)
{
	switch (num) {
	case 360: /* bsdthread_create */
		return sa_thread_create(args[0], args[1], args[2]);
	case 361: /* bsdthread_terminate */
		sa_thread_terminate();
	case 1: /* exit */
		sa_task_exit((int)args[0]);
	case 4: /* write */
		return sa_write(args[0], args[1], args[2]);
	case 20: /* getpid */
		return (uint64_t)sa_current()->sat_id;
	default:
		return (uint64_t)-78; /* ENOSYS */
	}
}

static uint64_t
sa_mach(uint64_t num)
{
	switch (num) {
	case 26: /* mach_reply_port */
		return 0x1103;
	case 27: /* thread_self_trap */
		return 0x1203;
	case 28: /* task_self_trap */
		return 0x1303;
	case 29: /* host_self_trap */
		return 0x1403;
	case 59: /* swtch_pri */
	case 60: /* swtch */
		md_thread_yield();
		return 0;
	default:
		return 4; /* KERN_INVALID_ARGUMENT */
	}
}

/*
 * Routine:	harbor_syscall (stand-in)
 * Purpose:	The few Mach and BSD traps listed at the top of this file.
 * Conditions:	On the trapping thread, interrupts on, nothing held.
 * Returns:	The trap's result; BSD errors as -errno.
 */
WEAK uint64_t
harbor_syscall(uint64_t number, const uint64_t args[9])
{
	uint64_t cls = number >> SYSCALL_CLASS_SHIFT;
	uint64_t num = number & ((1UL << SYSCALL_CLASS_SHIFT) - 1);

	if (cls == SYSCALL_CLASS_MACH)
		return sa_mach(num);
	if (cls == SYSCALL_CLASS_UNIX)
		return sa_unix(num, args);
	return (uint64_t)-78;
}

static void
sa_task_main(void *arg)
{
	struct sa_task *t = arg;
	const char *argv[2] = {t->sat_path, NULL};
	const char *envp[2] = {"HARBOR_STANDALONE=1", NULL};
	uint64_t pc, sp;
	int err;

	t->sat_map = vm_map_create();
	if (t->sat_map == NULL)
		sa_task_exit(127);
	md_thread_set_map(&t->sat_thread, t->sat_map);
	err = md_exec_load(t->sat_map, t->sat_path, argv, envp, &pc, &sp);
	if (err != 0) {
		x86_printf(
		    "harbor: cannot load %s: error %d\n", t->sat_path, err);
		sa_task_exit(127);
	}
	md_thread_enter_user(pc, sp, 0, 0);
}

static void
sa_spawn(const char *path, size_t len)
{
	struct sa_task *t;
	size_t i;

	if (sa_ntasks >= SA_MAX_TASKS || len == 0 || len >= SA_PATH_MAX)
		return;
	t = &sa_tasks[sa_ntasks++];
	for (i = 0; i < len; i++)
		t->sat_path[i] = path[i];
	t->sat_id = sa_ntasks;
	t->sat_thread.th_task = t;
	md_sched_lock();
	sa_running++;
	md_sched_unlock();
	if (md_thread_start(&t->sat_thread, sa_task_main, t) != 0) {
		x86_printf("harbor: no memory for %s\n", t->sat_path);
		t->sat_done = true;
		t->sat_status = 127;
		md_sched_lock();
		sa_running--;
		md_sched_unlock();
	}
}

static void
sa_spawn_list(const char *list)
{
	const char *p = list;
	size_t n;

	while (*p != '\0') {
		for (n = 0; p[n] != '\0' && p[n] != ','; n++)
			continue;
		sa_spawn(p, n);
		p += n;
		if (*p == ',')
			p++;
	}
}

static int
sa_report(uint64_t pages_before, uint64_t kmem_before, uint64_t slab_before)
{
	int i, bad = 0;
	uint64_t slab = x86_kmem_slab_pages() - slab_before;

	for (i = 0; i < sa_ntasks; i++) {
		x86_printf("harbor: task %d %s exited with status %d\n",
		    sa_tasks[i].sat_id, sa_tasks[i].sat_path,
		    sa_tasks[i].sat_status);
		bad += sa_tasks[i].sat_status != 0;
	}
	x86_printf("harbor: pages leaked %ld, kernel bytes leaked %ld\n",
	    (long)(pages_before - x86_pages_free() - slab),
	    (long)(x86_kmem_in_use() - kmem_before));
	return bad;
}

/* Deep recursion, 1 KiB a frame: a kernel stack overflow. */
static volatile uint64_t sa_recurse_limit = ~0UL;

static __attribute__((noinline)) uint64_t
sa_recurse(uint64_t n)
{
	volatile uint64_t frame[128];

	frame[0] = n;
	frame[127] = n < sa_recurse_limit ? sa_recurse(n + 1) : 0;
	return frame[0] + frame[127];
}

/*
 * Routine:	x86_kernel_main (stand-in)
 * Purpose:	Run init and the tests= programs as tasks (and, on request,
 *		the machine self-test and benchmark), wait for all of them,
 *		print the KTAP end marker and halt.
 * Conditions:	On the boot thread, interrupts on, nothing held.
 * Returns:	Never.
 */
WEAK void
x86_kernel_main(void)
{
	char init[SA_PATH_MAX], tests[512];
	uint64_t pages, kmem, slab;
	size_t n;

	md_set_current_thread(&sa_boot_thread);
	if (x86_boot_arg("-mdtest", NULL, 0))
		x86_md_selftest(&sa_boot_thread);
	if (x86_boot_arg("-mdbench", NULL, 0))
		x86_md_bench(&sa_boot_thread);
	if (x86_boot_arg("-mddeadlock", NULL, 0)) {
		md_sched_lock(); /* wait for nothing, with no deadline */
		md_thread_sleep(&sa_boot_thread, 0);
		md_sched_unlock();
	}
	if (x86_boot_arg("-kstackoverflow", NULL, 0))
		(void)sa_recurse(1);
	if (x86_boot_arg("-kfault", NULL, 0))
		*sa_bad_pointer = 0; /* a kernel fault, on purpose */
	if (!x86_boot_arg("init", init, sizeof(init)) || init[0] == '\0')
		__builtin_memcpy(init, "/sbin/init", 11);
	x86_printf("harbor: standalone machine bootstrap, init %s\n", init);
	pages = x86_pages_free();
	kmem = x86_kmem_in_use();
	slab = x86_kmem_slab_pages();
	for (n = 0; init[n] != '\0'; n++)
		continue;
	sa_spawn(init, n);
	if (x86_boot_arg("tests", tests, sizeof(tests)))
		sa_spawn_list(tests);
	md_sched_lock();
	while (sa_running > 0)
		md_thread_sleep(&sa_boot_thread, 0);
	md_sched_unlock();
	n = (size_t)sa_report(pages, kmem, slab);
	x86_printf("# harbor-ktap-end\n");
	md_halt(n == 0 ? 0 : 1);
}
