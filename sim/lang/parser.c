/* parser.c: the recursive-descent parser (tokens to AST) with CPython 3.11's syntax errors. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang_int.h"
#include "rt.h"

/* The grammar is Python 3.11's (Grammar/python.gram), rule for rule where
 * it matters for errors; comments name the rules. The functions below
 * return NULL (or false) exactly when p->fail is set. */

typedef lang__parser P;

/* CPython's MAXSTACK is 6000 rule levels; a statement starts some 30 levels
 * down, and a unary operator costs one level, as here. */
#define MAX_DEPTH LANG_MAXSTACK
#define DEPTH_BASE 33

/* ---------------------------------------------------------------- tokens */

static lang_token dummy_error_token = {.kind = TOK_ERRORTOKEN, .bcol = -1, .end_bcol = -1};

static void record_tok_error(P *p) {
  const lang_diag *d = lang_lexer_error(p->lx);
  p->fail = true;
  if (p->err.set || p->nomem || !d) return;
  if (!lang__err_set(&p->err, d->kind, d->filename, d->line, d->col + 1, d->end_line,
                     d->end_col + 1, d->text, d->text_len, "%s", d->msg))
    p->nomem = true;
  p->tok_error = true;
}

lang_token *lang__tok(P *p, int i) {
  while (i >= p->fill) {
    if (p->at_end) {
      i = p->fill - 1;
      break;
    }
    int c = p->fill / LANG_TOK_CHUNK;
    if (c >= p->nchunks) {
      lang_token **nc = rt_realloc(p->chunks, sizeof *nc * (size_t)(c + 1));
      if (!nc) goto oom;
      p->chunks = nc;
      p->chunks[c] = rt_malloc(sizeof(lang_token) * LANG_TOK_CHUNK);
      if (!p->chunks[c]) goto oom;
      p->nchunks = c + 1;
    }
    lang_token *t = &p->chunks[c][p->fill % LANG_TOK_CHUNK];
    int rc = lang_lexer_next(p->lx, t);
    p->fill++;
    if (rc == LANG_ENOMEM) {
      p->nomem = p->fail = true;
      p->at_end = true;
    } else if (rc != LANG_OK) {
      p->at_end = true;
      record_tok_error(p);
    } else if (t->kind == TOK_ENDMARKER) {
      p->at_end = true;
    }
  }
  if (i < 0) return &dummy_error_token;
  if (!p->p2 && i >= p->p1fill) p->p1fill = i + 1;
  return &p->chunks[i / LANG_TOK_CHUNK][i % LANG_TOK_CHUNK];
oom:
  p->nomem = p->fail = true;
  p->at_end = true;
  return &dummy_error_token;
}

#define TOK(p, i) lang__tok((p), (i))
static inline lang_token *cur(P *p) { return TOK(p, p->pos); }
static inline int kind(P *p) { return (int)cur(p)->kind; }
static inline int kind_at(P *p, int off) { return (int)TOK(p, p->pos + off)->kind; }
static inline lang_token *advance(P *p) {
  lang_token *t = cur(p);
  if (t->kind != TOK_ENDMARKER && t->kind != TOK_ERRORTOKEN) p->pos++;
  return t;
}
static inline bool accept(P *p, int k) {
  if (kind(p) != k) return false;
  p->pos++;
  return true;
}

static bool is_name_text(const lang_token *t, const char *s) {
  size_t n = strlen(s);
  return t->kind == TOK_NAME && t->len == n && memcmp(t->text, s, n) == 0;
}

/* SOFT_KEYWORD as 3.11's parser matches it: _PyPegen_soft_keyword_token
 * compares only the token's length of each soft keyword, so every prefix
 * of "_", "case" and "match" ("c", "ma", ...) counts. */
static bool is_soft_keyword(const lang_token *t) {
  static const char *const kws[] = {"_", "case", "match"};
  if (t->kind != TOK_NAME) return false;
  for (size_t i = 0; i < sizeof kws / sizeof *kws; i++)
    if (t->len <= strlen(kws[i]) && memcmp(kws[i], t->text, t->len) == 0) return true;
  return false;
}

/* ------------------------------------------------------------- positions */

static ast_pos tpos(const lang_token *t) {
  ast_pos r = {t->line, t->col, t->end_line, t->end_col, t->bcol, t->end_bcol};
  return r;
}

static ast_pos span(ast_pos a, ast_pos b) {
  a.end_line = b.end_line;
  a.end_col = b.end_col;
  a.end_bcol = b.end_bcol;
  return a;
}

static bool is_ws_kind(int k) {
  return k == TOK_NEWLINE || k == TOK_INDENT || k == TOK_DEDENT || k == TOK_ENDMARKER;
}

/* CPython's EXTRA: from the first token of the rule to the last consumed
 * token that is not NEWLINE, INDENT, DEDENT or ENDMARKER. */
static ast_pos pos_from(P *p, int start) {
  int m = p->pos - 1;
  while (m > start && is_ws_kind((int)TOK(p, m)->kind)) m--;
  return span(tpos(TOK(p, start)), tpos(TOK(p, m < start ? start : m)));
}

/* -------------------------------------------------------------- raising */

static void *raise_v(P *p, lang_diag_kind kind, int line, int col1, int end_line,
                     int end_col1, const char *fmt, va_list ap) {
  p->fail = true;
  if (p->err.set || p->nomem || p->quiet) return NULL;
  if (!lang__raise_known(p->lx, &p->err, kind, line, col1, end_line, end_col1, fmt, ap))
    p->nomem = true;
  return NULL;
}

void *lang__raise_at(P *p, lang_diag_kind kind, int line, int bcol, int end_line,
                     int end_bcol, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  raise_v(p, kind, line, bcol == -1 ? LANG_CURRENT_POS : bcol + 1,
          end_line == -1 ? LANG_CURRENT_POS : end_line,
          end_bcol == -1 ? LANG_CURRENT_POS : end_bcol + 1, fmt, ap);
  va_end(ap);
  return NULL;
}

/* _PyPegen_raise_error: at the last token fetched; a token without columns
 * (INDENT, DEDENT, ENDMARKER) takes the tokenizer's position. */
static void *raise_last_v(P *p, lang_diag_kind kind, const char *fmt, va_list ap) {
  if (p->fill == 0) return raise_v(p, kind, 0, 0, 0, -1, fmt, ap);
  lang_token *t = TOK(p, p->fill - 1);
  int col1, end_col1 = -1;
  if (t->bcol == -1) {
    const lang_lexer *lx = p->lx;
    col1 = lx->cur == lx->buf ? 0 : (int)(lx->cur - lx->line_start);
  } else {
    col1 = t->bcol + 1;
  }
  if (t->end_bcol != -1) end_col1 = t->end_bcol + 1;
  return raise_v(p, kind, t->line, col1, t->end_line, end_col1, fmt, ap);
}

void *lang__raise_last(P *p, lang_diag_kind kind, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  raise_last_v(p, kind, fmt, ap);
  va_end(ap);
  return NULL;
}

#define SYNTAX LANG_DIAG_SYNTAX_ERROR
#define INDENTATION LANG_DIAG_INDENTATION_ERROR

/* RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, ...) for a node or token position */
static void *raise_pos(P *p, ast_pos a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  raise_v(p, SYNTAX, a.line, a.bcol + 1, a.end_line, a.end_bcol + 1, fmt, ap);
  va_end(ap);
  return NULL;
}

/* RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, ...) */
static void *raise_range(P *p, ast_pos a, ast_pos b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  raise_v(p, SYNTAX, a.line, a.bcol + 1, b.end_line, b.end_bcol + 1, fmt, ap);
  va_end(ap);
  return NULL;
}

/* RAISE_SYNTAX_ERROR_STARTING_FROM(a, ...) */
static void *raise_from(P *p, ast_pos a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  raise_v(p, SYNTAX, a.line, a.bcol + 1, LANG_CURRENT_POS, LANG_CURRENT_POS, fmt, ap);
  va_end(ap);
  return NULL;
}

#define raise_last(p, ...) lang__raise_last((p), SYNTAX, __VA_ARGS__)

void lang__unsupported(P *p, const ast_pos *pos, const char *what) {
  for (; p->outer; p = p->outer) {
  }
  if (p->unsupported.set || p->nomem) return;
  const char *s = NULL;
  size_t n = 0;
  if (!lang__file_line(p->lx, pos->line, &s, &n)) s = NULL;
  if (!lang__err_set(&p->unsupported, SYNTAX, p->lx->filename, pos->line, pos->bcol + 1,
                     pos->end_line, pos->end_bcol + 1, s, n, "%s is not supported by coroscope",
                     what))
    p->nomem = true;
}

static bool enter(P *p) {
  if (p->fail) return false;
  if (++p->depth > MAX_DEPTH) {
    p->depth--;
    p->fail = true;
    if (!p->err.set && !p->nomem && !p->quiet) {
      /* "MemoryError" alone, as CPython's parser stack overflow prints */
      if (!lang__err_set(&p->err, LANG_DIAG_MEMORY_ERROR, p->lx->filename, 0, 0, 0, 0, NULL, 0,
                         "%s", ""))
        p->nomem = true;
    }
    return false;
  }
  return true;
}
#define LEAVE(p) ((p)->depth--)

/* A quiet look-ahead of CPython's second pass: its tokens do not move the
 * location of a generic "invalid syntax" (the first pass never saw them). */
#define P2_BEGIN(p) ((p)->quiet++, (p)->p2++)
#define P2_END(p) ((p)->quiet--, (p)->p2--)
/* The same with the second pass's own rules on: the specific errors they
 * raise inside count, generic failures only fail the check. */
#define P2S_BEGIN(p) ((p)->soft++, (p)->p2++)
#define P2S_END(p) ((p)->soft--, (p)->p2--)

static void *nomem(P *p) {
  p->nomem = p->fail = true;
  return NULL;
}

/* ------------------------------------------------------------- vectors */

typedef struct vec {
  void **items;
  int n, cap;
} vec;

static bool vpush(P *p, vec *v, void *x) {
  if (v->n == v->cap) {
    int ncap = v->cap ? v->cap * 2 : 4;
    void **ni = lang__arena_alloc(p->arena, sizeof(void *) * (size_t)ncap);
    if (!ni) {
      nomem(p);
      return false;
    }
    if (v->n) memcpy(ni, v->items, sizeof(void *) * (size_t)v->n);
    v->items = ni;
    v->cap = ncap;
  }
  v->items[v->n++] = x;
  return true;
}

#define EXPRS(v) ((ast_expr_seq){(v).n, (ast_expr **)(v).items})
#define STMTS(v) ((ast_stmt_seq){(v).n, (ast_stmt **)(v).items})

static ast_expr_seq seq1(P *p, ast_expr *e) {
  ast_expr_seq s = {0, NULL};
  ast_expr **items = lang__arena_alloc(p->arena, sizeof *items);
  if (!items) {
    nomem(p);
    return s;
  }
  items[0] = e;
  s.n = 1;
  s.items = items;
  return s;
}

/* ----------------------------------------------------------- node making */

static ast_expr *new_expr(P *p, ast_expr_kind k, ast_pos pos) {
  ast_expr *e = lang__expr_new(p->arena, k, pos);
  if (!e) nomem(p);
  return e;
}

static ast_stmt *new_stmt(P *p, ast_stmt_kind k, ast_pos pos) {
  ast_stmt *s = lang__stmt_new(p->arena, k, pos);
  if (!s) nomem(p);
  return s;
}

/* CPython NFKC-normalizes non-ASCII identifiers. Without Unicode's tables
 * we fold the compatibility characters a learner's keyboard produces:
 * full-width ASCII (U+FF01..FF5E, what a Chinese input method in
 * full-width mode types) and MICRO SIGN to GREEK SMALL LETTER MU. Writes
 * at most n bytes to out; returns the length. */
static size_t fold_identifier(const char *s, size_t n, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0xEF && i + 2 < n) {
      uint32_t cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) |
                    (uint32_t)(s[i + 2] & 0x3F);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out[o++] = (char)(cp - 0xFF01 + 0x21);
        i += 3;
        continue;
      }
    }
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xB5) {
      out[o++] = (char)0xCE;
      out[o++] = (char)0xBC;
      i += 2;
      continue;
    }
    out[o++] = s[i++];
  }
  return o;
}

static const char *intern_tok(P *p, const lang_token *t) {
  const char *text = t->text;
  size_t len = t->len;
  char small[128];
  char *buf = NULL;
  for (size_t i = 0; i < len; i++) {
    if ((unsigned char)text[i] >= 0x80) {
      buf = len <= sizeof small ? small : lang__arena_alloc(p->arena, len);
      if (!buf) return nomem(p);
      len = fold_identifier(text, len, buf);
      text = buf;
      break;
    }
  }
  const char *s = lang__arena_intern(p->arena, text, len);
  if (!s) nomem(p);
  return s;
}

static ast_expr *name_expr(P *p, const lang_token *t, ast_ctx ctx) {
  const char *id = intern_tok(p, t);
  if (!id) return NULL;
  ast_expr *e = lang__name_new(p->arena, id, ctx, tpos(t));
  if (!e) nomem(p);
  return e;
}

/* _PyPegen_get_expr_name */
static const char *expr_name(const ast_expr *e) {
  switch (e->kind) {
    case AST_EXPR_ATTRIBUTE: return "attribute";
    case AST_EXPR_SUBSCRIPT: return "subscript";
    case AST_EXPR_STARRED: return "starred";
    case AST_EXPR_NAME: return "name";
    case AST_EXPR_LIST: return "list";
    case AST_EXPR_TUPLE: return "tuple";
    case AST_EXPR_LAMBDA: return "lambda";
    case AST_EXPR_CALL: return "function call";
    case AST_EXPR_BOOL_OP:
    case AST_EXPR_BIN_OP:
    case AST_EXPR_UNARY_OP: return "expression";
    case AST_EXPR_GENERATOR_EXP: return "generator expression";
    case AST_EXPR_YIELD:
    case AST_EXPR_YIELD_FROM: return "yield expression";
    case AST_EXPR_AWAIT: return "await expression";
    case AST_EXPR_LIST_COMP: return "list comprehension";
    case AST_EXPR_SET_COMP: return "set comprehension";
    case AST_EXPR_DICT_COMP: return "dict comprehension";
    case AST_EXPR_DICT: return "dict literal";
    case AST_EXPR_SET: return "set display";
    case AST_EXPR_JOINED_STR:
    case AST_EXPR_FORMATTED_VALUE: return "f-string expression";
    case AST_EXPR_CONSTANT:
      switch (e->v.constant.kind) {
        case AST_CONST_NONE: return "None";
        case AST_CONST_BOOL: return e->v.constant.b ? "True" : "False";
        case AST_CONST_ELLIPSIS: return "ellipsis";
        default: return "literal";
      }
    case AST_EXPR_COMPARE: return "comparison";
    case AST_EXPR_IF_EXP: return "conditional expression";
    case AST_EXPR_NAMED_EXPR: return "named expression";
    default: return "expression";
  }
}

/* _PyPegen_get_invalid_target */
typedef enum { STAR_TARGETS, DEL_TARGETS, FOR_TARGETS } targets_type;

static ast_expr *invalid_target(ast_expr *e, targets_type tt) {
  if (!e) return NULL;
  switch (e->kind) {
    case AST_EXPR_LIST:
    case AST_EXPR_TUPLE: {
      ast_expr_seq *s = e->kind == AST_EXPR_LIST ? &e->v.list.elts : &e->v.tuple.elts;
      for (int i = 0; i < s->n; i++) {
        ast_expr *c = invalid_target(s->items[i], tt);
        if (c) return c;
      }
      return NULL;
    }
    case AST_EXPR_STARRED:
      if (tt == DEL_TARGETS) return e;
      return invalid_target(e->v.starred.value, tt);
    case AST_EXPR_COMPARE:
      if (tt == FOR_TARGETS) {
        if (e->v.compare.ops[0] == AST_CMP_IN) return invalid_target(e->v.compare.left, tt);
        return NULL;
      }
      return e;
    case AST_EXPR_NAME:
    case AST_EXPR_SUBSCRIPT:
    case AST_EXPR_ATTRIBUTE: return NULL;
    default: return e;
  }
}

/* _PyPegen_set_expr_context, recursively */
static void set_ctx(ast_expr *e, ast_ctx ctx) {
  switch (e->kind) {
    case AST_EXPR_NAME:
    case AST_EXPR_ATTRIBUTE:
    case AST_EXPR_SUBSCRIPT: e->ctx = ctx; break;
    case AST_EXPR_STARRED:
      e->ctx = ctx;
      set_ctx(e->v.starred.value, ctx);
      break;
    case AST_EXPR_LIST:
    case AST_EXPR_TUPLE: {
      e->ctx = ctx;
      ast_expr_seq *s = e->kind == AST_EXPR_LIST ? &e->v.list.elts : &e->v.tuple.elts;
      for (int i = 0; i < s->n; i++) set_ctx(s->items[i], ctx);
      break;
    }
    default: break;
  }
}

/* "cannot assign to %s" / "cannot delete %s" (RAISE_SYNTAX_ERROR_INVALID_TARGET);
 * true if it raised. */
static bool raise_invalid_target(P *p, targets_type tt, ast_expr *e) {
  ast_expr *bad = invalid_target(e, tt);
  if (!bad) return false;
  raise_pos(p, bad->pos, tt == DEL_TARGETS ? "cannot delete %s" : "cannot assign to %s",
            expr_name(bad));
  return true;
}

/* ----------------------------------------------------- forward declarations */

static ast_expr *expression(P *p);
static ast_expr *named_expression(P *p);
static ast_expr *star_named_expression(P *p);
static ast_expr *star_expressions(P *p, bool *bare_tuple);
static ast_expr *disjunction(P *p);
static ast_expr *bitwise_or(P *p);
static ast_expr *yield_expr(P *p);
static ast_expr *primary(P *p);
static ast_expr *lambdef(P *p);
static bool for_if_clauses(P *p, vec *out);
static ast_expr *slices(P *p);
static bool call_arguments(P *p, int close, bool is_call, ast_expr_seq *args, ast_keyword_seq *kws);
static ast_stmt_seq block(P *p, const char *what, int line);

/* Can the token start an expression (for expression_without_invalid)? */
static bool starts_expression(int k) {
  switch (k) {
    case TOK_NAME: case TOK_NUMBER: case TOK_STRING: case TOK_LPAR: case TOK_LSQB:
    case TOK_LBRACE: case TOK_MINUS: case TOK_PLUS: case TOK_TILDE: case TOK_ELLIPSIS:
    case TOK_KW_TRUE: case TOK_KW_FALSE: case TOK_KW_NONE: case TOK_KW_NOT:
    case TOK_KW_LAMBDA: case TOK_KW_AWAIT:
      return true;
    default: return false;
  }
}

/* Undo a speculative parse: true if it succeeded. A recorded error (from
 * the tokenizer, or memory) stays. */
static bool spec_end(P *p, int mark, bool keep) {
  bool ok = !p->fail;
  if (p->fail && !p->err.set && !p->nomem) p->fail = false;
  if (!keep || !ok) p->pos = mark;
  return ok;
}

/* In a speculative parse, a construct that fails after its first part is
 * dropped, as PEG does: back to mark, keeping what came before (so `a + )`
 * parses as `a`). Outside speculation a failure stays a failure. */
static bool backtrack(P *p, int mark) {
  if (!(p->quiet || p->soft) || !p->fail || p->err.set || p->nomem) return false;
  p->fail = false;
  p->pos = mark;
  return true;
}

/* A check of CPython's second pass after the current token: skips it and
 * parses rule speculatively (P2S). The node if the rule matched, else NULL;
 * the position is back at the skipped token unless it matched and keep is
 * set. A specific error raised inside stays (p->fail): callers test it
 * first. */
static ast_expr *check_after(P *p, ast_expr *(*rule)(P *), bool keep) {
  int mark = p->pos;
  advance(p);
  P2S_BEGIN(p);
  ast_expr *x = rule(p);
  P2S_END(p);
  return spec_end(p, mark, keep) ? x : NULL;
}

/* The second-pass rules that match at an expression followed by junk:
 * invalid_expression ("Perhaps you forgot a comma?") and
 * invalid_legacy_expression (print/exec without parentheses). The
 * expression is the outermost one that ended at the current token. */
static bool invalid_expression_here1(P *p);

/* The checks parse on from here, and a failure inside them can start the
 * checks again further on. CPython's memoizing parser stays linear; here
 * a check inside a check inside a check is not tried, and a budget per
 * parse bounds the rest, so garbage input cannot take exponential time
 * (it then gets the generic error). */
#define IEX_MAX_DEPTH 2
static bool invalid_expression_here(P *p) {
  if (p->iex_busy == p->pos + 1 || p->iex_depth >= IEX_MAX_DEPTH || p->spec_budget <= 0)
    return false;
  p->spec_budget--;
  int save = p->iex_busy;
  p->iex_busy = p->pos + 1;
  p->iex_depth++;
  bool r = invalid_expression_here1(p);
  p->iex_depth--;
  p->iex_busy = save;
  return r;
}

static bool invalid_expression_here1(P *p) {
  if (!p->ld_expr || p->ld_end != p->pos || p->ld_start >= p->pos) return false;
  /* the parses below move ld_*: keep this expression's */
  ast_expr *a = p->ld_expr;
  int a_start = p->ld_start;
  lang_token *t0 = TOK(p, a_start);
  bool legacy = a->kind == AST_EXPR_NAME && t0->kind == TOK_NAME &&
                (!strcmp(a->v.name.id, "print") || !strcmp(a->v.name.id, "exec"));
  bool skip = (t0->kind == TOK_NAME && TOK(p, a_start + 1)->kind == TOK_STRING) ||
              is_soft_keyword(t0);
  int mark = p->pos;
  if (!skip && !legacy && starts_expression(kind(p))) {
    /* a=disjunction b=expression_without_invalid; level of b's last token */
    P2_BEGIN(p);
    ast_expr *b = kind(p) == TOK_KW_LAMBDA ? lambdef(p) : expression(p);
    P2_END(p);
    int end = p->pos;
    bool ok = spec_end(p, mark, false);
    if (p->fail) return true;
    if (ok && b && TOK(p, end - 1)->level > 0) {
      raise_range(p, a->pos, b->pos, "invalid syntax. Perhaps you forgot a comma?");
      return true;
    }
  }
  if (a->kind == AST_EXPR_NAME && t0->kind == TOK_NAME && a_start + 1 == p->pos &&
      kind(p) != TOK_LPAR) {
    /* invalid_legacy_expression: a=NAME !'(' b=star_expressions, tried
     * for every name (its specific errors inside count) */
    p->soft++;
    p->p2++;
    bool bare;
    ast_expr *b = star_expressions(p, &bare);
    p->p2--;
    p->soft--;
    bool ok = spec_end(p, mark, false);
    if (p->fail) return true;
    if (ok && b && legacy) {
      raise_range(p, a->pos, b->pos, "Missing parentheses in call to '%s'. Did you mean %s(...)?",
                  a->v.name.id, a->v.name.id);
      return true;
    }
  }
  return false;
}

/* The parser cannot go on at the current token: find the error CPython
 * would report here. */
/* The generic error: "invalid syntax" at the last token CPython's first
 * pass fetched (fill - 1), or "unexpected indent" / "unexpected unindent". */
static void *fail_at_fill(P *p, int fill) {
  if (p->fail) return NULL;
  if (p->quiet || p->soft) {
    p->fail = true;
    return NULL;
  }
  /* _Pypegen_set_syntax_error, generic case */
  lang_token *t = TOK(p, fill - 1);
  if (t->kind == TOK_INDENT || t->kind == TOK_DEDENT) {
    /* CPython returns without rescanning the rest of the file here */
    p->no_rescan = true;
    return lang__raise_last(p, INDENTATION, t->kind == TOK_INDENT ? "unexpected indent"
                                                                 : "unexpected unindent");
  }
  if (t->kind == TOK_ERRORTOKEN) {
    p->fail = true;
    return NULL;
  }
  return raise_pos(p, tpos(t), "invalid syntax");
}

static void *fail_here(P *p) {
  if (p->fail) return NULL;
  if (p->quiet) {
    p->fail = true;
    return NULL;
  }
  /* the generic error goes to the last token of CPython's first pass,
   * not to what the second-pass checks peeked at */
  int fill = p->p1fill;
  if (invalid_expression_here(p)) return NULL;
  return fail_at_fill(p, fill);
}

static bool expect(P *p, int k) {
  if (accept(p, k)) return true;
  fail_here(p);
  return false;
}

/* &&'x': a forced token fails at once with "expected 'x'" */
static bool expect_forced(P *p, int k, const char *what) {
  if (p->fail) return false;
  if (accept(p, k)) return true;
  if (p->quiet) {
    p->fail = true;
    return false;
  }
  raise_pos(p, tpos(cur(p)), "expected '%s'", what);
  return false;
}

/* --------------------------------------------------------------- numbers */

static ast_expr *number(P *p) {
  lang_token *t = advance(p);
  ast_expr *e = new_expr(p, AST_EXPR_CONSTANT, tpos(t));
  if (!e) return NULL;
  /* copy without '_' */
  char small[64], *buf = small;
  if (t->len + 1 > sizeof small) {
    buf = lang__arena_alloc(p->arena, t->len + 1);
    if (!buf) return nomem(p);
  }
  size_t n = 0;
  for (uint32_t i = 0; i < t->len; i++)
    if (t->text[i] != '_') buf[n++] = t->text[i];
  buf[n] = 0;
  char last = buf[n - 1];
  bool is_hex = n > 1 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X');
  if (last == 'j' || last == 'J') {
    lang__unsupported(p, &e->pos, "a complex number literal");
    buf[n - 1] = 0;
    e->v.constant.kind = AST_CONST_FLOAT;
    e->v.constant.f = strtod(buf, NULL);
    return e;
  }
  if (!is_hex && (strchr(buf, '.') || strchr(buf, 'e') || strchr(buf, 'E'))) {
    e->v.constant.kind = AST_CONST_FLOAT;
    e->v.constant.f = strtod(buf, NULL);
    return e;
  }
  e->v.constant.kind = AST_CONST_INT;
  int base = 10;
  const char *digits = buf;
  if (n > 1 && buf[0] == '0') {
    char b = buf[1];
    if (b == 'x' || b == 'X') base = 16;
    else if (b == 'o' || b == 'O') base = 8;
    else if (b == 'b' || b == 'B') base = 2;
    if (base != 10) digits = buf + 2;
  }
  uint64_t v = 0;
  bool big = false;
  for (const char *c = digits; *c; c++) {
    int d = *c >= 'a' ? *c - 'a' + 10 : *c >= 'A' ? *c - 'A' + 10 : *c - '0';
    if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) {
      big = true;
      break;
    }
    v = v * (uint64_t)base + (uint64_t)d;
  }
  if (big || v > (uint64_t)INT64_MAX) {
    e->v.constant.big = true;
    e->v.constant.str = lang__arena_strndup(p->arena, buf, n);
    e->v.constant.len = n;
    if (!e->v.constant.str) return nomem(p);
  } else {
    e->v.constant.i = (int64_t)v;
  }
  return e;
}

/* ----------------------------------------------------------------- atoms */

static ast_expr *constant_kw(P *p, ast_const_kind k, bool b) {
  lang_token *t = advance(p);
  ast_expr *e = new_expr(p, AST_EXPR_CONSTANT, tpos(t));
  if (!e) return NULL;
  e->v.constant.kind = k;
  e->v.constant.b = b;
  return e;
}

/* for_if_clauses after the element of a comprehension opened at start */
static ast_expr *comprehension(P *p, ast_expr_kind k, int start, ast_expr *elt,
                               ast_expr *value, int close) {
  vec gens = {0};
  if (!for_if_clauses(p, &gens)) return NULL;
  if (!expect(p, close)) return NULL;
  ast_expr *e = new_expr(p, k, pos_from(p, start));
  if (!e) return NULL;
  ast_comprehension_seq g = {gens.n, (ast_comprehension **)gens.items};
  if (k == AST_EXPR_DICT_COMP) {
    e->v.dict_comp.key = elt;
    e->v.dict_comp.value = value;
    e->v.dict_comp.generators = g;
  } else {
    e->v.comp.elt = elt;
    e->v.comp.generators = g;
  }
  return e;
}

static bool is_comp_start(P *p) {
  return kind(p) == TOK_KW_FOR || (kind(p) == TOK_KW_ASYNC && kind_at(p, 1) == TOK_KW_FOR);
}

/* invalid_comprehension: "iterable unpacking cannot be used in comprehension"
 * and the missing parentheses around a tuple target. elts holds the
 * elements parsed so far, the last followed by for. */
static void *invalid_comprehension(P *p, int open, vec *elts, bool trailing_comma,
                                   lang_token *comma) {
  ast_expr *first = elts->items[0];
  /* each alternative needs its for_if_clauses to parse */
  int fill = p->p1fill;
  int mark = p->pos;
  vec dummy = {0};
  P2S_BEGIN(p);
  bool ok = for_if_clauses(p, &dummy);
  P2S_END(p);
  if (!spec_end(p, mark, false) || !ok) return p->fail ? NULL : fail_at_fill(p, fill);
  if (elts->n == 1 && !trailing_comma && first->kind == AST_EXPR_STARRED)
    return raise_pos(p, first->pos, "iterable unpacking cannot be used in comprehension");
  if (open == TOK_LPAR) return fail_at_fill(p, fill);
  if (elts->n > 1) {
    ast_expr *last = elts->items[elts->n - 1];
    return raise_range(p, first->pos, last->pos,
                       "did you forget parentheses around the comprehension target?");
  }
  if (!comma) return fail_at_fill(p, fill);
  return raise_range(p, first->pos, tpos(comma),
                     "did you forget parentheses around the comprehension target?");
}

/* invalid_named_expression: a=expression ':=' expression, at the ':='. */
static ast_expr *invalid_walrus(P *p, ast_expr *a) {
  ast_expr *v = check_after(p, expression, false);
  if (p->fail) return NULL;
  if (v) return raise_pos(p, a->pos, "cannot use assignment expressions with %s", expr_name(a));
  return fail_here(p);
}

/* '(' ... ')': tuple | group | genexp | invalid_group */
static ast_expr *paren_atom(P *p) {
  int start = p->pos;
  advance(p);
  if (kind(p) == TOK_RPAR) {
    advance(p);
    ast_expr *e = new_expr(p, AST_EXPR_TUPLE, pos_from(p, start));
    return e;
  }
  if (kind(p) == TOK_KW_YIELD) {
    ast_expr *y = yield_expr(p);
    if (!y) return NULL;
    if (!expect(p, TOK_RPAR)) return NULL;
    return y;
  }
  if (kind(p) == TOK_DOUBLESTAR) {
    /* invalid_group: '(' '**' expression ')' */
    lang_token *ds = cur(p);
    int mark = p->pos;
    bool ok = check_after(p, expression, true) && kind(p) == TOK_RPAR;
    if (p->fail) return NULL;
    p->pos = mark;
    if (ok) return raise_pos(p, tpos(ds), "cannot use double starred expression here");
    return fail_here(p);
  }
  vec elts = {0};
  ast_expr *first = star_named_expression(p);
  if (!first) return NULL;
  if (is_comp_start(p)) {
    if (first->kind == AST_EXPR_STARRED) {
      if (!vpush(p, &elts, first)) return NULL;
      return invalid_comprehension(p, TOK_LPAR, &elts, false, NULL);
    }
    return comprehension(p, AST_EXPR_GENERATOR_EXP, start, first, NULL, TOK_RPAR);
  }
  if (kind(p) == TOK_RPAR) {
    advance(p);
    if (first->kind == AST_EXPR_STARRED)
      return raise_pos(p, first->pos, "cannot use starred expression here");
    return first; /* group: the inner node, positions and all */
  }
  if (kind(p) != TOK_COMMA)
    return kind(p) == TOK_COLONEQUAL ? invalid_walrus(p, first) : fail_here(p);
  if (!vpush(p, &elts, first)) return NULL;
  while (accept(p, TOK_COMMA)) {
    if (kind(p) == TOK_RPAR) break;
    ast_expr *x = star_named_expression(p);
    if (!x) return NULL;
    if (!vpush(p, &elts, x)) return NULL;
    if (kind(p) != TOK_COMMA && kind(p) != TOK_RPAR) {
      if (is_comp_start(p)) return fail_here(p);
      return fail_here(p);
    }
  }
  if (!expect(p, TOK_RPAR)) return NULL;
  ast_expr *e = new_expr(p, AST_EXPR_TUPLE, pos_from(p, start));
  if (!e) return NULL;
  e->v.tuple.elts = EXPRS(elts);
  return e;
}

/* '[' ... ']': list | listcomp | invalid_comprehension */
static ast_expr *list_atom(P *p) {
  int start = p->pos;
  advance(p);
  vec elts = {0};
  lang_token *comma = NULL;
  while (kind(p) != TOK_RSQB) {
    ast_expr *x = star_named_expression(p);
    if (!x) return NULL;
    if (!vpush(p, &elts, x)) return NULL;
    if (is_comp_start(p)) {
      if (elts.n == 1 && x->kind != AST_EXPR_STARRED)
        return comprehension(p, AST_EXPR_LIST_COMP, start, x, NULL, TOK_RSQB);
      return invalid_comprehension(p, TOK_LSQB, &elts, false, comma);
    }
    if (kind(p) == TOK_RSQB) break;
    if (kind(p) != TOK_COMMA) return fail_here(p);
    comma = advance(p);
    if (is_comp_start(p)) return invalid_comprehension(p, TOK_LSQB, &elts, true, comma);
  }
  advance(p);
  ast_expr *e = new_expr(p, AST_EXPR_LIST, pos_from(p, start));
  if (!e) return NULL;
  e->v.list.elts = EXPRS(elts);
  return e;
}

/* invalid_double_starred_kvpairs / invalid_kvpair after `key ':'` that
 * does not go on with a value. */
static void *invalid_kvpair(P *p, lang_token *colon) {
  /* expression ':' a='*' bitwise_or / expression a=':' &('}'|',') */
  if (kind(p) == TOK_STAR) {
    lang_token *star = cur(p);
    int mark = p->pos;
    ast_expr *x = check_after(p, bitwise_or, true);
    if (p->fail) return NULL;
    if (x) return raise_from(p, tpos(star), "cannot use a starred expression in a dictionary value");
    p->pos = mark;
  } else if (kind(p) == TOK_RBRACE || kind(p) == TOK_COMMA) {
    return raise_pos(p, tpos(colon), "expression expected after dictionary key and ':'");
  }
  return fail_here(p);
}

/* '{' ... '}': dict | set | dictcomp | setcomp */
static ast_expr *brace_atom(P *p) {
  int start = p->pos;
  advance(p);
  if (accept(p, TOK_RBRACE)) return new_expr(p, AST_EXPR_DICT, pos_from(p, start));
  vec keys = {0}, values = {0};
  bool is_dict;
  /* the first entry decides */
  if (kind(p) == TOK_DOUBLESTAR) {
    is_dict = true;
  } else {
    ast_expr *first = star_named_expression(p);
    if (!first) return NULL;
    if (first->kind != AST_EXPR_STARRED && kind(p) == TOK_COLON) {
      is_dict = true;
      lang_token *colon = advance(p);
      if (kind(p) == TOK_STAR || kind(p) == TOK_RBRACE || kind(p) == TOK_COMMA)
        return invalid_kvpair(p, colon);
      ast_expr *v = expression(p);
      if (!v) return NULL;
      if (is_comp_start(p))
        return comprehension(p, AST_EXPR_DICT_COMP, start, first, v, TOK_RBRACE);
      if (!vpush(p, &keys, first) || !vpush(p, &values, v)) return NULL;
      if (kind(p) != TOK_COMMA && kind(p) != TOK_RBRACE) return fail_here(p);
      accept(p, TOK_COMMA);
    } else {
      is_dict = false;
      if (is_comp_start(p)) {
        if (first->kind == AST_EXPR_STARRED) {
          vec one = {0};
          if (!vpush(p, &one, first)) return NULL;
          return invalid_comprehension(p, TOK_LBRACE, &one, false, NULL);
        }
        return comprehension(p, AST_EXPR_SET_COMP, start, first, NULL, TOK_RBRACE);
      }
      if (!vpush(p, &keys, first)) return NULL;
      if (kind(p) != TOK_COMMA && kind(p) != TOK_RBRACE) return fail_here(p);
      if (kind(p) == TOK_COMMA) {
        lang_token *comma = advance(p);
        if (is_comp_start(p)) return invalid_comprehension(p, TOK_LBRACE, &keys, true, comma);
      }
    }
  }
  while (kind(p) != TOK_RBRACE) {
    if (is_dict) {
      if (kind(p) == TOK_DOUBLESTAR) {
        lang_token *ds = advance(p);
        ast_expr *v = bitwise_or(p);
        if (!v) return NULL;
        if (is_comp_start(p) && keys.n == 0) {
          /* invalid_dict_comprehension */
          return raise_pos(p, tpos(ds), "dict unpacking cannot be used in dict comprehension");
        }
        if (!vpush(p, &keys, NULL) || !vpush(p, &values, v)) return NULL;
      } else {
        ast_expr *k = expression(p);
        if (!k) return NULL;
        if (kind(p) != TOK_COLON) {
          /* invalid_kvpair: a=expression !(':'), unless the expression
           * itself was followed by another one (a missing comma) */
          if (p->quiet || invalid_expression_here(p)) return fail_here(p);
          return lang__raise_at(p, SYNTAX, k->pos.line, k->pos.end_bcol - 1, k->pos.end_line,
                                -2, "':' expected after dictionary key");
        }
        lang_token *colon = advance(p);
        if (kind(p) == TOK_STAR || kind(p) == TOK_RBRACE || kind(p) == TOK_COMMA)
          return invalid_kvpair(p, colon);
        ast_expr *v = expression(p);
        if (!v) return NULL;
        if (!vpush(p, &keys, k) || !vpush(p, &values, v)) return NULL;
      }
    } else {
      ast_expr *x = star_named_expression(p);
      if (!x) return NULL;
      if (!vpush(p, &keys, x)) return NULL;
    }
    if (kind(p) == TOK_RBRACE) break;
    if (kind(p) != TOK_COMMA) return fail_here(p);
    advance(p);
  }
  advance(p);
  ast_expr *e = new_expr(p, is_dict ? AST_EXPR_DICT : AST_EXPR_SET, pos_from(p, start));
  if (!e) return NULL;
  if (is_dict) {
    e->v.dict.keys = EXPRS(keys);
    e->v.dict.values = EXPRS(values);
  } else {
    e->v.set.elts = EXPRS(keys);
  }
  return e;
}

static ast_expr *atom(P *p) {
  switch (kind(p)) {
    case TOK_NAME: return name_expr(p, advance(p), AST_CTX_LOAD);
    case TOK_KW_TRUE: return constant_kw(p, AST_CONST_BOOL, true);
    case TOK_KW_FALSE: return constant_kw(p, AST_CONST_BOOL, false);
    case TOK_KW_NONE: return constant_kw(p, AST_CONST_NONE, false);
    case TOK_ELLIPSIS: return constant_kw(p, AST_CONST_ELLIPSIS, false);
    case TOK_NUMBER: return number(p);
    case TOK_STRING: {
      int first = p->pos;
      while (kind(p) == TOK_STRING) advance(p);
      /* the strings rule's action raises its errors (escapes, f-strings,
       * bytes mixed with str) even inside a speculative check */
      int quiet = p->quiet, soft = p->soft;
      p->quiet = p->soft = 0;
      ast_expr *e = lang__strings(p, first, p->pos - 1);
      p->quiet = quiet;
      p->soft = soft;
      return e;
    }
    case TOK_LPAR: return paren_atom(p);
    case TOK_LSQB: return list_atom(p);
    case TOK_LBRACE: return brace_atom(p);
    default: return fail_here(p);
  }
}

/* ---------------------------------------------------------------- primary */

/* primary: atom ('.' NAME | genexp | '(' arguments ')' | '[' slices ']')* */
static ast_expr *primary(P *p) {
  int start = p->pos;
  if (!enter(p)) return NULL;
  ast_expr *e = atom(p);
  while (e) {
    int k = kind(p);
    int mark = p->pos;
    ast_expr *before = e;
    if (k == TOK_DOT) {
      advance(p);
      if (kind(p) != TOK_NAME) {
        e = fail_here(p);
        if (backtrack(p, mark)) e = before;
        break;
      }
      lang_token *n = advance(p);
      ast_expr *a = new_expr(p, AST_EXPR_ATTRIBUTE, pos_from(p, start));
      if (!a) break;
      a->v.attribute.value = e;
      a->v.attribute.attr = intern_tok(p, n);
      e = a;
    } else if (k == TOK_LPAR) {
      ast_expr_seq args = {0};
      ast_keyword_seq kws = {0};
      advance(p);
      /* a generic failure inside drops the call, as PEG backtracks; the
       * '(' then fails where it stands (and "Perhaps you forgot a comma?"
       * can match there) */
      p->soft++;
      bool ok = call_arguments(p, TOK_RPAR, true, &args, &kws);
      if (!ok) e = backtrack(p, mark) ? before : NULL;
      p->soft--;
      if (!ok) break;
      ast_expr *c = new_expr(p, AST_EXPR_CALL, pos_from(p, start));
      if (!c) break;
      c->v.call.func = e;
      c->v.call.args = args;
      c->v.call.keywords = kws;
      e = c;
    } else if (k == TOK_LSQB) {
      advance(p);
      p->soft++;
      ast_expr *s = slices(p);
      bool ok = s && expect(p, TOK_RSQB);
      if (!ok) e = backtrack(p, mark) ? before : NULL;
      p->soft--;
      if (!ok) break;
      ast_expr *sub = new_expr(p, AST_EXPR_SUBSCRIPT, pos_from(p, start));
      if (!sub) break;
      sub->v.subscript.value = e;
      sub->v.subscript.slice = s;
      e = sub;
    } else {
      break;
    }
  }
  LEAVE(p);
  return e;
}

/* slice: [expression] ':' [expression] [':' [expression]] | named_expression */
static ast_expr *slice_item(P *p) {
  int start = p->pos;
  ast_expr *lower = NULL, *upper = NULL, *step = NULL;
  if (kind(p) != TOK_COLON) {
    /* named_expression unless a ':' follows an expression */
    lower = named_expression(p);
    if (!lower) return NULL;
    if (kind(p) != TOK_COLON) return lower;
    if (lower->kind == AST_EXPR_NAMED_EXPR) return fail_here(p);
  }
  advance(p); /* ':' */
  if (kind(p) != TOK_COLON && kind(p) != TOK_COMMA && kind(p) != TOK_RSQB) {
    upper = expression(p);
    if (!upper) return NULL;
  }
  if (accept(p, TOK_COLON)) {
    if (kind(p) != TOK_COMMA && kind(p) != TOK_RSQB) {
      step = expression(p);
      if (!step) return NULL;
    }
  }
  ast_expr *e = new_expr(p, AST_EXPR_SLICE, pos_from(p, start));
  if (!e) return NULL;
  e->v.slice.lower = lower;
  e->v.slice.upper = upper;
  e->v.slice.step = step;
  return e;
}

/* slices: slice !',' | ','.(slice | starred_expression)+ [','] */
static ast_expr *slices(P *p) {
  int start = p->pos;
  vec items = {0};
  for (;;) {
    ast_expr *x;
    if (kind(p) == TOK_STAR) {
      int s = p->pos;
      advance(p);
      ast_expr *v = expression(p);
      if (!v) return NULL;
      x = new_expr(p, AST_EXPR_STARRED, pos_from(p, s));
      if (!x) return NULL;
      x->v.starred.value = v;
    } else {
      x = slice_item(p);
      if (!x) return NULL;
    }
    if (!vpush(p, &items, x)) return NULL;
    if (kind(p) != TOK_COMMA) break;
    advance(p);
    if (kind(p) == TOK_RSQB) break;
  }
  if (items.n == 1 && TOK(p, p->pos - 1)->kind != TOK_COMMA &&
      ((ast_expr *)items.items[0])->kind != AST_EXPR_STARRED)
    return items.items[0];
  ast_expr *t = new_expr(p, AST_EXPR_TUPLE, pos_from(p, start));
  if (!t) return NULL;
  t->v.tuple.elts = EXPRS(items);
  return t;
}

/* ------------------------------------------------------------- operators */

/* await_primary: AWAIT primary | primary */
static ast_expr *await_primary(P *p) {
  if (kind(p) != TOK_KW_AWAIT) return primary(p);
  int start = p->pos;
  advance(p);
  ast_expr *v = primary(p);
  if (!v) return NULL;
  ast_expr *e = new_expr(p, AST_EXPR_AWAIT, pos_from(p, start));
  if (!e) return NULL;
  e->v.await_expr.value = v;
  return e;
}

static ast_expr *factor(P *p);

/* power: await_primary '**' factor | await_primary */
static ast_expr *power(P *p) {
  int start = p->pos;
  ast_expr *a = await_primary(p);
  if (!a || kind(p) != TOK_DOUBLESTAR) return a;
  int mark = p->pos;
  advance(p);
  /* power -> factor -> power: two of CPython's rule levels per '**' */
  p->depth++;
  bool ok = enter(p);
  ast_expr *b = ok ? factor(p) : NULL;
  if (ok) LEAVE(p);
  p->depth--;
  if (!b) return backtrack(p, mark) ? a : NULL;
  ast_expr *e = lang__binop_new(p->arena, a, AST_OP_POW, b, pos_from(p, start));
  if (!e) return nomem(p);
  return e;
}

/* factor: ('+' | '-' | '~') factor | power */
static ast_expr *factor(P *p) {
  ast_unaryop op;
  switch (kind(p)) {
    case TOK_PLUS: op = AST_UOP_UADD; break;
    case TOK_MINUS: op = AST_UOP_USUB; break;
    case TOK_TILDE: op = AST_UOP_INVERT; break;
    default: return power(p);
  }
  int start = p->pos;
  if (!enter(p)) return NULL;
  advance(p);
  ast_expr *a = factor(p);
  LEAVE(p);
  if (!a) return NULL;
  ast_expr *e = lang__unary_new(p->arena, op, a, pos_from(p, start));
  if (!e) return nomem(p);
  return e;
}

/* bitwise_or .. term: one precedence-climbing loop; all left-associative */
static int binop_prec(int k, ast_operator *op) {
  switch (k) {
    case TOK_VBAR: *op = AST_OP_BITOR; return 1;
    case TOK_CIRCUMFLEX: *op = AST_OP_BITXOR; return 2;
    case TOK_AMPER: *op = AST_OP_BITAND; return 3;
    case TOK_LEFTSHIFT: *op = AST_OP_LSHIFT; return 4;
    case TOK_RIGHTSHIFT: *op = AST_OP_RSHIFT; return 4;
    case TOK_PLUS: *op = AST_OP_ADD; return 5;
    case TOK_MINUS: *op = AST_OP_SUB; return 5;
    case TOK_STAR: *op = AST_OP_MULT; return 6;
    case TOK_SLASH: *op = AST_OP_DIV; return 6;
    case TOK_DOUBLESLASH: *op = AST_OP_FLOORDIV; return 6;
    case TOK_PERCENT: *op = AST_OP_MOD; return 6;
    case TOK_AT: *op = AST_OP_MATMULT; return 6;
    default: return 0;
  }
}

static ast_expr *binop(P *p, int min_prec) {
  int start = p->pos;
  ast_expr *lhs = factor(p);
  while (lhs) {
    ast_operator op;
    int prec = binop_prec(kind(p), &op);
    if (prec == 0 || prec < min_prec) break;
    int mark = p->pos;
    advance(p);
    ast_expr *rhs = prec == 6 ? factor(p) : binop(p, prec + 1);
    if (!rhs) {
      if (backtrack(p, mark)) break;
      return NULL;
    }
    lhs = lang__binop_new(p->arena, lhs, op, rhs, pos_from(p, start));
    if (!lhs) return nomem(p);
  }
  return lhs;
}

static ast_expr *bitwise_or(P *p) { return binop(p, 1); }

/* comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or */
static bool compare_op(P *p, ast_cmpop *op, int *ntok) {
  *ntok = 1;
  switch (kind(p)) {
    case TOK_EQEQUAL: *op = AST_CMP_EQ; return true;
    case TOK_NOTEQUAL:
      /* "<>" is 3.11's Barry-as-FLUFL spelling: not an operator here */
      if (cur(p)->len == 2 && cur(p)->text[0] == '<') return false;
      *op = AST_CMP_NOTEQ;
      return true;
    case TOK_LESS: *op = AST_CMP_LT; return true;
    case TOK_LESSEQUAL: *op = AST_CMP_LTE; return true;
    case TOK_GREATER: *op = AST_CMP_GT; return true;
    case TOK_GREATEREQUAL: *op = AST_CMP_GTE; return true;
    case TOK_KW_IN: *op = AST_CMP_IN; return true;
    case TOK_KW_NOT:
      if (kind_at(p, 1) != TOK_KW_IN) return false;
      *op = AST_CMP_NOTIN;
      *ntok = 2;
      return true;
    case TOK_KW_IS:
      if (kind_at(p, 1) == TOK_KW_NOT) {
        *op = AST_CMP_ISNOT;
        *ntok = 2;
      } else {
        *op = AST_CMP_IS;
      }
      return true;
    default: return false;
  }
}

static ast_expr *comparison(P *p) {
  int start = p->pos;
  ast_expr *a = bitwise_or(p);
  if (!a) return NULL;
  ast_cmpop op;
  int ntok;
  if (!compare_op(p, &op, &ntok)) return a;
  vec ops = {0}, rest = {0};
  while (compare_op(p, &op, &ntok)) {
    int mark = p->pos;
    p->pos += ntok;
    ast_expr *b = bitwise_or(p);
    if (!b) {
      if (backtrack(p, mark)) break;
      return NULL;
    }
    ast_cmpop *o = lang__arena_alloc(p->arena, sizeof *o);
    if (!o) return nomem(p);
    *o = op;
    if (!vpush(p, &ops, o) || !vpush(p, &rest, b)) return NULL;
  }
  if (ops.n == 0) return a;
  ast_expr *e = new_expr(p, AST_EXPR_COMPARE, pos_from(p, start));
  if (!e) return NULL;
  ast_cmpop *arr = lang__arena_alloc(p->arena, sizeof *arr * (size_t)ops.n);
  if (!arr) return nomem(p);
  for (int i = 0; i < ops.n; i++) arr[i] = *(ast_cmpop *)ops.items[i];
  e->v.compare.left = a;
  e->v.compare.ops = arr;
  e->v.compare.comparators = EXPRS(rest);
  return e;
}

/* inversion: 'not' inversion | comparison */
static ast_expr *inversion(P *p) {
  if (kind(p) != TOK_KW_NOT) return comparison(p);
  int start = p->pos;
  if (!enter(p)) return NULL;
  advance(p);
  ast_expr *a = inversion(p);
  LEAVE(p);
  if (!a) return NULL;
  ast_expr *e = lang__unary_new(p->arena, AST_UOP_NOT, a, pos_from(p, start));
  if (!e) return nomem(p);
  return e;
}

/* conjunction / disjunction: 'and' / 'or' chains as one BoolOp */
static ast_expr *boolop(P *p, bool is_or) {
  int start = p->pos;
  ast_expr *a = is_or ? boolop(p, false) : inversion(p);
  int k = is_or ? TOK_KW_OR : TOK_KW_AND;
  if (!a || kind(p) != k) return a;
  vec vals = {0};
  if (!vpush(p, &vals, a)) return NULL;
  for (;;) {
    int mark = p->pos;
    if (!accept(p, k)) break;
    ast_expr *b = is_or ? boolop(p, false) : inversion(p);
    if (!b) {
      if (backtrack(p, mark)) break;
      return NULL;
    }
    if (!vpush(p, &vals, b)) return NULL;
  }
  if (vals.n == 1) return a;
  ast_expr *e = new_expr(p, AST_EXPR_BOOL_OP, pos_from(p, start));
  if (!e) return NULL;
  e->v.bool_op.op = is_or ? AST_BOOL_OR : AST_BOOL_AND;
  e->v.bool_op.values = EXPRS(vals);
  return e;
}

static ast_expr *disjunction(P *p) { return boolop(p, true); }

/* expression: disjunction 'if' disjunction 'else' expression | disjunction
 * | lambdef, with invalid_expression's "expected 'else'" */
static ast_expr *expression(P *p) {
  int start = p->pos;
  if (!enter(p)) return NULL;
  if (kind(p) == TOK_KW_LAMBDA) {
    ast_expr *l = lambdef(p);
    LEAVE(p);
    return l;
  }
  ast_expr *a = disjunction(p);
  if (!a) goto out;
  if (kind(p) == TOK_KW_IF) {
    int mark = p->pos;
    advance(p);
    ast_expr *b = disjunction(p);
    if (!b) {
      if (!backtrack(p, mark)) a = NULL;
      goto plain;
    }
    if (kind(p) != TOK_KW_ELSE) {
      if (kind(p) != TOK_COLON && !p->quiet)
        raise_range(p, a->pos, b->pos, "expected 'else' after 'if' expression");
      else
        fail_here(p);
      if (!backtrack(p, mark)) a = NULL;
      goto plain;
    }
    advance(p);
    ast_expr *c = expression(p);
    if (!c) {
      if (!backtrack(p, mark)) a = NULL;
      goto plain;
    }
    ast_expr *e = new_expr(p, AST_EXPR_IF_EXP, pos_from(p, start));
    if (e) {
      e->v.if_exp.test = b;
      e->v.if_exp.body = a;
      e->v.if_exp.orelse = c;
    }
    a = e;
    goto out;
  }
plain:
  /* remember the outermost plain disjunction ending here */
  if (a) {
    p->ld_expr = a;
    p->ld_start = start;
    p->ld_end = p->pos;
  }
out:
  LEAVE(p);
  return a;
}

/* The leftmost atom of e (for the !(list|tuple|genexp|True|None|False)
 * lookahead of invalid_named_expression). */
static ast_expr *leftmost(ast_expr *e) {
  for (;;) {
    ast_expr *c = NULL;
    switch (e->kind) {
      case AST_EXPR_BIN_OP: c = e->v.bin_op.left; break;
      case AST_EXPR_ATTRIBUTE: c = e->v.attribute.value; break;
      case AST_EXPR_SUBSCRIPT: c = e->v.subscript.value; break;
      case AST_EXPR_CALL: c = e->v.call.func; break;
      default: break;
    }
    if (!c || c->pos.line != e->pos.line || c->pos.bcol != e->pos.bcol) return e;
    e = c;
  }
}

static bool is_bitwise_or_level(const ast_expr *e) {
  switch (e->kind) {
    case AST_EXPR_COMPARE: case AST_EXPR_BOOL_OP: case AST_EXPR_IF_EXP:
    case AST_EXPR_LAMBDA: case AST_EXPR_NAMED_EXPR: case AST_EXPR_STARRED:
    case AST_EXPR_YIELD: case AST_EXPR_YIELD_FROM:
      return false;
    case AST_EXPR_UNARY_OP: return e->v.unary_op.op != AST_UOP_NOT;
    default: return true;
  }
}

/* invalid_named_expression alternatives 2 and 3, for `a = b` where a
 * named_expression is wanted; a was parsed from token start and the
 * current token is '='. Returns true if it raised. */
static bool invalid_named_assign(P *p, int start, ast_expr *a) {
  int eq = p->pos;
  ast_expr *b = check_after(p, bitwise_or, true);
  bool ok = b && kind(p) != TOK_EQUAL && kind(p) != TOK_COLONEQUAL;
  p->pos = eq;
  if (p->fail) return true;
  if (!ok) return false;
  if (a->kind == AST_EXPR_NAME && start + 1 == eq && TOK(p, start)->kind == TOK_NAME) {
    raise_range(p, a->pos, b->pos, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    return true;
  }
  if (!is_bitwise_or_level(a)) return false;
  ast_expr *l = leftmost(a);
  lang_token *t0 = TOK(p, start);
  bool blocked = false;
  if (l->pos.line == t0->line && l->pos.bcol == t0->bcol) {
    if (l->kind == AST_EXPR_LIST || l->kind == AST_EXPR_GENERATOR_EXP) blocked = true;
    if (l->kind == AST_EXPR_TUPLE && t0->kind == TOK_LPAR) blocked = true;
    if (l->kind == AST_EXPR_CONSTANT &&
        (t0->kind == TOK_KW_TRUE || t0->kind == TOK_KW_FALSE || t0->kind == TOK_KW_NONE))
      blocked = true;
  }
  if (blocked) return false;
  raise_pos(p, a->pos, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
            expr_name(a));
  return true;
}

/* assignment_expression: NAME ':=' ~ expression */
static ast_expr *assignment_expression(P *p) {
  int start = p->pos;
  lang_token *n = advance(p);
  advance(p); /* ':=' */
  ast_expr *v = expression(p);
  if (!v) return NULL;
  ast_expr *target = name_expr(p, n, AST_CTX_STORE);
  ast_expr *e = target ? new_expr(p, AST_EXPR_NAMED_EXPR, pos_from(p, start)) : NULL;
  if (!e) return NULL;
  e->v.named_expr.target = target;
  e->v.named_expr.value = v;
  return e;
}

/* named_expression: assignment_expression | invalid_named_expression
 * | expression !':=' */
static ast_expr *named_expression(P *p) {
  if (kind(p) == TOK_NAME && kind_at(p, 1) == TOK_COLONEQUAL) return assignment_expression(p);
  int start = p->pos;
  ast_expr *e = expression(p);
  if (!e) return NULL;
  if (kind(p) == TOK_COLONEQUAL && !p->quiet) return invalid_walrus(p, e);
  if (kind(p) == TOK_EQUAL && !p->quiet && invalid_named_assign(p, start, e)) return NULL;
  return e;
}

static ast_expr *starred(P *p, bool full_expression) {
  int start = p->pos;
  advance(p);
  ast_expr *v = full_expression ? expression(p) : bitwise_or(p);
  if (!v) return NULL;
  ast_expr *e = new_expr(p, AST_EXPR_STARRED, pos_from(p, start));
  if (!e) return NULL;
  e->v.starred.value = v;
  return e;
}

/* star_named_expression: '*' bitwise_or | named_expression */
static ast_expr *star_named_expression(P *p) {
  if (kind(p) == TOK_STAR) return starred(p, false);
  return named_expression(p);
}

/* star_expression: '*' bitwise_or | expression */
static ast_expr *star_expression(P *p) {
  if (kind(p) == TOK_STAR) return starred(p, false);
  return expression(p);
}

/* star_expressions: a Tuple when there is a comma (*bare_tuple set) */
static ast_expr *star_expressions(P *p, bool *bare_tuple) {
  int start = p->pos;
  *bare_tuple = false;
  ast_expr *a = star_expression(p);
  if (!a || kind(p) != TOK_COMMA) return a;
  vec elts = {0};
  if (!vpush(p, &elts, a)) return NULL;
  while (accept(p, TOK_COMMA)) {
    if (kind(p) != TOK_STAR && !starts_expression(kind(p))) break;
    int mark = p->pos;
    ast_expr *b = star_expression(p);
    if (!b) {
      if (backtrack(p, mark)) break;
      return NULL;
    }
    if (!vpush(p, &elts, b)) return NULL;
  }
  ast_expr *e = new_expr(p, AST_EXPR_TUPLE, pos_from(p, start));
  if (!e) return NULL;
  e->v.tuple.elts = EXPRS(elts);
  *bare_tuple = true;
  return e;
}

/* yield_expr: 'yield' 'from' expression | 'yield' [star_expressions] */
static ast_expr *yield_expr(P *p) {
  int start = p->pos;
  advance(p);
  if (accept(p, TOK_KW_FROM)) {
    ast_expr *v = expression(p);
    if (!v) return NULL;
    ast_expr *e = new_expr(p, AST_EXPR_YIELD_FROM, pos_from(p, start));
    if (e) e->v.yield_from.value = v;
    return e;
  }
  ast_expr *v = NULL;
  if (kind(p) == TOK_STAR || starts_expression(kind(p))) {
    bool bare;
    v = star_expressions(p, &bare);
    if (!v) return NULL;
  }
  ast_expr *e = new_expr(p, AST_EXPR_YIELD, pos_from(p, start));
  if (e) e->v.yield.value = v;
  return e;
}

/* ------------------------------------------------------------ parameters */

static ast_arg *new_arg(P *p, lang_token *name, ast_expr *ann, int start) {
  ast_arg *a = lang__arena_alloc(p->arena, sizeof *a);
  if (!a) return nomem(p);
  a->arg = intern_tok(p, name);
  a->annotation = ann;
  a->pos = pos_from(p, start);
  return a;
}

/* param: NAME [':' expression] (lambda_param: NAME); star: the annotation
 * of *args may be a starred expression (param_star_annotation) */
static ast_arg *param(P *p, bool lambda, bool star) {
  int start = p->pos;
  lang_token *n = advance(p);
  ast_expr *ann = NULL;
  if (!lambda && accept(p, TOK_COLON)) {
    ann = star && kind(p) == TOK_STAR ? starred(p, false) : expression(p);
    if (!ann) return NULL;
  }
  return new_arg(p, n, ann, start);
}

/* params / lambda_params, with the invalid_parameters family of errors.
 * Stops before close (')' or ':'). */
static ast_arguments *parameters(P *p, bool lambda) {
  int close = lambda ? TOK_COLON : TOK_RPAR;
  ast_arguments *args = lang__arena_alloc(p->arena, sizeof *args);
  if (!args) return nomem(p);
  vec posonly = {0}, plain = {0}, defaults = {0}, kwonly = {0}, kwdefaults = {0};
  bool seen_slash = false, seen_star = false, seen_default = false, seen_kwarg = false;
  bool bare_star = false;
  int nparams = 0;
  lang_token *star_tok = NULL;
  while (kind(p) != close) {
    int k = kind(p);
    if (seen_kwarg) {
      /* invalid_kwds: '**' param ',' a=(param | '*' | '**' | '/') */
      if (k == TOK_NAME || k == TOK_STAR || k == TOK_DOUBLESTAR || k == TOK_SLASH) {
        if (k == TOK_NAME) {
          int mark = p->pos;
          ast_arg *a = param(p, lambda, false);
          if (!a) return NULL;
          p->pos = mark;
          return raise_pos(p, a->pos, "arguments cannot follow var-keyword argument");
        }
        return raise_pos(p, tpos(cur(p)), "arguments cannot follow var-keyword argument");
      }
      return fail_here(p);
    }
    if (k == TOK_SLASH) {
      lang_token *sl = advance(p);
      if (seen_star) return raise_pos(p, tpos(sl), "/ must be ahead of *");
      if (seen_slash) return raise_pos(p, tpos(sl), "/ may appear only once");
      if (nparams == 0) {
        if (kind(p) == TOK_COMMA) return raise_pos(p, tpos(sl), "at least one argument must precede /");
        return fail_here(p);
      }
      seen_slash = true;
      for (int i = 0; i < plain.n; i++)
        if (!vpush(p, &posonly, plain.items[i])) return NULL;
      plain.n = 0;
      if (kind(p) == TOK_STAR)
        return raise_pos(p, tpos(cur(p)), "expected comma between / and *");
    } else if (k == TOK_STAR) {
      lang_token *st = advance(p);
      if (seen_star) return raise_pos(p, tpos(st), "* argument may appear only once");
      seen_star = true;
      star_tok = st;
      if (kind(p) == TOK_NAME) {
        ast_arg *a = param(p, lambda, true);
        if (!a) return NULL;
        args->vararg = a;
        if (kind(p) == TOK_EQUAL)
          return raise_pos(p, tpos(cur(p)), "var-positional argument cannot have default value");
      } else {
        bare_star = true;
        /* invalid_star_etc: '*' (')' | ',' (')' | '**')) */
        bool bad = kind(p) == close ||
                   (kind(p) == TOK_COMMA && (kind_at(p, 1) == close || kind_at(p, 1) == TOK_DOUBLESTAR));
        if (bad) {
          if (lambda) return raise_last(p, "named arguments must follow bare *");
          return raise_pos(p, tpos(st), "named arguments must follow bare *");
        }
      }
    } else if (k == TOK_DOUBLESTAR) {
      advance(p);
      if (kind(p) != TOK_NAME) return fail_here(p);
      ast_arg *a = param(p, lambda, false);
      if (!a) return NULL;
      args->kwarg = a;
      seen_kwarg = true;
      if (kind(p) == TOK_EQUAL)
        return raise_pos(p, tpos(cur(p)), "var-keyword argument cannot have default value");
    } else if (k == TOK_NAME) {
      ast_arg *a = param(p, lambda, false);
      if (!a) return NULL;
      nparams++;
      ast_expr *dflt = NULL;
      if (kind(p) == TOK_EQUAL) {
        lang_token *eq = advance(p);
        if (kind(p) == TOK_RPAR || kind(p) == TOK_COMMA)
          return raise_pos(p, tpos(eq), "expected default value expression");
        dflt = expression(p);
        if (!dflt) return NULL;
      }
      if (seen_star) {
        if (!vpush(p, &kwonly, a) || !vpush(p, &kwdefaults, dflt)) return NULL;
        bare_star = false;
      } else {
        if (dflt) {
          seen_default = true;
          if (!vpush(p, &defaults, dflt)) return NULL;
        } else if (seen_default) {
          if (kind(p) == TOK_COMMA || kind(p) == close)
            return raise_pos(p, a->pos, "non-default argument follows default argument");
          return fail_here(p);
        }
        if (!vpush(p, &plain, a)) return NULL;
      }
    } else if (k == TOK_LPAR && !seen_star) {
      /* invalid_parameters: a='(' param_no_default+ ','? b=')' */
      lang_token *open = cur(p);
      int mark = p->pos;
      advance(p);
      bool ok = false;
      p->p2++;
      while (kind(p) == TOK_NAME) {
        advance(p);
        if (!lambda && kind(p) == TOK_COLON) break;
        if (kind(p) == TOK_RPAR) {
          ok = true;
          break;
        }
        if (!accept(p, TOK_COMMA)) break;
        if (kind(p) == TOK_RPAR) {
          ok = true;
          break;
        }
      }
      p->p2--;
      if (ok && !p->fail)
        return raise_range(p, tpos(open), tpos(cur(p)),
                           lambda ? "Lambda expression parameters cannot be parenthesized"
                                  : "Function parameters cannot be parenthesized");
      p->pos = mark;
      return fail_here(p);
    } else {
      return fail_here(p);
    }
    if (kind(p) == close) break;
    if (!accept(p, TOK_COMMA)) return fail_here(p);
    if (kind(p) == TOK_SLASH && seen_slash && !seen_star) {
      return raise_pos(p, tpos(cur(p)), "/ may appear only once");
    }
  }
  if (bare_star && star_tok) {
    /* '*' followed by nothing named: covered above for the common forms */
    if (lambda) return raise_last(p, "named arguments must follow bare *");
    return raise_pos(p, tpos(star_tok), "named arguments must follow bare *");
  }
  args->posonlyargs = (ast_arg_seq){posonly.n, (ast_arg **)posonly.items};
  args->args = (ast_arg_seq){plain.n, (ast_arg **)plain.items};
  args->kwonlyargs = (ast_arg_seq){kwonly.n, (ast_arg **)kwonly.items};
  args->kw_defaults = EXPRS(kwdefaults);
  args->defaults = EXPRS(defaults);
  return args;
}

/* lambdef: 'lambda' [lambda_params] ':' expression */
static ast_expr *lambdef(P *p) {
  int start = p->pos;
  if (!enter(p)) return NULL;
  advance(p);
  ast_expr *e = NULL;
  ast_arguments *args = parameters(p, true);
  if (args && expect(p, TOK_COLON)) {
    ast_expr *body = expression(p);
    if (body) {
      e = new_expr(p, AST_EXPR_LAMBDA, pos_from(p, start));
      if (e) {
        e->v.lambda.args = args;
        e->v.lambda.body = body;
      }
    }
  }
  LEAVE(p);
  return e;
}

/* --------------------------------------------------------------- targets */

/* star_targets for `for` (and comprehensions): parsed as star_expressions
 * at the bitwise_or level (a valid target never holds a comparison, and
 * 'in' must end it), then checked. */
static ast_expr *star_target(P *p) {
  if (kind(p) != TOK_STAR) return primary(p);
  int start = p->pos;
  advance(p);
  if (kind(p) == TOK_STAR) return fail_here(p);
  ast_expr *v = star_target(p);
  if (!v) return NULL;
  ast_expr *e = new_expr(p, AST_EXPR_STARRED, pos_from(p, start));
  if (e) e->v.starred.value = v;
  return e;
}

static ast_expr *for_targets(P *p) {
  int start = p->pos;
  vec elts = {0};
  bool comma = false;
  for (;;) {
    ast_expr *x = star_target(p);
    if (!x || !vpush(p, &elts, x)) return NULL;
    if (kind(p) != TOK_COMMA) break;
    advance(p);
    comma = true;
    if (kind(p) != TOK_STAR && !starts_expression(kind(p))) break;
  }
  if (!comma) return elts.items[0];
  ast_expr *t = new_expr(p, AST_EXPR_TUPLE, pos_from(p, start));
  if (!t) return NULL;
  t->v.tuple.elts = EXPRS(elts);
  return t;
}

/* 'for' star_targets 'in' (for statements and comprehensions): the target,
 * checked, with the 'in' consumed. invalid_for_target reports a bad target
 * before anything else. */
static ast_expr *for_target_in(P *p) {
  int start = p->pos;
  p->soft++;
  ast_expr *t = for_targets(p);
  p->soft--;
  if (t && !invalid_target(t, FOR_TARGETS) && accept(p, TOK_KW_IN)) {
    set_ctx(t, AST_CTX_STORE);
    return t;
  }
  if (p->fail && (p->err.set || p->nomem)) return NULL;
  /* invalid_for_target: 'for' a=star_expressions, with the second pass's
   * own errors inside it; then the bad target, if any */
  int fill = p->p1fill;
  p->fail = false;
  p->pos = start;
  p->soft++;
  p->p2++;
  bool bare;
  ast_expr *e = star_expressions(p, &bare);
  p->p2--;
  p->soft--;
  if (!e) {
    if (p->fail && (p->err.set || p->nomem)) return NULL;
    p->fail = false;
    return fail_at_fill(p, fill);
  }
  if (invalid_expression_here(p)) return NULL;
  if (raise_invalid_target(p, FOR_TARGETS, e)) return NULL;
  return fail_at_fill(p, fill);
}

/* for_if_clause+: [ASYNC] 'for' star_targets 'in' ~ disjunction ('if' disjunction)* */
static bool for_if_clauses(P *p, vec *out) {
  while (is_comp_start(p)) {
    ast_comprehension *c = lang__arena_alloc(p->arena, sizeof *c);
    if (!c) return nomem(p), false;
    if (accept(p, TOK_KW_ASYNC)) c->is_async = true;
    advance(p); /* 'for' */
    c->target = for_target_in(p);
    if (!c->target) return false;
    c->iter = disjunction(p);
    if (!c->iter) return false;
    vec ifs = {0};
    while (accept(p, TOK_KW_IF)) {
      ast_expr *cond = disjunction(p);
      if (!cond || !vpush(p, &ifs, cond)) return false;
    }
    c->ifs = EXPRS(ifs);
    if (!vpush(p, out, c)) return false;
  }
  return true;
}

/* ------------------------------------------------------------- arguments */

static ast_expr *last_comp_item(ast_comprehension_seq g) {
  ast_comprehension *c = g.items[g.n - 1];
  return c->ifs.n ? c->ifs.items[c->ifs.n - 1] : c->iter;
}

static ast_keyword *new_keyword(P *p, const char *arg, ast_expr *v, int start) {
  ast_keyword *k = lang__arena_alloc(p->arena, sizeof *k);
  if (!k) return nomem(p);
  k->arg = arg;
  k->value = v;
  k->pos = pos_from(p, start);
  return k;
}

/* The arguments of a call (or of a class's bases) after '(' up to and
 * including close; a lone unparenthesized generator expression included. */
static bool call_arguments1(P *p, int close, bool is_call, ast_expr_seq *out_args,
                            ast_keyword_seq *out_kws, const char **deferred_out);

/* invalid_arguments' `a=args ',' args` reports a positional argument after
 * a keyword one whatever follows: once seen, a later generic failure in
 * the arguments becomes that error. */
static bool call_arguments(P *p, int close, bool is_call, ast_expr_seq *out_args,
                           ast_keyword_seq *out_kws) {
  const char *deferred = NULL;
  p->soft++;
  bool ok = call_arguments1(p, close, is_call, out_args, out_kws, &deferred);
  p->soft--;
  if (ok) return true;
  if (p->fail && !p->err.set && !p->nomem) {
    if (deferred && !p->quiet) {
      p->fail = false;
      raise_last(p, "%s", deferred);
      return false;
    }
    if (!p->soft && !p->quiet) {
      /* replay the failure loudly: the generic error of this spot */
      p->fail = false;
      fail_at_fill(p, p->p1fill);
    }
  }
  return false;
}

static bool call_arguments1(P *p, int close, bool is_call, ast_expr_seq *out_args,
                            ast_keyword_seq *out_kws, const char **deferred_out) {
  int open_idx = p->pos - 1;
  vec args = {0}, kws = {0};
  bool seen_kw = false, seen_dstar = false;
  const char *deferred = NULL; /* positional after keyword: raised at the end */
  while (kind(p) != close) {
    int start = p->pos;
    int k = kind(p);
    if (k == TOK_STAR) {
      lang_token *st = cur(p);
      ast_expr *s = starred(p, true);
      if (!s) return false;
      if (seen_dstar && !deferred)
        return raise_pos(p, tpos(st), "iterable argument unpacking follows keyword argument unpacking"),
               false;
      if (!vpush(p, &args, s)) return false;
    } else if (k == TOK_DOUBLESTAR) {
      advance(p);
      ast_expr *v = expression(p);
      if (!v) return false;
      ast_keyword *kw = new_keyword(p, NULL, v, start);
      if (!kw || !vpush(p, &kws, kw)) return false;
      seen_dstar = true;
    } else if ((k == TOK_KW_TRUE || k == TOK_KW_FALSE || k == TOK_KW_NONE) &&
               kind_at(p, 1) == TOK_EQUAL) {
      lang_token *t = cur(p);
      return raise_range(p, tpos(t), tpos(TOK(p, p->pos + 1)), "cannot assign to %.*s",
                         (int)t->len, t->text),
             false;
    } else if (k == TOK_NAME && kind_at(p, 1) == TOK_EQUAL) {
      lang_token *n = advance(p);
      lang_token *eq = advance(p);
      ast_expr *v = expression(p);
      if (!v) return false;
      if (is_comp_start(p)) {
        return raise_range(p, tpos(n), tpos(eq),
                           "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"),
               false;
      }
      const char *id = intern_tok(p, n);
      ast_keyword *kw = id ? new_keyword(p, id, v, start) : NULL;
      if (!kw || !vpush(p, &kws, kw)) return false;
      seen_kw = true;
    } else {
      ast_expr *e;
      if (k == TOK_NAME && kind_at(p, 1) == TOK_COLONEQUAL) e = assignment_expression(p);
      else e = expression(p);
      if (!e) return false;
      if (kind(p) == TOK_EQUAL) {
        /* invalid_kwarg: !(NAME '=') a=expression b='=' */
        return raise_range(p, e->pos, tpos(cur(p)),
                           "expression cannot contain assignment, perhaps you meant \"==\"?"),
               false;
      }
      if (is_comp_start(p)) {
        /* class bases are `arguments`, without primary's genexp */
        if (!is_call && args.n == 0 && kws.n == 0) return fail_here(p), false;
        vec gens = {0};
        /* CPython's first pass parses a comprehension only as a lone genexp */
        bool lone = is_call && args.n == 0 && kws.n == 0;
        if (!lone) p->p2++;
        bool ok = for_if_clauses(p, &gens);
        if (!lone) p->p2--;
        if (!ok) return false;
        ast_comprehension_seq g = {gens.n, (ast_comprehension **)gens.items};
        if (args.n == 0 && kws.n == 0 && kind(p) == close) {
          advance(p);
          ast_expr *ge = new_expr(p, AST_EXPR_GENERATOR_EXP, pos_from(p, open_idx));
          if (!ge) return false;
          ge->v.comp.elt = e;
          ge->v.comp.generators = g;
          *out_args = seq1(p, ge);
          out_kws->n = 0;
          return !p->fail;
        }
        return raise_range(p, e->pos, last_comp_item(g)->pos,
                           "Generator expression must be parenthesized"),
               false;
      }
      if ((seen_kw || seen_dstar) && !deferred) {
        deferred = seen_dstar ? "positional argument follows keyword argument unpacking"
                              : "positional argument follows keyword argument";
        *deferred_out = deferred;
      }
      if (!vpush(p, &args, e)) return false;
    }
    if (kind(p) == close) break;
    if (kind(p) != TOK_COMMA) {
      if (deferred) {
        if (!p->quiet && invalid_expression_here(p)) return false;
        return raise_last(p, "%s", deferred), false;
      }
      return fail_here(p), false;
    }
    advance(p);
  }
  if (deferred) return raise_last(p, "%s", deferred), false;
  advance(p);
  *out_args = EXPRS(args);
  *out_kws = (ast_keyword_seq){kws.n, (ast_keyword **)kws.items};
  return true;
}

/* ------------------------------------------------------ simple statements */

static ast_expr *annotated_rhs(P *p) {
  if (kind(p) == TOK_KW_YIELD) return yield_expr(p);
  bool bare;
  return star_expressions(p, &bare);
}

static int augassign_op(int k, ast_operator *op) {
  switch (k) {
    case TOK_PLUSEQUAL: *op = AST_OP_ADD; return 1;
    case TOK_MINEQUAL: *op = AST_OP_SUB; return 1;
    case TOK_STAREQUAL: *op = AST_OP_MULT; return 1;
    case TOK_ATEQUAL: *op = AST_OP_MATMULT; return 1;
    case TOK_SLASHEQUAL: *op = AST_OP_DIV; return 1;
    case TOK_PERCENTEQUAL: *op = AST_OP_MOD; return 1;
    case TOK_AMPEREQUAL: *op = AST_OP_BITAND; return 1;
    case TOK_VBAREQUAL: *op = AST_OP_BITOR; return 1;
    case TOK_CIRCUMFLEXEQUAL: *op = AST_OP_BITXOR; return 1;
    case TOK_LEFTSHIFTEQUAL: *op = AST_OP_LSHIFT; return 1;
    case TOK_RIGHTSHIFTEQUAL: *op = AST_OP_RSHIFT; return 1;
    case TOK_DOUBLESTAREQUAL: *op = AST_OP_POW; return 1;
    case TOK_DOUBLESLASHEQUAL: *op = AST_OP_FLOORDIV; return 1;
    default: return 0;
  }
}

static bool single_target_ok(const ast_expr *e, bool bare) {
  if (bare) return false;
  return e->kind == AST_EXPR_NAME || e->kind == AST_EXPR_ATTRIBUTE || e->kind == AST_EXPR_SUBSCRIPT;
}

/* The index of the token that starts at pos, searching [from, to). */
static int tok_index_at(P *p, int from, int to, ast_pos pos) {
  for (int i = to - 1; i >= from; i--) {
    lang_token *t = TOK(p, i);
    if (t->line == pos.line && t->bcol == pos.bcol) return i;
  }
  return from;
}

/* invalid_assignment for `t1 = t2 = ... = value` with a bad target.
 * tstart[i]: the first token of targets[i]; eq1: the first '='. */
static void *invalid_assignment(P *p, vec *targets, int *tstart, bool first_bare, int eq1) {
  /* (star_named_expression ',')* on the first target: invalid_named_expression
   * can match at its last element, followed by the first '=' */
  ast_expr *t1 = targets->items[0];
  ast_expr *last = t1;
  if (first_bare) last = t1->v.tuple.elts.items[t1->v.tuple.elts.n - 1];
  if (last->kind != AST_EXPR_STARRED && TOK(p, eq1 - 1)->kind != TOK_COMMA) {
    int lstart = last == t1 ? tstart[0] : tok_index_at(p, tstart[0], eq1, last->pos);
    int save = p->pos;
    p->pos = eq1;
    bool raised = invalid_named_assign(p, lstart, last);
    if (!p->fail) p->pos = save;
    if (raised || p->fail) return NULL;
  }
  /* (star_targets '=')* a=star_expressions '=' | ... a=yield_expr '=' */
  for (int i = 0; i < targets->n; i++) {
    ast_expr *t = targets->items[i];
    if (!invalid_target(t, STAR_TARGETS)) continue;
    if ((t->kind == AST_EXPR_YIELD || t->kind == AST_EXPR_YIELD_FROM) &&
        TOK(p, tstart[i])->kind == TOK_KW_YIELD)
      return raise_pos(p, t->pos, "assignment to yield expression not possible");
    raise_invalid_target(p, STAR_TARGETS, t);
    return NULL;
  }
  return fail_here(p);
}

/* invalid_assignment's `a=star_named_expression ',' star_named_expressions*
 * ':' expression`, for a statement that fails after `x, ...`: its
 * star_named_expressions* runs the invalid_named_expression checks on every
 * element, juxtaposed ones included (so `a, b c = 1` is "Maybe you meant
 * '=='..." at `c = 1`). True if one of them raised. */
static bool scan_named_elements(P *p, int start) {
  int save = p->pos;
  p->pos = start;
  p->soft++;
  p->p2++;
  ast_expr *first = star_named_expression(p);
  if (first && accept(p, TOK_COMMA)) {
    for (;;) {
      int before = p->pos;
      if (kind(p) != TOK_STAR && !starts_expression(kind(p))) break;
      ast_expr *x = star_named_expression(p);
      if (!x) break;
      accept(p, TOK_COMMA);
      if (p->pos == before) break;
    }
    if (!p->fail && accept(p, TOK_COLON) && expression(p) && !p->fail)
      raise_pos(p, first->pos, "only single target (not tuple) can be annotated");
  }
  p->p2--;
  p->soft--;
  bool raised = p->err.set || p->nomem;
  if (p->fail && !raised) p->fail = false;
  p->pos = save;
  return raised;
}

/* assignment | star_expressions (an expression statement) */
static ast_stmt *assignment_or_expr(P *p) {
  int start = p->pos;
  if (kind(p) == TOK_NAME && kind_at(p, 1) == TOK_COLON) {
    /* NAME ':' expression ['=' annotated_rhs] */
    lang_token *n = advance(p);
    advance(p);
    ast_expr *ann = expression(p);
    if (!ann) return NULL;
    ast_expr *value = NULL;
    if (accept(p, TOK_EQUAL) && !(value = annotated_rhs(p))) return NULL;
    ast_expr *target = name_expr(p, n, AST_CTX_STORE);
    ast_stmt *s = target ? new_stmt(p, AST_STMT_ANN_ASSIGN, pos_from(p, start)) : NULL;
    if (!s) return NULL;
    s->v.ann_assign.target = target;
    s->v.ann_assign.annotation = ann;
    s->v.ann_assign.value = value;
    s->v.ann_assign.simple = true;
    return s;
  }
  bool bare;
  ast_expr *e = star_expressions(p, &bare);
  if (!e) return NULL;
  ast_operator op;
  if (kind(p) == TOK_COLON) {
    if (e->kind == AST_EXPR_STARRED) return fail_here(p);
    int fill = p->fill;
    bool target_ok = single_target_ok(e, bare);
    advance(p);
    /* a bad target is reported only if the annotation parses (the
     * invalid_assignment alternatives); CPython's first pass stops at ':' */
    if (!target_ok) P2S_BEGIN(p);
    ast_expr *ann = expression(p);
    if (!target_ok) {
      P2S_END(p);
      if (!spec_end(p, p->pos, true) || !ann) return p->fail ? NULL : fail_at_fill(p, fill);
    }
    if (!ann) return NULL;
    if (!target_ok) {
      if (e->kind == AST_EXPR_LIST || (e->kind == AST_EXPR_TUPLE && !bare))
        return raise_pos(p, e->pos, "only single target (not %s) can be annotated", expr_name(e));
      if (bare)
        return raise_pos(p, e->v.tuple.elts.items[0]->pos,
                         "only single target (not tuple) can be annotated");
      return raise_pos(p, e->pos, "illegal target for annotation");
    }
    ast_expr *value = NULL;
    if (accept(p, TOK_EQUAL) && !(value = annotated_rhs(p))) return NULL;
    set_ctx(e, AST_CTX_STORE);
    ast_stmt *s = new_stmt(p, AST_STMT_ANN_ASSIGN, pos_from(p, start));
    if (!s) return NULL;
    s->v.ann_assign.target = e;
    s->v.ann_assign.annotation = ann;
    s->v.ann_assign.value = value;
    s->v.ann_assign.simple = false;
    return s;
  }
  if (augassign_op(kind(p), &op)) {
    advance(p);
    ast_expr *value = annotated_rhs(p);
    if (!value) return NULL;
    if (!single_target_ok(e, bare))
      return raise_pos(p, e->pos, "'%s' is an illegal expression for augmented assignment",
                       expr_name(e));
    set_ctx(e, AST_CTX_STORE);
    ast_stmt *s = new_stmt(p, AST_STMT_AUG_ASSIGN, pos_from(p, start));
    if (!s) return NULL;
    s->v.aug_assign.target = e;
    s->v.aug_assign.op = op;
    s->v.aug_assign.value = value;
    return s;
  }
  if (kind(p) == TOK_EQUAL) {
    vec targets = {0};
    int tstart_small[8], *tstart = tstart_small, tcap = 8;
    int eq1 = p->pos;
    if (!vpush(p, &targets, e)) return NULL;
    tstart[0] = start;
    /* a target followed by '=' is checked at once: CPython's
     * invalid_assignment needs nothing after that '=' */
    if (invalid_target(e, STAR_TARGETS)) return invalid_assignment(p, &targets, tstart, bare, eq1);
    ast_expr *value;
    for (;;) {
      advance(p); /* '=' */
      int vstart = p->pos;
      value = annotated_rhs(p);
      if (!value) return NULL;
      if (kind(p) != TOK_EQUAL) break;
      if (targets.n == tcap) {
        int *nt = lang__arena_alloc(p->arena, sizeof(int) * (size_t)tcap * 2);
        if (!nt) return nomem(p);
        memcpy(nt, tstart, sizeof(int) * (size_t)tcap);
        tstart = nt;
        tcap *= 2;
      }
      tstart[targets.n] = vstart;
      if (!vpush(p, &targets, value)) return NULL;
      if (invalid_target(value, STAR_TARGETS))
        return invalid_assignment(p, &targets, tstart, bare, eq1);
    }
    for (int i = 0; i < targets.n; i++) set_ctx(targets.items[i], AST_CTX_STORE);
    ast_stmt *s = new_stmt(p, AST_STMT_ASSIGN, pos_from(p, start));
    if (!s) return NULL;
    s->v.assign.targets = EXPRS(targets);
    s->v.assign.value = value;
    return s;
  }
  if (bare && kind(p) != TOK_NEWLINE && kind(p) != TOK_SEMI && scan_named_elements(p, start))
    return NULL;
  ast_stmt *s = new_stmt(p, AST_STMT_EXPR, pos_from(p, start));
  if (s) s->v.expr.value = e;
  return s;
}

static bool dotted_name(P *p, const char **out) {
  if (kind(p) != TOK_NAME) return fail_here(p), false;
  int start = p->pos;
  size_t n = cur(p)->len;
  advance(p);
  while (kind(p) == TOK_DOT && kind_at(p, 1) == TOK_NAME) {
    n += 1 + TOK(p, p->pos + 1)->len;
    p->pos += 2;
  }
  char *buf = lang__arena_alloc(p->arena, n + 1);
  if (!buf) return nomem(p), false;
  size_t o = 0;
  for (int i = start; i < p->pos; i++) {
    lang_token *t = TOK(p, i);
    memcpy(buf + o, t->text, t->len);
    o += t->len;
  }
  *out = lang__arena_intern(p->arena, buf, o);
  if (!*out) return nomem(p), false;
  return true;
}

static ast_alias *new_alias(P *p, const char *name, const char *asname, int start) {
  ast_alias *a = lang__arena_alloc(p->arena, sizeof *a);
  if (!a) return nomem(p);
  a->name = name;
  a->asname = asname;
  a->pos = pos_from(p, start);
  return a;
}

static bool as_name(P *p, const char **out) {
  *out = NULL;
  if (!accept(p, TOK_KW_AS)) return true;
  if (kind(p) != TOK_NAME) return fail_here(p), false;
  *out = intern_tok(p, advance(p));
  return *out != NULL;
}

/* import_name | import_from */
static ast_stmt *import_stmt(P *p) {
  int start = p->pos;
  vec names = {0};
  if (accept(p, TOK_KW_IMPORT)) {
    do {
      int s = p->pos;
      const char *name, *as;
      if (!dotted_name(p, &name) || !as_name(p, &as)) return NULL;
      ast_alias *a = new_alias(p, name, as, s);
      if (!a || !vpush(p, &names, a)) return NULL;
    } while (accept(p, TOK_COMMA));
    ast_stmt *st = new_stmt(p, AST_STMT_IMPORT, pos_from(p, start));
    if (st) st->v.import.names = (ast_alias_seq){names.n, (ast_alias **)names.items};
    return st;
  }
  advance(p); /* from */
  int level = 0;
  for (;;) {
    if (accept(p, TOK_DOT)) level++;
    else if (accept(p, TOK_ELLIPSIS)) level += 3;
    else break;
  }
  const char *module = NULL;
  if (kind(p) != TOK_KW_IMPORT || level == 0) {
    if (!dotted_name(p, &module)) return NULL;
  }
  if (!expect(p, TOK_KW_IMPORT)) return NULL;
  if (kind(p) == TOK_STAR) {
    int s = p->pos;
    advance(p);
    const char *star = lang__arena_intern(p->arena, "*", 1);
    ast_alias *a = star ? new_alias(p, star, NULL, s) : NULL;
    if (!a || !vpush(p, &names, a)) return NULL;
  } else {
    bool paren = accept(p, TOK_LPAR);
    for (;;) {
      int s = p->pos;
      if (kind(p) != TOK_NAME) return fail_here(p);
      const char *name = intern_tok(p, advance(p)), *as;
      if (!name || !as_name(p, &as)) return NULL;
      ast_alias *a = new_alias(p, name, as, s);
      if (!a || !vpush(p, &names, a)) return NULL;
      if (!accept(p, TOK_COMMA)) break;
      if (paren && kind(p) == TOK_RPAR) break;
      if (!paren && kind(p) == TOK_NEWLINE)
        return raise_last(p, "trailing comma not allowed without surrounding parentheses");
    }
    if (paren && !expect(p, TOK_RPAR)) return NULL;
  }
  ast_stmt *st = new_stmt(p, AST_STMT_IMPORT_FROM, pos_from(p, start));
  if (!st) return NULL;
  st->v.import_from.module = module;
  st->v.import_from.names = (ast_alias_seq){names.n, (ast_alias **)names.items};
  st->v.import_from.level = level;
  return st;
}

static ast_stmt *names_stmt(P *p, ast_stmt_kind k) {
  int start = p->pos;
  advance(p);
  vec names = {0};
  do {
    if (kind(p) != TOK_NAME) return fail_here(p);
    const char *id = intern_tok(p, advance(p));
    if (!id || !vpush(p, &names, (void *)id)) return NULL;
  } while (accept(p, TOK_COMMA));
  ast_stmt *s = new_stmt(p, k, pos_from(p, start));
  if (!s) return NULL;
  ast_ident_seq seq = {names.n, (const char **)names.items};
  if (k == AST_STMT_GLOBAL) s->v.global.names = seq;
  else s->v.nonlocal.names = seq;
  return s;
}

static ast_stmt *del_stmt(P *p) {
  int start = p->pos;
  advance(p);
  bool bare;
  if (!starts_expression(kind(p)) && kind(p) != TOK_STAR) return fail_here(p);
  ast_expr *e = star_expressions(p, &bare);
  if (!e) return NULL;
  if (raise_invalid_target(p, DEL_TARGETS, e)) return NULL;
  if (kind(p) != TOK_SEMI && kind(p) != TOK_NEWLINE) return fail_here(p);
  vec targets = {0};
  if (bare) {
    for (int i = 0; i < e->v.tuple.elts.n; i++)
      if (!vpush(p, &targets, e->v.tuple.elts.items[i])) return NULL;
  } else if (!vpush(p, &targets, e)) {
    return NULL;
  }
  for (int i = 0; i < targets.n; i++) set_ctx(targets.items[i], AST_CTX_DEL);
  ast_stmt *s = new_stmt(p, AST_STMT_DELETE, pos_from(p, start));
  if (s) s->v.delete_.targets = EXPRS(targets);
  return s;
}

static ast_stmt *simple_stmt(P *p) {
  int start = p->pos;
  ast_stmt *s;
  switch (kind(p)) {
    case TOK_KW_RETURN: {
      advance(p);
      ast_expr *v = NULL;
      if (kind(p) == TOK_STAR || starts_expression(kind(p))) {
        bool bare;
        if (!(v = star_expressions(p, &bare))) return NULL;
      }
      s = new_stmt(p, AST_STMT_RETURN, pos_from(p, start));
      if (s) s->v.return_.value = v;
      return s;
    }
    case TOK_KW_IMPORT:
    case TOK_KW_FROM: return import_stmt(p);
    case TOK_KW_RAISE: {
      advance(p);
      ast_expr *exc = NULL, *cause = NULL;
      if (starts_expression(kind(p))) {
        if (!(exc = expression(p))) return NULL;
        if (accept(p, TOK_KW_FROM) && !(cause = expression(p))) return NULL;
      }
      s = new_stmt(p, AST_STMT_RAISE, pos_from(p, start));
      if (s) {
        s->v.raise.exc = exc;
        s->v.raise.cause = cause;
      }
      return s;
    }
    case TOK_KW_PASS: advance(p); return new_stmt(p, AST_STMT_PASS, pos_from(p, start));
    case TOK_KW_BREAK: advance(p); return new_stmt(p, AST_STMT_BREAK, pos_from(p, start));
    case TOK_KW_CONTINUE: advance(p); return new_stmt(p, AST_STMT_CONTINUE, pos_from(p, start));
    case TOK_KW_DEL: return del_stmt(p);
    case TOK_KW_YIELD: {
      ast_expr *y = yield_expr(p);
      if (!y) return NULL;
      if (kind(p) == TOK_EQUAL) return raise_pos(p, y->pos, "assignment to yield expression not possible");
      s = new_stmt(p, AST_STMT_EXPR, pos_from(p, start));
      if (s) s->v.expr.value = y;
      return s;
    }
    case TOK_KW_ASSERT: {
      advance(p);
      ast_expr *test = expression(p), *msg = NULL;
      if (!test) return NULL;
      if (accept(p, TOK_COMMA) && !(msg = expression(p))) return NULL;
      s = new_stmt(p, AST_STMT_ASSERT, pos_from(p, start));
      if (s) {
        s->v.assert_.test = test;
        s->v.assert_.msg = msg;
      }
      return s;
    }
    case TOK_KW_GLOBAL: return names_stmt(p, AST_STMT_GLOBAL);
    case TOK_KW_NONLOCAL: return names_stmt(p, AST_STMT_NONLOCAL);
    default: return assignment_or_expr(p);
  }
}

/* simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE */
static bool simple_stmts(P *p, vec *out) {
  for (;;) {
    ast_stmt *s = simple_stmt(p);
    if (!s || !vpush(p, out, s)) return false;
    if (!accept(p, TOK_SEMI)) break;
    if (kind(p) == TOK_NEWLINE) break;
  }
  return expect(p, TOK_NEWLINE);
}

/* ---------------------------------------------------- compound statements */

static bool statement(P *p, vec *out);

/* block: NEWLINE INDENT statements DEDENT | simple_stmts, with the
 * IndentationError of the invalid_*_stmt rules ("after 'if' statement on
 * line N"). */
static ast_stmt_seq block(P *p, const char *what, int line) {
  ast_stmt_seq none = {0, NULL};
  vec body = {0};
  if (p->fail) return none;
  if (kind(p) == TOK_NEWLINE) {
    if (kind_at(p, 1) != TOK_INDENT) {
      if (p->fail) return none;
      if (p->quiet) {
        p->fail = true;
        return none;
      }
      lang__raise_last(p, INDENTATION, "expected an indented block after %s on line %d", what,
                       line);
      return none;
    }
    p->pos += 2;
    while (kind(p) != TOK_DEDENT) {
      if (p->fail) return none;
      if (kind(p) == TOK_ENDMARKER) {
        fail_here(p);
        return none;
      }
      if (!statement(p, &body)) return none;
    }
    advance(p);
  } else if (!simple_stmts(p, &body)) {
    return none;
  }
  return STMTS(body);
}

/* ':' after a statement header; a NEWLINE instead is "expected ':'" */
static bool header_colon(P *p) {
  if (accept(p, TOK_COLON)) return true;
  if (kind(p) == TOK_NEWLINE && !p->fail && !p->quiet) {
    raise_last(p, "expected ':'");
    return false;
  }
  fail_here(p);
  return false;
}

static bool else_block(P *p, ast_stmt_seq *out) {
  lang_token *kw = advance(p);
  if (!expect_forced(p, TOK_COLON, ":")) return false;
  *out = block(p, "'else' statement", kw->line);
  return !p->fail;
}

/* if_stmt / elif_stmt */
static ast_stmt *if_stmt(P *p) {
  int start = p->pos;
  lang_token *kw = advance(p);
  bool elif = kw->kind == TOK_KW_ELIF;
  ast_expr *test = named_expression(p);
  if (!test || !header_colon(p)) return NULL;
  /* invalid_if_stmt binds the line to the condition's (a='if' a=...) */
  ast_stmt_seq body = block(p, elif ? "'elif' statement" : "'if' statement",
                            elif ? kw->line : test->pos.line);
  if (p->fail) return NULL;
  ast_stmt_seq orelse = {0, NULL};
  if (kind(p) == TOK_KW_ELIF) {
    if (!enter(p)) return NULL;
    ast_stmt *e = if_stmt(p);
    LEAVE(p);
    if (!e) return NULL;
    ast_stmt **items = lang__arena_alloc(p->arena, sizeof *items);
    if (!items) return nomem(p);
    items[0] = e;
    orelse = (ast_stmt_seq){1, items};
  } else if (kind(p) == TOK_KW_ELSE) {
    if (!else_block(p, &orelse)) return NULL;
  }
  ast_stmt *s = new_stmt(p, AST_STMT_IF, pos_from(p, start));
  if (!s) return NULL;
  s->v.if_.test = test;
  s->v.if_.body = body;
  s->v.if_.orelse = orelse;
  return s;
}

static ast_stmt *while_stmt(P *p) {
  int start = p->pos;
  lang_token *kw = advance(p);
  ast_expr *test = named_expression(p);
  if (!test || !header_colon(p)) return NULL;
  ast_stmt_seq body = block(p, "'while' statement", kw->line);
  if (p->fail) return NULL;
  ast_stmt_seq orelse = {0, NULL};
  if (kind(p) == TOK_KW_ELSE && !else_block(p, &orelse)) return NULL;
  ast_stmt *s = new_stmt(p, AST_STMT_WHILE, pos_from(p, start));
  if (!s) return NULL;
  s->v.while_.test = test;
  s->v.while_.body = body;
  s->v.while_.orelse = orelse;
  return s;
}

static ast_stmt *for_stmt(P *p) {
  int start = p->pos;
  bool is_async = accept(p, TOK_KW_ASYNC);
  lang_token *kw = advance(p);
  ast_expr *target = for_target_in(p);
  if (!target) return NULL;
  bool bare;
  ast_expr *iter = star_expressions(p, &bare);
  if (!iter || !header_colon(p)) return NULL;
  ast_stmt_seq body = block(p, "'for' statement", kw->line);
  if (p->fail) return NULL;
  ast_stmt_seq orelse = {0, NULL};
  if (kind(p) == TOK_KW_ELSE && !else_block(p, &orelse)) return NULL;
  ast_stmt *s = new_stmt(p, AST_STMT_FOR, pos_from(p, start));
  if (!s) return NULL;
  s->v.for_.target = target;
  s->v.for_.iter = iter;
  s->v.for_.body = body;
  s->v.for_.orelse = orelse;
  s->v.for_.is_async = is_async;
  return s;
}

/* with_item: expression ['as' star_target &(',' | ')' | ':')] */
static ast_withitem *with_item(P *p) {
  ast_expr *e = expression(p);
  if (!e) return NULL;
  ast_expr *t = NULL;
  if (accept(p, TOK_KW_AS)) {
    t = kind(p) == TOK_STAR ? starred(p, false) : expression(p);
    if (!t) return NULL;
    if (kind(p) == TOK_NEWLINE && !invalid_target(t, STAR_TARGETS)) {
      /* invalid_with_stmt: the header ends without ':' (reported by the caller) */
    } else if (kind(p) != TOK_COMMA && kind(p) != TOK_RPAR && kind(p) != TOK_COLON) {
      return fail_here(p);
    }
    if (raise_invalid_target(p, STAR_TARGETS, t)) return NULL;
    set_ctx(t, AST_CTX_STORE);
  }
  ast_withitem *w = lang__arena_alloc(p->arena, sizeof *w);
  if (!w) return nomem(p);
  w->context_expr = e;
  w->optional_vars = t;
  return w;
}

static ast_stmt *with_stmt(P *p) {
  int start = p->pos;
  bool is_async = accept(p, TOK_KW_ASYNC);
  lang_token *kw = advance(p);
  vec items = {0};
  bool done = false;
  if (kind(p) == TOK_LPAR) {
    /* 'with' '(' ','.with_item+ ','? ')' ':' (tried first, quietly) */
    int mark = p->pos;
    advance(p);
    p->quiet++;
    for (;;) {
      ast_withitem *w = with_item(p);
      if (!w || !vpush(p, &items, w)) break;
      if (!accept(p, TOK_COMMA)) break;
      if (kind(p) == TOK_RPAR) break;
    }
    bool ok = !p->fail && accept(p, TOK_RPAR) && (kind(p) == TOK_COLON || kind(p) == TOK_NEWLINE);
    p->quiet--;
    if (!spec_end(p, mark, true) || !ok) {
      if (p->fail) return NULL;
      p->pos = mark;
      items.n = 0;
    } else {
      done = true;
    }
  }
  if (!done) {
    do {
      ast_withitem *w = with_item(p);
      if (!w || !vpush(p, &items, w)) return NULL;
    } while (accept(p, TOK_COMMA));
  }
  if (!header_colon(p)) return NULL;
  ast_stmt_seq body = block(p, "'with' statement", kw->line);
  if (p->fail) return NULL;
  ast_stmt *s = new_stmt(p, AST_STMT_WITH, pos_from(p, start));
  if (!s) return NULL;
  s->v.with.items = (ast_withitem_seq){items.n, (ast_withitem **)items.items};
  s->v.with.body = body;
  s->v.with.is_async = is_async;
  return s;
}

static ast_excepthandler *except_block(P *p) {
  int start = p->pos;
  lang_token *kw = advance(p);
  ast_expr *type = NULL;
  const char *name = NULL;
  if (kind(p) == TOK_STAR) {
    lang_token *st = advance(p);
    if (kind(p) == TOK_NEWLINE || kind(p) == TOK_COLON)
      return raise_last(p, "expected one or more exception types");
    ast_pos where = span(tpos(kw), tpos(st));
    lang__unsupported(p, &where, "'except*'");
  }
  if (kind(p) != TOK_COLON && kind(p) != TOK_NEWLINE) {
    type = expression(p);
    if (!type) return NULL;
    if (kind(p) == TOK_COMMA) {
      /* ',' expressions ['as' NAME] ':' */
      int mark = p->pos;
      P2S_BEGIN(p);
      advance(p);
      bool bare;
      bool ok = star_expressions(p, &bare) != NULL;
      if (ok && accept(p, TOK_KW_AS)) ok = accept(p, TOK_NAME);
      ok = ok && kind(p) == TOK_COLON;
      P2S_END(p);
      spec_end(p, mark, false);
      if (p->fail) return NULL;
      if (ok) {
        /* STARTING_FROM ends at the tokenizer's position: after the ':' */
        p->pos = mark;
        return raise_from(p, type->pos, "multiple exception types must be parenthesized");
      }
      return fail_here(p);
    }
    if (accept(p, TOK_KW_AS)) {
      if (kind(p) != TOK_NAME) return fail_here(p);
      name = intern_tok(p, advance(p));
      if (!name) return NULL;
    }
  }
  if (!header_colon(p)) return NULL;
  ast_stmt_seq body = block(p, "'except' statement", kw->line);
  if (p->fail) return NULL;
  ast_excepthandler *h = lang__arena_alloc(p->arena, sizeof *h);
  if (!h) return nomem(p);
  h->type = type;
  h->name = name;
  h->body = body;
  h->pos = pos_from(p, start);
  return h;
}

static ast_stmt *try_stmt(P *p) {
  int start = p->pos;
  lang_token *kw = advance(p);
  if (!expect_forced(p, TOK_COLON, ":")) return NULL;
  ast_stmt_seq body = block(p, "'try' statement", kw->line);
  if (p->fail) return NULL;
  vec handlers = {0};
  ast_stmt_seq orelse = {0, NULL}, finalbody = {0, NULL};
  if (kind(p) != TOK_KW_EXCEPT && kind(p) != TOK_KW_FINALLY)
    return raise_last(p, "expected 'except' or 'finally' block");
  while (kind(p) == TOK_KW_EXCEPT) {
    ast_excepthandler *h = except_block(p);
    if (!h || !vpush(p, &handlers, h)) return NULL;
  }
  if (handlers.n && kind(p) == TOK_KW_ELSE && !else_block(p, &orelse)) return NULL;
  if (kind(p) == TOK_KW_FINALLY) {
    lang_token *fk = advance(p);
    if (!expect_forced(p, TOK_COLON, ":")) return NULL;
    finalbody = block(p, "'finally' statement", fk->line);
    if (p->fail) return NULL;
  }
  ast_stmt *s = new_stmt(p, AST_STMT_TRY, pos_from(p, start));
  if (!s) return NULL;
  s->v.try_.body = body;
  s->v.try_.handlers = (ast_handler_seq){handlers.n, (ast_excepthandler **)handlers.items};
  s->v.try_.orelse = orelse;
  s->v.try_.finalbody = finalbody;
  return s;
}

/* function_def_raw; start is the 'async' or 'def' token */
static ast_stmt *funcdef(P *p, ast_expr_seq decorators) {
  int start = p->pos;
  bool is_async = accept(p, TOK_KW_ASYNC);
  lang_token *kw = advance(p);
  if (kind(p) != TOK_NAME) return fail_here(p);
  lang_token *n = advance(p);
  if (!expect_forced(p, TOK_LPAR, "(")) return NULL;
  ast_arguments *args = parameters(p, false);
  if (!args || !expect(p, TOK_RPAR)) return NULL;
  ast_expr *returns = NULL;
  if (kind(p) == TOK_RARROW) {
    /* ['->' expression] is optional: when it fails, the forced ':' fails
     * at the '->' */
    int mark = p->pos;
    advance(p);
    p->soft++;
    returns = expression(p);
    p->soft--;
    if (!returns) {
      if (p->err.set || p->nomem) return NULL;
      p->fail = false;
      p->pos = mark;
    }
  }
  if (!expect_forced(p, TOK_COLON, ":")) return NULL;
  ast_stmt_seq body = block(p, "function definition", kw->line);
  if (p->fail) return NULL;
  ast_stmt *s = new_stmt(p, AST_STMT_FUNCTION_DEF, pos_from(p, start));
  if (!s) return NULL;
  s->v.function_def.name = intern_tok(p, n);
  s->v.function_def.args = args;
  s->v.function_def.body = body;
  s->v.function_def.decorator_list = decorators;
  s->v.function_def.returns = returns;
  s->v.function_def.is_async = is_async;
  return s;
}

static ast_stmt *classdef(P *p, ast_expr_seq decorators) {
  int start = p->pos;
  lang_token *kw = advance(p);
  if (kind(p) != TOK_NAME) return fail_here(p);
  lang_token *n = advance(p);
  ast_expr_seq bases = {0, NULL};
  ast_keyword_seq kws = {0, NULL};
  if (accept(p, TOK_LPAR) && !call_arguments(p, TOK_RPAR, false, &bases, &kws)) return NULL;
  if (!header_colon(p)) return NULL;
  ast_stmt_seq body = block(p, "class definition", kw->line);
  if (p->fail) return NULL;
  ast_stmt *s = new_stmt(p, AST_STMT_CLASS_DEF, pos_from(p, start));
  if (!s) return NULL;
  s->v.class_def.name = intern_tok(p, n);
  s->v.class_def.bases = bases;
  s->v.class_def.keywords = kws;
  s->v.class_def.body = body;
  s->v.class_def.decorator_list = decorators;
  return s;
}

/* decorators: ('@' named_expression NEWLINE)+, then a def or a class */
static ast_stmt *decorated(P *p) {
  vec decs = {0};
  while (accept(p, TOK_AT)) {
    ast_expr *d = named_expression(p);
    if (!d || !vpush(p, &decs, d) || !expect(p, TOK_NEWLINE)) return NULL;
  }
  if (kind(p) == TOK_KW_DEF || (kind(p) == TOK_KW_ASYNC && kind_at(p, 1) == TOK_KW_DEF))
    return funcdef(p, EXPRS(decs));
  if (kind(p) == TOK_KW_CLASS) return classdef(p, EXPRS(decs));
  return fail_here(p);
}

/* match_stmt is outside the subset: recognized (CPython's
 * "match" subject_expr ':' NEWLINE INDENT ...), reported, and skipped.
 * Returns 1 if it was one, 0 if the statement is something else, -1 on an
 * error. */
static int match_stmt(P *p) {
  int mark = p->pos;
  lang_token *m = advance(p);
  if (kind(p) != TOK_STAR && !starts_expression(kind(p))) {
    p->pos = mark;
    return 0;
  }
  p->quiet++;
  ast_expr *x = star_named_expression(p);
  while (x && accept(p, TOK_COMMA)) {
    if (kind(p) != TOK_STAR && !starts_expression(kind(p))) break;
    x = star_named_expression(p);
  }
  p->quiet--;
  bool ok = spec_end(p, mark, true) && x;
  if (p->fail) return -1;
  if (!ok) {
    p->pos = mark;
    return 0;
  }
  if (kind(p) == TOK_NEWLINE) {
    /* `match(x)` is a call: "expected ':'" (invalid_match_stmt) only when
     * the line is no simple statement either */
    p->pos = mark;
    vec dummy = {0};
    p->quiet++;
    bool simple_ok = simple_stmts(p, &dummy);
    p->quiet--;
    bool ok2 = spec_end(p, mark, false) && simple_ok;
    if (p->fail) return -1;
    if (ok2) return 0;
    raise_last(p, "expected ':'");
    return -1;
  }
  if (kind(p) != TOK_COLON || kind_at(p, 1) != TOK_NEWLINE) {
    p->pos = mark;
    return 0;
  }
  p->pos++;
  if (kind_at(p, 1) != TOK_INDENT) {
    lang__raise_last(p, INDENTATION, "expected an indented block after 'match' statement on line %d",
                     m->line);
    return -1;
  }
  ast_pos where = tpos(m);
  p->pos += 2;
  /* the body is skipped, but its statements must be case blocks */
  bool line_start = true;
  for (int depth = 1; depth > 0;) {
    lang_token *t = cur(p);
    if (t->kind == TOK_ENDMARKER || t->kind == TOK_ERRORTOKEN || p->fail) return p->fail ? -1 : 1;
    if (depth == 1 && line_start && t->kind != TOK_DEDENT && t->kind != TOK_INDENT &&
        !is_name_text(t, "case")) {
      fail_here(p);
      return -1;
    }
    line_start = t->kind == TOK_NEWLINE || t->kind == TOK_DEDENT || t->kind == TOK_INDENT;
    if (t->kind == TOK_INDENT) depth++;
    if (t->kind == TOK_DEDENT) depth--;
    p->pos++;
  }
  lang__unsupported(p, &where, "the 'match' statement");
  return 1;
}

static bool statement(P *p, vec *out) {
  ast_stmt *s = NULL;
  ast_expr_seq nodec = {0, NULL};
  if (!enter(p)) return false;
  switch (kind(p)) {
    case TOK_KW_IF: s = if_stmt(p); break;
    case TOK_KW_WHILE: s = while_stmt(p); break;
    case TOK_KW_FOR: s = for_stmt(p); break;
    case TOK_KW_WITH: s = with_stmt(p); break;
    case TOK_KW_TRY: s = try_stmt(p); break;
    case TOK_KW_DEF: s = funcdef(p, nodec); break;
    case TOK_KW_CLASS: s = classdef(p, nodec); break;
    case TOK_AT: s = decorated(p); break;
    case TOK_KW_ASYNC:
      switch (kind_at(p, 1)) {
        case TOK_KW_DEF: s = funcdef(p, nodec); break;
        case TOK_KW_WITH: s = with_stmt(p); break;
        case TOK_KW_FOR: s = for_stmt(p); break;
        default: goto simple;
      }
      break;
    case TOK_NAME:
      if (is_name_text(cur(p), "match")) {
        int r = match_stmt(p);
        if (r != 0) {
          LEAVE(p);
          return r > 0;
        }
      }
      goto simple;
    default:
    simple: {
      bool ok = simple_stmts(p, out);
      LEAVE(p);
      return ok;
    }
  }
  LEAVE(p);
  if (!s) return false;
  return vpush(p, out, s);
}

/* ------------------------------------------------------------ the driver */

/* After a parser error, tokenize the rest of the file as CPython's
 * _PyPegen_tokenize_full_source_to_check_for_errors does: a later
 * tokenizer error replaces the parser's, and so does an unclosed bracket
 * opened on a line before the last token the parser fetched. Tokenizer
 * errors met by the parser itself are final. */
static void finish_error(P *p) {
  if (p->nomem || p->tok_error || p->no_rescan || !p->err.set) return;
  lang_lexer *lx = p->lx;
  int err_line = TOK(p, p->fill - 1)->line;
  if (p->at_end && TOK(p, p->fill - 1)->kind == TOK_ENDMARKER) return;
  for (;;) {
    lang_token t;
    int rc = lang_lexer_next(lx, &t);
    if (rc == LANG_ENOMEM) {
      p->nomem = true;
      return;
    }
    if (rc == LANG_ESYNTAX) {
      if (lx->err_is_set_kind) {
        lang__err_clear(&p->err);
        record_tok_error(p);
      } else if (lx->level > 0 && err_line > lx->parenlinenostack[lx->level - 1]) {
        if (!lang__unclosed_paren_error(lx, &p->err)) p->nomem = true;
      }
      return;
    }
    if (t.kind == TOK_ENDMARKER) return;
  }
}

static void parser_close(P *p) {
  for (int i = 0; i < p->nchunks; i++) rt_free(p->chunks[i]);
  rt_free(p->chunks);
  lang__err_clear(&p->err);
  lang__err_clear(&p->unsupported);
}

/* Parse a whole file with lexer lx into a statement sequence (in arena);
 * on failure p->err holds the error (or p->nomem is set). */
static bool parse_file(P *p, ast_stmt_seq *out) {
  vec body = {0};
  while (kind(p) != TOK_ENDMARKER) {
    if (p->fail || !statement(p, &body)) break;
  }
  if (p->fail) {
    if (!p->err.set && !p->nomem) fail_here(p);
    if (!p->nomem) finish_error(p);
    return false;
  }
  *out = STMTS(body);
  return true;
}

static void deliver(const lang_parse_opts *opts, const lang__err *e) {
  if (opts && opts->on_diag && e->set) opts->on_diag(opts->ud, &e->d);
}

/* fstring_compile_expr: parse "(expr)" with a string-mode lexer whose
 * tokens on the first line are shifted to where the expression sits in
 * STRING token t. Errors are CPython's for the sub-parser ("f-string: "
 * prefix, the "(expr)" line quoted) and become p's error. */
ast_expr *lang__parse_fstring_expr(P *p, const char *text, size_t len, const lang_token *t,
                                   int lines, int cols, int ccols) {
  if (p->fail) return NULL;
  lang_lexer *lx;
  if (lang__lexer_new_fstring(text, len, p->lx->filename, t->line + lines - 1, &lx) != LANG_OK)
    return nomem(p);
  /* 3.11 adds the token's own column only when the expression is on the
   * token's first line */
  lx->file_lx = p->lx->file_lx ? p->lx->file_lx : p->lx;
  lang_lexer_set_warning_cb(lx, p->warn_cb, p->warn_ud);
  lx->starting_lineno = t->line + lines;
  lx->starting_bcol = lines ? cols : t->bcol + cols;
  lx->starting_col = lines ? ccols : t->col + ccols;
  P q;
  memset(&q, 0, sizeof q);
  q.lx = lx;
  q.arena = p->arena;
  q.depth = p->depth;
  q.quiet = p->quiet;
  q.spec_budget = p->spec_budget;
  q.outer = p;
  q.fstring = true;
  q.warn_cb = p->warn_cb;
  q.warn_ud = p->warn_ud;
  bool bare;
  ast_expr *e = star_expressions(&q, &bare);
  if (!e && !q.fail) fail_here(&q);
  if (q.fail) {
    e = NULL;
    if (!q.err.set && !q.nomem && !q.quiet) fail_here(&q);
    if (!q.nomem) finish_error(&q);
    p->fail = true;
    if (q.nomem) p->nomem = true;
    if (q.err.set && !p->err.set && !p->nomem) {
      lang__err_move(&p->err, &q.err);
      p->err.d.filename = p->lx->filename; /* the sub-lexer's copy goes away */
    }
  }
  parser_close(&q);
  lang_lexer_free(lx);
  return e;
}

int lang_parse(const char *src, size_t len, const lang_parse_opts *opts, ast_module **out) {
  *out = NULL;
  const char *filename = opts && opts->filename ? opts->filename : "<unknown>";
  lang_lexer *lx;
  if (lang_lexer_new(src, len, filename, &lx) != LANG_OK) return LANG_ENOMEM;
  if (opts) lang_lexer_set_warning_cb(lx, opts->on_diag, opts->ud);
  lang_arena *arena = lang__arena_new();
  if (!arena) {
    lang_lexer_free(lx);
    return LANG_ENOMEM;
  }
  P p;
  memset(&p, 0, sizeof p);
  p.lx = lx;
  p.arena = arena;
  p.depth = DEPTH_BASE;
  p.spec_budget = 20000 + (long)(len / 4);
  if (opts) {
    p.warn_cb = opts->on_diag;
    p.warn_ud = opts->ud;
  }
  int rc = LANG_OK;
  ast_stmt_seq body;
  ast_module *m = NULL;
  if (!parse_file(&p, &body)) {
    rc = p.nomem ? LANG_ENOMEM : LANG_ESYNTAX;
    if (rc == LANG_ESYNTAX) deliver(opts, &p.err);
    goto fail;
  }
  m = lang__arena_alloc(arena, sizeof *m);
  char *fn = m ? lang__arena_strndup(arena, filename, strlen(filename)) : NULL;
  if (!fn) {
    rc = LANG_ENOMEM;
    goto fail;
  }
  m->body = body;
  m->filename = fn;
  m->arena = arena;
  lang__err cerr = {0};
  rc = lang__check_module(m, lx, &cerr, p.warn_cb, p.warn_ud);
  if (rc == LANG_ESYNTAX) {
    deliver(opts, &cerr);
    lang__err_clear(&cerr);
    goto fail;
  }
  lang__err_clear(&cerr);
  if (rc != LANG_OK) goto fail;
  if (p.unsupported.set) {
    deliver(opts, &p.unsupported);
    rc = LANG_ESYNTAX;
    goto fail;
  }
  parser_close(&p);
  lang_lexer_free(lx);
  *out = m;
  return LANG_OK;
fail:
  parser_close(&p);
  lang_lexer_free(lx);
  lang__arena_free(arena);
  return rc;
}

void ast_module_free(ast_module *m) {
  if (m) lang__arena_free(m->arena);
}
