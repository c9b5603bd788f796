/*
 * tools/mig/main.c - the mig driver: options, the C preprocessor, and
 * the four output files.
 *
 *	mig [-user F] [-header F] [-server F] [-sheader F] [-DNAME[=V]]
 *	    [-Idir] [-maxonstack N] [-novouchers] [-cc CC] [-q]
 *	    [-MD -MF depfile -MT target] file.defs
 *
 * The .defs file is run through "$CC -E -x c -std=c99 -undef
 * -D__x86_64__ -D__LP64__ -D__MACH30__" plus the -D/-I options, as
 * Apple's driver does; the compiler proper reads cpp's output.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mig.h"

struct options {
	const char *user, *header, *server, *sheader;
	const char *cc;
	const char *input;
	const char *cppargs[256];
	int ncppargs;
	long maxonstack; /* -1: not given */
};

static void __attribute__((noreturn)) usage(const char *why)
{
	fprintf(stderr,
	    "mig: %s\nusage: mig [-user F] [-header F] [-server F] "
	    "[-sheader F] [-DNAME] [-Idir]\n"
	    "           [-maxonstack N] [-novouchers] [-cc CC] file.defs\n",
	    why);
	exit(2);
}

static void
add_cpparg(struct options *o, const char *a)
{
	if (o->ncppargs >= 250)
		usage("too many -D/-I options");
	o->cppargs[o->ncppargs++] = a;
}

static const char *
need(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		usage(mig_printf("%s needs an argument", argv[*i]));
	return argv[++*i];
}

/* -maxonstack N: a decimal byte count, 0 to 2^31-1. */
static long
parse_maxonstack(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || n < 0 ||
	    n > 0x7fffffffL)
		usage(
		    mig_printf("-maxonstack wants a byte count, not '%s'", s));
	return n;
}

static void
parse_options(struct options *o, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-user") == 0)
			o->user = need(argc, argv, &i);
		else if (strcmp(a, "-header") == 0)
			o->header = need(argc, argv, &i);
		else if (strcmp(a, "-server") == 0)
			o->server = need(argc, argv, &i);
		else if (strcmp(a, "-sheader") == 0)
			o->sheader = need(argc, argv, &i);
		else if (strcmp(a, "-maxonstack") == 0)
			o->maxonstack = parse_maxonstack(need(argc, argv, &i));
		else if (strcmp(a, "-cc") == 0)
			o->cc = need(argc, argv, &i);
		else if (strcmp(a, "-novouchers") == 0)
			continue;
		else if (strcmp(a, "-q") == 0)
			mig_warnings_quiet = 1;
		else if (strcmp(a, "-mach_msg2") == 0)
			usage(
			    "-mach_msg2 (XNU's split kernel message layout) is "
			    "not supported by Harbor MIG");
		else if (strcmp(a, "-MF") == 0 || strcmp(a, "-MT") == 0 ||
		    strcmp(a, "-MQ") == 0) {
			add_cpparg(o, a);
			add_cpparg(o, need(argc, argv, &i));
		} else if (strcmp(a, "-MD") == 0 || strcmp(a, "-MMD") == 0 ||
		    strcmp(a, "-MP") == 0)
			add_cpparg(o, a);
		else if ((a[1] == 'D' || a[1] == 'I') && a[0] == '-')
			add_cpparg(o,
			    a[2] ? a
				 : mig_printf("%s%s", a, need(argc, argv, &i)));
		else if (a[0] == '-')
			usage(mig_printf("unknown option %s", a));
		else if (o->input != NULL)
			usage("more than one input file");
		else
			o->input = a;
	}
	if (o->input == NULL)
		usage("no input file");
}

static void
exec_cpp(const struct options *o, int fd)
{
	const char *argv[300];
	int n = 0, i;

	argv[n++] = o->cc;
	argv[n++] = "-E";
	argv[n++] = "-x";
	argv[n++] = "c";
	argv[n++] = "-std=c99";
	argv[n++] = "-undef";
	argv[n++] = "-D__x86_64__";
	argv[n++] = "-D__LP64__";
	argv[n++] = "-D__MACH30__";
	for (i = 0; i < o->ncppargs; i++)
		argv[n++] = o->cppargs[i];
	argv[n++] = o->input;
	argv[n] = NULL;
	dup2(fd, 1);
	execvp(o->cc, (char *const *)argv);
	fprintf(stderr, "mig: cannot run %s: %s\n", o->cc, strerror(errno));
	_exit(127);
}

static char *
read_all(int fd, size_t *lenp)
{
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	ssize_t r;

	while (buf != NULL && (r = read(fd, buf + len, cap - len)) > 0) {
		len += (size_t)r;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	if (buf == NULL) {
		fprintf(stderr, "mig: out of memory\n");
		exit(2);
	}
	*lenp = len;
	return buf;
}

static char *
preprocess(const struct options *o, size_t *lenp)
{
	int fds[2], status;
	pid_t pid;
	char *text;

	if (pipe(fds) != 0 || (pid = fork()) < 0) {
		perror("mig");
		exit(2);
	}
	if (pid == 0) {
		close(fds[0]);
		exec_cpp(o, fds[1]);
	}
	close(fds[1]);
	text = read_all(fds[0], lenp);
	close(fds[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "mig: %s: preprocessing failed\n", o->input);
		exit(1);
	}
	return text;
}

static bool
wanted(const char *path)
{
	return path != NULL && strcmp(path, "/dev/null") != 0;
}

static void
write_file(const char *path, void (*fn)(FILE *, const struct emit_ctx *),
    const struct emit_ctx *cx)
{
	char *tmp;
	FILE *f;

	if (!wanted(path))
		return;
	tmp = mig_printf("%s.tmp%ld", path, (long)getpid());
	f = fopen(tmp, "w");
	if (f == NULL) {
		fprintf(stderr, "mig: cannot write %s: %s\n", path,
		    strerror(errno));
		exit(1);
	}
	fn(f, cx);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		fprintf(stderr, "mig: cannot write %s: %s\n", path,
		    strerror(errno));
		unlink(tmp);
		exit(1);
	}
}

static const char *
default_cc(void)
{
	const char *cc = getenv("MIGCC");

	return cc != NULL && *cc != '\0' ? cc : "cc";
}

/*
 * Routine:	main
 * Purpose:	Compile one .defs file.
 * Conditions:	None.
 * Returns:	0 on success, 1 on a compile error, 2 on a usage error.
 */
int
main(int argc, char **argv)
{
	struct options o;
	struct subsystem ss;
	struct emit_ctx cx;
	size_t len;
	char *text;

	memset(&o, 0, sizeof(o));
	o.maxonstack = -1;
	parse_options(&o, argc, argv);
	if (o.cc == NULL)
		o.cc = default_cc();
	text = preprocess(&o, &len);
	memset(&ss, 0, sizeof(ss));
	mig_parse(&ss, text, len, o.input);
	memset(&cx, 0, sizeof(cx));
	cx.ss = &ss;
	cx.source = o.input;
	cx.maxonstack = o.maxonstack;
	if (o.user == NULL && o.header == NULL && o.server == NULL &&
	    o.sheader == NULL) {
		o.header = mig_printf("%s.h", ss.name);
		o.user = mig_printf("%sUser.c", ss.name);
		o.server = mig_printf("%sServer.c", ss.name);
	}
	write_file(o.header, emit_user_header, &cx);
	write_file(o.user, emit_user_source, &cx);
	write_file(o.sheader, emit_server_header, &cx);
	write_file(o.server, emit_server_source, &cx);
	free(text);
	mig_arena_free();
	return 0;
}
