/*
 * tools/mig/lexer.c - tokens of preprocessed .defs text.
 *
 * Identifiers and decimal numbers; single-character punctuation; C and
 * C++ comments (cpp normally removes them); line markers "# N "file""
 * and "#line N "file"" which move the diagnostic position; "#pragma"
 * lines, which are skipped.  Any other '#' line is an error.  File names
 * after import keywords are read by lex_filename on the parser's request.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mig.h"

static const char punct_chars[] = ":;,+-*/()=^~<>[]|{}";

/*
 * Routine:	lex_init
 * Purpose:	Start lexing buf (len bytes), reporting positions in file.
 * Conditions:	buf must stay valid while the lexer is used.
 * Returns:	Nothing.
 */
void
lex_init(struct lexer *lx, const char *buf, size_t len, const char *file)
{
	lx->buf = buf;
	lx->len = len;
	lx->pos = 0;
	lx->file = file;
	lx->line = 1;
	lx->bol = true;
}

static int
peekc(const struct lexer *lx, size_t ahead)
{
	if (lx->pos + ahead >= lx->len)
		return -1;
	return (unsigned char)lx->buf[lx->pos + ahead];
}

static void
skip_to_eol(struct lexer *lx)
{
	while (lx->pos < lx->len && lx->buf[lx->pos] != '\n')
		lx->pos++;
}

static void
skip_block_comment(struct lexer *lx)
{
	int line = lx->line;

	lx->pos += 2;
	for (;;) {
		if (lx->pos >= lx->len)
			mig_error_at(lx->file, line, "unterminated comment");
		if (lx->buf[lx->pos] == '*' && peekc(lx, 1) == '/') {
			lx->pos += 2;
			return;
		}
		if (lx->buf[lx->pos] == '\n')
			lx->line++;
		lx->pos++;
	}
}

static long
read_number(struct lexer *lx)
{
	long v = 0;

	while (lx->pos < lx->len && isdigit((unsigned char)lx->buf[lx->pos])) {
		v = v * 10 + (lx->buf[lx->pos] - '0');
		if (v > 0x7fffffffL)
			mig_error_at(lx->file, lx->line, "number too large");
		lx->pos++;
	}
	return v;
}

static void
skip_blanks(struct lexer *lx)
{
	while (lx->pos < lx->len &&
	    (lx->buf[lx->pos] == ' ' || lx->buf[lx->pos] == '\t'))
		lx->pos++;
}

/* "# 12 "file" flags" or "#line 12 "file"": set the position. */
static void
line_marker(struct lexer *lx)
{
	long n;
	size_t start;

	skip_blanks(lx);
	if (!isdigit(peekc(lx, 0))) {
		mig_error_at(lx->file, lx->line, "malformed line marker");
	}
	n = read_number(lx);
	skip_blanks(lx);
	if (peekc(lx, 0) == '"') {
		lx->pos++;
		start = lx->pos;
		while (lx->pos < lx->len && lx->buf[lx->pos] != '"' &&
		    lx->buf[lx->pos] != '\n')
			lx->pos++;
		lx->file =
		    mig_printf("%.*s", (int)(lx->pos - start), lx->buf + start);
	}
	skip_to_eol(lx);
	lx->line = (int)n - 1; /* the newline that follows adds one */
}

static void
directive(struct lexer *lx)
{
	size_t start;

	lx->pos++; /* '#' */
	skip_blanks(lx);
	if (isdigit(peekc(lx, 0))) {
		line_marker(lx);
		return;
	}
	start = lx->pos;
	while (lx->pos < lx->len && isalpha((unsigned char)lx->buf[lx->pos]))
		lx->pos++;
	if (lx->pos - start == 4 && strncmp(lx->buf + start, "line", 4) == 0) {
		line_marker(lx);
	} else if (lx->pos - start == 6 &&
	    strncmp(lx->buf + start, "pragma", 6) == 0) {
		skip_to_eol(lx);
	} else if (lx->pos == start &&
	    (peekc(lx, 0) == '\n' || peekc(lx, 0) == -1)) {
		/* a null directive */
	} else {
		mig_error_at(lx->file, lx->line,
		    "stray '#' (was the file preprocessed?)");
	}
}

/* Skip white space, comments and directives; false at end of input. */
static bool
skip_space(struct lexer *lx)
{
	for (;;) {
		int c = peekc(lx, 0);

		if (c == -1)
			return false;
		if (c == '\n') {
			lx->line++;
			lx->pos++;
			lx->bol = true;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
		    c == '\v') {
			lx->pos++;
		} else if (c == '#' && lx->bol) {
			directive(lx);
		} else if (c == '/' && peekc(lx, 1) == '*') {
			skip_block_comment(lx);
		} else if (c == '/' && peekc(lx, 1) == '/') {
			skip_to_eol(lx);
		} else {
			return true;
		}
	}
}

/*
 * Routine:	lex_next
 * Purpose:	Read the next token.
 * Conditions:	Errors (bad characters) are fatal.
 * Returns:	The token in *tok (TK_EOF at the end).
 */
void
lex_next(struct lexer *lx, struct token *tok)
{
	int c;
	size_t start;

	memset(tok, 0, sizeof(*tok));
	if (!skip_space(lx)) {
		tok->kind = TK_EOF;
		tok->file = lx->file;
		tok->line = lx->line;
		return;
	}
	lx->bol = false;
	tok->file = lx->file;
	tok->line = lx->line;
	c = peekc(lx, 0);
	if (isalpha(c) || c == '_') {
		start = lx->pos;
		while (lx->pos < lx->len &&
		    (isalnum((unsigned char)lx->buf[lx->pos]) ||
			lx->buf[lx->pos] == '_'))
			lx->pos++;
		tok->kind = TK_IDENT;
		tok->text =
		    mig_printf("%.*s", (int)(lx->pos - start), lx->buf + start);
	} else if (isdigit(c)) {
		tok->kind = TK_NUMBER;
		tok->value = read_number(lx);
		if (isalpha(peekc(lx, 0)) || peekc(lx, 0) == '_')
			mig_error_at(lx->file, lx->line,
			    "malformed number (only decimal numbers are "
			    "allowed)");
	} else if (c != 0 && strchr(punct_chars, c) != NULL) {
		tok->kind = TK_PUNCT;
		tok->text = mig_printf("%c", c);
		lx->pos++;
	} else {
		mig_error_at(lx->file, lx->line, "unexpected character '%s'",
		    isprint(c) ? mig_printf("%c", c)
			       : mig_printf("\\x%02x", c));
	}
}

/*
 * Routine:	lex_filename
 * Purpose:	Read a file name, <...> or "...", as one token (after an
 *		import keyword).
 * Conditions:	Anything else is a fatal error.
 * Returns:	The token in *tok, TK_FILENAME with the delimiters kept.
 */
void
lex_filename(struct lexer *lx, struct token *tok)
{
	int open, close;
	size_t start;

	memset(tok, 0, sizeof(*tok));
	if (!skip_space(lx))
		mig_error_at(lx->file, lx->line, "expected a file name");
	tok->file = lx->file;
	tok->line = lx->line;
	open = peekc(lx, 0);
	if (open != '<' && open != '"')
		mig_error_at(
		    lx->file, lx->line, "expected a file name in <> or \"\"");
	close = open == '<' ? '>' : '"';
	start = lx->pos++;
	while (lx->pos < lx->len && lx->buf[lx->pos] != close) {
		if (lx->buf[lx->pos] == '\n')
			mig_error_at(
			    lx->file, lx->line, "unterminated file name");
		lx->pos++;
	}
	if (lx->pos >= lx->len)
		mig_error_at(lx->file, lx->line, "unterminated file name");
	lx->pos++;
	lx->bol = false;
	tok->kind = TK_FILENAME;
	tok->text = mig_printf("%.*s", (int)(lx->pos - start), lx->buf + start);
}
