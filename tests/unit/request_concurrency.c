/*
 * request_concurrency.c - the request table under concurrent allocation:
 * several pthreads, each bound to a kernel thread of the test task,
 * allocate and cancel requests on one port while its table grows
 * (automatically, and once by an explicit target).
 *
 * Checked: no slot is ever handed to two live requests at once (an
 * ownership byte per slot, set and cleared under the port lock); every
 * live request keeps its name across growth; the table ends at the size
 * the series predicts; the free list is intact afterwards (every slot
 * can be allocated again exactly once); zone counters back to baseline.
 */
#include "unit_kernel.h"

#include <pthread.h>

#define NTHREADS 4
#define PER_THREAD 200 /* live requests per thread at the peak */
#define CHURN 20000    /* alloc/cancel operations per thread */
#define NAME(t, k) ((mach_port_name_t)(((t) + 1) << 16 | ((k) + 1)))

static ipc_port_t port;
static ipc_port_t notify;
static uint8_t owner[IPC_PORT_REQUEST_SLOTS_MAX];
static int dup_slots, bad_kr, bad_names, grows;
static long ops;
static pthread_barrier_t barrier;

struct worker {
	int t;
	uint64_t rng;
	ipc_port_request_index_t idx[PER_THREAD]; /* 0: none */
};

static uint32_t
wrand(struct worker *w)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return (uint32_t)w->rng;
}

static void
w_alloc(struct worker *w, int k)
{
	ipc_port_t so = ipc_port_make_sonce(notify);
	ipc_port_request_index_t idx;
	kern_return_t kr;

	for (;;) {
		ip_lock(port);
		kr = ipc_port_request_alloc(
		    port, NAME(w->t, k), so, k % 3 == 0, k % 5 == 0, &idx);
		if (kr == KERN_SUCCESS) {
			if (owner[idx] != 0)
				__atomic_add_fetch(
				    &dup_slots, 1, __ATOMIC_RELAXED);
			owner[idx] = (uint8_t)(w->t + 1);
			ip_unlock(port);
			w->idx[k] = idx;
			return;
		}
		if (kr != KERN_NO_SPACE) {
			ip_unlock(port);
			break;
		}
		__atomic_add_fetch(&grows, 1, __ATOMIC_RELAXED);
		kr = ipc_port_request_grow(port, ITS_SIZE_NONE); /* unlocks */
		if (kr != KERN_SUCCESS)
			break;
	}
	__atomic_add_fetch(&bad_kr, 1, __ATOMIC_RELAXED);
	ipc_port_release_sonce(so);
}

static void
w_cancel(struct worker *w, int k)
{
	ipc_port_request_index_t idx = w->idx[k];
	ipc_port_t so;

	ip_lock(port);
	if (port->ip_requests[idx].ipr_name != NAME(w->t, k))
		__atomic_add_fetch(&bad_names, 1, __ATOMIC_RELAXED);
	owner[idx] = 0;
	so = ipc_port_request_cancel(port, NAME(w->t, k), idx);
	ip_unlock(port);
	if (IP_VALID(so))
		ipc_port_release_sonce(so);
	w->idx[k] = 0;
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	thread_t th = ut_thread_bind(ut_cur.task);
	int k, i;

	/* phase 1: everyone fills up to PER_THREAD, growing as needed */
	for (k = 0; k < PER_THREAD; k++)
		w_alloc(w, k);
	pthread_barrier_wait(&barrier);
	pthread_barrier_wait(&barrier); /* main checked the size */

	/* phase 2: random churn while thread 0 grows the table explicitly */
	for (i = 0; i < CHURN; i++) {
		k = (int)(wrand(w) % PER_THREAD);
		if (w->t == 0 && i == CHURN / 2) {
			ip_lock(port);
			if (ipc_port_request_grow(port, 4000) != KERN_SUCCESS)
				__atomic_add_fetch(
				    &bad_kr, 1, __ATOMIC_RELAXED);
		}
		if (w->idx[k] != 0)
			w_cancel(w, k);
		else
			w_alloc(w, k);
		__atomic_add_fetch(&ops, 1, __ATOMIC_RELAXED);
	}
	pthread_barrier_wait(&barrier);
	pthread_barrier_wait(&barrier); /* main checked the names */
	for (k = 0; k < PER_THREAD; k++) {
		if (w->idx[k] != 0)
			w_cancel(w, k);
	}
	ut_thread_unbind(th);
	return NULL;
}

static void
check_names(struct worker *ws)
{
	int t, k, live = 0;

	ip_lock(port);
	for (t = 0; t < NTHREADS; t++) {
		for (k = 0; k < PER_THREAD; k++) {
			ipc_port_request_index_t idx = ws[t].idx[k];

			if (idx == 0)
				continue;
			live++;
			UT_CHECK_EQ(port->ip_requests[idx].ipr_name, NAME(t, k),
			    "name of a live request");
			UT_CHECK_EQ(owner[idx], t + 1, "slot owner");
		}
	}
	UT_CHECK_EQ(ipc_port_request_used(port), live, "used slots");
	ip_unlock(port);
}

static void
test_concurrent_alloc_cancel_grow(void)
{
	static struct worker ws[NTHREADS];
	pthread_t pt[NTHREADS];
	uint64_t slots0 = ut_zone_live("ipc.request.slots");
	ipc_port_request_index_t idx;
	uint32_t size, i, n;
	int t;

	port = ut_port(NULL);
	notify = ut_port(NULL);
	memset(owner, 0, sizeof(owner));
	pthread_barrier_init(&barrier, NULL, NTHREADS + 1);
	for (t = 0; t < NTHREADS; t++) {
		memset(&ws[t], 0, sizeof(ws[t]));
		ws[t].t = t;
		ws[t].rng = 0x1234567ull * (uint64_t)(t + 1);
		pthread_create(&pt[t], NULL, worker_main, &ws[t]);
	}

	pthread_barrier_wait(&barrier);
	/* 800 live requests: more than 511, at most 1023 -> 1024 slots */
	UT_CHECK_EQ(ut_table_size(port), 1024, "size after concurrent fill");
	UT_CHECK_EQ(ut_zone_live("ipc.request.slots") - slots0,
	    NTHREADS * PER_THREAD, "slots after fill");
	check_names(ws);
	pthread_barrier_wait(&barrier);

	pthread_barrier_wait(&barrier);
	UT_CHECK_EQ(ut_table_size(port), 4096, "explicit target 4000 -> 4096");
	check_names(ws);
	pthread_barrier_wait(&barrier);
	for (t = 0; t < NTHREADS; t++)
		pthread_join(pt[t], NULL);
	pthread_barrier_destroy(&barrier);

	printf("# %ld churn operations, %d automatic grow calls\n", ops, grows);
	UT_CHECK_EQ(ops, NTHREADS * CHURN, "churn operations");
	UT_CHECK(grows >= 9, "at least 9 automatic grows (2..1024): %d", grows);
	UT_CHECK_EQ(dup_slots, 0, "slots handed to two live requests");
	UT_CHECK_EQ(bad_kr, 0, "unexpected errors");
	UT_CHECK_EQ(bad_names, 0, "names changed under a live request");
	UT_CHECK_EQ(ut_zone_live("ipc.request.slots") - slots0, 0, "slots");

	/* the free list is intact: 4095 distinct slots, then growth */
	size = ut_table_size(port);
	memset(owner, 0, sizeof(owner));
	for (i = 1, n = 0; i < size; i++) {
		ipc_port_t so = ipc_port_make_sonce(notify);

		ip_lock(port);
		if (ipc_port_request_alloc(port, 0x100 + i, so, false, false,
			&idx) == KERN_SUCCESS) {
			UT_CHECK(idx >= 1 && idx < size && owner[idx] == 0,
			    "free list hands out slot %u twice", idx);
			owner[idx] = 1;
			n++;
			so = IP_NULL;
		}
		ip_unlock(port);
		if (so != IP_NULL)
			ipc_port_release_sonce(so);
	}
	UT_CHECK_EQ(n, size - 1, "every slot allocatable once");
	ip_lock(port);
	UT_CHECK_EQ(
	    ipc_port_request_alloc(port, 0x99, notify, false, false, &idx),
	    KERN_NO_SPACE, "then the table is full");
	ip_unlock(port);
	for (i = 1; i < size; i++) {
		if (owner[i])
			ut_cancel(port, port->ip_requests[i].ipr_name, i);
	}
	ut_port_put(port);
	ut_port_put(notify);
}


/* --- arming, firing and cancelling concurrently ---------------------- */

#define SP_WORKERS 4
#define SP_ACTIVE 8      /* live requests per worker */
#define SP_ROUNDS 100000 /* most registrations per worker */
#define SP_NAME(w, seq) ((mach_port_name_t)(((w) + 1) << 20 | (seq)))

struct spw {
	int w;
	uint64_t rng;
	ipc_port_t notify;
	mach_port_name_t notify_name;
	uint32_t seq;                /* registrations so far */
	uint32_t act_seq[SP_ACTIVE]; /* 0: none */
	ipc_port_request_index_t act_idx[SP_ACTIVE];
	bool act_delayed[SP_ACTIVE];
	uint8_t outcome[SP_ROUNDS + 1]; /* per seq: bit 1 SP, bit 2 right */
	int doubles, strays;
};

static int sp_stop;      /* atomic: the firer stops */
static int sp_work_stop; /* atomic: the workers stop */
static int sp_dying;     /* the port may die under the workers */

/* Outcome bits of one registration: exactly one must be set. */
#define OUT_SP 1      /* SEND_POSSIBLE received */
#define OUT_RIGHT 2   /* cancel handed the right back */
#define OUT_DN 4      /* DEAD_NAME received */
#define OUT_REFUSED 8 /* never registered: the port was already dead */

static uint32_t
sprand(struct spw *w)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return (uint32_t)(w->rng >> 11);
}

static void
spw_drain(struct spw *w)
{
	mach_msg_id_t id;
	mach_port_name_t name;
	uint32_t seq;

	while (ut_receive(w->notify_name, &id, &name) == MACH_MSG_SUCCESS) {
		seq = name & 0xfffff;
		if ((id != MACH_NOTIFY_SEND_POSSIBLE &&
			id != MACH_NOTIFY_DEAD_NAME) ||
		    (name >> 20) != (uint32_t)(w->w + 1) || seq == 0 ||
		    seq > w->seq) {
			w->strays++;
			continue;
		}
		if (w->outcome[seq] & (OUT_SP | OUT_DN))
			w->doubles++;
		w->outcome[seq] |=
		    id == MACH_NOTIFY_SEND_POSSIBLE ? OUT_SP : OUT_DN;
	}
}

static void
spw_cancel(struct spw *w, int a)
{
	uint32_t seq = w->act_seq[a];
	ipc_port_t so;

	ip_lock(port);
	if (!ip_active(port)) {
		/* dead: the table is frozen; DEAD_NAME or SEND_POSSIBLE */
		ip_unlock(port);
		w->act_seq[a] = 0;
		return;
	}
	so = ipc_port_request_cancel(port, SP_NAME(w->w, seq), w->act_idx[a]);
	ip_unlock(port);
	if (IP_VALID(so)) {
		w->outcome[seq] |= OUT_RIGHT;
		ipc_port_release_sonce(so);
	}
	w->act_seq[a] = 0;
}

static void *
spw_main(void *arg)
{
	struct spw *w = arg;
	thread_t th = ut_thread_bind(ut_cur.task);
	int i, a;

	for (i = 0; !__atomic_load_n(&sp_work_stop, __ATOMIC_ACQUIRE); i++) {
		uint32_t r = sprand(w) % 8;

		a = (int)(sprand(w) % SP_ACTIVE);
		if (w->act_seq[a] == 0 && w->seq < SP_ROUNDS) {
			bool immediate = (r & 1) != 0;
			ipc_port_request_index_t idx;

			w->seq++;
			if (ut_request(port, SP_NAME(w->w, w->seq),
				ipc_port_make_sonce(w->notify), true, immediate,
				&idx) != KERN_SUCCESS) {
				w->outcome[w->seq] |= OUT_REFUSED;
				if (!__atomic_load_n(
					&sp_dying, __ATOMIC_RELAXED))
					__atomic_add_fetch(
					    &bad_kr, 1, __ATOMIC_RELAXED);
				continue;
			}
			w->act_seq[a] = w->seq;
			w->act_idx[a] = idx;
			w->act_delayed[a] = !immediate;
		} else if (w->act_seq[a] != 0 && w->act_delayed[a] && r < 4) {
			ip_lock(port);
			if (ip_active(port))
				ipc_port_request_sparm(port,
				    SP_NAME(w->w, w->act_seq[a]),
				    w->act_idx[a]);
			ip_unlock(port);
			w->act_delayed[a] = false;
		} else if (w->act_seq[a] != 0 && r >= 6) {
			spw_cancel(w, a);
		}
		if (r == 7)
			spw_drain(w);
	}
	pthread_barrier_wait(&barrier); /* all workers done */
	pthread_barrier_wait(&barrier); /* main fired the rest */
	for (a = 0; a < SP_ACTIVE; a++) {
		if (w->act_seq[a] != 0)
			spw_cancel(w, a);
	}
	spw_drain(w);
	ut_thread_unbind(th);
	return NULL;
}

static void *
firer_main(void *arg)
{
	thread_t th = ut_thread_bind(ut_cur.task);
	uint32_t n = 0;

	(void)arg;
	while (!__atomic_load_n(&sp_stop, __ATOMIC_ACQUIRE)) {
		ipc_port_spnotify(port);
		if (++n % 512 == 0 && n / 512 <= 6) {
			ip_lock(port);
			if (ip_active(port))
				(void)ipc_port_request_grow(
				    port, ITS_SIZE_NONE);
			else
				ip_unlock(port);
		}
	}
	ut_thread_unbind(th);
	return NULL;
}

/*
 * Every send-possible registration ends in exactly one of: its right
 * handed back by cancel (it never fired), one SEND_POSSIBLE (it fired),
 * or one DEAD_NAME (the port died first); never two, never none.  With
 * kill, the port's receive right is destroyed while the workers and the
 * firer run.
 */
static void
arm_fire_cancel(bool kill)
{
	static struct spw ws[SP_WORKERS];
	pthread_t pt[SP_WORKERS], fp;
	uint32_t seq, n[16] = {0};
	mach_port_name_t pname;
	int t;

	port = ut_port(&pname);
	bad_kr = 0;
	pthread_barrier_init(&barrier, NULL, SP_WORKERS + 1);
	__atomic_store_n(&sp_stop, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&sp_dying, kill, __ATOMIC_RELEASE);
	__atomic_store_n(&sp_work_stop, 0, __ATOMIC_RELEASE);
	for (t = 0; t < SP_WORKERS; t++) {
		memset(&ws[t], 0, sizeof(ws[t]));
		ws[t].w = t;
		ws[t].rng = 0x9876543ull * (uint64_t)(t + 3);
		ws[t].notify = ut_port(&ws[t].notify_name);
		pthread_create(&pt[t], NULL, spw_main, &ws[t]);
	}
	pthread_create(&fp, NULL, firer_main, NULL);
	usleep(150000);
	if (kill) {
		UT_CHECK_EQ(mach_port_destroy(ut_cur.space, pname),
		    KERN_SUCCESS, "destroy the port under the workers");
	}
	usleep(150000);
	__atomic_store_n(&sp_work_stop, 1, __ATOMIC_RELEASE);
	pthread_barrier_wait(&barrier);
	__atomic_store_n(&sp_stop, 1, __ATOMIC_RELEASE);
	pthread_join(fp, NULL);
	ipc_port_spnotify(port); /* whatever is still armed fires now */
	pthread_barrier_wait(&barrier);
	for (t = 0; t < SP_WORKERS; t++)
		pthread_join(pt[t], NULL);
	pthread_barrier_destroy(&barrier);

	for (t = 0; t < SP_WORKERS; t++) {
		struct spw *w = &ws[t];

		UT_CHECK_EQ(w->doubles, 0, "registrations notified twice");
		UT_CHECK_EQ(w->strays, 0, "notifications for no request");
		for (seq = 1; seq <= w->seq; seq++) {
			uint8_t o = w->outcome[seq];

			UT_CHECK(o == OUT_SP || o == OUT_RIGHT || o == OUT_DN ||
				o == OUT_REFUSED,
			    "worker %d registration %u: outcome 0x%x (1 fired, "
			    "2 cancelled, 4 dead-name, 8 refused)",
			    t, seq, o);
			n[o & 15]++;
		}
		ut_port_put(w->notify);
	}
	printf("# %u fired, %u cancelled before firing, %u dead-name, %u "
	       "refused (dead); table %u slots\n",
	    n[OUT_SP], n[OUT_RIGHT], n[OUT_DN], n[OUT_REFUSED],
	    ut_table_size(port));
	UT_CHECK(n[OUT_SP] > 0 && n[OUT_RIGHT] > 0, "outcomes exercised");
	UT_CHECK_EQ(bad_kr, 0, "unexpected errors");
	ut_port_put(port);
}

static void
test_concurrent_arm_fire_cancel(void)
{
	arm_fire_cancel(false);
}

static void
test_concurrent_arm_fire_cancel_death(void)
{
	arm_fire_cancel(true);
}

static const struct ut_case cases[] = {
    {"concurrent_alloc_cancel_while_growing", test_concurrent_alloc_cancel_grow,
	0},
    {"concurrent_arm_fire_cancel_exactly_once", test_concurrent_arm_fire_cancel,
	0},
    {"concurrent_arm_fire_cancel_and_port_death_exactly_once",
	test_concurrent_arm_fire_cancel_death, 0},
};

UT_MAIN(cases)
