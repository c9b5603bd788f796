/*
 * bench_ipc.c - Mach IPC path lengths under -icount shift=0 (guest
 * instructions per operation, read with rdtsc):
 *
 *	self_rpc	one thread, one mach_msg(SEND|RCV) trap: a header-only
 *			message to its own receive right (make-send-once
 *			destination) received back in the same trap
 *
 * The message is built by hand (Apple's layout: bits, size, remote,
 * local, voucher, id = 24 bytes) so that only crt0 and the trap stubs
 * are needed.
 */
#include <stdint.h>
#include "mini_rt.h"

#define WARMUP 1000
#define ROUNDS 50000
#define MAKE_SEND_ONCE 21
#define SEND_RCV 3 /* MACH_SEND_MSG | MACH_RCV_MSG */

int main(int argc, char **argv, char **envp);
uint32_t mach_reply_port(void);
uint32_t mach_msg_trap(void *msg, int option, uint32_t send_size,
    uint32_t rcv_size, uint32_t rcv_name, uint32_t timeout, uint32_t notify);

struct msg {
	uint32_t bits, size, remote, local, voucher, id;
	uint8_t trailer[64];
};

static uint32_t
self_rpc(struct msg *m, uint32_t port)
{
	m->bits = MAKE_SEND_ONCE;
	m->size = 24;
	m->remote = port;
	m->local = 0;
	m->voucher = 0;
	m->id = 1234;
	return mach_msg_trap(m, SEND_RCV, 24, sizeof(*m), port, 0, 0);
}

int
main(int argc, char **argv, char **envp)
{
	static struct msg m;
	uint32_t port = mach_reply_port(), kr = 0;
	uint64_t t0, t1;
	int i;

	for (i = 0; i < WARMUP && kr == 0; i++)
		kr = self_rpc(&m, port);
	if (kr != 0) {
		put("harbor self_rpc: mach_msg failed: ");
		put_num(kr);
		put("\n");
		return 1;
	}
	t0 = rdtsc();
	for (i = 0; i < ROUNDS; i++)
		kr |= self_rpc(&m, port);
	t1 = rdtsc();
	if (kr != 0)
		return 1;
	put_figure("self_rpc_ns_per_rt", t1 - t0, ROUNDS);
	return 0;
}
