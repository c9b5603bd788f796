/*
 * darwintest.c - the harness runtime: main(), the controller that runs each
 * test in a task of its own, the assertion reporters, and helpers.
 *
 * Task model.  On the hosted machine every task of a program lives in one
 * Linux process, so globals are shared between the controller, the test's
 * task and its helpers.  Nothing here keeps per-run state in a global: the
 * state of "the test running in this task" is a struct on main()'s stack,
 * found through a thread-local pointer.  A thread that a test creates has no
 * such pointer; a failure reported from it ends its task at once.
 *
 * The library the harness may rely on is small on purpose (the x86_64 guest
 * has libsyscall's libc): printf, snprintf, vsnprintf, fflush(stdout),
 * strcmp, strchr, strrchr, strlen, memset, exit.
 */
#if defined(HARBOR_HOSTED) && !defined(main)
/*
 * On the hosted machine a program's main() is called by the hosted runtime
 * in the first task's thread, and exit() ends the task, not the process.
 * The build renames both in a program's own source file; this file is part
 * of the program too, so it follows the same convention when the library is
 * compiled without those flags.
 */
#define main harbor_user_main
#define exit harbor_exit
#if __has_include(<harbor/hosted_user.h>)
#include <harbor/hosted_user.h>
#endif
int main(int argc, char *argv[]);
#endif

#include <darwintest.h>

#include <harbor/spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(HARBOR_HOSTED) || defined(DT_PLAIN_LINUX)
#define DT_TLS __thread
#else
#define DT_TLS /* one address space per task */
#endif

#define DT_MAX_DECLS 1024
#define DT_MAX_ATEND 8
#define DT_MSG_MAX 1024

extern const struct dt_decl *const __start_dt_decls[] __attribute__((weak));
extern const struct dt_decl *const __stop_dt_decls[] __attribute__((weak));

/* What runs in this task. */
struct dt_state {
	const char *st_argv0;
	const struct dt_decl *st_decl; /* NULL in the controller */
	int st_failures;               /* failed expectations */
	bool st_verbose;
	void (*st_atend[DT_MAX_ATEND])(void);
	int st_natend;
};

static DT_TLS struct dt_state *dt_cur;
static DT_TLS bool dt_quiet_next;

/*
 * Output.
 */

/* Print text as KTAP diagnostics: every line gets the "# " prefix. */
static void
dt_diag_lines(const char *prefix, const char *text)
{
	char line[DT_MSG_MAX + 64];
	const char *p = text;

	do {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (n > DT_MSG_MAX) {
			n = DT_MSG_MAX;
		}
		snprintf(line, sizeof(line), "# %s%.*s\n", prefix, (int)n, p);
		printf("%s", line);
		p = nl != NULL ? nl + 1 : NULL;
	} while (p != NULL && *p != '\0');
	fflush(stdout);
}

static const char *
dt_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

static void
dt_vformat(char *buf, size_t len, const char *fmt, va_list ap)
{
	if (fmt == NULL) {
		buf[0] = '\0';
		return;
	}
	vsnprintf(buf, len, fmt, ap);
}

/*
 * Ending a test or helper task.
 */

static void __attribute__((noreturn)) dt_exit(int status)
{
	fflush(stdout);
	exit(status);
}

static void __attribute__((noreturn)) dt_finish(int status)
{
	struct dt_state *st = dt_cur;

	if (st != NULL) {
		while (st->st_natend > 0) {
			st->st_atend[--st->st_natend]();
		}
		if (status == DT_EXIT_PASS && st->st_failures > 0) {
			status = DT_EXIT_FAIL;
		}
	}
	dt_exit(status);
}

void
dt_end(void)
{
	dt_finish(DT_EXIT_PASS);
}

void
dt_atend(void (*fn)(void))
{
	struct dt_state *st = dt_cur;

	if (st == NULL || st->st_natend == DT_MAX_ATEND) {
		dt_diag_lines("", "T_ATEND: no room (or not in a test)");
		dt_exit(DT_EXIT_FAIL);
	}
	st->st_atend[st->st_natend++] = fn;
}

bool
dt_test_failed(void)
{
	return dt_cur != NULL && dt_cur->st_failures > 0;
}

const char *
dt_current_name(void)
{
	return dt_cur != NULL && dt_cur->st_decl != NULL
	    ? dt_cur->st_decl->dd_name
	    : NULL;
}

void
dt_quiet(void)
{
	dt_quiet_next = true;
}

/*
 * The common tail of every check: log a pass in verbose mode, or print the
 * failure and either end the task (assert) or remember it (expect).
 */
static bool
dt_report(const struct dt_site *site, bool ok, const char *detail,
    const char *fmt, va_list ap)
{
	char msg[DT_MSG_MAX];
	char head[2 * DT_MSG_MAX + 256];
	bool quiet = dt_quiet_next;
	struct dt_state *st = dt_cur;

	dt_quiet_next = false;
	dt_vformat(msg, sizeof(msg), fmt, ap);
	if (ok) {
		if (st != NULL && st->st_verbose && !quiet) {
			snprintf(head, sizeof(head), "ok: %s%s%s",
			    site->ds_macro, msg[0] != '\0' ? ": " : "", msg);
			dt_diag_lines("", head);
		}
		return true;
	}

	if (site->ds_lhs[0] == '\0') {
		snprintf(head, sizeof(head), "FAIL: %s:%d: %s",
		    dt_basename(site->ds_file), site->ds_line, site->ds_macro);
	} else if (site->ds_rhs != NULL) {
		snprintf(head, sizeof(head), "FAIL: %s:%d: %s(%s, %s)",
		    dt_basename(site->ds_file), site->ds_line, site->ds_macro,
		    site->ds_lhs, site->ds_rhs);
	} else {
		snprintf(head, sizeof(head), "FAIL: %s:%d: %s(%s)",
		    dt_basename(site->ds_file), site->ds_line, site->ds_macro,
		    site->ds_lhs);
	}
	dt_diag_lines("", head);
	if (msg[0] != '\0') {
		dt_diag_lines("    ", msg);
	}
	if (detail != NULL && detail[0] != '\0') {
		dt_diag_lines("    ", detail);
	}

	if (st != NULL) {
		st->st_failures++;
	}
	if ((site->ds_flags & DT_F_ASSERT) || st == NULL) {
		dt_finish(DT_EXIT_FAIL);
	}
	return false;
}

static const char *
dt_op_str(int op)
{
	switch (op) {
	case DT_OP_EQ:
		return "==";
	case DT_OP_NE:
		return "!=";
	case DT_OP_LT:
		return "<";
	case DT_OP_LE:
		return "<=";
	case DT_OP_GT:
		return ">";
	case DT_OP_GE:
		return ">=";
	}
	return "?";
}

static bool
dt_op_holds(int op, int cmp)
{
	switch (op) {
	case DT_OP_EQ:
		return cmp == 0;
	case DT_OP_NE:
		return cmp != 0;
	case DT_OP_LT:
		return cmp < 0;
	case DT_OP_LE:
		return cmp <= 0;
	case DT_OP_GT:
		return cmp > 0;
	case DT_OP_GE:
		return cmp >= 0;
	}
	return false;
}

/* An integer as "-3" or "17 (0x11)"; operands never exceed 64 bits. */
static void
dt_int_str(char *buf, size_t len, dt_int_t v)
{
	if (v < 0) {
		snprintf(buf, len, "%lld (0x%llx)", (long long)v,
		    (unsigned long long)(long long)v);
	} else {
		snprintf(buf, len, "%llu (0x%llx)", (unsigned long long)v,
		    (unsigned long long)v);
	}
}

bool
dt_cmp_int(const struct dt_site *site, int op, dt_int_t lhs, dt_int_t rhs,
    const char *fmt, ...)
{
	char detail[DT_MSG_MAX], l[64], r[64];
	int cmp = lhs < rhs ? -1 : lhs > rhs ? 1 : 0;
	bool ok = dt_op_holds(op, cmp);
	va_list ap;

	dt_int_str(l, sizeof(l), lhs);
	dt_int_str(r, sizeof(r), rhs);
	snprintf(detail, sizeof(detail),
	    "expected %s %s %s\n  %s = %s\n  %s = %s", site->ds_lhs,
	    dt_op_str(op), site->ds_rhs, site->ds_lhs, l, site->ds_rhs, r);
	va_start(ap, fmt);
	ok = dt_report(site, ok, detail, fmt, ap);
	va_end(ap);
	return ok;
}

bool
dt_cmp_ptr(const struct dt_site *site, int op, const void *lhs, const void *rhs,
    const char *fmt, ...)
{
	char detail[DT_MSG_MAX];
	uintptr_t a = (uintptr_t)lhs, b = (uintptr_t)rhs;
	bool ok = dt_op_holds(op, a < b ? -1 : a > b ? 1 : 0);
	va_list ap;

	snprintf(detail, sizeof(detail),
	    "expected %s %s %s\n  %s = %p\n  %s = %p", site->ds_lhs,
	    dt_op_str(op), site->ds_rhs, site->ds_lhs, lhs, site->ds_rhs, rhs);
	va_start(ap, fmt);
	ok = dt_report(site, ok, detail, fmt, ap);
	va_end(ap);
	return ok;
}

bool
dt_cmp_str(const struct dt_site *site, int op, const char *lhs, const char *rhs,
    const char *fmt, ...)
{
	char detail[DT_MSG_MAX];
	int cmp;
	bool ok;
	va_list ap;

	if (lhs == NULL || rhs == NULL) {
		cmp = lhs == rhs ? 0 : 1;
		ok = op == DT_OP_EQ  ? cmp == 0
		    : op == DT_OP_NE ? cmp != 0
				     : false;
	} else {
		cmp = strcmp(lhs, rhs);
		ok = dt_op_holds(op, cmp);
	}
	snprintf(detail, sizeof(detail),
	    "expected %s %s %s\n  %s = \"%s\"\n  %s = \"%s\"", site->ds_lhs,
	    dt_op_str(op), site->ds_rhs, site->ds_lhs,
	    lhs != NULL ? lhs : "(null)", site->ds_rhs,
	    rhs != NULL ? rhs : "(null)");
	va_start(ap, fmt);
	ok = dt_report(site, ok, detail, fmt, ap);
	va_end(ap);
	return ok;
}

bool
dt_check_bool(
    const struct dt_site *site, bool value, bool want, const char *fmt, ...)
{
	char detail[DT_MSG_MAX];
	bool ok;
	va_list ap;

	snprintf(detail, sizeof(detail), "expected %s to be %s", site->ds_lhs,
	    want ? "true" : "false");
	va_start(ap, fmt);
	ok = dt_report(site, value == want, detail, fmt, ap);
	va_end(ap);
	return ok;
}

bool
dt_check_null(const struct dt_site *site, const void *p, bool want_null,
    const char *fmt, ...)
{
	char detail[DT_MSG_MAX];
	bool ok;
	va_list ap;

	snprintf(detail, sizeof(detail), "expected %s %s NULL, got %p",
	    site->ds_lhs, want_null ? "==" : "!=", p);
	va_start(ap, fmt);
	ok = dt_report(site, (p == NULL) == want_null, detail, fmt, ap);
	va_end(ap);
	return ok;
}

bool
dt_check_mach(
    const struct dt_site *site, int kr, int want, const char *fmt, ...)
{
	char detail[DT_MSG_MAX], got[96], exp[96];
	bool ok;
	va_list ap;

	dt_mach_error_string(kr, got, sizeof(got));
	dt_mach_error_string(want, exp, sizeof(exp));
	snprintf(detail, sizeof(detail), "%s = %s, expected %s", site->ds_lhs,
	    got, exp);
	va_start(ap, fmt);
	ok = dt_report(site, kr == want, detail, fmt, ap);
	va_end(ap);
	return ok;
}

bool
dt_check_posix(const struct dt_site *site, long ret, int err, bool zero_form,
    const char *fmt, ...)
{
	char detail[DT_MSG_MAX];
	bool ok;
	va_list ap;

	if (zero_form) {
		ok = ret == 0;
		snprintf(detail, sizeof(detail), "%s = %ld (expected 0)",
		    site->ds_lhs, ret);
	} else {
		ok = ret != -1;
		snprintf(detail, sizeof(detail), "%s = %ld, errno %d",
		    site->ds_lhs, ret, err);
	}
	va_start(ap, fmt);
	ok = dt_report(site, ok, detail, fmt, ap);
	va_end(ap);
	return ok;
}

void
dt_log(const char *fmt, ...)
{
	char msg[DT_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	dt_vformat(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dt_diag_lines("", msg);
}

void
dt_pass(const char *fmt, ...)
{
	char msg[DT_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	dt_vformat(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dt_diag_lines("PASS: ", msg);
}

void
dt_fail(int flags, const char *file, int line, const char *fmt, ...)
{
	struct dt_site site = {file, line, flags,
	    (flags & DT_F_ASSERT) ? "T_FAIL" : "T_EXPECT_FAIL", "", NULL};
	va_list ap;

	va_start(ap, fmt);
	dt_report(&site, false, NULL, fmt, ap);
	va_end(ap);
}

void
dt_skip(const char *file, int line, const char *fmt, ...)
{
	char msg[DT_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	dt_vformat(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dt_diag_lines("SKIP: ", msg);
	(void)file;
	(void)line;
	dt_finish(DT_EXIT_SKIP);
}

/*
 * The declarations, in source order (file, then line), without globals.
 */
static int
dt_decl_before(const struct dt_decl *a, const struct dt_decl *b)
{
	int c = strcmp(a->dd_file, b->dd_file);

	return c != 0 ? c < 0 : a->dd_line < b->dd_line;
}

static size_t
dt_collect(int kind, const struct dt_decl **out, size_t max)
{
	const struct dt_decl *const *p;
	size_t n = 0;

	if (__start_dt_decls == NULL) {
		return 0;
	}
	for (p = __start_dt_decls; p < __stop_dt_decls; p++) {
		const struct dt_decl *d = *p;
		size_t i;

		if (d == NULL || d->dd_kind != kind) {
			continue;
		}
		if (n == max) {
			printf(
			    "# darwintest: more than %zu declarations\n", max);
			dt_exit(DT_EXIT_USAGE);
		}
		/* insertion sort: a few hundred entries at most */
		for (i = n; i > 0 && dt_decl_before(d, out[i - 1]); i--) {
			out[i] = out[i - 1];
		}
		out[i] = d;
		n++;
	}
	return n;
}

static const struct dt_decl *
dt_find(int kind, const char *name)
{
	const struct dt_decl *const *p;

	if (__start_dt_decls == NULL) {
		return NULL;
	}
	for (p = __start_dt_decls; p < __stop_dt_decls; p++) {
		if (*p != NULL && (*p)->dd_kind == kind &&
		    strcmp((*p)->dd_name, name) == 0) {
			return *p;
		}
	}
	return NULL;
}

static const char *
dt_namespace(void)
{
	const struct dt_decl *globals[16];
	size_t n = dt_collect(DT_KIND_GLOBAL_META, globals, 16), i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < globals[i]->dd_nmeta; j++) {
			const struct dt_meta *m = &globals[i]->dd_meta[j + 1];

			if (m->dm_kind == DT_META_NAMESPACE) {
				return m->dm_str;
			}
		}
	}
	return NULL;
}

static bool
dt_enabled(const struct dt_decl *d)
{
	size_t j;

	for (j = 0; j < d->dd_nmeta; j++) {
		const struct dt_meta *m = &d->dd_meta[j + 1];

		if (m->dm_kind == DT_META_ENABLED && m->dm_value == 0) {
			return false;
		}
	}
	return true;
}

/*
 * Inside the task that runs one test or one helper.
 */
static int __attribute__((noreturn))
dt_run_one(struct dt_state *st, int kind, const char *name)
{
	const struct dt_decl *d = dt_find(kind, name);

	if (d == NULL) {
		printf("# darwintest: no %s named \"%s\"\n",
		    kind == DT_KIND_TEST ? "test" : "helper", name);
		dt_exit(DT_EXIT_NOTFOUND);
	}
	st->st_decl = d;
	dt_cur = st;
	fflush(stdout);
	d->dd_fn();
	dt_finish(DT_EXIT_PASS);
}

/*
 * Helpers.
 */
static void
dt_spawn_self(const char *mode, const char *name, pid_t *pid, int *err)
{
	struct dt_state *st = dt_cur;
	char *argv[5];
	int n = 0;

	argv[n++] = (char *)(uintptr_t)st->st_argv0;
	argv[n++] = (char *)(uintptr_t)mode;
	argv[n++] = (char *)(uintptr_t)name;
	if (st->st_verbose) {
		argv[n++] = (char *)(uintptr_t) "-v";
	}
	argv[n] = NULL;
	fflush(stdout);
	*err = harbor_spawn(pid, st->st_argv0, argv);
}

void
dt_helper_spawn(const char *name, pid_t *pid)
{
	int err;

	if (dt_cur == NULL) {
		T_FAIL("dt_helper_spawn(\"%s\") outside a test", name);
	}
	if (dt_find(DT_KIND_HELPER, name) == NULL) {
		T_FAIL("dt_helper_spawn: no T_HELPER_DECL named \"%s\"", name);
	}
	dt_spawn_self("--dt-helper", name, pid, &err);
	if (err != 0) {
		T_FAIL("dt_helper_spawn(\"%s\"): harbor_spawn returned %d",
		    name, err);
	}
}

int
dt_helper_wait_status(pid_t pid)
{
	int status = -1;

	if (harbor_waitpid(pid, &status) != 0) {
		T_FAIL("harbor_waitpid(%d) failed", (int)pid);
	}
	return status;
}

static const char *
dt_status_str(int status, char *buf, size_t len)
{
	switch (status) {
	case DT_EXIT_PASS:
		return "passed";
	case DT_EXIT_FAIL:
		return "failed";
	case DT_EXIT_SKIP:
		return "skipped";
	case DT_EXIT_NOTFOUND:
		return "not found in the program";
	default:
		if (status > 128 && status < 128 + 65) {
			snprintf(buf, len,
			    "ended without reporting (exit status %d: signal "
			    "%d?)",
			    status, status - 128);
		} else {
			snprintf(buf, len,
			    "ended without reporting (exit status %d)", status);
		}
		return buf;
	}
}

int
dt_helper_wait(pid_t pid)
{
	char buf[96];
	int status = dt_helper_wait_status(pid);

	if (status != DT_EXIT_PASS) {
		T_FAIL("helper task %d %s", (int)pid,
		    dt_status_str(status, buf, sizeof(buf)));
	}
	return status;
}

void
dt_helper_run(const char *name)
{
	pid_t pid;

	dt_helper_spawn(name, &pid);
	dt_helper_wait(pid);
}

/*
 * The controller.
 */
struct dt_run {
	const struct dt_decl *tests[DT_MAX_DECLS];
	size_t ntests;
	const char *names[DT_MAX_DECLS]; /* what to run, in order */
	const struct dt_decl *sel[DT_MAX_DECLS];
	int reported[DT_MAX_DECLS];
	size_t nsel;
	int passed, failed, skipped;
};

/* Each name must be unique across tests and helpers, or -n is ambiguous. */
static int
dt_check_unique(struct dt_run *run)
{
	const struct dt_decl *helpers[DT_MAX_DECLS];
	size_t nh = dt_collect(DT_KIND_HELPER, helpers, DT_MAX_DECLS), i, j;
	int bad = 0;

	for (i = 0; i < run->ntests; i++) {
		for (j = i + 1; j < run->ntests; j++) {
			if (strcmp(run->tests[i]->dd_name,
				run->tests[j]->dd_name) == 0) {
				printf("# meta-check: test \"%s\" is declared "
				       "twice (%s:%d, %s:%d)\n",
				    run->tests[i]->dd_name,
				    run->tests[i]->dd_file,
				    run->tests[i]->dd_line,
				    run->tests[j]->dd_file,
				    run->tests[j]->dd_line);
				bad++;
			}
		}
		for (j = 0; j < nh; j++) {
			if (strcmp(run->tests[i]->dd_name,
				helpers[j]->dd_name) == 0) {
				printf(
				    "# meta-check: \"%s\" is both a test and "
				    "a helper\n",
				    helpers[j]->dd_name);
				bad++;
			}
		}
	}
	return bad;
}

static void
dt_run_test(struct dt_state *st, struct dt_run *run, size_t i)
{
	const struct dt_decl *d = run->sel[i];
	const char *name = run->names[i];
	char buf[96];
	pid_t pid;
	int err, status = -1;

	if (d == NULL) {
		printf("# meta-check: no test named \"%s\"\n", name);
		printf("not ok %zu %s\n", i + 1, name);
		run->failed++;
		run->reported[i]++;
		return;
	}
	if (!dt_enabled(d)) {
		printf("ok %zu %s # SKIP disabled by T_META_ENABLED\n", i + 1,
		    name);
		run->skipped++;
		run->reported[i]++;
		return;
	}
	printf("# %s: %s\n", name, d->dd_desc);
	dt_spawn_self("--dt-test", name, &pid, &err);
	if (err != 0) {
		printf("# harbor_spawn failed: %d\n", err);
		status = -1;
	} else if (harbor_waitpid(pid, &status) != 0) {
		printf("# harbor_waitpid(%d) failed\n", (int)pid);
		status = -1;
	}
	fflush(stdout);
	switch (status) {
	case DT_EXIT_PASS:
		printf("ok %zu %s\n", i + 1, name);
		run->passed++;
		break;
	case DT_EXIT_SKIP:
		printf("ok %zu %s # SKIP\n", i + 1, name);
		run->skipped++;
		break;
	default:
		if (status != DT_EXIT_FAIL) {
			printf("# test task %s\n",
			    dt_status_str(status, buf, sizeof(buf)));
		}
		printf("not ok %zu %s\n", i + 1, name);
		run->failed++;
		break;
	}
	run->reported[i]++;
	fflush(stdout);
}

static int
dt_controller(struct dt_state *st, const char **only, size_t nonly)
{
	static struct dt_run run_storage; /* too big for a small stack */
	struct dt_run *run = &run_storage;
	const char *ns = dt_namespace();
	size_t i;
	int meta_bad = 0;

	memset(run, 0, sizeof(*run));
	dt_cur = st;
	run->ntests = dt_collect(DT_KIND_TEST, run->tests, DT_MAX_DECLS);
	if (nonly == 0) {
		for (i = 0; i < run->ntests; i++) {
			run->sel[i] = run->tests[i];
			run->names[i] = run->tests[i]->dd_name;
		}
		run->nsel = run->ntests;
	} else {
		for (i = 0; i < nonly; i++) {
			run->sel[i] = dt_find(DT_KIND_TEST, only[i]);
			run->names[i] = only[i];
		}
		run->nsel = nonly;
	}

	printf("KTAP version 1\n");
	printf("# %s%s%s: %zu test%s\n", dt_basename(st->st_argv0),
	    ns != NULL ? " namespace " : "", ns != NULL ? ns : "", run->nsel,
	    run->nsel == 1 ? "" : "s");
	printf("1..%zu\n", run->nsel);
	fflush(stdout);

	meta_bad = dt_check_unique(run);
	for (i = 0; i < run->nsel; i++) {
		dt_run_test(st, run, i);
	}

	/* Meta-check: every selected test reported exactly once. */
	for (i = 0; i < run->nsel; i++) {
		if (run->reported[i] != 1) {
			printf("# meta-check: \"%s\" reported %d times\n",
			    run->names[i], run->reported[i]);
			meta_bad++;
		}
	}
	if ((size_t)(run->passed + run->failed + run->skipped) != run->nsel) {
		printf("# meta-check: %d results for %zu tests\n",
		    run->passed + run->failed + run->skipped, run->nsel);
		meta_bad++;
	}
	printf("# %d passed, %d failed, %d skipped%s\n", run->passed,
	    run->failed, run->skipped, meta_bad ? " (meta-check FAILED)" : "");
	fflush(stdout);
	dt_cur = NULL;
	return run->failed == 0 && meta_bad == 0 ? 0 : 1;
}

static void
dt_list(void)
{
	const struct dt_decl *tests[DT_MAX_DECLS];
	size_t n = dt_collect(DT_KIND_TEST, tests, DT_MAX_DECLS), i;

	for (i = 0; i < n; i++) {
		printf("%s\t%s\n", tests[i]->dd_name, tests[i]->dd_desc);
	}
	fflush(stdout);
}

static int
dt_usage(const char *argv0)
{
	printf("usage: %s [-v] [-l] [-n test]...\n", argv0);
	printf("  -l       list the tests\n");
	printf("  -n test  run only this test (repeatable)\n");
	printf("  -v       log passing assertions too\n");
	fflush(stdout);
	return DT_EXIT_USAGE;
}

int
main(int argc, char *argv[])
{
	struct dt_state st;
	static const char *only_storage[DT_MAX_DECLS];
	const char **only = only_storage;
	const char *child = NULL;
	int child_kind = 0, i;
	size_t nonly = 0;
	bool list = false;

	memset(&st, 0, sizeof(st));
	st.st_argv0 = argc > 0 ? argv[0] : "darwintest";

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dt-test") == 0 && i + 1 < argc) {
			child = argv[++i];
			child_kind = DT_KIND_TEST;
		} else if (strcmp(argv[i], "--dt-helper") == 0 &&
		    i + 1 < argc) {
			child = argv[++i];
			child_kind = DT_KIND_HELPER;
		} else if (strcmp(argv[i], "-v") == 0) {
			st.st_verbose = true;
		} else if (strcmp(argv[i], "-l") == 0) {
			list = true;
		} else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			if (child != NULL || nonly == DT_MAX_DECLS) {
				return dt_usage(st.st_argv0);
			}
			/*
			 * Only the controller keeps this list, and the
			 * controller is the first task: no other task writes
			 * it while it is in use.
			 */
			only[nonly++] = argv[++i];
		} else {
			return dt_usage(st.st_argv0);
		}
	}

	if (child != NULL) {
		dt_run_one(&st, child_kind, child);
	}
	if (list) {
		dt_list();
		return 0;
	}
	return dt_controller(&st, only, nonly);
}
