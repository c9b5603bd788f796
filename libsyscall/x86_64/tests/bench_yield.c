/*
 * bench_yield.c - the machine's floor under a two-task RPC: two copies of
 * this program (two tasks, two address spaces) hand the CPU to each other
 * with swtch_pri.  One iteration of one copy is two traps and two context
 * switches with an address-space change and FPU state save/restore, in
 * guest instructions under -icount shift=0.
 */
#include <stdint.h>
#include "mini_rt.h"

#define WARMUP 1000
#define ROUNDS 20000

int main(int argc, char **argv, char **envp);
uint64_t swtch_pri(int pri);

int
main(int argc, char **argv, char **envp)
{
	uint64_t t0, t1;
	int i;

	for (i = 0; i < WARMUP; i++)
		swtch_pri(0);
	t0 = rdtsc();
	for (i = 0; i < ROUNDS; i++)
		swtch_pri(0);
	t1 = rdtsc();
	put_figure("yield_2task_ns_per_rt", t1 - t0, ROUNDS);
	for (i = 0; i < WARMUP; i++)
		swtch_pri(0); /* keep the peer company until it is done */
	return 0;
}
