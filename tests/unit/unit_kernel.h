/*
 * unit_kernel.h - a small harness for hosted unit tests of kernel
 * internals (tests/unit).
 *
 * A unit test is one Linux process that links the kernel's objects
 * directly (libkernel_raw.a) and has its own main:
 *
 *	main
 *	  ut_boot()                kernel_bootstrap, bind the boot thread
 *	  ut_run(cases)            for each case:
 *	    zone snapshot
 *	    ut_task_enter()        a fresh task, the calling pthread bound to
 *	                           one of its kernel threads (so lock checks
 *	                           run and mach_msg_receive sees its space)
 *	    case body              UT_CHECK(...) as often as it likes
 *	    ut_task_leave()        task terminated: every right destroyed
 *	    zone compare           a counter not back to its snapshot fails
 *	                           the case
 *
 * Output is KTAP ("1..N", "ok N name" / "not ok N name"), which
 * tests/run-tests.sh counts.  The process exits non-zero if any case
 * failed.
 */
#ifndef _TESTS_UNIT_UNIT_KERNEL_H_
#define _TESTS_UNIT_UNIT_KERNEL_H_

#include <kern/startup.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/zalloc.h>
#include <kern/md.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>
#include <ipc/mach_msg.h>
#include <mach/notify.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * The kernel library also holds the hosted machine's process glue
 * (osfmk/hosted/hosted_main.c), which defines main.  These weak
 * stand-ins satisfy the only references to that file from the rest of
 * the kernel, so the linker never pulls it in next to our own main; if
 * the glue ever moves, its strong definitions win.
 */

/*
 * Routine:	hosted_thread_cleanup
 * Purpose:
 *	Weak stand-in: unit tests start no user programs, so an ending
 *	thread has nothing of the hosted machine's to free.
 * Conditions:
 *	Any.
 * Returns:
 *	Nothing.
 */
__attribute__((weak)) void hosted_thread_cleanup(void);
__attribute__((weak)) void
hosted_thread_cleanup(void)
{
}

/*
 * Routine:	md_user_start
 * Purpose:
 *	Weak stand-in: unit tests cannot start user programs.
 * Conditions:
 *	Any.
 * Returns:
 *	78 (ENOSYS-like) always.
 */
__attribute__((weak)) int md_user_start(
    struct thread *thread, const char *path, int argc, char *const argv[]);
__attribute__((weak)) int
md_user_start(
    struct thread *thread, const char *path, int argc, char *const argv[])
{
	(void)thread;
	(void)path;
	(void)argc;
	(void)argv;
	return 78;
}

/* Kernel routines of mach_port.c (their prototypes live in MIG output). */
kern_return_t mach_port_destroy(ipc_space_t space, mach_port_name_t name);

/* --- checks --------------------------------------------------------------- */

static int ut_case_failures;

#define UT_CHECK(cond, ...)                                             \
	do {                                                            \
		if (!(cond)) {                                          \
			printf("# %s:%d: check failed: %s: ", __FILE__, \
			    __LINE__, #cond);                           \
			printf(__VA_ARGS__);                            \
			printf("\n");                                   \
			ut_case_failures++;                             \
		}                                                       \
	} while (0)

#define UT_CHECK_EQ(a, b, what)                                             \
	do {                                                                \
		unsigned long long ut_a_ = (unsigned long long)(a);         \
		unsigned long long ut_b_ = (unsigned long long)(b);         \
		UT_CHECK(ut_a_ == ut_b_, "%s: got 0x%llx, expected 0x%llx", \
		    (what), ut_a_, ut_b_);                                  \
	} while (0)

/* --- boot, tasks, zones ------------------------------------------------- */

static thread_t ut_boot_thread;

struct ut_task {
	task_t task;
	ipc_space_t space;
	thread_t thread;
};

static struct ut_task ut_cur;

static inline void
ut_boot(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	kernel_bootstrap();
	ut_boot_thread = thread_create_internal(kernel_task);
	md_set_current_thread(ut_boot_thread);
}

/* Bind the calling pthread to a new kernel thread of task. */
static inline thread_t
ut_thread_bind(task_t task)
{
	thread_t th = thread_create_internal(task);

	if (th == THREAD_NULL) {
		printf("Bail out! no kernel thread\n");
		exit(2);
	}
	md_set_current_thread(th);
	return th;
}

/* The bound thread ends (its pthread keeps running unbound). */
static inline void
ut_thread_unbind(thread_t th)
{
	thread_terminate_self(); /* leaves the task, unbinds */
	thread_deallocate(th);   /* the reference ut_thread_bind kept */
}

static inline void
ut_task_enter(void)
{
	if (task_create_internal(TASK_NULL, &ut_cur.task) != KERN_SUCCESS) {
		printf("Bail out! no task\n");
		exit(2);
	}
	ut_cur.space = ut_cur.task->itk_space;
	ut_cur.thread = ut_thread_bind(ut_cur.task);
}

static inline void
ut_task_leave(void)
{
	ut_thread_unbind(ut_cur.thread);
	md_set_current_thread(ut_boot_thread);
	(void)task_terminate_internal(ut_cur.task);
	task_deallocate(ut_cur.task);
	memset(&ut_cur, 0, sizeof(ut_cur));
}

#define UT_MAX_ZONES ZONE_MAX_ZONES
struct ut_zone_snap {
	uint32_t count;
	zone_t zone[UT_MAX_ZONES];
	uint64_t live[UT_MAX_ZONES];
	uint64_t bytes[UT_MAX_ZONES];
	int diffs;
};

static inline void
ut_zone_take(zone_t z, void *arg)
{
	struct ut_zone_snap *s = arg;

	if (s->count < UT_MAX_ZONES) {
		s->zone[s->count] = z;
		s->live[s->count] = zone_live(z);
		s->bytes[s->count] =
		    __atomic_load_n(&z->z_bytes, __ATOMIC_RELAXED);
		s->count++;
	}
}

static inline void
ut_zone_compare(zone_t z, void *arg)
{
	struct ut_zone_snap *s = arg;
	uint64_t live = 0, bytes = 0;
	uint32_t i;

	for (i = 0; i < s->count; i++) {
		if (s->zone[i] == z) {
			live = s->live[i];
			bytes = s->bytes[i];
		}
	}
	if (zone_live(z) != live ||
	    __atomic_load_n(&z->z_bytes, __ATOMIC_RELAXED) != bytes) {
		printf("# zone %s: live %llu (%llu bytes), baseline %llu "
		       "(%llu bytes)\n",
		    z->z_name, (unsigned long long)zone_live(z),
		    (unsigned long long)z->z_bytes, (unsigned long long)live,
		    (unsigned long long)bytes);
		s->diffs++;
	}
}

/* Live count of a zone by name (0 if there is no such zone). */
static inline uint64_t
ut_zone_live(const char *name)
{
	zone_t z = zone_find(name);

	return z == ZONE_NULL ? 0 : zone_live(z);
}

static inline uint64_t
ut_zone_bytes(const char *name)
{
	zone_t z = zone_find(name);

	return z == ZONE_NULL ? 0
			      : __atomic_load_n(&z->z_bytes, __ATOMIC_RELAXED);
}

/* --- the case runner ---------------------------------------------------- */

struct ut_case {
	const char *name;
	void (*fn)(void);
	int own_task; /* the case manages tasks and threads itself */
};

static inline int
ut_run(const struct ut_case *cases, int n)
{
	int i, failed = 0;

	const char *only = getenv("UT_ONLY");

	printf("KTAP version 1\n1..%d\n", n);
	for (i = 0; i < n; i++) {
		struct ut_zone_snap before = {0};

		if (only != NULL && strcmp(only, cases[i].name) != 0) {
			printf(
			    "ok %d %s # SKIP UT_ONLY\n", i + 1, cases[i].name);
			continue;
		}
		ut_case_failures = 0;
		zone_iterate(ut_zone_take, &before);
		if (!cases[i].own_task)
			ut_task_enter();
		cases[i].fn();
		if (!cases[i].own_task)
			ut_task_leave();
		zone_iterate(ut_zone_compare, &before);
		if (before.diffs != 0) {
			printf("# %s: %d zone counter(s) not back to their "
			       "baseline\n",
			    cases[i].name, before.diffs);
			ut_case_failures++;
		}
		printf("%sok %d %s\n", ut_case_failures ? "not " : "", i + 1,
		    cases[i].name);
		if (ut_case_failures)
			failed++;
	}
	printf("# %d passed, %d failed\n", n - failed, failed);
	fflush(stdout);
	zone_drain(); /* quarantined elements back, for LeakSanitizer */
	return failed ? 1 : 0;
}

/*
 * The main of a unit-test program: boot the kernel in this process, run
 * the cases (KTAP; UT_ONLY=<case> runs one), exit 0 if every case passed.
 */
#define UT_MAIN(cases)                                                         \
	int main(int argc, char **argv)                                        \
	{                                                                      \
		(void)argc;                                                    \
		(void)argv;                                                    \
		ut_boot();                                                     \
		return ut_run(cases, (int)(sizeof(cases) / sizeof(cases[0]))); \
	}

/* --- ports, rights, requests -------------------------------------------- */

/*
 * A new port whose receive right is named in the current test task's
 * space; the caller also gets a reference of its own (ut_port_put).
 */
static inline ipc_port_t
ut_port(mach_port_name_t *namep)
{
	ipc_port_t port;
	mach_port_name_t name;

	if (ipc_port_alloc(ut_cur.space, false, &name, &port) != KERN_SUCCESS) {
		printf("Bail out! ipc_port_alloc\n");
		exit(2);
	}
	ip_reference(port);
	if (namep != NULL)
		*namep = name;
	return port;
}

static inline void
ut_port_put(ipc_port_t port)
{
	ip_release(port);
}

/*
 * Register a request on port at the port level, growing the table
 * automatically as ipc_right_request_alloc does.  soright is consumed
 * on success and released on failure.
 */
static inline kern_return_t
ut_request(ipc_port_t port, mach_port_name_t name, ipc_port_t soright, bool sp,
    bool immediate, ipc_port_request_index_t *indexp)
{
	kern_return_t kr;

	for (;;) {
		ip_lock(port);
		if (!ip_active(port)) {
			ip_unlock(port);
			ipc_port_release_sonce(soright);
			return KERN_INVALID_RIGHT;
		}
		kr = ipc_port_request_alloc(
		    port, name, soright, sp, immediate, indexp);
		if (kr != KERN_NO_SPACE) {
			ip_unlock(port);
			return kr;
		}
		kr = ipc_port_request_grow(port, ITS_SIZE_NONE); /* unlocks */
		if (kr != KERN_SUCCESS) {
			ipc_port_release_sonce(soright);
			return kr;
		}
	}
}

/* Cancel a request; returns the right it held (released here). */
static inline ipc_port_t
ut_cancel(ipc_port_t port, mach_port_name_t name, ipc_port_request_index_t idx)
{
	ipc_port_t so;

	ip_lock(port);
	so = ipc_port_request_cancel(port, name, idx);
	ip_unlock(port);
	if (IP_VALID(so))
		ipc_port_release_sonce(so);
	return so;
}

static inline uint32_t
ut_table_size(ipc_port_t port)
{
	uint32_t size;

	ip_lock(port);
	size = ipc_port_request_table_size(port);
	ip_unlock(port);
	return size;
}

static inline uint32_t
ut_used(ipc_port_t port)
{
	uint32_t used;

	ip_lock(port);
	used = ipc_port_request_used(port);
	ip_unlock(port);
	return used;
}

static inline mach_port_type_t
ut_type(ipc_port_t port, mach_port_name_t name, ipc_port_request_index_t idx)
{
	mach_port_type_t t;

	ip_lock(port);
	t = ipc_port_request_type(port, name, idx);
	ip_unlock(port);
	return t;
}

/* A received notification (user layout: header, NDR, name). */
struct ut_note {
	mach_msg_user_header_t hdr;
	NDR_record_t ndr;
	mach_port_name_t name;
	uint8_t trailer[128];
};

/*
 * Receive one message from a receive right of the current task without
 * waiting, through the same path as the mach_msg trap.  Returns the
 * mach_msg result; on success *idp and *namep hold msgh_id and the
 * notification's name field.
 */
static inline mach_msg_return_t
ut_receive(mach_port_name_t rcv, mach_msg_id_t *idp, mach_port_name_t *namep)
{
	struct ut_note note;
	mach_msg_return_t mr;

	memset(&note, 0, sizeof(note));
	mr = mach_msg_overwrite_trap((uint64_t)(uintptr_t)&note,
	    MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(note), rcv, 0,
	    MACH_PORT_NULL, 0);
	if (mr == MACH_MSG_SUCCESS) {
		*idp = note.hdr.msgh_id;
		*namep = note.name;
	}
	return mr;
}

/*
 * Run fn in a forked child whose stdout and stderr are captured in out
 * (NUL-terminated).  The child exits 0 if fn returns.  Returns the
 * child's wait status.  Used for what must panic (the hosted panic ends
 * the process with md_halt(3)) or may crash.
 */
static inline int
ut_fork(void (*fn)(void *), void *arg, char *out, size_t outsz)
{
	int fds[2], status = 0;
	char junk[256];
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	fflush(stdout);
	if (pipe(fds) != 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		fn(arg);
		fflush(stdout);
		_exit(0);
	}
	close(fds[1]);
	while (len + 1 < outsz &&
	    (n = read(fds[0], out + len, outsz - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	while (read(fds[0], junk, sizeof(junk)) > 0)
		; /* discard the rest */
	close(fds[0]);
	waitpid(pid, &status, 0);
	return status;
}

/* strstr (the kernel's libkern string.h has none). */
static inline bool
ut_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++) {
		if (strncmp(hay, needle, n) == 0)
			return true;
	}
	return n == 0;
}

/* Simple deterministic PRNG (xorshift64*). */
static uint64_t ut_rng_state = 0x9e3779b97f4a7c15ull;

static inline uint32_t
ut_rand(void)
{
	uint64_t x = ut_rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	ut_rng_state = x;
	return (uint32_t)((x * 0x2545f4914f6cdd1dull) >> 32);
}

#endif /* _TESTS_UNIT_UNIT_KERNEL_H_ */
