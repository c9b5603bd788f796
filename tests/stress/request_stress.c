/*
 * request_stress.c - multi-threaded, multi-task stress of the request
 * table and everything around it, for ThreadSanitizer (hosted tsan).
 *
 * Three tasks, twelve threads:
 *
 *	task 1 (this program)            tasks 2, 3 ("helper N")
 *	  main: rendezvous, pool, end      control: slot updates, STOP, FINAL
 *	  2 receivers (port set, slowly)   3 workers: random operations
 *	  1 destroyer (kills pool ports,
 *	    hands out replacements)
 *
 * A pool of shared ports with qlimit 1 lives in task 1 (receive rights,
 * in one port set).  The helpers hold send rights to them, delivered as
 * port descriptors: through the bootstrap port (TASK_BOOTSTRAP_PORT,
 * inherited by harbor_spawn) each helper sends a hello carrying its
 * control port, and task 1 sends each pool slot's send right to it, then
 * again whenever the destroyer replaces a port.
 *
 * Workers, each owning some slots for requests, randomly: send with
 * MACH_SEND_NOTIFY|MACH_SEND_TIMEOUT (timeout 0), register send-possible
 * (delayed or immediate) and dead-name requests, cancel them, send
 * messages carrying send rights, change urefs, ask types, and drain their
 * notify ports.  Every registered request is a "pending" entry that must
 * be resolved by exactly the notification the spec promises: SEND_POSSIBLE
 * or DEAD_NAME for a send-possible request (in particular for a waiter
 * whose MACH_SEND_NOTIFY send timed out), DEAD_NAME for a dead-name
 * request, or the caller's own cancellation.  At the end task 1 destroys
 * every pool port, so every request still registered must see DEAD_NAME.
 *
 * Verdicts (KTAP, last line from tests/run-tests.sh):
 *	no ThreadSanitizer report	TSan makes the process exit non-zero
 *	no deadlock			the runner's hard timeout
 *	no leak				the hosted runtime exits 99 if a zone
 *					counter is not back to its baseline
 *	no lost notification		every pending entry resolved
 *
 * usage: request_stress [-s seed] [-t seconds]
 */
#include <mach/mach.h>
#include <harbor/spawn.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NPOOL 8        /* shared ports */
#define NHELPERS 2     /* helper tasks */
#define NWORKERS 3     /* worker threads per helper */
#define NRECEIVERS 2   /* receiver threads in task 1 */
#define MAX_PENDING 64 /* per worker */

/* Message ids of the control protocol. */
enum {
	ID_HELLO = 100,  /* helper -> main: local port = control port */
	ID_SLOT = 200,   /* main -> helper: slot, send right */
	ID_STOP = 300,   /* main -> helper: stop the workers */
	ID_DONE = 400,   /* helper -> main: workers stopped */
	ID_FINAL = 500,  /* main -> helper: pool destroyed, settle */
	ID_REPORT = 600, /* helper -> main: counters */
	ID_TRAFFIC = 1000,
	ID_TRAFFIC_RIGHT = 1001,
};

typedef struct {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t port;
	uint32_t value;
} port_msg_t;

typedef struct {
	mach_msg_header_t header;
	uint32_t value[8];
} data_msg_t;

typedef union {
	mach_msg_header_t header;
	uint8_t bytes[1024];
} rcv_buf_t;

static uint64_t seed = 1;
static unsigned duration = 8;

static uint32_t
rng(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return (uint32_t)(x >> 16);
}

static void
sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static mach_msg_return_t
send_port(mach_port_t dest, mach_msg_id_t id, mach_port_t right,
    mach_msg_type_name_t disp, uint32_t value, mach_msg_option_t opt)
{
	port_msg_t m;

	memset(&m, 0, sizeof(m));
	m.header.msgh_bits = MACH_MSGH_BITS_SET(
	    MACH_MSG_TYPE_COPY_SEND, 0, 0, MACH_MSGH_BITS_COMPLEX);
	m.header.msgh_size = sizeof(m);
	m.header.msgh_remote_port = dest;
	m.header.msgh_id = id;
	m.body.msgh_descriptor_count = 1;
	m.port.name = right;
	m.port.disposition = disp;
	m.port.type = MACH_MSG_PORT_DESCRIPTOR;
	m.value = value;
	return mach_msg(&m.header, MACH_SEND_MSG | opt, sizeof(m), 0,
	    MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

static mach_msg_return_t
send_data(mach_port_t dest, mach_msg_id_t id, mach_port_t local,
    mach_msg_type_name_t local_disp, const uint32_t *value, int n,
    mach_msg_option_t opt, mach_msg_timeout_t timeout)
{
	data_msg_t m;

	memset(&m, 0, sizeof(m));
	m.header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, local_disp);
	m.header.msgh_size = sizeof(m);
	m.header.msgh_remote_port = dest;
	m.header.msgh_local_port = local;
	m.header.msgh_id = id;
	if (value != NULL)
		memcpy(m.value, value, (size_t)n * sizeof(uint32_t));
	return mach_msg(&m.header, MACH_SEND_MSG | opt, sizeof(m), 0,
	    MACH_PORT_NULL, timeout, MACH_PORT_NULL);
}

static mach_msg_return_t
receive(mach_port_t from, rcv_buf_t *b, mach_msg_timeout_t timeout)
{
	memset(b, 0, sizeof(mach_msg_header_t));
	return mach_msg(&b->header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
	    sizeof(*b), from, timeout, MACH_PORT_NULL);
}

/* Give up every right a received message carried. */
static void
discard(rcv_buf_t *b)
{
	mach_msg_destroy(&b->header);
}

/* ======================================================================
 * Helper tasks
 * ====================================================================== */

struct slot {
	pthread_mutex_t mtx;
	mach_port_t name; /* send right (or dead name) to the pool port */
	uint32_t gen;
};

enum pend_kind { PEND_SP, PEND_DN };

struct pending {
	mach_port_t name;
	enum pend_kind kind;
	bool timed_out; /* a MACH_SEND_NOTIFY send timed out meanwhile */
	bool live;
};

struct helper;

struct worker {
	struct helper *h;
	int id;
	uint64_t rng;
	mach_port_t notify; /* receive right for this worker's requests */
	struct pending pend[MAX_PENDING];
	/* counters */
	unsigned registered, resolved_sp, resolved_dn, cancelled;
	unsigned timed_out_waiters, woken_waiters, unexpected, ops;
	unsigned other_notes, rejected;
};

/*
 * Every task of the hosted machine lives in the same Linux process, so
 * a helper's state is allocated per task, never kept in globals.
 */
struct helper {
	int id;
	uint64_t seed;
	struct slot slots[NPOOL];
	struct worker workers[NWORKERS];
	int stop; /* atomic */
	pthread_mutex_t done_mtx;
	pthread_cond_t done_cv;
	int workers_done, slots_installed;
	mach_port_t control_port;
};

static bool
owns(struct worker *w, int i)
{
	return i % NWORKERS == w->id;
}

static struct pending *
pend_find(struct worker *w, mach_port_t name)
{
	int i;

	for (i = 0; i < MAX_PENDING; i++) {
		if (w->pend[i].live && w->pend[i].name == name)
			return &w->pend[i];
	}
	return NULL;
}

static struct pending *
pend_add(struct worker *w, mach_port_t name, enum pend_kind kind)
{
	int i;

	for (i = 0; i < MAX_PENDING; i++) {
		if (!w->pend[i].live) {
			w->pend[i] = (struct pending){name, kind, false, true};
			w->registered++;
			return &w->pend[i];
		}
	}
	return NULL;
}

static int
pend_count(struct worker *w)
{
	int i, n = 0;

	for (i = 0; i < MAX_PENDING; i++)
		n += w->pend[i].live;
	return n;
}

/* One notification arrived on the worker's notify port. */
static void
note_arrived(struct worker *w, rcv_buf_t *b)
{
	mach_msg_id_t id = b->header.msgh_id;
	mach_port_name_t name = ((mach_dead_name_notification_t *)b)->not_port;
	struct pending *p;

	if (id != MACH_NOTIFY_SEND_POSSIBLE && id != MACH_NOTIFY_DEAD_NAME) {
		w->other_notes++; /* SEND_ONCE from a cancelled request */
		discard(b);
		return;
	}
	p = pend_find(w, name);
	if (p == NULL) {
		w->unexpected++;
		printf("# worker %d: %s for 0x%x with no request pending\n",
		    w->id,
		    id == MACH_NOTIFY_DEAD_NAME ? "DEAD_NAME" : "SEND_POSSIBLE",
		    name);
	} else if (id == MACH_NOTIFY_SEND_POSSIBLE && p->kind == PEND_DN) {
		w->unexpected++;
		printf("# worker %d: SEND_POSSIBLE for dead-name request "
		       "0x%x\n",
		    w->id, name);
	} else {
		if (id == MACH_NOTIFY_SEND_POSSIBLE)
			w->resolved_sp++;
		else
			w->resolved_dn++;
		if (p->timed_out)
			w->woken_waiters++;
		p->live = false;
	}
	discard(b);
}

static void
drain_notes(struct worker *w, mach_msg_timeout_t timeout)
{
	rcv_buf_t b;

	while (receive(w->notify, &b, timeout) == MACH_MSG_SUCCESS)
		note_arrived(w, &b);
}

static void
w_request(struct worker *w, int i, bool sp)
{
	struct helper *h = w->h;
	mach_port_t name = h->slots[i].name, prev = MACH_PORT_NULL;
	kern_return_t kr;

	if (pend_find(w, name) != NULL)
		return;
	kr = mach_port_request_notification(mach_task_self(), name,
	    sp ? MACH_NOTIFY_SEND_POSSIBLE : MACH_NOTIFY_DEAD_NAME,
	    sp ? rng(&w->rng) % 2 : 0, w->notify, MACH_MSG_TYPE_MAKE_SEND_ONCE,
	    &prev);
	if (kr != KERN_SUCCESS) {
		w->rejected++; /* e.g. a dead name without sync */
		return;
	}
	if (pend_add(w, name, sp ? PEND_SP : PEND_DN) == NULL)
		w->unexpected++;
	if (MACH_PORT_VALID(prev)) {
		/* Our own earlier request, already resolved and drained:
		 * only a fired send-possible slot may be replaced, and it
		 * yields no right. */
		w->unexpected++;
		printf("# worker %d: previous right 0x%x replacing on 0x%x\n",
		    w->id, prev, name);
		mach_port_deallocate(mach_task_self(), prev);
	}
}

static void
w_cancel(struct worker *w, int i)
{
	struct helper *h = w->h;
	mach_port_t name = h->slots[i].name, prev = MACH_PORT_NULL;
	struct pending *p = pend_find(w, name);
	kern_return_t kr;

	if (p == NULL || p->timed_out)
		return;
	kr = mach_port_request_notification(mach_task_self(), name,
	    p->kind == PEND_SP ? MACH_NOTIFY_SEND_POSSIBLE
			       : MACH_NOTIFY_DEAD_NAME,
	    0, MACH_PORT_NULL, MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev);
	if (kr == KERN_SUCCESS && MACH_PORT_VALID(prev)) {
		/* cancelled before it fired: the right comes back to us */
		p->live = false;
		w->cancelled++;
		mach_port_deallocate(mach_task_self(), prev); /* SEND_ONCE */
	}
	/* otherwise it fired (or the port died): its notification is on
	 * its way and resolves the entry */
}

static void
w_send(struct worker *w, int i)
{
	struct helper *h = w->h;
	mach_port_t name = h->slots[i].name;
	struct pending *p = owns(w, i) ? pend_find(w, name) : NULL;
	bool notify = p != NULL && p->kind == PEND_SP;
	mach_msg_return_t mr;

	mr = send_data(name, ID_TRAFFIC, MACH_PORT_NULL, 0, NULL, 0,
	    MACH_SEND_TIMEOUT | (notify ? MACH_SEND_NOTIFY : 0), 0);
	if (mr == MACH_SEND_TIMED_OUT && notify && !p->timed_out) {
		p->timed_out = true;
		w->timed_out_waiters++;
	}
}

static void
w_send_right(struct worker *w, int i)
{
	struct helper *h = w->h;
	(void)w;
	(void)send_port(h->slots[i].name, ID_TRAFFIC_RIGHT, h->slots[i].name,
	    MACH_MSG_TYPE_COPY_SEND, 0, MACH_SEND_TIMEOUT);
}

static void
w_urefs(struct worker *w, int i)
{
	struct helper *h = w->h;
	mach_port_t name = h->slots[i].name;
	mach_port_urefs_t refs;
	mach_port_type_t type;

	(void)w;
	(void)mach_port_type(mach_task_self(), name, &type);
	if (mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND,
		1) == KERN_SUCCESS) {
		(void)mach_port_get_refs(
		    mach_task_self(), name, MACH_PORT_RIGHT_SEND, &refs);
		(void)mach_port_mod_refs(
		    mach_task_self(), name, MACH_PORT_RIGHT_SEND, -1);
	}
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct helper *h = w->h;
	uint32_t r;
	int i;

	while (!__atomic_load_n(&h->stop, __ATOMIC_ACQUIRE)) {
		i = (int)(rng(&w->rng) % NPOOL);
		r = rng(&w->rng) % 100;
		w->ops++;
		if (r >= 85) {
			drain_notes(w, 0);
			continue;
		}
		pthread_mutex_lock(&h->slots[i].mtx);
		if (r < 35)
			w_send(w, i);
		else if (r < 50 && owns(w, i))
			w_request(w, i, true);
		else if (r < 56 && owns(w, i))
			w_request(w, i, false);
		else if (r < 60 && owns(w, i))
			w_cancel(w, i);
		else if (r < 70)
			w_send_right(w, i);
		else
			w_urefs(w, i);
		pthread_mutex_unlock(&h->slots[i].mtx);
	}
	drain_notes(w, 0);
	pthread_mutex_lock(&h->done_mtx);
	h->workers_done++;
	pthread_cond_broadcast(&h->done_cv);
	pthread_mutex_unlock(&h->done_mtx);
	return NULL;
}

/* The helper's control thread: slot updates and STOP. */
static void *
control_main(void *arg)
{
	struct helper *h = arg;
	rcv_buf_t b;
	port_msg_t *m = (port_msg_t *)&b;
	mach_port_t old;
	int i;

	for (;;) {
		if (receive(h->control_port, &b, 100) != MACH_MSG_SUCCESS)
			continue;
		if (b.header.msgh_id == ID_STOP) {
			__atomic_store_n(&h->stop, 1, __ATOMIC_RELEASE);
			return NULL;
		}
		if (b.header.msgh_id != ID_SLOT) {
			discard(&b);
			continue;
		}
		i = (int)m->value;
		pthread_mutex_lock(&h->slots[i].mtx);
		old = h->slots[i].name;
		h->slots[i].name = m->port.name;
		h->slots[i].gen++;
		if (MACH_PORT_VALID(old) && old != m->port.name)
			(void)mach_port_destroy(mach_task_self(), old);
		pthread_mutex_unlock(&h->slots[i].mtx);
		pthread_mutex_lock(&h->done_mtx);
		h->slots_installed++;
		pthread_cond_broadcast(&h->done_cv);
		pthread_mutex_unlock(&h->done_mtx);
	}
}

static int
helper_main(int id, uint64_t hseed)
{
	struct helper *h = calloc(1, sizeof(*h));
	mach_port_t bp = MACH_PORT_NULL;
	pthread_t ctl, wk[NWORKERS];
	rcv_buf_t b;
	uint32_t report[8];
	unsigned unresolved = 0, lost_waiters = 0, unexpected = 0;
	unsigned registered = 0, waiters = 0, woken = 0, ops = 0;
	uint64_t deadline;
	int i;

	if (h == NULL)
		return 2;
	h->id = id;
	h->seed = hseed;
	pthread_mutex_init(&h->done_mtx, NULL);
	pthread_cond_init(&h->done_cv, NULL);
	if (task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, &bp) !=
		KERN_SUCCESS ||
	    mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
		&h->control_port) != KERN_SUCCESS)
		return 2;
	for (i = 0; i < NPOOL; i++)
		pthread_mutex_init(&h->slots[i].mtx, NULL);
	pthread_create(&ctl, NULL, control_main, h);
	report[0] = (uint32_t)id;
	if (send_data(bp, ID_HELLO, h->control_port, MACH_MSG_TYPE_MAKE_SEND,
		report, 1, 0, 0) != MACH_MSG_SUCCESS)
		return 2;
	pthread_mutex_lock(&h->done_mtx);
	while (h->slots_installed < NPOOL)
		pthread_cond_wait(&h->done_cv, &h->done_mtx);
	pthread_mutex_unlock(&h->done_mtx);

	for (i = 0; i < NWORKERS; i++) {
		h->workers[i].h = h;
		h->workers[i].id = i;
		h->workers[i].rng =
		    h->seed * 7919u + (uint64_t)id * 131u + (uint64_t)i + 1;
		mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
		    &h->workers[i].notify);
		pthread_create(&wk[i], NULL, worker_main, &h->workers[i]);
	}
	/* control_main returns on STOP; then wait for the workers */
	pthread_mutex_lock(&h->done_mtx);
	while (h->workers_done < NWORKERS)
		pthread_cond_wait(&h->done_cv, &h->done_mtx);
	pthread_mutex_unlock(&h->done_mtx);
	/* the hosted machine's threads are joinable (md_thread_start) */
	pthread_join(ctl, NULL);
	for (i = 0; i < NWORKERS; i++)
		pthread_join(wk[i], NULL);
	(void)send_data(bp, ID_DONE, MACH_PORT_NULL, 0, NULL, 0, 0, 0);

	/* wait for FINAL (the pool is destroyed), then settle */
	for (;;) {
		if (receive(h->control_port, &b, 10000) != MACH_MSG_SUCCESS) {
			printf("# helper %d: no FINAL\n", id);
			return 3;
		}
		if (b.header.msgh_id == ID_FINAL)
			break;
		discard(&b); /* late SLOT updates */
	}
	deadline = now_ms() + 10000;
	for (i = 0; i < NWORKERS; i++) {
		struct worker *w = &h->workers[i];

		while (pend_count(w) != 0 && now_ms() < deadline)
			drain_notes(w, 50);
		unresolved += (unsigned)pend_count(w);
		lost_waiters += w->timed_out_waiters - w->woken_waiters;
		for (int k = 0; k < MAX_PENDING; k++) {
			if (w->pend[k].live)
				printf("# helper %d worker %d: %s request on "
				       "0x%x never resolved%s\n",
				    id, i,
				    w->pend[k].kind == PEND_SP ? "send-possible"
							       : "dead-name",
				    w->pend[k].name,
				    w->pend[k].timed_out ? " (timed-out waiter)"
							 : "");
		}
		drain_notes(w, 0);
		unexpected += w->unexpected;
		registered += w->registered;
		waiters += w->timed_out_waiters;
		woken += w->woken_waiters;
		ops += w->ops;
		printf("# helper %d worker %d: %u ops, %u requests (%u sp, %u "
		       "dn, %u cancelled, %u refused), %u timed-out waiters, "
		       "%u woken\n",
		    id, i, w->ops, w->registered, w->resolved_sp,
		    w->resolved_dn, w->cancelled, w->rejected,
		    w->timed_out_waiters, w->woken_waiters);
		mach_port_destroy(mach_task_self(), w->notify);
	}
	for (i = 0; i < NPOOL; i++) {
		if (MACH_PORT_VALID(h->slots[i].name))
			mach_port_destroy(mach_task_self(), h->slots[i].name);
	}
	report[0] = (uint32_t)id;
	report[1] = unresolved;
	report[2] = lost_waiters;
	report[3] = unexpected;
	report[4] = registered;
	report[5] = waiters;
	report[6] = woken;
	report[7] = ops;
	(void)send_data(bp, ID_REPORT, MACH_PORT_NULL, 0, report, 8, 0, 0);
	mach_port_destroy(mach_task_self(), h->control_port);
	mach_port_deallocate(mach_task_self(), bp);
	free(h);
	return unresolved || lost_waiters || unexpected ? 1 : 0;
}

/* ======================================================================
 * Task 1
 * ====================================================================== */

static mach_port_t pool[NPOOL];
static pthread_mutex_t pool_mtx = PTHREAD_MUTEX_INITIALIZER;
static mach_port_t pset;
static mach_port_t helper_ports[NHELPERS];
static int main_stop_destroyer, main_stop_receivers; /* atomic */
static int main_threads_done;
static pthread_mutex_t main_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t main_cv = PTHREAD_COND_INITIALIZER;
static unsigned received, replaced, tweaked;

static mach_port_t
pool_port_new(void)
{
	mach_port_limits_t lim = {.mpl_qlimit = 1};
	mach_port_t p;

	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p) !=
	    KERN_SUCCESS)
		return MACH_PORT_NULL;
	mach_port_set_attributes(mach_task_self(), p, MACH_PORT_LIMITS_INFO,
	    (mach_port_info_t)&lim, MACH_PORT_LIMITS_INFO_COUNT);
	mach_port_insert_right(mach_task_self(), p, p, MACH_MSG_TYPE_MAKE_SEND);
	mach_port_insert_member(mach_task_self(), p, pset);
	return p;
}

static void
hand_out(int i)
{
	int h;

	for (h = 0; h < NHELPERS; h++)
		(void)send_port(helper_ports[h], ID_SLOT, pool[i],
		    MACH_MSG_TYPE_COPY_SEND, (uint32_t)i, 0);
}

static void
main_thread_done(void)
{
	pthread_mutex_lock(&main_mtx);
	main_threads_done++;
	pthread_cond_broadcast(&main_cv);
	pthread_mutex_unlock(&main_mtx);
}

static void *
receiver_main(void *arg)
{
	uint64_t r = seed * 31u + (uintptr_t)arg;
	rcv_buf_t b;

	while (!__atomic_load_n(&main_stop_receivers, __ATOMIC_ACQUIRE)) {
		if (receive(pset, &b, 20) == MACH_MSG_SUCCESS) {
			__atomic_add_fetch(&received, 1, __ATOMIC_RELAXED);
			discard(&b);
		}
		/* slow consumer: keep the qlimit-1 queues mostly full */
		if (rng(&r) % 4 == 0)
			sleep_ms(1);
	}
	main_thread_done();
	return NULL;
}

/* The parent's notify port (in the port set; the receivers discard
 * what arrives: NO_SENDERS, SEND_ONCE). */
static mach_port_t pnotify;

/* One change to a live pool port other than replacing it. */
static void
pool_tweak(int i, uint64_t *r)
{
	mach_port_limits_t lim = {.mpl_qlimit = 1 + rng(r) % 3};
	int size = 2 + (int)(rng(r) % 600);
	mach_port_t prev = MACH_PORT_NULL;

	switch (rng(r) % 3) {
	case 0: /* spec 5.6: raising wakes senders, never fires requests */
		(void)mach_port_set_attributes(mach_task_self(), pool[i],
		    MACH_PORT_LIMITS_INFO, (mach_port_info_t)&lim,
		    MACH_PORT_LIMITS_INFO_COUNT);
		break;
	case 1: /* decision 6: explicit growth while others register */
		(void)mach_port_set_attributes(mach_task_self(), pool[i],
		    MACH_PORT_DNREQUESTS_SIZE, (mach_port_info_t)&size,
		    MACH_PORT_DNREQUESTS_SIZE_COUNT);
		break;
	default: /* a no-senders request on the receive right */
		if (mach_port_request_notification(mach_task_self(), pool[i],
			MACH_NOTIFY_NO_SENDERS, 0, pnotify,
			MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev) == KERN_SUCCESS &&
		    MACH_PORT_VALID(prev))
			mach_port_deallocate(mach_task_self(), prev);
		break;
	}
}

static void *
destroyer_main(void *arg)
{
	uint64_t r = seed * 17u + 5;
	int i;

	(void)arg;
	while (!__atomic_load_n(&main_stop_destroyer, __ATOMIC_ACQUIRE)) {
		sleep_ms(10 + rng(&r) % 40);
		i = (int)(rng(&r) % NPOOL);
		pthread_mutex_lock(&pool_mtx);
		if (rng(&r) % 4 == 0) {
			(void)mach_port_destroy(mach_task_self(), pool[i]);
			pool[i] = pool_port_new();
			hand_out(i);
			replaced++;
		} else {
			pool_tweak(i, &r);
			tweaked++;
		}
		pthread_mutex_unlock(&pool_mtx);
	}
	main_thread_done();
	return NULL;
}

static void
wait_main_threads(int n)
{
	pthread_mutex_lock(&main_mtx);
	while (main_threads_done < n)
		pthread_cond_wait(&main_cv, &main_mtx);
	pthread_mutex_unlock(&main_mtx);
}

static int
ktap(int num, bool ok, const char *name)
{
	printf("%sok %d %s\n", ok ? "" : "not ", num, name);
	return ok ? 0 : 1;
}

/*
 * Routine:	main
 * Purpose:
 *	Task 1 of the stress test (or, with "helper N seed secs", one of
 *	the helper tasks it spawns): set up the pool, run for the given
 *	time, collect the helpers' reports and print the KTAP verdicts.
 * Conditions:
 *	Hosted user program (the hosted runtime calls it in a new task).
 * Returns:
 *	0 if every verdict passed, 1 otherwise (2, 3: helper set-up or
 *	protocol failure).
 */
int
main(int argc, char **argv)
{
	mach_port_t rv;
	pid_t pids[NHELPERS];
	pthread_t rcv[NRECEIVERS], dst;
	rcv_buf_t b;
	data_msg_t *dm = (data_msg_t *)&b;
	uint32_t reports[NHELPERS][8];
	bool got_report[NHELPERS] = {false};
	int i, h, c, status[NHELPERS], failed = 0, connected = 0;
	char sbuf[32], dbuf[32], hbuf[8];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && strcmp(argv[1], "helper") == 0 && argc >= 5) {
		return helper_main(atoi(argv[2]), strtoull(argv[3], NULL, 0));
	}
	while ((c = getopt(argc, argv, "s:t:")) != -1) {
		if (c == 's')
			seed = strtoull(optarg, NULL, 0);
		else if (c == 't')
			duration = (unsigned)atoi(optarg);
	}
	if (seed == 0)
		seed = 1;
	printf("KTAP version 1\n1..5\n# seed %llu, %u s\n",
	    (unsigned long long)seed, duration);

	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &rv);
	mach_port_insert_right(
	    mach_task_self(), rv, rv, MACH_MSG_TYPE_MAKE_SEND);
	task_set_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, rv);
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &pset);
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &pnotify);
	mach_port_insert_member(mach_task_self(), pnotify, pset);
	for (i = 0; i < NPOOL; i++)
		pool[i] = pool_port_new();

	snprintf(sbuf, sizeof(sbuf), "%llu", (unsigned long long)seed);
	snprintf(dbuf, sizeof(dbuf), "%u", duration);
	for (h = 0; h < NHELPERS; h++) {
		char *args[] = {argv[0], "helper", hbuf, sbuf, dbuf, NULL};

		snprintf(hbuf, sizeof(hbuf), "%d", h + 1);
		if (harbor_spawn(&pids[h], argv[0], args) != 0)
			pids[h] = -1;
	}
	for (h = 0; h < NHELPERS; h++) {
		if (receive(rv, &b, 10000) != MACH_MSG_SUCCESS ||
		    b.header.msgh_id != ID_HELLO)
			break;
		helper_ports[h] = b.header.msgh_remote_port;
		connected++;
	}
	failed += ktap(1, connected == NHELPERS, "rendezvous_three_tasks");
	if (connected != NHELPERS)
		return 1;
	pthread_mutex_lock(&pool_mtx);
	for (i = 0; i < NPOOL; i++)
		hand_out(i);
	pthread_mutex_unlock(&pool_mtx);

	for (i = 0; i < NRECEIVERS; i++)
		pthread_create(
		    &rcv[i], NULL, receiver_main, (void *)(uintptr_t)i);
	pthread_create(&dst, NULL, destroyer_main, NULL);

	sleep_ms(duration * 1000);

	__atomic_store_n(&main_stop_destroyer, 1, __ATOMIC_RELEASE);
	wait_main_threads(1);
	pthread_join(dst, NULL);
	for (h = 0; h < NHELPERS; h++)
		(void)send_data(
		    helper_ports[h], ID_STOP, MACH_PORT_NULL, 0, NULL, 0, 0, 0);
	for (h = 0; h < NHELPERS; h++) {
		if (receive(rv, &b, 30000) != MACH_MSG_SUCCESS ||
		    b.header.msgh_id != ID_DONE)
			printf("# helper did not stop\n");
	}
	__atomic_store_n(&main_stop_receivers, 1, __ATOMIC_RELEASE);
	wait_main_threads(1 + NRECEIVERS);
	for (i = 0; i < NRECEIVERS; i++)
		pthread_join(rcv[i], NULL);
	/* every request still registered now gets DEAD_NAME */
	for (i = 0; i < NPOOL; i++)
		(void)mach_port_destroy(mach_task_self(), pool[i]);
	for (h = 0; h < NHELPERS; h++)
		(void)send_data(helper_ports[h], ID_FINAL, MACH_PORT_NULL, 0,
		    NULL, 0, 0, 0);
	for (h = 0; h < NHELPERS; h++) {
		if (receive(rv, &b, 30000) != MACH_MSG_SUCCESS ||
		    b.header.msgh_id != ID_REPORT)
			continue;
		i = (int)dm->value[0] - 1;
		if (i >= 0 && i < NHELPERS) {
			memcpy(reports[i], dm->value, sizeof(reports[i]));
			got_report[i] = true;
		}
	}
	for (h = 0; h < NHELPERS; h++) {
		status[h] = -1;
		if (pids[h] > 0)
			(void)harbor_waitpid(pids[h], &status[h]);
	}
	printf("# task 1: %u messages received, %u ports replaced, %u "
	       "qlimit/table-size/no-senders changes\n",
	    received, replaced, tweaked);
	for (h = 0; h < NHELPERS; h++) {
		if (got_report[h])
			printf(
			    "# helper %d: %u ops, %u requests, %u timed-out "
			    "send-possible waiters, %u woken, %u unresolved, "
			    "%u unexpected notifications\n",
			    h + 1, reports[h][7], reports[h][4], reports[h][5],
			    reports[h][6], reports[h][1], reports[h][3]);
	}
	failed += ktap(2,
	    got_report[0] && got_report[1] && status[0] == 0 && status[1] == 0,
	    "helpers_finished_cleanly");
	failed += ktap(3,
	    got_report[0] && got_report[1] && reports[0][1] == 0 &&
		reports[1][1] == 0,
	    "every_request_resolved");
	failed += ktap(4,
	    got_report[0] && got_report[1] && reports[0][2] == 0 &&
		reports[1][2] == 0 && reports[0][5] + reports[1][5] > 0,
	    "every_timed_out_send_possible_waiter_woken");
	failed += ktap(5,
	    got_report[0] && got_report[1] && reports[0][3] == 0 &&
		reports[1][3] == 0,
	    "no_unexpected_notification");
	mach_port_destroy(mach_task_self(), pset);
	mach_port_destroy(mach_task_self(), pnotify);
	mach_port_destroy(mach_task_self(), rv);
	for (h = 0; h < NHELPERS; h++)
		mach_port_deallocate(mach_task_self(), helper_ports[h]);
	printf("# %d failed\n", failed);
	return failed ? 1 : 0;
}
