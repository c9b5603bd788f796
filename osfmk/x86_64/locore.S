/*
 * x86_64/locore.S - the code that cannot be C: the PVH entry and the climb
 * into long mode, exception and interrupt entry, the syscall entry, the
 * kernel stack switch, and the user-memory copy with its fault recovery.
 *
 * Entry state (the PVH boot protocol, as QEMU's -kernel gives it for an
 * ELF image carrying the XEN_ELFNOTE_PHYS32_ENTRY note): 32-bit protected
 * mode, paging off, flat segments, interrupts off, %ebx = physical address
 * of the hvm_start_info block.  The kernel is linked at KERNBASE + 1 MiB
 * and loaded at 1 MiB.
 */

#define KERNBASE	0xffffffff80000000
#define PHYS(x)		((x) - KERNBASE)

#define CR0_PE		0x00000001
#define CR0_MP		0x00000002
#define CR0_EM		0x00000004
#define CR0_WP		0x00010000
#define CR0_PG		0x80000000
#define CR4_PAE		0x00000020
#define CR4_OSFXSR	0x00000200
#define CR4_OSXMMEXCPT	0x00000400
#define MSR_EFER	0xc0000080
#define EFER_LME	0x00000100
#define EFER_SCE	0x00000001

#define PG_PWP		0x003		/* present, writable */
#define PG_LARGE	0x083		/* present, writable, 2 MiB */

#define T_SYSCALL	0x100
#define MACH_MSG_TRAP	0x100001f	/* X86_MACH_MSG_TRAP (md_x86.h) */

/* ------------------------------------------------------------------ */
/* The PVH note: where QEMU jumps, as a physical address. */

	.section .note.pvh, "a"
	.balign	4
	.long	4		/* name size: "Xen\0" */
	.long	8		/* descriptor size */
	.long	18		/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz	"Xen"
	.balign	4
	.quad	pvh_start

/* ------------------------------------------------------------------ */
/* 32-bit start-up, linked and run at its physical address. */

	.section .boot.text, "ax"
	.code32
	.globl	pvh_start
pvh_start:
	cli
	cld
	movl	%ebx, PHYS(x86_start_info_phys)

	/* Zero .bss (page tables and the boot stack live there). */
	movl	$PHYS(_bss_start), %edi
	movl	$PHYS(_kernel_end), %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	xorl	%eax, %eax
	rep stosl

	/* Four page directories map physical 0..4 GiB with 2 MiB pages. */
	movl	$PHYS(boot_pd), %edi
	movl	$PG_LARGE, %eax
	xorl	%edx, %edx
	movl	$2048, %ecx
1:	movl	%eax, (%edi)
	movl	%edx, 4(%edi)
	addl	$0x200000, %eax
	adcl	$0, %edx
	addl	$8, %edi
	loop	1b

	/* Low PDPT: identity (for the jump) and the physmap share it. */
	movl	$PHYS(boot_pdpt_lo), %edi
	movl	$PHYS(boot_pd) + PG_PWP, %eax
	movl	%eax, 0(%edi)
	addl	$0x1000, %eax
	movl	%eax, 8(%edi)
	addl	$0x1000, %eax
	movl	%eax, 16(%edi)
	addl	$0x1000, %eax
	movl	%eax, 24(%edi)

	/* High PDPT: -2 GiB maps physical 0..2 GiB (the kernel image). */
	movl	$PHYS(boot_pdpt_hi), %edi
	movl	$PHYS(boot_pd) + PG_PWP, %eax
	movl	%eax, 510*8(%edi)
	addl	$0x1000, %eax
	movl	%eax, 511*8(%edi)

	movl	$PHYS(boot_pml4), %edi
	movl	$PHYS(boot_pdpt_lo) + PG_PWP, %eax
	movl	%eax, 0(%edi)
	movl	%eax, 256*8(%edi)
	movl	$PHYS(boot_pdpt_hi) + PG_PWP, %eax
	movl	%eax, 511*8(%edi)

	/* PAE, FXSR/SSE for user code; then long mode and paging. */
	movl	$(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	movl	%eax, %cr4
	movl	$PHYS(boot_pml4), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$(EFER_LME | EFER_SCE), %eax
	wrmsr
	movl	%cr0, %eax
	andl	$~CR0_EM, %eax
	orl	$(CR0_PE | CR0_MP | CR0_WP | CR0_PG), %eax
	movl	%eax, %cr0

	lgdt	boot_gdtr		/* .boot is linked at its physical address */
	ljmp	$0x08, $long_low

	.code64
long_low:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorl	%eax, %eax
	movw	%ax, %fs
	movw	%ax, %gs
	movabsq	$long_high, %rax
	jmp	*%rax

	.section .boot.data, "aw"
	.balign	8
boot_gdtr:
	.word	x86_gdt_end - x86_gdt - 1
	.long	PHYS(x86_gdt)

/* ------------------------------------------------------------------ */
/* From here on everything runs at its linked (higher-half) address. */

	.text
long_high:
	/* below the top: the boot thread's user frame lives there */
	leaq	boot_stack_top - 256(%rip), %rsp
	xorl	%ebp, %ebp
	movl	x86_start_info_phys(%rip), %edi
	call	x86_boot
2:	cli
	hlt
	jmp	2b

/*
 * void x86_load_gdt_tss(void *gdtr, uint16_t tss_sel)
 * Loads the GDT at its high address, reloads every segment register and
 * the task register.
 */
	.globl	x86_load_gdt_tss
x86_load_gdt_tss:
	lgdt	(%rdi)
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	pushq	$0x08
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq
1:	ltr	%si
	ret

/* ------------------------------------------------------------------ */
/*
 * Exception and interrupt stubs, 16 bytes apart: vector v's stub is at
 * x86_isr_stubs + 16 * v.  Each pushes a zero error code where the CPU
 * pushes none, then the vector, and joins the common path.
 */
	.balign	16
	.globl	x86_isr_stubs
x86_isr_stubs:
	.set	vec, 0
	.rept	256
	.balign	16
	.if	(vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq	$0
	.endif
	pushq	$vec
	jmp	x86_trap_common
	.set	vec, vec + 1
	.endr

/*
 * The general registers, in struct x86_saved_state order (r15 lowest).
 * Below trapno sit a pad word and the three stack arguments of a
 * syscall (FRAME_ARGS), so that rdi .. r9 and those three are args[9].
 */
#define FRAME_ARGS	32
#define FRAME_RAX	(8 * 8)
#define FRAME_RDI	(9 * 8)
#define FRAME_TRAPNO	(19 * 8)

#define PUSH_GPRS			\
	subq	$FRAME_ARGS, %rsp;	\
	pushq	%r9;			\
	pushq	%r8;			\
	pushq	%r10;			\
	pushq	%rdx;			\
	pushq	%rsi;			\
	pushq	%rdi;			\
	pushq	%rax;			\
	pushq	%rcx;			\
	pushq	%r11;			\
	pushq	%rbp;			\
	pushq	%rbx;			\
	pushq	%r12;			\
	pushq	%r13;			\
	pushq	%r14;			\
	pushq	%r15

#define POP_GPRS			\
	popq	%r15;			\
	popq	%r14;			\
	popq	%r13;			\
	popq	%r12;			\
	popq	%rbx;			\
	popq	%rbp;			\
	popq	%r11;			\
	popq	%rcx;			\
	popq	%rax;			\
	popq	%rdi;			\
	popq	%rsi;			\
	popq	%rdx;			\
	popq	%r10;			\
	popq	%r8;			\
	popq	%r9;			\
	addq	$FRAME_ARGS, %rsp

x86_trap_common:
	PUSH_GPRS
	cld
	movq	%rsp, %rdi
	call	x86_trap
x86_trap_exit:
	POP_GPRS
	addq	$16, %rsp		/* trapno, err */
	iretq

/*
 * _Noreturn void x86_return_to_user(struct x86_saved_state *frame)
 * Called with interrupts off; frame is at the top of the kernel stack.
 */
	.globl	x86_return_to_user
x86_return_to_user:
	movq	%rdi, %rsp
	jmp	x86_trap_exit

/* ------------------------------------------------------------------ */
/*
 * The syscall entry.  The CPU left the user rip in %rcx and rflags in
 * %r11 and cleared IF (FMASK).  One CPU: the kernel stack comes from a
 * global, not from per-CPU data, so there is no swapgs.  The frame built
 * here has the same layout as an interrupt frame, at the same place, but
 * holds only what the C calling convention does not preserve: rax, the
 * argument registers and the hardware part.  rbx, rbp and r12-r15 keep
 * their user values across the C code and are not stored (their frame
 * slots are stale); trapno T_SYSCALL says so.  Whoever rewrites a
 * syscall frame (md_thread_enter_user, a future thread_set_state) fills
 * every slot and changes trapno, and the return then takes the general
 * iretq path, which restores everything from the frame.
 *
 * mach_msg_trap, the one trap an RPC makes, goes straight to
 * mach_msg_trap_entry with the argument registers; every other number
 * goes through x86_syscall.  Both return here with interrupts on, and the
 * pending work (x86_pending: an AST or a preemption) is checked once
 * interrupts are off, not counted: the sysret or iretq enables them.
 */
	.globl	x86_syscall_entry
x86_syscall_entry:
	movq	%rsp, x86_syscall_user_rsp(%rip)
	movq	x86_syscall_kstack(%rip), %rsp
	pushq	$0x1b			/* ss */
	pushq	x86_syscall_user_rsp(%rip)
	pushq	%r11			/* rflags */
	pushq	$0x23			/* cs */
	pushq	%rcx			/* rip */
	pushq	$0			/* err */
	pushq	$T_SYSCALL
	subq	$FRAME_ARGS, %rsp
	pushq	%r9
	pushq	%r8
	pushq	%r10
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rax
	subq	$(8 * 8), %rsp		/* rcx r11 rbp rbx r12-r15: not saved */
	sti
	cmpq	$MACH_MSG_TRAP, %rax
	jne	1f
	leaq	FRAME_RDI(%rsp), %rdi	/* args[]: rdi .. r9 */
	call	mach_msg_trap_entry
	movq	%rax, FRAME_RAX(%rsp)
	jmp	2f
1:	movq	%rsp, %rdi
	call	x86_syscall
2:	cli
	cmpw	$0, x86_pending(%rip)
	jne	3f
4:	cmpq	$T_SYSCALL, FRAME_TRAPNO(%rsp)
	jne	x86_trap_exit
	addq	$(8 * 8), %rsp
	popq	%rax
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%r10
	popq	%r8
	popq	%r9
	addq	$(FRAME_ARGS + 16), %rsp /* stack args, pad, trapno, err */
	popq	%rcx			/* rip */
	addq	$8, %rsp		/* cs */
	popq	%r11			/* rflags */
	popq	%rsp			/* user rsp */
	sysretq
3:	call	x86_syscall_exit_work
	jmp	4b

	.data
	.balign	8
	.globl	x86_syscall_kstack
x86_syscall_kstack:
	.quad	0
x86_syscall_user_rsp:
	.quad	0
	.globl	x86_start_info_phys
x86_start_info_phys:
	.quad	0

/* The GDT; syscall/sysret fix the order of the four code/data entries. */
	.balign	16
	.globl	x86_gdt, x86_gdt_end
x86_gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* 0x08 kernel code, 64-bit */
	.quad	0x00cf92000000ffff	/* 0x10 kernel data */
	.quad	0x00cff2000000ffff	/* 0x18 user data */
	.quad	0x00affa000000ffff	/* 0x20 user code, 64-bit */
	.quad	0, 0			/* 0x28 TSS, filled by x86_desc_init */
x86_gdt_end:
	.text

/* ------------------------------------------------------------------ */
/*
 * _Noreturn void x86_run_on_stack(uint64_t top, void (*fn)(void))
 * Continue on another stack (the boot thread moving to a guarded one).
 */
	.globl	x86_run_on_stack
x86_run_on_stack:
	movq	%rdi, %rsp
	xorl	%ebp, %ebp
	call	*%rsi
	ud2

/* The first resumption of a new thread (x86_switch_stack) lands here. */
	.globl	x86_thread_trampoline
x86_thread_trampoline:
	xorl	%ebp, %ebp
	call	x86_thread_bootstrap
	ud2

/* ------------------------------------------------------------------ */
/*
 * int x86_copy_user(void *dst, const void *src, size_t len)
 * The only kernel code allowed to touch user addresses.  A page fault
 * between x86_copy_begin and x86_copy_end resumes at x86_copy_fault
 * (see x86_trap), which returns EFAULT.
 */
	.globl	x86_copy_user, x86_copy_begin, x86_copy_end, x86_copy_fault
x86_copy_user:
	movq	%rdx, %rcx
	shrq	$3, %rcx
x86_copy_begin:
	rep movsq		/* quadwords, then the 0-7 bytes left */
	movq	%rdx, %rcx
	andq	$7, %rcx
	rep movsb
x86_copy_end:
	xorl	%eax, %eax
	ret
x86_copy_fault:
	movl	$14, %eax
	ret

/*
 * int x86_copyin_3q(const void *usrc, uint64_t *dst)
 * Three user quadwords (the stack arguments of a trap), same recovery.
 */
	.globl	x86_copyin_3q
x86_copyin_3q:
x86_copy3_begin:
	movq	(%rdi), %rax
	movq	8(%rdi), %rcx
	movq	16(%rdi), %rdx
x86_copy3_end:
	movq	%rax, (%rsi)
	movq	%rcx, 8(%rsi)
	movq	%rdx, 16(%rsi)
	xorl	%eax, %eax
	ret
	.globl	x86_copy3_begin, x86_copy3_end

/* ------------------------------------------------------------------ */
	.bss
	.balign	4096
	.globl	boot_pml4
boot_pml4:	.skip	4096
boot_pdpt_lo:	.skip	4096
boot_pdpt_hi:	.skip	4096
boot_pd:	.skip	4 * 4096
boot_stack:	.skip	16384
	.globl	boot_stack_top
boot_stack_top:
	.globl	x86_df_stack_top
x86_df_stack:	.skip	8192
x86_df_stack_top:
	.globl	x86_nmi_stack_top
x86_nmi_stack:	.skip	8192
x86_nmi_stack_top:

	.section .note.GNU-stack, "", @progbits
