/*
 * tools/mig/parser.c - recursive-descent parser for the .defs subset
 * XNU uses (spec/mig.md section 1.5), and the type table.
 *
 * Keywords are case-insensitive; MACH_MSG_TYPE_* names are not.  Words
 * that belong to the MIG language but are outside Harbor's scope are
 * recognised and rejected as "unsupported", never as syntax errors.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mig.h"

struct parser {
	struct lexer lx;
	struct token tok;
	struct subsystem *ss;
	struct routine **rtail;
	struct import **itail;
	bool have_subsystem;
	int depth; /* nesting of expressions and type specs */
};

#define MAX_DEPTH 32

/* --- the type table --------------------------------------------------------- */

struct typeent {
	struct mtype *t;
	struct typeent *next;
};

#define TYPE_HASH 251
static struct typeent *type_table[TYPE_HASH];

static unsigned
type_hash(const char *s)
{
	unsigned h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h % TYPE_HASH;
}

/*
 * Routine:	mig_types_reset
 * Purpose:	Forget every declared type (before a new compilation).
 * Conditions:	The entries live in the arena; call before mig_arena_free
 *		or after, but do not use old types afterwards.
 * Returns:	Nothing.
 */
void
mig_types_reset(void)
{
	memset(type_table, 0, sizeof(type_table));
}

/*
 * Routine:	mig_lookup_type
 * Purpose:	Find a declared type by name.
 * Conditions:	None.
 * Returns:	The type, or NULL.
 */
struct mtype *
mig_lookup_type(const char *name)
{
	struct typeent *e;

	for (e = type_table[type_hash(name)]; e != NULL; e = e->next) {
		if (strcmp(e->t->name, name) == 0)
			return e->t;
	}
	return NULL;
}

static void
define_type(struct parser *p, struct mtype *t)
{
	struct typeent *e;
	unsigned h = type_hash(t->name);

	for (e = type_table[h]; e != NULL; e = e->next) {
		if (strcmp(e->t->name, t->name) == 0) {
			mig_warn_at(
			    t->file, t->line, "type %s redefined", t->name);
			e->t = t;
			return;
		}
	}
	e = mig_alloc(sizeof(*e));
	e->t = t;
	e->next = type_table[h];
	type_table[h] = e;
	(void)p;
}

/* --- built-in IPC type names -------------------------------------------------- */

struct prim {
	const char *name;
	int in_name, out_name, bits;
};

static const struct prim prims[] = {
    {"MACH_MSG_TYPE_BOOLEAN", 0, 0, 32},
    {"MACH_MSG_TYPE_INTEGER_8", 9, 9, 8},
    {"MACH_MSG_TYPE_CHAR", 8, 8, 8},
    {"MACH_MSG_TYPE_BYTE", 9, 9, 8},
    {"MACH_MSG_TYPE_INTEGER_16", 1, 1, 16},
    {"MACH_MSG_TYPE_INTEGER_32", 2, 2, 32},
    {"MACH_MSG_TYPE_INTEGER_64", 11, 11, 64},
    {"MACH_MSG_TYPE_REAL_32", 10, 10, 32},
    {"MACH_MSG_TYPE_REAL_64", 10, 10, 64},
    {"MACH_MSG_TYPE_UNSTRUCTURED", 0, 0, 32},
    {"MACH_MSG_TYPE_PORT_NAME", 15, 15, 32},
    {"MACH_MSG_TYPE_MOVE_RECEIVE", 16, 16, 32},
    {"MACH_MSG_TYPE_MOVE_SEND", 17, 17, 32},
    {"MACH_MSG_TYPE_MOVE_SEND_ONCE", 18, 18, 32},
    {"MACH_MSG_TYPE_COPY_SEND", 19, 17, 32},
    {"MACH_MSG_TYPE_MAKE_SEND", 20, 17, 32},
    {"MACH_MSG_TYPE_MAKE_SEND_ONCE", 21, 18, 32},
    {"MACH_MSG_TYPE_PORT_RECEIVE", MT_POLY, 16, 32},
    {"MACH_MSG_TYPE_PORT_SEND", MT_POLY, 17, 32},
    {"MACH_MSG_TYPE_PORT_SEND_ONCE", MT_POLY, 18, 32},
    {"MACH_MSG_TYPE_POLYMORPHIC", MT_POLY, MT_POLY, 32},
};

static const struct prim *
find_prim(const char *name)
{
	size_t i;

	if (strcasecmp(name, "polymorphic") == 0)
		return &prims[sizeof(prims) / sizeof(prims[0]) - 1];
	for (i = 0; i < sizeof(prims) / sizeof(prims[0]); i++) {
		if (strcmp(prims[i].name, name) == 0)
			return &prims[i];
	}
	return NULL;
}

static bool
name_is_port(int n)
{
	return n == MT_POLY || (n >= 16 && n <= 21);
}

/* --- tokens -------------------------------------------------------------------- */

static void
advance(struct parser *p)
{
	lex_next(&p->lx, &p->tok);
}

static bool
is_word(const struct parser *p, const char *kw)
{
	return p->tok.kind == TK_IDENT && strcasecmp(p->tok.text, kw) == 0;
}

static bool
is_punct(const struct parser *p, char c)
{
	return p->tok.kind == TK_PUNCT && p->tok.text[0] == c;
}

static const char *
tok_desc(const struct token *t)
{
	switch (t->kind) {
	case TK_EOF:
		return "end of file";
	case TK_NUMBER:
		return mig_printf("number %ld", t->value);
	default:
		return mig_printf("'%s'", t->text);
	}
}

static void __attribute__((noreturn))
syntax_error(const struct parser *p, const char *what)
{
	mig_error_at(p->tok.file, p->tok.line,
	    "syntax error: expected %s, got %s", what, tok_desc(&p->tok));
}

static void
expect_punct(struct parser *p, char c)
{
	if (!is_punct(p, c))
		syntax_error(p, mig_printf("'%c'", c));
	advance(p);
}

static const char *
expect_ident(struct parser *p, const char *what)
{
	const char *s;

	if (p->tok.kind != TK_IDENT)
		syntax_error(p, what);
	s = p->tok.text;
	advance(p);
	return s;
}

static void __attribute__((noreturn))
unsupported(const struct parser *p, const char *what)
{
	mig_error_at(p->tok.file, p->tok.line,
	    "unsupported: %s is outside Harbor MIG's scope", what);
}

/* --- constant expressions -------------------------------------------------------- */

static long parse_expr(struct parser *p);

static long
parse_primary(struct parser *p)
{
	long v;

	if (p->tok.kind == TK_NUMBER) {
		v = p->tok.value;
		advance(p);
		return v;
	}
	if (is_punct(p, '(')) {
		advance(p);
		if (++p->depth > MAX_DEPTH)
			mig_error_at(p->tok.file, p->tok.line,
			    "expression nested too deeply");
		v = parse_expr(p);
		p->depth--;
		expect_punct(p, ')');
		return v;
	}
	if (p->tok.kind == TK_IDENT)
		mig_error_at(p->tok.file, p->tok.line,
		    "'%s' is not a number (undefined macro?)", p->tok.text);
	syntax_error(p, "a number");
}

static long
check_range(const struct parser *p, long v)
{
	if (v > 0x7fffffffL || v < -0x7fffffffL)
		mig_error_at(p->tok.file, p->tok.line, "constant overflow");
	return v;
}

static long
parse_term(struct parser *p)
{
	long v = parse_primary(p), r;

	while (is_punct(p, '*') || is_punct(p, '/')) {
		char op = p->tok.text[0];

		advance(p);
		r = parse_primary(p);
		if (op == '*') {
			v = check_range(p, v * r);
		} else {
			if (r == 0)
				mig_error_at(p->tok.file, p->tok.line,
				    "division by zero");
			v = v / r;
		}
	}
	return v;
}

static long
parse_expr(struct parser *p)
{
	long v = parse_term(p);

	while (is_punct(p, '+') || is_punct(p, '-')) {
		char op = p->tok.text[0];

		advance(p);
		v = check_range(
		    p, op == '+' ? v + parse_term(p) : v - parse_term(p));
	}
	return v;
}

static long
parse_count(struct parser *p)
{
	long v = parse_expr(p);

	if (v <= 0 || v > 0x1000000)
		mig_error_at(
		    p->tok.file, p->tok.line, "array size %ld out of range", v);
	return v;
}

/* --- type specifications ----------------------------------------------------------- */

static struct mtype *
new_type(const struct parser *p, enum mtype_kind kind)
{
	struct mtype *t = mig_alloc(sizeof(*t));

	t->kind = kind;
	t->file = p->tok.file;
	t->line = p->tok.line;
	return t;
}

static struct mtype *parse_typespec(struct parser *p);

static struct mtype *
parse_ipctype(struct parser *p, const struct prim *in)
{
	struct mtype *t;
	const struct prim *out = in;

	advance(p);
	if (is_punct(p, '|')) {
		advance(p);
		if (p->tok.kind != TK_IDENT ||
		    (out = find_prim(p->tok.text)) == NULL)
			syntax_error(p, "an IPC type name after '|'");
		advance(p);
		if (out->bits != in->bits)
			mig_error_at(p->tok.file, p->tok.line,
			    "sizes of %s and %s differ", in->name, out->name);
	}
	t = new_type(p, name_is_port(in->in_name) ? MK_PORT : MK_SCALAR);
	t->in_name = in->in_name;
	t->out_name = out->out_name;
	t->bits = in->bits;
	return t;
}

static bool
elem_is_port(const struct mtype *e)
{
	return e->kind == MK_PORT;
}

static bool
elem_is_fixed(const struct mtype *e)
{
	return e->kind == MK_SCALAR || e->kind == MK_STRUCT ||
	    e->kind == MK_FIXARRAY;
}

static struct mtype *
make_array(struct parser *p, long n, bool var, struct mtype *elem)
{
	struct mtype *t;

	if (!elem_is_fixed(elem) && !elem_is_port(elem))
		mig_error_at(p->tok.file, p->tok.line,
		    "unsupported: array of a variable-size type");
	if (elem_is_port(elem)) {
		if (!var && n > 0)
			unsupported(p, "a fixed array of ports");
		t = new_type(p, n == 0 ? MK_OOLPORTS : MK_PORTARRAY);
		t->ool_var = true;
	} else if (n == 0) {
		t = new_type(p, MK_OOL);
		t->ool_var = true;
	} else {
		t = new_type(p, var ? MK_VARARRAY : MK_FIXARRAY);
	}
	t->number = (int)n;
	t->elem = elem;
	t->in_name = elem->in_name;
	t->out_name = elem->out_name;
	t->bits = elem->bits;
	return t;
}

/* array [ ] | [ * ] | [ * : N ] | [ N ] of T */
static struct mtype *
parse_array(struct parser *p)
{
	long n = 0;
	bool var = true;

	advance(p);
	expect_punct(p, '[');
	if (is_punct(p, '*')) {
		advance(p);
		if (is_punct(p, ':')) {
			advance(p);
			n = parse_count(p);
		}
	} else if (!is_punct(p, ']')) {
		n = parse_count(p);
		var = false;
	}
	expect_punct(p, ']');
	if (!is_word(p, "of"))
		syntax_error(p, "'of'");
	advance(p);
	return make_array(p, n, var, parse_typespec(p));
}

static struct mtype *
parse_struct(struct parser *p)
{
	struct mtype *t, *elem;
	long n;

	advance(p);
	expect_punct(p, '[');
	n = parse_count(p);
	expect_punct(p, ']');
	if (!is_word(p, "of"))
		syntax_error(p, "'of'");
	advance(p);
	elem = parse_typespec(p);
	if (!elem_is_fixed(elem))
		mig_error_at(
		    p->tok.file, p->tok.line, "struct of a non-scalar type");
	t = new_type(p, MK_STRUCT);
	t->number = (int)n;
	t->elem = elem;
	t->bits = elem->bits;
	return t;
}

static struct mtype *
parse_cstring(struct parser *p)
{
	struct mtype *t;
	bool var = false;
	long n;

	advance(p);
	expect_punct(p, '[');
	if (is_punct(p, '*')) {
		advance(p);
		expect_punct(p, ':');
		var = true;
	}
	n = parse_count(p);
	expect_punct(p, ']');
	t = new_type(p, var ? MK_VARSTRING : MK_CSTRING);
	t->number = (int)n;
	t->bits = 8;
	return t;
}

/* ^T: T travels out of line. */
static struct mtype *
parse_pointer(struct parser *p)
{
	struct mtype *inner, *t;

	advance(p);
	inner = parse_typespec(p);
	switch (inner->kind) {
	case MK_OOL:
	case MK_OOLPORTS:
		return inner;
	case MK_VARARRAY:
		t = new_type(p, MK_OOL);
		t->ool_var = true;
		t->number = inner->number;
		t->elem = inner->elem;
		t->bits = inner->bits;
		return t;
	case MK_SCALAR:
	case MK_STRUCT:
	case MK_FIXARRAY:
		t = new_type(p, MK_OOL);
		t->ool_var = false;
		t->number = 1;
		t->elem = inner;
		t->bits = inner->bits;
		return t;
	case MK_PORTARRAY:
		t = new_type(p, MK_OOLPORTS);
		t->ool_var = true;
		t->number = inner->number;
		t->elem = inner->elem;
		t->in_name = inner->in_name;
		t->out_name = inner->out_name;
		t->bits = inner->bits;
		return t;
	default:
		mig_error_at(p->tok.file, p->tok.line,
		    "unsupported: out-of-line form of this type");
	}
}

static struct mtype *
alias_of(struct parser *p, const struct mtype *old)
{
	struct mtype *t = new_type(p, old->kind);

	*t = *old;
	t->ctype = t->cusertype = t->cservertype = NULL;
	t->intran_type = t->intran_fn = NULL;
	t->outtran_type = t->outtran_fn = NULL;
	t->destructor_fn = NULL;
	t->file = p->tok.file;
	t->line = p->tok.line;
	return t;
}

static struct mtype *parse_typespec_inner(struct parser *p);

static long
fixed_size(const struct mtype *t)
{
	switch (t->kind) {
	case MK_SCALAR:
	case MK_PORT:
		return t->bits / 8 ? t->bits / 8 : 1;
	case MK_STRUCT:
	case MK_FIXARRAY:
	case MK_VARARRAY:
	case MK_PORTARRAY:
		return (long)t->number * (t->elem ? fixed_size(t->elem) : 1);
	case MK_CSTRING:
	case MK_VARSTRING:
		return t->number;
	default:
		return 0;
	}
}

static struct mtype *
parse_typespec(struct parser *p)
{
	struct mtype *t;

	if (++p->depth > MAX_DEPTH)
		mig_error_at(p->tok.file, p->tok.line,
		    "type specification nested too deeply");
	t = parse_typespec_inner(p);
	p->depth--;
	if (fixed_size(t) > 0x100000)
		mig_error_at(p->tok.file, p->tok.line,
		    "type too large for an inline message field");
	return t;
}

static struct mtype *
parse_typespec_inner(struct parser *p)
{
	const struct prim *pr;
	struct mtype *t;

	if (p->tok.kind == TK_NUMBER)
		unsupported(p, "a numeric IPC type name");
	if (p->tok.kind != TK_IDENT)
		syntax_error(p, "a type");
	if ((pr = find_prim(p->tok.text)) != NULL)
		return parse_ipctype(p, pr);
	if (is_word(p, "array"))
		return parse_array(p);
	if (is_word(p, "struct"))
		return parse_struct(p);
	if (is_word(p, "c_string"))
		return parse_cstring(p);
	if (is_word(p, "PointerTo") || is_word(p, "PointerToIfNot") ||
	    is_word(p, "ValueOf"))
		unsupported(p, p->tok.text);
	if ((t = mig_lookup_type(p->tok.text)) == NULL)
		mig_error_at(
		    p->tok.file, p->tok.line, "undefined type %s", p->tok.text);
	advance(p);
	return t;
}

/* Punctuation spec: '^' arrives as a punct token. */
static struct mtype *
parse_typespec_top(struct parser *p)
{
	if (is_punct(p, '^'))
		return parse_pointer(p);
	if (is_punct(p, '('))
		unsupported(p, "a long-form (type, size) declaration");
	return parse_typespec(p);
}

/* --- attributes ---------------------------------------------------------------------- */

/* intran: S f(W) keeps S; outtran: W f(S) keeps S (the server type). */
static void
parse_tran(struct parser *p, const char **type, const char **fn, bool out)
{
	const char *first, *inner;

	first = expect_ident(p, "a C type");
	*fn = expect_ident(p, "a function name");
	expect_punct(p, '(');
	inner = expect_ident(p, "a C type");
	expect_punct(p, ')');
	*type = out ? inner : first;
}

static bool
parse_attribute(struct parser *p, struct mtype *t)
{
	const char *unused;

	if (is_word(p, "ctype")) {
		advance(p);
		expect_punct(p, ':');
		t->ctype = expect_ident(p, "a C type");
	} else if (is_word(p, "cusertype")) {
		advance(p);
		expect_punct(p, ':');
		t->cusertype = expect_ident(p, "a C type");
	} else if (is_word(p, "cservertype")) {
		advance(p);
		expect_punct(p, ':');
		t->cservertype = expect_ident(p, "a C type");
	} else if (is_word(p, "intran")) {
		advance(p);
		expect_punct(p, ':');
		parse_tran(p, &t->intran_type, &t->intran_fn, false);
	} else if (is_word(p, "outtran")) {
		advance(p);
		expect_punct(p, ':');
		parse_tran(p, &t->outtran_type, &t->outtran_fn, true);
	} else if (is_word(p, "destructor")) {
		advance(p);
		expect_punct(p, ':');
		t->destructor_fn = expect_ident(p, "a function name");
		expect_punct(p, '(');
		unused = expect_ident(p, "a C type");
		(void)unused;
		expect_punct(p, ')');
	} else if (is_word(p, "intranpayload") || is_word(p, "ctranslation")) {
		unsupported(p, p->tok.text);
	} else {
		return false;
	}
	return true;
}

static bool
type_is_variable(const struct mtype *t)
{
	return t->kind == MK_VARARRAY || t->kind == MK_VARSTRING ||
	    t->kind == MK_OOLPORTS || t->kind == MK_PORTARRAY ||
	    (t->kind == MK_OOL && t->ool_var);
}

/* name = spec {attributes}: a complete named type. */
static struct mtype *
parse_namedtype(struct parser *p, const char *name, int line)
{
	struct mtype *t = parse_typespec_top(p);

	if (t->name != NULL)
		t = alias_of(p, t); /* an alias resets the attributes */
	t->name = name;
	t->line = line;
	while (parse_attribute(p, t))
		;
	if (type_is_variable(t) &&
	    (t->intran_fn || t->outtran_fn || t->destructor_fn))
		mig_error_at(t->file, t->line,
		    "type %s: a variable array cannot have a translation or "
		    "destructor",
		    name);
	return t;
}

/* --- statements -------------------------------------------------------------------------- */

static void
parse_type_stmt(struct parser *p)
{
	const char *name;
	int line;

	advance(p);
	line = p->tok.line;
	name = expect_ident(p, "a type name");
	expect_punct(p, '=');
	define_type(p, parse_namedtype(p, name, line));
}

static void
parse_subsystem(struct parser *p)
{
	struct subsystem *ss = p->ss;
	int line = p->tok.line;

	advance(p);
	if (p->have_subsystem)
		mig_warn_at(p->tok.file, line, "second subsystem statement");
	for (;;) {
		if (is_word(p, "KernelServer")) {
			ss->kernel_server = true;
		} else if (is_word(p, "KernelUser")) {
			ss->kernel_user = true;
		} else {
			break;
		}
		advance(p);
	}
	ss->name = expect_ident(p, "a subsystem name");
	ss->base = parse_expr(p);
	if (ss->base < 0)
		mig_error_at(p->tok.file, line, "negative subsystem base");
	p->have_subsystem = true;
}

static void
parse_import(struct parser *p, enum import_kind kind)
{
	struct import *im = mig_alloc(sizeof(*im));

	lex_filename(&p->lx, &p->tok);
	im->kind = kind;
	im->file = p->tok.text;
	*p->itail = im;
	p->itail = &im->next;
	advance(p);
}

static void
parse_prefix(struct parser *p, const char **slot)
{
	advance(p);
	*slot = expect_ident(p, "a name");
}

/* --- routines and arguments ------------------------------------------------------------------ */

static const char *const unsupported_dirs[] = {"replyport", "sreplyport",
    "ureplyport", "waittime", "sendtime", "msgoption", "servertoken",
    "serversectoken", "serveraudittoken", "usersectoken", "useraudittoken",
    "servercontexttoken", "serverimpl", "userimpl", NULL};

static const char *const unsupported_flags[] = {"physicalcopy", "overwrite",
    "retcode", "servercopy", "userimpl", "serverimpl", "countinoutarray", NULL};

static bool
word_in(const struct parser *p, const char *const *list)
{
	for (; *list != NULL; list++) {
		if (is_word(p, *list))
			return true;
	}
	return false;
}

static bool
parse_direction(struct parser *p, struct arg *a, bool *explicit)
{
	static const struct {
		const char *w;
		enum arg_dir d;
	} dirs[] = {{"in", AD_IN}, {"out", AD_OUT}, {"inout", AD_INOUT},
	    {"requestport", AD_REQUESTPORT}, {"msgseqno", AD_MSGSEQNO}};
	size_t i;

	*explicit = false;
	if (word_in(p, unsupported_dirs))
		unsupported(p, mig_printf("argument kind '%s'", p->tok.text));
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (is_word(p, dirs[i].w)) {
			a->dir = dirs[i].d;
			*explicit = true;
			advance(p);
			return true;
		}
	}
	return false;
}

static void
parse_flag(struct parser *p, struct arg *a)
{
	if (word_in(p, unsupported_flags))
		unsupported(p, mig_printf("flag '%s'", p->tok.text));
	if (is_word(p, "CountInOut")) {
		a->countinout = true;
	} else if (is_word(p, "SameCount")) {
		a->samecount = true;
	} else if (is_word(p, "Dealloc")) {
		a->dealloc = true;
	} else if (is_word(p, "NotDealloc") || is_word(p, "auto") ||
	    is_word(p, "const")) {
		/* accepted, no effect */
	} else {
		syntax_error(p, "an argument flag");
	}
	advance(p);
	if (is_punct(p, '['))
		unsupported(p, "a flag with [] (Dealloc[])");
}

static struct arg *
parse_arg(struct parser *p, bool *explicit)
{
	struct arg *a = mig_alloc(sizeof(*a));
	const char *tname;
	int line;

	a->file = p->tok.file;
	a->line = p->tok.line;
	a->dir = AD_IN;
	parse_direction(p, a, explicit);
	a->name = expect_ident(p, "an argument name");
	expect_punct(p, ':');
	line = p->tok.line;
	tname = expect_ident(p, "a type name");
	if (is_punct(p, '=')) {
		advance(p);
		a->type = parse_namedtype(p, tname, line);
	} else {
		a->type = mig_lookup_type(tname);
		if (a->type == NULL)
			mig_error_at(a->file, line, "undefined type %s", tname);
	}
	while (is_punct(p, ',')) {
		advance(p);
		parse_flag(p, a);
	}
	return a;
}

static bool
is_send_name(int n)
{
	return n == MT_POLY || (n >= 17 && n <= 21);
}

static void
check_arg(const struct routine *rt, struct arg *a, struct arg *prev)
{
	enum mtype_kind k = a->type->kind;

	if (rt->simple && (a->dir == AD_OUT || a->dir == AD_INOUT))
		mig_error_at(a->file, a->line,
		    "simpleroutine %s: out argument %s not allowed", rt->name,
		    a->name);
	if (a->dir == AD_REQUESTPORT &&
	    (k != MK_PORT || !is_send_name(a->type->in_name)))
		mig_error_at(a->file, a->line,
		    "request port %s is not a send or send-once right",
		    a->name);
	if (a->dir == AD_MSGSEQNO && k != MK_SCALAR)
		mig_error_at(
		    a->file, a->line, "msgseqno %s must be a scalar", a->name);
	if (a->countinout && (a->dir != AD_OUT || k != MK_VARARRAY))
		mig_error_at(a->file, a->line,
		    "CountInOut needs an out inline variable array");
	if (a->samecount) {
		if (prev == NULL || prev->dir != a->dir ||
		    (prev->type->kind != MK_VARARRAY &&
			prev->type->kind != MK_OOL) ||
		    (k != MK_VARARRAY && k != MK_OOL))
			mig_error_at(a->file, a->line,
			    "SameCount %s must follow an array of the same "
			    "direction",
			    a->name);
		a->count_of = prev->count_of ? prev->count_of : prev;
	}
	if (a->dealloc && k != MK_OOL && k != MK_OOLPORTS)
		mig_error_at(a->file, a->line,
		    "Dealloc applies to out-of-line arguments only");
}

static void
check_unique(const struct routine *rt)
{
	const struct arg *a, *b;

	for (a = rt->args; a != NULL; a = a->next) {
		for (b = a->next; b != NULL; b = b->next) {
			if (strcmp(a->name, b->name) == 0)
				mig_error_at(b->file, b->line,
				    "duplicate argument %s", b->name);
		}
	}
}

static void
parse_args(struct parser *p, struct routine *rt)
{
	struct arg **tail = &rt->args, *prev = NULL, *a;
	bool explicit;

	expect_punct(p, '(');
	while (!is_punct(p, ')')) {
		a = parse_arg(p, &explicit);
		if (!explicit && rt->reqport == NULL)
			a->dir = AD_REQUESTPORT;
		if (a->dir == AD_REQUESTPORT) {
			if (rt->reqport != NULL)
				mig_error_at(a->file, a->line,
				    "second request port %s", a->name);
			rt->reqport = a;
		}
		check_arg(rt, a, prev);
		*tail = a;
		tail = &a->next;
		prev = a;
		if (!is_punct(p, ';'))
			break;
		advance(p);
	}
	expect_punct(p, ')');
	if (rt->reqport == NULL)
		mig_error_at(rt->file, rt->line,
		    "routine %s has no request port", rt->name);
	check_unique(rt);
}

static void
append_routine(struct parser *p, struct routine *rt)
{
	struct routine *r;

	if (!p->have_subsystem)
		mig_error_at(rt->file, rt->line,
		    "routine before the subsystem statement");
	for (r = p->ss->routines; rt->name && r != NULL; r = r->next) {
		if (r->name != NULL && strcmp(r->name, rt->name) == 0)
			mig_error_at(rt->file, rt->line,
			    "routine %s defined twice", rt->name);
	}
	rt->number = p->ss->nroutines++;
	*p->rtail = rt;
	p->rtail = &rt->next;
}

static void
parse_routine(struct parser *p, bool simple)
{
	struct routine *rt = mig_alloc(sizeof(*rt));

	rt->file = p->tok.file;
	rt->line = p->tok.line;
	rt->simple = simple;
	advance(p);
	rt->name = expect_ident(p, "a routine name");
	parse_args(p, rt);
	append_routine(p, rt);
}

static void
parse_skip(struct parser *p)
{
	struct routine *rt = mig_alloc(sizeof(*rt));

	rt->file = p->tok.file;
	rt->line = p->tok.line;
	advance(p);
	append_routine(p, rt);
}

static const char *const unsupported_stmts[] = {"rcsid", "error", "waittime",
    "nowaittime", "sendtime", "nosendtime", "msgoption", "usespecialreplyport",
    "consumeonsenderror", "usertypelimit", "onstacklimit", "iimport", "dimport",
    "userimpl", "serverimpl", "randomized", NULL};

static void
parse_statement(struct parser *p)
{
	if (is_word(p, "subsystem"))
		parse_subsystem(p);
	else if (is_word(p, "routine"))
		parse_routine(p, false);
	else if (is_word(p, "simpleroutine"))
		parse_routine(p, true);
	else if (is_word(p, "skip"))
		parse_skip(p);
	else if (is_word(p, "type"))
		parse_type_stmt(p);
	else if (is_word(p, "import"))
		parse_import(p, IMP_BOTH);
	else if (is_word(p, "uimport"))
		parse_import(p, IMP_USER);
	else if (is_word(p, "simport"))
		parse_import(p, IMP_SERVER);
	else if (is_word(p, "serverprefix"))
		parse_prefix(p, &p->ss->serverprefix);
	else if (is_word(p, "userprefix"))
		parse_prefix(p, &p->ss->userprefix);
	else if (is_word(p, "serverdemux"))
		parse_prefix(p, &p->ss->serverdemux);
	else if (word_in(p, unsupported_stmts))
		unsupported(p, mig_printf("statement '%s'", p->tok.text));
	else if (!is_punct(p, ';'))
		syntax_error(p, "a statement");
	expect_punct(p, ';');
}

/*
 * Routine:	mig_parse
 * Purpose:	Parse a whole preprocessed .defs text into *ss.
 * Conditions:	ss is zeroed by the caller; errors are fatal (file:line).
 * Returns:	Nothing.
 */
void
mig_parse(struct subsystem *ss, const char *buf, size_t len, const char *file)
{
	struct parser p;

	memset(&p, 0, sizeof(p));
	p.ss = ss;
	p.rtail = &ss->routines;
	p.itail = &ss->imports;
	lex_init(&p.lx, buf, len, file);
	advance(&p);
	while (p.tok.kind != TK_EOF)
		parse_statement(&p);
	if (!p.have_subsystem)
		mig_error_at(p.tok.file, p.tok.line, "no subsystem statement");
}
