/*
 * tests/mig/test_frontend.c - unit tests of the MIG compiler's lexer,
 * parser and routine analysis (spec/mig.md section 6.1), run under
 * ASan and UBSan.  Prints one line per check and "N passed, N failed".
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/mig/mig.h"
#include "check.h"

static jmp_buf jb;

/* Parse text; true on success. */
static bool
parse(struct subsystem *ss, const char *text)
{
	memset(ss, 0, sizeof(*ss));
	mig_types_reset();
	mig_set_error_jump(&jb);
	if (setjmp(jb) != 0) {
		mig_set_error_jump(NULL);
		return false;
	}
	mig_parse(ss, text, strlen(text), "t.defs");
	mig_set_error_jump(NULL);
	return true;
}

static const char std[] = "type int = MACH_MSG_TYPE_INTEGER_32;\n"
			  "type mach_port_t = MACH_MSG_TYPE_COPY_SEND;\n"
			  "type mach_port_name_t = MACH_MSG_TYPE_PORT_NAME;\n";

static const char *
with_std(const char *body)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "subsystem s 100;\n%s%s", std, body);
	return buf;
}

static void
test_lexer(void)
{
	struct lexer lx;
	struct token t;
	static const char text[] =
	    "RouTine x 42 ( ) ;\n# 7 \"f.defs\"\n#pragma x\n"
	    "y // c\n/* c */ z";

	lex_init(&lx, text, strlen(text), "a.defs");
	lex_next(&lx, &t);
	CHECK(t.kind == TK_IDENT && strcmp(t.text, "RouTine") == 0,
	    "identifier keeps its spelling");
	lex_next(&lx, &t);
	lex_next(&lx, &t);
	CHECK(t.kind == TK_NUMBER && t.value == 42, "decimal number");
	lex_next(&lx, &t);
	CHECK(t.kind == TK_PUNCT && t.text[0] == '(', "punctuation");
	lex_next(&lx, &t);
	lex_next(&lx, &t);
	lex_next(&lx, &t);
	CHECK(
	    t.kind == TK_IDENT && strcmp(t.file, "f.defs") == 0 && t.line == 8,
	    "line marker moves file and line; #pragma skipped");
	lex_next(&lx, &t);
	CHECK(t.kind == TK_IDENT && strcmp(t.text, "z") == 0 && t.line == 9,
	    "comments skipped");
	lex_next(&lx, &t);
	CHECK(t.kind == TK_EOF, "end of input");
}

/* import: both sides; uimport: user side; simport: server side. */
static void
test_import_sides(void)
{
	struct subsystem ss;
	char *ubuf = NULL, *sbuf = NULL;
	size_t ulen, slen;
	FILE *u, *s;

	if (!parse(&ss,
		"subsystem s 1; import <a.h>; uimport <u.h>;"
		"simport <s.h>;")) {
		CHECK(false, "imports parse");
		return;
	}
	u = open_memstream(&ubuf, &ulen);
	s = open_memstream(&sbuf, &slen);
	emit_imports(u, &ss, IMP_USER);
	emit_imports(s, &ss, IMP_SERVER);
	fclose(u);
	fclose(s);
	CHECK(strstr(ubuf, "<a.h>") && strstr(ubuf, "<u.h>") &&
		!strstr(ubuf, "<s.h>"),
	    "user side: import and uimport");
	CHECK(strstr(sbuf, "<a.h>") && strstr(sbuf, "<s.h>") &&
		!strstr(sbuf, "<u.h>"),
	    "server side: import and simport");
	free(ubuf);
	free(sbuf);
}

static void
test_lexer_errors(void)
{
	struct subsystem ss;

	CHECK(!parse(&ss, "#define X 1\nsubsystem s 1;"), "stray # rejected");
	CHECK(!parse(&ss, "subsystem s 0x10;"), "hex number rejected");
	CHECK(parse(&ss, "SUBSYSTEM s 1; SKIP; Skip;") && ss.nroutines == 2,
	    "keywords are case-insensitive");
	CHECK(parse(&ss,
		  "subsystem s 1; import <a/b.h>; uimport \"c.h\";"
		  "simport <d.h>;") &&
		ss.imports && strcmp(ss.imports->file, "<a/b.h>") == 0 &&
		ss.imports->kind == IMP_BOTH &&
		ss.imports->next->kind == IMP_USER &&
		ss.imports->next->next->kind == IMP_SERVER,
	    "file names after import keywords");
	CHECK(!parse(&ss, "subsystem s 1; type import = int;"),
	    "import is a keyword");
	test_import_sides();
}

static void
test_numbering(void)
{
	struct subsystem ss;
	const struct routine *rt;
	const char *text = with_std("skip;\nroutine a(p : mach_port_t);\n"
				    "skip; skip;\n"
				    "simpleroutine b(p : mach_port_t);\n");

	CHECK(parse(&ss, text), "numbering file parses");
	CHECK(ss.nroutines == 5 && ss.base == 100, "slots include skips");
	rt = ss.routines->next;
	CHECK(rt->name && strcmp(rt->name, "a") == 0 &&
		routine_id(&ss, rt) == 101,
	    "id = base + index");
	rt = rt->next->next->next;
	CHECK(rt->simple && routine_id(&ss, rt) == 104, "simpleroutine id");
	CHECK(parse(&ss, "subsystem s 1; subsystem t 2;") && ss.base == 2,
	    "second subsystem warns and wins");
	CHECK(!parse(&ss, "routine a(p : int);"), "routine before subsystem");
	CHECK(parse(&ss, "subsystem KernelServer KernelUser s 3;") &&
		ss.kernel_server && ss.kernel_user,
	    "subsystem modifiers");
}

static struct mtype *
type_of(const char *decls, const char *name)
{
	struct subsystem ss;

	if (!parse(&ss, with_std(decls)))
		return NULL;
	return mig_lookup_type(name);
}

static void
test_types(void)
{
	struct mtype *t;

	t = type_of("", "mach_port_t");
	CHECK(t && t->kind == MK_PORT && t->in_name == 19 && t->out_name == 17,
	    "COPY_SEND: in 19, out 17");
	t = type_of("type p = MACH_MSG_TYPE_PORT_SEND_ONCE;", "p");
	CHECK(t && t->in_name == MT_POLY && t->out_name == 18,
	    "PORT_SEND_ONCE: polymorphic in, 18 out");
	t = type_of("type p = polymorphic;", "p");
	CHECK(t && t->kind == MK_PORT && t->in_name == MT_POLY &&
		t->out_name == MT_POLY,
	    "polymorphic");
	t = type_of("type p = MACH_MSG_TYPE_MAKE_SEND_ONCE|polymorphic;", "p");
	CHECK(t && t->in_name == 21 && t->out_name == MT_POLY, "A|B pair");
	CHECK(!type_of("type p = MACH_MSG_TYPE_INTEGER_8|"
		       "MACH_MSG_TYPE_INTEGER_32;",
		  "p"),
	    "A|B with different sizes rejected");
	t = type_of("type a = array[*:93+1] of int;", "a");
	CHECK(t && t->kind == MK_VARARRAY && t->number == 94,
	    "array[*:93+1] folds");
	t = type_of("type a = array[(2*8)/4] of int;", "a");
	CHECK(t && t->kind == MK_FIXARRAY && t->number == 4,
	    "array[(2*8)/4] folds");
	t = type_of("type a = array[] of int;", "a");
	CHECK(t && t->kind == MK_OOL && t->ool_var, "array[] is OOL");
	t = type_of("type a = array[*] of int;", "a");
	CHECK(t && t->kind == MK_OOL && t->ool_var, "array[*] is OOL");
	t = type_of("type s = struct[6] of int; type a = ^s;", "a");
	CHECK(t && t->kind == MK_OOL && !t->ool_var &&
		type_inline_bytes(t->elem) == 24,
	    "^struct is a fixed OOL of 24 bytes");
	t = type_of("type a = array[] of mach_port_t;", "a");
	CHECK(t && t->kind == MK_OOLPORTS, "array[] of ports: OOL ports");
	t = type_of("type a = array[*:4] of mach_port_t;", "a");
	CHECK(t && t->kind == MK_PORTARRAY && t->number == 4,
	    "array[*:N] of ports: N descriptors");
	t = type_of("type a = c_string[*:64];", "a");
	CHECK(t && t->kind == MK_VARSTRING && t->number == 64, "c_string[*:N]");
	t = type_of("type a = c_string[32];", "a");
	CHECK(t && t->kind == MK_CSTRING && t->number == 32, "c_string[N]");
	t = type_of("type a = mach_port_t ctype: foo_t intran: bar_t "
		    "cvt(mach_port_t) destructor: rel(bar_t); type b = a;",
	    "b");
	CHECK(t && t->kind == MK_PORT && t->ctype == NULL &&
		t->intran_fn == NULL && t->destructor_fn == NULL,
	    "alias resets attributes");
	t = type_of("type a = mach_port_t ctype: foo_t cusertype: u_t "
		    "outtran: mach_port_t out(srv_t);",
	    "a");
	CHECK(t && strcmp(type_usertype(t), "u_t") == 0 &&
		strcmp(type_servertype(t), "foo_t") == 0 &&
		strcmp(t->outtran_type, "srv_t") == 0,
	    "ctype, cusertype and outtran server type");
	CHECK(!type_of("type a = array[] of int intran: x y(z);", "a"),
	    "translation on a variable array rejected");
	CHECK(!type_of("type a = undefined_t;", "a"), "undefined type");
	CHECK(!type_of("type a = array[((((((((((((((((((((((((((((((((((1"
		       "))))))))))))))))))))))))))))))))))] of int;",
		  "a"),
	    "deep nesting rejected");
}

static struct routine *
routine_of(struct subsystem *ss, const char *body)
{
	if (!parse(ss, with_std(body)))
		return NULL;
	return ss->routines;
}

static void
test_args(void)
{
	struct subsystem ss;
	struct routine *rt;
	struct message req, rep;

	rt = routine_of(&ss,
	    "type so = MACH_MSG_TYPE_PORT_SEND_ONCE;"
	    "type mso = MACH_MSG_TYPE_MOVE_SEND_ONCE;"
	    "routine r(t : mach_port_t; n : int; nt : so;"
	    " out prev : mso);");
	CHECK(rt && rt->reqport && strcmp(rt->reqport->name, "t") == 0 &&
		rt->args->next->dir == AD_IN,
	    "first undirected arg is the request port");
	CHECK(rt && arg_user_poly(rt->args->next->next) &&
		!arg_server_poly(rt->args->next->next),
	    "PORT_SEND_ONCE: Poly for the user only");
	layout_routine(rt, &req, &rep);
	CHECK(req.complex && req.ndesc == 1 && req.f[1].kind == FK_NDR,
	    "request: descriptor, then NDR");
	CHECK(rep.complex && rep.ndesc == 1 && rep.n == 1,
	    "complex reply: no NDR, no RetCode");
	rt = routine_of(&ss,
	    "type a = array[*:8] of int;"
	    "routine r(t : mach_port_t; out x : a, CountInOut;"
	    " out y : a, SameCount);");
	layout_routine(rt, &req, &rep);
	CHECK(req.n == 2 && req.f[1].kind == FK_CAPACITY,
	    "CountInOut puts a capacity in the request");
	CHECK(rep.n == 4 && rep.f[1].kind == FK_RETCODE &&
		rep.f[3].slide == 1 && rep.nvar == 2,
	    "simple reply: NDR, RetCode, variable arrays slide");
	CHECK(arg_has_count_param(rt->args->next) &&
		!arg_has_count_param(rt->args->next->next),
	    "SameCount has no count parameter");
	rt = routine_of(&ss, "simpleroutine r(t : mach_port_t; n : int);");
	layout_routine(rt, &req, &rep);
	CHECK(!req.complex && req.n == 2, "simple request: NDR + n");
	CHECK(
	    !routine_of(&ss, "simpleroutine r(t : mach_port_t; out n : int);"),
	    "out argument in a simpleroutine rejected");
	CHECK(!routine_of(&ss, "routine r(t : int);"),
	    "request port must be a send right");
	CHECK(!routine_of(&ss, "routine r(t : mach_port_t; WaitTime w : int);"),
	    "WaitTime is unsupported");
	CHECK(!routine_of(&ss, "routine r(t : mach_port_t; n : int, RetCode);"),
	    "RetCode flag is unsupported");
	rt = routine_of(&ss,
	    "routine r(t : mach_port_t; "
	    "x : foo_t = array[] of mach_port_t);");
	CHECK(rt && rt->args->next->type->kind == MK_OOLPORTS &&
		strcmp(rt->args->next->type->name, "foo_t") == 0,
	    "inline type spec in an argument");
	rt = routine_of(&ss, "routine r(t : mach_port_t; msgseqno s : int);");
	CHECK(rt && rt->args->next->dir == AD_MSGSEQNO, "msgseqno argument");
}

static void
test_names(void)
{
	struct subsystem ss;
	struct routine *rt;

	rt = routine_of(&ss,
	    "serverprefix do_; userprefix u_; "
	    "routine r(t : mach_port_t);");
	CHECK(rt && strcmp(server_routine_name(&ss, rt), "do_r") == 0 &&
		strcmp(user_routine_name(&ss, rt), "u_r") == 0,
	    "server and user prefixes");
	CHECK(strcmp(demux_name(&ss), "s_server") == 0, "default demux name");
	parse(&ss, with_std("serverdemux my_demux;"));
	CHECK(strcmp(demux_name(&ss), "my_demux") == 0, "serverdemux");
}

/*
 * Routine:	main
 * Purpose:	Run the front-end unit tests.
 * Conditions:	None.
 * Returns:	0 if every check passed.
 */
int
main(void)
{
	mig_warnings_quiet = 1;
	test_lexer();
	test_lexer_errors();
	test_numbering();
	test_types();
	test_args();
	test_names();
	mig_arena_free();
	printf("frontend: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
