/*
 * boot_threads.c - two threads in one task: a second thread started with
 * the stand-in's bsdthread_create (which goes through md_thread_set_state
 * and md_thread_enter_user_state), sharing the address space, each with
 * its own SSE registers and TLS base across preemption.
 */
#include <stdint.h>
#include "mini_rt.h"

#define SPIN_NS 30000000UL
#define WAIT_NS 2000000000UL

int main(int argc, char **argv, char **envp);

static uint8_t thread_stack[65536] __attribute__((aligned(16)));
static volatile int peer_started, peer_done, peer_sse_ok, peer_tls_ok;
static uint64_t tls_main[2], tls_peer[2];
static int test_num, failures;

static void
check(int ok, const char *name)
{
	char num[4] = {(char)('0' + ++test_num % 10), ' ', '\0'};

	put(ok ? "ok " : "not ok ");
	put(num);
	put(name);
	put("\n");
	failures += !ok;
}

/* Keep a pattern in xmm2/xmm9 while time passes; 1 if it survived. */
static int
sse_hold(uint64_t seed)
{
	uint64_t in[4] = {seed, ~seed, seed * 3, seed ^ 0xabcdef};
	uint64_t out[4], start = harbor_absolute_time();

	__asm__ volatile("movdqu 0(%0), %%xmm2\n\tmovdqu 16(%0), %%xmm9"
			 :
			 : "r"(in)
			 : "xmm2", "xmm9");
	while (harbor_absolute_time() - start < SPIN_NS)
		continue;
	__asm__ volatile("movdqu %%xmm2, 0(%0)\n\tmovdqu %%xmm9, 16(%0)"
			 :
			 : "r"(out)
			 : "memory");
	return out[0] == in[0] && out[1] == in[1] && out[2] == in[2] &&
	    out[3] == in[3];
}

static uint64_t
tls_word(void)
{
	uint64_t v;

	__asm__ volatile("movq %%fs:0, %0" : "=r"(v));
	return v;
}

static void
peer(void *arg)
{
	tls_peer[0] = (uint64_t)arg;
	harbor_set_tsd_base(tls_peer);
	peer_started = 1;
	peer_sse_ok = sse_hold(0x5151515151515151UL);
	peer_tls_ok = tls_word() == (uint64_t)arg;
	peer_done = 1;
	for (;;)
		harbor_trap(SYSCALL_CONSTRUCT_UNIX(361));
}

int
main(int argc, char **argv, char **envp)
{
	int64_t r;
	uint64_t start;
	int sse_ok;

	put("KTAP version 1\n1..5\n");
	tls_main[0] = 0x1234;
	harbor_set_tsd_base(tls_main);
	r = harbor_unix_trap(SYSCALL_CONSTRUCT_UNIX(360), peer,
	    (void *)0x7777UL, thread_stack + sizeof(thread_stack) - 8);
	check(r == 0, "bsdthread_create starts a second thread");
	sse_ok = sse_hold(0x2323232323232323UL);
	start = harbor_absolute_time();
	while (!peer_done && harbor_absolute_time() - start < WAIT_NS)
		continue;
	check(peer_started && peer_done,
	    "the second thread runs in the same address space");
	check(sse_ok && peer_sse_ok, "each thread keeps its SSE registers");
	check(peer_tls_ok && tls_word() == 0x1234,
	    "each thread keeps its TLS base");
	check(start != 0, "both threads were preempted and resumed");
	return failures != 0;
}
