/*
 * libsyscall/x86_64/syscall.S - the trap stubs.
 *
 * harbor_trap(number, a0, ..., a8) moves a C call's arguments into the
 * trap registers.  The named stubs below are called with the trap's own
 * arguments in C order, which is already almost the trap layout: only the
 * fourth argument moves from %rcx (clobbered by syscall) to %r10, and the
 * seventh and later stay on the stack just above the return address,
 * where the kernel looks for them.  Trap numbers are XNU's.
 */
#define __ASSEMBLER__ 1
#include "syscall_sw.h"

	.text

	.globl	harbor_trap
	.type	harbor_trap, @function
harbor_trap:
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	movq	8(%rsp), %r9
	addq	$8, %rsp		/* a6.. now at 8(%rsp) */
	syscall
	subq	$8, %rsp
	ret
	.size	harbor_trap, . - harbor_trap

/*
 * int64_t harbor_unix_trap(number, a0, ..., a8): a BSD-class trap; the
 * kernel reports an error as errno with the carry flag set, which this
 * returns as -errno.
 */
	.globl	harbor_unix_trap
	.type	harbor_unix_trap, @function
harbor_unix_trap:
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	movq	8(%rsp), %r9
	addq	$8, %rsp
	syscall
	leaq	-8(%rsp), %rsp		/* unlike subq, keeps the carry flag */
	jnc	1f
	negq	%rax
1:	ret
	.size	harbor_unix_trap, . - harbor_unix_trap

/*
 * The named stubs are weak: libsyscall's C wrappers of the same names
 * (libsyscall/mach/mach_traps.c, on harbor_trap) take precedence when
 * linked; these three-instruction ones serve when they are not.
 */
#define TRAP_STUB(name, number)			\
	.weak	name;				\
	.type	name, @function;		\
name:						\
	movl	$(number), %eax;		\
	movq	%rcx, %r10;			\
	syscall;				\
	ret;					\
	.size	name, . - name

#define MACH_TRAP(name, n)	TRAP_STUB(name, SYSCALL_CONSTRUCT_MACH(n))
#define MDEP_TRAP(name, n)	TRAP_STUB(name, SYSCALL_CONSTRUCT_MDEP(n))

MACH_TRAP(_kernelrpc_mach_vm_allocate_trap, 10)
MACH_TRAP(_kernelrpc_mach_vm_deallocate_trap, 12)
MACH_TRAP(_kernelrpc_mach_vm_protect_trap, 14)
MACH_TRAP(_kernelrpc_mach_vm_map_trap, 15)
MACH_TRAP(_kernelrpc_mach_port_allocate_trap, 16)
MACH_TRAP(_kernelrpc_mach_port_deallocate_trap, 18)
MACH_TRAP(_kernelrpc_mach_port_mod_refs_trap, 19)
MACH_TRAP(_kernelrpc_mach_port_move_member_trap, 20)
MACH_TRAP(_kernelrpc_mach_port_insert_right_trap, 21)
MACH_TRAP(_kernelrpc_mach_port_insert_member_trap, 22)
MACH_TRAP(_kernelrpc_mach_port_extract_member_trap, 23)
MACH_TRAP(_kernelrpc_mach_port_construct_trap, 24)
MACH_TRAP(_kernelrpc_mach_port_destruct_trap, 25)
MACH_TRAP(mach_reply_port, 26)
MACH_TRAP(thread_self_trap, 27)
MACH_TRAP(task_self_trap, 28)
MACH_TRAP(host_self_trap, 29)
MACH_TRAP(mach_msg_trap, 31)
MACH_TRAP(mach_msg_overwrite_trap, 32)
MACH_TRAP(swtch_pri, 59)
MACH_TRAP(swtch, 60)
MACH_TRAP(thread_switch, 61)
MACH_TRAP(_kernelrpc_mach_port_type_trap, 76)
MACH_TRAP(_kernelrpc_mach_port_request_notification_trap, 77)
MACH_TRAP(mach_timebase_info_trap, 89)
MACH_TRAP(mach_wait_until_trap, 90)

MDEP_TRAP(harbor_set_tsd_base, MDEP_SET_TSD_BASE)
MDEP_TRAP(harbor_console_write, MDEP_CONSOLE_WRITE)
MDEP_TRAP(harbor_halt, MDEP_HALT)
MDEP_TRAP(harbor_absolute_time, MDEP_ABSOLUTE_TIME)

	.section .note.GNU-stack, "", @progbits
