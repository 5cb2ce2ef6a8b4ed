/* ast.c: the AST's arena, node constructors and S-expression debug dump. */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang_int.h"
#include "rt.h"

/* ------------------------------------------------------------------ arena */

/* Bump allocation in chunks; big requests get a chunk of their own. The
 * intern table is a separate rt_malloc'd array of pointers into the arena,
 * open addressing, grown at half load. */
typedef struct chunk {
  struct chunk *next;
  size_t size, used;
  alignas(max_align_t) unsigned char data[];
} chunk;

struct lang_arena {
  chunk *head;
  size_t total;
  const char **itab;
  size_t icap, icount;
};

#define CHUNK_SIZE (64u * 1024u)
#define ALIGN(n) (((n) + alignof(max_align_t) - 1) & ~(size_t)(alignof(max_align_t) - 1))

lang_arena *lang__arena_new(void) { return rt_calloc(1, sizeof(lang_arena)); }

void lang__arena_free(lang_arena *a) {
  if (!a) return;
  chunk *c = a->head;
  while (c) {
    chunk *next = c->next;
    rt_free(c);
    c = next;
  }
  rt_free(a->itab);
  rt_free(a);
}

size_t lang__arena_bytes(const lang_arena *a) { return a->total; }

void *lang__arena_alloc(lang_arena *a, size_t n) {
  n = ALIGN(n ? n : 1);
  chunk *c = a->head;
  if (!c || c->size - c->used < n) {
    size_t size = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE;
    chunk *nc = rt_malloc(sizeof(chunk) + size);
    if (!nc) return NULL;
    nc->size = size;
    nc->used = 0;
    if (c && n > CHUNK_SIZE / 4) {
      /* keep filling the current chunk: put the big one behind it */
      nc->next = c->next;
      c->next = nc;
    } else {
      nc->next = c;
      a->head = nc;
    }
    a->total += size;
    c = nc;
  }
  void *p = c->data + c->used;
  c->used += n;
  memset(p, 0, n);
  return p;
}

char *lang__arena_strndup(lang_arena *a, const char *s, size_t n) {
  char *d = lang__arena_alloc(a, n + 1);
  if (!d) return NULL;
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603u;  /* FNV-1a */
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211u;
  }
  return h;
}

const char *lang__arena_intern(lang_arena *a, const char *s, size_t n) {
  if (a->icount * 2 >= a->icap) {
    size_t ncap = a->icap ? a->icap * 2 : 256;
    const char **nt = rt_calloc(ncap, sizeof *nt);
    if (!nt) return NULL;
    for (size_t i = 0; i < a->icap; i++) {
      const char *e = a->itab[i];
      if (!e) continue;
      size_t j = hash_bytes(e, strlen(e)) & (ncap - 1);
      while (nt[j]) j = (j + 1) & (ncap - 1);
      nt[j] = e;
    }
    rt_free(a->itab);
    a->itab = nt;
    a->icap = ncap;
  }
  size_t j = hash_bytes(s, n) & (a->icap - 1);
  while (a->itab[j]) {
    const char *e = a->itab[j];
    if (strncmp(e, s, n) == 0 && e[n] == 0) return e;
    j = (j + 1) & (a->icap - 1);
  }
  char *d = lang__arena_strndup(a, s, n);
  if (!d) return NULL;
  a->itab[j] = d;
  a->icount++;
  return d;
}

/* ---------------------------------------------------------- constructors */

ast_expr *lang__expr_new(lang_arena *a, ast_expr_kind kind, ast_pos pos) {
  ast_expr *e = lang__arena_alloc(a, sizeof *e);
  if (!e) return NULL;
  e->kind = kind;
  e->ctx = AST_CTX_LOAD;
  e->pos = pos;
  return e;
}

ast_stmt *lang__stmt_new(lang_arena *a, ast_stmt_kind kind, ast_pos pos) {
  ast_stmt *s = lang__arena_alloc(a, sizeof *s);
  if (!s) return NULL;
  s->kind = kind;
  s->pos = pos;
  return s;
}

ast_expr *lang__name_new(lang_arena *a, const char *id, ast_ctx ctx, ast_pos pos) {
  ast_expr *e = lang__expr_new(a, AST_EXPR_NAME, pos);
  if (!e) return NULL;
  e->v.name.id = id;
  e->ctx = ctx;
  return e;
}

ast_expr *lang__binop_new(lang_arena *a, ast_expr *l, ast_operator op, ast_expr *r,
                          ast_pos pos) {
  ast_expr *e = lang__expr_new(a, AST_EXPR_BIN_OP, pos);
  if (!e) return NULL;
  e->v.bin_op.left = l;
  e->v.bin_op.op = op;
  e->v.bin_op.right = r;
  return e;
}

ast_expr *lang__unary_new(lang_arena *a, ast_unaryop op, ast_expr *operand, ast_pos pos) {
  ast_expr *e = lang__expr_new(a, AST_EXPR_UNARY_OP, pos);
  if (!e) return NULL;
  e->v.unary_op.op = op;
  e->v.unary_op.operand = operand;
  return e;
}

ast_expr *lang__const_new(lang_arena *a, ast_const_kind kind, ast_pos pos) {
  ast_expr *e = lang__expr_new(a, AST_EXPR_CONSTANT, pos);
  if (!e) return NULL;
  e->v.constant.kind = kind;
  return e;
}

/* ------------------------------------------------------------------ names */

static const char *const expr_names[AST_EXPR__COUNT] = {
  "BoolOp", "NamedExpr", "BinOp", "UnaryOp", "Lambda", "IfExp", "Dict", "Set",
  "ListComp", "SetComp", "DictComp", "GeneratorExp", "Await", "Yield",
  "YieldFrom", "Compare", "Call", "FormattedValue", "JoinedStr", "Constant",
  "Attribute", "Subscript", "Starred", "Name", "List", "Tuple", "Slice",
};

static const char *const stmt_names[AST_STMT__COUNT] = {
  "FunctionDef", "ClassDef", "Return", "Delete", "Assign", "AugAssign",
  "AnnAssign", "For", "While", "If", "With", "Raise", "Try", "Assert",
  "Import", "ImportFrom", "Global", "Nonlocal", "Expr", "Pass", "Break",
  "Continue",
};

const char *ast_expr_kind_name(ast_expr_kind k) {
  return (unsigned)k < AST_EXPR__COUNT ? expr_names[k] : "?";
}

const char *ast_stmt_kind_name(ast_stmt_kind k) {
  return (unsigned)k < AST_STMT__COUNT ? stmt_names[k] : "?";
}

static const char *const op_names[] = {
  "Add", "Sub", "Mult", "MatMult", "Div", "Mod", "Pow", "LShift", "RShift",
  "BitOr", "BitXor", "BitAnd", "FloorDiv",
};
static const char *const uop_names[] = {"Invert", "Not", "UAdd", "USub"};
static const char *const cmp_names[] = {
  "Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot", "In", "NotIn",
};
static const char *const ctx_names[] = {"Load", "Store", "Del"};

/* ------------------------------------------------------------------- dump */

typedef struct dbuf {
  char *p;
  size_t len, cap;
  bool oom;
  unsigned flags;
  int depth;
} dbuf;

static void d_putn(dbuf *b, const char *s, size_t n) {
  if (b->oom) return;
  if (b->len + n + 1 > b->cap) {
    size_t ncap = b->cap ? b->cap : 256;
    while (ncap < b->len + n + 1) ncap *= 2;
    char *np = rt_realloc(b->p, ncap);
    if (!np) {
      b->oom = true;
      return;
    }
    b->p = np;
    b->cap = ncap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}

static void d_puts(dbuf *b, const char *s) { d_putn(b, s, strlen(s)); }

static void d_printf(dbuf *b, const char *fmt, ...) {
  char tmp[128];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n > 0) d_putn(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void d_pos(dbuf *b, const ast_pos *p) {
  if (b->flags & AST_DUMP_POS)
    d_printf(b, "@%d:%d-%d:%d", p->line, p->col, p->end_line, p->end_col);
}

static void d_open(dbuf *b, const char *kind, const ast_pos *p) {
  d_puts(b, "(");
  d_puts(b, kind);
  if (p) d_pos(b, p);
}

static uint32_t d_utf8(const unsigned char *s, size_t n, size_t *k) {
  unsigned c = s[0];
  size_t want = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (c >= 0x80 && c < 0xC0) want = 1;
  if (want > n) want = 1;
  *k = want;
  if (want == 1) return c;
  if (want == 2) return ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
  if (want == 3) return ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
  return ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
         ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* Python's repr of a str (bytes: of a bytes). */
static void d_repr(dbuf *b, const char *s, size_t n, bool bytes) {
  bool has_sq = memchr(s, '\'', n) != NULL, has_dq = memchr(s, '"', n) != NULL;
  char q = has_sq && !has_dq ? '"' : '\'';
  if (bytes) d_puts(b, "b");
  d_putn(b, &q, 1);
  for (size_t i = 0; i < n;) {
    size_t k = 1;
    uint32_t c = bytes ? (unsigned char)s[i] : d_utf8((const unsigned char *)s + i, n - i, &k);
    i += k;
    if (c == (uint32_t)q || c == '\\') {
      char e[2] = {'\\', (char)c};
      d_putn(b, e, 2);
    } else if (c == '\n') d_puts(b, "\\n");
    else if (c == '\r') d_puts(b, "\\r");
    else if (c == '\t') d_puts(b, "\\t");
    else if (c < 0x20 || c == 0x7F || (bytes && c >= 0x80)) d_printf(b, "\\x%02x", c);
    else if (c < 0x80) {
      char ch = (char)c;
      d_putn(b, &ch, 1);
    } else if (lang__uni_printable(c)) {
      d_putn(b, s + i - k, k);
    } else if (c < 0x100) d_printf(b, "\\x%02x", c);
    else if (c < 0x10000) d_printf(b, "\\u%04x", c);
    else d_printf(b, "\\U%08x", c);
  }
  d_putn(b, &q, 1);
}

/* Python's repr of a float: the shortest string that reads back, with
 * scientific notation below 1e-4 and from 1e16. */
static void d_float(dbuf *b, double f) {
  if (isnan(f)) {
    d_puts(b, "nan");
    return;
  }
  if (isinf(f)) {
    d_puts(b, f < 0 ? "-inf" : "inf");
    return;
  }
  char tmp[64];
  int prec;
  for (prec = 1; prec <= 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*e", prec - 1, f);
    if (strtod(tmp, NULL) == f) break;
  }
  /* tmp is d.ddde[+-]XX: split digits and exponent */
  char digits[32];
  int nd = 0;
  const char *p = tmp;
  bool neg = false;
  if (*p == '-') {
    neg = true;
    p++;
  }
  for (; *p && *p != 'e'; p++)
    if (*p >= '0' && *p <= '9') digits[nd++] = *p;
  int exp10 = atoi(p + 1);
  while (nd > 1 && digits[nd - 1] == '0') nd--;
  digits[nd] = 0;
  char out[64];
  size_t o = 0;
  if (neg) out[o++] = '-';
  if (exp10 < -4 || exp10 >= 16) {
    out[o++] = digits[0];
    if (nd > 1) {
      out[o++] = '.';
      for (int i = 1; i < nd; i++) out[o++] = digits[i];
    }
    o += (size_t)snprintf(out + o, sizeof out - o, "e%c%02d", exp10 < 0 ? '-' : '+',
                          exp10 < 0 ? -exp10 : exp10);
  } else if (exp10 < 0) {
    out[o++] = '0';
    out[o++] = '.';
    for (int i = 0; i < -exp10 - 1; i++) out[o++] = '0';
    for (int i = 0; i < nd; i++) out[o++] = digits[i];
  } else {
    for (int i = 0; i <= exp10; i++) out[o++] = i < nd ? digits[i] : '0';
    out[o++] = '.';
    if (nd > exp10 + 1)
      for (int i = exp10 + 1; i < nd; i++) out[o++] = digits[i];
    else
      out[o++] = '0';
  }
  out[o] = 0;
  d_puts(b, out);
}

/* A literal too big for int64 (digits in base 2, 8, 10 or 16, no '_'),
 * in decimal: schoolbook base conversion, fine for a debug dump. */
static void d_bigint(dbuf *b, const char *s, size_t n) {
  int base = 10;
  if (n > 2 && s[0] == '0') {
    char k = s[1];
    base = (k == 'x' || k == 'X') ? 16 : (k == 'o' || k == 'O') ? 8 : (k == 'b' || k == 'B') ? 2 : 10;
    if (base != 10) {
      s += 2;
      n -= 2;
    }
  }
  if (base == 10) {
    d_putn(b, s, n);
    return;
  }
  size_t cap = n * 2 + 1, len = 1;
  unsigned char *dec = rt_calloc(cap, 1); /* little-endian decimal digits */
  if (!dec) {
    b->oom = true;
    return;
  }
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    unsigned carry = (unsigned)(ch >= 'a' ? ch - 'a' + 10 : ch >= 'A' ? ch - 'A' + 10 : ch - '0');
    for (size_t k = 0; k < len; k++) {
      unsigned v = dec[k] * (unsigned)base + carry;
      dec[k] = (unsigned char)(v % 10);
      carry = v / 10;
    }
    while (carry && len < cap) {
      dec[len++] = (unsigned char)(carry % 10);
      carry /= 10;
    }
  }
  while (len > 1 && dec[len - 1] == 0) len--;
  for (size_t k = len; k-- > 0;) {
    char ch = (char)('0' + dec[k]);
    d_putn(b, &ch, 1);
  }
  rt_free(dec);
}

static void d_expr(dbuf *b, const ast_expr *e);
static void d_stmts(dbuf *b, const char *field, const ast_stmt_seq *s);
static void d_stmt(dbuf *b, const ast_stmt *s);

static void d_field(dbuf *b, const char *name) {
  d_puts(b, " ");
  d_puts(b, name);
  d_puts(b, "=");
}

static void d_opt_expr(dbuf *b, const char *name, const ast_expr *e) {
  if (!e) return;
  d_field(b, name);
  d_expr(b, e);
}

static void d_exprs(dbuf *b, const char *name, const ast_expr_seq *s) {
  if (s->n == 0) return;
  d_field(b, name);
  d_puts(b, "[");
  for (int i = 0; i < s->n; i++) {
    if (i) d_puts(b, " ");
    if (s->items[i]) d_expr(b, s->items[i]);
    else d_puts(b, "None");
  }
  d_puts(b, "]");
}

static void d_ident(dbuf *b, const char *name, const char *id) {
  if (!id) return;
  d_field(b, name);
  d_puts(b, id);
}

static void d_arg(dbuf *b, const ast_arg *a) {
  d_open(b, "arg", &a->pos);
  d_ident(b, "arg", a->arg);
  d_opt_expr(b, "annotation", a->annotation);
  d_puts(b, ")");
}

static void d_args_seq(dbuf *b, const char *name, const ast_arg_seq *s) {
  if (s->n == 0) return;
  d_field(b, name);
  d_puts(b, "[");
  for (int i = 0; i < s->n; i++) {
    if (i) d_puts(b, " ");
    d_arg(b, s->items[i]);
  }
  d_puts(b, "]");
}

static void d_arguments(dbuf *b, const ast_arguments *a) {
  d_open(b, "arguments", NULL);
  d_args_seq(b, "posonlyargs", &a->posonlyargs);
  d_args_seq(b, "args", &a->args);
  if (a->vararg) {
    d_field(b, "vararg");
    d_arg(b, a->vararg);
  }
  d_args_seq(b, "kwonlyargs", &a->kwonlyargs);
  d_exprs(b, "kw_defaults", &a->kw_defaults);
  if (a->kwarg) {
    d_field(b, "kwarg");
    d_arg(b, a->kwarg);
  }
  d_exprs(b, "defaults", &a->defaults);
  d_puts(b, ")");
}

static void d_keywords(dbuf *b, const char *name, const ast_keyword_seq *s) {
  if (s->n == 0) return;
  d_field(b, name);
  d_puts(b, "[");
  for (int i = 0; i < s->n; i++) {
    const ast_keyword *k = s->items[i];
    if (i) d_puts(b, " ");
    d_open(b, "keyword", &k->pos);
    d_ident(b, "arg", k->arg);
    d_opt_expr(b, "value", k->value);
    d_puts(b, ")");
  }
  d_puts(b, "]");
}

static void d_comps(dbuf *b, const ast_comprehension_seq *s) {
  d_field(b, "generators");
  d_puts(b, "[");
  for (int i = 0; i < s->n; i++) {
    const ast_comprehension *c = s->items[i];
    if (i) d_puts(b, " ");
    d_open(b, "comprehension", NULL);
    d_opt_expr(b, "target", c->target);
    d_opt_expr(b, "iter", c->iter);
    d_exprs(b, "ifs", &c->ifs);
    if (c->is_async) d_puts(b, " is_async=1");
    d_puts(b, ")");
  }
  d_puts(b, "]");
}

static void d_const(dbuf *b, const ast_const *c) {
  d_field(b, "value");
  switch (c->kind) {
    case AST_CONST_NONE: d_puts(b, "None"); break;
    case AST_CONST_BOOL: d_puts(b, c->b ? "True" : "False"); break;
    case AST_CONST_ELLIPSIS: d_puts(b, "Ellipsis"); break;
    case AST_CONST_INT:
      if (c->big) d_bigint(b, c->str, c->len);
      else d_printf(b, "%" PRId64, c->i);
      break;
    case AST_CONST_FLOAT: d_float(b, c->f); break;
    case AST_CONST_STR: d_repr(b, c->str, c->len, false); break;
    case AST_CONST_BYTES: d_repr(b, c->str, c->len, true); break;
  }
  if (c->u_prefix) d_puts(b, " kind=u");
}

static void d_expr(dbuf *b, const ast_expr *e) {
  d_open(b, ast_expr_kind_name(e->kind), &e->pos);
  switch (e->kind) {
    case AST_EXPR_BOOL_OP:
      d_field(b, "op");
      d_puts(b, e->v.bool_op.op == AST_BOOL_AND ? "And" : "Or");
      d_exprs(b, "values", &e->v.bool_op.values);
      break;
    case AST_EXPR_NAMED_EXPR:
      d_opt_expr(b, "target", e->v.named_expr.target);
      d_opt_expr(b, "value", e->v.named_expr.value);
      break;
    case AST_EXPR_BIN_OP:
      d_opt_expr(b, "left", e->v.bin_op.left);
      d_field(b, "op");
      d_puts(b, op_names[e->v.bin_op.op]);
      d_opt_expr(b, "right", e->v.bin_op.right);
      break;
    case AST_EXPR_UNARY_OP:
      d_field(b, "op");
      d_puts(b, uop_names[e->v.unary_op.op]);
      d_opt_expr(b, "operand", e->v.unary_op.operand);
      break;
    case AST_EXPR_LAMBDA:
      d_field(b, "args");
      d_arguments(b, e->v.lambda.args);
      d_opt_expr(b, "body", e->v.lambda.body);
      break;
    case AST_EXPR_IF_EXP:
      d_opt_expr(b, "test", e->v.if_exp.test);
      d_opt_expr(b, "body", e->v.if_exp.body);
      d_opt_expr(b, "orelse", e->v.if_exp.orelse);
      break;
    case AST_EXPR_DICT:
      d_exprs(b, "keys", &e->v.dict.keys);
      d_exprs(b, "values", &e->v.dict.values);
      break;
    case AST_EXPR_SET: d_exprs(b, "elts", &e->v.set.elts); break;
    case AST_EXPR_LIST_COMP:
    case AST_EXPR_SET_COMP:
    case AST_EXPR_GENERATOR_EXP:
      d_opt_expr(b, "elt", e->v.comp.elt);
      d_comps(b, &e->v.comp.generators);
      break;
    case AST_EXPR_DICT_COMP:
      d_opt_expr(b, "key", e->v.dict_comp.key);
      d_opt_expr(b, "value", e->v.dict_comp.value);
      d_comps(b, &e->v.dict_comp.generators);
      break;
    case AST_EXPR_AWAIT: d_opt_expr(b, "value", e->v.await_expr.value); break;
    case AST_EXPR_YIELD: d_opt_expr(b, "value", e->v.yield.value); break;
    case AST_EXPR_YIELD_FROM: d_opt_expr(b, "value", e->v.yield_from.value); break;
    case AST_EXPR_COMPARE:
      d_opt_expr(b, "left", e->v.compare.left);
      d_field(b, "ops");
      d_puts(b, "[");
      for (int i = 0; i < e->v.compare.comparators.n; i++) {
        if (i) d_puts(b, " ");
        d_puts(b, cmp_names[e->v.compare.ops[i]]);
      }
      d_puts(b, "]");
      d_exprs(b, "comparators", &e->v.compare.comparators);
      break;
    case AST_EXPR_CALL:
      d_opt_expr(b, "func", e->v.call.func);
      d_exprs(b, "args", &e->v.call.args);
      d_keywords(b, "keywords", &e->v.call.keywords);
      break;
    case AST_EXPR_FORMATTED_VALUE:
      d_opt_expr(b, "value", e->v.formatted_value.value);
      if (e->v.formatted_value.conversion != -1)
        d_printf(b, " conversion=%c", e->v.formatted_value.conversion);
      d_opt_expr(b, "format_spec", e->v.formatted_value.format_spec);
      break;
    case AST_EXPR_JOINED_STR: d_exprs(b, "values", &e->v.joined_str.values); break;
    case AST_EXPR_CONSTANT: d_const(b, &e->v.constant); break;
    case AST_EXPR_ATTRIBUTE:
      d_opt_expr(b, "value", e->v.attribute.value);
      d_ident(b, "attr", e->v.attribute.attr);
      break;
    case AST_EXPR_SUBSCRIPT:
      d_opt_expr(b, "value", e->v.subscript.value);
      d_opt_expr(b, "slice", e->v.subscript.slice);
      break;
    case AST_EXPR_STARRED: d_opt_expr(b, "value", e->v.starred.value); break;
    case AST_EXPR_NAME: d_ident(b, "id", e->v.name.id); break;
    case AST_EXPR_LIST: d_exprs(b, "elts", &e->v.list.elts); break;
    case AST_EXPR_TUPLE: d_exprs(b, "elts", &e->v.tuple.elts); break;
    case AST_EXPR_SLICE:
      d_opt_expr(b, "lower", e->v.slice.lower);
      d_opt_expr(b, "upper", e->v.slice.upper);
      d_opt_expr(b, "step", e->v.slice.step);
      break;
    case AST_EXPR__COUNT: break;
  }
  switch (e->kind) {
    case AST_EXPR_ATTRIBUTE:
    case AST_EXPR_SUBSCRIPT:
    case AST_EXPR_STARRED:
    case AST_EXPR_NAME:
    case AST_EXPR_LIST:
    case AST_EXPR_TUPLE:
      d_field(b, "ctx");
      d_puts(b, ctx_names[e->ctx]);
      break;
    default: break;
  }
  d_puts(b, ")");
}

static void d_newline(dbuf *b) {
  if (!(b->flags & AST_DUMP_INDENT)) return;
  d_puts(b, "\n");
  for (int i = 0; i < b->depth; i++) d_puts(b, "  ");
}

static void d_stmts(dbuf *b, const char *field, const ast_stmt_seq *s) {
  if (s->n == 0) return;
  d_field(b, field);
  d_puts(b, "[");
  b->depth++;
  for (int i = 0; i < s->n; i++) {
    if (b->flags & AST_DUMP_INDENT) d_newline(b);
    else if (i) d_puts(b, " ");
    d_stmt(b, s->items[i]);
  }
  b->depth--;
  d_puts(b, "]");
}

static void d_alias_seq(dbuf *b, const ast_alias_seq *s) {
  d_field(b, "names");
  d_puts(b, "[");
  for (int i = 0; i < s->n; i++) {
    const ast_alias *a = s->items[i];
    if (i) d_puts(b, " ");
    d_open(b, "alias", &a->pos);
    d_ident(b, "name", a->name);
    d_ident(b, "asname", a->asname);
    d_puts(b, ")");
  }
  d_puts(b, "]");
}

static void d_ident_seq(dbuf *b, const ast_ident_seq *s) {
  d_field(b, "names");
  d_puts(b, "[");
  for (int i = 0; i < s->n; i++) {
    if (i) d_puts(b, " ");
    d_puts(b, s->items[i]);
  }
  d_puts(b, "]");
}

static void d_stmt(dbuf *b, const ast_stmt *s) {
  const char *kind = ast_stmt_kind_name(s->kind);
  if (s->kind == AST_STMT_FUNCTION_DEF && s->v.function_def.is_async) kind = "AsyncFunctionDef";
  if (s->kind == AST_STMT_FOR && s->v.for_.is_async) kind = "AsyncFor";
  if (s->kind == AST_STMT_WITH && s->v.with.is_async) kind = "AsyncWith";
  d_open(b, kind, &s->pos);
  switch (s->kind) {
    case AST_STMT_FUNCTION_DEF:
      d_ident(b, "name", s->v.function_def.name);
      d_field(b, "args");
      d_arguments(b, s->v.function_def.args);
      d_stmts(b, "body", &s->v.function_def.body);
      d_exprs(b, "decorator_list", &s->v.function_def.decorator_list);
      d_opt_expr(b, "returns", s->v.function_def.returns);
      break;
    case AST_STMT_CLASS_DEF:
      d_ident(b, "name", s->v.class_def.name);
      d_exprs(b, "bases", &s->v.class_def.bases);
      d_keywords(b, "keywords", &s->v.class_def.keywords);
      d_stmts(b, "body", &s->v.class_def.body);
      d_exprs(b, "decorator_list", &s->v.class_def.decorator_list);
      break;
    case AST_STMT_RETURN: d_opt_expr(b, "value", s->v.return_.value); break;
    case AST_STMT_DELETE: d_exprs(b, "targets", &s->v.delete_.targets); break;
    case AST_STMT_ASSIGN:
      d_exprs(b, "targets", &s->v.assign.targets);
      d_opt_expr(b, "value", s->v.assign.value);
      break;
    case AST_STMT_AUG_ASSIGN:
      d_opt_expr(b, "target", s->v.aug_assign.target);
      d_field(b, "op");
      d_puts(b, op_names[s->v.aug_assign.op]);
      d_opt_expr(b, "value", s->v.aug_assign.value);
      break;
    case AST_STMT_ANN_ASSIGN:
      d_opt_expr(b, "target", s->v.ann_assign.target);
      d_opt_expr(b, "annotation", s->v.ann_assign.annotation);
      d_opt_expr(b, "value", s->v.ann_assign.value);
      if (s->v.ann_assign.simple) d_puts(b, " simple=1");
      break;
    case AST_STMT_FOR:
      d_opt_expr(b, "target", s->v.for_.target);
      d_opt_expr(b, "iter", s->v.for_.iter);
      d_stmts(b, "body", &s->v.for_.body);
      d_stmts(b, "orelse", &s->v.for_.orelse);
      break;
    case AST_STMT_WHILE:
      d_opt_expr(b, "test", s->v.while_.test);
      d_stmts(b, "body", &s->v.while_.body);
      d_stmts(b, "orelse", &s->v.while_.orelse);
      break;
    case AST_STMT_IF:
      d_opt_expr(b, "test", s->v.if_.test);
      d_stmts(b, "body", &s->v.if_.body);
      d_stmts(b, "orelse", &s->v.if_.orelse);
      break;
    case AST_STMT_WITH:
      d_field(b, "items");
      d_puts(b, "[");
      for (int i = 0; i < s->v.with.items.n; i++) {
        const ast_withitem *w = s->v.with.items.items[i];
        if (i) d_puts(b, " ");
        d_open(b, "withitem", NULL);
        d_opt_expr(b, "context_expr", w->context_expr);
        d_opt_expr(b, "optional_vars", w->optional_vars);
        d_puts(b, ")");
      }
      d_puts(b, "]");
      d_stmts(b, "body", &s->v.with.body);
      break;
    case AST_STMT_RAISE:
      d_opt_expr(b, "exc", s->v.raise.exc);
      d_opt_expr(b, "cause", s->v.raise.cause);
      break;
    case AST_STMT_TRY:
      d_stmts(b, "body", &s->v.try_.body);
      if (s->v.try_.handlers.n) {
        d_field(b, "handlers");
        d_puts(b, "[");
        for (int i = 0; i < s->v.try_.handlers.n; i++) {
          const ast_excepthandler *h = s->v.try_.handlers.items[i];
          if (i) d_puts(b, " ");
          d_open(b, "ExceptHandler", &h->pos);
          d_opt_expr(b, "type", h->type);
          d_ident(b, "name", h->name);
          d_stmts(b, "body", &h->body);
          d_puts(b, ")");
        }
        d_puts(b, "]");
      }
      d_stmts(b, "orelse", &s->v.try_.orelse);
      d_stmts(b, "finalbody", &s->v.try_.finalbody);
      break;
    case AST_STMT_ASSERT:
      d_opt_expr(b, "test", s->v.assert_.test);
      d_opt_expr(b, "msg", s->v.assert_.msg);
      break;
    case AST_STMT_IMPORT: d_alias_seq(b, &s->v.import.names); break;
    case AST_STMT_IMPORT_FROM:
      d_ident(b, "module", s->v.import_from.module);
      d_alias_seq(b, &s->v.import_from.names);
      if (s->v.import_from.level) d_printf(b, " level=%d", s->v.import_from.level);
      break;
    case AST_STMT_GLOBAL: d_ident_seq(b, &s->v.global.names); break;
    case AST_STMT_NONLOCAL: d_ident_seq(b, &s->v.nonlocal.names); break;
    case AST_STMT_EXPR: d_opt_expr(b, "value", s->v.expr.value); break;
    case AST_STMT_PASS:
    case AST_STMT_BREAK:
    case AST_STMT_CONTINUE:
    case AST_STMT__COUNT: break;
  }
  d_puts(b, ")");
}

static char *d_finish(dbuf *b) {
  if (b->oom) {
    rt_free(b->p);
    return NULL;
  }
  return b->p;
}

char *ast_dump_module(const ast_module *m, unsigned flags) {
  dbuf b = {.flags = flags};
  d_puts(&b, "(Module");
  d_stmts(&b, "body", &m->body);
  d_puts(&b, ")");
  return d_finish(&b);
}

char *ast_dump_stmt(const ast_stmt *s, unsigned flags) {
  dbuf b = {.flags = flags};
  d_stmt(&b, s);
  return d_finish(&b);
}

char *ast_dump_expr(const ast_expr *e, unsigned flags) {
  dbuf b = {.flags = flags};
  d_expr(&b, e);
  return d_finish(&b);
}
