/*
 * lock_assertions.c - the Conditions lines of the request-table routines
 * are checked by the machine (MACH_LOCK_CHECK, MACH_ASSERT in the DEBUG
 * configuration): violating one panics.
 *
 * kern/debug.c has no panic hook, and the hosted panic ends the process
 * (md_halt(3) -> _exit(3)), so each violation runs in a forked child; the
 * parent checks that the child ended with status 3 and printed the
 * expected panic message.  Each violation has a control that does the
 * same thing correctly and must not panic.
 */
#include "unit_kernel.h"

#include <ipc/ipc_notify.h>

#if !MACH_LOCK_CHECK || !MACH_ASSERT
#error "lock assertion tests need the DEBUG configuration"
#endif

/* What every child works on: a port with one request, a notify port. */
struct fixture {
	ipc_port_t port;
	ipc_port_t other;
	ipc_port_t notify;
	ipc_port_request_index_t idx;
};

#define REQ_NAME ((mach_port_name_t)0x1234)

static void
fixture_make(struct fixture *f)
{
	f->port = ut_port(NULL);
	f->other = ut_port(NULL);
	f->notify = ut_port(NULL);
	(void)ut_request(f->port, REQ_NAME, ipc_port_make_sonce(f->notify),
	    true, false, &f->idx);
}

static void
fixture_free(struct fixture *f)
{
	if (f->idx != IE_REQ_NONE)
		ut_cancel(f->port, REQ_NAME, f->idx);
	ut_port_put(f->port);
	ut_port_put(f->other);
	ut_port_put(f->notify);
}

/* --- the violations (run in the child) ---------------------------------- */

static void
v_alloc_unlocked(struct fixture *f, bool ok)
{
	ipc_port_request_index_t idx;
	ipc_port_t so = ipc_port_make_sonce(f->notify);

	if (ok)
		ip_lock(f->port);
	if (ipc_port_request_alloc(f->port, 0x99, so, false, false, &idx) ==
	    KERN_SUCCESS)
		(void)ipc_port_request_cancel(f->port, 0x99, idx);
	if (ok)
		ip_unlock(f->port);
	ipc_port_release_sonce(so);
}

static void
v_cancel_unlocked(struct fixture *f, bool ok)
{
	ipc_port_t so;

	if (ok)
		ip_lock(f->port);
	so = ipc_port_request_cancel(f->port, REQ_NAME, f->idx);
	if (ok)
		ip_unlock(f->port);
	ipc_port_release_sonce(so);
	f->idx = 0;
}

static void
v_sparm_unlocked(struct fixture *f, bool ok)
{
	if (ok)
		ip_lock(f->port);
	ipc_port_request_sparm(f->port, REQ_NAME, f->idx);
	if (ok)
		ip_unlock(f->port);
}

static void
v_grow_unlocked(struct fixture *f, bool ok)
{
	if (ok)
		ip_lock(f->port);
	(void)ipc_port_request_grow(f->port, ITS_SIZE_NONE); /* unlocks */
}

static void
v_rename_unlocked(struct fixture *f, bool ok)
{
	if (ok)
		ip_lock(f->port);
	ipc_port_request_rename(f->port, f->idx, REQ_NAME, REQ_NAME);
	if (ok)
		ip_unlock(f->port);
}

/*
 * Conditions: "the port is locked, or dead".  Regression test: the
 * routine asserted neither until 8ad30a7, so this violation went
 * unnoticed.
 */
static void
v_type_unlocked_active(struct fixture *f, bool ok)
{
	if (ok)
		ip_lock(f->port);
	(void)ipc_port_request_type(f->port, REQ_NAME, f->idx);
	if (ok)
		ip_unlock(f->port);
}

/* Conditions: "the port is locked and active". */
static void
v_alloc_inactive(struct fixture *f, bool ok)
{
	ipc_port_request_index_t idx;
	ipc_port_t so = ipc_port_make_sonce(f->notify);

	ip_lock(f->other);
	if (!ok)
		f->other->ip_object.io_bits &= ~IO_BITS_ACTIVE;
	if (ipc_port_request_alloc(f->other, 0x99, so, false, false, &idx) ==
	    KERN_SUCCESS)
		so = ipc_port_request_cancel(f->other, 0x99, idx);
	ip_unlock(f->other);
	ipc_port_release_sonce(so);
}

/* Lock order: a space lock is never taken while a port is locked. */
static void
v_space_under_port(struct fixture *f, bool ok)
{
	if (ok) {
		is_write_lock(ut_cur.space);
		ip_lock(f->port);
	} else {
		ip_lock(f->port);
		is_write_lock(ut_cur.space);
	}
	ip_unlock(f->port);
	is_write_unlock(ut_cur.space);
}

/* Two ports at once only under ipc_port_multiple_lock. */
static void
v_two_ports(struct fixture *f, bool ok)
{
	if (ok)
		ipc_port_multiple_lock();
	ip_lock(f->port);
	ip_lock(f->other);
	ip_unlock(f->other);
	ip_unlock(f->port);
	if (ok)
		ipc_port_multiple_unlock();
}

static void
v_port_recursive(struct fixture *f, bool ok)
{
	ip_lock(f->port);
	if (!ok)
		ip_lock(f->port);
	ip_unlock(f->port);
}

static void
v_unlock_not_held(struct fixture *f, bool ok)
{
	if (ok)
		ip_lock(f->port);
	ip_unlock(f->port);
}

/* No notification is sent while any IPC lock is held. */
static void
v_notify_locked(struct fixture *f, bool ok)
{
	ipc_port_t so = ipc_port_make_sonce(f->notify);
	mach_msg_id_t id;
	mach_port_name_t name;

	if (!ok)
		ip_lock(f->other);
	ipc_notify_dead_name(so, 0x77);
	if (!ok)
		ip_unlock(f->other);
	(void)id;
	(void)name;
}

/* ipc_port_spnotify: "nothing locked" (an armed request makes it send). */
static void
v_spnotify_space_locked(struct fixture *f, bool ok)
{
	v_sparm_unlocked(f, true); /* arm it, correctly */
	if (!ok)
		is_write_lock(ut_cur.space);
	ipc_port_spnotify(f->port);
	if (!ok)
		is_write_unlock(ut_cur.space);
}

/* --- the runner ------------------------------------------------------ */

struct violation {
	const char *name;
	void (*fn)(struct fixture *, bool ok);
	const char *panic; /* expected substring of the panic message */
};

static const struct violation *cur_violation;
static bool cur_ok;

static void
child(void *arg)
{
	struct fixture f;

	(void)arg;
	ut_task_enter();
	fixture_make(&f);
	cur_violation->fn(&f, cur_ok);
	fixture_free(&f);
	ut_task_leave();
	printf("child: returned normally\n");
}

/* Does out contain one of the '|'-separated alternatives in want? */
static bool
contains_any(const char *out, const char *want)
{
	char alt[128];
	size_t n;

	while (*want != '\0') {
		for (n = 0;
		     want[n] != '\0' && want[n] != '|' && n + 1 < sizeof(alt);
		     n++)
			alt[n] = want[n];
		alt[n] = '\0';
		if (ut_contains(out, alt))
			return true;
		want += n;
		if (*want == '|')
			want++;
	}
	return false;
}

static void
check_violation(const struct violation *v)
{
	static char out[16384];
	int st;

	cur_violation = v;
	cur_ok = true;
	st = ut_fork(child, NULL, out, sizeof(out));
	UT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0 &&
		!ut_contains(out, "panic: "),
	    "control (correct locking) failed: status 0x%x, output:\n%s", st,
	    out);
	cur_ok = false;
	st = ut_fork(child, NULL, out, sizeof(out));
	UT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3,
	    "violation did not panic (status 0x%x), output:\n%s", st, out);
	UT_CHECK(ut_contains(out, "panic: ") && contains_any(out, v->panic),
	    "panic message lacks \"%s\":\n%s", v->panic, out);
}

#define VIOLATION(fn, msg)                                        \
	static void test_##fn(void)                               \
	{                                                         \
		static const struct violation v = {#fn, fn, msg}; \
		check_violation(&v);                              \
	}

VIOLATION(v_alloc_unlocked, "ip_lock_held(port)|not held")
VIOLATION(v_cancel_unlocked, "ip_lock_held(port)|not held")
VIOLATION(v_sparm_unlocked, "ip_lock_held(port)|not held")
VIOLATION(v_grow_unlocked, "ip_lock_held(port)|not held")
VIOLATION(v_rename_unlocked, "ip_lock_held(port)|not held")
VIOLATION(v_type_unlocked_active, "ip_lock_held(port)|not held")
VIOLATION(v_alloc_inactive, "ip_active(port)|not active|inactive")
VIOLATION(v_space_under_port, "lock order violation")
VIOLATION(v_two_ports, "lock order violation")
VIOLATION(v_port_recursive, "taken recursively")
VIOLATION(v_unlock_not_held, "does not own it")
VIOLATION(v_notify_locked, "locks held")
VIOLATION(v_spnotify_space_locked, "locks held")

static const struct ut_case cases[] = {
    {"request_alloc_without_port_lock_panics", test_v_alloc_unlocked, 1},
    {"request_cancel_without_port_lock_panics", test_v_cancel_unlocked, 1},
    {"request_sparm_without_port_lock_panics", test_v_sparm_unlocked, 1},
    {"request_grow_without_port_lock_panics", test_v_grow_unlocked, 1},
    {"request_rename_without_port_lock_panics", test_v_rename_unlocked, 1},
    {"request_type_unlocked_active_port_panics", test_v_type_unlocked_active,
	1},
    {"request_alloc_on_inactive_port_panics", test_v_alloc_inactive, 1},
    {"space_lock_under_port_lock_panics", test_v_space_under_port, 1},
    {"two_port_locks_without_multiple_lock_panic", test_v_two_ports, 1},
    {"port_lock_taken_recursively_panics", test_v_port_recursive, 1},
    {"port_unlock_by_non_owner_panics", test_v_unlock_not_held, 1},
    {"notification_sent_with_port_locked_panics", test_v_notify_locked, 1},
    {"spnotify_with_space_locked_panics", test_v_spnotify_space_locked, 1},
};

UT_MAIN(cases)
