/*
 * tools/mig/emit_common.c - pieces shared by the four emitters: C types
 * of arguments, message structs, prototypes, imports and preambles.
 */
#include <string.h>

#include "mig.h"

static const char *
default_ctype(int bits)
{
	switch (bits) {
	case 8:
		return "char";
	case 16:
		return "short";
	case 64:
		return "int64_t";
	default:
		return "int";
	}
}

static const char *
plain_ctype(const struct mtype *t)
{
	if (t->ctype != NULL)
		return t->ctype;
	if (t->name != NULL)
		return t->name;
	return default_ctype(t->bits);
}

/*
 * Routine:	type_usertype / type_servertype
 * Purpose:	The C type of a MIG type on the user or server side.
 * Conditions:	None.
 * Returns:	A type name.
 */
const char *
type_usertype(const struct mtype *t)
{
	return t->cusertype ? t->cusertype : plain_ctype(t);
}

const char *
type_servertype(const struct mtype *t)
{
	return t->cservertype ? t->cservertype : plain_ctype(t);
}

/*
 * Routine:	type_elemctype
 * Purpose:	The C type of one element of an array type.
 * Conditions:	t has an element type.
 * Returns:	A type name.
 */
const char *
type_elemctype(const struct mtype *t)
{
	if (t->elem == NULL)
		return default_ctype(t->bits);
	if (t->elem->kind == MK_PORT)
		return "mach_port_t";
	return plain_ctype(t->elem);
}

static int
fixed_bytes(const struct mtype *t)
{
	switch (t->kind) {
	case MK_SCALAR:
		return t->bits / 8;
	case MK_PORT:
		return 4;
	case MK_STRUCT:
	case MK_FIXARRAY:
		return t->number * fixed_bytes(t->elem);
	case MK_CSTRING:
		return t->number;
	default:
		return 0;
	}
}

/*
 * Routine:	type_elem_bytes
 * Purpose:	Bytes of one element of an array/OOL type (ports: 4).
 * Conditions:	None.
 * Returns:	A positive size.
 */
int
type_elem_bytes(const struct mtype *t)
{
	int n;

	if (t->kind == MK_VARSTRING || t->kind == MK_CSTRING)
		return 1;
	if (t->elem == NULL)
		n = t->bits / 8;
	else
		n = fixed_bytes(t->elem);
	return n > 0 ? n : 1;
}

/*
 * Routine:	type_inline_bytes
 * Purpose:	Unpadded bytes of a fixed inline value.
 * Conditions:	t is a fixed inline type.
 * Returns:	The size.
 */
int
type_inline_bytes(const struct mtype *t)
{
	return fixed_bytes(t);
}

/*
 * Routine:	type_var_max_bytes
 * Purpose:	Padded bytes of the largest value of an inline variable type.
 * Conditions:	t is MK_VARARRAY or MK_VARSTRING.
 * Returns:	The size, a multiple of 4.
 */
int
type_var_max_bytes(const struct mtype *t)
{
	return (t->number * type_elem_bytes(t) + 3) & ~3;
}

/*
 * Routine:	message_var_max_bytes
 * Purpose:	Padded bytes of all of a message's inline variable fields at
 *		their largest.
 * Conditions:	None.
 * Returns:	The size.
 */
int
message_var_max_bytes(const struct message *m)
{
	int i, n = 0;

	for (i = 0; i < m->n; i++) {
		if (m->f[i].kind == FK_VARARRAY || m->f[i].kind == FK_VARSTRING)
			n += type_var_max_bytes(m->f[i].arg->type);
	}
	return n;
}

/*
 * Routine:	msg_ptr_name
 * Purpose:	The name of a stub's message pointer after slide variable
 *		fields: "In0P", "Out2P", ...
 * Conditions:	None.
 * Returns:	The name (arena memory).
 */
const char *
msg_ptr_name(const char *base, int slide)
{
	return mig_printf("%s%dP", base, slide);
}

/*
 * Routine:	type_is_port
 * Purpose:	Whether a type is a single port right.
 * Conditions:	None.
 * Returns:	true for MK_PORT.
 */
bool
type_is_port(const struct mtype *t)
{
	return t->kind == MK_PORT;
}

/*
 * Routine:	arg_has_count_param
 * Purpose:	Whether the C signatures carry a <name>Cnt for this arg.
 * Conditions:	None.
 * Returns:	true or false.
 */
bool
arg_has_count_param(const struct arg *a)
{
	if (a->samecount)
		return false;
	switch (a->type->kind) {
	case MK_VARARRAY:
	case MK_OOLPORTS:
	case MK_PORTARRAY:
		return true;
	case MK_OOL:
		return a->type->ool_var;
	default:
		return false;
	}
}

/*
 * Routine:	arg_in_request / arg_in_reply
 * Purpose:	Which messages carry the argument in their body.
 * Conditions:	None.
 * Returns:	true or false.
 */
bool
arg_in_request(const struct arg *a)
{
	return a->dir == AD_IN || a->dir == AD_INOUT;
}

bool
arg_in_reply(const struct arg *a)
{
	return a->dir == AD_OUT || a->dir == AD_INOUT;
}

static bool
has_ports(const struct mtype *t)
{
	return t->kind == MK_PORT || t->kind == MK_OOLPORTS ||
	    t->kind == MK_PORTARRAY;
}

/*
 * Routine:	arg_user_poly / arg_server_poly
 * Purpose:	Whether the user (resp. server) C signature has <name>Poly:
 *		the sending side when the in-name is polymorphic, the
 *		receiving side when the out-name is.
 * Conditions:	None.
 * Returns:	true or false.
 */
bool
arg_user_poly(const struct arg *a)
{
	if (!has_ports(a->type))
		return false;
	if (a->dir == AD_OUT)
		return a->type->out_name == MT_POLY;
	return a->type->in_name == MT_POLY;
}

bool
arg_server_poly(const struct arg *a)
{
	if (!has_ports(a->type))
		return false;
	if (a->dir == AD_OUT)
		return a->type->in_name == MT_POLY;
	return a->type->out_name == MT_POLY;
}

/*
 * Routine:	arg_translated_in / arg_translated_out
 * Purpose:	Whether a KernelServer stub translates this argument.
 * Conditions:	None.
 * Returns:	true or false.
 */
bool
arg_translated_in(const struct subsystem *ss, const struct arg *a)
{
	return ss->kernel_server && a->type->intran_fn != NULL &&
	    (a->dir == AD_IN || a->dir == AD_REQUESTPORT);
}

bool
arg_translated_out(const struct subsystem *ss, const struct arg *a)
{
	return ss->kernel_server && a->type->outtran_fn != NULL &&
	    a->dir == AD_OUT;
}

/*
 * Routine:	arg_server_ctype
 * Purpose:	The C type the server work function uses for an argument.
 * Conditions:	None.
 * Returns:	A type name.
 */
const char *
arg_server_ctype(const struct subsystem *ss, const struct arg *a)
{
	if (arg_translated_in(ss, a))
		return a->type->intran_type;
	if (arg_translated_out(ss, a))
		return a->type->outtran_type;
	return type_servertype(a->type);
}

/*
 * Routine:	routine_id
 * Purpose:	The request msgh_id of a routine.
 * Conditions:	None.
 * Returns:	base + index.
 */
int
routine_id(const struct subsystem *ss, const struct routine *rt)
{
	return (int)ss->base + rt->number;
}

/*
 * Routine:	user_routine_name / server_routine_name / demux_name
 * Purpose:	Names of the user stub, the server work function and the
 *		demux function.
 * Conditions:	None.
 * Returns:	Arena strings.
 */
const char *
user_routine_name(const struct subsystem *ss, const struct routine *rt)
{
	return mig_printf(
	    "%s%s", ss->userprefix ? ss->userprefix : "", rt->name);
}

const char *
server_routine_name(const struct subsystem *ss, const struct routine *rt)
{
	return mig_printf(
	    "%s%s", ss->serverprefix ? ss->serverprefix : "", rt->name);
}

const char *
demux_name(const struct subsystem *ss)
{
	if (ss->serverdemux != NULL)
		return ss->serverdemux;
	return mig_printf("%s_server", ss->name);
}

/* --- message structs ----------------------------------------------------------- */

static void
emit_pad(FILE *out, const char *ind, const char *name, int bytes)
{
	if (bytes % 4 != 0)
		fprintf(out, "%s\tchar %sPad[%d];\n", ind, name, 4 - bytes % 4);
}

static void
emit_data_field(FILE *out, const char *ind, const struct arg *a)
{
	const struct mtype *t = a->type;
	int bytes = type_inline_bytes(t);

	switch (t->kind) {
	case MK_FIXARRAY:
		fprintf(out, "%s\t%s %s[%d];\n", ind, type_elemctype(t),
		    a->name, t->number);
		break;
	case MK_CSTRING:
		fprintf(out, "%s\tchar %s[%d];\n", ind, a->name, t->number);
		break;
	default:
		fprintf(out, "%s\t%s %s;\n", ind, type_servertype(t), a->name);
		break;
	}
	emit_pad(out, ind, a->name, bytes);
}

static void
emit_field(FILE *out, const char *ind, const struct field *f)
{
	const struct arg *a = f->arg;

	switch (f->kind) {
	case FK_PORT:
		fprintf(
		    out, "%s\tmach_msg_port_descriptor_t %s;\n", ind, a->name);
		break;
	case FK_OOL:
		fprintf(
		    out, "%s\tmach_msg_ool_descriptor_t %s;\n", ind, a->name);
		break;
	case FK_OOLPORTS:
		fprintf(out, "%s\tmach_msg_ool_ports_descriptor_t %s;\n", ind,
		    a->name);
		break;
	case FK_PORTARRAY:
		fprintf(out, "%s\tmach_msg_port_descriptor_t %s[%d];\n", ind,
		    a->name, a->type->number);
		break;
	case FK_NDR:
		fprintf(out, "%s\tNDR_record_t NDR;\n", ind);
		break;
	case FK_RETCODE:
		fprintf(out, "%s\tkern_return_t RetCode;\n", ind);
		break;
	case FK_DATA:
		emit_data_field(out, ind, a);
		break;
	case FK_OOLCOUNT:
	case FK_CAPACITY:
		fprintf(
		    out, "%s\tmach_msg_type_number_t %sCnt;\n", ind, a->name);
		break;
	case FK_VARARRAY:
		if (!a->samecount)
			fprintf(out, "%s\tmach_msg_type_number_t %sCnt;\n", ind,
			    a->name);
		fprintf(out, "%s\t%s %s[%d];\n", ind, type_elemctype(a->type),
		    a->name, a->type->number);
		emit_pad(out, ind, a->name,
		    a->type->number * type_elem_bytes(a->type));
		break;
	case FK_VARSTRING:
		fprintf(out,
		    "%s\tmach_msg_type_number_t %sOffset;\n"
		    "%s\tmach_msg_type_number_t %sCnt;\n"
		    "%s\tchar %s[%d];\n",
		    ind, a->name, ind, a->name, ind, a->name, a->type->number);
		emit_pad(out, ind, a->name, a->type->number);
		break;
	}
}

/*
 * Routine:	emit_message_struct
 * Purpose:	Write "typedef struct { ... } tname;" for a message, with
 *		an optional receive trailer at the end.
 * Conditions:	Packing pragmas are the caller's job.
 * Returns:	Nothing.
 */
void
emit_message_struct(FILE *out, const char *ind, const struct message *m,
    const char *tname, bool trailer)
{
	int i;

	fprintf(
	    out, "%stypedef struct {\n%s\tmach_msg_header_t Head;\n", ind, ind);
	if (m->complex)
		fprintf(out, "%s\tmach_msg_body_t msgh_body;\n", ind);
	for (i = 0; i < m->n; i++)
		emit_field(out, ind, &m->f[i]);
	if (trailer)
		fprintf(out, "%s\tmach_msg_max_trailer_t trailer;\n", ind);
	fprintf(out, "%s} %s __attribute__((unused));\n", ind, tname);
}

static void
emit_union(
    FILE *out, const struct subsystem *ss, const char *prefix, bool reply)
{
	const struct routine *rt;
	const char *kind = reply ? "Reply" : "Request";
	const char *uname =
	    mig_printf("__%sUnion__%s%s_subsystem", kind, prefix, ss->name);

	fprintf(out, "#ifndef %s_defined\n#define %s_defined\nunion %s {\n",
	    uname, uname, uname);
	if (reply)
		fprintf(out, "\tmig_reply_error_t Reply_error;\n");
	for (rt = ss->routines; rt != NULL; rt = rt->next) {
		if (rt->name == NULL)
			continue;
		fprintf(out, "\t__%s__%s_t %s_%s;\n", kind, rt->name, kind,
		    rt->name);
	}
	fprintf(out, "};\n#endif /* %s_defined */\n\n", uname);
}

/*
 * Routine:	emit_message_typedefs
 * Purpose:	The __Request__r_t / __Reply__r_t typedefs of every routine,
 *		guarded so a user and a server header can meet in one file,
 *		and the request/reply unions.
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
emit_message_typedefs(FILE *out, const struct subsystem *ss)
{
	const struct routine *rt;
	struct message req, rep;
	const char *kinds[2] = {"Request", "Reply"};
	int k;

	for (k = 0; k < 2; k++) {
		fprintf(out,
		    "/* typedefs for all %ss */\n\n"
		    "#ifndef __%s__%s_subsystem__defined\n"
		    "#define __%s__%s_subsystem__defined\n\n"
		    "#if __MigPackStructs\n#pragma pack(push, 4)\n#endif\n",
		    k ? "replies" : "requests", kinds[k], ss->name, kinds[k],
		    ss->name);
		for (rt = ss->routines; rt != NULL; rt = rt->next) {
			if (rt->name == NULL)
				continue;
			layout_routine(rt, &req, &rep);
			emit_message_struct(out, "", k ? &rep : &req,
			    mig_printf("__%s__%s_t", kinds[k], rt->name),
			    false);
		}
		fprintf(out,
		    "#if __MigPackStructs\n#pragma pack(pop)\n#endif\n"
		    "#endif /* !__%s__%s_subsystem__defined */\n\n",
		    kinds[k], ss->name);
	}
}

/*
 * Routine:	emit_unions
 * Purpose:	Request and reply unions named with the given prefix.
 * Conditions:	None.
 * Returns:	Nothing.
 */

void
emit_unions(FILE *out, const struct subsystem *ss, const char *prefix)
{
	emit_union(out, ss, prefix, false);
	emit_union(out, ss, prefix, true);
}

/* --- prototypes --------------------------------------------------------------------- */

struct params {
	const char *p[128];
	const char *names[128]; /* the parameter names, for calls */
	int n;
};

static void
param(struct params *ps, const char *fmt, const char *type, const char *name)
{
	if (ps->n < 128) {
		ps->names[ps->n] = name;
		ps->p[ps->n++] = mig_printf(fmt, type, name);
	}
}

/* "by value", "by pointer" or "as a buffer" for a given kind. */
static bool
passed_as_buffer(const struct mtype *t)
{
	return t->kind == MK_FIXARRAY || t->kind == MK_CSTRING ||
	    t->kind == MK_VARSTRING || t->kind == MK_VARARRAY ||
	    t->kind == MK_PORTARRAY;
}

static void
arg_params(struct params *ps, const struct arg *a, const char *ctype, bool poly)
{
	bool out = a->dir == AD_OUT || a->dir == AD_INOUT;
	const struct mtype *t = a->type;

	if (a->dir == AD_MSGSEQNO || a->dir == AD_REQUESTPORT || !out ||
	    passed_as_buffer(t))
		param(ps, "%s %s", ctype, a->name);
	else
		param(ps, "%s *%s", ctype, a->name);
	if (poly)
		param(ps, "%s %s",
		    (out && a->dir != AD_REQUESTPORT) ? "mach_msg_type_name_t *"
						      : "mach_msg_type_name_t",
		    mig_printf("%sPoly", a->name));
	if (arg_has_count_param(a))
		param(ps, "%s %s",
		    out ? "mach_msg_type_number_t *" : "mach_msg_type_number_t",
		    mig_printf("%sCnt", a->name));
}

static void
print_params(FILE *out, const struct params *ps)
{
	int i;

	if (ps->n == 0)
		fprintf(out, "void");
	for (i = 0; i < ps->n; i++) {
		const char *s = ps->p[i];
		size_t l = strlen(s);

		/* "T * name" from the pointer formats reads badly; tidy it. */
		if (l > 0 && strstr(s, "* ") != NULL) {
			char *c = mig_strdup(s);
			char *st = strstr(c, "* ");

			memmove(st + 1, st + 2, strlen(st + 2) + 1);
			s = c;
		}
		fprintf(out, "%s\n\t%s", i ? "," : "", s);
	}
}

/* The C parameters of the user stub of rt. */
static void
user_params(struct params *ps, const struct routine *rt)
{
	const struct arg *a;

	for (a = rt->args; a != NULL; a = a->next) {
		if (a->dir == AD_MSGSEQNO)
			continue;
		arg_params(ps, a, type_usertype(a->type), arg_user_poly(a));
	}
}

/*
 * Routine:	emit_user_prototype
 * Purpose:	"kern_return_t name(params)" of a user stub; with decl a
 *		declaration ending in ';'.
 * Conditions:	rt is not a skip.
 * Returns:	Nothing.
 */
void
emit_user_prototype(
    FILE *out, const struct subsystem *ss, const struct routine *rt, bool decl)
{
	struct params ps = {.n = 0};

	user_params(&ps, rt);
	fprintf(out, "%skern_return_t%s%s(", decl ? "extern " : "",
	    decl ? " " : "\n", user_routine_name(ss, rt));
	print_params(out, &ps);
	fprintf(out, ")%s\n", decl ? ";" : "");
}

/*
 * Routine:	emit_user_signature
 * Purpose:	"kern_return_t\nname(params)\n" of a helper function with
 *		the parameters of the user stub of rt, preceded by first
 *		("type name") when it is not NULL.
 * Conditions:	rt is not a skip.
 * Returns:	Nothing.
 */
void
emit_user_signature(
    FILE *out, const struct routine *rt, const char *name, const char *first)
{
	struct params ps = {.n = 0};

	if (first != NULL) {
		ps.names[0] = NULL;
		ps.p[ps.n++] = first;
	}
	user_params(&ps, rt);
	fprintf(out, "kern_return_t\n%s(", name);
	print_params(out, &ps);
	fprintf(out, ")\n");
}

/*
 * Routine:	emit_user_call_args
 * Purpose:	The names of the user stub's parameters, comma separated,
 *		to pass them on to a helper; with more, each name follows
 *		a comma (the list continues earlier arguments).
 * Conditions:	rt is not a skip.
 * Returns:	Nothing.
 */
void
emit_user_call_args(FILE *out, const struct routine *rt, bool more)
{
	struct params ps = {.n = 0};
	int i;

	user_params(&ps, rt);
	for (i = 0; i < ps.n; i++)
		fprintf(out, "%s%s", (i || more) ? ", " : "", ps.names[i]);
}

/*
 * Routine:	emit_server_prototype
 * Purpose:	"kern_return_t name(params)" of a server work function.
 * Conditions:	rt is not a skip.
 * Returns:	Nothing.
 */
void
emit_server_prototype(
    FILE *out, const struct subsystem *ss, const struct routine *rt, bool decl)
{
	struct params ps = {.n = 0};
	const struct arg *a;

	for (a = rt->args; a != NULL; a = a->next)
		arg_params(&ps, a, arg_server_ctype(ss, a), arg_server_poly(a));
	fprintf(out, "%skern_return_t%s%s(", decl ? "extern " : "",
	    decl ? " " : "\n", server_routine_name(ss, rt));
	print_params(out, &ps);
	fprintf(out, ")%s\n", decl ? ";" : "");
}

/*
 * Routine:	emit_imports
 * Purpose:	#include lines for the imports visible on one side.
 * Conditions:	k is IMP_USER or IMP_SERVER.
 * Returns:	Nothing.
 */
void
emit_imports(FILE *out, const struct subsystem *ss, enum import_kind k)
{
	const struct import *im;

	for (im = ss->imports; im != NULL; im = im->next) {
		if (im->kind == IMP_BOTH || im->kind == k)
			fprintf(out, "#include %s\n", im->file);
	}
}

/*
 * Routine:	emit_preamble
 * Purpose:	The banner, the standard Mach includes and the MIG switches
 *		every generated header starts with.
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
emit_preamble(FILE *out, const struct emit_ctx *cx, bool kernel)
{
	fprintf(out,
	    "/*\n * Generated by Harbor MIG from %s.  Do not edit.\n */\n\n"
	    "#include <stdint.h>\n"
	    "#include <mach/ndr.h>\n#include <mach/boolean.h>\n"
	    "#include <mach/kern_return.h>\n#include <mach/notify.h>\n"
	    "#include <mach/mach_types.h>\n#include <mach/message.h>\n"
	    "#include <mach/mig.h>\n#include <mach/mig_errors.h>\n"
	    "#include <mach/port.h>\n\n"
	    "#ifndef __MigTypeCheck\n#define __MigTypeCheck 1\n#endif\n"
	    "#ifndef __MigKernelSpecificCode\n#define __MigKernelSpecificCode "
	    "%d\n"
	    "#endif\n#ifndef __MigPackStructs\n#define __MigPackStructs 1\n"
	    "#endif\n\n",
	    cx->source, kernel ? 1 : 0);
}

/*
 * Routine:	server_argc
 * Purpose:	Number of C parameters of a server work function.
 * Conditions:	rt is not a skip.
 * Returns:	The count.
 */
int
server_argc(const struct subsystem *ss, const struct routine *rt)
{
	struct params ps = {.n = 0};
	const struct arg *a;

	for (a = rt->args; a != NULL; a = a->next)
		arg_params(&ps, a, arg_server_ctype(ss, a), arg_server_poly(a));
	return ps.n;
}

/*
 * Routine:	emit_helpers
 * Purpose:	Small static helpers every generated .c file uses, so the
 *		generated code needs no C library (the kernel has none).
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
emit_helpers(FILE *out)
{
	fprintf(out,
	    "#ifndef mig_internal\n#define mig_internal static\n#endif\n"
	    "#ifndef mig_external\n#define mig_external\n#endif\n\n"
	    "/* Bounded copy; NUL-terminates and zero-fills.  Returns the\n"
	    " * length copied including the NUL (at most len). */\n"
	    "static inline __attribute__((unused)) mach_msg_type_number_t\n"
	    "__MigStrCopy(char *dst, const char *src, "
	    "mach_msg_type_number_t len)\n{\n"
	    "\tmach_msg_type_number_t i = 0, n;\n\n"
	    "\tif (len == 0)\n\t\treturn 0;\n"
	    "\twhile (i < len - 1 && src[i] != '\\0') {\n"
	    "\t\tdst[i] = src[i];\n\t\ti++;\n\t}\n"
	    "\tn = i + 1;\n"
	    "\twhile (i < len)\n\t\tdst[i++] = '\\0';\n"
	    "\treturn n;\n}\n\n"
	    "/* Length including the NUL, or len when there is none. */\n"
	    "static inline __attribute__((unused)) mach_msg_type_number_t\n"
	    "__MigStrLen(const char *s, mach_msg_type_number_t len)\n{\n"
	    "\tmach_msg_type_number_t i;\n\n"
	    "\tfor (i = 0; i < len; i++) {\n"
	    "\t\tif (s[i] == '\\0')\n\t\t\treturn i + 1;\n\t}\n"
	    "\treturn len;\n}\n\n"
	    "#define __MigRound4(n) (((n) + 3) & ~(mach_msg_size_t)3)\n\n");
}
