/*
 * x86_64/trap.c - descriptor tables, exceptions, interrupts and the
 * syscall path, and the user-memory copy routines built on the fault
 * recovery of locore.S.
 *
 * Every exception is handled:
 *	from user mode	the thread's task dies: the fault is reported on the
 *			console and kern_user_fault() tears the task down;
 *	from the kernel	a page fault inside x86_copy_user resumes at its
 *			recovery point (EFAULT); anything else panics with
 *			the registers and a backtrace.
 */
#include <x86_64/machine.h>
#include <x86_64/md_x86.h>
#include <x86_64/tss.h>
#include <vm/pmap.h>
#include <vm/vm_map.h>

struct idt_gate {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t zero;
} __attribute__((packed));

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern uint64_t x86_gdt[], x86_gdt_end[];
extern char x86_isr_stubs[], x86_df_stack_top[], x86_nmi_stack_top[];
extern uint64_t x86_syscall_user_rsp;
void x86_irq_other(int irq);

struct x86_tss x86_tss __attribute__((aligned(16)));
static struct idt_gate idt[256] __attribute__((aligned(16)));

static const char *const exc_names[32] = {"divide error", "debug", "NMI",
    "breakpoint", "overflow", "bound range", "invalid opcode",
    "device not available", "double fault", "coprocessor overrun",
    "invalid TSS", "segment not present", "stack fault", "general protection",
    "page fault", "reserved", "x87 FPU error", "alignment check",
    "machine check", "SIMD FP error", "virtualization", "control protection"};

static const char *
exc_name(uint64_t v)
{
	if (v < 32 && exc_names[v] != NULL)
		return exc_names[v];
	return "exception";
}

static void
gdt_set_tss(void)
{
	uint64_t base = (uint64_t)&x86_tss, limit = sizeof(x86_tss) - 1;

	x86_gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
	    (0x89UL << 40) | (((limit >> 16) & 0xf) << 48) |
	    (((base >> 24) & 0xff) << 56);
	x86_gdt[6] = base >> 32;
}

static void
idt_set(int v, uint64_t handler, int ist)
{
	idt[v].off_lo = handler & 0xffff;
	idt[v].sel = KERNEL_CS;
	idt[v].ist = (uint8_t)ist;
	idt[v].type = 0x8e; /* present, DPL 0, interrupt gate */
	idt[v].off_mid = (handler >> 16) & 0xffff;
	idt[v].off_hi = (uint32_t)(handler >> 32);
	idt[v].zero = 0;
}

/*
 * Routine:	x86_desc_init
 * Purpose:	Load the GDT (with the TSS), the IDT, and the syscall MSRs.
 * Conditions:	Boot, interrupts off.
 * Returns:	Nothing.
 */
void
x86_desc_init(void)
{
	struct desc_ptr gdtr, idtr;
	uint32_t edx, eax, ebx, ecx;
	int v;

	x86_tss.ist[0] = (uint64_t)x86_df_stack_top;
	x86_tss.ist[1] = (uint64_t)x86_nmi_stack_top;
	x86_tss.iomap_base = sizeof(x86_tss);
	gdt_set_tss();
	gdtr.limit = (uint16_t)((char *)x86_gdt_end - (char *)x86_gdt - 1);
	gdtr.base = (uint64_t)x86_gdt;
	x86_load_gdt_tss(&gdtr, TSS_SEL);
	for (v = 0; v < 256; v++)
		idt_set(v, (uint64_t)x86_isr_stubs + 16 * v,
		    v == T_DOUBLE_FAULT ? 1
			: v == T_NMI    ? 2
					: 0);
	idtr.limit = sizeof(idt) - 1;
	idtr.base = (uint64_t)idt;
	__asm__ volatile("lidt %0" : : "m"(idtr));

	wrmsr(MSR_STAR, ((uint64_t)0x10 << 48) | ((uint64_t)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)x86_syscall_entry);
	wrmsr(MSR_FMASK, RFLAGS_IF | 0x100 | 0x400 | 0x40000); /* IF TF DF AC */
	__asm__ volatile("cpuid"
			 : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
			 : "a"(0x80000001));
	wrmsr(MSR_EFER,
	    rdmsr(MSR_EFER) | EFER_SCE | ((edx & (1U << 20)) ? EFER_NXE : 0));
}

/*
 * Routine:	x86_dump_frame
 * Purpose:	Print a saved register frame.
 * Conditions:	Any.
 * Returns:	Nothing.
 */
void
x86_dump_frame(const struct x86_saved_state *f)
{
	x86_printf("rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", f->rax,
	    f->rbx, f->rcx, f->rdx);
	x86_printf("rsi %016lx rdi %016lx rbp %016lx rsp %016lx\n", f->rsi,
	    f->rdi, f->rbp, f->rsp);
	x86_printf("r8  %016lx r9  %016lx r10 %016lx r11 %016lx\n", f->r8,
	    f->r9, f->r10, f->r11);
	x86_printf("r12 %016lx r13 %016lx r14 %016lx r15 %016lx\n", f->r12,
	    f->r13, f->r14, f->r15);
	x86_printf("rip %016lx cs %lx rflags %lx ss %lx err %lx cr2 %016lx "
		   "cr3 %lx\n",
	    f->rip, f->cs, f->rflags, f->ss, f->err, read_cr2(), read_cr3());
}

/*
 * Routine:	x86_backtrace
 * Purpose:	Print the return addresses of the frame-pointer chain that
 *		starts at rbp (the kernel is built with frame pointers).
 * Conditions:	Any.
 * Returns:	Nothing.
 */
void
x86_backtrace(uint64_t rbp)
{
	int depth;

	x86_printf("backtrace:");
	for (depth = 0; depth < 24; depth++) {
		uint64_t *fp = (uint64_t *)rbp;

		if (rbp < PHYSMAP_BASE || (rbp & 7) != 0 || fp[1] < KERNBASE)
			break;
		x86_printf(" %lx", fp[1]);
		rbp = fp[0];
	}
	x86_printf("\n");
}

/*
 * Routine:	md_backtrace
 * Purpose:	Print the kernel backtrace of the caller (for panic).
 * Conditions:	Any.
 * Returns:	Nothing.
 */
void
md_backtrace(void)
{
	uint64_t rbp;

	__asm__ volatile("movq %%rbp, %0" : "=r"(rbp));
	x86_backtrace(rbp);
}

static void
kernel_exception(struct x86_saved_state *f)
{
	if (f->trapno == T_PAGE_FAULT &&
	    ((f->rip >= (uint64_t)x86_copy_begin &&
		 f->rip < (uint64_t)x86_copy_end) ||
		(f->rip >= (uint64_t)x86_copy3_begin &&
		    f->rip < (uint64_t)x86_copy3_end))) {
		f->rip = (uint64_t)x86_copy_fault;
		return;
	}
	if (f->trapno == T_DOUBLE_FAULT && x86_kstack_guard_hit(read_cr2()))
		x86_printf("\nkernel stack overflow in thread %u\n",
		    x86_cur ? x86_cur->xt_id : 0);
	x86_printf("\nkernel %s (vector %lu) in thread %u\n",
	    exc_name(f->trapno), f->trapno, x86_cur ? x86_cur->xt_id : 0);
	x86_dump_frame(f);
	x86_printf("at:");
	x86_printf(" %lx\n", f->rip);
	x86_backtrace(f->rbp);
	x86_panic("kernel fault");
}

static void
user_exception(struct x86_saved_state *f)
{
	uint64_t addr = f->trapno == T_PAGE_FAULT ? read_cr2() : f->rip;

	x86_printf("harbor: user %s (vector %lu, code %lx) at rip %lx addr "
		   "%lx, thread %u: task killed\n",
	    exc_name(f->trapno), f->trapno, f->err, f->rip, addr,
	    x86_cur->xt_id);
	if (x86_verbose)
		x86_dump_frame(f);
	x86_splx(); /* x86_trap's count, the only one: it came from user mode */
	kern_user_fault(x86_cur->xt_owner, (int)f->trapno, f->err, addr);
}

/*
 * Routine:	x86_trap
 * Purpose:	Common handler of every exception and interrupt.
 * Conditions:	Interrupts off (counted here in x86_intr_depth while the
 *		trap is handled); frame on the current kernel stack.
 * Returns:	To the interrupted context (possibly after a preemption).
 */
void
x86_trap(struct x86_saved_state *f)
{
	if (f->trapno == T_NMI && x86_kprof_nmi(f->rip, (f->cs & 3) != 0))
		return; /* a profiling sample: no scheduling in NMI context */
	x86_intr_depth++;
	if (f->trapno >= T_IRQ0 && f->trapno < T_IRQ0 + 16) {
		x86_intr_nesting++;
		if (f->trapno == T_IRQ0)
			x86_timer_tick(f);
		else
			x86_irq_other((int)f->trapno - T_IRQ0);
		x86_intr_nesting--;
	} else if (f->trapno < 32) {
		if ((f->cs & 3) == 0)
			kernel_exception(f);
		else
			user_exception(f);
	}
	if ((f->cs & 3) != 0) {
		x86_pending.ast = true; /* every user interrupt: a check */
		x86_ast_check();
	}
	if (x86_need_resched && (f->rflags & RFLAGS_IF) &&
	    x86_intr_nesting == 0 && x86_intr_depth == 1)
		x86_preempt();
	x86_intr_depth--;
}

/*
 * Routine:	x86_ast_check
 * Purpose:	On the way back to user mode: if the thread was marked with
 *		md_thread_ast_set, clear the mark and call kern_thread_ast
 *		(with interrupts on), until no mark is left.
 * Conditions:	Interrupts off and counted once (x86_intr_depth 1), no
 *		lock held, about to return to user mode.
 * Returns:	With interrupts off (unless the thread terminated).
 */
void
x86_ast_check(void)
{
	while (x86_pending.ast) {
		x86_pending.ast = false;
		x86_splx();
		kern_thread_ast(x86_cur->xt_owner);
		x86_splhigh();
	}
}

/*
 * Routine:	md_thread_ast_set
 * Purpose:	Make a thread call kern_thread_ast() before it next returns
 *		to user mode (a thread asleep in the kernel must also be
 *		woken by the caller to get there).
 * Conditions:	Any.
 * Returns:	Nothing.
 */
void
md_thread_ast_set(struct thread *thread)
{
	struct x86_thread *xt = x86_thread_of(thread);

	x86_splhigh();
	if (xt == x86_cur)
		x86_pending.ast = true;
	else if (xt != NULL)
		xt->xt_ast = true;
	x86_splx();
}

static __attribute__((noinline)) uint64_t
mdep_console_write(uint64_t ubuf, uint64_t len)
{
	char buf[256];
	uint64_t n;

	if (len > 65536)
		return X86_EFAULT;
	while (len > 0) {
		n = len < sizeof(buf) ? len : sizeof(buf);
		if (md_copyin(ubuf, buf, n) != 0)
			return X86_EFAULT;
		md_console_write(buf, n);
		ubuf += n;
		len -= n;
	}
	return 0;
}

static uint64_t
mdep_call(uint64_t num, const uint64_t *args)
{
	switch (num) {
	case MDEP_SET_TSD_BASE:
		if (args[0] >= USER_TOP)
			return X86_EFAULT;
		x86_cur->xt_fsbase = args[0];
		wrmsr(MSR_FS_BASE, args[0]);
		return 0;
	case MDEP_CONSOLE_WRITE:
		return mdep_console_write(args[0], args[1]);
	case MDEP_HALT:
		md_halt((int)args[0]);
	case MDEP_ABSOLUTE_TIME:
		return md_absolute_time();
	case MDEP_ARG_ECHO:
		return args[0] < 9 ? args[args[0]] : (uint64_t)-1;
	default:
		return (uint64_t)-1;
	}
}

/*
 * BSD results, XNU style: an error (harbor_syscall returned -errno, in
 * -4095..-1) comes back as the positive errno with the carry flag set; a
 * success has the carry flag clear.
 */
static void
unix_result(struct x86_saved_state *f, uint64_t ret)
{
	if (ret >= (uint64_t)-4095) {
		f->rflags |= RFLAGS_CF;
		f->rax = (uint64_t)0 - ret;
	} else {
		f->rflags &= ~RFLAGS_CF;
		f->rax = ret;
	}
}

/*
 * Mach traps with more than six arguments the kernel reads, whose last
 * ones the syscall path fetches from the user stack (XNU numbers):
 * mach_msg_overwrite_trap (32), mach_msg2_trap (47) and
 * _kernelrpc_mach_port_request_notification_trap (77).  mach_msg_trap
 * (31) has seven, but its seventh (notify) is ignored.  The real kernel
 * recomputes the set from its trap table at boot (x86_trap_stack_args).
 * BSD and machine-dependent traps always get them.
 */
static uint64_t mach_stack_arg_traps[2] = {
    (1UL << 32) | (1UL << 47),
    (1UL << (77 - 64)),
};

static bool
syscall_wants_stack_args(uint64_t number)
{
	uint64_t n = number & 0xffffff;

	if (((number >> SYSCALL_CLASS_SHIFT) & 0xff) != SYSCALL_CLASS_MACH ||
	    n >= 128)
		return true;
	return (mach_stack_arg_traps[n / 64] >> (n % 64)) & 1;
}

/*
 * Routine:	x86_trap_stack_args
 * Purpose:	Say whether Mach trap n (< 128) takes more than six
 *		arguments, i.e. needs the ones on the user stack.
 * Conditions:	Boot, before user programs run.
 * Returns:	Nothing.
 */
void
x86_trap_stack_args(unsigned int n, bool wants)
{
	if (n >= 128)
		return;
	if (wants)
		mach_stack_arg_traps[n / 64] |= 1UL << (n % 64);
	else
		mach_stack_arg_traps[n / 64] &= ~(1UL << (n % 64));
}

/* Arguments 7..9 live on the user stack above the return address. */
static __attribute__((noinline)) void
syscall_stack_args(uint64_t usp, uint64_t *uarg)
{
	uint64_t src = usp + 8;
	int i;

	if (src > usp && src + 24 > src && src + 24 <= USER_TOP &&
	    x86_cur->xt_pmap != NULL &&
	    x86_copyin_3q((const void *)src, uarg) == 0)
		return;
	for (i = 0; i < 3; i++) {
		if (md_copyin(src + 8 * i, &uarg[i], 8) != 0)
			uarg[i] = 0;
	}
}

/*
 * Routine:	x86_syscall_exit_work
 * Purpose:	AST and preemption on the way out of a syscall, off the
 *		fast path (the syscall entry calls it when x86_pending says
 *		there is some).
 * Conditions:	Interrupts off, not counted in x86_intr_depth (the return
 *		to user mode enables them); counted here while there is work.
 * Returns:	With interrupts off and nothing pending.
 */
void
x86_syscall_exit_work(void)
{
	x86_intr_depth = 1;
	while (x86_pending.any != 0) {
		if (x86_pending.ast)
			x86_ast_check();
		if (x86_need_resched)
			x86_preempt();
	}
	x86_intr_depth = 0;
}

/* Everything but the Mach class, off the fast path. */
static __attribute__((noinline)) void
syscall_other(struct x86_saved_state *f, uint64_t number)
{
	switch ((number >> SYSCALL_CLASS_SHIFT) & 0xff) {
	case SYSCALL_CLASS_MDEP:
		f->rax = mdep_call(number & 0xffffff, f->args);
		break;
	case SYSCALL_CLASS_UNIX:
		unix_result(f, harbor_syscall(number, f->args));
		break;
	default:
		f->rax = harbor_syscall(number, f->args);
		break;
	}
}

/*
 * Routine:	x86_syscall
 * Purpose:	The C side of the syscall entry: the arguments are the frame
 *		from rdi on (rdi, rsi, rdx, r10, r8, r9, then up to three
 *		fetched from the user stack for the traps that have them;
 *		undefined for the others); run the machine-dependent class
 *		here and everything else through harbor_syscall, and leave
 *		the result in rax (for the BSD class: errno and the carry
 *		flag on error).  mach_msg_trap does not come here: the
 *		syscall entry calls mach_msg_trap_entry itself.
 * Conditions:	Interrupts on; frame at the top of the kernel stack.
 * Returns:	With interrupts on; the syscall entry checks x86_pending.
 */
void
x86_syscall(struct x86_saved_state *f)
{
	uint64_t number = f->rax;

	if (syscall_wants_stack_args(number))
		syscall_stack_args(f->rsp, f->uarg);
	if (__builtin_expect(
		((number >> SYSCALL_CLASS_SHIFT) & 0xff) == SYSCALL_CLASS_MACH,
		1))
		f->rax = harbor_syscall(number, f->args);
	else
		syscall_other(f, number);
}

/* locore.S's syscall entry knows mach_msg_trap's number and the frame. */
_Static_assert(X86_MACH_MSG_TRAP == 0x100001f, "MACH_MSG_TRAP in locore.S");
_Static_assert(offsetof(struct x86_saved_state, rax) == 8 * 8, "FRAME_RAX");
_Static_assert(offsetof(struct x86_saved_state, rdi) == 9 * 8, "FRAME_RDI");

/*
 * Routine:	md_copyinstr
 * Purpose:	Copy a NUL-terminated string of at most size bytes (the NUL
 *		included) from user memory.
 * Conditions:	As md_copyin.
 * Returns:	0 with *done = bytes copied including the NUL; EFAULT (14)
 *		for a bad address; ENAMETOOLONG (63) when no NUL fits.
 */
int
md_copyinstr(uint64_t uaddr, char *kbuf, size_t size, size_t *done)
{
	size_t i;

	for (i = 0; i < size; i++) {
		if (md_copyin(uaddr + i, &kbuf[i], 1) != 0)
			return X86_EFAULT;
		if (kbuf[i] == '\0') {
			if (done != NULL)
				*done = i + 1;
			return 0;
		}
	}
	return 63;
}

/*
 * Routine:	md_thread_set_map
 * Purpose:	Make a thread run in map's address space (NULL: none, a
 *		kernel-only thread).  The thread holds a reference on its
 *		map, dropped when the map is replaced or the thread
 *		terminates (the last one frees the address space).
 * Conditions:	Nothing held.
 * Returns:	Nothing.
 */
void
md_thread_set_map(struct thread *thread, struct vm_map *map)
{
	struct x86_thread *xt = x86_thread_of(thread);
	pmap_t pmap = map != NULL ? vm_map_pmap(map) : NULL;
	struct vm_map *old;

	if (xt == NULL)
		return;
	if (map != NULL)
		vm_map_retain(map);
	x86_splhigh();
	if (xt == x86_cur && xt->xt_pmap != pmap) {
		if (pmap != NULL) {
			pmap_activate(pmap);
			__asm__ volatile("fxrstor64 (%0)" : : "r"(xt->xt_fpu));
		} else {
			pmap_kernel_activate();
		}
	}
	xt->xt_pmap = pmap;
	if (xt == x86_cur)
		x86_cur_user = pmap != NULL;
	old = xt->xt_map;
	xt->xt_map = map;
	x86_splx();
	if (old != NULL)
		vm_map_release(old);
}

/*
 * Routine:	md_thread_enter_user
 * Purpose:	Leave the kernel for user mode at pc with stack sp, rdi =
 *		arg0 and rsi = arg1, all other registers zero.
 * Conditions:	The current thread has a map (md_thread_set_map); nothing
 *		held.
 * Returns:	Never; the thread comes back through syscall, interrupts
 *		and exceptions on the same kernel stack.
 */
void
md_thread_enter_user(uint64_t pc, uint64_t sp, uint64_t arg0, uint64_t arg1)
{
	struct x86_thread *xt = x86_cur;
	struct x86_saved_state *f;

	if (xt->xt_pmap == NULL)
		x86_panic(
		    "md_thread_enter_user: thread %u has no map", xt->xt_id);
	f = (struct x86_saved_state *)(xt->xt_kstack_top - sizeof(*f));
	__builtin_memset(f, 0, sizeof(*f));
	f->rip = pc;
	f->cs = USER_CS;
	f->rflags = RFLAGS_IF | 0x2;
	f->rsp = sp;
	f->ss = USER_DS;
	f->rdi = arg0;
	f->rsi = arg1;
	x86_splhigh();
	x86_ast_check();
	x86_intr_depth = 0;
	x86_tss.rsp0 = xt->xt_kstack_top;
	x86_syscall_kstack = xt->xt_kstack_top;
	x86_return_to_user(f);
}
