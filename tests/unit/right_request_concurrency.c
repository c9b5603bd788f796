/*
 * right_request_concurrency.c - the right layer's request registration
 * (ipc_right_request_alloc, spec 4.1) from many spaces at once on one
 * port, so that its unlock-grow-relookup loop (spec 8: "table growth drops
 * the space lock, then the port lock, ... and the caller re-looks-up
 * everything afterwards") runs concurrently with registrations,
 * replacements and cancellations from other spaces.
 *
 * 256 tasks each hold a send right to the port under the same name;
 * four threads register, replace and cancel dead-name and send-possible
 * requests for their 64 tasks.  Checked: every registration on a name
 * without a request returns previous NULL; every replacement and every
 * cancellation returns exactly the right registered before; the table
 * holds exactly the live requests; at death exactly one DEAD_NAME per
 * live request arrives, naming the name; zone counters back to baseline.
 */
#include "unit_kernel.h"

#include <ipc/ipc_right.h>
#include <pthread.h>

#define NTASKS 256
#define NTHREADS 4
#define ROUNDS 40
#define SNAME ((mach_port_name_t)0x1503) /* the port's name in each task */

kern_return_t mach_port_insert_right(ipc_space_t space, mach_port_name_t name,
    ipc_port_t poly, mach_msg_type_name_t polyPoly);

static ipc_port_t port;
static task_t tasks[NTASKS];
static pthread_barrier_t barrier;

struct rw {
	int t;
	uint64_t rng;
	ipc_port_t notify;
	mach_port_name_t notify_name;
	bool live[NTASKS / NTHREADS];
	int bad_prev, bad_kr, live_count, regs;
};

static uint32_t
rrand(struct rw *w)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return (uint32_t)(w->rng >> 9);
}

static void *
rw_main(void *arg)
{
	struct rw *w = arg;
	thread_t th = ut_thread_bind(ut_cur.task);
	int r, j;

	for (r = 0; r < ROUNDS; r++) {
		for (j = 0; j < NTASKS / NTHREADS; j++) {
			ipc_space_t space =
			    tasks[w->t * (NTASKS / NTHREADS) + j]->itk_space;
			uint32_t op = rrand(w) % 4;
			bool sp = (rrand(w) & 1) != 0;
			ipc_port_t prev = IP_NULL, so = IP_NULL;
			kern_return_t kr;

			if (op == 0 && w->live[j]) /* cancel */
				kr = ipc_right_request_alloc(
				    space, SNAME, false, sp, IP_NULL, &prev);
			else { /* register or replace (delayed: no firing) */
				so = ipc_port_make_sonce(w->notify);
				kr = ipc_right_request_alloc(
				    space, SNAME, false, sp, so, &prev);
				w->regs++;
			}
			if (kr != KERN_SUCCESS) {
				w->bad_kr++;
				if (so != IP_NULL)
					ipc_port_release_sonce(so);
				continue;
			}
			if (w->live[j] ? prev != w->notify : prev != IP_NULL)
				w->bad_prev++;
			if (IP_VALID(prev))
				ipc_port_release_sonce(prev);
			w->live[j] = so != IP_NULL;
		}
	}
	for (j = 0; j < NTASKS / NTHREADS; j++)
		w->live_count += w->live[j];
	pthread_barrier_wait(&barrier);
	ut_thread_unbind(th);
	return NULL;
}

static void
test_right_layer_concurrent_requests(void)
{
	static struct rw ws[NTHREADS];
	pthread_t pt[NTHREADS];
	mach_port_name_t pname, got;
	mach_msg_id_t id;
	int t, k, live = 0, dn;

	port = ut_port(&pname);
	for (k = 0; k < NTASKS; k++) {
		if (task_create_internal(TASK_NULL, &tasks[k]) !=
			KERN_SUCCESS ||
		    mach_port_insert_right(tasks[k]->itk_space, SNAME,
			ipc_port_make_send(port),
			MACH_MSG_TYPE_PORT_SEND) != KERN_SUCCESS) {
			UT_CHECK(0, "task %d set-up", k);
			return;
		}
	}
	pthread_barrier_init(&barrier, NULL, NTHREADS + 1);
	for (t = 0; t < NTHREADS; t++) {
		memset(&ws[t], 0, sizeof(ws[t]));
		ws[t].t = t;
		ws[t].rng = 0xabcdefull * (uint64_t)(t + 1);
		ws[t].notify = ut_port(&ws[t].notify_name);
		pthread_create(&pt[t], NULL, rw_main, &ws[t]);
	}
	pthread_barrier_wait(&barrier);
	for (t = 0; t < NTHREADS; t++)
		pthread_join(pt[t], NULL);
	pthread_barrier_destroy(&barrier);

	for (t = 0; t < NTHREADS; t++) {
		UT_CHECK_EQ(ws[t].bad_kr, 0, "registration errors");
		UT_CHECK_EQ(ws[t].bad_prev, 0, "wrong previous rights");
		live += ws[t].live_count;
	}
	ip_lock(port);
	UT_CHECK_EQ(ipc_port_request_used(port), live, "slots in use");
	UT_CHECK(ipc_port_request_table_size(port) >= (uint32_t)live + 1,
	    "table holds them");
	ip_unlock(port);
	printf("# %d registrations, %d live at the end, table %u slots\n",
	    ws[0].regs + ws[1].regs + ws[2].regs + ws[3].regs, live,
	    ut_table_size(port));

	UT_CHECK_EQ(mach_port_destroy(ut_cur.space, pname), KERN_SUCCESS,
	    "destroy the port");
	for (t = 0; t < NTHREADS; t++) {
		dn = 0;
		while (ut_receive(ws[t].notify_name, &id, &got) ==
		    MACH_MSG_SUCCESS) {
			UT_CHECK(id == MACH_NOTIFY_DEAD_NAME && got == SNAME,
			    "notification %d for 0x%x", id, got);
			dn++;
		}
		UT_CHECK_EQ(dn, ws[t].live_count, "one DEAD_NAME per request");
	}
	for (k = 0; k < NTASKS; k++) {
		(void)task_terminate_internal(tasks[k]);
		task_deallocate(tasks[k]);
	}
	for (t = 0; t < NTHREADS; t++)
		ut_port_put(ws[t].notify);
	ut_port_put(port);
}

static const struct ut_case cases[] = {
    {"right_layer_requests_from_256_spaces_concurrently",
	test_right_layer_concurrent_requests, 0},
};

UT_MAIN(cases)
