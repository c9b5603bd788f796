/*
 * tests/mig/fuzz_mig.c - libFuzzer target for the MIG compiler proper:
 * arbitrary (already preprocessed) .defs text goes through the parser
 * and, when it parses, through all four emitters.  Errors must be clean
 * diagnostics (caught here by longjmp), never crashes or hangs.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../tools/mig/mig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

static void
emit_all(const struct subsystem *ss)
{
	struct emit_ctx cx;

	memset(&cx, 0, sizeof(cx));
	cx.ss = ss;
	cx.source = "fuzz.defs";
	cx.maxonstack = -1;
	emit_user_header(sink, &cx);
	emit_user_source(sink, &cx);
	emit_server_header(sink, &cx);
	emit_server_source(sink, &cx);
	cx.maxonstack = 64; /* the heap-buffer user stubs too */
	emit_user_source(sink, &cx);
}

/*
 * Routine:	LLVMFuzzerTestOneInput
 * Purpose:	Compile one input.
 * Conditions:	Called by libFuzzer.
 * Returns:	0.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static jmp_buf jb;
	struct subsystem ss;

	if (sink == NULL)
		sink = fopen("/dev/null", "w");
	mig_warnings_quiet = 1;
	memset(&ss, 0, sizeof(ss));
	mig_types_reset();
	mig_set_error_jump(&jb);
	if (setjmp(jb) == 0) {
		mig_parse(&ss, (const char *)data, size, "fuzz.defs");
		emit_all(&ss);
	}
	mig_set_error_jump(NULL);
	mig_types_reset();
	mig_arena_free();
	return 0;
}
