/* compile.c: resolve a parsed module: scopes, local slots, cells and free variables, constants.
 *
 * Three passes, as CPython's symtable does: (1) walk the tree, making one
 * scope per module, def, lambda, class body and comprehension, recording
 * which names each binds, declares global/nonlocal and uses; (2) decide
 * each name's kind: local, cell (captured by an inner function), free
 * (from an enclosing function; class scopes pass such cells through),
 * global; (3) give slots (params first, then locals, then free variables)
 * and fill the side table the evaluator reads (eval_int.h, invariant 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval_int.h"
#include "lang_int.h"

enum { SC_MODULE, SC_FUNC, SC_CLASS, SC_COMP };
enum {
  F_BOUND = 1, F_PARAM = 2, F_GLOBAL = 4, F_NONLOCAL = 8, F_USED = 16,
  F_CELL = 32, F_FREE = 64,
};

typedef struct sym { const char *id; int flags; int slot; } sym;
typedef struct ref { const void *node; const char *id; bool expr; } ref;

typedef struct scope {
  int kind;
  struct scope *parent;
  sym *syms;
  int nsyms, capsyms;
  const char **params;       /* in order */
  int nparams, capparams;
  const char **frees;        /* free variables in order */
  int nfrees, capfrees;
  ref *refs;
  int nrefs, caprefs;
  struct scope **kids;
  int nkids, capkids;
  lang_code *code;
  char *qualname;
} scope;

typedef struct cstate {
  lang_prog *p;
  scope **all;               /* every scope, parents before children */
  int nall, capall;
  bool nomem;
} cstate;

#define GROW(arr, n, cap) do { if ((n) >= (cap)) { \
    int nc_ = (cap) ? (cap) * 2 : 8; \
    void *np_ = rt_realloc((arr), (size_t)nc_ * sizeof(*(arr))); \
    if (!np_) { cs->nomem = true; return; } \
    (arr) = np_; (cap) = nc_; } } while (0)

static sym *find_sym(scope *s, const char *id) {
  for (int i = 0; i < s->nsyms; i++)
    if (s->syms[i].id == id) return &s->syms[i];
  return NULL;
}

static void add_flag(cstate *cs, scope *s, const char *id, int flags) {
  sym *y = find_sym(s, id);
  if (y) { y->flags |= flags; return; }
  GROW(s->syms, s->nsyms, s->capsyms);
  s->syms[s->nsyms++] = (sym){id, flags, -1};
}

static void add_param(cstate *cs, scope *s, const char *id) {
  add_flag(cs, s, id, F_BOUND | F_PARAM);
  GROW(s->params, s->nparams, s->capparams);
  s->params[s->nparams++] = id;
}

static void add_ref(cstate *cs, scope *s, const ast_expr *e, const char *id) {
  GROW(s->refs, s->nrefs, s->caprefs);
  s->refs[s->nrefs++] = (ref){e, id, true};
}

static scope *new_scope(cstate *cs, scope *parent, int kind, const char *name) {
  if (cs->nall >= cs->capall) {
    int nc = cs->capall ? cs->capall * 2 : 64;
    scope **na = rt_realloc(cs->all, (size_t)nc * sizeof *na);
    if (!na) { cs->nomem = true; return NULL; }
    cs->all = na;
    cs->capall = nc;
  }
  scope *s = rt_calloc(1, sizeof *s);
  lang_code *c = rt_calloc(1, sizeof *c);
  if (!s || !c) { rt_free(s); rt_free(c); cs->nomem = true; return NULL; }
  s->kind = kind;
  s->parent = parent;
  s->code = c;
  c->name = name;
  c->kind = kind == SC_MODULE ? CODE_MODULE : kind == SC_CLASS ? CODE_CLASS
          : kind == SC_COMP ? CODE_COMP : CODE_FUNC;
  /* qualname */
  size_t n = strlen(name);
  if (parent && parent->kind != SC_MODULE) {
    const char *pq = parent->qualname;
    bool loc = parent->kind != SC_CLASS;
    size_t m = strlen(pq) + n + 12;
    s->qualname = rt_malloc(m);
    if (s->qualname) snprintf(s->qualname, m, "%s.%s%s", pq, loc ? "<locals>." : "", name);
  } else {
    s->qualname = rt_malloc(n + 1);
    if (s->qualname) memcpy(s->qualname, name, n + 1);
  }
  if (!s->qualname) cs->nomem = true;
  cs->all[cs->nall++] = s;
  if (parent) {
    if (parent->nkids >= parent->capkids) {
      int nc = parent->capkids ? parent->capkids * 2 : 4;
      void *np = rt_realloc(parent->kids, (size_t)nc * sizeof *parent->kids);
      if (!np) { cs->nomem = true; return s; }
      parent->kids = np; parent->capkids = nc;
    }
    parent->kids[parent->nkids++] = s;
  }
  return s;
}

static void set_info(cstate *cs, const void *key, int kind, int slot, py_obj *obj,
                     lang_code *code);
static void set_expr_info(cstate *cs, const ast_expr *e, int kind, int slot, py_obj *obj,
                          lang_code *code);

static void visit_expr(cstate *cs, scope *s, const ast_expr *e);
static void visit_stmts(cstate *cs, scope *s, const ast_stmt_seq *b);

static void visit_exprs(cstate *cs, scope *s, const ast_expr_seq *q) {
  for (int i = 0; i < q->n; i++) if (q->items[i]) visit_expr(cs, s, q->items[i]);
}

static void visit_args_defaults(cstate *cs, scope *s, const ast_arguments *a) {
  visit_exprs(cs, s, &a->defaults);
  visit_exprs(cs, s, &a->kw_defaults);
}

static void bind_params(cstate *cs, scope *f, const ast_arguments *a) {
  for (int i = 0; i < a->posonlyargs.n; i++) add_param(cs, f, a->posonlyargs.items[i]->arg);
  for (int i = 0; i < a->args.n; i++) add_param(cs, f, a->args.items[i]->arg);
  for (int i = 0; i < a->kwonlyargs.n; i++) add_param(cs, f, a->kwonlyargs.items[i]->arg);
  if (a->vararg) add_param(cs, f, a->vararg->arg);
  if (a->kwarg) add_param(cs, f, a->kwarg->arg);
  lang_code *c = f->code;
  c->nposonly = a->posonlyargs.n;
  c->nargs = a->posonlyargs.n + a->args.n;
  c->nkwonly = a->kwonlyargs.n;
  c->varargs = a->vararg != NULL;
  c->varkw = a->kwarg != NULL;
}

static void visit_comp(cstate *cs, scope *s, const ast_expr *e, const char *name,
                       const ast_comprehension_seq *gens) {
  /* the first iterable is evaluated in the enclosing scope */
  visit_expr(cs, s, gens->items[0]->iter);
  scope *c = new_scope(cs, s, SC_COMP, name);
  if (!c) return;
  add_param(cs, c, ".0");
  c->code->nargs = 1;
  c->code->expr = e;
  c->code->firstline = e->pos.line;
  c->code->is_gen = e->kind == AST_EXPR_GENERATOR_EXP;
  set_expr_info(cs, e, 0, 0, NULL, c->code);
  for (int i = 0; i < gens->n; i++) {
    const ast_comprehension *g = gens->items[i];
    if (g->is_async) c->code->is_async = true;
    if (i > 0) visit_expr(cs, c, g->iter);
    visit_expr(cs, c, g->target);
    visit_exprs(cs, c, &g->ifs);
  }
  if (e->kind == AST_EXPR_DICT_COMP) {
    visit_expr(cs, c, e->v.dict_comp.key);
    visit_expr(cs, c, e->v.dict_comp.value);
  } else {
    visit_expr(cs, c, e->v.comp.elt);
  }
  /* As CPython 3.11's symtable: an `async for` or an await makes the
   * comprehension a coroutine (a generator expression an async generator);
   * a list, set or dict one is awaited where it stands, so an enclosing
   * comprehension becomes one too (an enclosing def is async already, or
   * check.c reported the SyntaxError). */
  if (c->code->is_async && !c->code->is_gen && s->kind == SC_COMP) s->code->is_async = true;
}

static void visit_expr(cstate *cs, scope *s, const ast_expr *e) {
  if (!e || cs->nomem) return;
  switch (e->kind) {
  case AST_EXPR_NAME:
    add_ref(cs, s, e, e->v.name.id);
    add_flag(cs, s, e->v.name.id, e->ctx == AST_CTX_LOAD ? F_USED : F_BOUND);
    break;
  case AST_EXPR_BOOL_OP: visit_exprs(cs, s, &e->v.bool_op.values); break;
  case AST_EXPR_NAMED_EXPR: {
    visit_expr(cs, s, e->v.named_expr.value);
    const ast_expr *t = e->v.named_expr.target;
    scope *b = s;
    while (b->kind == SC_COMP) b = b->parent;
    add_ref(cs, s, t, t->v.name.id);
    if (b == s) {
      add_flag(cs, s, t->v.name.id, F_BOUND);
    } else {
      add_flag(cs, b, t->v.name.id, F_BOUND);
      add_flag(cs, s, t->v.name.id, F_USED);
      for (scope *q = s; q != b; q = q->parent)
        if (b->kind == SC_MODULE) add_flag(cs, q, t->v.name.id, F_GLOBAL);
    }
    break;
  }
  case AST_EXPR_BIN_OP:
    visit_expr(cs, s, e->v.bin_op.left);
    visit_expr(cs, s, e->v.bin_op.right);
    break;
  case AST_EXPR_UNARY_OP: visit_expr(cs, s, e->v.unary_op.operand); break;
  case AST_EXPR_LAMBDA: {
    visit_args_defaults(cs, s, e->v.lambda.args);
    scope *f = new_scope(cs, s, SC_FUNC, "<lambda>");
    if (!f) return;
    f->code->expr = e;
    f->code->firstline = e->pos.line;
    bind_params(cs, f, e->v.lambda.args);
    set_expr_info(cs, e, 0, 0, NULL, f->code);
    visit_expr(cs, f, e->v.lambda.body);
    break;
  }
  case AST_EXPR_IF_EXP:
    visit_expr(cs, s, e->v.if_exp.test);
    visit_expr(cs, s, e->v.if_exp.body);
    visit_expr(cs, s, e->v.if_exp.orelse);
    break;
  case AST_EXPR_DICT:
    visit_exprs(cs, s, &e->v.dict.keys);
    visit_exprs(cs, s, &e->v.dict.values);
    break;
  case AST_EXPR_SET: visit_exprs(cs, s, &e->v.set.elts); break;
  case AST_EXPR_LIST_COMP: visit_comp(cs, s, e, "<listcomp>", &e->v.comp.generators); break;
  case AST_EXPR_SET_COMP: visit_comp(cs, s, e, "<setcomp>", &e->v.comp.generators); break;
  case AST_EXPR_GENERATOR_EXP: visit_comp(cs, s, e, "<genexpr>", &e->v.comp.generators); break;
  case AST_EXPR_DICT_COMP: visit_comp(cs, s, e, "<dictcomp>", &e->v.dict_comp.generators); break;
  case AST_EXPR_AWAIT:
    visit_expr(cs, s, e->v.await_expr.value);
    if (s->kind == SC_COMP) s->code->is_async = true;
    break;
  case AST_EXPR_YIELD:
    visit_expr(cs, s, e->v.yield.value);
    s->code->is_gen = true;
    break;
  case AST_EXPR_YIELD_FROM:
    visit_expr(cs, s, e->v.yield_from.value);
    s->code->is_gen = true;
    break;
  case AST_EXPR_COMPARE:
    visit_expr(cs, s, e->v.compare.left);
    visit_exprs(cs, s, &e->v.compare.comparators);
    break;
  case AST_EXPR_CALL: {
    visit_expr(cs, s, e->v.call.func);
    visit_exprs(cs, s, &e->v.call.args);
    int nk = 0;
    bool dstar = false;
    for (int i = 0; i < e->v.call.keywords.n; i++) {
      visit_expr(cs, s, e->v.call.keywords.items[i]->value);
      if (e->v.call.keywords.items[i]->arg) nk++; else dstar = true;
    }
    if (nk > 0) {
      py_obj *t = py_tuple_new(nk);
      if (!t) { cs->nomem = true; return; }
      int j = 0;
      for (int i = 0; i < e->v.call.keywords.n; i++) {
        const char *a = e->v.call.keywords.items[i]->arg;
        if (!a) continue;
        py_obj *n = py_intern_cstr(a);
        if (!n) { cs->nomem = true; py_tuple_set_steal(t, j++, py_newref(py_None)); continue; }
        py_tuple_set_steal(t, j++, n);
      }
      set_expr_info(cs, e, dstar, 0, t, NULL);
    }
    break;
  }
  case AST_EXPR_FORMATTED_VALUE:
    visit_expr(cs, s, e->v.formatted_value.value);
    visit_expr(cs, s, e->v.formatted_value.format_spec);
    break;
  case AST_EXPR_JOINED_STR: visit_exprs(cs, s, &e->v.joined_str.values); break;
  case AST_EXPR_CONSTANT: {
    const ast_const *k = &e->v.constant;
    py_obj *o = NULL;
    switch (k->kind) {
    case AST_CONST_NONE: o = py_newref(py_None); break;
    case AST_CONST_BOOL: o = py_bool_from(k->b); break;
    case AST_CONST_ELLIPSIS: o = py_newref(py_Ellipsis); break;
    case AST_CONST_INT:
      if (k->big) { o = NULL; break; }
      o = py_int_from(k->i);
      break;
    case AST_CONST_FLOAT: o = py_float_from(k->f); break;
    case AST_CONST_STR: o = py_str_from_utf8(k->str, k->len); break;
    case AST_CONST_BYTES: o = py_bytes_from(k->str, k->len); break;
    }
    if (!o && py_err_occurred()) { cs->nomem = true; return; }
    set_expr_info(cs, e, k->kind, 0, o, NULL);
    break;
  }
  case AST_EXPR_ATTRIBUTE: {
    visit_expr(cs, s, e->v.attribute.value);
    py_obj *n = py_intern_cstr(e->v.attribute.attr);
    if (!n) { cs->nomem = true; return; }
    set_expr_info(cs, e, 0, 0, n, NULL);
    break;
  }
  case AST_EXPR_SUBSCRIPT:
    visit_expr(cs, s, e->v.subscript.value);
    visit_expr(cs, s, e->v.subscript.slice);
    break;
  case AST_EXPR_STARRED: visit_expr(cs, s, e->v.starred.value); break;
  case AST_EXPR_LIST: visit_exprs(cs, s, &e->v.list.elts); break;
  case AST_EXPR_TUPLE: visit_exprs(cs, s, &e->v.tuple.elts); break;
  case AST_EXPR_SLICE:
    visit_expr(cs, s, e->v.slice.lower);
    visit_expr(cs, s, e->v.slice.upper);
    visit_expr(cs, s, e->v.slice.step);
    break;
  default: break;
  }
}

/* A binding that is not a Name node (def, class, import, except as): the
 * rinfo is keyed by key and resolved like a Store of id. */
typedef struct pending_bind { const void *key; const char *id; } pending_bind;

static void bind_other(cstate *cs, scope *s, const void *key, const char *id) {
  add_flag(cs, s, id, F_BOUND);
  GROW(s->refs, s->nrefs, s->caprefs);
  s->refs[s->nrefs++] = (ref){key, id, false};
}

static void visit_stmt(cstate *cs, scope *s, const ast_stmt *st) {
  if (cs->nomem) return;
  switch (st->kind) {
  case AST_STMT_FUNCTION_DEF: {
    visit_exprs(cs, s, &st->v.function_def.decorator_list);
    visit_args_defaults(cs, s, st->v.function_def.args);
    scope *f = new_scope(cs, s, SC_FUNC, st->v.function_def.name);
    if (!f) return;
    f->code->def = st;
    f->code->body = &st->v.function_def.body;
    f->code->firstline = st->pos.line;
    f->code->is_async = st->v.function_def.is_async;
    bind_params(cs, f, st->v.function_def.args);
    set_info(cs, st, 0, 0, NULL, f->code);
    visit_stmts(cs, f, &st->v.function_def.body);
    bind_other(cs, s, (const char *)st + 1, st->v.function_def.name);
    break;
  }
  case AST_STMT_CLASS_DEF: {
    visit_exprs(cs, s, &st->v.class_def.decorator_list);
    visit_exprs(cs, s, &st->v.class_def.bases);
    for (int i = 0; i < st->v.class_def.keywords.n; i++)
      visit_expr(cs, s, st->v.class_def.keywords.items[i]->value);
    scope *c = new_scope(cs, s, SC_CLASS, st->v.class_def.name);
    if (!c) return;
    c->code->def = st;
    c->code->body = &st->v.class_def.body;
    c->code->firstline = st->pos.line;
    set_info(cs, st, 0, 0, NULL, c->code);
    visit_stmts(cs, c, &st->v.class_def.body);
    bind_other(cs, s, (const char *)st + 1, st->v.class_def.name);
    break;
  }
  case AST_STMT_RETURN: visit_expr(cs, s, st->v.return_.value); break;
  case AST_STMT_DELETE: visit_exprs(cs, s, &st->v.delete_.targets); break;
  case AST_STMT_ASSIGN:
    visit_expr(cs, s, st->v.assign.value);
    visit_exprs(cs, s, &st->v.assign.targets);
    break;
  case AST_STMT_AUG_ASSIGN:
    visit_expr(cs, s, st->v.aug_assign.value);
    visit_expr(cs, s, st->v.aug_assign.target);
    if (st->v.aug_assign.target->kind == AST_EXPR_NAME)
      add_flag(cs, s, st->v.aug_assign.target->v.name.id, F_USED);
    break;
  case AST_STMT_ANN_ASSIGN:
    visit_expr(cs, s, st->v.ann_assign.value);
    if (st->v.ann_assign.value || st->v.ann_assign.target->kind != AST_EXPR_NAME)
      visit_expr(cs, s, st->v.ann_assign.target);
    else
      add_flag(cs, s, st->v.ann_assign.target->v.name.id, F_BOUND);
    break;
  case AST_STMT_FOR:
    visit_expr(cs, s, st->v.for_.iter);
    visit_expr(cs, s, st->v.for_.target);
    visit_stmts(cs, s, &st->v.for_.body);
    visit_stmts(cs, s, &st->v.for_.orelse);
    break;
  case AST_STMT_WHILE:
    visit_expr(cs, s, st->v.while_.test);
    visit_stmts(cs, s, &st->v.while_.body);
    visit_stmts(cs, s, &st->v.while_.orelse);
    break;
  case AST_STMT_IF:
    visit_expr(cs, s, st->v.if_.test);
    visit_stmts(cs, s, &st->v.if_.body);
    visit_stmts(cs, s, &st->v.if_.orelse);
    break;
  case AST_STMT_WITH:
    for (int i = 0; i < st->v.with.items.n; i++) {
      visit_expr(cs, s, st->v.with.items.items[i]->context_expr);
      visit_expr(cs, s, st->v.with.items.items[i]->optional_vars);
    }
    visit_stmts(cs, s, &st->v.with.body);
    break;
  case AST_STMT_RAISE:
    visit_expr(cs, s, st->v.raise.exc);
    visit_expr(cs, s, st->v.raise.cause);
    break;
  case AST_STMT_TRY:
    visit_stmts(cs, s, &st->v.try_.body);
    for (int i = 0; i < st->v.try_.handlers.n; i++) {
      const ast_excepthandler *h = st->v.try_.handlers.items[i];
      visit_expr(cs, s, h->type);
      if (h->name) bind_other(cs, s, h, h->name);
      visit_stmts(cs, s, &h->body);
    }
    visit_stmts(cs, s, &st->v.try_.orelse);
    visit_stmts(cs, s, &st->v.try_.finalbody);
    break;
  case AST_STMT_ASSERT:
    visit_expr(cs, s, st->v.assert_.test);
    visit_expr(cs, s, st->v.assert_.msg);
    break;
  case AST_STMT_IMPORT:
    for (int i = 0; i < st->v.import.names.n; i++) {
      const ast_alias *a = st->v.import.names.items[i];
      const char *id = a->asname;
      if (!id) {
        const char *dot = strchr(a->name, '.');
        id = dot ? lang__arena_intern(cs->p->mod->arena, a->name, (size_t)(dot - a->name))
                 : a->name;
        if (!id) { cs->nomem = true; return; }
        /* identifiers are interned per module: find the same pointer */
        if (!dot) id = a->name;
      }
      py_obj *n = py_intern_cstr(a->name);
      if (!n) { cs->nomem = true; return; }
      bind_other(cs, s, a, id);
      set_info(cs, (const char *)a + 1, 0, 0, n, NULL);
    }
    break;
  case AST_STMT_IMPORT_FROM:
    for (int i = 0; i < st->v.import_from.names.n; i++) {
      const ast_alias *a = st->v.import_from.names.items[i];
      if (strcmp(a->name, "*") == 0) continue;
      py_obj *n = py_intern_cstr(a->name);
      if (!n) { cs->nomem = true; return; }
      bind_other(cs, s, a, a->asname ? a->asname : a->name);
      set_info(cs, (const char *)a + 1, 0, 0, n, NULL);
    }
    break;
  case AST_STMT_GLOBAL:
    for (int i = 0; i < st->v.global.names.n; i++)
      add_flag(cs, s, st->v.global.names.items[i], F_GLOBAL);
    break;
  case AST_STMT_NONLOCAL:
    for (int i = 0; i < st->v.nonlocal.names.n; i++)
      add_flag(cs, s, st->v.nonlocal.names.items[i], F_NONLOCAL);
    break;
  case AST_STMT_EXPR: visit_expr(cs, s, st->v.expr.value); break;
  default: break;
  }
}

static void visit_stmts(cstate *cs, scope *s, const ast_stmt_seq *b) {
  for (int i = 0; i < b->n; i++) visit_stmt(cs, s, b->items[i]);
}

/* ------------------------------------------------------------ analysis */

static bool is_local(const sym *y) {
  return (y->flags & F_BOUND) && !(y->flags & (F_GLOBAL | F_NONLOCAL));
}

static void add_free(cstate *cs, scope *s, const char *id) {
  for (int i = 0; i < s->nfrees; i++) if (s->frees[i] == id) return;
  GROW(s->frees, s->nfrees, s->capfrees);
  s->frees[s->nfrees++] = id;
  add_flag(cs, s, id, 0);
  find_sym(s, id)->flags |= F_FREE;
}

/* Whether id, used in s, is bound in an enclosing function; if so, mark the
 * cell there and the pass-through frees on the way. */
static bool resolve_free(cstate *cs, scope *s, const char *id) {
  scope *p = s->parent;
  scope *found = NULL;
  for (; p && p->kind != SC_MODULE; p = p->parent) {
    if (p->kind == SC_CLASS) continue;
    sym *y = find_sym(p, id);
    if (!y) continue;
    if (y->flags & F_GLOBAL) return false;
    if (is_local(y) || (y->flags & (F_NONLOCAL | F_FREE))) { found = p; break; }
  }
  if (!found) return false;
  sym *y = find_sym(found, id);
  if (is_local(y)) y->flags |= F_CELL;
  for (scope *q = s; q != found; q = q->parent) add_free(cs, q, id);
  return true;
}

static void analyze(cstate *cs, scope *s) {
  if (s->kind != SC_MODULE) {
    for (int i = 0; i < s->nsyms && !cs->nomem; i++) {
      sym *y = &s->syms[i];
      if (y->flags & F_GLOBAL) continue;
      if (y->flags & F_NONLOCAL) { resolve_free(cs, s, y->id); continue; }
      if (s->kind == SC_CLASS) {
        if (!(y->flags & F_BOUND)) resolve_free(cs, s, y->id);
        continue;
      }
      if (!(y->flags & F_BOUND)) resolve_free(cs, s, y->id);
    }
  }
  for (int i = 0; i < s->nkids; i++) analyze(cs, s->kids[i]);
}

static py_obj *interned(cstate *cs, const char *id) {
  py_obj *o = py_intern_cstr(id);
  if (!o) cs->nomem = true;
  return o;
}

static void assign_slots(cstate *cs, scope *s) {
  lang_code *c = s->code;
  int n = 0;
  if (s->kind == SC_FUNC || s->kind == SC_COMP) {
    for (int i = 0; i < s->nparams; i++) find_sym(s, s->params[i])->slot = n++;
    for (int i = 0; i < s->nsyms; i++) {
      sym *y = &s->syms[i];
      if (y->slot < 0 && is_local(y) && !(y->flags & F_FREE)) y->slot = n++;
    }
  }
  c->nparams = s->nparams;
  c->nlocals = n;
  c->nfree = s->nfrees;
  c->nslots = n + s->nfrees;
  for (int i = 0; i < s->nfrees; i++) {
    sym *y = find_sym(s, s->frees[i]);
    if (s->kind == SC_CLASS || !is_local(y)) y->slot = n + i;
  }
  c->is_cell = rt_calloc((size_t)c->nslots + 1, 1);
  c->slot_names = rt_calloc((size_t)c->nslots + 1, sizeof(py_obj *));
  c->free_src = rt_calloc((size_t)s->nfrees + 1, sizeof(int));
  if (!c->is_cell || !c->slot_names || !c->free_src) { cs->nomem = true; return; }
  for (int i = 0; i < s->nsyms; i++) {
    sym *y = &s->syms[i];
    if (y->slot < 0) continue;
    if (y->slot < c->nlocals && (y->flags & F_CELL)) c->is_cell[y->slot] = 1;
    if (!c->slot_names[y->slot]) c->slot_names[y->slot] = interned(cs, y->id);
  }
  for (int i = 0; i < s->nfrees; i++) {
    if (!c->slot_names[n + i]) c->slot_names[n + i] = interned(cs, s->frees[i]);
    /* where the parent keeps the cell */
    scope *p = s->parent;
    sym *py = find_sym(p, s->frees[i]);
    c->free_src[i] = py ? py->slot : -1;
  }
  c->name_obj = interned(cs, c->name);
  c->qualname_obj = py_str_from_cstr(s->qualname ? s->qualname : c->name);
  if (!c->qualname_obj) cs->nomem = true;
  c->filename = cs->p->filename;
}

static void resolve_refs(cstate *cs, scope *s) {
  for (int i = 0; i < s->nrefs && !cs->nomem; i++) {
    ref *r = &s->refs[i];
    sym *y = find_sym(s, r->id);
    py_obj *name = interned(cs, r->id);
    if (!name) return;
    int kind = NK_NAME, slot = 0;
    if (s->kind == SC_MODULE) {
      kind = NK_NAME;
    } else if (y->flags & F_GLOBAL) {
      kind = NK_GLOBAL;
    } else if (s->kind == SC_CLASS) {
      if (y->flags & F_NONLOCAL) { kind = NK_DEREF; slot = y->slot; }
      else if ((y->flags & F_FREE) && !(y->flags & F_BOUND)) { kind = NK_CLASSDEREF; slot = y->slot; }
      else kind = NK_NAME;
    } else if (y->flags & F_FREE) {
      kind = NK_DEREF; slot = y->slot;
    } else if (is_local(y)) {
      slot = y->slot;
      kind = (y->flags & F_CELL) ? NK_DEREF : NK_FAST;
    } else {
      kind = NK_GLOBAL;
    }
    if (r->expr) set_expr_info(cs, r->node, kind, slot, name, NULL);
    else set_info(cs, r->node, kind, slot, name, NULL);
  }
}

/* ------------------------------------------------------------ side table */

static size_t hash_ptr(const void *p) {
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 33; x *= 0xff51afd7ed558ccdULL; x ^= x >> 33;
  return (size_t)x;
}

static bool tab_grow(lang_prog *p) {
  size_t nc = p->tabcap ? p->tabcap * 2 : 1024;
  lang_rinfo *nt = rt_calloc(nc, sizeof *nt);
  if (!nt) return false;
  for (size_t i = 0; i < p->tabcap; i++) {
    if (!p->tab[i].key) continue;
    size_t h = hash_ptr(p->tab[i].key) & (nc - 1);
    while (nt[h].key) h = (h + 1) & (nc - 1);
    nt[h] = p->tab[i];
  }
  rt_free(p->tab);
  p->tab = nt;
  p->tabcap = nc;
  return true;
}

static void set_info(cstate *cs, const void *key, int kind, int slot, py_obj *obj,
                     lang_code *code) {
  lang_prog *p = cs->p;
  if ((p->tabn + 1) * 2 > p->tabcap && !tab_grow(p)) {
    cs->nomem = true;
    py_xdecref(obj);
    return;
  }
  size_t h = hash_ptr(key) & (p->tabcap - 1);
  while (p->tab[h].key && p->tab[h].key != key) h = (h + 1) & (p->tabcap - 1);
  lang_rinfo *r = &p->tab[h];
  if (r->key) {
    if (obj) PY_SETREF(r->obj, obj);
    r->kind = kind; r->slot = slot;
    if (code) r->code = code;
    return;
  }
  p->tabn++;
  *r = (lang_rinfo){.key = key, .kind = kind, .slot = slot, .obj = obj, .code = code};
}

/* An expression's entry goes in the dense table, its index in the node
 * (the one field of the tree written after parsing). Index 0 is "none". */
static void set_expr_info(cstate *cs, const ast_expr *e, int kind, int slot, py_obj *obj,
                          lang_code *code) {
  lang_prog *p = cs->p;
  ast_expr *m = (ast_expr *)e;
  if (m->ri > 0 && m->ri < p->nri && p->ri[m->ri].key == e) {
    lang_rinfo *r = &p->ri[m->ri];
    if (obj) PY_SETREF(r->obj, obj);
    r->kind = kind; r->slot = slot;
    if (code) r->code = code;
    return;
  }
  if (p->nri >= p->capri) {
    int32_t nc = p->capri ? p->capri * 2 : 256;
    lang_rinfo *nr = p->capri >= INT32_MAX / 2 ? NULL
                   : rt_realloc(p->ri, (size_t)nc * sizeof *nr);
    if (!nr) { cs->nomem = true; py_xdecref(obj); return; }
    p->ri = nr;
    p->capri = nc;
    if (p->nri == 0) p->ri[p->nri++] = (lang_rinfo){.kind = -1};
  }
  m->ri = p->nri;
  p->ri[p->nri++] = (lang_rinfo){.key = e, .kind = kind, .slot = slot, .obj = obj, .code = code};
}

lang_rinfo *lang__rinfo(lang_prog *p, const void *node) {
  if (!p->tab) return NULL;
  size_t m = p->tabcap - 1;
  size_t h = hash_ptr(node) & m;
  for (;;) {
    lang_rinfo *r = &p->tab[h];
    if (r->key == node) return r;
    if (!r->key) return NULL;
    h = (h + 1) & m;
  }
}

/* ------------------------------------------------------------------ api */

static void scope_free(scope *s) {
  rt_free(s->syms); rt_free(s->params); rt_free(s->frees); rt_free(s->refs); rt_free(s->kids);
  rt_free(s->qualname);
  rt_free(s);
}

static void code_free(lang_code *c) {
  if (!c) return;
  for (int i = 0; i < c->nslots; i++) py_xdecref(c->slot_names ? c->slot_names[i] : NULL);
  rt_free(c->slot_names); rt_free(c->is_cell); rt_free(c->free_src);
  py_xdecref(c->name_obj);
  py_xdecref(c->qualname_obj);
  rt_free(c);
}

void lang__prog_free(lang_prog *p) {
  if (!p) return;
  for (size_t i = 0; i < p->tabcap; i++) if (p->tab[i].key) py_xdecref(p->tab[i].obj);
  rt_free(p->tab);
  for (int32_t i = 0; i < p->nri; i++) py_xdecref(p->ri[i].obj);
  rt_free(p->ri);
  for (size_t i = 0; i < p->ncodes; i++) code_free(p->codes[i]);
  rt_free(p->codes);
  py_xdecref(p->filename);
  if (p->mod) ast_module_free(p->mod);
  rt_free(p->lines);
  rt_free(p->src);
  rt_free(p);
}

bool lang__prog_line(lang_prog *p, int n, const char **s, size_t *len) {
  if (n < 1 || n > p->nlines) return false;
  const char *a = p->lines[n - 1];
  const char *e = a;
  const char *end = p->src + p->srclen;
  while (e < end && *e != '\n' && *e != '\r') e++;
  *s = a;
  *len = (size_t)(e - a);
  return true;
}

int lang__compile(ast_module *m, lang_prog **out) {
  *out = NULL;
  lang_prog *p = rt_calloc(1, sizeof *p);
  cstate *cs = rt_calloc(1, sizeof *cs);
  if (!p || !cs) { rt_free(p); rt_free(cs); py_err_no_memory(); return -1; }
  cs->p = p;
  p->mod = m;
  p->filename = py_str_from_cstr(m->filename ? m->filename : "<unknown>");
  if (!p->filename) cs->nomem = true;
  scope *top = new_scope(cs, NULL, SC_MODULE, "<module>");
  if (top) {
    top->code->body = &m->body;
    top->code->firstline = 1;
    visit_stmts(cs, top, &m->body);
    analyze(cs, top);
    for (int i = 0; i < cs->nall; i++) assign_slots(cs, cs->all[i]);
    for (int i = 0; i < cs->nall; i++) resolve_refs(cs, cs->all[i]);
  }
  p->codes = rt_calloc((size_t)cs->nall + 1, sizeof *p->codes);
  if (!p->codes) cs->nomem = true;
  for (int i = 0; i < cs->nall; i++) {
    if (p->codes) p->codes[p->ncodes++] = cs->all[i]->code;
    else code_free(cs->all[i]->code);
    scope_free(cs->all[i]);
  }
  p->main = p->ncodes ? p->codes[0] : NULL;
  bool bad = cs->nomem;
  rt_free(cs->all);
  rt_free(cs);
  if (bad) {
    p->mod = NULL;
    lang__prog_free(p);
    if (!py_err_occurred()) py_err_no_memory();
    return -1;
  }
  *out = p;
  return 0;
}
