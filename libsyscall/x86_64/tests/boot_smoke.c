/*
 * boot_smoke.c - the first user program of the x86_64 boot smoke test.
 *
 * Proves, in KTAP, that a task can trap into the kernel through every
 * class of the trap ABI, that bad user pointers come back as EFAULT with
 * the kernel still up, and that a task's SSE registers and TLS base
 * survive preemption by other tasks.  It links nothing but crt0 and the
 * trap stubs (libsyscall/x86_64), so it runs before libc exists.
 */
#include <stdint.h>
#include <stddef.h>
#include "../syscall_sw.h"

#define EFAULT 14
#define SSE_SPIN_NS 40000000UL /* 40 ms: several quanta */

uint64_t task_self_trap(void);
uint64_t thread_self_trap(void);
uint64_t host_self_trap(void);
uint64_t mach_reply_port(void);
int main(int argc, char **argv, char **envp);
_Noreturn void exit(int status);

static int test_num, failures;

/*
 * Output is collected up to each newline and written with one trap, so
 * that lines of tasks running at the same time do not interleave.
 */
static void
put(const char *s)
{
	static char line[256];
	static uint64_t line_len;

	for (; *s != '\0'; s++) {
		line[line_len++] = *s;
		if (*s == '\n' || line_len == sizeof(line)) {
			harbor_trap(
			    SYSCALL_CONSTRUCT_UNIX(4), 1, line, line_len);
			line_len = 0;
		}
	}
}

static void
put_num(uint64_t v)
{
	char buf[24];
	int i = 23;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	put(&buf[i]);
}

static void
check(int ok, const char *name)
{
	test_num++;
	put(ok ? "ok " : "not ok ");
	put_num((uint64_t)test_num);
	put(" ");
	put(name);
	put("\n");
	failures += !ok;
}

void
exit(int status)
{
	for (;;)
		harbor_trap(SYSCALL_CONSTRUCT_UNIX(1), status);
}

static void
test_console(void)
{
	static const char msg[] = "# boot_smoke: hello from user mode\n";

	check(harbor_console_write(msg, sizeof(msg) - 1) == 0,
	    "machine-dependent console write");
	check(harbor_unix_trap(
		  SYSCALL_CONSTRUCT_UNIX(4), 1, "# bsd write\n", 12) == 12,
	    "bsd write returns the length");
	check(harbor_unix_trap(SYSCALL_CONSTRUCT_UNIX(4), 99, msg, 1) == -9,
	    "bsd errors come back as errno with the carry flag");
}

static void
test_mach_traps(void)
{
	uint64_t t = task_self_trap(), th = thread_self_trap();
	uint64_t h = host_self_trap(), r = mach_reply_port();

	check(t != 0 && t != ~0UL && th != 0 && h != 0 && r != 0,
	    "mach self traps and mach_reply_port return names");
	check(harbor_trap(SYSCALL_CONSTRUCT_MACH(28)) == t,
	    "harbor_trap and the named stub agree");
}

static void
test_bad_pointers(void)
{
	check(harbor_console_write((void *)0, 16) == EFAULT &&
		harbor_console_write((void *)0x10000000, 16) == EFAULT,
	    "null and unmapped pointers give EFAULT");
	check(
	    harbor_console_write((void *)0xffffffff80100000UL, 16) == EFAULT &&
		harbor_console_write((void *)0x0000800000000000UL, 16) ==
		    EFAULT &&
		harbor_console_write((void *)0x00007ffffffff000UL, 0x2000) ==
		    EFAULT,
	    "kernel, non-canonical and wrapping ranges give EFAULT");
}

static void
test_args(void)
{
	uint64_t n = SYSCALL_CONSTRUCT_MDEP(MDEP_ARG_ECHO);
	int ok = 1;
	uint64_t i;

	for (i = 1; i < 9; i++)
		ok &=
		    harbor_trap(n, i, 11, 22, 33, 44, 55, 66, 77, 88) == i * 11;
	check(ok, "nine trap arguments arrive (registers and stack)");
}

/*
 * uint64_t regs_survive(uint64_t traps): load patterns into the
 * callee-saved registers, make that many traps (long enough to be
 * preempted), and return how many of the six changed.
 */
uint64_t regs_survive(uint64_t traps);
__asm__(".text\n"
	"regs_survive:\n"
	"	pushq %rbx; pushq %rbp; pushq %r12; pushq %r13; pushq %r14\n"
	"	pushq %r15; pushq %rdi\n"
	"	movabsq $0x1111111111111111, %rbx\n"
	"	movabsq $0x2222222222222222, %rbp\n"
	"	movabsq $0x3333333333333333, %r12\n"
	"	movabsq $0x4444444444444444, %r13\n"
	"	movabsq $0x5555555555555555, %r14\n"
	"	movabsq $0x6666666666666666, %r15\n"
	"1:	movl $0x3000042, %eax\n"
	"	syscall\n"
	"	decq (%rsp)\n"
	"	jnz 1b\n"
	"	xorl %eax, %eax\n"
	"	movabsq $0x1111111111111111, %rcx; cmpq %rcx, %rbx; setne %dl\n"
	"	addb %dl, %al\n"
	"	movabsq $0x2222222222222222, %rcx; cmpq %rcx, %rbp; setne %dl\n"
	"	addb %dl, %al\n"
	"	movabsq $0x3333333333333333, %rcx; cmpq %rcx, %r12; setne %dl\n"
	"	addb %dl, %al\n"
	"	movabsq $0x4444444444444444, %rcx; cmpq %rcx, %r13; setne %dl\n"
	"	addb %dl, %al\n"
	"	movabsq $0x5555555555555555, %rcx; cmpq %rcx, %r14; setne %dl\n"
	"	addb %dl, %al\n"
	"	movabsq $0x6666666666666666, %rcx; cmpq %rcx, %r15; setne %dl\n"
	"	addb %dl, %al\n"
	"	popq %rdi; popq %r15; popq %r14; popq %r13; popq %r12\n"
	"	popq %rbp; popq %rbx\n"
	"	ret\n");

static void
sse_load(const uint32_t *p)
{
	__asm__ volatile("movdqu 0(%0), %%xmm0\n\tmovdqu 16(%0), %%xmm1\n\t"
			 "movdqu 32(%0), %%xmm7\n\tmovdqu 48(%0), %%xmm15"
			 :
			 : "r"(p)
			 : "xmm0", "xmm1", "xmm7", "xmm15");
}

static void
sse_store(uint32_t *p)
{
	__asm__ volatile("movdqu %%xmm0, 0(%0)\n\tmovdqu %%xmm1, 16(%0)\n\t"
			 "movdqu %%xmm7, 32(%0)\n\tmovdqu %%xmm15, 48(%0)"
			 :
			 : "r"(p)
			 : "memory");
}

static void
test_sse_and_tls(void)
{
	static uint64_t tls[4];
	uint32_t in[16], out[16];
	uint64_t start, now, fsword;
	uint64_t seed = harbor_absolute_time();
	int i, ok = 1;

	tls[0] = seed ^ 0x5a5a;
	check(harbor_set_tsd_base(tls) == 0, "set the TLS base");
	for (i = 0; i < 16; i++)
		in[i] = (uint32_t)(seed * 2654435761u + (uint64_t)i);
	sse_load(in);
	start = harbor_absolute_time();
	do {
		now = harbor_absolute_time();
	} while (now - start < SSE_SPIN_NS);
	sse_store(out);
	for (i = 0; i < 16; i++)
		ok &= in[i] == out[i];
	check(now > start, "time advances");
	check(ok, "SSE registers survive preemption");
	__asm__ volatile("movq %%fs:0, %0" : "=r"(fsword));
	check(fsword == tls[0], "TLS base survives preemption");
}

int
main(int argc, char **argv, char **envp)
{
	uint64_t t = harbor_absolute_time();

	put("# boot_smoke: main entered at ");
	put_num(t);
	put(" ns of guest time\n");
	put("KTAP version 1\n1..14\n");
	test_console();
	test_mach_traps();
	test_bad_pointers();
	test_args();
	test_sse_and_tls();
	check(regs_survive(200000) == 0,
	    "callee-saved registers survive traps and preemption");
	check(argc >= 1 && argv[0] != NULL && argv[0][0] == '/' &&
		argv[argc] == NULL,
	    "argv from the boot archive path");
	return failures != 0;
}
