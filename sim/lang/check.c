/* check.c: the compile-stage errors and warnings of CPython 3.11 (future, ast_opt depth, symtable, compiler). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lang_int.h"
#include "rt.h"

/* CPython compiles a module that parsed in four steps, each of which can
 * raise a SyntaxError; the first step that fails decides the error:
 *   1. future.c: `from __future__ import` features and placement;
 *   2. ast_opt.c: nesting deeper than 3000 statements and expressions is
 *      "RecursionError: maximum recursion depth exceeded during compilation";
 *   3. symtable.c: scopes (global/nonlocal, duplicate parameters, yield in
 *      a comprehension, walrus rules), first while visiting the tree, then
 *      while analyzing the blocks;
 *   4. compile.c: 'return'/'yield'/'await' outside function, break and
 *      continue outside a loop, starred targets, repeated keywords, ...
 *      in code-generation order. SyntaxWarnings (`is` with a literal,
 *      calling a literal) come from this step as it goes.
 * Each step is a walk of the tree below, in the order CPython's would go. */

#define MAX_COMPILE_DEPTH LANG_MAX_AST_DEPTH

typedef struct chk chk;

/* ------------------------------------------------------------- symbols */

enum {
  DEF_GLOBAL = 1, DEF_LOCAL = 2, DEF_PARAM = 4, DEF_NONLOCAL = 8, USE = 16,
  DEF_IMPORT = 32, DEF_ANNOT = 64, DEF_COMP_ITER = 128,
  DEF_BOUND = DEF_LOCAL | DEF_PARAM | DEF_IMPORT,
};

typedef enum { BLOCK_MODULE, BLOCK_FUNCTION, BLOCK_CLASS } block_type;
typedef enum { COMP_NONE, COMP_LIST, COMP_SET, COMP_DICT, COMP_GEN } comp_type;

typedef struct sym {
  const char *name;
  int flags;
} sym;

typedef struct directive {
  const char *name;
  ast_pos pos;
} directive;

typedef struct scope scope;
struct scope {
  block_type type;
  comp_type comp;
  bool is_async;     /* an async def */
  bool is_lambda;
  bool generator, coroutine;
  const void *node;  /* the statement or expression that made it */
  sym *syms;
  int nsyms, capsyms;
  int *index;        /* open addressing over syms, by name pointer */
  int icap;
  directive *dirs;
  int ndirs, capdirs;
  scope **kids;
  int nkids, capkids;
};

/* ---------------------------------------------------------------- state */

struct chk {
  ast_module *mod;
  lang_lexer *lx;
  lang_arena *tmp;
  lang__err *err;
  lang_diag_cb warn;
  void *warn_ud;
  bool failed;
  bool nomem;
  /* symtable walk */
  scope *top, *cur;
  scope **stack;
  int nstack, capstack;
  int comp_iter_expr;
  bool comp_iter_target;
  /* node -> scope */
  const void **mkeys;
  scope **mvals;
  int mcap, mcount;
  /* compiler walk */
  int future_lineno;
  int depth;
};

static void *cnomem(chk *c) {
  c->nomem = c->failed = true;
  return NULL;
}

static void *talloc(chk *c, size_t n) {
  void *p = lang__arena_alloc(c->tmp, n);
  if (!p) cnomem(c);
  return p;
}

/* A SyntaxError at a node, as the compiler and the symtable raise it:
 * 1-based byte offsets, the file's line as text. */
static bool error_at(chk *c, ast_pos pos, int end_col1, const char *fmt, ...) {
  if (c->failed) return false;
  c->failed = true;
  const char *s = NULL;
  size_t n = 0;
  if (!lang__file_line(c->lx, pos.line, &s, &n)) s = NULL;
  va_list ap;
  va_start(ap, fmt);
  bool ok = lang__err_vset(c->err, LANG_DIAG_SYNTAX_ERROR, c->lx->filename, pos.line,
                           pos.bcol + 1, pos.end_line, end_col1, s, n, fmt, ap);
  va_end(ap);
  if (!ok) c->nomem = true;
  return false;
}

#define ERROR_AT(c, pos, ...) error_at((c), (pos), (pos).end_bcol + 1, __VA_ARGS__)

/* compiler_warn: CPython passes no warnings registry, so every warning is
 * shown, even twice on a line. */
static void warn_at(chk *c, int line, const char *fmt, ...) {
  if (!c->warn || c->failed) return;
  lang__err w = {0};
  const char *s = NULL;
  size_t n = 0;
  if (!lang__file_line(c->lx, line, &s, &n)) s = NULL;
  va_list ap;
  va_start(ap, fmt);
  bool ok = lang__err_vset(&w, LANG_DIAG_SYNTAX_WARNING, c->lx->filename, line, 0, line, 0, s, n,
                           fmt, ap);
  va_end(ap);
  if (ok) c->warn(c->warn_ud, &w.d);
  lang__err_clear(&w);
}

/* ----------------------------------------------------------- node map */

static size_t ptr_hash(const void *p) {
  uintptr_t x = (uintptr_t)p;
  x ^= x >> 17;
  x *= 0x9E3779B97F4A7C15u;
  return (size_t)(x >> 7);
}

static bool map_put(chk *c, const void *k, scope *v) {
  if (c->mcount * 2 >= c->mcap) {
    int ncap = c->mcap ? c->mcap * 2 : 64;
    const void **nk = talloc(c, sizeof *nk * (size_t)ncap);
    scope **nv = talloc(c, sizeof *nv * (size_t)ncap);
    if (!nk || !nv) return false;
    for (int i = 0; i < c->mcap; i++) {
      if (!c->mkeys[i]) continue;
      size_t j = ptr_hash(c->mkeys[i]) & (size_t)(ncap - 1);
      while (nk[j]) j = (j + 1) & (size_t)(ncap - 1);
      nk[j] = c->mkeys[i];
      nv[j] = c->mvals[i];
    }
    c->mkeys = nk;
    c->mvals = nv;
    c->mcap = ncap;
  }
  size_t j = ptr_hash(k) & (size_t)(c->mcap - 1);
  while (c->mkeys[j]) j = (j + 1) & (size_t)(c->mcap - 1);
  c->mkeys[j] = k;
  c->mvals[j] = v;
  c->mcount++;
  return true;
}

static scope *map_get(chk *c, const void *k) {
  if (!c->mcap) return NULL;
  size_t j = ptr_hash(k) & (size_t)(c->mcap - 1);
  while (c->mkeys[j]) {
    if (c->mkeys[j] == k) return c->mvals[j];
    j = (j + 1) & (size_t)(c->mcap - 1);
  }
  return NULL;
}

/* --------------------------------------------------------- symbol table */

static int sym_find(scope *s, const char *name) {
  if (!s->icap) return -1;
  size_t j = ptr_hash(name) & (size_t)(s->icap - 1);
  while (s->index[j] >= 0) {
    if (s->syms[s->index[j]].name == name) return s->index[j];
    j = (j + 1) & (size_t)(s->icap - 1);
  }
  return -1;
}

static int sym_flags(scope *s, const char *name) {
  int i = sym_find(s, name);
  return i < 0 ? 0 : s->syms[i].flags;
}

static sym *sym_get(chk *c, scope *s, const char *name) {
  int i = sym_find(s, name);
  if (i >= 0) return &s->syms[i];
  if (s->nsyms == s->capsyms) {
    int ncap = s->capsyms ? s->capsyms * 2 : 8;
    sym *ns = talloc(c, sizeof *ns * (size_t)ncap);
    if (!ns) return NULL;
    if (s->nsyms) memcpy(ns, s->syms, sizeof *ns * (size_t)s->nsyms);
    s->syms = ns;
    s->capsyms = ncap;
  }
  if ((s->nsyms + 1) * 2 > s->icap) {
    int ncap = s->icap ? s->icap * 2 : 16;
    int *ni = talloc(c, sizeof *ni * (size_t)ncap);
    if (!ni) return NULL;
    for (int k = 0; k < ncap; k++) ni[k] = -1;
    for (int k = 0; k < s->nsyms; k++) {
      size_t j = ptr_hash(s->syms[k].name) & (size_t)(ncap - 1);
      while (ni[j] >= 0) j = (j + 1) & (size_t)(ncap - 1);
      ni[j] = k;
    }
    s->index = ni;
    s->icap = ncap;
  }
  int k = s->nsyms++;
  s->syms[k].name = name;
  s->syms[k].flags = 0;
  size_t j = ptr_hash(name) & (size_t)(s->icap - 1);
  while (s->index[j] >= 0) j = (j + 1) & (size_t)(s->icap - 1);
  s->index[j] = k;
  return &s->syms[k];
}

/* symtable_add_def_helper */
static bool add_def_in(chk *c, scope *s, const char *name, int flag, ast_pos pos) {
  if (c->failed) return false;
  sym *y = sym_get(c, s, name);
  if (!y) return false;
  if ((flag & DEF_PARAM) && (y->flags & DEF_PARAM))
    return ERROR_AT(c, pos, "duplicate argument '%s' in function definition", name);
  y->flags |= flag;
  if (c->comp_iter_target && s == c->cur) {
    if (y->flags & (DEF_GLOBAL | DEF_NONLOCAL))
      return ERROR_AT(c, pos, "comprehension inner loop cannot rebind assignment expression target '%s'",
                      name);
    y->flags |= DEF_COMP_ITER;
  }
  if (flag & DEF_GLOBAL) {
    sym *g = sym_get(c, c->top, name);
    if (!g) return false;
    g->flags |= flag;
  }
  return true;
}

static bool add_def(chk *c, const char *name, int flag, ast_pos pos) {
  return add_def_in(c, c->cur, name, flag, pos);
}

static bool record_directive(chk *c, const char *name, ast_pos pos) {
  scope *s = c->cur;
  if (s->ndirs == s->capdirs) {
    int ncap = s->capdirs ? s->capdirs * 2 : 4;
    directive *nd = talloc(c, sizeof *nd * (size_t)ncap);
    if (!nd) return false;
    if (s->ndirs) memcpy(nd, s->dirs, sizeof *nd * (size_t)s->ndirs);
    s->dirs = nd;
    s->capdirs = ncap;
  }
  s->dirs[s->ndirs].name = name;
  s->dirs[s->ndirs].pos = pos;
  s->ndirs++;
  return true;
}

static bool enter_block(chk *c, block_type type, const void *node) {
  scope *s = talloc(c, sizeof *s);
  if (!s) return false;
  s->type = type;
  s->node = node;
  if (c->cur) {
    scope *par = c->cur;
    if (par->nkids == par->capkids) {
      int ncap = par->capkids ? par->capkids * 2 : 4;
      scope **nk = talloc(c, sizeof *nk * (size_t)ncap);
      if (!nk) return false;
      if (par->nkids) memcpy(nk, par->kids, sizeof *nk * (size_t)par->nkids);
      par->kids = nk;
      par->capkids = ncap;
    }
    par->kids[par->nkids++] = s;
  }
  if (c->nstack == c->capstack) {
    int ncap = c->capstack ? c->capstack * 2 : 16;
    scope **ns = talloc(c, sizeof *ns * (size_t)ncap);
    if (!ns) return false;
    if (c->nstack) memcpy(ns, c->stack, sizeof *ns * (size_t)c->nstack);
    c->stack = ns;
    c->capstack = ncap;
  }
  c->stack[c->nstack++] = s;
  c->cur = s;
  if (node && !map_put(c, node, s)) return false;
  return true;
}

static void exit_block(chk *c) {
  c->nstack--;
  c->cur = c->nstack ? c->stack[c->nstack - 1] : NULL;
}

/* ------------------------------------------------------------ 1. future */

static bool is_docstring(const ast_stmt *s) {
  return s->kind == AST_STMT_EXPR && s->v.expr.value->kind == AST_EXPR_CONSTANT &&
         s->v.expr.value->v.constant.kind == AST_CONST_STR;
}

/* future_parse */
static bool check_future(chk *c, ast_module *m) {
  static const char *const features[] = {
    "nested_scopes", "generators", "division", "absolute_import", "with_statement",
    "print_function", "unicode_literals", "barry_as_FLUFL", "generator_stop", "annotations",
  };
  bool done = false;
  int prev_line = 0;
  int i = 0;
  if (m->body.n && is_docstring(m->body.items[0])) i++;
  for (; i < m->body.n; i++) {
    ast_stmt *s = m->body.items[i];
    if (done && s->pos.line > prev_line) return true;
    prev_line = s->pos.line;
    if (s->kind == AST_STMT_IMPORT_FROM && s->v.import_from.module &&
        !strcmp(s->v.import_from.module, "__future__")) {
      if (done) {
        ast_pos at = s->pos;
        at.bcol -= 1; /* future.c passes col_offset itself as the offset */
        return error_at(c, at, -1, "from __future__ imports must occur at the beginning of the file");
      }
      for (int k = 0; k < s->v.import_from.names.n; k++) {
        const char *f = s->v.import_from.names.items[k]->name;
        bool known = false;
        for (size_t j = 0; j < sizeof features / sizeof *features; j++)
          if (!strcmp(f, features[j])) known = true;
        if (known) continue;
        if (!strcmp(f, "braces")) return error_at(c, s->pos, -1, "not a chance");
        return error_at(c, s->pos, -1, "future feature %s is not defined", f);
      }
      c->future_lineno = s->pos.line;
    } else {
      done = true;
    }
  }
  return true;
}

/* ------------------------------------------------------------- 2. depth */

static bool depth_expr(chk *c, const ast_expr *e, int d);

static bool depth_exprs(chk *c, const ast_expr_seq *s, int d) {
  for (int i = 0; i < s->n; i++)
    if (s->items[i] && !depth_expr(c, s->items[i], d)) return false;
  return true;
}

static bool depth_args(chk *c, const ast_arguments *a, int d) {
  const ast_arg_seq *seqs[3] = {&a->posonlyargs, &a->args, &a->kwonlyargs};
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < seqs[k]->n; i++)
      if (seqs[k]->items[i]->annotation && !depth_expr(c, seqs[k]->items[i]->annotation, d))
        return false;
  if (a->vararg && a->vararg->annotation && !depth_expr(c, a->vararg->annotation, d)) return false;
  if (a->kwarg && a->kwarg->annotation && !depth_expr(c, a->kwarg->annotation, d)) return false;
  return depth_exprs(c, &a->defaults, d) && depth_exprs(c, &a->kw_defaults, d);
}

static bool depth_comps(chk *c, const ast_comprehension_seq *g, int d) {
  for (int i = 0; i < g->n; i++) {
    const ast_comprehension *x = g->items[i];
    if (!depth_expr(c, x->target, d) || !depth_expr(c, x->iter, d) || !depth_exprs(c, &x->ifs, d))
      return false;
  }
  return true;
}

static bool too_deep(chk *c) {
  if (c->failed) return false;
  c->failed = true;
  if (!lang__err_set(c->err, LANG_DIAG_RECURSION_ERROR, c->lx->filename, 0, 0, 0, 0, NULL, 0,
                     "maximum recursion depth exceeded during compilation"))
    c->nomem = true;
  return false;
}

static bool depth_expr(chk *c, const ast_expr *e, int d) {
  if (++d > MAX_COMPILE_DEPTH) return too_deep(c);
  switch (e->kind) {
    case AST_EXPR_BOOL_OP: return depth_exprs(c, &e->v.bool_op.values, d);
    case AST_EXPR_NAMED_EXPR:
      return depth_expr(c, e->v.named_expr.target, d) && depth_expr(c, e->v.named_expr.value, d);
    case AST_EXPR_BIN_OP:
      return depth_expr(c, e->v.bin_op.left, d) && depth_expr(c, e->v.bin_op.right, d);
    case AST_EXPR_UNARY_OP: return depth_expr(c, e->v.unary_op.operand, d);
    case AST_EXPR_LAMBDA: return depth_args(c, e->v.lambda.args, d) && depth_expr(c, e->v.lambda.body, d);
    case AST_EXPR_IF_EXP:
      return depth_expr(c, e->v.if_exp.test, d) && depth_expr(c, e->v.if_exp.body, d) &&
             depth_expr(c, e->v.if_exp.orelse, d);
    case AST_EXPR_DICT: return depth_exprs(c, &e->v.dict.keys, d) && depth_exprs(c, &e->v.dict.values, d);
    case AST_EXPR_SET: return depth_exprs(c, &e->v.set.elts, d);
    case AST_EXPR_LIST_COMP:
    case AST_EXPR_SET_COMP:
    case AST_EXPR_GENERATOR_EXP:
      return depth_expr(c, e->v.comp.elt, d) && depth_comps(c, &e->v.comp.generators, d);
    case AST_EXPR_DICT_COMP:
      return depth_expr(c, e->v.dict_comp.key, d) && depth_expr(c, e->v.dict_comp.value, d) &&
             depth_comps(c, &e->v.dict_comp.generators, d);
    case AST_EXPR_AWAIT: return depth_expr(c, e->v.await_expr.value, d);
    case AST_EXPR_YIELD: return !e->v.yield.value || depth_expr(c, e->v.yield.value, d);
    case AST_EXPR_YIELD_FROM: return depth_expr(c, e->v.yield_from.value, d);
    case AST_EXPR_COMPARE:
      return depth_expr(c, e->v.compare.left, d) && depth_exprs(c, &e->v.compare.comparators, d);
    case AST_EXPR_CALL:
      if (!depth_expr(c, e->v.call.func, d) || !depth_exprs(c, &e->v.call.args, d)) return false;
      for (int i = 0; i < e->v.call.keywords.n; i++)
        if (!depth_expr(c, e->v.call.keywords.items[i]->value, d)) return false;
      return true;
    case AST_EXPR_FORMATTED_VALUE:
      return depth_expr(c, e->v.formatted_value.value, d) &&
             (!e->v.formatted_value.format_spec || depth_expr(c, e->v.formatted_value.format_spec, d));
    case AST_EXPR_JOINED_STR: return depth_exprs(c, &e->v.joined_str.values, d);
    case AST_EXPR_ATTRIBUTE: return depth_expr(c, e->v.attribute.value, d);
    case AST_EXPR_SUBSCRIPT:
      return depth_expr(c, e->v.subscript.value, d) && depth_expr(c, e->v.subscript.slice, d);
    case AST_EXPR_STARRED: return depth_expr(c, e->v.starred.value, d);
    case AST_EXPR_LIST: return depth_exprs(c, &e->v.list.elts, d);
    case AST_EXPR_TUPLE: return depth_exprs(c, &e->v.tuple.elts, d);
    case AST_EXPR_SLICE:
      return (!e->v.slice.lower || depth_expr(c, e->v.slice.lower, d)) &&
             (!e->v.slice.upper || depth_expr(c, e->v.slice.upper, d)) &&
             (!e->v.slice.step || depth_expr(c, e->v.slice.step, d));
    default: return true;
  }
}

static bool depth_stmts(chk *c, const ast_stmt_seq *s, int d);

static bool depth_stmt(chk *c, const ast_stmt *s, int d) {
  if (++d > MAX_COMPILE_DEPTH) return too_deep(c);
  switch (s->kind) {
    case AST_STMT_FUNCTION_DEF:
      return depth_exprs(c, &s->v.function_def.decorator_list, d) &&
             depth_args(c, s->v.function_def.args, d) &&
             (!s->v.function_def.returns || depth_expr(c, s->v.function_def.returns, d)) &&
             depth_stmts(c, &s->v.function_def.body, d);
    case AST_STMT_CLASS_DEF:
      if (!depth_exprs(c, &s->v.class_def.decorator_list, d) || !depth_exprs(c, &s->v.class_def.bases, d))
        return false;
      for (int i = 0; i < s->v.class_def.keywords.n; i++)
        if (!depth_expr(c, s->v.class_def.keywords.items[i]->value, d)) return false;
      return depth_stmts(c, &s->v.class_def.body, d);
    case AST_STMT_RETURN: return !s->v.return_.value || depth_expr(c, s->v.return_.value, d);
    case AST_STMT_DELETE: return depth_exprs(c, &s->v.delete_.targets, d);
    case AST_STMT_ASSIGN: return depth_exprs(c, &s->v.assign.targets, d) && depth_expr(c, s->v.assign.value, d);
    case AST_STMT_AUG_ASSIGN:
      return depth_expr(c, s->v.aug_assign.target, d) && depth_expr(c, s->v.aug_assign.value, d);
    case AST_STMT_ANN_ASSIGN:
      return depth_expr(c, s->v.ann_assign.target, d) && depth_expr(c, s->v.ann_assign.annotation, d) &&
             (!s->v.ann_assign.value || depth_expr(c, s->v.ann_assign.value, d));
    case AST_STMT_FOR:
      return depth_expr(c, s->v.for_.target, d) && depth_expr(c, s->v.for_.iter, d) &&
             depth_stmts(c, &s->v.for_.body, d) && depth_stmts(c, &s->v.for_.orelse, d);
    case AST_STMT_WHILE:
      return depth_expr(c, s->v.while_.test, d) && depth_stmts(c, &s->v.while_.body, d) &&
             depth_stmts(c, &s->v.while_.orelse, d);
    case AST_STMT_IF:
      return depth_expr(c, s->v.if_.test, d) && depth_stmts(c, &s->v.if_.body, d) &&
             depth_stmts(c, &s->v.if_.orelse, d);
    case AST_STMT_WITH:
      for (int i = 0; i < s->v.with.items.n; i++) {
        ast_withitem *w = s->v.with.items.items[i];
        if (!depth_expr(c, w->context_expr, d)) return false;
        if (w->optional_vars && !depth_expr(c, w->optional_vars, d)) return false;
      }
      return depth_stmts(c, &s->v.with.body, d);
    case AST_STMT_RAISE:
      return (!s->v.raise.exc || depth_expr(c, s->v.raise.exc, d)) &&
             (!s->v.raise.cause || depth_expr(c, s->v.raise.cause, d));
    case AST_STMT_TRY:
      if (!depth_stmts(c, &s->v.try_.body, d)) return false;
      for (int i = 0; i < s->v.try_.handlers.n; i++) {
        ast_excepthandler *h = s->v.try_.handlers.items[i];
        if (h->type && !depth_expr(c, h->type, d)) return false;
        if (!depth_stmts(c, &h->body, d)) return false;
      }
      return depth_stmts(c, &s->v.try_.orelse, d) && depth_stmts(c, &s->v.try_.finalbody, d);
    case AST_STMT_ASSERT:
      return depth_expr(c, s->v.assert_.test, d) && (!s->v.assert_.msg || depth_expr(c, s->v.assert_.msg, d));
    case AST_STMT_EXPR: return depth_expr(c, s->v.expr.value, d);
    default: return true;
  }
}

static bool depth_stmts(chk *c, const ast_stmt_seq *s, int d) {
  for (int i = 0; i < s->n; i++)
    if (!depth_stmt(c, s->items[i], d)) return false;
  return true;
}

/* ---------------------------------------------------------- 3. symtable */

static bool st_expr(chk *c, ast_expr *e);
static bool st_stmt(chk *c, ast_stmt *s);

static bool st_exprs(chk *c, ast_expr_seq *s) {
  for (int i = 0; i < s->n; i++)
    if (s->items[i] && !st_expr(c, s->items[i])) return false;
  return true;
}

static bool st_stmts(chk *c, ast_stmt_seq *s) {
  for (int i = 0; i < s->n; i++)
    if (!st_stmt(c, s->items[i])) return false;
  return true;
}

static bool st_params(chk *c, ast_arg_seq *s) {
  for (int i = 0; i < s->n; i++)
    if (!add_def(c, s->items[i]->arg, DEF_PARAM, s->items[i]->pos)) return false;
  return true;
}

static bool st_arguments(chk *c, ast_arguments *a) {
  if (!st_params(c, &a->posonlyargs) || !st_params(c, &a->args) || !st_params(c, &a->kwonlyargs))
    return false;
  if (a->vararg && !add_def(c, a->vararg->arg, DEF_PARAM, a->vararg->pos)) return false;
  if (a->kwarg && !add_def(c, a->kwarg->arg, DEF_PARAM, a->kwarg->pos)) return false;
  return true;
}

static bool st_annotations(chk *c, ast_arguments *a, ast_expr *returns) {
  ast_arg_seq *first[2] = {&a->posonlyargs, &a->args};
  for (int k = 0; k < 2; k++)
    for (int i = 0; i < first[k]->n; i++)
      if (first[k]->items[i]->annotation && !st_expr(c, first[k]->items[i]->annotation)) return false;
  if (a->vararg && a->vararg->annotation && !st_expr(c, a->vararg->annotation)) return false;
  if (a->kwarg && a->kwarg->annotation && !st_expr(c, a->kwarg->annotation)) return false;
  for (int i = 0; i < a->kwonlyargs.n; i++)
    if (a->kwonlyargs.items[i]->annotation && !st_expr(c, a->kwonlyargs.items[i]->annotation))
      return false;
  return !returns || st_expr(c, returns);
}

static bool st_alias(chk *c, ast_module *m, ast_alias *a) {
  const char *name = a->asname ? a->asname : a->name;
  if (!strcmp(name, "*")) {
    if (c->cur->type != BLOCK_MODULE)
      return ERROR_AT(c, a->pos, "import * only allowed at module level");
    return true;
  }
  const char *dot = strchr(name, '.');
  if (dot) {
    name = lang__arena_intern(m->arena, name, (size_t)(dot - name));
    if (!name) return cnomem(c), false;
  }
  return add_def(c, name, DEF_IMPORT, a->pos);
}

static bool st_global(chk *c, ast_stmt *s, bool nonlocal) {
  ast_ident_seq *names = nonlocal ? &s->v.nonlocal.names : &s->v.global.names;
  for (int i = 0; i < names->n; i++) {
    const char *name = names->items[i];
    int cur = sym_flags(c->cur, name);
    if (cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT)) {
      const char *msg;
      if (cur & DEF_PARAM) msg = nonlocal ? "name '%s' is parameter and nonlocal" : "name '%s' is parameter and global";
      else if (cur & USE) msg = nonlocal ? "name '%s' is used prior to nonlocal declaration" : "name '%s' is used prior to global declaration";
      else if (cur & DEF_ANNOT) msg = nonlocal ? "annotated name '%s' can't be nonlocal" : "annotated name '%s' can't be global";
      else msg = nonlocal ? "name '%s' is assigned to before nonlocal declaration" : "name '%s' is assigned to before global declaration";
      return ERROR_AT(c, s->pos, msg, name);
    }
    if (!add_def(c, name, nonlocal ? DEF_NONLOCAL : DEF_GLOBAL, s->pos)) return false;
    if (!record_directive(c, name, s->pos)) return false;
  }
  return true;
}

static bool st_stmt(chk *c, ast_stmt *s) {
  if (c->failed) return false;
  switch (s->kind) {
    case AST_STMT_FUNCTION_DEF: {
      ast_arguments *a = s->v.function_def.args;
      if (!add_def(c, s->v.function_def.name, DEF_LOCAL, s->pos)) return false;
      if (!st_exprs(c, &a->defaults) || !st_exprs(c, &a->kw_defaults)) return false;
      if (!st_annotations(c, a, s->v.function_def.returns)) return false;
      if (!st_exprs(c, &s->v.function_def.decorator_list)) return false;
      if (!enter_block(c, BLOCK_FUNCTION, s)) return false;
      c->cur->is_async = c->cur->coroutine = s->v.function_def.is_async;
      if (!st_arguments(c, a) || !st_stmts(c, &s->v.function_def.body)) return false;
      exit_block(c);
      return true;
    }
    case AST_STMT_CLASS_DEF: {
      if (!add_def(c, s->v.class_def.name, DEF_LOCAL, s->pos)) return false;
      if (!st_exprs(c, &s->v.class_def.bases)) return false;
      for (int i = 0; i < s->v.class_def.keywords.n; i++)
        if (!st_expr(c, s->v.class_def.keywords.items[i]->value)) return false;
      if (!st_exprs(c, &s->v.class_def.decorator_list)) return false;
      if (!enter_block(c, BLOCK_CLASS, s)) return false;
      if (!st_stmts(c, &s->v.class_def.body)) return false;
      exit_block(c);
      return true;
    }
    case AST_STMT_RETURN: return !s->v.return_.value || st_expr(c, s->v.return_.value);
    case AST_STMT_DELETE: return st_exprs(c, &s->v.delete_.targets);
    case AST_STMT_ASSIGN: return st_exprs(c, &s->v.assign.targets) && st_expr(c, s->v.assign.value);
    case AST_STMT_ANN_ASSIGN: {
      ast_expr *t = s->v.ann_assign.target;
      if (t->kind == AST_EXPR_NAME) {
        int cur = sym_flags(c->cur, t->v.name.id);
        if ((cur & (DEF_GLOBAL | DEF_NONLOCAL)) && c->cur != c->top && s->v.ann_assign.simple)
          return ERROR_AT(c, s->pos,
                          cur & DEF_GLOBAL ? "annotated name '%s' can't be global"
                                           : "annotated name '%s' can't be nonlocal",
                          t->v.name.id);
        if (s->v.ann_assign.simple && !add_def(c, t->v.name.id, DEF_ANNOT | DEF_LOCAL, t->pos))
          return false;
        if (s->v.ann_assign.value && !add_def(c, t->v.name.id, DEF_LOCAL, t->pos)) return false;
      } else if (!st_expr(c, t)) {
        return false;
      }
      if (!st_expr(c, s->v.ann_assign.annotation)) return false;
      return !s->v.ann_assign.value || st_expr(c, s->v.ann_assign.value);
    }
    case AST_STMT_AUG_ASSIGN: return st_expr(c, s->v.aug_assign.target) && st_expr(c, s->v.aug_assign.value);
    case AST_STMT_FOR:
      return st_expr(c, s->v.for_.target) && st_expr(c, s->v.for_.iter) &&
             st_stmts(c, &s->v.for_.body) && st_stmts(c, &s->v.for_.orelse);
    case AST_STMT_WHILE:
      return st_expr(c, s->v.while_.test) && st_stmts(c, &s->v.while_.body) &&
             st_stmts(c, &s->v.while_.orelse);
    case AST_STMT_IF:
      return st_expr(c, s->v.if_.test) && st_stmts(c, &s->v.if_.body) && st_stmts(c, &s->v.if_.orelse);
    case AST_STMT_RAISE:
      return (!s->v.raise.exc || st_expr(c, s->v.raise.exc)) &&
             (!s->v.raise.cause || st_expr(c, s->v.raise.cause));
    case AST_STMT_TRY:
      if (!st_stmts(c, &s->v.try_.body) || !st_stmts(c, &s->v.try_.orelse)) return false;
      for (int i = 0; i < s->v.try_.handlers.n; i++) {
        ast_excepthandler *h = s->v.try_.handlers.items[i];
        if (h->type && !st_expr(c, h->type)) return false;
        if (h->name && !add_def(c, h->name, DEF_LOCAL, h->pos)) return false;
        if (!st_stmts(c, &h->body)) return false;
      }
      return st_stmts(c, &s->v.try_.finalbody);
    case AST_STMT_ASSERT:
      return st_expr(c, s->v.assert_.test) && (!s->v.assert_.msg || st_expr(c, s->v.assert_.msg));
    case AST_STMT_IMPORT:
      for (int i = 0; i < s->v.import.names.n; i++)
        if (!st_alias(c, c->mod, s->v.import.names.items[i])) return false;
      return true;
    case AST_STMT_IMPORT_FROM:
      for (int i = 0; i < s->v.import_from.names.n; i++)
        if (!st_alias(c, c->mod, s->v.import_from.names.items[i])) return false;
      return true;
    case AST_STMT_GLOBAL: return st_global(c, s, false);
    case AST_STMT_NONLOCAL: return st_global(c, s, true);
    case AST_STMT_EXPR: return st_expr(c, s->v.expr.value);
    case AST_STMT_WITH:
      for (int i = 0; i < s->v.with.items.n; i++) {
        ast_withitem *w = s->v.with.items.items[i];
        if (!st_expr(c, w->context_expr)) return false;
        if (w->optional_vars && !st_expr(c, w->optional_vars)) return false;
      }
      return st_stmts(c, &s->v.with.body);
    default: return true;
  }
}

static bool comp_error(chk *c, ast_expr *e) {
  const char *msg = c->cur->comp == COMP_LIST ? "'yield' inside list comprehension"
                    : c->cur->comp == COMP_SET ? "'yield' inside set comprehension"
                    : c->cur->comp == COMP_DICT ? "'yield' inside dict comprehension"
                                                : "'yield' inside generator expression";
  return ERROR_AT(c, e->pos, "%s", msg);
}

/* symtable_handle_comprehension */
static bool st_comprehension(chk *c, ast_expr *e, comp_type type, ast_comprehension_seq *g,
                             ast_expr *elt, ast_expr *value) {
  ast_comprehension *outer = g->items[0];
  c->comp_iter_expr++;
  bool ok = st_expr(c, outer->iter);
  c->comp_iter_expr--;
  if (!ok || !enter_block(c, BLOCK_FUNCTION, e)) return false;
  c->cur->comp = type;
  if (outer->is_async) c->cur->coroutine = true;
  c->comp_iter_target = true;
  ok = st_expr(c, outer->target);
  c->comp_iter_target = false;
  if (!ok || !st_exprs(c, &outer->ifs)) return false;
  for (int i = 1; i < g->n; i++) {
    ast_comprehension *x = g->items[i];
    c->comp_iter_target = true;
    ok = st_expr(c, x->target);
    c->comp_iter_target = false;
    if (!ok) return false;
    c->comp_iter_expr++;
    ok = st_expr(c, x->iter);
    c->comp_iter_expr--;
    if (!ok || !st_exprs(c, &x->ifs)) return false;
    if (x->is_async) c->cur->coroutine = true;
  }
  if (value && !st_expr(c, value)) return false;
  if (!st_expr(c, elt)) return false;
  c->cur->generator = type == COMP_GEN;
  bool is_async = c->cur->coroutine && type != COMP_GEN;
  exit_block(c);
  if (is_async) c->cur->coroutine = true;
  return true;
}

/* symtable_extend_namedexpr_scope */
static bool st_namedexpr_target(chk *c, ast_expr *t) {
  const char *name = t->v.name.id;
  for (int i = c->nstack - 1; i >= 0; i--) {
    scope *s = c->stack[i];
    if (s->comp) {
      if (sym_flags(s, name) & DEF_COMP_ITER)
        return ERROR_AT(c, t->pos, "assignment expression cannot rebind comprehension iteration variable '%s'",
                        name);
      continue;
    }
    if (s->type == BLOCK_FUNCTION) {
      int fl = sym_flags(s, name) & DEF_GLOBAL ? DEF_GLOBAL : DEF_NONLOCAL;
      if (!add_def(c, name, fl, t->pos) || !record_directive(c, name, t->pos)) return false;
      return add_def_in(c, s, name, DEF_LOCAL, t->pos);
    }
    if (s->type == BLOCK_MODULE) {
      if (!add_def(c, name, DEF_GLOBAL, t->pos) || !record_directive(c, name, t->pos)) return false;
      return add_def_in(c, s, name, DEF_GLOBAL, t->pos);
    }
    return ERROR_AT(c, t->pos, "assignment expression within a comprehension cannot be used in a class body");
  }
  return true;
}

static bool st_expr(chk *c, ast_expr *e) {
  if (c->failed) return false;
  switch (e->kind) {
    case AST_EXPR_NAMED_EXPR:
      if (c->comp_iter_expr > 0)
        return ERROR_AT(c, e->pos, "assignment expression cannot be used in a comprehension iterable expression");
      if (c->cur->comp && !st_namedexpr_target(c, e->v.named_expr.target)) return false;
      return st_expr(c, e->v.named_expr.value) && st_expr(c, e->v.named_expr.target);
    case AST_EXPR_BOOL_OP: return st_exprs(c, &e->v.bool_op.values);
    case AST_EXPR_BIN_OP: return st_expr(c, e->v.bin_op.left) && st_expr(c, e->v.bin_op.right);
    case AST_EXPR_UNARY_OP: return st_expr(c, e->v.unary_op.operand);
    case AST_EXPR_LAMBDA: {
      ast_arguments *a = e->v.lambda.args;
      if (!st_exprs(c, &a->defaults) || !st_exprs(c, &a->kw_defaults)) return false;
      if (!enter_block(c, BLOCK_FUNCTION, e)) return false;
      c->cur->is_lambda = true;
      if (!st_arguments(c, a) || !st_expr(c, e->v.lambda.body)) return false;
      exit_block(c);
      return true;
    }
    case AST_EXPR_IF_EXP:
      return st_expr(c, e->v.if_exp.test) && st_expr(c, e->v.if_exp.body) && st_expr(c, e->v.if_exp.orelse);
    case AST_EXPR_DICT: return st_exprs(c, &e->v.dict.keys) && st_exprs(c, &e->v.dict.values);
    case AST_EXPR_SET: return st_exprs(c, &e->v.set.elts);
    case AST_EXPR_GENERATOR_EXP:
      return st_comprehension(c, e, COMP_GEN, &e->v.comp.generators, e->v.comp.elt, NULL);
    case AST_EXPR_LIST_COMP:
      return st_comprehension(c, e, COMP_LIST, &e->v.comp.generators, e->v.comp.elt, NULL);
    case AST_EXPR_SET_COMP:
      return st_comprehension(c, e, COMP_SET, &e->v.comp.generators, e->v.comp.elt, NULL);
    case AST_EXPR_DICT_COMP:
      return st_comprehension(c, e, COMP_DICT, &e->v.dict_comp.generators, e->v.dict_comp.key,
                              e->v.dict_comp.value);
    case AST_EXPR_YIELD:
      if (e->v.yield.value && !st_expr(c, e->v.yield.value)) return false;
      c->cur->generator = true;
      if (c->cur->comp) return comp_error(c, e);
      return true;
    case AST_EXPR_YIELD_FROM:
      if (!st_expr(c, e->v.yield_from.value)) return false;
      c->cur->generator = true;
      if (c->cur->comp) return comp_error(c, e);
      return true;
    case AST_EXPR_AWAIT:
      if (!st_expr(c, e->v.await_expr.value)) return false;
      c->cur->coroutine = true;
      return true;
    case AST_EXPR_COMPARE: return st_expr(c, e->v.compare.left) && st_exprs(c, &e->v.compare.comparators);
    case AST_EXPR_CALL:
      if (!st_expr(c, e->v.call.func) || !st_exprs(c, &e->v.call.args)) return false;
      for (int i = 0; i < e->v.call.keywords.n; i++)
        if (!st_expr(c, e->v.call.keywords.items[i]->value)) return false;
      return true;
    case AST_EXPR_FORMATTED_VALUE:
      return st_expr(c, e->v.formatted_value.value) &&
             (!e->v.formatted_value.format_spec || st_expr(c, e->v.formatted_value.format_spec));
    case AST_EXPR_JOINED_STR: return st_exprs(c, &e->v.joined_str.values);
    case AST_EXPR_ATTRIBUTE: return st_expr(c, e->v.attribute.value);
    case AST_EXPR_SUBSCRIPT: return st_expr(c, e->v.subscript.value) && st_expr(c, e->v.subscript.slice);
    case AST_EXPR_STARRED: return st_expr(c, e->v.starred.value);
    case AST_EXPR_SLICE:
      return (!e->v.slice.lower || st_expr(c, e->v.slice.lower)) &&
             (!e->v.slice.upper || st_expr(c, e->v.slice.upper)) &&
             (!e->v.slice.step || st_expr(c, e->v.slice.step));
    case AST_EXPR_NAME:
      return add_def(c, e->v.name.id, e->ctx == AST_CTX_LOAD ? USE : DEF_LOCAL, e->pos);
    case AST_EXPR_LIST: return st_exprs(c, &e->v.list.elts);
    case AST_EXPR_TUPLE: return st_exprs(c, &e->v.tuple.elts);
    default: return true;
  }
}

/* ------------------------------------------------------------- analysis */

typedef struct pset {
  const char **k;
  int cap, n;
} pset;

static bool ps_has(const pset *s, const char *x) {
  if (!s || !s->cap) return false;
  size_t j = ptr_hash(x) & (size_t)(s->cap - 1);
  while (s->k[j]) {
    if (s->k[j] == x) return true;
    j = (j + 1) & (size_t)(s->cap - 1);
  }
  return false;
}

static bool ps_add(chk *c, pset *s, const char *x) {
  if (ps_has(s, x)) return true;
  if ((s->n + 1) * 2 > s->cap) {
    int ncap = s->cap ? s->cap * 2 : 16;
    const char **nk = talloc(c, sizeof *nk * (size_t)ncap);
    if (!nk) return false;
    for (int i = 0; i < s->cap; i++) {
      if (!s->k[i]) continue;
      size_t j = ptr_hash(s->k[i]) & (size_t)(ncap - 1);
      while (nk[j]) j = (j + 1) & (size_t)(ncap - 1);
      nk[j] = s->k[i];
    }
    s->k = nk;
    s->cap = ncap;
  }
  size_t j = ptr_hash(x) & (size_t)(s->cap - 1);
  while (s->k[j]) j = (j + 1) & (size_t)(s->cap - 1);
  s->k[j] = x;
  s->n++;
  return true;
}

static bool ps_union(chk *c, pset *dst, const pset *src) {
  if (!src) return true;
  for (int i = 0; i < src->cap; i++)
    if (src->k[i] && !ps_add(c, dst, src->k[i])) return false;
  return true;
}

/* a set without x (sets only grow, so removal is a copy) */
static bool ps_without(chk *c, pset *s, const char *x) {
  if (!ps_has(s, x)) return true;
  pset n = {0};
  for (int i = 0; i < s->cap; i++)
    if (s->k[i] && s->k[i] != x && !ps_add(c, &n, s->k[i])) return false;
  *s = n;
  return true;
}

static bool error_at_directive(chk *c, scope *s, const char *name, const char *fmt) {
  for (int i = 0; i < s->ndirs; i++)
    if (s->dirs[i].name == name) return ERROR_AT(c, s->dirs[i].pos, fmt, name);
  return ERROR_AT(c, s->dirs ? s->dirs[0].pos : (ast_pos){0}, fmt, name);
}

/* analyze_block: bound is NULL for the module */
static bool analyze_block(chk *c, scope *s, pset *bound) {
  pset local = {0}, newbound = {0}, mybound = {0};
  if (bound && !ps_union(c, &mybound, bound)) return false;
  pset *b = bound ? &mybound : NULL;
  if (s->type == BLOCK_CLASS && b && !ps_union(c, &newbound, b)) return false;
  for (int i = 0; i < s->nsyms; i++) {
    const char *name = s->syms[i].name;
    int flags = s->syms[i].flags;
    if (flags & DEF_GLOBAL) {
      if (flags & DEF_NONLOCAL) return error_at_directive(c, s, name, "name '%s' is nonlocal and global");
      if (b && !ps_without(c, b, name)) return false;
      continue;
    }
    if (flags & DEF_NONLOCAL) {
      if (!b) return error_at_directive(c, s, name, "nonlocal declaration not allowed at module level");
      if (!ps_has(b, name)) return error_at_directive(c, s, name, "no binding for nonlocal '%s' found");
      continue;
    }
    if ((flags & DEF_BOUND) && !ps_add(c, &local, name)) return false;
  }
  if (s->type != BLOCK_CLASS) {
    if (s->type == BLOCK_FUNCTION && !ps_union(c, &newbound, &local)) return false;
    if (b && !ps_union(c, &newbound, b)) return false;
  } else {
    /* the implicit __class__ cell of methods */
    const char *cls = lang__arena_intern(c->mod->arena, "__class__", 9);
    if (!cls) return cnomem(c), false;
    if (!ps_add(c, &newbound, cls)) return false;
  }
  for (int i = 0; i < s->nkids; i++)
    if (!analyze_block(c, s->kids[i], &newbound)) return false;
  return true;
}

/* ---------------------------------------------------------- 4. compiler */

typedef enum {
  U_MODULE, U_CLASS, U_FUNCTION, U_ASYNC_FUNCTION, U_LAMBDA, U_COMPREHENSION
} unit_type;

typedef struct unit {
  unit_type type;
  scope *ste;
  int loops;  /* enclosing loop bodies in this code object */
} unit;

static bool cc_expr(chk *c, unit *u, ast_expr *e);
static bool cc_stmts(chk *c, unit *u, ast_stmt_seq *s);

static bool cc_exprs(chk *c, unit *u, ast_expr_seq *s) {
  for (int i = 0; i < s->n; i++)
    if (s->items[i] && !cc_expr(c, u, s->items[i])) return false;
  return true;
}

/* The type name CPython's infer_type gives a constant-ish expression, or
 * NULL. Unary +/- and ~ on a number fold to a number, as ast_opt does. */
static const char *infer_type(const ast_expr *e) {
  switch (e->kind) {
    case AST_EXPR_CONSTANT:
      switch (e->v.constant.kind) {
        case AST_CONST_NONE: return "NoneType";
        case AST_CONST_BOOL: return "bool";
        case AST_CONST_ELLIPSIS: return "ellipsis";
        case AST_CONST_INT: return "int";
        case AST_CONST_FLOAT: return "float";
        case AST_CONST_STR: return "str";
        case AST_CONST_BYTES: return "bytes";
      }
      return NULL;
    case AST_EXPR_UNARY_OP:
      if (e->v.unary_op.op != AST_UOP_NOT && e->v.unary_op.operand->kind == AST_EXPR_CONSTANT) {
        const char *t = infer_type(e->v.unary_op.operand);
        if (t && (!strcmp(t, "int") || !strcmp(t, "float") || !strcmp(t, "bool")))
          return !strcmp(t, "bool") ? "int" : t;
      }
      return NULL;
    case AST_EXPR_TUPLE: return "tuple";
    case AST_EXPR_LIST:
    case AST_EXPR_LIST_COMP: return "list";
    case AST_EXPR_DICT:
    case AST_EXPR_DICT_COMP: return "dict";
    case AST_EXPR_SET:
    case AST_EXPR_SET_COMP: return "set";
    case AST_EXPR_GENERATOR_EXP: return "generator";
    case AST_EXPR_LAMBDA: return "function";
    case AST_EXPR_JOINED_STR:
    case AST_EXPR_FORMATTED_VALUE: return "str";
    default: return NULL;
  }
}

static bool is_constant_like(const ast_expr *e) {
  return e->kind == AST_EXPR_CONSTANT ||
         (e->kind == AST_EXPR_UNARY_OP && infer_type(e) != NULL);
}

/* check_compare: `is` with a literal */
static void check_compare(chk *c, ast_expr *e) {
  const ast_expr *l = e->v.compare.left;
  for (int i = 0; i < e->v.compare.comparators.n; i++) {
    const ast_expr *r = e->v.compare.comparators.items[i];
    ast_cmpop op = e->v.compare.ops[i];
    if (op == AST_CMP_IS || op == AST_CMP_ISNOT) {
      bool lit = false;
      const ast_expr *two[2] = {l, r};
      for (int k = 0; k < 2; k++) {
        const ast_expr *x = two[k];
        if (!is_constant_like(x)) continue;
        if (x->kind == AST_EXPR_CONSTANT &&
            (x->v.constant.kind == AST_CONST_NONE || x->v.constant.kind == AST_CONST_BOOL ||
             x->v.constant.kind == AST_CONST_ELLIPSIS))
          continue;
        lit = true;
      }
      if (lit) {
        warn_at(c, e->pos.line, op == AST_CMP_IS ? "\"is\" with a literal. Did you mean \"==\"?"
                                                 : "\"is not\" with a literal. Did you mean \"!=\"?");
        return;
      }
    }
    l = r;
  }
}

static void check_caller(chk *c, ast_expr *call) {
  ast_expr *f = call->v.call.func;
  switch (f->kind) {
    case AST_EXPR_CONSTANT: case AST_EXPR_TUPLE: case AST_EXPR_LIST: case AST_EXPR_LIST_COMP:
    case AST_EXPR_DICT: case AST_EXPR_DICT_COMP: case AST_EXPR_SET: case AST_EXPR_SET_COMP:
    case AST_EXPR_GENERATOR_EXP: case AST_EXPR_JOINED_STR: case AST_EXPR_FORMATTED_VALUE:
      warn_at(c, call->pos.line, "'%s' object is not callable; perhaps you missed a comma?",
              infer_type(f));
      break;
    default: break;
  }
}

static void check_subscript(chk *c, ast_expr *e) {
  ast_expr *v = e->v.subscript.value;
  const char *vt = infer_type(v);
  bool subscripter = false;
  switch (v->kind) {
    case AST_EXPR_CONSTANT:
      subscripter = v->v.constant.kind == AST_CONST_NONE || v->v.constant.kind == AST_CONST_ELLIPSIS ||
                    v->v.constant.kind == AST_CONST_INT || v->v.constant.kind == AST_CONST_FLOAT ||
                    v->v.constant.kind == AST_CONST_BOOL;
      break;
    case AST_EXPR_SET: case AST_EXPR_SET_COMP: case AST_EXPR_GENERATOR_EXP: case AST_EXPR_LAMBDA:
      subscripter = true;
      break;
    default: break;
  }
  if (subscripter) {
    warn_at(c, e->pos.line, "'%s' object is not subscriptable; perhaps you missed a comma?", vt);
    return;
  }
  const char *it = infer_type(e->v.subscript.slice);
  if (!it || !strcmp(it, "int") || !strcmp(it, "bool") || e->v.subscript.slice->kind == AST_EXPR_SLICE)
    return;
  bool indexable = false;
  switch (v->kind) {
    case AST_EXPR_CONSTANT:
      indexable = v->v.constant.kind == AST_CONST_STR || v->v.constant.kind == AST_CONST_BYTES;
      break;
    case AST_EXPR_TUPLE: case AST_EXPR_LIST: case AST_EXPR_LIST_COMP: case AST_EXPR_JOINED_STR:
    case AST_EXPR_FORMATTED_VALUE:
      indexable = true;
      break;
    default: break;
  }
  if (indexable)
    warn_at(c, e->pos.line, "%s indices must be integers or slices, not %s; perhaps you missed a comma?",
            vt, it);
}

/* a Store or Del target */
static bool cc_target(chk *c, unit *u, ast_expr *e) {
  switch (e->kind) {
    case AST_EXPR_STARRED:
      return ERROR_AT(c, e->pos, "starred assignment target must be in a list or tuple");
    case AST_EXPR_LIST:
    case AST_EXPR_TUPLE: {
      ast_expr_seq *s = e->kind == AST_EXPR_LIST ? &e->v.list.elts : &e->v.tuple.elts;
      if (e->ctx == AST_CTX_STORE) {
        bool seen = false;
        for (int i = 0; i < s->n; i++) {
          if (s->items[i]->kind != AST_EXPR_STARRED) continue;
          if (seen) return ERROR_AT(c, e->pos, "multiple starred expressions in assignment");
          seen = true;
        }
      }
      for (int i = 0; i < s->n; i++) {
        ast_expr *x = s->items[i];
        if (x->kind == AST_EXPR_STARRED && e->ctx == AST_CTX_STORE) x = x->v.starred.value;
        if (!cc_target(c, u, x)) return false;
      }
      return true;
    }
    case AST_EXPR_ATTRIBUTE: return cc_expr(c, u, e->v.attribute.value);
    case AST_EXPR_SUBSCRIPT: return cc_expr(c, u, e->v.subscript.value) && cc_expr(c, u, e->v.subscript.slice);
    case AST_EXPR_NAME: return true;
    default: return cc_expr(c, u, e);
  }
}

/* elements of a display or call: a Starred is unpacked, not visited */
static bool cc_elts(chk *c, unit *u, ast_expr_seq *s) {
  for (int i = 0; i < s->n; i++) {
    ast_expr *x = s->items[i];
    if (x->kind == AST_EXPR_STARRED) x = x->v.starred.value;
    if (!cc_expr(c, u, x)) return false;
  }
  return true;
}

static bool cc_function_body(chk *c, scope *ste, unit_type type, ast_stmt_seq *body, ast_expr *lambda_body) {
  unit nu = {type, ste, 0};
  if (lambda_body) return cc_expr(c, &nu, lambda_body);
  return cc_stmts(c, &nu, body);
}

static bool cc_arg_defaults(chk *c, unit *u, ast_arguments *a) {
  return cc_exprs(c, u, &a->defaults) && cc_exprs(c, u, &a->kw_defaults);
}

static bool cc_comprehension(chk *c, unit *u, ast_expr *e, ast_comprehension_seq *g, ast_expr *elt,
                             ast_expr *value) {
  scope *ste = map_get(c, e);
  unit nu = {U_COMPREHENSION, ste, 0};
  if (ste && ste->coroutine && e->kind != AST_EXPR_GENERATOR_EXP && u->type != U_ASYNC_FUNCTION &&
      u->type != U_COMPREHENSION)
    return ERROR_AT(c, e->pos, "asynchronous comprehension outside of an asynchronous function");
  for (int i = 0; i < g->n; i++) {
    ast_comprehension *x = g->items[i];
    if (i > 0 && !cc_expr(c, &nu, x->iter)) return false;
    if (!cc_target(c, &nu, x->target) || !cc_exprs(c, &nu, &x->ifs)) return false;
  }
  if (!cc_expr(c, &nu, elt)) return false;
  if (value && !cc_expr(c, &nu, value)) return false;
  return cc_expr(c, u, g->items[0]->iter);
}

static bool cc_keywords(chk *c, unit *u, ast_keyword_seq *kws) {
  /* validate_keywords */
  for (int i = 0; i < kws->n; i++) {
    ast_keyword *k = kws->items[i];
    if (!k->arg) continue;
    for (int j = i + 1; j < kws->n; j++) {
      ast_keyword *o = kws->items[j];
      if (o->arg && !strcmp(o->arg, k->arg))
        return ERROR_AT(c, o->pos, "keyword argument repeated: %s", k->arg);
    }
  }
  return true;
}

static bool cc_expr(chk *c, unit *u, ast_expr *e) {
  if (c->failed) return false;
  switch (e->kind) {
    case AST_EXPR_BOOL_OP: return cc_exprs(c, u, &e->v.bool_op.values);
    case AST_EXPR_NAMED_EXPR: return cc_expr(c, u, e->v.named_expr.value);
    case AST_EXPR_BIN_OP: return cc_expr(c, u, e->v.bin_op.left) && cc_expr(c, u, e->v.bin_op.right);
    case AST_EXPR_UNARY_OP: return cc_expr(c, u, e->v.unary_op.operand);
    case AST_EXPR_LAMBDA:
      if (!cc_arg_defaults(c, u, e->v.lambda.args)) return false;
      return cc_function_body(c, map_get(c, e), U_LAMBDA, NULL, e->v.lambda.body);
    case AST_EXPR_IF_EXP:
      return cc_expr(c, u, e->v.if_exp.test) && cc_expr(c, u, e->v.if_exp.body) &&
             cc_expr(c, u, e->v.if_exp.orelse);
    case AST_EXPR_DICT:
      for (int i = 0; i < e->v.dict.values.n; i++) {
        if (e->v.dict.keys.items[i] && !cc_expr(c, u, e->v.dict.keys.items[i])) return false;
        if (!cc_expr(c, u, e->v.dict.values.items[i])) return false;
      }
      return true;
    case AST_EXPR_SET: return cc_elts(c, u, &e->v.set.elts);
    case AST_EXPR_LIST_COMP:
    case AST_EXPR_SET_COMP:
    case AST_EXPR_GENERATOR_EXP:
      return cc_comprehension(c, u, e, &e->v.comp.generators, e->v.comp.elt, NULL);
    case AST_EXPR_DICT_COMP:
      return cc_comprehension(c, u, e, &e->v.dict_comp.generators, e->v.dict_comp.key,
                              e->v.dict_comp.value);
    case AST_EXPR_AWAIT:
      if (!u->ste || u->ste->type != BLOCK_FUNCTION) return ERROR_AT(c, e->pos, "'await' outside function");
      if (u->type != U_ASYNC_FUNCTION && u->type != U_COMPREHENSION)
        return ERROR_AT(c, e->pos, "'await' outside async function");
      return cc_expr(c, u, e->v.await_expr.value);
    case AST_EXPR_YIELD:
    case AST_EXPR_YIELD_FROM:
      if (!u->ste || u->ste->type != BLOCK_FUNCTION) return ERROR_AT(c, e->pos, "'yield' outside function");
      if (e->kind == AST_EXPR_YIELD_FROM) {
        if (u->type == U_ASYNC_FUNCTION) return ERROR_AT(c, e->pos, "'yield from' inside async function");
        return cc_expr(c, u, e->v.yield_from.value);
      }
      return !e->v.yield.value || cc_expr(c, u, e->v.yield.value);
    case AST_EXPR_COMPARE:
      check_compare(c, e);
      return cc_expr(c, u, e->v.compare.left) && cc_exprs(c, u, &e->v.compare.comparators);
    case AST_EXPR_CALL:
      check_caller(c, e);
      if (!cc_expr(c, u, e->v.call.func) || !cc_keywords(c, u, &e->v.call.keywords)) return false;
      if (!cc_elts(c, u, &e->v.call.args)) return false;
      for (int i = 0; i < e->v.call.keywords.n; i++)
        if (!cc_expr(c, u, e->v.call.keywords.items[i]->value)) return false;
      return true;
    case AST_EXPR_FORMATTED_VALUE:
      return cc_expr(c, u, e->v.formatted_value.value) &&
             (!e->v.formatted_value.format_spec || cc_expr(c, u, e->v.formatted_value.format_spec));
    case AST_EXPR_JOINED_STR: return cc_exprs(c, u, &e->v.joined_str.values);
    case AST_EXPR_ATTRIBUTE:
      if (e->ctx != AST_CTX_LOAD) return cc_target(c, u, e);
      return cc_expr(c, u, e->v.attribute.value);
    case AST_EXPR_SUBSCRIPT:
      if (e->ctx != AST_CTX_LOAD) return cc_target(c, u, e);
      check_subscript(c, e);
      return cc_expr(c, u, e->v.subscript.value) && cc_expr(c, u, e->v.subscript.slice);
    case AST_EXPR_STARRED:
      if (e->ctx == AST_CTX_STORE)
        return ERROR_AT(c, e->pos, "starred assignment target must be in a list or tuple");
      return ERROR_AT(c, e->pos, "can't use starred expression here");
    case AST_EXPR_LIST:
    case AST_EXPR_TUPLE:
      if (e->ctx != AST_CTX_LOAD) return cc_target(c, u, e);
      return cc_elts(c, u, e->kind == AST_EXPR_LIST ? &e->v.list.elts : &e->v.tuple.elts);
    case AST_EXPR_SLICE:
      return (!e->v.slice.lower || cc_expr(c, u, e->v.slice.lower)) &&
             (!e->v.slice.upper || cc_expr(c, u, e->v.slice.upper)) &&
             (!e->v.slice.step || cc_expr(c, u, e->v.slice.step));
    default: return true;
  }
}

static bool cc_loop_body(chk *c, unit *u, ast_stmt_seq *body) {
  u->loops++;
  bool ok = cc_stmts(c, u, body);
  u->loops--;
  return ok;
}

static bool cc_stmt(chk *c, unit *u, ast_stmt *s) {
  if (c->failed) return false;
  switch (s->kind) {
    case AST_STMT_FUNCTION_DEF: {
      ast_arguments *a = s->v.function_def.args;
      if (!cc_exprs(c, u, &s->v.function_def.decorator_list) || !cc_arg_defaults(c, u, a)) return false;
      return cc_function_body(c, map_get(c, s), s->v.function_def.is_async ? U_ASYNC_FUNCTION : U_FUNCTION,
                              &s->v.function_def.body, NULL);
    }
    case AST_STMT_CLASS_DEF: {
      if (!cc_exprs(c, u, &s->v.class_def.decorator_list)) return false;
      unit nu = {U_CLASS, map_get(c, s), 0};
      if (!cc_stmts(c, &nu, &s->v.class_def.body)) return false;
      if (!cc_keywords(c, u, &s->v.class_def.keywords) || !cc_elts(c, u, &s->v.class_def.bases))
        return false;
      for (int i = 0; i < s->v.class_def.keywords.n; i++)
        if (!cc_expr(c, u, s->v.class_def.keywords.items[i]->value)) return false;
      return true;
    }
    case AST_STMT_RETURN:
      if (!u->ste || u->ste->type != BLOCK_FUNCTION) return ERROR_AT(c, s->pos, "'return' outside function");
      if (s->v.return_.value && u->ste->coroutine && u->ste->generator)
        return ERROR_AT(c, s->pos, "'return' with value in async generator");
      return !s->v.return_.value || cc_expr(c, u, s->v.return_.value);
    case AST_STMT_DELETE:
      for (int i = 0; i < s->v.delete_.targets.n; i++)
        if (!cc_target(c, u, s->v.delete_.targets.items[i])) return false;
      return true;
    case AST_STMT_ASSIGN:
      if (!cc_expr(c, u, s->v.assign.value)) return false;
      for (int i = 0; i < s->v.assign.targets.n; i++)
        if (!cc_target(c, u, s->v.assign.targets.items[i])) return false;
      return true;
    case AST_STMT_AUG_ASSIGN: {
      ast_expr *t = s->v.aug_assign.target;
      if (t->kind == AST_EXPR_ATTRIBUTE && !cc_expr(c, u, t->v.attribute.value)) return false;
      if (t->kind == AST_EXPR_SUBSCRIPT &&
          (!cc_expr(c, u, t->v.subscript.value) || !cc_expr(c, u, t->v.subscript.slice)))
        return false;
      return cc_expr(c, u, s->v.aug_assign.value);
    }
    case AST_STMT_ANN_ASSIGN:
      if (s->v.ann_assign.value && !cc_expr(c, u, s->v.ann_assign.value)) return false;
      if (!cc_target(c, u, s->v.ann_assign.target)) return false;
      if (s->v.ann_assign.simple && (u->type == U_MODULE || u->type == U_CLASS))
        return cc_expr(c, u, s->v.ann_assign.annotation);
      return true;
    case AST_STMT_FOR:
      if (s->v.for_.is_async && u->type != U_ASYNC_FUNCTION)
        return ERROR_AT(c, s->pos, "'async for' outside async function");
      return cc_expr(c, u, s->v.for_.iter) && cc_target(c, u, s->v.for_.target) &&
             cc_loop_body(c, u, &s->v.for_.body) && cc_stmts(c, u, &s->v.for_.orelse);
    case AST_STMT_WHILE:
      return cc_expr(c, u, s->v.while_.test) && cc_loop_body(c, u, &s->v.while_.body) &&
             cc_stmts(c, u, &s->v.while_.orelse);
    case AST_STMT_IF:
      return cc_expr(c, u, s->v.if_.test) && cc_stmts(c, u, &s->v.if_.body) &&
             cc_stmts(c, u, &s->v.if_.orelse);
    case AST_STMT_WITH:
      if (s->v.with.is_async && u->type != U_ASYNC_FUNCTION)
        return ERROR_AT(c, s->pos, "'async with' outside async function");
      for (int i = 0; i < s->v.with.items.n; i++) {
        ast_withitem *w = s->v.with.items.items[i];
        if (!cc_expr(c, u, w->context_expr)) return false;
        if (w->optional_vars && !cc_target(c, u, w->optional_vars)) return false;
      }
      return cc_stmts(c, u, &s->v.with.body);
    case AST_STMT_RAISE:
      return (!s->v.raise.exc || cc_expr(c, u, s->v.raise.exc)) &&
             (!s->v.raise.cause || cc_expr(c, u, s->v.raise.cause));
    case AST_STMT_TRY: {
      if (!cc_stmts(c, u, &s->v.try_.body)) return false;
      int n = s->v.try_.handlers.n;
      for (int i = 0; i < n; i++) {
        ast_excepthandler *h = s->v.try_.handlers.items[i];
        if (!h->type && i < n - 1) return ERROR_AT(c, h->pos, "default 'except:' must be last");
        if (h->type && !cc_expr(c, u, h->type)) return false;
        if (!cc_stmts(c, u, &h->body)) return false;
      }
      return cc_stmts(c, u, &s->v.try_.orelse) && cc_stmts(c, u, &s->v.try_.finalbody);
    }
    case AST_STMT_ASSERT:
      if (s->v.assert_.test->kind == AST_EXPR_TUPLE && s->v.assert_.test->v.tuple.elts.n > 0)
        warn_at(c, s->pos.line, "assertion is always true, perhaps remove parentheses?");
      return cc_expr(c, u, s->v.assert_.test) && (!s->v.assert_.msg || cc_expr(c, u, s->v.assert_.msg));
    case AST_STMT_IMPORT_FROM:
      if (s->pos.line > c->future_lineno && s->v.import_from.module &&
          !strcmp(s->v.import_from.module, "__future__"))
        return ERROR_AT(c, s->pos, "from __future__ imports must occur at the beginning of the file");
      return true;
    case AST_STMT_EXPR: return cc_expr(c, u, s->v.expr.value);
    case AST_STMT_BREAK:
      if (!u->loops) return ERROR_AT(c, s->pos, "'break' outside loop");
      return true;
    case AST_STMT_CONTINUE:
      if (!u->loops) return ERROR_AT(c, s->pos, "'continue' not properly in loop");
      return true;
    default: return true;
  }
}

static bool cc_stmts(chk *c, unit *u, ast_stmt_seq *s) {
  for (int i = 0; i < s->n; i++)
    if (!cc_stmt(c, u, s->items[i])) return false;
  return true;
}

/* ----------------------------------------------------------------- entry */

int lang__check_module(ast_module *m, lang_lexer *lx, lang__err *e, lang_diag_cb warn, void *warn_ud) {
  chk c;
  memset(&c, 0, sizeof c);
  c.mod = m;
  c.lx = lx;
  c.err = e;
  c.warn = warn;
  c.warn_ud = warn_ud;
  c.future_lineno = -1;
  c.tmp = lang__arena_new();
  if (!c.tmp) return LANG_ENOMEM;
  bool ok = check_future(&c, m) && depth_stmts(&c, &m->body, 0);
  if (ok) {
    ok = enter_block(&c, BLOCK_MODULE, NULL);
    if (ok) {
      c.top = c.cur;
      ok = st_stmts(&c, &m->body) && analyze_block(&c, c.top, NULL);
    }
  }
  if (ok) {
    unit u = {U_MODULE, c.top, 0};
    ok = cc_stmts(&c, &u, &m->body);
  }
  lang__arena_free(c.tmp);
  if (c.nomem) return LANG_ENOMEM;
  return ok ? LANG_OK : LANG_ESYNTAX;
}
