/*
 * model.c - random sequences of right operations on send-only names with
 * dead-name requests, checked step by step against a model of the spec
 * (4.1 rows 2, 3, 7-10, 4.3, 4.5, 4.6, 4.7, gotchas 1, 2, 7, 8, 12, 13).
 *
 * Each name of the model is a send right whose receive right is parked on
 * a holder port, so the test decides when the port dies.  After every step
 * the notify port must hold exactly the notifications the model predicts,
 * in order.  The generator is a fixed-seed LCG: a failure repeats.
 */
#include "ipc_test_util.h"

T_GLOBAL_META(T_META_NAMESPACE("harbor.ipc.model"));

#define NSLOTS 4
#define NSTEPS 600
#define HISTORY 12

struct slot {
	mach_port_t name;   /* the send-only name (valid while exists) */
	mach_port_t holder; /* kills the port; NULL once killed */
	bool exists;        /* the name is in the space */
	bool dead;          /* the port died */
	bool req;           /* a request with a right in its slot */
	unsigned urefs;     /* user view after conversion */
};

struct expected {
	mach_msg_id_t id;
	mach_port_t name;
};

struct model {
	struct slot s[NSLOTS];
	struct expected q[16];
	int nq;
	mach_port_t n;
	uint32_t rng;
	char hist[HISTORY][64];
	int step;
};

static struct model *model_for_atend; /* only this task's thread uses it */

static uint32_t
rnd(struct model *m, uint32_t bound)
{
	m->rng = m->rng * 1664525u + 1013904223u;
	return (m->rng >> 8) % bound;
}

static void
note(struct model *m, const char *what, int i)
{
	snprintf(m->hist[m->step % HISTORY], sizeof(m->hist[0]),
	    "step %d: %s slot %d (0x%x)", m->step, what, i, m->s[i].name);
}

static void
print_history(void)
{
	struct model *m = model_for_atend;
	int last = m->step < NSTEPS ? m->step : NSTEPS - 1, k;

	if (!dt_test_failed()) {
		return;
	}
	T_LOG("the last steps before the failure:");
	for (k = last - HISTORY + 1; k <= last; k++) {
		if (k >= 0) {
			T_LOG("%s", m->hist[k % HISTORY]);
		}
	}
}

static void
expect(struct model *m, mach_msg_id_t id, mach_port_t name)
{
	T_QUIET;
	T_ASSERT_LT(m->nq, 16, "model queue");
	m->q[m->nq].id = id;
	m->q[m->nq].name = name;
	m->nq++;
}

static void
check_queue(struct model *m)
{
	int k;

	for (k = 0; k < m->nq; k++) {
		if (m->q[k].id == MACH_NOTIFY_SEND_ONCE) {
			expect_send_once(m->n);
		} else {
			ipc_expect_name_notification(
			    m->n, m->q[k].id, m->q[k].name);
		}
	}
	m->nq = 0;
	expect_nothing(m->n);
}

/* What touching a dead, unconverted entry does (4.3). */
static void
convert(struct slot *s)
{
	if (s->dead && s->req) {
		s->urefs++;
		s->req = false;
	}
}

static void
fresh(struct model *m, int i)
{
	struct slot *s = &m->s[i];

	s->name = ipc_send_only(&s->holder);
	s->exists = true;
	s->dead = false;
	s->req = false;
	s->urefs = 1;
}

static void
op_add_uref(struct model *m, struct slot *s)
{
	kern_return_t kr = mach_port_mod_refs(
	    mach_task_self(), s->name, MACH_PORT_RIGHT_SEND, 1);

	if (s->dead) {
		convert(s);
		T_ASSERT_MACH_ERROR(
		    kr, KERN_INVALID_RIGHT, "mod_refs +1, dead");
	} else {
		T_ASSERT_MACH_SUCCESS(kr, "mod_refs +1");
		s->urefs++;
	}
}

static void
op_deallocate(struct model *m, struct slot *s)
{
	T_ASSERT_MACH_SUCCESS(
	    mach_port_deallocate(mach_task_self(), s->name), "deallocate");
	convert(s);
	if (--s->urefs == 0) {
		s->exists = false;
		if (!s->dead && s->req) {
			expect(m, MACH_NOTIFY_PORT_DELETED, s->name);
		}
		s->req = false;
	}
}

static void
op_destroy(struct model *m, struct slot *s)
{
	T_ASSERT_MACH_SUCCESS(
	    mach_port_destroy(mach_task_self(), s->name), "destroy");
	if (!s->dead && s->req) {
		expect(m, MACH_NOTIFY_PORT_DELETED, s->name);
	}
	s->exists = false;
	s->req = false;
}

static void
op_request(struct model *m, struct slot *s, mach_port_mscount_t sync)
{
	mach_port_t prev;
	kern_return_t kr =
	    ipc_request(s->name, MACH_NOTIFY_DEAD_NAME, sync, m->n, &prev);

	if (!s->dead) {
		T_ASSERT_MACH_SUCCESS(kr, "register (sync %u)", sync);
		if (s->req) {
			T_ASSERT_TRUE(MACH_PORT_VALID(prev), "previous right");
			T_QUIET;
			T_ASSERT_MACH_SUCCESS(
			    mach_port_deallocate(mach_task_self(), prev));
			expect(m, MACH_NOTIFY_SEND_ONCE, 0);
		} else {
			T_ASSERT_EQ(prev, MACH_PORT_NULL, "no previous");
		}
		s->req = true;
		return;
	}
	convert(s);
	if (sync != 0) {
		T_ASSERT_MACH_SUCCESS(kr, "immediate on a dead name");
		T_ASSERT_EQ(prev, MACH_PORT_NULL);
		s->urefs++;
		expect(m, MACH_NOTIFY_DEAD_NAME, s->name);
	} else {
		T_ASSERT_MACH_ERROR(kr, KERN_INVALID_ARGUMENT, "sync 0, dead");
		expect(m, MACH_NOTIFY_SEND_ONCE, 0);
	}
}

static void
op_cancel(struct model *m, struct slot *s)
{
	mach_port_t prev;
	kern_return_t kr = ipc_request(
	    s->name, MACH_NOTIFY_DEAD_NAME, 0, MACH_PORT_NULL, &prev);

	if (!s->req) {
		/* 4.1 step 3: nothing to do, not even a conversion */
		T_ASSERT_MACH_SUCCESS(kr, "cancel nothing");
		T_ASSERT_EQ(prev, MACH_PORT_NULL);
	} else if (!s->dead) {
		T_ASSERT_MACH_SUCCESS(kr, "cancel");
		T_ASSERT_TRUE(MACH_PORT_VALID(prev), "the cancelled right");
		T_QUIET;
		T_ASSERT_MACH_SUCCESS(
		    mach_port_deallocate(mach_task_self(), prev));
		expect(m, MACH_NOTIFY_SEND_ONCE, 0);
		s->req = false;
	} else {
		convert(s);
		T_ASSERT_MACH_ERROR(kr, KERN_INVALID_ARGUMENT, "cancel, dead");
	}
}

static void
op_kill(struct model *m, struct slot *s)
{
	ipc_kill_holder(s->holder);
	s->holder = MACH_PORT_NULL;
	s->dead = true;
	if (s->exists && s->req) {
		expect(m, MACH_NOTIFY_DEAD_NAME, s->name);
	}
}

static void
op_observe(struct model *m, struct slot *s)
{
	convert(s);
	expect_refs(s->name,
	    s->dead ? MACH_PORT_RIGHT_DEAD_NAME : MACH_PORT_RIGHT_SEND,
	    s->urefs);
	expect_type(s->name,
	    s->dead ? MACH_PORT_TYPE_DEAD_NAME
		    : MACH_PORT_TYPE_SEND |
		    (s->req ? MACH_PORT_TYPE_DNREQUEST : 0));
}

static void
run_model(uint32_t seed)
{
	static struct model mdl;
	struct model *m = &mdl;
	int i;

	memset(m, 0, sizeof(*m));
	m->rng = seed;
	m->n = ipc_port();
	model_for_atend = m;
	T_ATEND(print_history);
	for (i = 0; i < NSLOTS; i++) {
		fresh(m, i);
	}
	for (m->step = 0; m->step < NSTEPS; m->step++) {
		int k = (int)rnd(m, NSLOTS);
		struct slot *s = &m->s[k];
		uint32_t op = rnd(m, 9);

		if (!s->exists) {
			if (s->holder != MACH_PORT_NULL) {
				ipc_kill_holder(s->holder);
			}
			note(m, "recreate", k);
			fresh(m, k);
			continue;
		}
		switch (op) {
		case 0:
			note(m, "mod_refs(SEND, +1)", k);
			op_add_uref(m, s);
			break;
		case 1:
		case 2:
			note(m, "deallocate", k);
			op_deallocate(m, s);
			break;
		case 3:
			note(m, "request DN sync 0", k);
			op_request(m, s, 0);
			break;
		case 4:
			note(m, "request DN sync 1", k);
			op_request(m, s, 1);
			break;
		case 5:
			note(m, "cancel", k);
			op_cancel(m, s);
			break;
		case 6:
			if (s->dead) {
				note(m, "destroy", k);
				op_destroy(m, s);
			} else {
				note(m, "kill the port", k);
				op_kill(m, s);
			}
			break;
		case 7:
			note(m, "destroy", k);
			op_destroy(m, s);
			break;
		default:
			note(m, "observe", k);
			op_observe(m, s);
			break;
		}
		check_queue(m);
	}
}

T_DECL(model_seed_1, "600 random steps on 4 names agree with the model")
{
	run_model(1);
}

T_DECL(model_seed_2, "600 random steps on 4 names agree with the model")
{
	run_model(0x5eed);
}

T_DECL(model_seed_3, "600 random steps on 4 names agree with the model")
{
	run_model(0xc0ffee);
}

/*
 * The send-possible model: SEND|RECEIVE names with small queues, sends
 * with and without MACH_SEND_NOTIFY, receives, requests of every kind,
 * qlimit changes (spec 4.1 rows 2-6, 5.1-5.6, gotchas 13, 14, 17, 18).
 */
enum sp_state { SP_NONE, SP_DN, SP_DELAYED, SP_ARMED, SP_FIRED };

struct sp_port {
	mach_port_t name;
	enum sp_state st;
	unsigned msgcount, qlimit;
};

#define SP_NPORTS 3

static void
sp_previous(struct model *m, enum sp_state old, mach_port_t prev)
{
	if (old == SP_NONE || old == SP_FIRED) {
		T_ASSERT_EQ(prev, MACH_PORT_NULL, "no previous right");
		return;
	}
	T_ASSERT_TRUE(MACH_PORT_VALID(prev), "the previous right");
	T_QUIET;
	T_ASSERT_MACH_SUCCESS(mach_port_deallocate(mach_task_self(), prev));
	expect(m, MACH_NOTIFY_SEND_ONCE, 0);
}

static void
sp_send(struct model *m, struct sp_port *p, bool notify)
{
	mach_msg_return_t mr = ipc_send(p->name, notify ? MACH_SEND_NOTIFY : 0);

	if (p->msgcount < p->qlimit) {
		T_ASSERT_MACH_SUCCESS(mr, "send with room");
		p->msgcount++;
		return;
	}
	T_ASSERT_MACH_ERROR(mr, MACH_SEND_TIMED_OUT, "send to a full queue");
	if (notify && p->st == SP_DELAYED) {
		p->st = SP_ARMED;
	}
}

static void
sp_receive(struct model *m, struct sp_port *p)
{
	ipc_msg_buf_t b;
	mach_msg_return_t mr = ipc_recv(p->name, 0, &b, 0);

	if (p->msgcount == 0) {
		T_ASSERT_MACH_ERROR(mr, MACH_RCV_TIMED_OUT, "empty queue");
		return;
	}
	T_ASSERT_MACH_SUCCESS(mr, "receive");
	p->msgcount--;
	if (p->st == SP_ARMED) {
		expect(m, MACH_NOTIFY_SEND_POSSIBLE, p->name);
		p->st = SP_FIRED;
	}
}

static void
sp_request(struct model *m, struct sp_port *p, mach_msg_id_t id,
    mach_port_mscount_t sync, mach_port_t notify)
{
	mach_port_t prev;
	enum sp_state old = p->st;

	T_ASSERT_MACH_SUCCESS(ipc_request(p->name, id, sync, notify, &prev),
	    "%s sync %u%s", ipc_notify_name(id), sync,
	    notify == MACH_PORT_NULL ? " (cancel)" : "");
	if (notify == MACH_PORT_NULL) {
		p->st = SP_NONE;
	} else if (id == MACH_NOTIFY_DEAD_NAME) {
		p->st = SP_DN;
	} else if (sync == 0) {
		p->st = SP_DELAYED;
	} else if (p->msgcount < p->qlimit) {
		/* sent by the call itself, before we release previous */
		expect(m, MACH_NOTIFY_SEND_POSSIBLE, p->name);
		p->st = SP_NONE;
	} else {
		p->st = SP_ARMED;
	}
	sp_previous(m, old, prev);
}

static void
sp_observe(struct sp_port *p)
{
	static const mach_port_type_t bits[] = {
	    [SP_NONE] = 0,
	    [SP_DN] = MACH_PORT_TYPE_DNREQUEST,
	    [SP_DELAYED] = MACH_PORT_TYPE_DNREQUEST | MACH_PORT_TYPE_SPREQUEST |
		MACH_PORT_TYPE_SPREQUEST_DELAYED,
	    [SP_ARMED] = MACH_PORT_TYPE_DNREQUEST | MACH_PORT_TYPE_SPREQUEST,
	    [SP_FIRED] = 0,
	};

	expect_names_type(p->name, MACH_PORT_TYPE_SEND_RECEIVE | bits[p->st]);
	expect_type(p->name,
	    MACH_PORT_TYPE_SEND_RECEIVE |
		(bits[p->st] & MACH_PORT_TYPE_DNREQUEST));
	T_ASSERT_EQ(ipc_status(p->name).mps_msgcount, p->msgcount, "msgcount");
}

static void
run_sp_model(uint32_t seed)
{
	static struct model mdl;
	struct model *m = &mdl;
	struct sp_port ports[SP_NPORTS];
	int i;

	memset(m, 0, sizeof(*m));
	m->rng = seed;
	m->n = ipc_port();
	model_for_atend = m;
	T_ATEND(print_history);
	for (i = 0; i < SP_NPORTS; i++) {
		ports[i].name = ipc_port_send();
		ports[i].st = SP_NONE;
		ports[i].msgcount = 0;
		ports[i].qlimit = 1;
		ipc_set_qlimit(ports[i].name, 1);
		m->s[i].name = ports[i].name;
	}
	for (m->step = 0; m->step < NSTEPS; m->step++) {
		int k = (int)rnd(m, SP_NPORTS);
		struct sp_port *p = &ports[k];

		switch (rnd(m, 11)) {
		case 0:
			note(m, "send", k);
			sp_send(m, p, false);
			break;
		case 1:
		case 2:
			note(m, "send MACH_SEND_NOTIFY", k);
			sp_send(m, p, true);
			break;
		case 3:
		case 4:
			note(m, "receive", k);
			sp_receive(m, p);
			break;
		case 5:
			note(m, "request SP sync 0", k);
			sp_request(m, p, MACH_NOTIFY_SEND_POSSIBLE, 0, m->n);
			break;
		case 6:
			note(m, "request SP sync 1", k);
			sp_request(m, p, MACH_NOTIFY_SEND_POSSIBLE, 1, m->n);
			break;
		case 7:
			note(m, "request DN", k);
			sp_request(m, p, MACH_NOTIFY_DEAD_NAME, 0, m->n);
			break;
		case 8:
			note(m, "cancel", k);
			sp_request(
			    m, p, MACH_NOTIFY_SEND_POSSIBLE, 0, MACH_PORT_NULL);
			break;
		case 9:
			p->qlimit = 1 + rnd(m, 3);
			note(m, "set qlimit", k);
			ipc_set_qlimit(p->name, p->qlimit);
			break;
		default:
			note(m, "observe", k);
			sp_observe(p);
			break;
		}
		check_queue(m);
	}
}

T_DECL(sp_model_seed_1,
    "600 random send-possible steps on 3 ports agree with the model")
{
	run_sp_model(7);
}

T_DECL(sp_model_seed_2,
    "600 random send-possible steps on 3 ports agree with the model")
{
	run_sp_model(0xbadc0de);
}
