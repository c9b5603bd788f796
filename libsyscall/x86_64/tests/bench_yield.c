/*
 * bench_yield.c - the machine's floor under a two-task RPC: two copies of
 * this program (two tasks, two address spaces) hand the CPU to each other
 * with swtch_pri.  One iteration of one copy is two traps and two context
 * switches with an address-space change and FPU state save/restore, in
 * guest instructions under -icount shift=0.
 */
#include <stdint.h>
#include "../syscall_sw.h"

#define WARMUP 1000
#define ROUNDS 20000

int main(int argc, char **argv, char **envp);
_Noreturn void exit(int status);
uint64_t swtch_pri(int pri);

void
exit(int status)
{
	for (;;)
		harbor_trap(SYSCALL_CONSTRUCT_UNIX(1), status);
}

static inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

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
			harbor_console_write(line, line_len);
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

int
main(int argc, char **argv, char **envp)
{
	uint64_t t0, t1, per100;
	int i;

	for (i = 0; i < WARMUP; i++)
		swtch_pri(0);
	t0 = rdtsc();
	for (i = 0; i < ROUNDS; i++)
		swtch_pri(0);
	t1 = rdtsc();
	per100 = (t1 - t0) * 100 / ROUNDS;
	put("harbor yield_2task_ns_per_rt=");
	put_num(per100 / 100);
	put(".");
	put_num(per100 % 100 / 10);
	put_num(per100 % 10);
	put(" n=");
	put_num(ROUNDS);
	put(" total_ns=");
	put_num(t1 - t0);
	put("\n");
	for (i = 0; i < WARMUP; i++)
		swtch_pri(0); /* keep the peer company until it is done */
	return 0;
}
