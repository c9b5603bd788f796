/*
 * tools/demo/notify_demo.c - `make run`: two tasks exercising every Mach
 * notification kind, each message printed as it arrives.
 *
 * The parent registers requests on ports it shares with a child task,
 * then lets the child hold or drop rights and exit; every notification
 * the kernel sends is received and shown (id, size, bits, payload).
 */
#include <mach/mach.h>
#include <harbor/spawn.h>
#include <stdio.h>
#include <string.h>

typedef union {
	mach_msg_header_t h;
	mach_dead_name_notification_t dead_name;
	mach_no_senders_notification_t no_senders;
	mach_port_destroyed_notification_t destroyed;
	uint8_t bytes[256];
} demo_msg_t;

static const char *
demo_kind(mach_msg_id_t id)
{
	switch (id) {
	case MACH_NOTIFY_PORT_DELETED:
		return "PORT_DELETED";
	case MACH_NOTIFY_SEND_POSSIBLE:
		return "SEND_POSSIBLE";
	case MACH_NOTIFY_PORT_DESTROYED:
		return "PORT_DESTROYED";
	case MACH_NOTIFY_NO_SENDERS:
		return "NO_SENDERS";
	case MACH_NOTIFY_SEND_ONCE:
		return "SEND_ONCE";
	case MACH_NOTIFY_DEAD_NAME:
		return "DEAD_NAME";
	default:
		return "(other)";
	}
}

/* Receive one notification on port and print it. */
static mach_msg_id_t
demo_show(mach_port_t port)
{
	demo_msg_t m;
	mach_msg_return_t mr;

	memset(&m, 0, sizeof(m));
	mr = mach_msg(&m.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), port,
	    5000, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS) {
		printf("  receive failed: %s\n", mach_error_string(mr));
		return 0;
	}
	printf("  %-14s id %d size %u bits 0x%08x", demo_kind(m.h.msgh_id),
	    m.h.msgh_id, m.h.msgh_size, m.h.msgh_bits);
	if (m.h.msgh_id == MACH_NOTIFY_NO_SENDERS)
		printf(" mscount %u", m.no_senders.not_count);
	else if (m.h.msgh_id == MACH_NOTIFY_PORT_DESTROYED)
		printf(" receive right 0x%x", m.destroyed.not_port.name);
	else if (m.h.msgh_id != MACH_NOTIFY_SEND_ONCE)
		printf(" name 0x%x", m.dead_name.not_port);
	printf("\n");
	if (m.h.msgh_id == MACH_NOTIFY_PORT_DESTROYED)
		(void)mach_port_mod_refs(mach_task_self(),
		    m.destroyed.not_port.name, MACH_PORT_RIGHT_RECEIVE, -1);
	return m.h.msgh_id;
}

static mach_port_t
demo_port(void)
{
	mach_port_t p;

	(void)mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p);
	return p;
}

static void
demo_request(mach_port_t name, mach_msg_id_t id, mach_port_mscount_t sync,
    mach_port_t notify)
{
	mach_port_t previous = MACH_PORT_NULL;
	kern_return_t kr;

	kr = mach_port_request_notification(mach_task_self(), name, id, sync,
	    notify, MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
	if (kr != KERN_SUCCESS)
		printf("  request %d failed: %s\n", id, mach_error_string(kr));
}

/* Send a port right (disp) to dest in a one-descriptor message. */
static void
demo_send_right(mach_port_t dest, mach_port_t right, mach_msg_type_name_t disp)
{
	struct {
		mach_msg_header_t h;
		mach_msg_body_t b;
		mach_msg_port_descriptor_t d;
	} m;

	memset(&m, 0, sizeof(m));
	m.h.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	m.h.msgh_size = sizeof(m);
	m.h.msgh_remote_port = dest;
	m.h.msgh_id = 1;
	m.b.msgh_descriptor_count = 1;
	m.d.name = right;
	m.d.disposition = disp;
	m.d.type = MACH_MSG_PORT_DESCRIPTOR;
	(void)mach_msg(&m.h, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0,
	    MACH_PORT_NULL);
}

struct demo_port_msg {
	mach_msg_header_t h;
	mach_msg_body_t b;
	mach_msg_port_descriptor_t d;
	mach_msg_trailer_t t;
};

static mach_port_t
demo_receive_right(mach_port_t port)
{
	struct demo_port_msg m;

	memset(&m, 0, sizeof(m));
	if (mach_msg(&m.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), port,
		5000, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		return MACH_PORT_NULL;
	return m.d.name;
}

/*
 * Child: give the parent a send right to a port of its own through the
 * bootstrap port, receive the right the parent sends there, and exit
 * holding it.
 */
static int
demo_child(void)
{
	mach_port_t bp = MACH_PORT_NULL, mine = demo_port(), right;

	(void)task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, &bp);
	demo_send_right(bp, mine, MACH_MSG_TYPE_MAKE_SEND);
	right = demo_receive_right(mine);
	printf("  child task: holds the right as 0x%x and exits\n", right);
	return 0;
}

/* Hand right (with disposition disp) to a child task that then exits. */
static void
demo_with_child(mach_port_t right, mach_msg_type_name_t disp)
{
	char *argv[] = {"notify_demo", "child", NULL};
	mach_port_t rendezvous = demo_port(), child;
	pid_t pid;
	int status;

	(void)mach_port_insert_right(
	    mach_task_self(), rendezvous, rendezvous, MACH_MSG_TYPE_MAKE_SEND);
	(void)task_set_special_port(
	    mach_task_self(), TASK_BOOTSTRAP_PORT, rendezvous);
	if (harbor_spawn(&pid, argv[0], argv) != 0) {
		printf("  spawn failed\n");
		return;
	}
	child = demo_receive_right(rendezvous);
	demo_send_right(child, right, disp);
	(void)harbor_waitpid(pid, &status);
	(void)mach_port_deallocate(mach_task_self(), child);
	(void)task_set_special_port(
	    mach_task_self(), TASK_BOOTSTRAP_PORT, MACH_PORT_NULL);
	(void)mach_port_destroy(mach_task_self(), rendezvous);
}

int
main(int argc, char **argv)
{
	mach_port_t self = mach_task_self(), n = demo_port(), p, so;

	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return demo_child();
	printf("Harbor notification demo: every kind, as messages\n");

	printf("DEAD_NAME: a child task holds the receive right and exits\n");
	p = demo_port();
	(void)mach_port_insert_right(self, p, p, MACH_MSG_TYPE_MAKE_SEND);
	demo_request(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	demo_with_child(p, MACH_MSG_TYPE_MOVE_RECEIVE);
	demo_show(n);
	(void)mach_port_deallocate(self, p);
	(void)mach_port_deallocate(self, p);

	printf(
	    "NO_SENDERS: a child task holds the only send right and exits\n");
	p = demo_port();
	demo_request(p, MACH_NOTIFY_NO_SENDERS, 1, n);
	demo_with_child(p, MACH_MSG_TYPE_MAKE_SEND);
	demo_show(n);

	printf("PORT_DESTROYED: the receive right is rescued\n");
	demo_request(p, MACH_NOTIFY_PORT_DESTROYED, 0, n);
	(void)mach_port_destroy(self, p);
	demo_show(n);

	printf("PORT_DELETED: the name loses its last right first\n");
	p = demo_port();
	(void)mach_port_insert_right(self, p, p, MACH_MSG_TYPE_MAKE_SEND);
	demo_request(p, MACH_NOTIFY_DEAD_NAME, 0, n);
	(void)mach_port_mod_refs(self, p, MACH_PORT_RIGHT_SEND, -1);
	(void)mach_port_mod_refs(self, p, MACH_PORT_RIGHT_RECEIVE, -1);
	demo_show(n);

	printf("SEND_POSSIBLE: a full queue gets room\n");
	p = demo_port();
	{
		mach_port_limits_t lim = {.mpl_qlimit = 1};
		mach_msg_header_t h = {0};

		(void)mach_port_set_attributes(self, p, MACH_PORT_LIMITS_INFO,
		    (mach_port_info_t)&lim, MACH_PORT_LIMITS_INFO_COUNT);
		h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
		h.msgh_size = sizeof(h);
		h.msgh_remote_port = p;
		(void)mach_msg(&h, MACH_SEND_MSG, sizeof(h), 0, MACH_PORT_NULL,
		    0, MACH_PORT_NULL);
		(void)mach_port_insert_right(
		    self, p, p, MACH_MSG_TYPE_MAKE_SEND);
		demo_request(p, MACH_NOTIFY_SEND_POSSIBLE, 1, n);
		(void)mach_msg(
		    &h, MACH_RCV_MSG, 0, sizeof(h) + 64, p, 0, MACH_PORT_NULL);
	}
	demo_show(n);
	(void)mach_port_destroy(self, p);

	printf("SEND_ONCE: a send-once right is destroyed unused\n");
	(void)mach_port_extract_right(self, n, MACH_MSG_TYPE_MAKE_SEND_ONCE,
	    &so, &(mach_msg_type_name_t){0});
	(void)mach_port_deallocate(self, so);
	demo_show(n);

	(void)mach_port_mod_refs(self, n, MACH_PORT_RIGHT_RECEIVE, -1);
	printf("done\n");
	return 0;
}
