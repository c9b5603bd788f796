/*
 * tools/mig/mig.h - Harbor's MIG compiler: shared definitions.
 *
 * The compiler runs in four stages, each in its own file:
 *
 *	main.c     options, the C preprocessor, output files
 *	lexer.c    tokens (case-insensitive keywords, file names, markers)
 *	parser.c   statements, the type table, routines and arguments
 *	layout.c   routine analysis: which fields each message carries
 *	emit_*.c   the user header/stubs and the server header/stubs
 *
 * All memory comes from one arena (mig_alloc) released at the end, so the
 * fuzzer can run the front end many times in one process.
 */
#ifndef _MIG_H_
#define _MIG_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* --- diagnostics and memory --------------------------------------------- */

void *mig_alloc(size_t size);
char *mig_strdup(const char *s);
char *mig_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void mig_arena_free(void);

void mig_error_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));
void mig_warn_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void mig_set_error_jump(void *jmpbuf);
extern int mig_warnings_quiet;

/* --- lexer --------------------------------------------------------------- */

enum tok_kind {
	TK_EOF,
	TK_IDENT,
	TK_NUMBER,
	TK_FILENAME,
	TK_PUNCT,
};

struct token {
	enum tok_kind kind;
	char *text; /* identifier, file name, or the punctuation char */
	long value; /* TK_NUMBER */
	const char *file;
	int line;
};

struct lexer {
	const char *buf;
	size_t len;
	size_t pos;
	const char *file;
	int line;
	bool bol; /* at the beginning of a line */
};

void lex_init(struct lexer *lx, const char *buf, size_t len, const char *file);
void lex_next(struct lexer *lx, struct token *tok);
void lex_filename(struct lexer *lx, struct token *tok);

/* --- types --------------------------------------------------------------- */

#define MT_POLY (-1) /* polymorphic type name */

enum mtype_kind {
	MK_SCALAR,    /* inline fixed-size value */
	MK_PORT,      /* one port right: a port descriptor */
	MK_FIXARRAY,  /* array[N] of scalar: inline */
	MK_STRUCT,    /* struct[N] of scalar: inline, passed as a struct */
	MK_VARARRAY,  /* array[*:N] of scalar: count + elements inline */
	MK_OOL,       /* out-of-line memory: an OOL descriptor */
	MK_OOLPORTS,  /* array[] of ports: an OOL-ports descriptor */
	MK_PORTARRAY, /* array[*:N] of ports: N port descriptors + count */
	MK_CSTRING,   /* c_string[N]: inline char[N] */
	MK_VARSTRING, /* c_string[*:N]: offset + count + chars */
};

struct mtype {
	const char *name;
	enum mtype_kind kind;
	int in_name;        /* message type name the sender uses */
	int out_name;       /* what the receiver sees */
	int bits;           /* size of one element in bits (scalar/port) */
	int number;         /* N: fixed count, or the bound (0 = unbounded) */
	bool ool_var;       /* MK_OOL/MK_OOLPORTS: count travels in the body */
	struct mtype *elem; /* element type of arrays/structs/OOL */
	const char *ctype;
	const char *cusertype;
	const char *cservertype;
	const char *intran_type, *intran_fn;
	const char *outtran_type, *outtran_fn;
	const char *destructor_fn;
	const char *file;
	int line;
};

/* --- routines and arguments ------------------------------------------------ */

enum arg_dir {
	AD_REQUESTPORT,
	AD_IN,
	AD_OUT,
	AD_INOUT,
	AD_MSGSEQNO,
};

struct arg {
	const char *name;
	enum arg_dir dir;
	struct mtype *type;
	bool countinout;
	bool samecount;
	bool dealloc;
	struct arg *count_of; /* SameCount: the arg whose count is shared */
	struct arg *next;
	const char *file;
	int line;
};

struct routine {
	const char *name; /* NULL for a skip */
	bool simple;
	int number; /* index within the subsystem */
	struct arg *args;
	struct arg *reqport;
	const char *file;
	int line;
	struct routine *next;
};

enum import_kind { IMP_BOTH, IMP_USER, IMP_SERVER };

struct import {
	enum import_kind kind;
	const char *file; /* with its <> or "" */
	struct import *next;
};

struct subsystem {
	const char *name;
	long base;
	bool kernel_server;
	bool kernel_user;
	const char *serverprefix;
	const char *userprefix;
	const char *serverdemux;
	struct routine *routines;
	int nroutines; /* slots, skips included */
	struct import *imports;
};

/* Parse a preprocessed .defs text; errors are fatal (file:line). */
void
mig_parse(struct subsystem *ss, const char *buf, size_t len, const char *file);
struct mtype *mig_lookup_type(const char *name);
void mig_types_reset(void);

/* --- message layout ---------------------------------------------------------- */

enum field_kind {
	FK_PORT,      /* port descriptor */
	FK_OOL,       /* OOL descriptor */
	FK_OOLPORTS,  /* OOL-ports descriptor */
	FK_PORTARRAY, /* N port descriptors */
	FK_NDR,
	FK_RETCODE,
	FK_DATA,      /* inline fixed value */
	FK_OOLCOUNT,  /* count word of an OOL / OOL-ports / port array */
	FK_CAPACITY,  /* CountInOut capacity, request only */
	FK_VARARRAY,  /* count + elements */
	FK_VARSTRING, /* offset + count + chars */
};

struct field {
	enum field_kind kind;
	struct arg *arg;
	int slide; /* number of variable fields before this one */
};

#define MAX_FIELDS 64

struct message {
	struct field f[MAX_FIELDS];
	int n;
	int ndesc; /* number of descriptors (port arrays count N) */
	bool complex;
	int nvar; /* variable inline fields */
};

void layout_routine(
    const struct routine *rt, struct message *req, struct message *rep);

/* --- code generation ------------------------------------------------------------ */

enum personality { P_PLAIN, P_KERNEL };

struct emit_ctx {
	const struct subsystem *ss;
	const char *user_header_name;   /* as #included by the user .c */
	const char *server_header_name; /* as #included by the server .c */
	const char *source;             /* the .defs path, for comments */
	long maxonstack; /* -maxonstack N: user stubs whose message buffer is
			    larger go to the heap; -1: all on the stack */
};

void emit_user_header(FILE *out, const struct emit_ctx *cx);
void emit_user_source(FILE *out, const struct emit_ctx *cx);
void emit_server_header(FILE *out, const struct emit_ctx *cx);
void emit_server_source(FILE *out, const struct emit_ctx *cx);

/* Helpers shared by the emitters (emit_common.c). */
const char *type_usertype(const struct mtype *t);
const char *type_servertype(const struct mtype *t);
const char *type_elemctype(const struct mtype *t);
int type_elem_bytes(const struct mtype *t);
int type_inline_bytes(const struct mtype *t);
int type_var_max_bytes(const struct mtype *t);
int message_var_max_bytes(const struct message *m);
const char *msg_ptr_name(const char *base, int slide);
bool type_is_port(const struct mtype *t);
bool arg_has_count_param(const struct arg *a);
bool arg_in_request(const struct arg *a);
bool arg_in_reply(const struct arg *a);
bool arg_server_poly(const struct arg *a);
bool arg_user_poly(const struct arg *a);
bool arg_translated_in(const struct subsystem *ss, const struct arg *a);
bool arg_translated_out(const struct subsystem *ss, const struct arg *a);
const char *arg_server_ctype(const struct subsystem *ss, const struct arg *a);
int routine_id(const struct subsystem *ss, const struct routine *rt);
void emit_message_struct(FILE *out, const char *indent, const struct message *m,
    const char *tname, bool trailer);
void emit_message_typedefs(FILE *out, const struct subsystem *ss);
void emit_user_prototype(
    FILE *out, const struct subsystem *ss, const struct routine *rt, bool decl);
void emit_user_signature(
    FILE *out, const struct routine *rt, const char *name, const char *first);
void emit_user_call_args(FILE *out, const struct routine *rt, bool more);
void emit_server_prototype(
    FILE *out, const struct subsystem *ss, const struct routine *rt, bool decl);
void emit_imports(FILE *out, const struct subsystem *ss, enum import_kind k);
void emit_preamble(FILE *out, const struct emit_ctx *cx, bool kernel);
const char *
user_routine_name(const struct subsystem *ss, const struct routine *rt);
const char *
server_routine_name(const struct subsystem *ss, const struct routine *rt);
const char *demux_name(const struct subsystem *ss);
int server_argc(const struct subsystem *ss, const struct routine *rt);
void emit_disposition_check(
    FILE *out, const char *expr, const struct mtype *t, const char *code);
void emit_descriptor_check(FILE *out, const struct field *f, const char *msg);
void emit_var_walk(FILE *out, const struct message *m, const char *base,
    const char *tname, const char *code);
void emit_helpers(FILE *out);
void emit_unions(FILE *out, const struct subsystem *ss, const char *prefix);

#endif /* _MIG_H_ */
