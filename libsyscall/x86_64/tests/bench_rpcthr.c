/*
 * bench_rpcthr.c - the Mach RPC between two threads of one task, in
 * guest instructions under -icount shift=0: the client thread's
 * mach_msg(SEND|RCV) sends a header-only request (make-send from the
 * receive right it holds) with a make-send-once reply right and waits;
 * the server thread (pthread) replies through the send-once right with a
 * combined send+receive.  Built with the guest libc.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <mach/message.h>

#define WARMUP 1000
#define ROUNDS 50000
#define ID_CALL 1
#define ID_QUIT 2

int main(int argc, char **argv);
mach_msg_return_t
mach_msg_trap(void *msg, mach_msg_option_t option, mach_msg_size_t send_size,
    mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
    mach_msg_timeout_t timeout, mach_port_name_t notify);
mach_port_name_t mach_reply_port(void);

struct msg {
	mach_msg_header_t header;
	uint8_t trailer[64];
};

static mach_port_name_t service;

static inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static void *
server(void *arg)
{
	struct msg m;
	mach_msg_return_t kr;

	kr = mach_msg_trap(&m, MACH_RCV_MSG, 0, sizeof(m), service, 0, 0);
	while (kr == MACH_MSG_SUCCESS && m.header.msgh_id == ID_CALL) {
		m.header.msgh_bits =
		    MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.header.msgh_size = sizeof(mach_msg_header_t);
		m.header.msgh_local_port = 0;
		kr = mach_msg_trap(&m, MACH_SEND_MSG | MACH_RCV_MSG,
		    sizeof(mach_msg_header_t), sizeof(m), service, 0, 0);
	}
	return (void *)(uintptr_t)kr;
}

static mach_msg_return_t
call(struct msg *m, mach_port_name_t reply, int id)
{
	m->header.msgh_bits = MACH_MSGH_BITS(
	    MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m->header.msgh_size = sizeof(mach_msg_header_t);
	m->header.msgh_remote_port = service;
	m->header.msgh_local_port = reply;
	m->header.msgh_voucher_port = 0;
	m->header.msgh_id = id;
	return mach_msg_trap(m,
	    id == ID_QUIT ? MACH_SEND_MSG : MACH_SEND_MSG | MACH_RCV_MSG,
	    sizeof(mach_msg_header_t), sizeof(*m), reply, 0, 0);
}

int
main(int argc, char **argv)
{
	struct msg m;
	mach_port_name_t reply;
	mach_msg_return_t kr = MACH_MSG_SUCCESS;
	uint64_t t0, t1, per100;
	pthread_t th;
	int i, err;

	service = mach_reply_port();
	reply = mach_reply_port();
	err = pthread_create(&th, NULL, server, NULL);
	if (err != 0) {
		printf("harbor rpc_thread: pthread_create failed: %d\n", err);
		return 1;
	}
	for (i = 0; i < WARMUP && kr == MACH_MSG_SUCCESS; i++)
		kr = call(&m, reply, ID_CALL);
	t0 = rdtsc();
	for (i = 0; i < ROUNDS && kr == MACH_MSG_SUCCESS; i++)
		kr = call(&m, reply, ID_CALL);
	t1 = rdtsc();
	if (kr != MACH_MSG_SUCCESS) {
		printf("harbor rpc_thread: mach_msg failed: 0x%x\n", kr);
		return 1;
	}
	per100 = (t1 - t0) * 100 / ROUNDS;
	printf("harbor pingpong_2thread_ns_per_rt=%lu.%02lu n=%d "
	       "total_ns=%lu\n",
	    (unsigned long)(per100 / 100), (unsigned long)(per100 % 100),
	    ROUNDS, (unsigned long)(t1 - t0));
	(void)call(&m, reply, ID_QUIT);
	pthread_join(th, NULL);
	return 0;
}
