/*
 * x86_64/md_user.c - the machine's glue to the kernel proper: the boot
 * sequence after the machine is up, starting programs (md_user_start),
 * the current task's address space (md_vm_allocate/md_vm_deallocate), and
 * the deaths of tasks (user faults, terminated tasks).
 *
 * Linked into the real kernel only (the machine-only image uses the
 * stand-ins of standalone.c instead).  The address space of a task is a
 * vm_map owned by its threads: each machine thread holds a reference
 * (md_thread_set_map), the task's map field points to it without one, and
 * the last thread to terminate frees it.
 *
 *	x86_boot -> x86_kernel_main
 *	              kernel_bootstrap, bsd_init
 *	              boot thread object (kernel task)
 *	              task 1 = init (boot argument init=, default /sbin/init)
 *	              wait for it, reap every process, zone leak check
 *	              "# harbor-ktap-end", halt with init's status
 */
#include <kern/thread.h>
#include <kern/task.h>
#include <kern/startup.h>
#include <kern/zalloc.h>
#include <kern/debug.h>
#include <kern/syscall_sw.h>
#include <sys/proc.h>
#include <x86_64/machine.h>
#include <x86_64/md_x86.h>
#include <vm/vm_map.h>

#define INIT_ARGV_MAX 32
#define E_NOMEM 12
#define E_INVAL 22

/*
 * Routine:	thread_md_state
 * Purpose:	The machine state inside a kernel thread object.
 * Conditions:	Any.
 * Returns:	&thread->th_md.
 */
md_thread_state_t *
thread_md_state(struct thread *thread)
{
	return &thread->th_md;
}

struct user_start {
	struct vm_map *us_map;
	uint64_t us_pc, us_sp, us_arg;
};

static void
user_start_main(void *arg)
{
	struct user_start us = *(struct user_start *)arg;

	md_kmem_free(arg, sizeof(us));
	md_thread_set_map(current_thread(), us.us_map);
	vm_map_release(us.us_map); /* the thread's reference remains */
	md_thread_enter_user(us.us_pc, us.us_sp, us.us_arg, 0);
}

static int
user_thread_go(struct thread *thread, struct vm_map *map, uint64_t pc,
    uint64_t sp, uint64_t arg)
{
	struct user_start *us = md_kmem_alloc(sizeof(*us));

	if (us == NULL)
		return E_NOMEM;
	us->us_map = map;
	us->us_pc = pc;
	us->us_sp = sp;
	us->us_arg = arg;
	if (md_thread_start(thread, user_start_main, us) != 0) {
		md_kmem_free(us, sizeof(*us));
		return E_NOMEM;
	}
	return 0;
}

/*
 * Routine:	md_user_start
 * Purpose:	Make a new address space for thread's task, load the boot
 *		archive program at path into it with argv (and an empty
 *		environment), and start thread there.  Everything that can
 *		fail is done before the thread starts.
 * Conditions:	Nothing held; thread is the task's first thread, not yet
 *		started.  argv is copied onto the new stack before return.
 * Returns:	0, or ENOENT / ENOEXEC / ENOMEM / E2BIG (md_exec_load).
 */
int
md_user_start(
    struct thread *thread, const char *path, int argc, char *const argv[])
{
	const char *args[INIT_ARGV_MAX + 1], *envp[1] = {NULL};
	struct vm_map *map = vm_map_create();
	uint64_t pc, sp;
	int i, err;

	if (map == NULL)
		return E_NOMEM;
	for (i = 0; i < argc && i < INIT_ARGV_MAX; i++)
		args[i] = argv[i];
	args[i] = NULL;
	err = md_exec_load(map, path, args, envp, &pc, &sp);
	if (err == 0) {
		vm_map_retain(map); /* the start-up's, until the thread's */
		err = user_thread_go(thread, map, pc, sp, 0);
		if (err != 0)
			vm_map_release(map);
	}
	if (err == 0)
		thread->task->map = map;
	vm_map_release(map);
	return err;
}

/*
 * Routine:	md_user_thread_start
 * Purpose:	Start thread (a new thread of a task that already runs a
 *		program) in user mode at pc with stack sp and rdi = arg.
 * Conditions:	Nothing held; the task has an address space.
 * Returns:	0, EINVAL (the task has none) or ENOMEM.
 */
int
md_user_thread_start(
    struct thread *thread, uint64_t pc, uint64_t sp, uint64_t arg)
{
	struct vm_map *map = thread->task->map;
	int err;

	if (map == NULL)
		return E_INVAL;
	vm_map_retain(map);
	err = user_thread_go(thread, map, pc, sp, arg);
	if (err != 0)
		vm_map_release(map);
	return err;
}

static struct vm_map *
current_map(void)
{
	return x86_cur->xt_map;
}

/*
 * Routine:	md_vm_allocate
 * Purpose:	Zero-filled, page-aligned, writable memory anywhere in the
 *		current task's address space (size 0: address 0).
 * Conditions:	Thread context of a user task; nothing held.
 * Returns:	0 with *uaddrp set; ENOMEM when there is no room or memory,
 *		EINVAL for a thread without an address space.
 */
int
md_vm_allocate(uint64_t *uaddrp, uint64_t size)
{
	struct vm_map *map = current_map();

	if (size == 0) {
		*uaddrp = 0;
		return 0;
	}
	if (map == NULL)
		return E_INVAL;
	return vm_map_allocate(map, uaddrp, size, true,
		   PMAP_PROT_READ | PMAP_PROT_WRITE) == VM_KERN_SUCCESS
	    ? 0
	    : E_NOMEM;
}

/*
 * Routine:	md_vm_deallocate
 * Purpose:	Unmap [uaddr, uaddr + size) of the current task.
 * Conditions:	Thread context of a user task; nothing held.
 * Returns:	0; EINVAL for an unaligned or wrapping range or a thread
 *		without an address space.
 */
int
md_vm_deallocate(uint64_t uaddr, uint64_t size)
{
	struct vm_map *map = current_map();

	if (size == 0)
		return 0;
	if (map == NULL || (uaddr & PAGE_MASK_X86) != 0 || uaddr >= USER_TOP)
		return E_INVAL;
	return vm_map_remove(map, uaddr, size) == VM_KERN_SUCCESS ? 0 : E_INVAL;
}

static int
fault_signal(int vector)
{
	switch (vector) {
	case T_DIVIDE:
	case T_FPU:
	case T_SIMD:
		return 8; /* SIGFPE */
	case T_INVALID_OP:
		return 4; /* SIGILL */
	case T_DEBUG:
	case T_BREAKPOINT:
		return 5; /* SIGTRAP */
	case 17:
		return 10; /* SIGBUS: alignment check */
	default:
		return 11; /* SIGSEGV */
	}
}

/*
 * Routine:	kern_user_fault
 * Purpose:	A thread's user code took an exception: its process exits
 *		as if killed by the matching signal (status 128 + signal,
 *		as proc_kill records it), which terminates the task.
 * Conditions:	On the faulting thread, interrupts on, nothing held.  Weak:
 *		the kernel may provide its own.
 * Returns:	Never.
 */
__attribute__((weak)) void
kern_user_fault(struct thread *thread, int vector, uint64_t code, uint64_t addr)
{
	proc_exit(128 + fault_signal(vector));
}

/*
 * Routine:	kern_thread_ast
 * Purpose:	On the way back to user mode (after md_thread_ast_set, and
 *		at every interrupt taken in user mode): a thread whose task
 *		was terminated ends here.
 * Conditions:	Interrupts on, nothing held.  Weak: the kernel may provide
 *		its own.
 * Returns:	If the task is still active.
 */
__attribute__((weak)) void
kern_thread_ast(struct thread *thread)
{
	struct task *task;
	bool active;

	if (thread == NULL || (task = thread->task) == NULL)
		return;
	lck_mtx_lock(&task->itk_lock);
	active = task->active;
	lck_mtx_unlock(&task->itk_lock);
	if (active)
		return;
	thread_terminate_self();
	md_thread_terminate();
}

/* init's argv: its path, then every boot argument but init= itself. */
static int
init_argv(char *buf, size_t len, char *argv[])
{
	const char *src = md_boot_args();
	size_t i;
	int argc = 1;

	for (i = 0; i + 1 < len && src[i] != '\0'; i++)
		buf[i] = src[i];
	buf[i] = '\0';
	for (i = 0; buf[i] != '\0' && argc < INIT_ARGV_MAX;) {
		while (buf[i] == ' ')
			buf[i++] = '\0';
		if (buf[i] == '\0')
			break;
		if (buf[i] != 'i' || buf[i + 1] != 'n' || buf[i + 2] != 'i' ||
		    buf[i + 3] != 't' || buf[i + 4] != '=')
			argv[argc++] = &buf[i];
		while (buf[i] != '\0' && buf[i] != ' ')
			i++;
	}
	argv[argc] = NULL;
	return argc;
}

struct zone_base {
	uint32_t count;
	zone_t zone[64];
	uint64_t live[64];
	uint64_t leaked;
};

static void
zone_base_take(zone_t z, void *arg)
{
	struct zone_base *b = arg;

	if (b->count < 64) {
		b->zone[b->count] = z;
		b->live[b->count++] = zone_live(z);
	}
}

static void
zone_base_compare(zone_t z, void *arg)
{
	struct zone_base *b = arg;
	uint64_t base = 0;
	uint32_t i;

	for (i = 0; i < b->count; i++) {
		if (b->zone[i] == z)
			base = b->live[i];
	}
	if (zone_live(z) > base) {
		b->leaked += zone_live(z) - base;
		kprintf("harbor: zone %s: %lu elements more than before init\n",
		    z->z_name, (unsigned long)(zone_live(z) - base));
	}
}

static int
run_init(const char *path)
{
	static char argbuf[1024];
	char *argv[INIT_ARGV_MAX + 1];
	int argc = init_argv(argbuf, sizeof(argbuf), argv), status = 127;
	struct proc *p;
	task_t task;
	thread_t th;

	argv[0] = (char *)(uintptr_t)path;
	if (task_create_internal(TASK_NULL, &task) != KERN_SUCCESS)
		panic("x86_64: cannot create the first task");
	p = proc_create(task, 0);
	th = thread_create_internal(task);
	if (p == NULL || th == THREAD_NULL)
		panic("x86_64: cannot create the first process");
	if (md_user_start(th, path, argc, argv) != 0) {
		kprintf("harbor: cannot start %s\n", path);
		return 127;
	}
	thread_deallocate(th);
	task_deallocate(task);
	(void)proc_wait(p->p_pid, &status);
	return status;
}

/*
 * Routine:	x86_kernel_main
 * Purpose:	After the machine is up: start the kernel, run init as the
 *		first task, wait for it and every process and for their last
 *		threads to be gone, check the zones and pages against their
 *		counts before init, print the KTAP end marker and halt with
 *		init's exit status.
 * Conditions:	On the boot thread, interrupts on.
 * Returns:	Never.
 */
void
x86_kernel_main(void)
{
	static struct zone_base base;
	char init[64];
	int status;

	unsigned int n;
	uint64_t pages, slab;

	for (n = 0; n < MACH_TRAP_TABLE_COUNT; n++)
		x86_trap_stack_args(n, mach_trap_table[n].argc > 6);
	kernel_bootstrap();
	bsd_init();
	md_set_current_thread(thread_create_internal(kernel_task));
	if (!md_boot_arg("init", init, sizeof(init)) || init[0] == '\0')
		__builtin_memcpy(init, "/sbin/init", 11);
	zone_iterate(zone_base_take, &base);
	pages = vm_page_free_count();
	slab = x86_kmem_slab_pages();
	status = run_init(init);
	proc_reap_all();
	if (!x86_threads_settle())
		kprintf("harbor: threads still running at the leak check\n");
	zone_iterate(zone_base_compare, &base);
	pages -= vm_page_free_count() + (x86_kmem_slab_pages() - slab);
	kprintf("harbor: init exited with status %d, zone elements leaked "
		"%lu\n",
	    status, (unsigned long)base.leaked);
	kprintf("harbor: pages leaked %ld\n", (long)pages);
	kprintf("# harbor-ktap-end\n");
	md_halt(status);
}
