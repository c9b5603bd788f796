/*
 * request_bench.c - the request-table benchmarks of issue 2, item 7,
 * measured as instruction counts under valgrind --tool=callgrind.
 *
 * One scenario per run (argv[1]); the set-up runs uncollected and only
 * the function named bench_measure_* is collected
 * (--toggle-collect=bench_measure_*).  Each run prints
 *	"OPS <n>"	operations inside the collected function
 * so run-bench.sh can divide callgrind's total by n.
 *
 *	pair1 / pair1000 / pair100000
 *		ipc_port_request_alloc + ipc_port_request_cancel pairs on a
 *		port that already has 1, 1,000 or 100,000 other requests
 *		(port lock held around the loop, as ipc_right_request_alloc
 *		holds it)
 *	sp0 / sp100000
 *		ipc_port_spnotify firing one armed send-possible request on a
 *		port with 0 or 100,000 unarmed dead-name requests (decision 8)
 *	death100000
 *		destroying the receive right of a port with 100,000 dead-name
 *		requests (mach_port_destroy: 100,000 DEAD_NAME notifications)
 *	sizes
 *		sizeof of a request slot, an entry and a port
 *
 * Links like a unit test (its own main, raw kernel library); built on the
 * plain variant (no sanitizer, -O2).
 */
#include "../../tests/unit/unit_kernel.h"

#include <ipc/ipc_entry.h>

/* Keep each measured function whole and under its own name (no inlining,
 * no IPA clones such as .constprop), so --toggle-collect finds it. */
#if defined(__clang__)
#define BENCH_FN __attribute__((noinline, used))
#else
#define BENCH_FN __attribute__((noinline, noipa, used))
#endif

#define PAIRS 10000
#define SPREPEAT 100
#define NOTIFY_PORTS 4 /* stay below IPC_QLIMIT_KERNEL per notify port */

static ipc_port_t notify[NOTIFY_PORTS];

static ipc_port_t
so(uint32_t i)
{
	return ipc_port_make_sonce(notify[i % NOTIFY_PORTS]);
}

static void
fill(ipc_port_t port, uint32_t n, ipc_port_request_index_t *idx)
{
	uint32_t i;

	ip_lock(port);
	(void)ipc_port_request_grow(port, n + 2);
	for (i = 0; i < n; i++)
		(void)ut_request(
		    port, 0x10000 + i, so(i), false, false, &idx[i]);
}

/* Collected: PAIRS alloc+cancel pairs, the right reused each time. */
BENCH_FN static void
bench_measure_pairs(ipc_port_t port, ipc_port_t soright, uint32_t n)
{
	ipc_port_request_index_t idx;
	uint32_t i;

	for (i = 0; i < n; i++) {
		(void)ipc_port_request_alloc(
		    port, 0x99, soright, false, false, &idx);
		(void)ipc_port_request_cancel(port, 0x99, idx);
	}
}

/* Collected: arm one request (outside) and fire it. */
BENCH_FN static void
bench_measure_spnotify(ipc_port_t port)
{
	ipc_port_spnotify(port);
}

BENCH_FN static void
bench_measure_death(ipc_space_t space, mach_port_name_t name)
{
	(void)mach_port_destroy(space, name);
}

static ipc_port_request_index_t idx[100001];

static void
pairs(uint32_t others)
{
	ipc_port_t port = ut_port(NULL), s = so(0);

	fill(port, others, idx);
	ip_lock(port);
	bench_measure_pairs(port, s, PAIRS);
	ip_unlock(port);
	ipc_port_release_sonce(s);
	printf("OPS %u\n", PAIRS);
	ut_port_put(port);
}

static void
spfire(uint32_t others)
{
	ipc_port_t port = ut_port(NULL);
	uint32_t i;

	fill(port, others, idx);
	for (i = 0; i < SPREPEAT; i++) {
		ipc_port_request_index_t a;

		(void)ut_request(port, 0x99, so(0), true, true, &a);
		bench_measure_spnotify(port);
		ut_cancel(port, 0x99, a); /* the fired slot: no right */
	}
	printf("OPS %u\n", SPREPEAT);
	ut_port_put(port);
}

static void
death(uint32_t others)
{
	mach_port_name_t name;
	ipc_port_t port = ut_port(&name);

	fill(port, others, idx);
	ut_port_put(port);
	bench_measure_death(ut_cur.space, name);
	printf("OPS %u\n", others);
}

/*
 * Routine:	main
 * Purpose:
 *	Run one benchmark scenario (argv[1]; see the top of this file) and
 *	print "OPS <n>", or print the structure sizes ("sizes").
 * Conditions:
 *	Process entry; run under callgrind by tools/bench/run-bench.sh.
 * Returns:
 *	0, or 2 for an unknown scenario.
 */
int
main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "sizes";
	uint32_t i;

	if (strcmp(what, "sizes") == 0) {
		printf("SLOT %zu\nENTRY %zu\nPORT %zu\n",
		    sizeof(struct ipc_port_request), sizeof(struct ipc_entry),
		    sizeof(struct ipc_port));
		return 0;
	}
	ut_boot();
	ut_task_enter();
	for (i = 0; i < NOTIFY_PORTS; i++)
		notify[i] = ut_port(NULL);
	if (strcmp(what, "pair1") == 0)
		pairs(1);
	else if (strcmp(what, "pair1000") == 0)
		pairs(1000);
	else if (strcmp(what, "pair100000") == 0)
		pairs(100000);
	else if (strcmp(what, "sp0") == 0)
		spfire(0);
	else if (strcmp(what, "sp100000") == 0)
		spfire(100000);
	else if (strcmp(what, "death100000") == 0)
		death(100000);
	else {
		printf("unknown scenario %s\n", what);
		return 2;
	}
	for (i = 0; i < NOTIFY_PORTS; i++)
		ut_port_put(notify[i]);
	ut_task_leave();
	zone_drain();
	return 0;
}
