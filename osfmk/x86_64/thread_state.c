/*
 * x86_64/thread_state.c - the user register state of a thread, as
 * thread_get_state / thread_set_state see it (x86_THREAD_STATE64).
 *
 * A thread's user state is the frame at the top of its kernel stack
 * (struct x86_saved_state): written by every entry from user mode and
 * read back by the return.  One caveat, from the lean syscall path: for a
 * thread that is inside a syscall, rbx, rbp and r12-r15 are not in the
 * frame (the C code preserves them on the kernel stack instead), so
 * md_thread_get_state reports them as zero for such a thread.  Setting
 * the state writes every register and sends the thread out through the
 * full iretq path.
 */
#include <x86_64/machine.h>
#include <x86_64/md_x86.h>
#include <x86_64/tss.h>

#define T_STATE_SET 0x101 /* trapno of a frame written by set_state */
#define RFLAGS_USER 0xdd5 /* CF PF AF ZF SF TF DF OF */

static struct x86_saved_state *
user_frame(struct x86_thread *xt)
{
	return (struct x86_saved_state *)(xt->xt_kstack_top -
	    sizeof(struct x86_saved_state));
}

static void
frame_to_state(const struct x86_saved_state *f, struct md_x86_thread_state64 *s,
    uint64_t fsbase)
{
	bool in_syscall = f->trapno == T_SYSCALL;

	s->rax = f->rax;
	s->rbx = in_syscall ? 0 : f->rbx;
	s->rcx = f->rcx;
	s->rdx = f->rdx;
	s->rdi = f->rdi;
	s->rsi = f->rsi;
	s->rbp = in_syscall ? 0 : f->rbp;
	s->rsp = f->rsp;
	s->r8 = f->r8;
	s->r9 = f->r9;
	s->r10 = f->r10;
	s->r11 = f->r11;
	s->r12 = in_syscall ? 0 : f->r12;
	s->r13 = in_syscall ? 0 : f->r13;
	s->r14 = in_syscall ? 0 : f->r14;
	s->r15 = in_syscall ? 0 : f->r15;
	s->rip = f->rip;
	s->rflags = f->rflags;
	s->cs = USER_CS;
	s->fs = fsbase;
	s->gs = 0;
}

static void
state_to_frame(const struct md_x86_thread_state64 *s, struct x86_saved_state *f)
{
	f->rax = s->rax;
	f->rbx = s->rbx;
	f->rcx = s->rcx;
	f->rdx = s->rdx;
	f->rdi = s->rdi;
	f->rsi = s->rsi;
	f->rbp = s->rbp;
	f->rsp = s->rsp;
	f->r8 = s->r8;
	f->r9 = s->r9;
	f->r10 = s->r10;
	f->r11 = s->r11;
	f->r12 = s->r12;
	f->r13 = s->r13;
	f->r14 = s->r14;
	f->r15 = s->r15;
	f->rip = s->rip;
	f->rflags = (s->rflags & RFLAGS_USER) | RFLAGS_IF | 0x2;
	f->cs = USER_CS;
	f->ss = USER_DS;
	f->trapno = T_STATE_SET;
	f->err = 0;
}

/*
 * Routine:	md_thread_get_state
 * Purpose:	Read a thread's user registers (x86_THREAD_STATE64).
 * Conditions:	The thread is not running (suspended, blocked, or the
 *		caller itself inside a trap).  *count is the room in state,
 *		in 32-bit words; it receives the count used.
 * Returns:	0; 4 (KERN_INVALID_ARGUMENT) for another flavor, a count too
 *		small, or a thread with no machine thread.
 */
int
md_thread_get_state(
    struct thread *thread, int flavor, uint32_t *state, uint32_t *count)
{
	struct x86_thread *xt = x86_thread_of(thread);
	struct md_x86_thread_state64 s;

	if (xt == NULL || flavor != MD_X86_THREAD_STATE64 ||
	    *count < MD_X86_THREAD_STATE64_COUNT)
		return 4;
	frame_to_state(user_frame(xt), &s, xt->xt_fsbase);
	__builtin_memcpy(state, &s, sizeof(s));
	*count = MD_X86_THREAD_STATE64_COUNT;
	return 0;
}

/*
 * Routine:	md_thread_set_state
 * Purpose:	Write a thread's user registers (x86_THREAD_STATE64); the
 *		thread resumes user mode with them.  cs/fs/gs are ignored,
 *		rflags keeps only the arithmetic, trap and direction flags
 *		(interrupts stay enabled).
 * Conditions:	The thread is not running.
 * Returns:	0; 4 (KERN_INVALID_ARGUMENT) for another flavor, a short
 *		count, a rip or rsp outside the user half, or a thread with
 *		no machine thread.
 */
int
md_thread_set_state(
    struct thread *thread, int flavor, const uint32_t *state, uint32_t count)
{
	struct x86_thread *xt = x86_thread_of(thread);
	struct md_x86_thread_state64 s;

	if (xt == NULL || flavor != MD_X86_THREAD_STATE64 ||
	    count < MD_X86_THREAD_STATE64_COUNT)
		return 4;
	__builtin_memcpy(&s, state, sizeof(s));
	if (s.rip >= USER_TOP || s.rsp > USER_TOP)
		return 4;
	x86_splhigh();
	state_to_frame(&s, user_frame(xt));
	x86_splx();
	return 0;
}

/*
 * Routine:	md_thread_enter_user_state
 * Purpose:	Leave the kernel for user mode with the registers of the
 *		current thread's user frame (as md_thread_set_state left
 *		them; a frame never set starts at rip 0 and faults).
 * Conditions:	The current thread has a map; nothing held.
 * Returns:	Never.
 */
void
md_thread_enter_user_state(void)
{
	struct x86_thread *xt = x86_cur;
	struct x86_saved_state *f = user_frame(xt);

	if (xt->xt_pmap == NULL)
		x86_panic("md_thread_enter_user_state: thread %u has no map",
		    xt->xt_id);
	x86_splhigh();
	x86_ast_check();
	f->cs = USER_CS;
	f->ss = USER_DS;
	f->rflags = (f->rflags & RFLAGS_USER) | RFLAGS_IF | 0x2;
	f->trapno = T_STATE_SET;
	x86_intr_depth = 0;
	x86_tss.rsp0 = xt->xt_kstack_top;
	x86_syscall_kstack = xt->xt_kstack_top;
	x86_return_to_user(f);
}
