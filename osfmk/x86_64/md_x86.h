/*
 * x86_64/md_x86.h - what the x86_64 machine offers the kernel beyond
 * kern/md.h, and the hooks it expects from the kernel.
 *
 * Offered (implemented in osfmk/x86_64 and osfmk/vm):
 *	md_thread_set_map	run a thread in a user address space
 *	md_thread_enter_user	leave the kernel for user mode (no return)
 *	md_thread_get_state, md_thread_set_state, md_thread_enter_user_state
 *				x86_THREAD_STATE64 of a user thread, and
 *				entering user mode with the state set
 *				(thread_create + thread_set_state +
 *				thread_resume)
 *	md_thread_ast_set	make a thread call kern_thread_ast() before
 *				it next returns to user mode
 *	md_thread_set_priority, md_thread_yield
 *	md_copyinstr		a NUL-terminated string from user space
 *	md_boot_arg		XNU-style boot arguments
 *	md_boot_args		the whole boot-argument string
 *	md_backtrace		print the caller's kernel backtrace (panic)
 *	md_bootfile_lookup	a file of the boot archive (cpio newc)
 *	md_exec_load		an ELF64 program from the boot archive into
 *				a map, with its stack, argv and envp
 *
 * The glue to the kernel proper (x86_64/md_user.c, real kernel only):
 *	x86_kernel_main		after the machine is up: kernel_bootstrap,
 *				bsd_init, init as task 1, wait, leak check,
 *				end marker, halt with init's status
 *	thread_md_state		&thread->th_md
 *	md_user_start, md_vm_allocate, md_vm_deallocate (kern/md.h)
 *	md_user_thread_start	another thread of a running task, in user
 *				mode at pc/sp with an argument
 *	kern_user_fault		(weak) the process exits with 128 + signal
 *	kern_thread_ast		(weak) a thread of a terminated task ends
 *
 * Expected from the kernel: kernel_bootstrap, bsd_init, proc_create,
 * proc_wait, proc_reap_all, proc_exit, task_create_internal,
 * thread_create_internal, thread_terminate_self, zone_iterate, and the
 * trap dispatcher harbor_syscall (kern/syscall_sw.c); for the BSD class
 * it returns -errno on error, which the machine turns into errno in rax
 * with the carry flag set (XNU's convention).  The machine-only image
 * (kernel.md) links weak stand-ins for all of it instead
 * (x86_64/standalone.c).
 */
#ifndef _X86_64_MD_X86_H_
#define _X86_64_MD_X86_H_

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <kern/md.h>

struct vm_map;

/* --- offered ----------------------------------------------------------- */

void md_thread_set_map(struct thread *thread, struct vm_map *map);
_Noreturn void
md_thread_enter_user(uint64_t pc, uint64_t sp, uint64_t arg0, uint64_t arg1);
_Noreturn void md_thread_enter_user_state(void);
void md_thread_ast_set(struct thread *thread);
void md_thread_set_priority(struct thread *thread, int pri);
void md_thread_yield(void);
int md_copyinstr(uint64_t uaddr, char *kbuf, size_t size, size_t *done);
bool md_boot_arg(const char *name, char *buf, size_t len);
const char *md_boot_args(void);
void md_backtrace(void);
bool md_bootfile_lookup(const char *path, const void **data, size_t *size);
int md_exec_load(struct vm_map *map, const char *path, const char *const argv[],
    const char *const envp[], uint64_t *pc, uint64_t *sp);

/*
 * x86_THREAD_STATE64, with Apple's flavor number, count (in 32-bit words)
 * and layout.  cs, fs and gs are read as the machine has them and ignored
 * when set (the FS base is set with the machine-dependent trap 3).
 */
#define MD_X86_THREAD_STATE64 4
#define MD_X86_THREAD_STATE64_COUNT 42

struct md_x86_thread_state64 {
	uint64_t rax, rbx, rcx, rdx, rdi, rsi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags, cs, fs, gs;
};
_Static_assert(
    sizeof(struct md_x86_thread_state64) == MD_X86_THREAD_STATE64_COUNT * 4,
    "x86_thread_state64_t layout");

int md_thread_get_state(
    struct thread *thread, int flavor, uint32_t *state, uint32_t *count);
int md_thread_set_state(
    struct thread *thread, int flavor, const uint32_t *state, uint32_t count);

/* --- expected ---------------------------------------------------------- */

md_thread_state_t *thread_md_state(struct thread *thread);
void x86_kernel_main(void);
int md_user_thread_start(
    struct thread *thread, uint64_t pc, uint64_t sp, uint64_t arg);
uint64_t harbor_syscall(uint64_t number, const uint64_t args[9]);
uint64_t mach_msg_trap_entry(const uint64_t *args); /* Mach trap 31 */
void x86_trap_stack_args(unsigned int n, bool wants);
_Noreturn void kern_user_fault(
    struct thread *thread, int vector, uint64_t code, uint64_t addr);
void kern_thread_ast(struct thread *thread);

/*
 * Machine-dependent traps (class 3, handled by the machine itself before
 * harbor_syscall is consulted).
 */
#define SYSCALL_CLASS_SHIFT 24
#define SYSCALL_CLASS_MACH 1
#define SYSCALL_CLASS_UNIX 2
#define SYSCALL_CLASS_MDEP 3
#define X86_MACH_MSG_TRAP \
	((uint64_t)SYSCALL_CLASS_MACH << SYSCALL_CLASS_SHIFT | 31)
#define MDEP_SET_TSD_BASE 3     /* FS base for thread-local storage */
#define MDEP_CONSOLE_WRITE 0x40 /* (buf, len): raw console output */
#define MDEP_HALT 0x41          /* (status): isa-debug-exit */
#define MDEP_ABSOLUTE_TIME 0x42 /* (): md_absolute_time() */
#define MDEP_ARG_ECHO 0x43      /* (i, ...): argument i, ABI check */

#endif /* _X86_64_MD_X86_H_ */
