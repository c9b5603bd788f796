/*
 * tools/mig/layout.c - routine analysis: the fields of the request and
 * reply messages, in Apple's order (spec/mig.md section 2.2):
 *
 *	Head | [body, descriptors in argument order] | [NDR] | [RetCode]
 *	     | data fields in argument order
 *
 * RetCode exists only in a simple reply; NDR only if some data follows
 * (a simple reply always has it because of RetCode).
 */
#include <string.h>

#include "mig.h"

static void
add(struct message *m, enum field_kind k, struct arg *a)
{
	if (m->n >= MAX_FIELDS)
		mig_error_at(a ? a->file : NULL, a ? a->line : 0,
		    "too many message fields");
	m->f[m->n].kind = k;
	m->f[m->n].arg = a;
	m->n++;
}

/* Descriptor part of an argument, if any. */
static void
add_descriptor(struct message *m, struct arg *a)
{
	switch (a->type->kind) {
	case MK_PORT:
		add(m, FK_PORT, a);
		m->ndesc++;
		break;
	case MK_OOL:
		add(m, FK_OOL, a);
		m->ndesc++;
		break;
	case MK_OOLPORTS:
		add(m, FK_OOLPORTS, a);
		m->ndesc++;
		break;
	case MK_PORTARRAY:
		add(m, FK_PORTARRAY, a);
		m->ndesc += a->type->number;
		break;
	default:
		break;
	}
}

/* Data part of an argument, if any. */
static void
add_data(struct message *m, struct arg *a)
{
	switch (a->type->kind) {
	case MK_PORT:
		break;
	case MK_OOL:
		if (a->type->ool_var && !a->samecount)
			add(m, FK_OOLCOUNT, a);
		break;
	case MK_OOLPORTS:
	case MK_PORTARRAY:
		if (!a->samecount)
			add(m, FK_OOLCOUNT, a);
		break;
	case MK_VARARRAY:
		add(m, FK_VARARRAY, a);
		m->nvar++;
		break;
	case MK_VARSTRING:
		add(m, FK_VARSTRING, a);
		m->nvar++;
		break;
	default:
		add(m, FK_DATA, a);
		break;
	}
}

static bool
in_request(const struct arg *a)
{
	return a->dir == AD_IN || a->dir == AD_INOUT;
}

static bool
in_reply(const struct arg *a)
{
	return a->dir == AD_OUT || a->dir == AD_INOUT;
}

static void
number_slides(struct message *m)
{
	int i, nvar = 0;

	for (i = 0; i < m->n; i++) {
		m->f[i].slide = nvar;
		if (m->f[i].kind == FK_VARARRAY || m->f[i].kind == FK_VARSTRING)
			nvar++;
	}
	m->complex = m->ndesc > 0;
}

static void
layout_request(const struct routine *rt, struct message *m)
{
	struct arg *a;
	int ndata;

	for (a = rt->args; a != NULL; a = a->next) {
		if (in_request(a))
			add_descriptor(m, a);
	}
	ndata = m->n;
	add(m, FK_NDR, NULL);
	for (a = rt->args; a != NULL; a = a->next) {
		if (in_request(a))
			add_data(m, a);
		else if (a->dir == AD_OUT && a->countinout)
			add(m, FK_CAPACITY, a);
	}
	if (m->n == ndata + 1)
		m->n--; /* no data: no NDR */
	number_slides(m);
}

static void
layout_reply(const struct routine *rt, struct message *m)
{
	struct arg *a;
	int ndata;

	if (rt->simple) {
		/* The error-shaped reply a one-way server stub fills in. */
		add(m, FK_NDR, NULL);
		add(m, FK_RETCODE, NULL);
		number_slides(m);
		return;
	}
	for (a = rt->args; a != NULL; a = a->next) {
		if (in_reply(a))
			add_descriptor(m, a);
	}
	ndata = m->n;
	add(m, FK_NDR, NULL);
	if (m->ndesc == 0)
		add(m, FK_RETCODE, NULL);
	for (a = rt->args; a != NULL; a = a->next) {
		if (in_reply(a))
			add_data(m, a);
	}
	if (m->n == ndata + 1)
		m->n--;
	number_slides(m);
}

/*
 * Routine:	layout_routine
 * Purpose:	Compute the request and reply field lists of a routine.
 * Conditions:	rt is a routine (not a skip).  A simpleroutine gets an
 *		empty reply.
 * Returns:	*req and *rep filled in.
 */
void
layout_routine(
    const struct routine *rt, struct message *req, struct message *rep)
{
	memset(req, 0, sizeof(*req));
	memset(rep, 0, sizeof(*rep));
	layout_request(rt, req);
	layout_reply(rt, rep);
}
