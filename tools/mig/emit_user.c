/*
 * tools/mig/emit_user.c - the user side: header with prototypes and
 * message types, and the stubs that build a request, send it (mach_msg,
 * or the kernel's send functions for KernelUser), check the reply and
 * hand the out values back.
 */
#include <string.h>

#include "mig.h"

/* The C expression of an in argument's count as the user passed it. */
static const char *
user_in_count(const struct arg *a)
{
	const struct arg *c = a->count_of ? a->count_of : a;

	return mig_printf("%sCnt", c->name);
}

static const char *
disposition(const struct arg *a, int name, bool poly)
{
	if (poly)
		return mig_printf("%sPoly", a->name);
	return mig_printf("%d", name);
}

/* --- request ----------------------------------------------------------------- */

static void
fill_port(FILE *out, const struct arg *a)
{
	fprintf(out,
	    "\t__builtin_memset(&In0P->%s, 0, sizeof(In0P->%s));\n"
	    "\tIn0P->%s.name = %s%s;\n\tIn0P->%s.disposition = %s;\n"
	    "\tIn0P->%s.type = MACH_MSG_PORT_DESCRIPTOR;\n",
	    a->name, a->name, a->name, a->dir == AD_INOUT ? "*" : "", a->name,
	    a->name, disposition(a, a->type->in_name, arg_user_poly(a)),
	    a->name);
}

static void
fill_ool(FILE *out, const struct arg *a, bool ports)
{
	const struct mtype *t = a->type;

	fprintf(out,
	    "\t__builtin_memset(&In0P->%s, 0, sizeof(In0P->%s));\n"
	    "\tIn0P->%s.address = (void *)(uintptr_t)(%s);\n",
	    a->name, a->name, a->name, a->name);
	if (ports) {
		fprintf(out,
		    "\tIn0P->%s.count = %s;\n\tIn0P->%s.disposition = %s;\n"
		    "\tIn0P->%s.copy = MACH_MSG_PHYSICAL_COPY;\n"
		    "\tIn0P->%s.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;\n",
		    a->name, user_in_count(a), a->name,
		    disposition(a, t->in_name, arg_user_poly(a)), a->name,
		    a->name);
	} else {
		if (t->ool_var)
			fprintf(out, "\tIn0P->%s.size = %s * %d;\n", a->name,
			    user_in_count(a), type_elem_bytes(t));
		else
			fprintf(out, "\tIn0P->%s.size = %d;\n", a->name,
			    type_inline_bytes(t->elem));
		fprintf(out,
		    "\tIn0P->%s.copy = MACH_MSG_VIRTUAL_COPY;\n"
		    "\tIn0P->%s.type = MACH_MSG_OOL_DESCRIPTOR;\n",
		    a->name, a->name);
	}
	fprintf(out, "\tIn0P->%s.deallocate = %s;\n", a->name,
	    a->dealloc ? "TRUE" : "FALSE");
}

static void
fill_portarray(FILE *out, const struct arg *a)
{
	int n = a->type->number;

	fprintf(out,
	    "\tif (%s > %d)\n\t\treturn MIG_ARRAY_TOO_LARGE;\n"
	    "\tfor (unsigned int i = 0; i < %d; i++) {\n"
	    "\t\t__builtin_memset(&In0P->%s[i], 0, sizeof(In0P->%s[i]));\n"
	    "\t\tIn0P->%s[i].name = i < %s ? %s[i] : MACH_PORT_NULL;\n"
	    "\t\tIn0P->%s[i].disposition = %s;\n"
	    "\t\tIn0P->%s[i].type = MACH_MSG_PORT_DESCRIPTOR;\n\t}\n",
	    user_in_count(a), n, n, a->name, a->name, a->name, user_in_count(a),
	    a->name, a->name,
	    disposition(a, a->type->in_name, arg_user_poly(a)), a->name);
}

static void
fill_data(FILE *out, const struct field *f, const char *p)
{
	const struct arg *a = f->arg;
	const struct mtype *t = a->type;

	switch (t->kind) {
	case MK_FIXARRAY:
		fprintf(out, "\t__builtin_memcpy(%s->%s, %s, %d);\n", p,
		    a->name, a->name, type_inline_bytes(t));
		break;
	case MK_CSTRING:
		fprintf(out, "\t(void)__MigStrCopy(%s->%s, %s, %d);\n", p,
		    a->name, a->name, t->number);
		break;
	default:
		fprintf(out, "\t%s->%s = %s%s;\n", p, a->name,
		    a->dir == AD_INOUT ? "*" : "", a->name);
		break;
	}
}

static void
fill_vararray(FILE *out, const struct field *f, const char *p, const char *next)
{
	const struct arg *a = f->arg;
	int esz = type_elem_bytes(a->type);

	fprintf(out,
	    "\tif (%s > %d)\n\t\treturn MIG_ARRAY_TOO_LARGE;\n"
	    "\t__builtin_memcpy(%s->%s, %s, %d * %s);\n",
	    user_in_count(a), a->type->number, p, a->name, a->name, esz,
	    user_in_count(a));
	if (!a->samecount)
		fprintf(
		    out, "\t%s->%sCnt = %s;\n", p, a->name, user_in_count(a));
	fprintf(out,
	    "\tmsgh_size_delta = __MigRound4(%d * %s);\n"
	    "\tmsgh_size += msgh_size_delta;\n"
	    "\t%s = (Request *)((char *)%s + msgh_size_delta - %d);\n",
	    esz, user_in_count(a), next, p, type_var_max_bytes(a->type));
}

static void
fill_varstring(
    FILE *out, const struct field *f, const char *p, const char *next)
{
	const struct arg *a = f->arg;

	fprintf(out,
	    "\t%s->%sOffset = 0;\n"
	    "\t%s->%sCnt = __MigStrCopy(%s->%s, %s, %d);\n"
	    "\tmsgh_size_delta = __MigRound4(%s->%sCnt);\n"
	    "\tmsgh_size += msgh_size_delta;\n"
	    "\t%s = (Request *)((char *)%s + msgh_size_delta - %d);\n",
	    p, a->name, p, a->name, p, a->name, a->name, a->type->number, p,
	    a->name, next, p, type_var_max_bytes(a->type));
}

static void
fill_request_field(FILE *out, const struct field *f)
{
	const char *p = msg_ptr_name("In", f->slide),
		   *next = msg_ptr_name("In", f->slide + 1);
	const struct arg *a = f->arg;

	switch (f->kind) {
	case FK_PORT:
		fill_port(out, a);
		break;
	case FK_OOL:
		fill_ool(out, a, false);
		break;
	case FK_OOLPORTS:
		fill_ool(out, a, true);
		break;
	case FK_PORTARRAY:
		fill_portarray(out, a);
		break;
	case FK_NDR:
		fprintf(out, "\t%s->NDR = NDR_record;\n", p);
		break;
	case FK_RETCODE:
		break;
	case FK_DATA:
		fill_data(out, f, p);
		break;
	case FK_OOLCOUNT:
		fprintf(out, "\t%s->%sCnt = %sCnt;\n", p, a->name, a->name);
		break;
	case FK_CAPACITY:
		fprintf(out, "\t%s->%sCnt = (*%sCnt < %d) ? *%sCnt : %d;\n", p,
		    a->name, a->name, a->type->number, a->name,
		    a->type->number);
		break;
	case FK_VARARRAY:
		fill_vararray(out, f, p, next);
		break;
	case FK_VARSTRING:
		fill_varstring(out, f, p, next);
		break;
	}
}

static void
fill_header(FILE *out, const struct subsystem *ss, const struct routine *rt,
    const struct message *req)
{
	const struct arg *rp = rt->reqport;
	const char *local = rt->simple ? "0" : "MACH_MSG_TYPE_MAKE_SEND_ONCE";

	if (req->complex)
		fprintf(out, "\tIn0P->msgh_body.msgh_descriptor_count = %d;\n",
		    req->ndesc);
	fprintf(out,
	    "\tIn0P->Head.msgh_bits = %sMACH_MSGH_BITS(%s, %s);\n"
	    "\tIn0P->Head.msgh_remote_port = %s;\n"
	    "\tIn0P->Head.msgh_local_port = reply_port;\n"
	    "\tIn0P->Head.msgh_id = %d;\n"
	    "\tIn0P->Head.msgh_reserved = 0;\n",
	    req->complex ? "MACH_MSGH_BITS_COMPLEX | " : "",
	    disposition(rp, rp->type->in_name, arg_user_poly(rp)), local,
	    rp->name, routine_id(ss, rt));
}

/* --- reply check ------------------------------------------------------------------ */

static const char *
family_test(const char *expr, int out_name)
{
	switch (out_name) {
	case 16:
		return mig_printf("(%s != 16)", expr);
	case 17:
		return mig_printf(
		    "(%s != 17 && %s != 19 && %s != 20)", expr, expr, expr);
	case 18:
		return mig_printf("(%s != 18 && %s != 21)", expr, expr);
	default:
		return mig_printf("(%s < 16 || %s > 21)", expr, expr);
	}
}

/*
 * Routine:	emit_disposition_check
 * Purpose:	"if (bad disposition) return code;" for a received port,
 *		OOL-ports or port-array descriptor.  exact: the receiver
 *		must see exactly the out-name; otherwise the family.
 * Conditions:	None.
 * Returns:	Nothing.
 */

void
emit_disposition_check(
    FILE *out, const char *expr, const struct mtype *t, const char *code)
{
	if (t->out_name == MT_POLY) {
		fprintf(out, "\tif (%s)\n\t\treturn %s;\n",
		    family_test(expr, 0), code);
	} else if (t->in_name == MT_POLY) {
		fprintf(out, "\tif (%s)\n\t\treturn %s;\n",
		    family_test(expr, t->out_name), code);
	} else {
		fprintf(out, "\tif (%s != %d)\n\t\treturn %s;\n", expr,
		    t->out_name, code);
	}
}

/*
 * Routine:	emit_descriptor_check
 * Purpose:	"if (wrong descriptor) return MIG_TYPE_ERROR;" for field f
 *		of a received message (msg: In0P in a server, Out0P in a
 *		user stub): its type, its disposition, a fixed OOL size.
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
emit_descriptor_check(FILE *out, const struct field *f, const char *msg)
{
	const struct arg *a = f->arg;
	const char *n;

	if (a == NULL)
		return;
	n = a->name;
	switch (f->kind) {
	case FK_PORT:
		fprintf(out,
		    "\tif (%s->%s.type != MACH_MSG_PORT_DESCRIPTOR)\n"
		    "\t\treturn MIG_TYPE_ERROR;\n",
		    msg, n);
		emit_disposition_check(out,
		    mig_printf("%s->%s.disposition", msg, n), a->type,
		    "MIG_TYPE_ERROR");
		break;
	case FK_OOL:
		fprintf(out,
		    "\tif (%s->%s.type != MACH_MSG_OOL_DESCRIPTOR)\n"
		    "\t\treturn MIG_TYPE_ERROR;\n",
		    msg, n);
		if (!a->type->ool_var)
			fprintf(out,
			    "\tif (%s->%s.size != %d)\n"
			    "\t\treturn MIG_TYPE_ERROR;\n",
			    msg, n, type_inline_bytes(a->type->elem));
		break;
	case FK_OOLPORTS:
		fprintf(out,
		    "\tif (%s->%s.type != MACH_MSG_OOL_PORTS_DESCRIPTOR)\n"
		    "\t\treturn MIG_TYPE_ERROR;\n",
		    msg, n);
		if (a->type->out_name != MT_POLY)
			emit_disposition_check(out,
			    mig_printf("%s->%s.disposition", msg, n), a->type,
			    "MIG_TYPE_ERROR");
		break;
	case FK_PORTARRAY:
		fprintf(out,
		    "\tfor (unsigned int i = 0; i < %d; i++) {\n"
		    "\t\tif (%s->%s[i].type != MACH_MSG_PORT_DESCRIPTOR)\n"
		    "\t\t\treturn MIG_TYPE_ERROR;\n\t}\n",
		    a->type->number, msg, n);
		break;
	default:
		break;
	}
}

/* Count checks that need the body (after the size is known good). */
static void
check_reply_count(FILE *out, const struct field *f)
{
	const struct arg *a = f->arg;
	const char *p = msg_ptr_name("Out", f->slide);
	const struct mtype *t;

	if (f->kind != FK_OOLCOUNT)
		return;
	t = a->type;
	if (t->kind == MK_OOL)
		fprintf(out,
		    "\tif ((uint64_t)Out0P->%s.size != (uint64_t)%s->%sCnt * "
		    "%d)\n"
		    "\t\treturn MIG_TYPE_ERROR;\n",
		    a->name, p, a->name, type_elem_bytes(t));
	else if (t->kind == MK_OOLPORTS)
		fprintf(out,
		    "\tif (Out0P->%s.count != %s->%sCnt)\n"
		    "\t\treturn MIG_TYPE_ERROR;\n",
		    a->name, p, a->name);
	else
		fprintf(out,
		    "\tif (%s->%sCnt > %d)\n\t\treturn MIG_TYPE_ERROR;\n", p,
		    a->name, t->number);
	if (t->number > 0 && t->kind != MK_PORTARRAY)
		fprintf(out,
		    "\tif (%s->%sCnt > %d)\n\t\treturn MIG_TYPE_ERROR;\n", p,
		    a->name, t->number);
}

/*
 * Routine:	emit_var_walk
 * Purpose:	Walk the variable inline fields of a received message:
 *		check each count against the message size and the bound,
 *		and compute the per-position pointers (<base>kP).
 * Conditions:	Locals msgh_size, msgh_expected and msgh_size_delta exist.
 * Returns:	Nothing.
 */
void
emit_var_walk(FILE *out, const struct message *m, const char *base,
    const char *tname, const char *code)
{
	int i;

	for (i = 0; i < m->n; i++) {
		const struct field *f = &m->f[i];
		const struct arg *a = f->arg;
		const char *p = msg_ptr_name(base, f->slide), *cnt;
		int esz;

		if (f->kind != FK_VARARRAY && f->kind != FK_VARSTRING)
			continue;
		esz = type_elem_bytes(a->type);
		if (a->samecount) {
			cnt = mig_printf("%sCnt_v", a->count_of->name);
		} else {
			fprintf(out,
			    "\tif ((char *)&%s->%sCnt + sizeof(%s->%sCnt) > "
			    "(char *)%s0P + msgh_size)\n\t\treturn %s;\n"
			    "\tmach_msg_type_number_t %sCnt_v = %s->%sCnt;\n",
			    p, a->name, p, a->name, base, code, a->name, p,
			    a->name);
			cnt = mig_printf("%sCnt_v", a->name);
		}
		fprintf(out,
		    "\tif (%s > %d)\n\t\treturn %s;\n"
		    "\tmsgh_size_delta = __MigRound4(%d * %s);\n"
		    "\tmsgh_expected -= %d - msgh_size_delta;\n"
		    "\t%s = (%s *)((char *)%s + msgh_size_delta - %d);\n",
		    cnt, a->type->number, code, esz, cnt,
		    type_var_max_bytes(a->type),
		    msg_ptr_name(base, f->slide + 1), tname, p,
		    type_var_max_bytes(a->type));
	}
}

static void
declare_slides(
    FILE *out, const char *base, const char *tname, int nvar, bool pointers_out)
{
	int k;

	for (k = 1; k <= nvar; k++)
		fprintf(out, "\t%s *%s%dP = %s0P;\n", tname, base, k, base);
	(void)pointers_out;
}

static void
emit_reply_check(FILE *out, const struct subsystem *ss,
    const struct routine *rt, const struct message *rep)
{
	const char *t = mig_printf("__Reply__%s_t", rt->name);
	int i, k;

	fprintf(out,
	    "mig_internal mach_msg_return_t\n__MIG_check__Reply__%s_t("
	    "%s *Out0P",
	    rt->name, t);
	for (k = 1; k <= rep->nvar; k++)
		fprintf(out, ", %s **Out%dPP", t, k);
	fprintf(out, ")\n{\n\ttypedef %s __Reply;\n", t);
	declare_slides(out, "__Reply", "Out", 0, false);
	for (k = 1; k <= rep->nvar; k++)
		fprintf(out,
		    "\t__Reply *Out%dP __attribute__((unused)) = Out0P;\n", k);
	fprintf(out,
	    "\tmach_msg_size_t msgh_size __attribute__((unused)) = "
	    "Out0P->Head.msgh_size;\n"
	    "\tmach_msg_size_t msgh_expected __attribute__((unused)) = "
	    "(mach_msg_size_t)sizeof(__Reply);\n"
	    "\tmach_msg_size_t msgh_size_delta = 0;\n\n"
	    "\t(void)msgh_size_delta;\n"
	    "\tif (Out0P->Head.msgh_id != %d) {\n"
	    "\t\tif (Out0P->Head.msgh_id == MACH_NOTIFY_SEND_ONCE)\n"
	    "\t\t\treturn MIG_SERVER_DIED;\n"
	    "\t\treturn MIG_REPLY_MISMATCH;\n\t}\n"
	    "#if __MigTypeCheck\n"
	    "\tif (Out0P->Head.msgh_remote_port != MACH_PORT_NULL)\n"
	    "\t\treturn MIG_TYPE_ERROR;\n"
	    "\tif (!(Out0P->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&\n"
	    "\t    msgh_size == (mach_msg_size_t)sizeof(mig_reply_error_t) &&\n"
	    "\t    ((mig_reply_error_t *)Out0P)->RetCode != KERN_SUCCESS)\n"
	    "\t\treturn ((mig_reply_error_t *)Out0P)->RetCode;\n",
	    routine_id(ss, rt) + 100);
	if (rep->complex)
		fprintf(out,
		    "\tif (!(Out0P->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) "
		    "||\n"
		    "\t    Out0P->msgh_body.msgh_descriptor_count != %d)\n"
		    "\t\treturn MIG_TYPE_ERROR;\n",
		    rep->ndesc);
	else
		fprintf(out,
		    "\tif (Out0P->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)\n"
		    "\t\treturn MIG_TYPE_ERROR;\n");
	fprintf(out,
	    "\tif (msgh_size < (mach_msg_size_t)sizeof(__Reply) - %d ||\n"
	    "\t    msgh_size > (mach_msg_size_t)sizeof(__Reply))\n"
	    "\t\treturn MIG_TYPE_ERROR;\n#endif\n",
	    message_var_max_bytes(rep));
	emit_var_walk(out, rep, "Out", "__Reply", "MIG_TYPE_ERROR");
	fprintf(out,
	    "#if __MigTypeCheck\n\tif (msgh_size != msgh_expected)\n"
	    "\t\treturn MIG_TYPE_ERROR;\n");
	for (i = 0; i < rep->n; i++)
		emit_descriptor_check(out, &rep->f[i], "Out0P");
	for (i = 0; i < rep->n; i++)
		check_reply_count(out, &rep->f[i]);
	fprintf(out, "#endif\n");
	for (k = 1; k <= rep->nvar; k++)
		fprintf(out, "\t*Out%dPP = Out%dP;\n", k, k);
	if (!rep->complex)
		fprintf(out, "\treturn Out0P->RetCode;\n}\n\n");
	else
		fprintf(out, "\treturn MACH_MSG_SUCCESS;\n}\n\n");
}

/* --- out values -------------------------------------------------------------------- */

static void
extract_field(FILE *out, const struct field *f)
{
	const struct arg *a = f->arg;
	const char *p = msg_ptr_name("Out", f->slide), *n;
	const struct mtype *t;

	if (a == NULL)
		return;
	n = a->name;
	t = a->type;
	switch (f->kind) {
	case FK_PORT:
		fprintf(out, "\t*%s = Out0P->%s.name;\n", n, n);
		if (arg_user_poly(a))
			fprintf(
			    out, "\t*%sPoly = Out0P->%s.disposition;\n", n, n);
		break;
	case FK_OOL:
	case FK_OOLPORTS:
		fprintf(out, "\t*%s = (%s)(uintptr_t)(Out0P->%s.address);\n", n,
		    type_usertype(t), n);
		if (arg_user_poly(a))
			fprintf(
			    out, "\t*%sPoly = Out0P->%s.disposition;\n", n, n);
		break;
	case FK_PORTARRAY:
		fprintf(out,
		    "\tfor (unsigned int i = 0; i < %d; i++)\n"
		    "\t\t%s[i] = Out0P->%s[i].name;\n",
		    t->number, n, n);
		break;
	case FK_DATA:
		if (t->kind == MK_FIXARRAY)
			fprintf(out, "\t__builtin_memcpy(%s, %s->%s, %d);\n", n,
			    p, n, type_inline_bytes(t));
		else if (t->kind == MK_CSTRING)
			fprintf(out, "\t(void)__MigStrCopy(%s, %s->%s, %d);\n",
			    n, p, n, t->number);
		else
			fprintf(out, "\t*%s = %s->%s;\n", n, p, n);
		break;
	case FK_OOLCOUNT:
		if (arg_has_count_param(a))
			fprintf(out, "\t*%sCnt = %s->%sCnt;\n", n, p, n);
		break;
	case FK_VARARRAY: {
		const char *cnt = a->samecount
		    ? mig_printf("*%sCnt", a->count_of->name)
		    : mig_printf("%s->%sCnt", p, n);
		const char *cap = a->samecount ? mig_printf("%d", t->number)
					       : mig_printf("*%sCnt", n);
		int esz = type_elem_bytes(t);

		fprintf(out,
		    "\tif (%s > %s) {\n"
		    "\t\t__builtin_memcpy(%s, %s->%s, %d * %s);\n",
		    cnt, cap, n, p, n, esz, cap);
		if (!a->samecount)
			fprintf(out, "\t\t*%sCnt = %s;\n", n, cnt);
		fprintf(out,
		    "\t\treturn MIG_ARRAY_TOO_LARGE;\n\t}\n"
		    "\t__builtin_memcpy(%s, %s->%s, %d * %s);\n",
		    n, p, n, esz, cnt);
		if (!a->samecount)
			fprintf(out, "\t*%sCnt = %s;\n", n, cnt);
		break;
	}
	case FK_VARSTRING:
		fprintf(out,
		    "\t(void)__MigStrCopy(%s, %s->%s, %s->%sCnt < %d ? "
		    "%s->%sCnt : %d);\n",
		    n, p, n, p, n, t->number, p, n, t->number);
		break;
	default:
		break;
	}
}

/* --- stubs ---------------------------------------------------------------------------- */

static void
emit_send(FILE *out, const struct subsystem *ss, const struct routine *rt)
{
	if (ss->kernel_user && rt->simple) {
		fprintf(out,
		    "\treturn mach_msg_send_from_kernel(&In0P->Head, "
		    "msgh_size);\n");
	} else if (rt->simple) {
		fprintf(out,
		    "\treturn mach_msg(&In0P->Head, MACH_SEND_MSG | "
		    "MACH_MSG_OPTION_NONE,\n\t    msgh_size, 0, "
		    "MACH_PORT_NULL, "
		    "MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);\n");
	} else if (ss->kernel_user) {
		fprintf(out,
		    "\tmsg_result = mach_msg_rpc_from_kernel(&In0P->Head, "
		    "msgh_size,\n\t    (mach_msg_size_t)sizeof(Reply));\n"
		    "\tif (msg_result != MACH_MSG_SUCCESS)\n"
		    "\t\treturn msg_result;\n");
	} else {
		fprintf(out,
		    "\tmsg_result = mach_msg(&In0P->Head,\n"
		    "\t    MACH_SEND_MSG | MACH_RCV_MSG | "
		    "MACH_MSG_OPTION_NONE,\n"
		    "\t    msgh_size, (mach_msg_size_t)sizeof(Reply), "
		    "reply_port,\n"
		    "\t    MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);\n"
		    "\tif (msg_result != MACH_MSG_SUCCESS) {\n"
		    "\t\tif (msg_result == MACH_SEND_INVALID_DATA ||\n"
		    "\t\t    msg_result == MACH_SEND_INVALID_DEST ||\n"
		    "\t\t    msg_result == MACH_SEND_INVALID_HEADER)\n"
		    "\t\t\tmig_put_reply_port(reply_port);\n"
		    "\t\telse\n\t\t\tmig_dealloc_reply_port(reply_port);\n"
		    "\t\treturn msg_result;\n\t}\n");
	}
}

/*
 * -maxonstack: the message buffer of a stub (request, or reply with its
 * trailer) gets a file-scope type, so that its size is known to the C
 * compiler in the layout it compiles (user or kernel) and the buffer can
 * be handed to the stub proper by pointer.
 */
static void
emit_buffer_types(FILE *out, const struct routine *rt)
{
	fprintf(out, "/* The message buffer of %s. */\n", rt->name);
	if (!rt->simple)
		fprintf(out,
		    "#if __MigPackStructs\n#pragma pack(push, 4)\n#endif\n"
		    "typedef struct {\n\t__Reply__%s_t R;\n"
		    "\tmach_msg_max_trailer_t trailer;\n"
		    "} __MigReplyBuf__%s_t;\n"
		    "#if __MigPackStructs\n#pragma pack(pop)\n#endif\n",
		    rt->name, rt->name);
	fprintf(out, "typedef union {\n\t__Request__%s_t In;\n", rt->name);
	if (!rt->simple)
		fprintf(out, "\t__MigReplyBuf__%s_t Out;\n", rt->name);
	fprintf(out, "} __MigMess__%s_t;\n\n", rt->name);
}

/*
 * The locals of a stub.  by_pointer (-maxonstack): the buffer is the
 * parameter __MigMessP; otherwise it is the local union Mess.
 */
static void
emit_stub_locals(FILE *out, const struct subsystem *ss,
    const struct routine *rt, const struct message *req,
    const struct message *rep, bool by_pointer)
{
	int k;

	if (by_pointer) {
		fprintf(out, "\ttypedef __Request__%s_t Request;\n", rt->name);
		if (!rt->simple)
			fprintf(out,
			    "\ttypedef __Reply__%s_t __Reply;\n"
			    "\ttypedef __MigReplyBuf__%s_t Reply;\n",
			    rt->name, rt->name);
		fprintf(out, "\tRequest *In0P = &__MigMessP->In;\n");
	} else {
		fprintf(out,
		    "#if __MigPackStructs\n#pragma pack(push, 4)\n#endif\n"
		    "\ttypedef __Request__%s_t Request;\n",
		    rt->name);
		if (!rt->simple) {
			fprintf(out, "\ttypedef __Reply__%s_t __Reply;\n",
			    rt->name);
			fprintf(out,
			    "\ttypedef struct {\n\t\t__Reply R;\n"
			    "\t\tmach_msg_max_trailer_t trailer;\n"
			    "\t} Reply;\n");
		}
		fprintf(out,
		    "#if __MigPackStructs\n#pragma pack(pop)\n#endif\n"
		    "\tunion {\n\t\tRequest In;\n");
		if (!rt->simple)
			fprintf(out, "\t\tReply Out;\n");
		fprintf(out, "\t} Mess;\n\tRequest *In0P = &Mess.In;\n");
	}
	for (k = 1; k <= req->nvar; k++)
		fprintf(out,
		    "\tRequest *In%dP __attribute__((unused)) = In0P;\n", k);
	if (!rt->simple) {
		fprintf(out, "\t__Reply *Out0P = &%s;\n",
		    by_pointer ? "__MigMessP->Out.R" : "Mess.Out.R");
		for (k = 1; k <= rep->nvar; k++)
			fprintf(out,
			    "\t__Reply *Out%dP __attribute__((unused)) = "
			    "Out0P;\n",
			    k);
		fprintf(out,
		    "\tmach_msg_return_t msg_result;\n"
		    "\tkern_return_t check_result;\n");
	}
	fprintf(out,
	    "\tmach_msg_size_t msgh_size = (mach_msg_size_t)sizeof(Request) - "
	    "%d;\n\tmach_msg_size_t msgh_size_delta = 0;\n"
	    "\tmach_port_t reply_port = MACH_PORT_NULL;\n\n"
	    "\t(void)msgh_size_delta;\n",
	    message_var_max_bytes(req));
	if (!rt->simple && !ss->kernel_user)
		fprintf(out, "\treply_port = mig_get_reply_port();\n");
}

/*
 * -maxonstack N: the stub the caller sees picks the buffer.  The test is
 * a constant, so the compiler keeps one branch; the stack buffer lives in
 * its own function, whose frame exists only when that branch is taken.
 */
static void
emit_buffer_wrappers(
    FILE *out, const struct emit_ctx *cx, const struct routine *rt)
{
	const struct subsystem *ss = cx->ss;
	const char *m = mig_printf("__MigMess__%s_t", rt->name);

	fprintf(out, "mig_internal ");
	emit_user_signature(
	    out, rt, mig_printf("__MIG_stack__%s", rt->name), NULL);
	fprintf(out, "{\n\t%s __MigMess;\n\n\treturn __MIG_body__%s(&__MigMess",
	    m, rt->name);
	emit_user_call_args(out, rt, true);
	fprintf(out, ");\n}\n\n/* %s %s */\nmig_external ",
	    rt->simple ? "SimpleRoutine" : "Routine", rt->name);
	emit_user_prototype(out, ss, rt, false);
	fprintf(out,
	    "{\n\t%s *__MigMessP;\n\tkern_return_t __MigResult;\n\n"
	    "\t/* -maxonstack %ld: a larger buffer comes from the heap. */\n"
	    "\tif (sizeof(%s) <= %ldu)\n\t\treturn __MIG_stack__%s(",
	    m, cx->maxonstack, m, cx->maxonstack, rt->name);
	emit_user_call_args(out, rt, false);
	fprintf(out,
	    ");\n\t__MigMessP = (%s *)__MigAlloc(sizeof(%s));\n"
	    "\tif (__MigMessP == NULL)\n\t\treturn %s;\n"
	    "\t__MigResult = __MIG_body__%s(__MigMessP",
	    m, m,
	    ss->kernel_user ? "KERN_RESOURCE_SHORTAGE" : "MACH_SEND_NO_BUFFER",
	    rt->name);
	emit_user_call_args(out, rt, true);
	fprintf(out,
	    ");\n\t__MigFree(__MigMessP, sizeof(%s));\n\treturn "
	    "__MigResult;\n}\n\n",
	    m);
}

static void
emit_stub(FILE *out, const struct emit_ctx *cx, const struct routine *rt)
{
	const struct subsystem *ss = cx->ss;
	bool by_pointer = cx->maxonstack >= 0;
	struct message req, rep;
	int i, k;

	layout_routine(rt, &req, &rep);
	if (!rt->simple)
		emit_reply_check(out, ss, rt, &rep);
	if (by_pointer) {
		emit_buffer_types(out, rt);
		fprintf(out,
		    "/* %s %s, in a buffer of its caller's */\n"
		    "mig_internal ",
		    rt->simple ? "SimpleRoutine" : "Routine", rt->name);
		emit_user_signature(out, rt,
		    mig_printf("__MIG_body__%s", rt->name),
		    mig_printf("__MigMess__%s_t *__MigMessP", rt->name));
	} else {
		fprintf(out, "/* %s %s */\nmig_external ",
		    rt->simple ? "SimpleRoutine" : "Routine", rt->name);
		emit_user_prototype(out, ss, rt, false);
	}
	fprintf(out, "{\n");
	emit_stub_locals(out, ss, rt, &req, &rep, by_pointer);
	for (i = 0; i < req.n; i++)
		fill_request_field(out, &req.f[i]);
	fill_header(out, ss, rt, &req);
	emit_send(out, ss, rt);
	if (!rt->simple) {
		fprintf(out, "\tcheck_result = __MIG_check__Reply__%s_t(Out0P",
		    rt->name);
		for (k = 1; k <= rep.nvar; k++)
			fprintf(out, ", &Out%dP", k);
		fprintf(out,
		    ");\n\tif (check_result != MACH_MSG_SUCCESS) {\n"
		    "\t\tif (check_result != "
		    "((mig_reply_error_t *)Out0P)->RetCode ||\n"
		    "\t\t    (Out0P->Head.msgh_bits & "
		    "MACH_MSGH_BITS_COMPLEX))\n"
		    "\t\t\tmach_msg_destroy(&Out0P->Head);\n"
		    "\t\treturn check_result;\n\t}\n");
		for (i = 0; i < rep.n; i++)
			extract_field(out, &rep.f[i]);
		fprintf(out, "\treturn KERN_SUCCESS;\n");
	}
	fprintf(out, "}\n\n");
	if (by_pointer)
		emit_buffer_wrappers(out, cx, rt);
}

/*
 * The allocator of -maxonstack buffers: __MigAlloc(size) and
 * __MigFree(ptr, size), which a -D may replace.  Only Mach headers are
 * included by generated code, so the kernel's allocator is declared here.
 */
static void
emit_allocator(FILE *out, const struct emit_ctx *cx)
{
	fprintf(out,
	    "/* -maxonstack %ld: message buffers above %ld bytes come from "
	    "__MigAlloc. */\n",
	    cx->maxonstack, cx->maxonstack);
	if (cx->ss->kernel_user)
		fprintf(out,
		    "#ifndef __MigAlloc\n"
		    "extern void *kalloc(__SIZE_TYPE__ size);\n"
		    "#define __MigAlloc(size) kalloc(size)\n#endif\n"
		    "#ifndef __MigFree\n"
		    "extern void kfree(void *ptr, __SIZE_TYPE__ size);\n"
		    "#define __MigFree(ptr, size) kfree((ptr), (size))\n"
		    "#endif\n\n");
	else
		fprintf(out,
		    "#if !defined(__MigAlloc) || !defined(__MigFree)\n"
		    "#include <stdlib.h>\n#endif\n"
		    "#ifndef __MigAlloc\n"
		    "#define __MigAlloc(size) malloc(size)\n#endif\n"
		    "#ifndef __MigFree\n"
		    "#define __MigFree(ptr, size) free(ptr)\n#endif\n\n");
}

/*
 * Routine:	emit_user_source
 * Purpose:	The user stubs (<subsystem>User.c).
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
emit_user_source(FILE *out, const struct emit_ctx *cx)
{
	const struct routine *rt;

	emit_user_header(out, cx); /* the .c stands alone */
	fprintf(out, "\n");
	emit_helpers(out);
	if (cx->maxonstack >= 0)
		emit_allocator(out, cx);
	if (!cx->ss->kernel_user)
		fprintf(out,
		    "#if !defined(KERNEL)\n"
		    "extern void mach_msg_destroy(mach_msg_header_t *);\n"
		    "#endif\n\n");
	else
		fprintf(out,
		    "extern mach_msg_return_t mach_msg_send_from_kernel(\n"
		    "    mach_msg_header_t *msg, mach_msg_size_t size);\n"
		    "extern mach_msg_return_t mach_msg_rpc_from_kernel(\n"
		    "    mach_msg_header_t *msg, mach_msg_size_t send_size,\n"
		    "    mach_msg_size_t rcv_size);\n"
		    "extern void mach_msg_destroy(mach_msg_header_t *);\n\n");
	for (rt = cx->ss->routines; rt != NULL; rt = rt->next) {
		if (rt->name != NULL)
			emit_stub(out, cx, rt);
	}
}

/*
 * Routine:	emit_user_header
 * Purpose:	The user header (<subsystem>.h): prototypes, message types.
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
emit_user_header(FILE *out, const struct emit_ctx *cx)
{
	const struct subsystem *ss = cx->ss;
	const struct routine *rt;

	fprintf(out, "#ifndef _%s_user_\n#define _%s_user_\n\n", ss->name,
	    ss->name);
	emit_preamble(out, cx, ss->kernel_user);
	emit_imports(out, ss, IMP_USER);
	fprintf(out,
	    "\n#ifndef %s_MSG_COUNT\n#define %s_MSG_COUNT %d\n#endif\n\n",
	    ss->name, ss->name, ss->nroutines);
	for (rt = ss->routines; rt != NULL; rt = rt->next) {
		if (rt->name == NULL)
			continue;
		fprintf(out, "/* %s %s */\n",
		    rt->simple ? "SimpleRoutine" : "Routine", rt->name);
		emit_user_prototype(out, ss, rt, true);
		fprintf(out, "\n");
	}
	emit_message_typedefs(out, ss);
	emit_unions(out, ss, ss->userprefix ? ss->userprefix : "");
	fprintf(out, "#endif /* _%s_user_ */\n", ss->name);
}
