/* lang_int.h: private structures shared by the lexer, the parser and the checks.
 *
 * Invariants.
 *
 * The lexer owns one buffer: the source with "\r\n" and "\r" turned into
 * "\n" (CPython reads files with universal newlines), Latin-1 transcoded to
 * UTF-8 when a coding declaration asks for it, a '\n' appended when the
 * last line lacks one (CPython fakes it too) and a NUL. Every token points
 * into that buffer, so it lives as long as the lexer. The original bytes of
 * the file (BOM included, no fake newline) are what error messages quote.
 *
 * The tokenizer is tok_get of CPython 3.11 in file mode, with the same
 * state: buf (where the current line, or the current multi-line token,
 * started), line_start, cur, inp (end of the line read so far), start (the
 * token being read, NULL between tokens), lineno and the done code. Error
 * positions depend on that state exactly as CPython's do, so keep it when
 * changing anything.
 *
 * Errors follow CPython's two kinds: "set" errors (syntaxerror() in
 * tokenizer.c sets a Python exception at once: bad strings, numbers,
 * characters, brackets) and "done" errors (only tok->done is set: bad
 * dedent, tabs, EOF inside brackets, backslash followed by junk), which the
 * parser turns into an exception. The difference matters: after a parser
 * error CPython tokenizes the rest of the file and a later "set" error wins.
 *
 * The AST lives in one arena (ast.c): nodes, sequences, identifiers and
 * decoded strings. The parser allocates nothing else that outlives a parse
 * except the module's arena, freed by ast_module_free. Its token buffer,
 * the f-string sub-lexers and sub-parsers, and check.c's scope tables are
 * freed before lang_parse returns.
 *
 * The files: lexer.c (tokens and diagnostics), parser.c (statements and
 * expressions, the error emulation, lang_parse), strparse.c (string
 * literals and f-strings: each {expression} is parsed by a sub-parser over
 * "(expr)", as 3.11 does), check.c (the compile-stage errors and warnings),
 * ast.c (arena, constructors, dump).
 */
#ifndef SIM_LANG_LANG_INT_H
#define SIM_LANG_LANG_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "lexer.h"

#define LANG_MAXINDENT 100   /* CPython's MAXINDENT */
#define LANG_MAXLEVEL 200    /* CPython's MAXLEVEL: nested brackets */
#define LANG_MAXSTACK 6000   /* CPython's MAXSTACK: parser rule depth */
#define LANG_MAX_AST_DEPTH 3000  /* 3 x the default recursion limit, as the
                                    3.11 compiler allows */

/* ------------------------------------------------------------------ arena */

typedef struct lang_arena lang_arena;
lang_arena *lang__arena_new(void);
void lang__arena_free(lang_arena *a);
/* n bytes aligned for any type, zeroed; NULL when the hook says no. */
void *lang__arena_alloc(lang_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n). */
char *lang__arena_strndup(lang_arena *a, const char *s, size_t n);
/* The interned copy of identifier s[0..n): equal names, same pointer. */
const char *lang__arena_intern(lang_arena *a, const char *s, size_t n);
size_t lang__arena_bytes(const lang_arena *a);

/* ------------------------------------------------------------ error value */

/* An error (or warning) with owned storage; the pending exception of the
 * C tokenizer and parser. */
typedef struct lang__err {
  bool set;
  lang_diag d;
  char *msg;   /* rt_malloc'd */
  char *text;  /* rt_malloc'd, may be NULL */
} lang__err;

void lang__err_clear(lang__err *e);
/* Move src into dst (dst's old contents freed). */
void lang__err_move(lang__err *dst, lang__err *src);
/* Fill e (cleared first). text may be NULL. Returns false on ENOMEM (then
 * e is cleared). */
bool lang__err_set(lang__err *e, lang_diag_kind kind, const char *filename,
                   int line, int offset, int end_line, int end_offset,
                   const char *text, size_t text_len, const char *fmt, ...);
bool lang__err_vset(lang__err *e, lang_diag_kind kind, const char *filename,
                    int line, int offset, int end_line, int end_offset,
                    const char *text, size_t text_len, const char *fmt,
                    va_list ap);

/* ------------------------------------------------------------------ lexer */

enum {
  LX_OK, LX_EOF, LX_ERROR, LX_DEDENT, LX_TABSPACE, LX_TOODEEP, LX_LINECONT,
  LX_NOMEM
};

struct lang_lexer {
  char *mem;                 /* owned buffer (see the essay above) */
  const char *text_end;      /* end of the tokenizer's text */
  char *file_bytes;          /* the file as it came (after transcoding) */
  size_t file_len;
  char *filename;
  bool string_mode;          /* an f-string expression: CPython's string input */
  bool encoding;             /* BOM or coding spec: CPython's tok->encoding */

  /* CPython's tok_state, file mode */
  const char *buf, *cur, *inp, *line_start, *start, *multi_line_start;
  int first_lineno, lineno;
  int done;
  int atbol, pendin, indent, cont_line;
  int indstack[LANG_MAXINDENT], altindstack[LANG_MAXINDENT];
  int level;
  char parenstack[LANG_MAXLEVEL];
  int parenlinenostack[LANG_MAXLEVEL];
  int parencolstack[LANG_MAXLEVEL];

  /* the first error: set_err for "set" errors, else built from done */
  lang__err err;
  bool err_is_set_kind;
  bool decode_err;           /* the error is a file decoding one */

  /* character-column cache for the current line */
  const char *cc_line, *cc_pos;
  int cc_col;

  /* f-string sub-tokenizer: columns of tokens on starting_lineno shift */
  int starting_lineno, starting_col, starting_bcol;

  lang_diag_cb warn_cb;
  void *warn_ud;
  const struct lang_lexer *file_lx;  /* an f-string's: the file's lexer (for warnings) */
};

/* A lexer over "(expr)\n" for an f-string expression (string mode, as
 * fstring_compile_expr in 3.11). lineno is the line before the first one.
 * Returns LANG_OK or LANG_ENOMEM. */
int lang__lexer_new_fstring(const char *expr, size_t len, const char *filename,
                            int lineno, lang_lexer **out);

/* Py_UNICODE_ISPRINTABLE (Unicode 14). */
bool lang__uni_printable(uint32_t c);

/* The character column of byte position p on the line starting at line. */
int lang__charcol(lang_lexer *lx, const char *line, const char *p);

/* The file's line n (1-based) in *s and *len, including its '\n'; false if the
 * file has no such line. */
bool lang__file_line(const lang_lexer *lx, int n, const char **s, size_t *len);

/* CPython's _PyPegen_raise_error_known_location for a file (or an f-string
 * expression): offsets are 1-based byte offsets as CPython passes them
 * (converted to characters only when the file declared an encoding);
 * -5 (CURRENT_POS) means the tokenizer's position. Fills e. prefix_fstring
 * adds "f-string: " and makes offsets relative to the expression. Returns
 * false on ENOMEM. */
bool lang__raise_known(lang_lexer *lx, lang__err *e, lang_diag_kind kind,
                       int line, int col1, int end_line, int end_col1,
                       const char *fmt, va_list ap);
#define LANG_CURRENT_POS (-5)

/* The CPython error for a "done" tokenizer failure with the error token
 * (CPython's tokenizer_error). Fills lx->err. */
void lang__lexer_done_error(lang_lexer *lx);

/* The error for unclosed brackets at the innermost open one (CPython's
 * raise_unclosed_parentheses_error), into e. */
bool lang__unclosed_paren_error(lang_lexer *lx, lang__err *e);

/* ----------------------------------------------------------- constructors */

ast_expr *lang__expr_new(lang_arena *a, ast_expr_kind kind, ast_pos pos);
ast_stmt *lang__stmt_new(lang_arena *a, ast_stmt_kind kind, ast_pos pos);
ast_expr *lang__name_new(lang_arena *a, const char *id, ast_ctx ctx, ast_pos pos);
ast_expr *lang__binop_new(lang_arena *a, ast_expr *l, ast_operator op, ast_expr *r,
                          ast_pos pos);
ast_expr *lang__unary_new(lang_arena *a, ast_unaryop op, ast_expr *operand, ast_pos pos);
ast_expr *lang__const_new(lang_arena *a, ast_const_kind kind, ast_pos pos);

/* ----------------------------------------------------------------- parser */

/* The parser is recursive descent with precedence climbing for the binary
 * operators (parser.c), in one pass. CPython 3.11 parses twice: a fast pass
 * and, after a failure, a second pass with the "invalid_*" rules that find
 * the specific message. We get the same messages in one pass by checking,
 * at the point where the fast pass fails, the invalid rule CPython's second
 * pass would have matched there.
 *
 * The location of a generic "invalid syntax" is CPython's: the last token
 * its first pass fetched. p1fill counts the tokens the parser has looked
 * at outside second-pass checks (p2 > 0 while one runs), so those checks
 * may peek further without moving that location. Errors CPython raises with
 * "the last token fetched" (RAISE_SYNTAX_ERROR) use fill, which counts all.
 *
 * Tokens are fetched on demand into chunks that never move (a token pointer
 * stays valid for the whole parse), and are never dropped, so speculation
 * is a reset of pos. Two speculative modes:
 *   quiet > 0: nothing is recorded; a failure only sets fail (CPython's
 *     expression_without_invalid, with no invalid rules inside);
 *   soft > 0: generic failures are silent, but the specific errors of the
 *     second pass raised inside count (CPython's invalid rules that parse
 *     an expression with the other invalid rules on). A call's arguments
 *     and a subscript are parsed softly: when they fail, the trailer is
 *     dropped and the bracket fails where it stands, as PEG backtracks.
 * While speculating, a construct that fails after its first part is cut
 * back to what parsed (`a + )` is `a`), as PEG's ordered choice does.
 * Tokenizer errors and the errors of string literals are final in CPython
 * (its first pass stops at them), so they are recorded even when quiet.
 *
 * Errors: fail stops everything (every rule returns NULL once it is set);
 * err holds the one error CPython would print. After a parser error the
 * rest of the file is tokenized, as CPython does, and a later tokenizer
 * error replaces it (finish_error in parser.c). */

#define LANG_TOK_CHUNK 1024

typedef struct lang__parser lang__parser;

struct lang__parser {
  lang_lexer *lx;
  lang_arena *arena;
  lang_token **chunks;    /* rt_malloc'd table of rt_malloc'd chunks */
  int nchunks;
  int fill;               /* tokens fetched */
  int pos;                /* the next token to consume */
  bool at_end;            /* ENDMARKER or ERRORTOKEN fetched */
  int depth;              /* rule nesting, CPython's p->level */
  bool fail;
  bool nomem;
  bool tok_error;         /* err came from the tokenizer */
  int quiet;
  int p2;                 /* > 0: a check of CPython's second pass is peeking */
  int soft;               /* > 0: generic failures are silent, specific errors not */
  int iex_busy;           /* token index invalid_expression is checking, + 1 */
  int iex_depth;          /* such checks running inside each other */
  long spec_budget;       /* checks left: bounds the work on pathological input */
  int p1fill;             /* tokens seen outside such checks: CPython's first pass */
  bool no_rescan;         /* "unexpected indent": no tokenizer rescan after it */
  lang__err err;
  lang__err unsupported;  /* the first construct outside the subset */
  /* The outermost `expression` that ended as a plain disjunction at token
   * index end (for "Perhaps you forgot a comma?" and the print hint). */
  ast_expr *ld_expr;
  int ld_start, ld_end;
  /* f-string expressions: a parser over "(expr)" in a string-mode lexer */
  lang__parser *outer;
  bool fstring;
  int fstring_depth;      /* nested f-strings inside expressions */
  lang_diag_cb warn_cb;
  void *warn_ud;
  const struct lang_lexer *file_lx;  /* an f-string's: the file's lexer (for warnings) */
};

/* The token at index i (fetched as needed; past the end, the last one). */
lang_token *lang__tok(lang__parser *p, int i);

/* Raise the way pegen does; each sets fail and returns NULL. Columns are
 * 0-based byte columns of tokens and nodes (CPython's col_offset); -1 means
 * the tokenizer's current position (CURRENT_POS). Nothing is recorded when
 * an error is already set, or when quiet. */
void *lang__raise_at(lang__parser *p, lang_diag_kind kind, int line, int bcol,
                     int end_line, int end_bcol, const char *fmt, ...);
/* RAISE_SYNTAX_ERROR: at the last token fetched. */
void *lang__raise_last(lang__parser *p, lang_diag_kind kind, const char *fmt, ...);
/* Record a construct outside the subset (the first one wins); reported when
 * the file is otherwise valid. */
void lang__unsupported(lang__parser *p, const ast_pos *pos, const char *what);
/* Parse an f-string expression: text[0..len) between the braces, found in
 * STRING token t at byte offset of the '{' (fstring_compile_expr). */
ast_expr *lang__parse_fstring_expr(lang__parser *p, const char *text, size_t len,
                                   const lang_token *t, int lines, int cols,
                                   int ccols);
/* The node for the adjacent STRING tokens first..last (inclusive):
 * a Constant (str or bytes) or a JoinedStr (string literal decoding and
 * f-strings: strparse.c). NULL on an error (fail set). */
ast_expr *lang__strings(lang__parser *p, int first, int last);

/* ----------------------------------------------------------------- checks */

/* The compile-stage errors of CPython 3.11 (ast_opt's recursion limit, the
 * symbol table, the code generator) for a module that parsed. Returns
 * LANG_OK, LANG_ESYNTAX with e filled, or LANG_ENOMEM. Warnings (SyntaxWarning
 * for `is` with a literal, ...) go to warn. */
int lang__check_module(ast_module *m, lang_lexer *lx, lang__err *e,
                       lang_diag_cb warn, void *warn_ud);

#endif /* SIM_LANG_LANG_INT_H */
