/* lexer.h: tokens of the lesson language, the tokenizer, and diagnostics.
 *
 * The tokenizer is a port of CPython 3.11's C tokenizer (Parser/tokenizer.c)
 * reading a file: UTF-8 source, INDENT/DEDENT from an indentation stack
 * (tabs to multiples of 8, and the "alternate" tab size 1 that catches
 * inconsistent tabs and spaces: TabError), implicit line joining inside
 * brackets, backslash continuation, NEWLINE tokens, comments, all 3.11
 * operators, keywords, numbers and strings with every prefix. It reports
 * every error exactly as CPython 3.11 does (message, line, column, source
 * text), because lessons must fail the way CPython fails.
 *
 * Strings, f-strings included, are one STRING token each, as in 3.11: an
 * f-string's {expr!r:spec} parts are split and parsed by the parser (see
 * ast.h), which is also where 3.11 reports f-string errors.
 *
 * Positions: lines are 1-based; columns are 0-based and count characters
 * (code points), as CPython's SyntaxError offsets and traceback carets do.
 * A token also carries byte columns, which is what CPython's own token and
 * AST columns are.
 *
 * Diagnostics (lang_diag) are shared with the parser: one value describes a
 * SyntaxError (or IndentationError, TabError, and the two compile-stage
 * errors CPython raises for absurdly deep code) with the attributes CPython
 * gives it, and lang_diag_format prints it as CPython's top-level handler
 * does.
 */
#ifndef SIM_LANG_LEXER_H
#define SIM_LANG_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ result codes */

#define LANG_OK       0
#define LANG_ESYNTAX (-1)  /* the source has an error; a diagnostic was sent */
#define LANG_ENOMEM  (-2)  /* the allocation hook (rt_malloc) said no */

/* ------------------------------------------------------------- diagnostics */

typedef enum lang_diag_kind {
  LANG_DIAG_SYNTAX_ERROR,       /* SyntaxError */
  LANG_DIAG_INDENTATION_ERROR,  /* IndentationError */
  LANG_DIAG_TAB_ERROR,          /* TabError */
  LANG_DIAG_RECURSION_ERROR,    /* RecursionError: code nested too deep to compile */
  LANG_DIAG_MEMORY_ERROR,       /* MemoryError: parser stack overflow */
  LANG_DIAG_SYNTAX_WARNING,     /* SyntaxWarning: printed, parsing goes on */
} lang_diag_kind;

/* One diagnostic, with the attributes CPython 3.11 gives the exception.
 * line == 0: no location (CPython prints the message line only).
 * col: 0-based column of the caret (CPython's offset - 1); -1 when
 * CPython's offset is 0 or None (no caret is printed). Like CPython's, it
 * counts characters when the file declares its encoding (a coding comment
 * or a BOM) and bytes otherwise (3.11 puts carets after Chinese text too
 * far right, and so does lang_diag_format, byte for byte).
 * end_col: 0-based exclusive end (CPython's end_offset - 1); -1 when none.
 * text: the source line CPython shows (SyntaxError.text), not
 * NUL-terminated; NULL when there is none. Every pointer is valid only
 * during the callback that receives the diagnostic. */
typedef struct lang_diag {
  lang_diag_kind kind;
  const char *filename;
  const char *msg;
  int line, col, end_line, end_col;
  const char *text;
  size_t text_len;
} lang_diag;

/* Receives each diagnostic. Errors: the parser sends exactly one, the first
 * CPython would raise. Warnings come before it, in source order. */
typedef void (*lang_diag_cb)(void *ud, const lang_diag *d);

/* "SyntaxError", "IndentationError", ... */
const char *lang_diag_kind_name(lang_diag_kind kind);

/* Format d as CPython 3.11 prints it at top level: for errors
 *   '  File "x.py", line N\n    <line>\n    <carets>\nSyntaxError: msg\n'
 * (IndentationError and TabError get one caret, SyntaxError a range; lines
 * are stripped of leading blanks; no File line without a location), and for
 * warnings the warnings module's 'x.py:N: SyntaxWarning: msg\n  <line>\n'.
 * Writes at most n bytes, NUL-terminated if n > 0; returns the length the
 * full text has, as snprintf does. */
int lang_diag_format(const lang_diag *d, char *buf, size_t n);

/* ------------------------------------------------------------------ tokens */

typedef enum lang_tok_kind {
  TOK_ENDMARKER, TOK_NAME, TOK_NUMBER, TOK_STRING, TOK_NEWLINE, TOK_INDENT,
  TOK_DEDENT,
  TOK_LPAR, TOK_RPAR, TOK_LSQB, TOK_RSQB, TOK_COLON, TOK_COMMA, TOK_SEMI,
  TOK_PLUS, TOK_MINUS, TOK_STAR, TOK_SLASH, TOK_VBAR, TOK_AMPER, TOK_LESS,
  TOK_GREATER, TOK_EQUAL, TOK_DOT, TOK_PERCENT, TOK_LBRACE, TOK_RBRACE,
  TOK_EQEQUAL, TOK_NOTEQUAL, TOK_LESSEQUAL, TOK_GREATEREQUAL, TOK_TILDE,
  TOK_CIRCUMFLEX, TOK_LEFTSHIFT, TOK_RIGHTSHIFT, TOK_DOUBLESTAR,
  TOK_PLUSEQUAL, TOK_MINEQUAL, TOK_STAREQUAL, TOK_SLASHEQUAL,
  TOK_PERCENTEQUAL, TOK_AMPEREQUAL, TOK_VBAREQUAL, TOK_CIRCUMFLEXEQUAL,
  TOK_LEFTSHIFTEQUAL, TOK_RIGHTSHIFTEQUAL, TOK_DOUBLESTAREQUAL,
  TOK_DOUBLESLASH, TOK_DOUBLESLASHEQUAL, TOK_AT, TOK_ATEQUAL, TOK_RARROW,
  TOK_ELLIPSIS, TOK_COLONEQUAL,
  TOK_OP,          /* any other printable ASCII punctuation: $ ? ! ` */
  TOK_ERRORTOKEN,  /* the tokenizer failed; see lang_lexer_error */
  /* Keywords (CPython's parser turns NAME into these; so does ours). */
  TOK_KW_FALSE, TOK_KW_NONE, TOK_KW_TRUE, TOK_KW_AND, TOK_KW_AS,
  TOK_KW_ASSERT, TOK_KW_ASYNC, TOK_KW_AWAIT, TOK_KW_BREAK, TOK_KW_CLASS,
  TOK_KW_CONTINUE, TOK_KW_DEF, TOK_KW_DEL, TOK_KW_ELIF, TOK_KW_ELSE,
  TOK_KW_EXCEPT, TOK_KW_FINALLY, TOK_KW_FOR, TOK_KW_FROM, TOK_KW_GLOBAL,
  TOK_KW_IF, TOK_KW_IMPORT, TOK_KW_IN, TOK_KW_IS, TOK_KW_LAMBDA,
  TOK_KW_NONLOCAL, TOK_KW_NOT, TOK_KW_OR, TOK_KW_PASS, TOK_KW_RAISE,
  TOK_KW_RETURN, TOK_KW_TRY, TOK_KW_WHILE, TOK_KW_WITH, TOK_KW_YIELD,
  TOK__COUNT
} lang_tok_kind;

/* One token. text/len: the token's bytes in the lexer's copy of the source
 * (NULL for INDENT, DEDENT and ENDMARKER, which have no text). Strings span
 * lines: line/col is where the prefix starts, end_line/end_col where the
 * closing quote ends. INDENT and DEDENT have the line of the first token of
 * their line; their columns are 0 and the indentation width (INDENT) or the
 * indentation (DEDENT). bcol/end_bcol: the same columns in bytes, -1 where
 * CPython's token has none (INDENT, DEDENT, ENDMARKER). level: open
 * brackets after this token. */
typedef struct lang_token {
  lang_tok_kind kind;
  const char *text;
  uint32_t len;
  int32_t line, col, end_line, end_col;
  int32_t bcol, end_bcol;
  int32_t level;
} lang_token;

/* "NAME", "LPAR", "'if'", ...: CPython's token names; keywords quoted. */
const char *lang_tok_kind_name(lang_tok_kind kind);
/* The keyword token for the identifier s[0..n), or TOK_NAME. */
lang_tok_kind lang_keyword_kind(const char *s, size_t n);

/* ------------------------------------------------------------------- lexer */

typedef struct lang_lexer lang_lexer;

/* A tokenizer over a copy of src[0..len) (the caller's buffer may go away).
 * filename is used in messages (copied). Free with lang_lexer_free.
 * Returns LANG_OK or LANG_ENOMEM. */
int lang_lexer_new(const char *src, size_t len, const char *filename,
                   lang_lexer **out);
void lang_lexer_free(lang_lexer *lx);

/* The next token into *out. Returns LANG_OK, or LANG_ESYNTAX when the
 * source has an error here (then out->kind is TOK_ERRORTOKEN and
 * lang_lexer_error describes it; every later call fails the same way).
 * After TOK_ENDMARKER, keeps returning TOK_ENDMARKER. A warning (3.11's
 * "invalid decimal literal" before a keyword) does not stop the tokens;
 * lang_lexer_set_warning_cb receives it. */
int lang_lexer_next(lang_lexer *lx, lang_token *out);

/* The error that stopped the lexer, as CPython would report it from a
 * parser reading these tokens; NULL while there is none. Valid until the
 * lexer is freed. */
const lang_diag *lang_lexer_error(const lang_lexer *lx);

/* Warnings go to cb (NULL: dropped). */
void lang_lexer_set_warning_cb(lang_lexer *lx, lang_diag_cb cb, void *ud);

#ifdef __cplusplus
}
#endif
#endif /* SIM_LANG_LEXER_H */
