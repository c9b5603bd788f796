/*
 * tools/mig/emit_server.c - the server side: header (work function
 * prototypes, demux, subsystem object, message types) and stubs that
 * check a request, call the work function and build the reply.
 *
 * The request and reply ports are named through msgh_request_port and
 * msgh_reply_port: a user-space server sees a received (swapped) header,
 * a kernel server (__MigKernelSpecificCode) sees the sender's view.
 */
#include <string.h>

#include "mig.h"


static const struct field *
find_field(const struct message *m, const struct arg *a, enum field_kind k)
{
	int i;

	for (i = 0; i < m->n; i++) {
		if (m->f[i].arg == a && m->f[i].kind == k)
			return &m->f[i];
	}
	return NULL;
}

static const char *
subsystem_object(const struct subsystem *ss)
{
	return mig_printf("%s%s_subsystem",
	    ss->serverprefix ? ss->serverprefix : "", ss->name);
}

static bool
has_seqno(const struct routine *rt)
{
	const struct arg *a;

	for (a = rt->args; a != NULL; a = a->next) {
		if (a->dir == AD_MSGSEQNO)
			return true;
	}
	return false;
}

/* --- request check ------------------------------------------------------------------ */

static void
check_request_body(FILE *out, const struct field *f)
{
	const struct arg *a = f->arg;
	const char *p = msg_ptr_name("In", f->slide);
	const struct mtype *t;

	if (a == NULL)
		return;
	t = a->type;
	if (f->kind == FK_OOLCOUNT && t->kind == MK_OOL)
		fprintf(out,
		    "\tif ((uint64_t)In0P->%s.size != (uint64_t)%s->%sCnt * "
		    "%d)\n"
		    "\t\treturn MIG_TYPE_ERROR;\n",
		    a->name, p, a->name, type_elem_bytes(t));
	if (f->kind == FK_OOLCOUNT && t->kind == MK_OOLPORTS)
		fprintf(out,
		    "\tif (In0P->%s.count != %s->%sCnt)\n\t\treturn "
		    "MIG_TYPE_ERROR;\n",
		    a->name, p, a->name);
	if (f->kind == FK_OOLCOUNT && t->number > 0)
		fprintf(out, "\tif (%s->%sCnt > %d)\n\t\treturn MIG_%s;\n", p,
		    a->name, t->number,
		    t->kind == MK_PORTARRAY ? "BAD_ARGUMENTS" : "TYPE_ERROR");
	if (f->kind == FK_VARSTRING)
		fprintf(out,
		    "\tif (%s->%sCnt == 0 || "
		    "(__MigStrLen(%s->%s, %s->%sCnt) == %s->%sCnt &&\n"
		    "\t    %s->%s[%s->%sCnt - 1] != '\\0'))\n"
		    "\t\treturn MIG_BAD_ARGUMENTS;\n",
		    p, a->name, p, a->name, p, a->name, p, a->name, p, a->name,
		    p, a->name);
	if (f->kind == FK_DATA && t->kind == MK_CSTRING)
		fprintf(out,
		    "\tif (__MigStrLen(%s->%s, %d) == %d && %s->%s[%d] != "
		    "'\\0')\n"
		    "\t\treturn MIG_BAD_ARGUMENTS;\n",
		    p, a->name, t->number, t->number, p, a->name,
		    t->number - 1);
}

static void
emit_request_check(
    FILE *out, const struct routine *rt, const struct message *req)
{
	const char *t = mig_printf("__Request__%s_t", rt->name);
	int i, k;

	fprintf(out,
	    "mig_internal kern_return_t\n__MIG_check__Request__%s_t("
	    "%s *In0P",
	    rt->name, t);
	for (k = 1; k <= req->nvar; k++)
		fprintf(out, ", %s **In%dPP", t, k);
	fprintf(out, ")\n{\n\ttypedef %s __Request;\n", t);
	for (k = 1; k <= req->nvar; k++)
		fprintf(out,
		    "\t__Request *In%dP __attribute__((unused)) = In0P;\n", k);
	fprintf(out,
	    "\tmach_msg_size_t msgh_size __attribute__((unused)) = "
	    "In0P->Head.msgh_size;\n"
	    "\tmach_msg_size_t msgh_expected __attribute__((unused)) = "
	    "(mach_msg_size_t)sizeof(__Request);\n"
	    "\tmach_msg_size_t msgh_size_delta = 0;\n\n"
	    "\t(void)msgh_size_delta;\n#if __MigTypeCheck\n");
	if (req->complex)
		fprintf(out,
		    "\tif (!(In0P->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) "
		    "||\n"
		    "\t    In0P->msgh_body.msgh_descriptor_count != %d)\n"
		    "\t\treturn MIG_BAD_ARGUMENTS;\n",
		    req->ndesc);
	else
		fprintf(out,
		    "\tif (In0P->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)\n"
		    "\t\treturn MIG_BAD_ARGUMENTS;\n");
	fprintf(out,
	    "\tif (msgh_size < (mach_msg_size_t)sizeof(__Request) - %d ||\n"
	    "\t    msgh_size > (mach_msg_size_t)sizeof(__Request))\n"
	    "\t\treturn MIG_BAD_ARGUMENTS;\n#endif\n",
	    message_var_max_bytes(req));
	emit_var_walk(out, req, "In", "__Request", "MIG_BAD_ARGUMENTS");
	fprintf(out,
	    "#if __MigTypeCheck\n\tif (msgh_size != msgh_expected)\n"
	    "\t\treturn MIG_BAD_ARGUMENTS;\n");
	for (i = 0; i < req->n; i++)
		emit_descriptor_check(out, &req->f[i], "In0P");
	for (i = 0; i < req->n; i++)
		check_request_body(out, &req->f[i]);
	if (has_seqno(rt))
		fprintf(out,
		    "\t{\n\t\tmach_msg_max_trailer_t *tr = "
		    "(mach_msg_max_trailer_t *)\n"
		    "\t\t    ((char *)In0P + __MigRound4(msgh_size));\n"
		    "\t\tif (tr->msgh_trailer_type != "
		    "MACH_MSG_TRAILER_FORMAT_0 ||\n"
		    "\t\t    tr->msgh_trailer_size < "
		    "sizeof(mach_msg_seqno_trailer_t))\n"
		    "\t\t\treturn MIG_TRAILER_ERROR;\n\t}\n");
	fprintf(out, "#endif\n");
	for (k = 1; k <= req->nvar; k++)
		fprintf(out, "\t*In%dPP = In%dP;\n", k, k);
	fprintf(out, "\treturn MACH_MSG_SUCCESS;\n}\n\n");
}

/* --- the stub ---------------------------------------------------------------------------- */

/* Expression for an in value before translation. */
static const char *
in_value(const struct message *req, const struct arg *a)
{
	const struct field *f;

	if (a->dir == AD_REQUESTPORT)
		return "In0P->Head.msgh_request_port";
	if (a->dir == AD_MSGSEQNO)
		return "TrailerP->msgh_seqno";
	if (a->type->kind == MK_PORT)
		return mig_printf("In0P->%s.name", a->name);
	f = find_field(req, a, FK_DATA);
	if (f == NULL)
		f = find_field(req, a, FK_VARARRAY);
	if (f == NULL)
		f = find_field(req, a, FK_VARSTRING);
	return mig_printf(
	    "%s->%s", msg_ptr_name("In", f ? f->slide : 0), a->name);
}

static void
declare_locals(FILE *out, const struct subsystem *ss, const struct arg *a,
    const struct message *req)
{
	const struct mtype *t = a->type;
	const char *n = a->name;

	if (arg_translated_in(ss, a)) {
		fprintf(out, "\t%s %s;\n", t->intran_type, n);
		return;
	}
	if (a->dir == AD_IN && t->kind == MK_PORTARRAY) {
		fprintf(out,
		    "\tmach_port_t %s[%d];\n\n"
		    "\tfor (unsigned int i = 0; i < %d; i++)\n"
		    "\t\t%s[i] = In0P->%s[i].name;\n",
		    n, t->number, t->number, n, n);
		return;
	}
	if (a->dir != AD_OUT && a->dir != AD_INOUT)
		return;
	switch (t->kind) {
	case MK_PORT:
	case MK_SCALAR:
	case MK_STRUCT:
		fprintf(out, "\t%s %s;\n", arg_server_ctype(ss, a), n);
		if (a->dir == AD_INOUT)
			fprintf(out, "\t%s = %s;\n", n, in_value(req, a));
		break;
	case MK_OOL:
	case MK_OOLPORTS:
		fprintf(out, "\t%s %s;\n", arg_server_ctype(ss, a), n);
		break;
	case MK_PORTARRAY:
		fprintf(out, "\tmach_port_t %s[%d];\n", n, t->number);
		break;
	default:
		break;
	}
	if (arg_server_poly(a))
		fprintf(out, "\tmach_msg_type_name_t %sPoly;\n", n);
	if (arg_has_count_param(a))
		fprintf(out, "\tmach_msg_type_number_t %sCnt;\n", n);
}

static void
init_counts(FILE *out, const struct arg *a, const struct message *req)
{
	const struct field *f;

	if (a->dir != AD_OUT || !arg_has_count_param(a))
		return;
	if (a->countinout && (f = find_field(req, a, FK_CAPACITY)) != NULL) {
		const char *p = msg_ptr_name("In", f->slide);

		fprintf(out, "\t%sCnt = (%s->%sCnt < %d) ? %s->%sCnt : %d;\n",
		    a->name, p, a->name, a->type->number, p, a->name,
		    a->type->number);
	} else if (a->type->kind == MK_VARARRAY ||
	    a->type->kind == MK_PORTARRAY) {
		fprintf(out, "\t%sCnt = %d;\n", a->name, a->type->number);
	} else {
		fprintf(out, "\t%sCnt = 0;\n", a->name);
	}
}

static void
call_in_arg(FILE *out, const struct subsystem *ss, const struct arg *a,
    const struct message *req, int *nargs)
{
	const struct mtype *t = a->type;
	const char *v = in_value(req, a);
	const struct field *f;

	if (arg_translated_in(ss, a))
		v = a->name;
	else if (t->kind == MK_OOL || t->kind == MK_OOLPORTS)
		v = mig_printf("(%s)(uintptr_t)(In0P->%s.address)",
		    type_servertype(t), a->name);
	else if (t->kind == MK_PORTARRAY)
		v = a->name; /* names copied out of the descriptors */
	fprintf(out, "%s%s", (*nargs)++ ? ", " : "", v);
	if (arg_server_poly(a))
		fprintf(out, ", %s",
		    a->dir == AD_REQUESTPORT
			? "MACH_MSGH_BITS_REQUEST(In0P->Head.msgh_bits)"
			: mig_printf("In0P->%s.disposition", a->name));
	if (!arg_has_count_param(a))
		return;
	f = find_field(req, a, FK_OOLCOUNT);
	if (f == NULL)
		f = find_field(req, a, FK_VARARRAY);
	fprintf(
	    out, ", %s->%sCnt", msg_ptr_name("In", f ? f->slide : 0), a->name);
}

static void
call_out_arg(FILE *out, const struct arg *a)
{
	const struct mtype *t = a->type;
	bool buffer = t->kind == MK_FIXARRAY || t->kind == MK_CSTRING ||
	    t->kind == MK_VARSTRING || t->kind == MK_VARARRAY;

	if (buffer)
		fprintf(out, "OutP->%s", a->name);
	else if (t->kind == MK_PORTARRAY)
		fprintf(out, "%s", a->name);
	else
		fprintf(out, "&%s", a->name);
	if (arg_server_poly(a))
		fprintf(out, ", &%sPoly", a->name);
	if (arg_has_count_param(a))
		fprintf(out, ", &%sCnt", a->name);
}

static void
emit_call(FILE *out, const struct subsystem *ss, const struct routine *rt,
    const struct message *req)
{
	const struct arg *a;
	int nargs = 0;

	fprintf(out, "\tRetCode = %s(", server_routine_name(ss, rt));
	for (a = rt->args; a != NULL; a = a->next) {
		if (a->dir == AD_OUT || a->dir == AD_INOUT) {
			fprintf(out, "%s", nargs++ ? ", " : "");
			call_out_arg(out, a);
		} else {
			call_in_arg(out, ss, a, req, &nargs);
		}
	}
	fprintf(out, ");\n");
}

static void
emit_translations_in(FILE *out, const struct subsystem *ss,
    const struct routine *rt, const struct message *req)
{
	const struct arg *a;

	for (a = rt->args; a != NULL; a = a->next) {
		if (arg_translated_in(ss, a))
			fprintf(out, "\t%s = %s(%s);\n", a->name,
			    a->type->intran_fn, in_value(req, a));
	}
}

static void
emit_destructors(
    FILE *out, const struct subsystem *ss, const struct routine *rt)
{
	const struct arg *a;

	for (a = rt->args; a != NULL; a = a->next) {
		if (arg_translated_in(ss, a) && a->type->destructor_fn)
			fprintf(out, "\t%s(%s);\n", a->type->destructor_fn,
			    a->name);
	}
}

/* KernelServer: drop the send rights the translated in-ports carried. */
static void
emit_port_release(
    FILE *out, const struct subsystem *ss, const struct routine *rt)
{
	const struct arg *a;

	for (a = rt->args; a != NULL; a = a->next) {
		if (a->dir != AD_IN || !arg_translated_in(ss, a) ||
		    a->type->kind != MK_PORT || a->type->out_name != 17)
			continue;
		fprintf(out,
		    "\tif (In0P->%s.name != (mach_port_t)0 &&\n"
		    "\t    In0P->%s.name != (mach_port_t)~(uintptr_t)0)\n"
		    "\t\tipc_port_release_send(In0P->%s.name);\n",
		    a->name, a->name, a->name);
	}
}

/*
 * A kernel server hands back send rights it owns: a copy-send out port
 * travels as move-send.
 */
static int
kernel_out_name(const struct subsystem *ss, int name)
{
	return ss->kernel_server && name == 19 ? 17 : name;
}

static void
reply_port(FILE *out, const struct subsystem *ss, const struct arg *a)
{
	const char *n = a->name;
	const char *v = arg_translated_out(ss, a)
	    ? mig_printf("%s(%s)", a->type->outtran_fn, n)
	    : n;
	const char *disp = arg_server_poly(a)
	    ? mig_printf("%sPoly", n)
	    : mig_printf("%d", kernel_out_name(ss, a->type->in_name));

	fprintf(out,
	    "\t__builtin_memset(&OutP->%s, 0, sizeof(OutP->%s));\n"
	    "\tOutP->%s.name = %s;\n\tOutP->%s.disposition = %s;\n"
	    "\tOutP->%s.type = MACH_MSG_PORT_DESCRIPTOR;\n",
	    n, n, n, v, n, disp, n);
}

static void
reply_ool(
    FILE *out, const struct subsystem *ss, const struct arg *a, bool ports)
{
	const char *n = a->name;
	const struct mtype *t = a->type;
	const char *cnt =
	    mig_printf("%sCnt", a->count_of ? a->count_of->name : n);

	fprintf(out,
	    "\t__builtin_memset(&OutP->%s, 0, sizeof(OutP->%s));\n"
	    "\tOutP->%s.address = (void *)(uintptr_t)(%s);\n"
	    "\tOutP->%s.deallocate = %s;\n",
	    n, n, n, n, n, a->dealloc ? "TRUE" : "FALSE");
	if (ports) {
		fprintf(out,
		    "\tOutP->%s.count = %s;\n\tOutP->%s.disposition = %s;\n"
		    "\tOutP->%s.copy = MACH_MSG_PHYSICAL_COPY;\n"
		    "\tOutP->%s.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;\n",
		    n, cnt, n,
		    arg_server_poly(a)
			? mig_printf("%sPoly", n)
			: mig_printf("%d", kernel_out_name(ss, t->in_name)),
		    n, n);
		return;
	}
	if (t->ool_var)
		fprintf(out, "\tOutP->%s.size = %s * %d;\n", n, cnt,
		    type_elem_bytes(t));
	else
		fprintf(out, "\tOutP->%s.size = %d;\n", n,
		    type_inline_bytes(t->elem));
	fprintf(out,
	    "\tOutP->%s.copy = MACH_MSG_VIRTUAL_COPY;\n"
	    "\tOutP->%s.type = MACH_MSG_OOL_DESCRIPTOR;\n",
	    n, n);
}

static void
reply_portarray(FILE *out, const struct subsystem *ss, const struct arg *a)
{
	const char *n = a->name;

	fprintf(out,
	    "\tfor (unsigned int i = 0; i < %d; i++) {\n"
	    "\t\t__builtin_memset(&OutP->%s[i], 0, sizeof(OutP->%s[i]));\n"
	    "\t\tOutP->%s[i].name = i < %sCnt ? %s[i] : MACH_PORT_NULL;\n"
	    "\t\tOutP->%s[i].disposition = %d;\n"
	    "\t\tOutP->%s[i].type = MACH_MSG_PORT_DESCRIPTOR;\n\t}\n",
	    a->type->number, n, n, n, n, n, n,
	    kernel_out_name(ss, a->type->in_name), n);
}

static void
reply_vararray(
    FILE *out, const struct field *f, const char *p, const char *next)
{
	const struct arg *a = f->arg;
	const char *n = a->name;
	const char *cnt =
	    mig_printf("%sCnt", a->count_of ? a->count_of->name : n);
	int esz = type_elem_bytes(a->type);

	if (f->slide > 0)
		fprintf(out,
		    "\t__builtin_memmove(%s->%s, OutP->%s, %d * %s);\n", p, n,
		    n, esz, cnt);
	if (!a->samecount)
		fprintf(out, "\t%s->%sCnt = %s;\n", p, n, cnt);
	fprintf(out,
	    "\tmsgh_size_delta = __MigRound4(%d * %s);\n"
	    "\tmsgh_size += msgh_size_delta;\n"
	    "\t%s = (Reply *)((char *)%s + msgh_size_delta - %d);\n",
	    esz, cnt, next, p, type_var_max_bytes(a->type));
}

static void
reply_varstring(
    FILE *out, const struct field *f, const char *p, const char *next)
{
	const char *n = f->arg->name;
	int max = f->arg->type->number;

	fprintf(out,
	    "\t{\n\t\tmach_msg_type_number_t cnt = __MigStrLen(OutP->%s, %d);\n"
	    "\n",
	    n, max);
	if (f->slide > 0)
		fprintf(out, "\t\t__builtin_memmove(%s->%s, OutP->%s, cnt);\n",
		    p, n, n);
	fprintf(out,
	    "\t\t%s->%sOffset = 0;\n\t\t%s->%sCnt = cnt;\n"
	    "\t\tmsgh_size_delta = __MigRound4(cnt);\n\t}\n"
	    "\tmsgh_size += msgh_size_delta;\n"
	    "\t%s = (Reply *)((char *)%s + msgh_size_delta - %d);\n",
	    p, n, p, n, next, p, type_var_max_bytes(f->arg->type));
}

static void
reply_data(FILE *out, const struct field *f, const char *p)
{
	const struct arg *a = f->arg;
	const struct mtype *t = a->type;

	if (t->kind == MK_FIXARRAY || t->kind == MK_CSTRING) {
		if (f->slide > 0)
			fprintf(out,
			    "\t__builtin_memmove(%s->%s, OutP->%s, %d);\n", p,
			    a->name, a->name, type_inline_bytes(t));
		return;
	}
	fprintf(out, "\t%s->%s = %s;\n", p, a->name, a->name);
}

static void
fill_reply_field(FILE *out, const struct subsystem *ss, const struct field *f)
{
	const char *p = msg_ptr_name("Out", f->slide),
		   *next = msg_ptr_name("Out", f->slide + 1);
	const struct arg *a = f->arg;

	switch (f->kind) {
	case FK_PORT:
		reply_port(out, ss, a);
		break;
	case FK_OOL:
		reply_ool(out, ss, a, false);
		break;
	case FK_OOLPORTS:
		reply_ool(out, ss, a, true);
		break;
	case FK_PORTARRAY:
		reply_portarray(out, ss, a);
		break;
	case FK_NDR:
		fprintf(out, "\t%s->NDR = NDR_record;\n", p);
		break;
	case FK_RETCODE:
		fprintf(out, "\t%s->RetCode = KERN_SUCCESS;\n", p);
		break;
	case FK_DATA:
		reply_data(out, f, p);
		break;
	case FK_OOLCOUNT:
		fprintf(out, "\t%s->%sCnt = %sCnt;\n", p, a->name, a->name);
		break;
	case FK_CAPACITY:
		break;
	case FK_VARARRAY:
		reply_vararray(out, f, p, next);
		break;
	case FK_VARSTRING:
		reply_varstring(out, f, p, next);
		break;
	}
}

static void
emit_stub_head(FILE *out, const struct subsystem *ss, const struct routine *rt,
    const struct message *req, const struct message *rep)
{
	const struct arg *a;
	int k;

	fprintf(out,
	    "/* %s %s */\nmig_internal void\n_X%s(mach_msg_header_t *InHeadP, "
	    "mach_msg_header_t *OutHeadP)\n{\n"
	    "\ttypedef __Request__%s_t Request;\n"
	    "\ttypedef __Reply__%s_t Reply;\n"
	    "\tRequest *In0P = (Request *)InHeadP;\n"
	    "\tReply *OutP = (Reply *)OutHeadP;\n",
	    rt->simple ? "SimpleRoutine" : "Routine", rt->name, rt->name,
	    rt->name, rt->name);
	for (k = 1; k <= req->nvar; k++)
		fprintf(out,
		    "\tRequest *In%dP __attribute__((unused)) = In0P;\n", k);
	fprintf(out, "\tReply *Out0P = OutP;\n");
	for (k = 1; k <= rep->nvar; k++)
		fprintf(out,
		    "\tReply *Out%dP __attribute__((unused)) = OutP;\n", k);
	fprintf(out,
	    "\tkern_return_t check_result;\n\tkern_return_t RetCode;\n"
	    "\tmach_msg_size_t msgh_size __attribute__((unused)) = "
	    "(mach_msg_size_t)sizeof(Reply) - "
	    "%d;\n"
	    "\tmach_msg_size_t msgh_size_delta = 0;\n",
	    message_var_max_bytes(rep));
	if (has_seqno(rt))
		fprintf(out, "\tmach_msg_max_trailer_t *TrailerP;\n");
	fprintf(out,
	    "\n\t(void)Out0P;\n\t(void)msgh_size_delta;\n"
	    "\tcheck_result = __MIG_check__Request__%s_t(In0P",
	    rt->name);
	for (k = 1; k <= req->nvar; k++)
		fprintf(out, ", &In%dP", k);
	fprintf(out,
	    ");\n\tif (check_result != MACH_MSG_SUCCESS) {\n"
	    "\t\tMIG_RETURN_ERROR(OutHeadP, check_result);\n\t}\n");
	if (has_seqno(rt))
		fprintf(out,
		    "\tTrailerP = (mach_msg_max_trailer_t *)((char *)In0P +\n"
		    "\t    __MigRound4(In0P->Head.msgh_size));\n");
	(void)a;
}

static void
emit_stub(FILE *out, const struct subsystem *ss, const struct routine *rt)
{
	struct message req, rep;
	const struct arg *a;
	int i;

	layout_routine(rt, &req, &rep);
	emit_request_check(out, rt, &req);
	emit_stub_head(out, ss, rt, &req, &rep);
	fprintf(out, "\t{\n");
	for (a = rt->args; a != NULL; a = a->next)
		declare_locals(out, ss, a, &req);
	for (a = rt->args; a != NULL; a = a->next)
		init_counts(out, a, &req);
	emit_translations_in(out, ss, rt, &req);
	emit_call(out, ss, rt, &req);
	emit_destructors(out, ss, rt);
	if (rt->simple) {
		fprintf(
		    out, "\tMIG_RETURN_ERROR(OutHeadP, RetCode);\n\t}\n}\n\n");
		return;
	}
	fprintf(out,
	    "\tif (RetCode != KERN_SUCCESS) {\n"
	    "\t\tMIG_RETURN_ERROR(OutHeadP, RetCode);\n\t}\n");
	emit_port_release(out, ss, rt);
	for (i = 0; i < rep.n; i++)
		fill_reply_field(out, ss, &rep.f[i]);
	fprintf(out, "\tOutP->Head.msgh_size = msgh_size;\n");
	if (rep.complex)
		fprintf(out,
		    "\tOutP->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;\n"
		    "\tOutP->msgh_body.msgh_descriptor_count = %d;\n",
		    rep.ndesc);
	fprintf(out, "\t}\n}\n\n");
}

/* --- demux and subsystem ------------------------------------------------------------------ */

static void
emit_subsystem_struct(FILE *out, const struct subsystem *ss, bool decl)
{
	fprintf(out,
	    "%sconst struct %s {\n"
	    "\tmig_server_routine_t server;\n\tmach_msg_id_t start;\n"
	    "\tmach_msg_id_t end;\n\tunsigned int maxsize;\n"
	    "\tvm_address_t reserved;\n"
	    "\tstruct routine_descriptor routine[%d];\n} %s%s\n",
	    decl ? "extern " : "", subsystem_object(ss),
	    ss->nroutines > 0 ? ss->nroutines : 1, subsystem_object(ss),
	    decl ? ";" : " = {");
}

static void
emit_subsystem_object(FILE *out, const struct subsystem *ss)
{
	const struct routine *rt;

	fprintf(out, "const struct %s %s = {\n", subsystem_object(ss),
	    subsystem_object(ss));
	fprintf(out,
	    "\t%s_routine,\n\t%ld,\n\t%ld,\n"
	    "\t(mach_msg_size_t)sizeof(union __ReplyUnion__%s),\n"
	    "\t(vm_address_t)0,\n\t{\n",
	    demux_name(ss), ss->base, ss->base + ss->nroutines,
	    subsystem_object(ss));
	for (rt = ss->routines; rt != NULL; rt = rt->next) {
		if (rt->name == NULL)
			fprintf(out, "\t\t{ 0, 0, 0, 0, 0, 0 },\n");
		else
			fprintf(out,
			    "\t\t{ (mig_impl_routine_t)0, "
			    "(mig_stub_routine_t)_X%s, %d, 0,\n"
			    "\t\t    (routine_arg_descriptor_t)0,\n"
			    "\t\t    (mach_msg_size_t)sizeof(__Reply__%s_t) "
			    "},\n",
			    rt->name, server_argc(ss, rt), rt->name);
	}
	if (ss->nroutines == 0)
		fprintf(out, "\t\t{ 0, 0, 0, 0, 0, 0 },\n");
	fprintf(out, "\t}\n};\n\n");
}

static void
emit_demux(FILE *out, const struct subsystem *ss)
{
	const char *d = demux_name(ss);

	fprintf(out,
	    "mig_external mig_routine_t\n%s_routine(mach_msg_header_t "
	    "*InHeadP)\n"
	    "{\n\tint msgh_id = InHeadP->msgh_id - %ld;\n\n"
	    "\tif (msgh_id < 0 || msgh_id >= %d)\n\t\treturn 0;\n"
	    "\treturn %s.routine[msgh_id].stub_routine;\n}\n\n",
	    d, ss->base, ss->nroutines, subsystem_object(ss));
	fprintf(out,
	    "mig_external boolean_t\n%s(mach_msg_header_t *InHeadP, "
	    "mach_msg_header_t *OutHeadP)\n{\n"
	    "\tmig_routine_t routine;\n\n"
	    "\tOutHeadP->msgh_bits = MACH_MSGH_BITS("
	    "MACH_MSGH_BITS_REPLY(InHeadP->msgh_bits), 0);\n"
	    "\tOutHeadP->msgh_remote_port = InHeadP->msgh_reply_port;\n"
	    "\tOutHeadP->msgh_size = "
	    "(mach_msg_size_t)sizeof(mig_reply_error_t);\n"
	    "\tOutHeadP->msgh_local_port = MACH_PORT_NULL;\n"
	    "\tOutHeadP->msgh_id = InHeadP->msgh_id + 100;\n"
	    "\tOutHeadP->msgh_reserved = 0;\n"
	    "\tif ((routine = %s_routine(InHeadP)) == 0) {\n"
	    "\t\t((mig_reply_error_t *)OutHeadP)->NDR = NDR_record;\n"
	    "\t\t((mig_reply_error_t *)OutHeadP)->RetCode = MIG_BAD_ID;\n"
	    "\t\treturn FALSE;\n\t}\n"
	    "\t(*routine)(InHeadP, OutHeadP);\n\treturn TRUE;\n}\n",
	    d, d);
}

static void
emit_orientation(FILE *out)
{
	fprintf(out,
	    "#if __MigKernelSpecificCode\n"
	    "#define msgh_request_port msgh_remote_port\n"
	    "#define MACH_MSGH_BITS_REQUEST(bits) MACH_MSGH_BITS_REMOTE(bits)\n"
	    "#define msgh_reply_port msgh_local_port\n"
	    "#define MACH_MSGH_BITS_REPLY(bits) MACH_MSGH_BITS_LOCAL(bits)\n"
	    "#else\n"
	    "#define msgh_request_port msgh_local_port\n"
	    "#define MACH_MSGH_BITS_REQUEST(bits) MACH_MSGH_BITS_LOCAL(bits)\n"
	    "#define msgh_reply_port msgh_remote_port\n"
	    "#define MACH_MSGH_BITS_REPLY(bits) MACH_MSGH_BITS_REMOTE(bits)\n"
	    "#endif\n\n"
	    "#define MIG_RETURN_ERROR(X, code)                              "
	    "\\\n"
	    "\tdo {                                                       \\\n"
	    "\t\t((mig_reply_error_t *)(X))->NDR = NDR_record;          \\\n"
	    "\t\t((mig_reply_error_t *)(X))->RetCode = (code);          \\\n"
	    "\t\t(X)->msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;             \\\n"
	    "\t\t(X)->msgh_size =                                        \\\n"
	    "\t\t    (mach_msg_size_t)sizeof(mig_reply_error_t);         \\\n"
	    "\t\treturn;                                                 \\\n"
	    "\t} while (0)\n\n");
}

/*
 * Routine:	emit_server_source
 * Purpose:	The server stubs, demux and subsystem object.
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
emit_server_source(FILE *out, const struct emit_ctx *cx)
{
	const struct subsystem *ss = cx->ss;
	const struct routine *rt;

	emit_server_header(out, cx); /* the .c stands alone */
	fprintf(out, "\n");
	emit_helpers(out);
	emit_orientation(out);
	if (ss->kernel_server)
		fprintf(
		    out, "extern void ipc_port_release_send(mach_port_t);\n\n");
	for (rt = ss->routines; rt != NULL; rt = rt->next) {
		if (rt->name != NULL)
			emit_stub(out, ss, rt);
	}
	emit_subsystem_object(out, ss);
	emit_demux(out, ss);
}

/*
 * Routine:	emit_server_header
 * Purpose:	The server header: work-function prototypes, demux,
 *		subsystem object and message types.
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
emit_server_header(FILE *out, const struct emit_ctx *cx)
{
	const struct subsystem *ss = cx->ss;
	const struct routine *rt;
	const char *prefix = ss->serverprefix ? ss->serverprefix : "";

	fprintf(out, "#ifndef _%s_server_\n#define _%s_server_\n\n", ss->name,
	    ss->name);
	emit_preamble(out, cx, ss->kernel_server);
	emit_imports(out, ss, IMP_SERVER);
	fprintf(out,
	    "\n#ifndef %s_MSG_COUNT\n#define %s_MSG_COUNT %d\n#endif\n\n",
	    ss->name, ss->name, ss->nroutines);
	for (rt = ss->routines; rt != NULL; rt = rt->next) {
		if (rt->name == NULL)
			continue;
		fprintf(out, "/* %s %s */\n",
		    rt->simple ? "SimpleRoutine" : "Routine", rt->name);
		emit_server_prototype(out, ss, rt, true);
		fprintf(out, "\n");
	}
	fprintf(out,
	    "extern boolean_t %s(mach_msg_header_t *InHeadP,\n"
	    "    mach_msg_header_t *OutHeadP);\n\n"
	    "extern mig_routine_t %s_routine(mach_msg_header_t *InHeadP);\n\n",
	    demux_name(ss), demux_name(ss));
	emit_subsystem_struct(out, ss, true);
	fprintf(out, "\n");
	emit_message_typedefs(out, ss);
	emit_unions(out, ss, prefix);
	fprintf(out, "#endif /* _%s_server_ */\n", ss->name);
}
