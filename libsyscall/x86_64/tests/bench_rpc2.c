/*
 * bench_rpc2.c - the classic Mach RPC between two tasks, in guest
 * instructions under -icount shift=0 (run as init; it spawns itself as
 * the server).
 *
 * Rendezvous: the client makes a port S, gives itself a send right and
 * makes it its bootstrap port (task_set_special_port), and spawns the
 * server, which inherits the bootstrap port, fetches it
 * (task_get_special_port), and sends the client a send right to its
 * service port R in a port descriptor.
 *
 * Round trip: the client's mach_msg(SEND|RCV) sends a header-only
 * request to R (copy-send) with a make-send-once reply right and waits on
 * its reply port; the server's mach_msg(SEND|RCV) replies through the
 * send-once right and waits for the next request.  Two messages, two
 * traps, two context switches with address-space changes.
 */
#include <stdint.h>
#include <mach/message.h>
#include <mach/task_special_ports.h>
#include <task_server.h>
#include "mini_rt.h"
#include "mini_mig.h"

#define WARMUP 1000
#define ROUNDS 50000
#define ID_HELLO 4242
#define ID_CALL 1
#define ID_QUIT 2
#define SEND_RCV (MACH_SEND_MSG | MACH_RCV_MSG)

kern_return_t mach_port_insert_right(mach_port_t task, mach_port_name_t name,
    mach_port_t poly, mach_msg_type_name_t polyPoly);
int main(int argc, char **argv, char **envp);

struct port_msg {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t port;
	uint8_t trailer[64];
};

struct plain_msg {
	mach_msg_header_t header;
	uint8_t trailer[64];
};

static int
fail(const char *what, uint64_t kr)
{
	put("harbor rpc2: ");
	put(what);
	put(" failed: ");
	put_num(kr);
	put("\n");
	return 1;
}

static int
server(void)
{
	static struct port_msg hello;
	static struct plain_msg m;
	mach_port_t boot = 0, r = mach_reply_port();
	kern_return_t kr;

	kr =
	    task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, &boot);
	if (kr != KERN_SUCCESS || boot == 0)
		return fail("task_get_special_port", kr);
	hello.header.msgh_bits =
	    MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	hello.header.msgh_size = sizeof(hello) - sizeof(hello.trailer);
	hello.header.msgh_remote_port = boot;
	hello.header.msgh_id = ID_HELLO;
	hello.body.msgh_descriptor_count = 1;
	hello.port.name = r;
	hello.port.disposition = MACH_MSG_TYPE_MAKE_SEND;
	hello.port.type = MACH_MSG_PORT_DESCRIPTOR;
	kr = mach_msg_trap(
	    &hello, MACH_SEND_MSG, hello.header.msgh_size, 0, 0, 0, 0);
	if (kr != KERN_SUCCESS)
		return fail("hello", kr);
	kr = mach_msg_trap(&m, MACH_RCV_MSG, 0, sizeof(m), r, 0, 0);
	while (kr == KERN_SUCCESS && m.header.msgh_id == ID_CALL) {
		m.header.msgh_bits =
		    MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.header.msgh_size = sizeof(mach_msg_header_t);
		m.header.msgh_local_port = 0;
		kr = mach_msg_trap(&m, SEND_RCV, sizeof(mach_msg_header_t),
		    sizeof(m), r, 0, 0);
	}
	return kr == KERN_SUCCESS ? 0 : fail("serve", kr);
}

static kern_return_t
call(struct plain_msg *m, mach_port_t service, mach_port_t reply, int id)
{
	m->header.msgh_bits = MACH_MSGH_BITS(
	    MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m->header.msgh_size = sizeof(mach_msg_header_t);
	m->header.msgh_remote_port = service;
	m->header.msgh_local_port = reply;
	m->header.msgh_voucher_port = 0;
	m->header.msgh_id = id;
	return mach_msg_trap(m, id == ID_QUIT ? MACH_SEND_MSG : SEND_RCV,
	    sizeof(mach_msg_header_t), sizeof(*m), reply, 0, 0);
}

static int
spawn_server(const char *self, int *pid)
{
	char *argv[3] = {(char *)self, "server", 0};
	char *envp[1] = {0};

	return (int)harbor_unix_trap(
	    SYSCALL_CONSTRUCT_UNIX(244), pid, self, 0, 0, argv, envp);
}

static int
client(const char *self)
{
	static struct port_msg hello;
	static struct plain_msg m;
	mach_port_t s = mach_reply_port(), reply = mach_reply_port();
	kern_return_t kr;
	uint64_t t0, t1;
	int pid = 0, status = 0, i;

	kr = mach_port_insert_right(
	    mach_task_self(), s, s, MACH_MSG_TYPE_MAKE_SEND);
	if (kr != KERN_SUCCESS)
		return fail("mach_port_insert_right", kr);
	kr = task_set_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, s);
	if (kr != KERN_SUCCESS)
		return fail("task_set_special_port", kr);
	if (spawn_server(self, &pid) != 0)
		return fail("posix_spawn", 0);
	kr = mach_msg_trap(&hello, MACH_RCV_MSG, 0, sizeof(hello), s, 0, 0);
	if (kr != KERN_SUCCESS || hello.header.msgh_id != ID_HELLO)
		return fail("rendezvous", kr);
	for (i = 0; i < WARMUP && kr == KERN_SUCCESS; i++)
		kr = call(&m, hello.port.name, reply, ID_CALL);
	t0 = rdtsc();
	for (i = 0; i < ROUNDS && kr == KERN_SUCCESS; i++)
		kr = call(&m, hello.port.name, reply, ID_CALL);
	t1 = rdtsc();
	if (kr != KERN_SUCCESS)
		return fail("call", kr);
	put_figure("pingpong_2task_ns_per_rt", t1 - t0, ROUNDS);
	(void)call(&m, hello.port.name, reply, ID_QUIT);
	harbor_unix_trap(SYSCALL_CONSTRUCT_UNIX(7), pid, &status, 0, 0);
	return 0;
}

int
main(int argc, char **argv, char **envp)
{
	if (argc > 1 && argv[1][0] == 's')
		return server();
	return client(argv[0]);
}
