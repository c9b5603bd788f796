/*
 * darwintest.h - Harbor's darwintest-compatible test harness.
 *
 * A test program is a set of declarations:
 *
 *	T_DECL(port_allocate_gives_receive, "mach_port_allocate makes a "
 *	    "receive right with no urefs")
 *	{
 *		...
 *		T_ASSERT_MACH_SUCCESS(kr, "mach_port_allocate");
 *	}
 *
 * The harness supplies main().  Run without arguments, the program is the
 * controller: it prints KTAP (version 1), and runs every T_DECL in a task of
 * its own (it spawns itself with harbor_spawn and waits with harbor_waitpid),
 * so that a crash, a leak or a stray right in one test cannot affect another.
 * A T_HELPER_DECL is never run by the controller; a test starts it in a new
 * task with dt_helper_spawn() and collects it with dt_helper_wait().
 *
 *	prog			run every test, KTAP on stdout
 *	prog -l			list the tests, one "name<TAB>description" a line
 *	prog -n NAME [-n ..]	run only the named tests (still isolated)
 *	prog -v			also log passing assertions
 *
 * A test passes when its body returns (or calls T_END) with no failed
 * expectation.  T_ASSERT_* failures end the test at once; T_EXPECT_*
 * failures are recorded and the test goes on.  Every failure prints the
 * file, line, expression and values as KTAP diagnostics ("# " lines), with
 * Mach return codes by name (KERN_INVALID_RIGHT, not 17).
 *
 * The per-test outcome travels from the test's task to the controller as its
 * exit status (DT_EXIT_*).  Any other status -- exit(0) in the middle of a
 * test, a crash, a missing test -- is reported as a failure; at the end the
 * controller checks that every declared test reported exactly once.
 *
 * See doc/testing.md.
 */
#ifndef _DARWINTEST_H_
#define _DARWINTEST_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Metadata.  T_META_* are accepted wherever darwintest accepts them (extra
 * arguments of T_DECL / T_HELPER_DECL, and T_GLOBAL_META).  Harbor honours
 * T_META_NAMESPACE (printed in the KTAP header) and T_META_ENABLED(false)
 * (the test is reported as skipped); the others are recorded and ignored.
 */
enum dt_meta_kind {
	DT_META_NONE = 0,
	DT_META_NAMESPACE,
	DT_META_ENABLED,
	DT_META_OTHER,
};

struct dt_meta {
	int dm_kind;
	const char *dm_name;
	const char *dm_str;
	long dm_value;
};

#define DT_META_STR(kind, tag, s)     \
	{                             \
		(kind), (tag), (s), 0 \
	}
#define DT_META_VAL(kind, tag, v)              \
	{                                      \
		(kind), (tag), NULL, (long)(v) \
	}

#define T_META_NAMESPACE(s) DT_META_STR(DT_META_NAMESPACE, "namespace", s)
#define T_META_ENABLED(b) DT_META_VAL(DT_META_ENABLED, "enabled", b)
#define T_META_TIMEOUT(n) DT_META_VAL(DT_META_OTHER, "timeout", n)
#define T_META_CHECK_LEAKS(b) DT_META_VAL(DT_META_OTHER, "check_leaks", b)
#define T_META_ASROOT(b) DT_META_VAL(DT_META_OTHER, "asroot", b)
#define T_META_RUN_CONCURRENTLY(b) \
	DT_META_VAL(DT_META_OTHER, "run_concurrently", b)
#define T_META_IGNORECRASHES(s) DT_META_STR(DT_META_OTHER, "ignorecrashes", s)
#define T_META_OWNER(s) DT_META_STR(DT_META_OTHER, "owner", s)
#define T_META_RADAR_COMPONENT_NAME(s) \
	DT_META_STR(DT_META_OTHER, "radar_component_name", s)
#define T_META_RADAR_COMPONENT_VERSION(s) \
	DT_META_STR(DT_META_OTHER, "radar_component_version", s)
#define T_META_RADAR(s) DT_META_STR(DT_META_OTHER, "radar", s)
#define T_META_TAG(s) DT_META_STR(DT_META_OTHER, "tag", s)
#define T_META_TAG_VM_PREFERRED DT_META_STR(DT_META_OTHER, "tag", "vm")
#define T_META_REQUIRES_SYSCTL_EQ(n, v) \
	DT_META_STR(DT_META_OTHER, "requires_sysctl_eq", n)
#define T_META_REQUIRES_SYSCTL_NE(n, v) \
	DT_META_STR(DT_META_OTHER, "requires_sysctl_ne", n)
#define T_META_ENVVAR(s) DT_META_STR(DT_META_OTHER, "envvar", s)
#define T_META_BOOTARGS_SET(s) DT_META_STR(DT_META_OTHER, "bootargs_set", s)
#define T_META(tag, s) DT_META_STR(DT_META_OTHER, tag, s)

/*
 * Declarations.  Each T_DECL / T_HELPER_DECL puts a pointer to its
 * descriptor in the linker section "dt_decls"; the linker provides
 * __start_dt_decls / __stop_dt_decls.  No constructors are needed, so the
 * same object works with any crt0.  The section name is a C identifier,
 * which also keeps AddressSanitizer from padding the pointers.
 */
enum dt_decl_kind {
	DT_KIND_TEST = 1,
	DT_KIND_HELPER = 2,
	DT_KIND_GLOBAL_META = 3,
};

struct dt_decl {
	const char *dd_name;
	const char *dd_desc;
	void (*dd_fn)(void);
	const char *dd_file;
	int dd_line;
	int dd_kind;
	const struct dt_meta *dd_meta;
	size_t dd_nmeta;
};

#define DT_CAT_(a, b) a##b
#define DT_CAT(a, b) DT_CAT_(a, b)

#define DT_REGISTER(var)                                        \
	static const struct dt_decl *const DT_CAT(dt_ptr_, var) \
	    __attribute__((                                     \
		used, section("dt_decls"), aligned(sizeof(void *)))) = &var

#define DT_NMETA(arr) (sizeof(arr) / sizeof((arr)[0]) - 1)

#define DT_DECLARE(kind, name, desc, ...)                             \
	static void dt_fn_##name(void);                               \
	static const struct dt_meta dt_meta_##name[] = {              \
	    DT_META_VAL(DT_META_NONE, NULL, 0), __VA_ARGS__};         \
	static const struct dt_decl dt_decl_##name = {#name, (desc),  \
	    dt_fn_##name, __FILE__, __LINE__, (kind), dt_meta_##name, \
	    DT_NMETA(dt_meta_##name)};                                \
	DT_REGISTER(dt_decl_##name);                                  \
	static void dt_fn_##name(void)

/* A test: runs in a task of its own; `desc` says what it proves. */
#define T_DECL(name, desc, ...) \
	DT_DECLARE(DT_KIND_TEST, name, desc, __VA_ARGS__)

/* A helper: runs only when a test starts it with dt_helper_spawn(). */
#define T_HELPER_DECL(name, desc, ...) \
	DT_DECLARE(DT_KIND_HELPER, name, desc, __VA_ARGS__)

/* Metadata for every test of the file. */
#define T_GLOBAL_META(...)                                                     \
	static const struct dt_meta DT_CAT(dt_gmeta_, __LINE__)[] = {          \
	    DT_META_VAL(DT_META_NONE, NULL, 0), __VA_ARGS__};                  \
	static const struct dt_decl DT_CAT(dt_gdecl_, __LINE__) = {"(global)", \
	    "", NULL, __FILE__, __LINE__, DT_KIND_GLOBAL_META,                 \
	    DT_CAT(dt_gmeta_, __LINE__),                                       \
	    DT_NMETA(DT_CAT(dt_gmeta_, __LINE__))};                            \
	DT_REGISTER(DT_CAT(dt_gdecl_, __LINE__))

/*
 * Assertions.  Every macro takes an optional printf-style message after its
 * operands (NULL is accepted too).  Operands are evaluated exactly once.
 *
 * Integer comparisons (EQ, NE, LT, LE, GT, GE) compare the mathematical
 * values whatever the operand types (int against unsigned does what a
 * reader expects); pointers go through the _PTR forms, strings through
 * _STR.
 */
#define DT_F_ASSERT 0x1 /* end the test on failure */
#define DT_F_EXPECT 0x0

enum dt_op {
	DT_OP_EQ,
	DT_OP_NE,
	DT_OP_LT,
	DT_OP_LE,
	DT_OP_GT,
	DT_OP_GE,
};

struct dt_site {
	const char *ds_file;
	int ds_line;
	int ds_flags;
	const char *ds_macro;
	const char *ds_lhs;
	const char *ds_rhs;
};

typedef __int128 dt_int_t;

#define DT_SITE(flags, macro, lhs, rhs) \
	(&(const struct dt_site){       \
	    __FILE__, __LINE__, (flags), (macro), (lhs), (rhs)})

/* The message arguments: nothing, NULL, or a format and its arguments. */
#define DT_FMT_(dummy, ...) __VA_ARGS__
#define DT_FMT(...) DT_FMT_(dummy, ##__VA_ARGS__, NULL)

void dt_quiet(void);
bool dt_cmp_int(const struct dt_site *site, int op, dt_int_t lhs, dt_int_t rhs,
    const char *fmt, ...);
bool dt_cmp_ptr(const struct dt_site *site, int op, const void *lhs,
    const void *rhs, const char *fmt, ...);
bool dt_cmp_str(const struct dt_site *site, int op, const char *lhs,
    const char *rhs, const char *fmt, ...);
bool dt_check_bool(
    const struct dt_site *site, bool value, bool want, const char *fmt, ...);
bool dt_check_null(const struct dt_site *site, const void *p, bool want_null,
    const char *fmt, ...);
bool dt_check_mach(
    const struct dt_site *site, int kr, int want, const char *fmt, ...);
bool dt_check_posix(const struct dt_site *site, long ret, int err,
    bool zero_form, const char *fmt, ...);
void dt_log(const char *fmt, ...);
void dt_pass(const char *fmt, ...);
void dt_fail(int flags, const char *file, int line, const char *fmt, ...);
void dt_skip(const char *file, int line, const char *fmt, ...)
    __attribute__((noreturn));
void dt_end(void) __attribute__((noreturn));
void dt_atend(void (*fn)(void));

/* Name of a kern_return_t, mach_msg_return_t or MIG code, or NULL. */
const char *dt_mach_error_name(int code);
/* "KERN_INVALID_RIGHT (0x11)", composed into buf; returns buf. */
const char *dt_mach_error_string(int code, char *buf, size_t len);

#define T_QUIET dt_quiet()

#define DT_CMP(flags, macro, op, a, b, ...)                            \
	dt_cmp_int(DT_SITE(flags, macro, #a, #b), (op), (dt_int_t)(a), \
	    (dt_int_t)(b), DT_FMT(__VA_ARGS__))

#define T_ASSERT_EQ(a, b, ...) \
	DT_CMP(DT_F_ASSERT, "T_ASSERT_EQ", DT_OP_EQ, a, b, ##__VA_ARGS__)
#define T_ASSERT_NE(a, b, ...) \
	DT_CMP(DT_F_ASSERT, "T_ASSERT_NE", DT_OP_NE, a, b, ##__VA_ARGS__)
#define T_ASSERT_LT(a, b, ...) \
	DT_CMP(DT_F_ASSERT, "T_ASSERT_LT", DT_OP_LT, a, b, ##__VA_ARGS__)
#define T_ASSERT_LE(a, b, ...) \
	DT_CMP(DT_F_ASSERT, "T_ASSERT_LE", DT_OP_LE, a, b, ##__VA_ARGS__)
#define T_ASSERT_GT(a, b, ...) \
	DT_CMP(DT_F_ASSERT, "T_ASSERT_GT", DT_OP_GT, a, b, ##__VA_ARGS__)
#define T_ASSERT_GE(a, b, ...) \
	DT_CMP(DT_F_ASSERT, "T_ASSERT_GE", DT_OP_GE, a, b, ##__VA_ARGS__)
#define T_EXPECT_EQ(a, b, ...) \
	DT_CMP(DT_F_EXPECT, "T_EXPECT_EQ", DT_OP_EQ, a, b, ##__VA_ARGS__)
#define T_EXPECT_NE(a, b, ...) \
	DT_CMP(DT_F_EXPECT, "T_EXPECT_NE", DT_OP_NE, a, b, ##__VA_ARGS__)
#define T_EXPECT_LT(a, b, ...) \
	DT_CMP(DT_F_EXPECT, "T_EXPECT_LT", DT_OP_LT, a, b, ##__VA_ARGS__)
#define T_EXPECT_LE(a, b, ...) \
	DT_CMP(DT_F_EXPECT, "T_EXPECT_LE", DT_OP_LE, a, b, ##__VA_ARGS__)
#define T_EXPECT_GT(a, b, ...) \
	DT_CMP(DT_F_EXPECT, "T_EXPECT_GT", DT_OP_GT, a, b, ##__VA_ARGS__)
#define T_EXPECT_GE(a, b, ...) \
	DT_CMP(DT_F_EXPECT, "T_EXPECT_GE", DT_OP_GE, a, b, ##__VA_ARGS__)

/* darwintest's typed spellings; all integer forms share the code above. */
#define T_ASSERT_EQ_INT T_ASSERT_EQ
#define T_ASSERT_EQ_UINT T_ASSERT_EQ
#define T_ASSERT_EQ_LONG T_ASSERT_EQ
#define T_ASSERT_EQ_ULONG T_ASSERT_EQ
#define T_ASSERT_EQ_LLONG T_ASSERT_EQ
#define T_ASSERT_EQ_ULLONG T_ASSERT_EQ
#define T_ASSERT_NE_INT T_ASSERT_NE
#define T_ASSERT_NE_UINT T_ASSERT_NE
#define T_EXPECT_EQ_INT T_EXPECT_EQ
#define T_EXPECT_EQ_UINT T_EXPECT_EQ
#define T_EXPECT_EQ_LONG T_EXPECT_EQ
#define T_EXPECT_EQ_ULONG T_EXPECT_EQ
#define T_EXPECT_NE_INT T_EXPECT_NE
#define T_EXPECT_NE_UINT T_EXPECT_NE

#define DT_PTR(flags, macro, op, a, b, ...)                                \
	dt_cmp_ptr(DT_SITE(flags, macro, #a, #b), (op), (const void *)(a), \
	    (const void *)(b), DT_FMT(__VA_ARGS__))
#define T_ASSERT_EQ_PTR(a, b, ...) \
	DT_PTR(DT_F_ASSERT, "T_ASSERT_EQ_PTR", DT_OP_EQ, a, b, ##__VA_ARGS__)
#define T_ASSERT_NE_PTR(a, b, ...) \
	DT_PTR(DT_F_ASSERT, "T_ASSERT_NE_PTR", DT_OP_NE, a, b, ##__VA_ARGS__)
#define T_EXPECT_EQ_PTR(a, b, ...) \
	DT_PTR(DT_F_EXPECT, "T_EXPECT_EQ_PTR", DT_OP_EQ, a, b, ##__VA_ARGS__)
#define T_EXPECT_NE_PTR(a, b, ...) \
	DT_PTR(DT_F_EXPECT, "T_EXPECT_NE_PTR", DT_OP_NE, a, b, ##__VA_ARGS__)

#define DT_STR(flags, macro, op, a, b, ...)                       \
	dt_cmp_str(DT_SITE(flags, macro, #a, #b), (op), (a), (b), \
	    DT_FMT(__VA_ARGS__))
#define T_ASSERT_EQ_STR(a, b, ...) \
	DT_STR(DT_F_ASSERT, "T_ASSERT_EQ_STR", DT_OP_EQ, a, b, ##__VA_ARGS__)
#define T_ASSERT_NE_STR(a, b, ...) \
	DT_STR(DT_F_ASSERT, "T_ASSERT_NE_STR", DT_OP_NE, a, b, ##__VA_ARGS__)
#define T_EXPECT_EQ_STR(a, b, ...) \
	DT_STR(DT_F_EXPECT, "T_EXPECT_EQ_STR", DT_OP_EQ, a, b, ##__VA_ARGS__)
#define T_EXPECT_NE_STR(a, b, ...) \
	DT_STR(DT_F_EXPECT, "T_EXPECT_NE_STR", DT_OP_NE, a, b, ##__VA_ARGS__)

#define DT_BOOL(flags, macro, e, want, ...)                           \
	dt_check_bool(DT_SITE(flags, macro, #e, NULL), !!(e), (want), \
	    DT_FMT(__VA_ARGS__))
#define T_ASSERT_TRUE(e, ...) \
	DT_BOOL(DT_F_ASSERT, "T_ASSERT_TRUE", e, true, ##__VA_ARGS__)
#define T_ASSERT_FALSE(e, ...) \
	DT_BOOL(DT_F_ASSERT, "T_ASSERT_FALSE", e, false, ##__VA_ARGS__)
#define T_EXPECT_TRUE(e, ...) \
	DT_BOOL(DT_F_EXPECT, "T_EXPECT_TRUE", e, true, ##__VA_ARGS__)
#define T_EXPECT_FALSE(e, ...) \
	DT_BOOL(DT_F_EXPECT, "T_EXPECT_FALSE", e, false, ##__VA_ARGS__)

#define DT_NULL(flags, macro, e, want, ...)                               \
	dt_check_null(DT_SITE(flags, macro, #e, NULL), (const void *)(e), \
	    (want), DT_FMT(__VA_ARGS__))
#define T_ASSERT_NULL(e, ...) \
	DT_NULL(DT_F_ASSERT, "T_ASSERT_NULL", e, true, ##__VA_ARGS__)
#define T_ASSERT_NOTNULL(e, ...) \
	DT_NULL(DT_F_ASSERT, "T_ASSERT_NOTNULL", e, false, ##__VA_ARGS__)
#define T_EXPECT_NULL(e, ...) \
	DT_NULL(DT_F_EXPECT, "T_EXPECT_NULL", e, true, ##__VA_ARGS__)
#define T_EXPECT_NOTNULL(e, ...) \
	DT_NULL(DT_F_EXPECT, "T_EXPECT_NOTNULL", e, false, ##__VA_ARGS__)

/* Mach: kern_return_t, mach_msg_return_t and MIG codes, printed by name. */
#define DT_MACH(flags, macro, e, want, ...)                                    \
	dt_check_mach(DT_SITE(flags, macro, #e, #want), (int)(e), (int)(want), \
	    DT_FMT(__VA_ARGS__))
#define T_ASSERT_MACH_SUCCESS(e, ...) \
	DT_MACH(DT_F_ASSERT, "T_ASSERT_MACH_SUCCESS", e, 0, ##__VA_ARGS__)
#define T_EXPECT_MACH_SUCCESS(e, ...) \
	DT_MACH(DT_F_EXPECT, "T_EXPECT_MACH_SUCCESS", e, 0, ##__VA_ARGS__)
#define T_ASSERT_MACH_ERROR(e, err, ...) \
	DT_MACH(DT_F_ASSERT, "T_ASSERT_MACH_ERROR", e, err, ##__VA_ARGS__)
#define T_EXPECT_MACH_ERROR(e, err, ...) \
	DT_MACH(DT_F_EXPECT, "T_EXPECT_MACH_ERROR", e, err, ##__VA_ARGS__)

/*
 * POSIX: _SUCCESS passes when the value is not -1 (errno explains a
 * failure); _ZERO passes when the value is 0 (the value is the errno).
 */
#define DT_POSIX(flags, macro, e, zero, ...)                             \
	({                                                               \
		long dt_ret_ = (long)(e);                                \
		dt_check_posix(DT_SITE(flags, macro, #e, NULL), dt_ret_, \
		    DT_ERRNO, (zero), DT_FMT(__VA_ARGS__));              \
	})
#define T_ASSERT_POSIX_SUCCESS(e, ...) \
	DT_POSIX(DT_F_ASSERT, "T_ASSERT_POSIX_SUCCESS", e, false, ##__VA_ARGS__)
#define T_EXPECT_POSIX_SUCCESS(e, ...) \
	DT_POSIX(DT_F_EXPECT, "T_EXPECT_POSIX_SUCCESS", e, false, ##__VA_ARGS__)
#define T_ASSERT_POSIX_ZERO(e, ...) \
	DT_POSIX(DT_F_ASSERT, "T_ASSERT_POSIX_ZERO", e, true, ##__VA_ARGS__)
#define T_EXPECT_POSIX_ZERO(e, ...) \
	DT_POSIX(DT_F_EXPECT, "T_EXPECT_POSIX_ZERO", e, true, ##__VA_ARGS__)

/* Outcomes and logging. */
#define T_LOG(...) dt_log(DT_FMT(__VA_ARGS__))
#define T_PASS(...) dt_pass(DT_FMT(__VA_ARGS__))
#define T_FAIL(...) \
	dt_fail(DT_F_ASSERT, __FILE__, __LINE__, DT_FMT(__VA_ARGS__))
#define T_ASSERT_FAIL T_FAIL
#define T_EXPECT_FAIL(...) \
	dt_fail(DT_F_EXPECT, __FILE__, __LINE__, DT_FMT(__VA_ARGS__))
#define T_SKIP(...) dt_skip(__FILE__, __LINE__, DT_FMT(__VA_ARGS__))
#define T_END dt_end()
#define T_ATEND(fn) dt_atend(fn)
#define T_SETUPBEGIN ((void)0)
#define T_SETUPEND ((void)0)

/*
 * Helpers in their own task.
 *
 * dt_helper_spawn	start the T_HELPER_DECL `name` in a new task (a copy
 *			of this program); the new task inherits this task's
 *			TASK_BOOTSTRAP_PORT, which is how the two find each
 *			other.  Fails the test if it cannot be started.
 * dt_helper_wait	wait for it; fails the test unless the helper's body
 *			returned without a failure.  Returns its exit status.
 * dt_helper_wait_status  wait for it and return the raw exit status
 *			(DT_EXIT_PASS for a helper that succeeded).
 * dt_helper_run	spawn and wait.
 *
 * Globals are shared between tasks on the hosted machine and not on the
 * x86_64 guest: a helper and its test must talk through Mach messages only.
 */
void dt_helper_spawn(const char *name, pid_t *pid);
int dt_helper_wait(pid_t pid);
int dt_helper_wait_status(pid_t pid);
void dt_helper_run(const char *name);

/* Exit statuses of a test's or helper's task, read by its parent. */
#define DT_EXIT_PASS 70
#define DT_EXIT_FAIL 71
#define DT_EXIT_SKIP 72
#define DT_EXIT_NOTFOUND 73
#define DT_EXIT_USAGE 74

/* Name of the test or helper running in this task (NULL in the controller). */
const char *dt_current_name(void);

/* Has the test running in this task failed so far?  (For T_ATEND hooks.) */
bool dt_test_failed(void);

/* errno for the POSIX forms, where the C library has one. */
#if __has_include(<errno.h>)
#include <errno.h>
#define DT_ERRNO errno
#else
#define DT_ERRNO 0
#endif

#endif /* _DARWINTEST_H_ */
