/* eval.c: the evaluator: a tree walker over the resolved AST, functions, calls, generators and coroutines.
 *
 * Expressions return a new reference or NULL with the exception set;
 * statements return an X_* status. The node whose own operation failed
 * adds the frame's traceback entry (lang__tb_here), so an error is tagged
 * once per frame with the exact span CPython's carets show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deep_int.h"
#include "eval_int.h"

enum { X_OK, X_ERR, X_RET, X_BRK, X_CONT };

lang_interp *lang__ip;
int lang__anchor[3];

static py_obj *eval_full(lang_frame *f, const ast_expr *e);
static int exec_block(lang_frame *f, const ast_stmt_seq *b);
static int assign(lang_frame *f, const ast_expr *t, py_obj *v);
static py_obj *make_function(lang_frame *f, lang_code *c, const ast_arguments *a);
static py_obj *run_frame(lang_frame *f);

#define RI(f, e) lang__expr_rinfo((f)->prog, (e))          /* an expression's */
#define RIK(f, node) lang__rinfo((f)->prog, (node))         /* another node's */
#define FAIL(f, node) do { lang__tb_here((f), &(node)->pos, false); return NULL; } while (0)

/* An expression's value (a new reference, or NULL with the exception
 * set). A bound local and a constant, most of what is evaluated, are read
 * here, inline; the rest goes to the big switch in eval_full, whose frame
 * (six saved registers and spills) they would otherwise pay for. */
static inline __attribute__((always_inline)) py_obj *eval(lang_frame *f, const ast_expr *e) {
  if (e->kind == AST_EXPR_NAME) {
    lang_rinfo *r = RI(f, e);
    if (r->kind == NK_FAST && f->fast[r->slot]) return py_newref(f->fast[r->slot]);
  } else if (e->kind == AST_EXPR_CONSTANT) {
    py_obj *o = RI(f, e)->obj;
    if (o) return py_newref(o);
  }
  return eval_full(f, e);
}

/* ------------------------------------------------------------ traceback */

void lang__tb_here(lang_frame *f, const ast_pos *pos, bool force) {
  py_obj *exc = py_err_occurred();
  if (!exc || !py_exc_check(exc) || !f) { lang__anchor[0] = 0; return; }
  py_exc *x = (py_exc *)exc;
  py_obj *tb = x->traceback;
  py_ssize_t n = tb && py_list_check(tb) ? py_list_len(tb) : 0;
  if (!force && n > 0) {
    py_obj *last = py_list_get(tb, n - 1);
    if ((uint64_t)py_int_value(py_tuple_get(last, 0)) == f->serial) { lang__anchor[0] = 0; return; }
  }
  lang_interp *ip = lang__ip;
  if ((n == 0 || force) && ip && ip->nhandled > 0) {
    py_obj *h = ip->handled[ip->nhandled - 1];
    if (h && h != exc) {
      /* avoid a cycle in the context chain, as CPython does */
      py_obj *o = h;
      while (o) {
        py_obj *c = py_exc_context(o);
        if (c == exc) { py_exc_set_context(o, NULL); break; }
        o = c;
      }
      py_exc_set_context(exc, h);
    }
  }
  py_obj *saved = py_err_fetch();
  if (!tb || !py_list_check(tb)) {
    tb = py_list_new(4);
    if (!tb) { py_err_clear(); py_err_restore(saved); return; }
    py_exc_set_traceback(saved, tb);
    py_decref(tb);
  }
  py_obj *items[10];
  items[7] = py_int_from(lang__anchor[0]);
  items[8] = py_int_from(lang__anchor[1]);
  items[9] = py_int_from(lang__anchor[2]);
  lang__anchor[0] = 0;
  items[0] = py_int_from((int64_t)f->serial);
  items[1] = py_int_from(pos->line);
  items[2] = py_int_from(pos->col);
  items[3] = py_int_from(pos->end_line);
  items[4] = py_int_from(pos->end_col);
  items[5] = py_newref(f->code->name_obj);
  items[6] = py_int_from((int64_t)(intptr_t)f->prog);
  bool ok = true;
  for (int i = 0; i < 10; i++) if (!items[i]) ok = false;
  if (ok) {
    py_obj *t = py_tuple_from(items, 10);
    if (t) { py_list_append(tb, t); py_decref(t); }
  }
  for (int i = 0; i < 10; i++) py_xdecref(items[i]);
  py_err_clear();
  py_err_restore(saved);
}

/* ------------------------------------------------------------- handled */

static int push_handled(lang_interp *ip, py_obj *exc) {
  if (ip->nhandled >= ip->caphandled) {
    int nc = ip->caphandled ? ip->caphandled * 2 : 16;
    py_obj **nh = rt_realloc(ip->handled, (size_t)nc * sizeof *nh);
    if (!nh) { py_err_no_memory(); return -1; }
    ip->handled = nh;
    ip->caphandled = nc;
  }
  ip->handled[ip->nhandled++] = py_xnewref(exc);
  return 0;
}

static void pop_handled(lang_interp *ip) {
  py_obj *e = ip->handled[--ip->nhandled];
  py_xdecref(e);
}

/* ----------------------------------------------------------------- cells */

static void cell_dealloc(py_obj *o) {
  py_xdecref(((lang_cell *)o)->ref);
  py_obj_free(o, sizeof(lang_cell));
}
static int cell_traverse(py_obj *o, py_visitfn visit, void *arg) {
  lang_cell *c = (lang_cell *)o;
  return c->ref ? visit(c->ref, arg) : 0;
}
static void cell_clear(py_obj *o) { PY_CLEAR(((lang_cell *)o)->ref); }

py_type lang_cell_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "cell",
    .flags = PY_TF_GC,
    .basicsize = sizeof(lang_cell),
    .dealloc = cell_dealloc,
    .traverse = cell_traverse,
    .clear = cell_clear,
};

py_obj *lang__cell_new(py_obj *v) {
  lang_cell *c = (lang_cell *)py_obj_alloc(&lang_cell_type, sizeof(lang_cell));
  if (!c) return NULL;
  c->ref = py_xnewref(v);
  return &c->ob;
}

/* ------------------------------------------------------------- functions */

static void func_dealloc(py_obj *o) {
  lang_func *fn = (lang_func *)o;
  py_xdecref(fn->globals);
  py_xdecref(fn->defaults);
  py_xdecref(fn->kwdefaults);
  py_xdecref(fn->closure);
  py_xdecref(fn->name);
  py_xdecref(fn->qualname);
  py_xdecref(fn->dict);
  py_xdecref(fn->doc);
  py_xdecref(fn->klass);
  py_obj_free(o, sizeof(lang_func));
}

static int func_traverse(py_obj *o, py_visitfn visit, void *arg) {
  lang_func *fn = (lang_func *)o;
  py_obj *refs[] = {fn->globals, fn->defaults, fn->kwdefaults, fn->closure,
                    fn->dict, fn->klass, fn->doc};
  for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
    if (refs[i]) { int r = visit(refs[i], arg); if (r) return r; }
  return 0;
}

static void func_clear(py_obj *o) {
  lang_func *fn = (lang_func *)o;
  PY_CLEAR(fn->defaults);
  PY_CLEAR(fn->kwdefaults);
  PY_CLEAR(fn->closure);
  PY_CLEAR(fn->dict);
  PY_CLEAR(fn->klass);
  PY_CLEAR(fn->globals);
  PY_CLEAR(fn->doc);
}

static py_obj *func_repr(py_obj *o) {
  lang_func *fn = (lang_func *)o;
  return py_str_from_format("<function %s at %p>", py_str_utf8(fn->qualname), (void *)o);
}

static py_obj *func_descr_get(py_obj *descr, py_obj *obj, py_type *type) {
  (void)type;
  if (!obj || obj == py_None) return py_newref(descr);
  return py_method_new(descr, obj);
}

static py_obj *func_get_name(py_obj *o) { return py_newref(((lang_func *)o)->name); }
static int func_set_name(py_obj *o, py_obj *v) {
  if (!v || !py_str_check(v))
    { py_err_set_str(&py_exc_TypeError, "__name__ must be set to a string object"); return -1; }
  PY_SETREF(((lang_func *)o)->name, py_newref(v));
  return 0;
}
static py_obj *func_get_qualname(py_obj *o) { return py_newref(((lang_func *)o)->qualname); }
static int func_set_qualname(py_obj *o, py_obj *v) {
  if (!v || !py_str_check(v))
    { py_err_set_str(&py_exc_TypeError, "__qualname__ must be set to a string object"); return -1; }
  PY_SETREF(((lang_func *)o)->qualname, py_newref(v));
  return 0;
}
static py_obj *func_get_doc(py_obj *o) {
  lang_func *fn = (lang_func *)o;
  return py_newref(fn->doc ? fn->doc : py_None);
}
static int func_set_doc(py_obj *o, py_obj *v) {
  PY_SETREF(((lang_func *)o)->doc, py_newref(v ? v : py_None));
  return 0;
}
static py_obj *func_get_module(py_obj *o) {
  (void)o;
  return py_str_from_cstr("__main__");
}
static py_obj *func_get_defaults(py_obj *o) {
  lang_func *fn = (lang_func *)o;
  return py_newref(fn->defaults ? fn->defaults : py_None);
}

static py_obj *func_get_kwdefaults(py_obj *o) {
  lang_func *fn = (lang_func *)o;
  return py_newref(fn->kwdefaults ? fn->kwdefaults : py_None);
}

static const py_getset_def func_getsets[] = {
    {"__kwdefaults__", func_get_kwdefaults, NULL},
    {"__name__", func_get_name, func_set_name},
    {"__qualname__", func_get_qualname, func_set_qualname},
    {"__doc__", func_get_doc, func_set_doc},
    {"__module__", func_get_module, NULL},
    {"__defaults__", func_get_defaults, NULL},
    {NULL, NULL, NULL},
};

py_type lang_func_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "function",
    .flags = PY_TF_GC | PY_TF_METHOD_DESCR,
    .basicsize = sizeof(lang_func),
    .dictoffset = offsetof(lang_func, dict),
    .dealloc = func_dealloc,
    .traverse = func_traverse,
    .clear = func_clear,
    .repr = func_repr,
    .call = lang__func_call,
    .descr_get = func_descr_get,
    .getattr = py_generic_getattr,
    .setattr = py_generic_setattr,
    .getsets = func_getsets,
};

/* ------------------------------------------------------- argument binding */

static void missing_error(lang_code *c, py_obj **fast, int lo, int hi,
                          const char *kind, py_obj *qual) {
  int cnt = 0;
  for (int i = lo; i < hi; i++) if (!fast[i]) cnt++;
  py_buf b;
  py__buf_init(&b);
  py__buf_printf(&b, "%s() missing %d required %s argument%s: ", py_str_utf8(qual), cnt,
                 kind, cnt == 1 ? "" : "s");
  int k = 0;
  for (int i = lo; i < hi; i++) {
    if (fast[i]) continue;
    if (k > 0) py__buf_puts(&b, cnt == 2 ? " and " : (k == cnt - 1 ? ", and " : ", "));
    py__buf_printf(&b, "'%s'", py_str_utf8(c->slot_names[i]));
    k++;
  }
  py_obj *s = py__buf_finish(&b);
  if (s) { py_err_set_obj(&py_exc_TypeError, s); py_decref(s); }
}

static int bind_args(lang_func *fn, py_obj **fast, py_obj *const *args,
                     py_ssize_t nargs, py_obj *kwnames) {
  lang_code *c = fn->code;
  py_obj *qual = fn->code->def ? fn->qualname : c->qualname_obj;
  int np = c->nargs;
  py_ssize_t n = nargs < np ? nargs : np;
  for (py_ssize_t i = 0; i < n; i++) fast[i] = py_newref(args[i]);
  int vslot = np + c->nkwonly;
  int kslot = vslot + (c->varargs ? 1 : 0);
  if (c->varargs) {
    py_obj *t = nargs > np ? py_tuple_from(args + np, nargs - np) : py_tuple_new(0);
    if (!t) return -1;
    fast[vslot] = t;
  } else if (nargs > np) {
    int ndef = fn->defaults ? (int)py_tuple_len(fn->defaults) : 0;
    int kwgiven = 0;
    if (kwnames)
      for (py_ssize_t j = 0; j < py_tuple_len(kwnames); j++)
        for (int i = np; i < np + c->nkwonly; i++)
          if (py_str_eq(py_tuple_get(kwnames, j), c->slot_names[i])) kwgiven++;
    char tail[96] = "";
    if (kwgiven)
      snprintf(tail, sizeof tail, " positional argument%s (and %d keyword-only argument%s)",
               nargs == 1 ? "" : "s", kwgiven, kwgiven == 1 ? "" : "s");
    if (ndef > 0)
      py_err_format(&py_exc_TypeError,
                    "%s() takes from %d to %d positional arguments but %zd%s %s given",
                    py_str_utf8(qual), np - ndef, np, (size_t)nargs, tail,
                    nargs == 1 && !kwgiven ? "was" : "were");
    else
      py_err_format(&py_exc_TypeError, "%s() takes %d positional argument%s but %zd%s %s given",
                    py_str_utf8(qual), np, np == 1 ? "" : "s", (size_t)nargs, tail,
                    nargs == 1 && !kwgiven ? "was" : "were");
    return -1;
  }
  if (c->varkw) {
    py_obj *d = py_dict_new();
    if (!d) return -1;
    fast[kslot] = d;
  }
  if (kwnames) {
    py_ssize_t nk = py_tuple_len(kwnames);
    for (py_ssize_t j = 0; j < nk; j++) {
      py_obj *k = py_tuple_get(kwnames, j);
      py_obj *v = args[nargs + j];
      int found = -1;
      for (int i = c->nposonly; i < np + c->nkwonly; i++)
        if (c->slot_names[i] == k) { found = i; break; }
      if (found < 0)
        for (int i = c->nposonly; i < np + c->nkwonly; i++)
          if (py_str_eq(c->slot_names[i], k)) { found = i; break; }
      if (found < 0) {
        if (c->varkw) {
          if (py_dict_set(fast[kslot], k, v) < 0) return -1;
          continue;
        }
        for (int i = 0; i < c->nposonly; i++)
          if (py_str_eq(c->slot_names[i], k)) {
            py_err_format(&py_exc_TypeError,
                          "%s() got some positional-only arguments passed as keyword "
                          "arguments: '%s'", py_str_utf8(qual), py_str_utf8(k));
            return -1;
          }
        py_err_format(&py_exc_TypeError, "%s() got an unexpected keyword argument '%s'",
                      py_str_utf8(qual), py_str_utf8(k));
        return -1;
      }
      if (fast[found]) {
        py_err_format(&py_exc_TypeError, "%s() got multiple values for argument '%s'",
                      py_str_utf8(qual), py_str_utf8(k));
        return -1;
      }
      fast[found] = py_newref(v);
    }
  }
  if (n < np) {
    int ndef = fn->defaults ? (int)py_tuple_len(fn->defaults) : 0;
    int first_def = np - ndef;
    bool miss = false;
    for (int i = (int)n; i < np; i++) {
      if (fast[i]) continue;
      if (i >= first_def) fast[i] = py_newref(py_tuple_get(fn->defaults, i - first_def));
      else miss = true;
    }
    if (miss) { missing_error(c, fast, 0, np, "positional", qual); return -1; }
  }
  if (c->nkwonly) {
    bool miss = false;
    for (int i = np; i < np + c->nkwonly; i++) {
      if (fast[i]) continue;
      py_obj *d = fn->kwdefaults ? py_dict_get(fn->kwdefaults, c->slot_names[i]) : NULL;
      if (d) fast[i] = py_newref(d);
      else miss = true;
    }
    if (miss) { missing_error(c, fast, np, np + c->nkwonly, "keyword-only", qual); return -1; }
  }
  return 0;
}

/* Cells for captured locals, and the closure's cells after the locals. */
static int setup_cells(lang_code *c, py_obj **fast, py_obj *closure) {
  for (int i = 0; i < c->nlocals; i++) {
    if (!c->is_cell[i]) continue;
    py_obj *cell = lang__cell_new(fast[i]);
    if (!cell) return -1;
    PY_SETREF(fast[i], cell);
  }
  for (int i = 0; i < c->nfree; i++)
    fast[c->nlocals + i] = py_newref(py_tuple_get(closure, i));
  return 0;
}

static void clear_fast(py_obj **fast, int n) {
  for (int i = 0; i < n; i++) PY_CLEAR(fast[i]);
}

/* ------------------------------------------------------------ generators */

static py_obj *gen_new(lang_func *fn, py_obj **fast);

#define FAST_INLINE 24

static py_obj *func_call(py_obj *callable, py_obj *const *args, py_ssize_t nargs,
                         py_obj *kwnames);

/* The call slot: a function called from C (a slot such as __init__ or
 * __eq__, a key function, map, ...). CPython 3.11 counts such an entry
 * into the evaluator as one more level of recursion than a call from
 * Python code, so deep recursion through C stops at the same depth. */
py_obj *lang__func_call(py_obj *callable, py_obj *const *args, py_ssize_t nargs,
                        py_obj *kwnames) {
  if (py_recursion_enter("") < 0) return NULL;
  py_obj *r = func_call(callable, args, nargs, kwnames);
  py_recursion_leave();
  return r;
}

/* A call from Python code. */
static py_obj *func_call(py_obj *callable, py_obj *const *args, py_ssize_t nargs,
                         py_obj *kwnames) {
  lang_func *fn = (lang_func *)callable;
  lang_code *c = fn->code;
  py_obj *inl[FAST_INLINE];
  py_obj **fast = inl;
  int ns = c->nslots;
  if (c->is_gen || c->is_async || ns > FAST_INLINE) {
    fast = rt_calloc((size_t)ns + 1, sizeof(py_obj *));
    if (!fast) return py_err_no_memory();
  } else {
    memset(inl, 0, sizeof(py_obj *) * (size_t)ns);
  }
  if (bind_args(fn, fast, args, nargs, kwnames) < 0 ||
      setup_cells(c, fast, fn->closure) < 0) {
    clear_fast(fast, ns);
    if (fast != inl) rt_free(fast);
    return NULL;
  }
  if (c->is_gen || c->is_async) return gen_new(fn, fast);
  lang_frame fr = {0};
  fr.code = c;
  fr.func = fn;
  fr.prog = fn->prog;
  fr.fast = fast;
  fr.globals = fn->globals;
  py_obj *r = run_frame(&fr);
  clear_fast(fast, ns);
  if (fast != inl) rt_free(fast);
  return r;
}

/* ------------------------------------------------------------ name errors */

static void add_keys(py_obj *l, py_obj *d) {
  py_ssize_t pos = 0;
  py_obj *k;
  if (d && py_dict_check(d)) while (py_dict_next(d, &pos, &k, NULL)) py_list_append(l, k);
}


/* CPython 3.11's NameError suggestion: the frame's local names, then the
 * globals, then the builtins. */
static py_obj *name_hint(lang_frame *f, py_obj *name) {
  py_obj *l = py_list_new(0);
  if (!l) return NULL;
  py_obj *r = NULL;
  if (f) {
    if (f->code->kind == CODE_FUNC || f->code->kind == CODE_COMP) {
      for (int i = 0; i < f->code->nlocals; i++) py_list_append(l, f->code->slot_names[i]);
    } else if (f->locals && f->locals != f->globals) {
      add_keys(l, f->locals);
    }
    r = lang__suggest(l, name);
    if (!r) {
      py_decref(l);
      l = py_list_new(0);
      if (!l) return NULL;
      add_keys(l, f->globals);
      r = lang__suggest(l, name);
    }
  }
  if (!r) {
    py_decref(l);
    l = py_list_new(0);
    if (!l) return NULL;
    add_keys(l, lang__ip->builtins);
    r = lang__suggest(l, name);
  }
  py_xincref(r);
  py_decref(l);
  return r;
}

static py_obj *name_error(py_obj *name) {
  py_obj *e = NULL;
  py_obj *hint = name_hint(lang__ip->cur, name);
  py_obj *msg = py_str_from_format("name '%s' is not defined", py_str_utf8(name));
  if (!msg) return NULL;
  e = py_exc_new(&py_exc_NameError, &msg, 1);
  py_decref(msg);
  if (!e) return NULL;
  py_setattr(e, PY_ID(name), name);
  if (hint) { py_setattr_str(e, "_coroscope_hint", hint); py_decref(hint); }
  py_err_clear();
  return py_err_raise(e);
}

static py_obj *unbound_local(py_obj *name) {
  return py_err_format(&py_exc_UnboundLocalError,
                       "cannot access local variable '%s' where it is not associated "
                       "with a value", py_str_utf8(name));
}

static py_obj *unbound_free(py_obj *name) {
  return py_err_format(&py_exc_NameError,
                       "cannot access free variable '%s' where it is not associated "
                       "with a value in enclosing scope", py_str_utf8(name));
}

static inline py_obj *dict_lookup(py_obj *d, py_obj *name) {
  if (py_dict_check(d)) {
    py_strobj *s = (py_strobj *)name;
    py_hash_t h = s->hash != -1 ? s->hash : py__str_hash(name);
    return py_dict_get_known(d, name, h);
  }
  return NULL;
}

static inline py_dict *as_dict(py_obj *o) { return py_dict_check(o) ? (py_dict *)o : NULL; }

/* The globals, then the builtins; where the name was found is remembered
 * in r while the dicts keep their keys (function code reads its globals
 * far more often than anything adds or removes one; a module's loop
 * rebinds its names, which keeps their places). */
static py_obj *load_global(lang_frame *f, lang_rinfo *r) {
  py_dict *g = as_dict(f->globals), *b = as_dict(lang__ip->builtins);
  if (g && r->gkver && g->keys_version == r->gkver) {
    if (r->gidx >= 0) return py_newref(g->entries[r->gidx].value);
    if (b && b->keys_version == r->bkver) return py_newref(b->entries[r->bidx].value);
  }
  py_strobj *s = (py_strobj *)r->obj;
  py_hash_t h = s->hash != -1 ? s->hash : py__str_hash(r->obj);
  py_ssize_t gi = g ? py__dict_index(&g->ob, r->obj, h) : -1;
  py_ssize_t bi = gi < 0 && b ? py__dict_index(&b->ob, r->obj, h) : -1;
  if (gi < 0 && bi < 0) return name_error(r->obj);
  if (r->key && g && g->keys_version && (gi >= 0 || b->keys_version)) {
    r->gkver = g->keys_version;
    r->gidx = gi;
    r->bkver = gi >= 0 ? 0 : b->keys_version;
    r->bidx = bi;
  }
  return py_newref(gi >= 0 ? g->entries[gi].value : b->entries[bi].value);
}

/* d[name] = v for a name kept in a dict, at the entry remembered in r
 * while d keeps its keys. */
static int dict_store(py_obj *d, lang_rinfo *r, py_obj *v) {
  py_dict *dd = as_dict(d);
  if (dd && r->gkver && dd->keys_version == r->gkver && r->gidx >= 0) {
    py__dict_replace_at(d, r->gidx, v);
    return 0;
  }
  if (!dd) return py_setitem(d, r->obj, v);
  if (py_dict_set(d, r->obj, v) < 0) return -1;
  py_strobj *s = (py_strobj *)r->obj;
  py_ssize_t i = py__dict_index(d, r->obj, s->hash != -1 ? s->hash : py__str_hash(r->obj));
  if (r->key && i >= 0 && dd->keys_version) {
    r->gkver = dd->keys_version;
    r->gidx = i;
  }
  return 0;
}

static py_obj *load_name(lang_frame *f, lang_rinfo *r) {
  switch (r->kind) {
  case NK_FAST: {
    py_obj *v = f->fast[r->slot];
    if (!v) return unbound_local(r->obj);
    return py_newref(v);
  }
  case NK_DEREF: {
    py_obj *v = ((lang_cell *)f->fast[r->slot])->ref;
    if (!v) return r->slot < f->code->nlocals ? unbound_local(r->obj) : unbound_free(r->obj);
    return py_newref(v);
  }
  case NK_GLOBAL: return load_global(f, r);
  case NK_CLASSDEREF: {
    py_obj *v = py_dict_get(f->locals, r->obj);
    if (v) return py_newref(v);
    v = ((lang_cell *)f->fast[r->slot])->ref;
    if (!v) return unbound_free(r->obj);
    return py_newref(v);
  }
  default: {
    if (f->locals && f->locals != f->globals) {
      py_obj *v;
      if (py_dict_check(f->locals)) {
        v = dict_lookup(f->locals, r->obj);
      } else {
        v = py_getitem(f->locals, r->obj);
        if (v) return v;
        if (!py_err_matches(&py_exc_KeyError)) return NULL;
        py_err_clear();
      }
      if (v) return py_newref(v);
    }
    return load_global(f, r);
  }
  }
}

static int store_name(lang_frame *f, lang_rinfo *r, py_obj *v) {
  switch (r->kind) {
  case NK_FAST: PY_SETREF(f->fast[r->slot], py_newref(v)); return 0;
  case NK_DEREF: PY_SETREF(((lang_cell *)f->fast[r->slot])->ref, py_newref(v)); return 0;
  case NK_GLOBAL: return as_dict(f->globals) ? dict_store(f->globals, r, v)
                                             : py_dict_set(f->globals, r->obj, v);
  default: return dict_store(f->locals, r, v);
  }
}

static int del_name(lang_frame *f, lang_rinfo *r) {
  switch (r->kind) {
  case NK_FAST:
    if (!f->fast[r->slot]) { unbound_local(r->obj); return -1; }
    PY_CLEAR(f->fast[r->slot]);
    return 0;
  case NK_DEREF: {
    lang_cell *c = (lang_cell *)f->fast[r->slot];
    if (!c->ref) { unbound_local(r->obj); return -1; }
    PY_CLEAR(c->ref);
    return 0;
  }
  case NK_GLOBAL:
    if (py_dict_del(f->globals, r->obj) < 0) {
      if (py_err_matches(&py_exc_KeyError)) { py_err_clear(); name_error(r->obj); }
      return -1;
    }
    return 0;
  default:
    if (py_dict_del(f->locals, r->obj) < 0) {
      if (py_err_matches(&py_exc_KeyError)) { py_err_clear(); name_error(r->obj); }
      return -1;
    }
    return 0;
  }
}

/* ------------------------------------------------------------- arg vector */

typedef struct argv_t {
  py_obj **v;
  py_ssize_t n, cap;
  py_obj *inl[16];
} argv_t;

static void av_init(argv_t *a) { a->v = a->inl; a->n = 0; a->cap = 16; }
static __attribute__((noinline)) int av_grow_push(argv_t *a, py_obj *o) {
  py_ssize_t nc = a->cap * 2;
  py_obj **nv = rt_malloc((size_t)nc * sizeof *nv);
  if (!nv) { py_decref(o); py_err_no_memory(); return -1; }
  memcpy(nv, a->v, (size_t)a->n * sizeof *nv);
  if (a->v != a->inl) rt_free(a->v);
  a->v = nv;
  a->cap = nc;
  a->v[a->n++] = o;
  return 0;
}
static inline int av_push(argv_t *a, py_obj *o) {  /* steals o */
  if (a->n >= a->cap) return av_grow_push(a, o);
  a->v[a->n++] = o;
  return 0;
}
static void av_free(argv_t *a) {
  for (py_ssize_t i = 0; i < a->n; i++) py_xdecref(a->v[i]);
  if (a->v != a->inl) rt_free(a->v);
}

static int av_extend(argv_t *a, py_obj *it) {
  if (py_tuple_check(it) || py_list_check(it)) {
    py_ssize_t n = py_tuple_check(it) ? py_tuple_len(it) : py_list_len(it);
    for (py_ssize_t i = 0; i < n; i++) {
      py_obj *o = py_tuple_check(it) ? py_tuple_get(it, i) : py_list_get(it, i);
      if (av_push(a, py_newref(o)) < 0) return -1;
    }
    return 0;
  }
  py_obj *iter = py_iter(it);
  if (!iter) return -1;
  py_obj *o;
  while ((o = py_iter_next(iter))) if (av_push(a, o) < 0) { py_decref(iter); return -1; }
  py_decref(iter);
  return py_err_occurred() ? -1 : 0;
}

/* ------------------------------------------------------------------ calls */

/* CPython's _PyObject_FunctionStr: "__main__.f()", "print()". */
static void func_str(py_obj *fn, char *buf, size_t n) {
  if (fn->type == &lang_func_type) {
    snprintf(buf, n, "__main__.%s()", py_str_utf8(((lang_func *)fn)->qualname));
    return;
  }
  py_obj *q = NULL;
  py_obj *qn = py_intern_cstr("__qualname__");
  if (qn && py_getattr_opt(fn, qn, &q) >= 0 && q && py_str_check(q)) {
    snprintf(buf, n, "%s()", py_str_utf8(q));
  } else {
    py_err_clear();
    py_obj *s = py_str(fn);
    snprintf(buf, n, "%s", s ? py_str_utf8(s) : "function");
    py_xdecref(s);
    py_err_clear();
  }
  py_xdecref(q);
  py_xdecref(qn);
}

/* py_getmethod(obj, r->obj) with the call site's one-entry cache: a
 * method found unbound on the type (C methods, Python functions) is taken
 * from the cache while no type changed and obj has no instance attribute
 * of that name (checked each time). */
static inline int getmethod_cached(py_obj *obj, lang_rinfo *r, py_obj **meth) {
  py_type *t = obj->type;
  py_obj **dp = t->dictoffset ? (py_obj **)(void *)((char *)obj + t->dictoffset) : NULL;
  py_obj *d = dp ? *dp : NULL;
  if (r->ctype == t && r->cepoch == py__type_epoch) {
    if (r->cdver) {
      if (d && py_dict_check(d) && ((py_dict *)d)->version == r->cdver) {
        *meth = py_newref(r->cmeth);
        return 0;
      }
    } else if (!d || (py_dict_check(d) && !dict_lookup(d, r->obj))) {
      *meth = py_newref(r->cmeth);
      return 1;
    }
  }
  int m = py_getmethod(obj, r->obj, meth);
  if (m < 0 || t->getattr != py_generic_getattr || !r->key) return m;
  if (m == 1) {
    r->cdver = 0;
  } else if (d && py_dict_check(d) && ((py_dict *)d)->version &&
             dict_lookup(d, r->obj) == *meth && !py_type_lookup(t, r->obj)) {
    r->cdver = ((py_dict *)d)->version;   /* the dict's own value, nothing on the type */
  } else {
    return m;
  }
  r->ctype = t;
  r->cmeth = *meth;
  r->cepoch = py__type_epoch;
  return m;
}

static py_obj *call_expr(lang_frame *f, const ast_expr *e) {
  const ast_expr *fe = e->v.call.func;
  argv_t a;
  av_init(&a);
  py_obj *callable = NULL, *self = NULL;
  if (fe->kind == AST_EXPR_ATTRIBUTE) {
    py_obj *obj = eval(f, fe->v.attribute.value);
    if (!obj) return NULL;
    int m = getmethod_cached(obj, RI(f, fe), &callable);
    if (m < 0) { py_decref(obj); FAIL(f, fe); }
    if (m == 1) self = obj; else py_decref(obj);
  } else {
    callable = eval(f, fe);
    if (!callable) return NULL;
  }
  if (self) av_push(&a, self);
  const ast_expr_seq *args = &e->v.call.args;
  for (int i = 0; i < args->n; i++) {
    const ast_expr *x = args->items[i];
    if (x->kind == AST_EXPR_STARRED) {
      py_obj *it = eval(f, x->v.starred.value);
      if (!it) goto fail;
      if (!py_tuple_check(it) && !py_list_check(it) && !it->type->iter) {
        char fs[256];
        func_str(callable, fs, sizeof fs);
        py_err_format(&py_exc_TypeError,
                      "%s argument after * must be an iterable, not %s",
                      fs, py_type_name(it));
        py_decref(it);
        lang__tb_here(f, &e->pos, false);
        goto fail;
      }
      int rc = av_extend(&a, it);
      py_decref(it);
      if (rc < 0) { lang__tb_here(f, &e->pos, false); goto fail; }
    } else {
      py_obj *v = eval(f, x);
      if (!v || av_push(&a, v) < 0) goto fail;
    }
  }
  py_ssize_t npos = a.n;
  py_obj *kwnames = NULL;
  const ast_keyword_seq *kws = &e->v.call.keywords;
  if (kws->n > 0) {
    lang_rinfo *r = RI(f, e);
    if (r && r->kind == 0) {
      kwnames = py_newref(r->obj);
      for (int i = 0; i < kws->n; i++) {
        py_obj *v = eval(f, kws->items[i]->value);
        if (!v || av_push(&a, v) < 0) { py_decref(kwnames); goto fail; }
      }
    } else {
      /* **mapping: collect names in a list */
      py_obj *names = py_list_new(0);
      if (!names) goto fail;
      for (int i = 0; i < kws->n; i++) {
        const ast_keyword *k = kws->items[i];
        py_obj *v = eval(f, k->value);
        if (!v) { py_decref(names); goto fail; }
        if (k->arg) {
          py_obj *kn = py_intern_cstr(k->arg);
          if (!kn) { py_decref(v); py_decref(names); goto fail; }
          py_list_append(names, kn);
          py_decref(kn);
          if (av_push(&a, v) < 0) { py_decref(names); goto fail; }
        } else {
          if (!py_dict_check(v)) {
            py_obj *keys = NULL;
            if (py_getattr_opt(v, PY_ID(keys), &keys) < 0 || !keys) {
              py_decref(v);
              py_decref(names);
              char fs[256];
              func_str(callable, fs, sizeof fs);
              py_err_format(&py_exc_TypeError,
                            "%s argument after ** must be a mapping, not %s", fs, py_type_name(v));
              lang__tb_here(f, &e->pos, false);
              goto fail;
            }
            py_decref(keys);
            py_obj *d = py_dict_new();
            if (!d || py_dict_update(d, v) < 0) { py_xdecref(d); py_decref(v); py_decref(names); goto fail; }
            py_decref(v);
            v = d;
          }
          py_ssize_t pos = 0;
          py_obj *kk, *vv;
          while (py_dict_next(v, &pos, &kk, &vv)) {
            for (py_ssize_t q = 0; q < py_list_len(names); q++)
              if (py_str_eq(py_list_get(names, q), kk)) {
                char fs[256];
                func_str(callable, fs, sizeof fs);
                py_err_format(&py_exc_TypeError,
                              "%s got multiple values for keyword argument '%s'",
                              fs, py_str_utf8(kk));
                py_decref(v);
                py_decref(names);
                lang__tb_here(f, &e->pos, false);
                goto fail;
              }
            py_list_append(names, kk);
            if (av_push(&a, py_newref(vv)) < 0) { py_decref(v); py_decref(names); goto fail; }
          }
          py_decref(v);
        }
      }
      if (py_list_len(names) > 0) kwnames = py_list_as_tuple(names);
      py_decref(names);
    }
  }
  py_obj *r;
  if (callable->type == &lang_func_type)
    r = func_call(callable, a.v, npos, kwnames);
  else
    r = py_call(callable, a.v, npos, kwnames);
  py_xdecref(kwnames);
  av_free(&a);
  py_decref(callable);
  if (!r) FAIL(f, e);
  return r;
fail:
  av_free(&a);
  py_decref(callable);
  return NULL;
}

/* ------------------------------------------------------------ comparisons */

static py_obj *compare_op(py_obj *a, py_obj *b, ast_cmpop op) {
  switch (op) {
  case AST_CMP_EQ:
    if (py_int_check_exact(a) && py_int_check_exact(b))
      return py_bool_from(py_int_value(a) == py_int_value(b));
    return py_richcompare(a, b, PY_EQ);
  case AST_CMP_NOTEQ: return py_richcompare(a, b, PY_NE);
  case AST_CMP_LT:
    if (py_int_check_exact(a) && py_int_check_exact(b))
      return py_bool_from(py_int_value(a) < py_int_value(b));
    return py_richcompare(a, b, PY_LT);
  case AST_CMP_LTE:
    if (py_int_check_exact(a) && py_int_check_exact(b))
      return py_bool_from(py_int_value(a) <= py_int_value(b));
    return py_richcompare(a, b, PY_LE);
  case AST_CMP_GT:
    if (py_int_check_exact(a) && py_int_check_exact(b))
      return py_bool_from(py_int_value(a) > py_int_value(b));
    return py_richcompare(a, b, PY_GT);
  case AST_CMP_GTE:
    if (py_int_check_exact(a) && py_int_check_exact(b))
      return py_bool_from(py_int_value(a) >= py_int_value(b));
    return py_richcompare(a, b, PY_GE);
  case AST_CMP_IS: return py_bool_from(a == b);
  case AST_CMP_ISNOT: return py_bool_from(a != b);
  case AST_CMP_IN: {
    int r = py_contains(b, a);
    return r < 0 ? NULL : py_bool_from(r);
  }
  case AST_CMP_NOTIN: {
    int r = py_contains(b, a);
    return r < 0 ? NULL : py_bool_from(!r);
  }
  }
  return NULL;
}

static py_obj *compare_expr(lang_frame *f, const ast_expr *e) {
  py_obj *left = eval(f, e->v.compare.left);
  if (!left) return NULL;
  int n = e->v.compare.comparators.n;
  for (int i = 0; i < n; i++) {
    const ast_expr *re = e->v.compare.comparators.items[i];
    py_obj *right = eval(f, re);
    if (!right) { py_decref(left); return NULL; }
    py_obj *r = compare_op(left, right, e->v.compare.ops[i]);
    py_decref(left);
    if (!r) {
      py_decref(right);
      ast_pos p = e->pos;
      if (n > 1) {
        const ast_expr *l = i == 0 ? e->v.compare.left : e->v.compare.comparators.items[i - 1];
        p.line = l->pos.line; p.col = l->pos.col;
        p.end_line = re->pos.end_line; p.end_col = re->pos.end_col;
      }
      lang__tb_here(f, &p, false);
      return NULL;
    }
    if (i == n - 1) { py_decref(right); return r; }
    int t = r == py_True ? 1 : r == py_False ? 0 : py_is_true(r);
    py_decref(r);
    if (t < 0) { py_decref(right); FAIL(f, e); }
    if (!t) { py_decref(right); return py_newref(py_False); }
    left = right;
  }
  return left;
}

static int truth(lang_frame *f, const ast_expr *e, int *out) {
  if (e->kind == AST_EXPR_COMPARE && e->v.compare.comparators.n == 1 &&
      (e->v.compare.ops[0] == AST_CMP_IS || e->v.compare.ops[0] == AST_CMP_ISNOT)) {
    /* `if x is None`: the identity itself, no bool made and tested */
    py_obj *a = eval(f, e->v.compare.left);
    if (!a) return -1;
    py_obj *b = eval(f, e->v.compare.comparators.items[0]);
    if (!b) { py_decref(a); return -1; }
    *out = (a == b) == (e->v.compare.ops[0] == AST_CMP_IS);
    py_decref(a);
    py_decref(b);
    return 0;
  }
  py_obj *v = eval(f, e);
  if (!v) return -1;
  int t;
  if (v == py_True) t = 1;
  else if (v == py_False || v == py_None) t = 0;
  else {
    t = py_is_true(v);
    if (t < 0) { py_decref(v); lang__tb_here(f, &e->pos, false); return -1; }
  }
  py_decref(v);
  *out = t;
  return 0;
}

/* --------------------------------------------------------------- binops */

static py_binop binop_of(ast_operator op) {
  switch (op) {
  case AST_OP_ADD: return PY_OP_ADD;
  case AST_OP_SUB: return PY_OP_SUB;
  case AST_OP_MULT: return PY_OP_MUL;
  case AST_OP_MATMULT: return PY_OP_MATMUL;
  case AST_OP_DIV: return PY_OP_TRUEDIV;
  case AST_OP_MOD: return PY_OP_MOD;
  case AST_OP_POW: return PY_OP_POW;
  case AST_OP_LSHIFT: return PY_OP_LSHIFT;
  case AST_OP_RSHIFT: return PY_OP_RSHIFT;
  case AST_OP_BITOR: return PY_OP_OR;
  case AST_OP_BITXOR: return PY_OP_XOR;
  case AST_OP_BITAND: return PY_OP_AND;
  case AST_OP_FLOORDIV: return PY_OP_FLOORDIV;
  }
  return PY_OP_ADD;
}

static inline py_obj *fast_binop(py_obj *a, py_obj *b, py_binop op) {
  if (py_int_check_exact(a) && py_int_check_exact(b)) {
    int64_t x = py_int_value(a), y = py_int_value(b), r;
    switch (op) {
    case PY_OP_ADD: if (!__builtin_add_overflow(x, y, &r)) return py_int_from(r); break;
    case PY_OP_SUB: if (!__builtin_sub_overflow(x, y, &r)) return py_int_from(r); break;
    case PY_OP_MUL: if (!__builtin_mul_overflow(x, y, &r)) return py_int_from(r); break;
    case PY_OP_MOD:   /* Python's: the sign of the divisor */
      if (y == 0 || y == -1) break;
      r = x % y;
      return py_int_from(r != 0 && (r < 0) != (y < 0) ? r + y : r);
    case PY_OP_FLOORDIV:
      if (y == 0 || y == -1) break;
      r = x / y;
      return py_int_from(x % y != 0 && (x < 0) != (y < 0) ? r - 1 : r);
    default: break;
    }
  }
  return py_binary_op(a, b, op);
}

/* --------------------------------------------------------------- strings */

static py_obj *fstring(lang_frame *f, const ast_expr *e) {
  const ast_expr_seq *vals = &e->v.joined_str.values;
  if (vals->n == 1 && vals->items[0]->kind == AST_EXPR_CONSTANT) return eval(f, vals->items[0]);
  py_buf b;
  py__buf_init(&b);
  for (int i = 0; i < vals->n; i++) {
    py_obj *s = eval(f, vals->items[i]);
    if (!s) { py__buf_free(&b); return NULL; }
    if (py__buf_putstr(&b, s) < 0) { py_decref(s); py__buf_free(&b); return NULL; }
    py_decref(s);
  }
  return py__buf_finish(&b);
}

static py_obj *formatted(lang_frame *f, const ast_expr *e) {
  py_obj *v = eval(f, e->v.formatted_value.value);
  if (!v) return NULL;
  int conv = e->v.formatted_value.conversion;
  if (conv == 'r' || conv == 's' || conv == 'a') {
    py_obj *c = conv == 'r' ? py_repr(v) : conv == 's' ? py_str(v) : py_ascii(v);
    py_decref(v);
    if (!c) FAIL(f, e);
    v = c;
  }
  py_obj *spec = NULL;
  if (e->v.formatted_value.format_spec) {
    spec = eval(f, e->v.formatted_value.format_spec);
    if (!spec) { py_decref(v); return NULL; }
  }
  py_obj *r;
  if (!spec && py_str_check_exact(v)) r = py_newref(v);
  else r = py_format(v, spec);
  py_decref(v);
  py_xdecref(spec);
  if (!r) FAIL(f, e);
  return r;
}

/* --------------------------------------------------------- displays */

static py_obj *seq_display(lang_frame *f, const ast_expr_seq *elts, bool tuple) {
  bool star = false;
  for (int i = 0; i < elts->n; i++) if (elts->items[i]->kind == AST_EXPR_STARRED) star = true;
  py_obj *l = py_list_new(elts->n);
  if (!l) return NULL;
  for (int i = 0; i < elts->n; i++) {
    const ast_expr *x = elts->items[i];
    if (star && x->kind == AST_EXPR_STARRED) {
      py_obj *it = eval(f, x->v.starred.value);
      if (!it) { py_decref(l); return NULL; }
      if (!it->type->iter && !py_type_lookup(it->type, PY_ID(__getitem__))) {
        py_err_format(&py_exc_TypeError, "Value after * must be an iterable, not %s",
                      py_type_name(it));
        py_decref(it);
        py_decref(l);
        FAIL(f, x);
      }
      int rc = py_list_extend(l, it);
      py_decref(it);
      if (rc < 0) {
        py_decref(l);
        FAIL(f, x);
      }
    } else {
      py_obj *v = eval(f, x);
      if (!v) { py_decref(l); return NULL; }
      py_list_append_steal(l, v);
    }
  }
  if (!tuple) return l;
  py_obj *t = py_list_as_tuple(l);
  py_decref(l);
  return t;
}

static py_obj *dict_display(lang_frame *f, const ast_expr *e) {
  py_obj *d = py_dict_new();
  if (!d) return NULL;
  for (int i = 0; i < e->v.dict.values.n; i++) {
    const ast_expr *ke = e->v.dict.keys.items[i];
    if (!ke) {
      py_obj *m = eval(f, e->v.dict.values.items[i]);
      if (!m) { py_decref(d); return NULL; }
      int rc;
      if (!py_dict_check(m)) {
        py_obj *keys = NULL;
        if (py_getattr_opt(m, PY_ID(keys), &keys) >= 0 && !keys) {
          py_err_format(&py_exc_TypeError, "'%s' object is not a mapping", py_type_name(m));
          rc = -1;
        } else {
          py_xdecref(keys);
          rc = py_dict_update(d, m);
        }
      } else {
        rc = py_dict_update(d, m);
      }
      py_decref(m);
      if (rc < 0) { py_decref(d); FAIL(f, e); }
      continue;
    }
    py_obj *k = eval(f, ke);
    if (!k) { py_decref(d); return NULL; }
    py_obj *v = eval(f, e->v.dict.values.items[i]);
    if (!v) { py_decref(k); py_decref(d); return NULL; }
    int rc = py_dict_set(d, k, v);
    py_decref(k);
    py_decref(v);
    if (rc < 0) { py_decref(d); FAIL(f, e); }
  }
  return d;
}

static py_obj *set_display(lang_frame *f, const ast_expr *e) {
  const ast_expr_seq *elts = &e->v.set.elts;
  bool allconst = elts->n > 2;
  for (int i = 0; i < elts->n && allconst; i++)
    if (elts->items[i]->kind != AST_EXPR_CONSTANT) allconst = false;
  py_obj *s = py_set_new(NULL);
  if (!s) return NULL;
  if (allconst) {
    py_obj *l = seq_display(f, elts, true);
    if (!l) { py_decref(s); return NULL; }
    py_obj *fs = py_frozenset_new(l);
    py_decref(l);
    if (!fs || py_set_update(s, fs) < 0) { py_xdecref(fs); py_decref(s); FAIL(f, e); }
    py_decref(fs);
    return s;
  }
  for (int i = 0; i < elts->n; i++) {
    const ast_expr *x = elts->items[i];
    py_obj *v = eval(f, x->kind == AST_EXPR_STARRED ? x->v.starred.value : x);
    if (!v) { py_decref(s); return NULL; }
    int rc = x->kind == AST_EXPR_STARRED ? py_set_update(s, v) : py_set_add(s, v);
    py_decref(v);
    if (rc < 0) { py_decref(s); FAIL(f, e); }
  }
  return s;
}

/* ------------------------------------------------------- comprehensions */

static py_obj *gen_yield(lang_frame *f, py_obj *v, bool value);
static py_obj *get_aiter(const ast_expr *node, py_obj *src);
static int async_next(lang_frame *f, py_obj *it, const ast_expr *at, py_obj **item);
static py_obj *await_value(lang_frame *f, py_obj *aw, const ast_expr *e);

/* The step budget ran out at statement s (NULL: a comprehension item):
 * an error no except clause catches (exit_code is set). */
static int budget_exhausted(lang_frame *f, const ast_stmt *s) {
  lang_interp *ip = lang__ip;
  if (!ip->exit_code) ip->exit_code = py_newref(py_None);
  py_err_format(&py_exc_RuntimeError,
                "step budget exhausted (%llu statements, --max-steps)",
                (unsigned long long)ip->opts.max_steps);
  if (s) lang__tb_here(f, &s->pos, false);
  else if (f->code->expr) lang__tb_here(f, &f->code->expr->pos, false);
  return X_ERR;
}

/* The body of a comprehension frame: fast[0] is the first iterator. */
static int comp_loop(lang_frame *f, const ast_expr *e, int gi, py_obj *acc) {
  const ast_comprehension_seq *gens = e->kind == AST_EXPR_DICT_COMP
      ? &e->v.dict_comp.generators : &e->v.comp.generators;
  const ast_comprehension *g = gens->items[gi];
  const ast_pos *at = gi == 0 ? &e->pos : &g->iter->pos;
  py_obj *it;
  if (gi == 0) {
    it = py_newref(f->fast[0]);
  } else {
    py_obj *src = eval(f, g->iter);
    if (!src) return -1;
    it = g->is_async ? get_aiter(g->iter, src) : py_iter(src);
    py_decref(src);
    if (!it) { lang__tb_here(f, at, false); return -1; }
  }
  py_obj *item;
  int rc = 0;
  for (;;) {
    if (!g->is_async) {
      if (!(item = py_iter_next(it))) break;
    } else {
      int n = async_next(f, it, gi == 0 ? e : g->iter, &item);
      if (n < 0) { lang__tb_here(f, at, false); rc = -1; }
      if (n <= 0) break;
    }
    /* a comprehension has no statements: its items count as steps */
    if (++lang__ip->steps > lang__ip->opts.max_steps) {
      py_decref(item);
      budget_exhausted(f, NULL);
      rc = -1;
      break;
    }
    int a = assign(f, g->target, item);
    py_decref(item);
    if (a < 0) { rc = -1; break; }
    bool ok = true;
    for (int i = 0; i < g->ifs.n; i++) {
      int t;
      if (truth(f, g->ifs.items[i], &t) < 0) { rc = -1; break; }
      if (!t) { ok = false; break; }
    }
    if (rc < 0) break;
    if (!ok) continue;
    if (gi + 1 < gens->n) {
      if (comp_loop(f, e, gi + 1, acc) < 0) { rc = -1; break; }
      continue;
    }
    if (e->kind == AST_EXPR_DICT_COMP) {
      py_obj *k = eval(f, e->v.dict_comp.key);
      if (!k) { rc = -1; break; }
      py_obj *v = eval(f, e->v.dict_comp.value);
      if (!v) { py_decref(k); rc = -1; break; }
      int r = py_dict_set(acc, k, v);
      py_decref(k);
      py_decref(v);
      if (r < 0) { lang__tb_here(f, &e->pos, false); rc = -1; break; }
      continue;
    }
    py_obj *v = eval(f, e->v.comp.elt);
    if (!v) { rc = -1; break; }
    if (e->kind == AST_EXPR_LIST_COMP) {
      py_list_append_steal(acc, v);
    } else if (e->kind == AST_EXPR_SET_COMP) {
      int r = py_set_add(acc, v);
      py_decref(v);
      if (r < 0) { lang__tb_here(f, &e->pos, false); rc = -1; break; }
    } else {
      py_obj *s = gen_yield(f, v, true);
      if (!s) { rc = -1; break; }
      py_decref(s);
    }
  }
  if (rc == 0 && py_err_occurred()) {
    lang__tb_here(f, at, false);
    rc = -1;
  }
  py_decref(it);
  return rc;
}

static py_obj *comprehension(lang_frame *f, const ast_expr *e) {
  lang_code *c = RI(f, e)->code;
  const ast_comprehension_seq *gens = e->kind == AST_EXPR_DICT_COMP
      ? &e->v.dict_comp.generators : &e->v.comp.generators;
  const ast_expr *ie = gens->items[0]->iter;
  py_obj *src = eval(f, ie);
  if (!src) return NULL;
  py_obj *it = gens->items[0]->is_async ? get_aiter(ie, src) : py_iter(src);
  py_decref(src);
  if (!it) FAIL(f, ie);
  /* a function made and called at once, as CPython 3.11 does */
  py_obj *fn = make_function(f, c, NULL);
  if (!fn) { py_decref(it); return NULL; }
  py_obj *r = func_call(fn, &it, 1, NULL);
  py_decref(fn);
  py_decref(it);
  if (!r) FAIL(f, e);
  /* an asynchronous list, set or dict comprehension is a coroutine the
   * enclosing frame awaits at once (a generator expression stays an async
   * generator object) */
  if (c->is_async && !c->is_gen) return await_value(f, r, e);
  return r;
}

/* ------------------------------------------------------------- functions */

static py_obj *make_function(lang_frame *f, lang_code *c, const ast_arguments *a) {
  py_obj *defaults = NULL, *kwdefaults = NULL, *closure = NULL;
  if (a && a->defaults.n > 0) {
    defaults = py_tuple_new(a->defaults.n);
    if (!defaults) return NULL;
    for (int i = 0; i < a->defaults.n; i++) {
      py_obj *v = eval(f, a->defaults.items[i]);
      if (!v) {
        for (int j = i; j < a->defaults.n; j++) py_tuple_set_steal(defaults, j, py_newref(py_None));
        py_decref(defaults);
        return NULL;
      }
      py_tuple_set_steal(defaults, i, v);
    }
  }
  if (a) {
    for (int i = 0; i < a->kw_defaults.n; i++) {
      if (!a->kw_defaults.items[i]) continue;
      if (!kwdefaults && !(kwdefaults = py_dict_new())) goto fail;
      py_obj *v = eval(f, a->kw_defaults.items[i]);
      if (!v) goto fail;
      py_obj *k = py_intern_cstr(a->kwonlyargs.items[i]->arg);
      int rc = k ? py_dict_set(kwdefaults, k, v) : -1;
      py_xdecref(k);
      py_decref(v);
      if (rc < 0) goto fail;
    }
  }
  if (c->nfree > 0) {
    closure = py_tuple_new(c->nfree);
    if (!closure) goto fail;
    for (int i = 0; i < c->nfree; i++) {
      py_obj *cell = f->fast[c->free_src[i]];
      py_tuple_set_steal(closure, i, py_newref(cell));
    }
  }
  lang_func *fn = (lang_func *)py_obj_alloc(&lang_func_type, sizeof(lang_func));
  if (!fn) goto fail;
  fn->code = c;
  fn->prog = f->prog;
  fn->globals = py_newref(f->globals);
  fn->defaults = defaults;
  fn->kwdefaults = kwdefaults;
  fn->closure = closure;
  fn->name = py_newref(c->name_obj);
  fn->qualname = py_newref(c->qualname_obj);
  if (c->def && c->body && c->body->n > 0) {
    const ast_stmt *s0 = c->body->items[0];
    if (s0->kind == AST_STMT_EXPR && s0->v.expr.value->kind == AST_EXPR_CONSTANT &&
        s0->v.expr.value->v.constant.kind == AST_CONST_STR) {
      lang_rinfo *r = RI(f, s0->v.expr.value);
      if (r && r->obj) fn->doc = py_newref(r->obj);
    }
  }
  return &fn->ob;
fail:
  py_xdecref(defaults);
  py_xdecref(kwdefaults);
  py_xdecref(closure);
  return NULL;
}

/* --------------------------------------------------------------- await */

static py_obj *yield_from(lang_frame *f, py_obj *iter, const ast_expr *e);
static py_obj *await_value(lang_frame *f, py_obj *aw, const ast_expr *e);

static py_obj *await_expr(lang_frame *f, const ast_expr *e) {
  py_obj *v = eval(f, e->v.await_expr.value);
  if (!v) return NULL;
  return await_value(f, v, e);
}

/* ---------------------------------------------------------------- eval */

static py_obj *subscript_key(lang_frame *f, const ast_expr *s) {
  if (s->kind == AST_EXPR_SLICE) {
    py_obj *lo = NULL, *hi = NULL, *st = NULL;
    if (s->v.slice.lower && !(lo = eval(f, s->v.slice.lower))) return NULL;
    if (s->v.slice.upper && !(hi = eval(f, s->v.slice.upper))) { py_xdecref(lo); return NULL; }
    if (s->v.slice.step && !(st = eval(f, s->v.slice.step))) {
      py_xdecref(lo); py_xdecref(hi); return NULL;
    }
    py_obj *r = py_slice_new(lo, hi, st);
    py_xdecref(lo); py_xdecref(hi); py_xdecref(st);
    return r;
  }
  return eval(f, s);
}

/* -(a ** b) for int a and b >= 0 computed exactly, so that -2 ** 63
 * gives INT64_MIN. py_NotImplemented (not a reference) when the general
 * path must do it. */
static py_obj *neg_pow(lang_frame *f, const ast_expr *pw) {
  const ast_expr *l = pw->v.bin_op.left, *r = pw->v.bin_op.right;
  if (l->kind != AST_EXPR_CONSTANT || r->kind != AST_EXPR_CONSTANT) return py_NotImplemented;
  py_obj *a = RI(f, l)->obj, *b = RI(f, r)->obj;
  if (!a || !b || !py_int_check_exact(a) || !py_int_check_exact(b)) return py_NotImplemented;
  int64_t base = py_int_value(a), ex = py_int_value(b);
  if (ex < 0 || ex > 64) return py_NotImplemented;
  __int128 acc = 1;
  for (int64_t i = 0; i < ex; i++) {
    acc *= base;
    if (acc > ((__int128)1 << 64) || acc < -((__int128)1 << 64)) return py_NotImplemented;
  }
  acc = -acc;
  if (acc < INT64_MIN || acc > INT64_MAX) return py_NotImplemented;
  return py_int_from((int64_t)acc);
}

/* ------------------------------------------------------ deep recursion */

/* Where the stack runs low (deep_int.h), the call, expression or statement
 * goes on on a fresh stack segment: out of line, cold. */
static int exec_stmt(lang_frame *f, const ast_stmt *s);

typedef struct deep_call {
  lang_frame *f;
  const ast_expr *e;
  const ast_stmt *s;
  py_obj *r;
  int x;
} deep_call;

static void deep_run_frame(void *p) {
  deep_call *d = p;
  d->r = run_frame(d->f);
}

static void deep_eval(void *p) {
  deep_call *d = p;
  d->r = eval(d->f, d->e);
}

static void deep_exec_stmt(void *p) {
  deep_call *d = p;
  d->x = exec_stmt(d->f, d->s);
}

/* Run fn(d) on a segment; false (MemoryError set) if none could be had. */
__attribute__((noinline, cold)) static bool deep(void (*fn)(void *), deep_call *d) {
  if (rt_stack_call(LANG_SEGMENT_BYTES, fn, d) == RT_OK) return true;
  py_err_no_memory();
  return false;
}

static __attribute__((noinline)) py_obj *eval_full(lang_frame *f, const ast_expr *e) {
  if (lang__stack_low(LANG_MARGIN_NEST)) {
    deep_call d = {.f = f, .e = e};
    return deep(deep_eval, &d) ? d.r : NULL;
  }
  switch (e->kind) {
  case AST_EXPR_CONSTANT: {
    lang_rinfo *r = RI(f, e);
    if (!r->obj) {
      py_err_set_str(&py_exc_OverflowError, PY_INT_OVERFLOW_MSG);
      FAIL(f, e);
    }
    return py_newref(r->obj);
  }
  case AST_EXPR_NAME: {
    py_obj *v = load_name(f, RI(f, e));
    if (!v) FAIL(f, e);
    return v;
  }
  case AST_EXPR_BIN_OP: {
    py_obj *a = eval(f, e->v.bin_op.left);
    if (!a) return NULL;
    py_obj *b = eval(f, e->v.bin_op.right);
    if (!b) { py_decref(a); return NULL; }
    py_obj *r = fast_binop(a, b, binop_of(e->v.bin_op.op));
    py_decref(a);
    py_decref(b);
    if (!r) {
      if (e->pos.line == e->pos.end_line) {
        lang__anchor[0] = 1;
        lang__anchor[1] = e->v.bin_op.left->pos.end_col;
        lang__anchor[2] = e->v.bin_op.right->pos.col;
      }
      FAIL(f, e);
    }
    return r;
  }
  case AST_EXPR_COMPARE: return compare_expr(f, e);
  case AST_EXPR_CALL: return call_expr(f, e);
  case AST_EXPR_ATTRIBUTE: {
    py_obj *o = eval(f, e->v.attribute.value);
    if (!o) return NULL;
    py_obj *r = py_getattr(o, RI(f, e)->obj);
    py_decref(o);
    if (!r) FAIL(f, e);
    return r;
  }
  case AST_EXPR_SUBSCRIPT: {
    py_obj *o = eval(f, e->v.subscript.value);
    if (!o) return NULL;
    py_obj *k = subscript_key(f, e->v.subscript.slice);
    if (!k) { py_decref(o); return NULL; }
    py_obj *r;
    if (py_list_check(o) && o->type == &py_list_type && py_int_check_exact(k)) {
      int64_t i = py_int_value(k);
      py_ssize_t n = py_list_len(o);
      if (i < 0) i += n;
      if (i >= 0 && i < n) r = py_newref(py_list_get(o, i));
      else r = py_getitem(o, k);
    } else {
      r = py_getitem(o, k);
    }
    py_decref(o);
    py_decref(k);
    if (!r) {
      if (e->pos.line == e->pos.end_line) {
        lang__anchor[0] = 2;
        lang__anchor[1] = e->v.subscript.value->pos.end_col;
        lang__anchor[2] = e->v.subscript.slice->pos.end_col;
      }
      FAIL(f, e);
    }
    return r;
  }
  case AST_EXPR_BOOL_OP: {
    const ast_expr_seq *vs = &e->v.bool_op.values;
    bool is_and = e->v.bool_op.op == AST_BOOL_AND;
    py_obj *v = NULL;
    for (int i = 0; i < vs->n; i++) {
      v = eval(f, vs->items[i]);
      if (!v) return NULL;
      if (i == vs->n - 1) break;
      int t = py_is_true(v);
      if (t < 0) { py_decref(v); FAIL(f, vs->items[i]); }
      if (is_and ? !t : t) break;
      py_decref(v);
    }
    return v;
  }
  case AST_EXPR_UNARY_OP: {
    const ast_expr *od = e->v.unary_op.operand;
    if (e->v.unary_op.op == AST_UOP_USUB && od->kind == AST_EXPR_BIN_OP &&
        od->v.bin_op.op == AST_OP_POW) {
      /* -(a ** b) whose positive value is just past int64 (-2 ** 63):
       * CPython folds it to a constant that fits */
      py_obj *r = neg_pow(f, od);
      if (r != py_NotImplemented) return r;
    }
    py_obj *v = eval(f, e->v.unary_op.operand);
    if (!v) return NULL;
    py_obj *r;
    switch (e->v.unary_op.op) {
    case AST_UOP_NOT: r = py_not(v); break;
    case AST_UOP_USUB: r = py_neg(v); break;
    case AST_UOP_UADD: r = py_pos(v); break;
    default: r = py_invert(v); break;
    }
    py_decref(v);
    if (!r) FAIL(f, e);
    return r;
  }
  case AST_EXPR_IF_EXP: {
    int t;
    if (truth(f, e->v.if_exp.test, &t) < 0) return NULL;
    return eval(f, t ? e->v.if_exp.body : e->v.if_exp.orelse);
  }
  case AST_EXPR_NAMED_EXPR: {
    py_obj *v = eval(f, e->v.named_expr.value);
    if (!v) return NULL;
    if (store_name(f, RI(f, e->v.named_expr.target), v) < 0) { py_decref(v); FAIL(f, e); }
    return v;
  }
  case AST_EXPR_LAMBDA: return make_function(f, RI(f, e)->code, e->v.lambda.args);
  case AST_EXPR_DICT: return dict_display(f, e);
  case AST_EXPR_SET: return set_display(f, e);
  case AST_EXPR_LIST: return seq_display(f, &e->v.list.elts, false);
  case AST_EXPR_TUPLE: {
    const ast_expr_seq *elts = &e->v.tuple.elts;
    bool star = false;
    for (int i = 0; i < elts->n; i++) if (elts->items[i]->kind == AST_EXPR_STARRED) star = true;
    if (star) return seq_display(f, elts, true);
    py_obj *t = py_tuple_new(elts->n);
    if (!t) return NULL;
    for (int i = 0; i < elts->n; i++) {
      py_obj *v = eval(f, elts->items[i]);
      if (!v) {
        for (int j = i; j < elts->n; j++) py_tuple_set_steal(t, j, py_newref(py_None));
        py_decref(t);
        return NULL;
      }
      py_tuple_set_steal(t, i, v);
    }
    return t;
  }
  case AST_EXPR_LIST_COMP: case AST_EXPR_SET_COMP: case AST_EXPR_DICT_COMP:
  case AST_EXPR_GENERATOR_EXP:
    return comprehension(f, e);
  case AST_EXPR_JOINED_STR: return fstring(f, e);
  case AST_EXPR_FORMATTED_VALUE: return formatted(f, e);
  case AST_EXPR_SLICE: return subscript_key(f, e);
  case AST_EXPR_YIELD: {
    py_obj *v = e->v.yield.value ? eval(f, e->v.yield.value) : py_newref(py_None);
    if (!v) return NULL;
    py_obj *r = gen_yield(f, v, true);
    if (!r) FAIL(f, e);
    return r;
  }
  case AST_EXPR_YIELD_FROM: {
    py_obj *v = eval(f, e->v.yield_from.value);
    if (!v) return NULL;
    py_obj *it;
    if (v->type == &lang_gen_type) {
      it = v;
    } else {
      it = py_iter(v);
      py_decref(v);
      if (!it) FAIL(f, e);
    }
    return yield_from(f, it, e);
  }
  case AST_EXPR_AWAIT: return await_expr(f, e);
  case AST_EXPR_STARRED:
    py_err_set_str(&py_exc_SyntaxError, "can't use starred expression here");
    FAIL(f, e);
  default:
    py_err_format(&py_exc_NotImplementedError, "%s expressions are not supported",
                  ast_expr_kind_name(e->kind));
    FAIL(f, e);
  }
}

/* ---------------------------------------------------------- assignment */

static int unpack(lang_frame *f, const ast_expr *t, const ast_expr_seq *elts, py_obj *v) {
  int star = -1;
  for (int i = 0; i < elts->n; i++)
    if (elts->items[i]->kind == AST_EXPR_STARRED) star = i;
  int n = elts->n;
  py_obj **items = NULL;
  py_ssize_t cnt = 0;
  py_obj *tmp = NULL;
  if (py_tuple_check(v) && v->type == &py_tuple_type) {
    items = ((py_tuple *)v)->items; cnt = py_tuple_len(v);
  } else if (v->type == &py_list_type) {
    tmp = py_list_as_tuple(v);
    if (!tmp) return -1;
    items = ((py_tuple *)tmp)->items; cnt = py_tuple_len(tmp);
  } else {
    py_obj *it = py_iter(v);
    if (!it) {
      if (py_err_matches(&py_exc_TypeError)) {
        py_err_clear();
        py_err_format(&py_exc_TypeError, "cannot unpack non-iterable %s object",
                      py_type_name(v));
      }
      lang__tb_here(f, &t->pos, false);
      return -1;
    }
    py_obj *l = py_list_new(n);
    if (!l) { py_decref(it); return -1; }
    py_obj *o;
    while ((o = py_iter_next(it))) {
      py_list_append_steal(l, o);
      if (star < 0 && py_list_len(l) > n) break;
    }
    py_decref(it);
    if (py_err_occurred()) { py_decref(l); lang__tb_here(f, &t->pos, false); return -1; }
    tmp = py_list_as_tuple(l);
    py_decref(l);
    if (!tmp) return -1;
    items = ((py_tuple *)tmp)->items; cnt = py_tuple_len(tmp);
  }
  int rc = 0;
  if (star < 0) {
    if (cnt != n) {
      if (cnt > n) py_err_format(&py_exc_ValueError, "too many values to unpack (expected %d)", n);
      else py_err_format(&py_exc_ValueError, "not enough values to unpack (expected %d, got %zd)",
                         n, (size_t)cnt);
      lang__tb_here(f, &t->pos, false);
      py_xdecref(tmp);
      return -1;
    }
    py_obj *keep = tmp ? NULL : py_newref(v);
    for (int i = 0; i < n && rc == 0; i++) rc = assign(f, elts->items[i], items[i]);
    py_xdecref(keep);
  } else {
    if (cnt < n - 1) {
      py_err_format(&py_exc_ValueError,
                    "not enough values to unpack (expected at least %d, got %zd)", n - 1,
                    (size_t)cnt);
      lang__tb_here(f, &t->pos, false);
      py_xdecref(tmp);
      return -1;
    }
    py_obj *keep = tmp ? NULL : py_newref(v);
    int after = n - 1 - star;
    for (int i = 0; i < star && rc == 0; i++) rc = assign(f, elts->items[i], items[i]);
    if (rc == 0) {
      py_obj *mid = py_list_from(items + star, cnt - star - after);
      if (!mid) rc = -1;
      else { rc = assign(f, elts->items[star]->v.starred.value, mid); py_decref(mid); }
    }
    for (int i = 0; i < after && rc == 0; i++)
      rc = assign(f, elts->items[star + 1 + i], items[cnt - after + i]);
    py_xdecref(keep);
  }
  py_xdecref(tmp);
  return rc;
}

static int assign(lang_frame *f, const ast_expr *t, py_obj *v) {
  switch (t->kind) {
  case AST_EXPR_NAME: {
    lang_rinfo *r = RI(f, t);
    if (r->kind == NK_FAST) { PY_SETREF(f->fast[r->slot], py_newref(v)); return 0; }
    if (store_name(f, r, v) < 0) { lang__tb_here(f, &t->pos, false); return -1; }
    return 0;
  }
  case AST_EXPR_ATTRIBUTE: {
    py_obj *o = eval(f, t->v.attribute.value);
    if (!o) return -1;
    int rc = py_setattr(o, RI(f, t)->obj, v);
    py_decref(o);
    if (rc < 0) lang__tb_here(f, &t->pos, false);
    return rc;
  }
  case AST_EXPR_SUBSCRIPT: {
    py_obj *o = eval(f, t->v.subscript.value);
    if (!o) return -1;
    py_obj *k = subscript_key(f, t->v.subscript.slice);
    if (!k) { py_decref(o); return -1; }
    int rc = py_setitem(o, k, v);
    py_decref(o);
    py_decref(k);
    if (rc < 0) {
      if (t->pos.line == t->pos.end_line) {
        lang__anchor[0] = 2;
        lang__anchor[1] = t->v.subscript.value->pos.end_col;
        lang__anchor[2] = t->v.subscript.slice->pos.end_col;
      }
      lang__tb_here(f, &t->pos, false);
    }
    return rc;
  }
  case AST_EXPR_TUPLE: return unpack(f, t, &t->v.tuple.elts, v);
  case AST_EXPR_LIST: return unpack(f, t, &t->v.list.elts, v);
  case AST_EXPR_STARRED: return assign(f, t->v.starred.value, v);
  default:
    py_err_set_str(&py_exc_SyntaxError, "cannot assign");
    lang__tb_here(f, &t->pos, false);
    return -1;
  }
}

static int delete_target(lang_frame *f, const ast_expr *t) {
  switch (t->kind) {
  case AST_EXPR_NAME:
    if (del_name(f, RI(f, t)) < 0) { lang__tb_here(f, &t->pos, false); return -1; }
    return 0;
  case AST_EXPR_ATTRIBUTE: {
    py_obj *o = eval(f, t->v.attribute.value);
    if (!o) return -1;
    int rc = py_delattr(o, RI(f, t)->obj);
    py_decref(o);
    if (rc < 0) lang__tb_here(f, &t->pos, false);
    return rc;
  }
  case AST_EXPR_SUBSCRIPT: {
    py_obj *o = eval(f, t->v.subscript.value);
    if (!o) return -1;
    py_obj *k = subscript_key(f, t->v.subscript.slice);
    if (!k) { py_decref(o); return -1; }
    int rc = py_delitem(o, k);
    py_decref(o);
    py_decref(k);
    if (rc < 0) {
      if (t->pos.line == t->pos.end_line) {
        lang__anchor[0] = 2;
        lang__anchor[1] = t->v.subscript.value->pos.end_col;
        lang__anchor[2] = t->v.subscript.slice->pos.end_col;
      }
      lang__tb_here(f, &t->pos, false);
    }
    return rc;
  }
  case AST_EXPR_TUPLE: case AST_EXPR_LIST: {
    const ast_expr_seq *el = t->kind == AST_EXPR_TUPLE ? &t->v.tuple.elts : &t->v.list.elts;
    for (int i = 0; i < el->n; i++) if (delete_target(f, el->items[i]) < 0) return -1;
    return 0;
  }
  default:
    py_err_set_str(&py_exc_SyntaxError, "cannot delete");
    return -1;
  }
}

/* ----------------------------------------------------------- statements */

/* n += k, n -= k, n *= k on a local int and an int that do not overflow
 * (the counters of most loops). 1 done, 0 not this case (nothing
 * evaluated), -1 error. The local is read before the value is evaluated,
 * as CPython does. An int that only the local holds is updated in place
 * when the result is not a cached small int (ints are immutable to the
 * program; it could not tell the object from a new one). */
static int aug_assign_int(lang_frame *f, const ast_stmt *s, lang_rinfo *r, py_binop op) {
  py_obj **slot = &f->fast[r->slot];
  py_obj *old = *slot;
  if (!old || !py_int_check_exact(old) ||
      (op != PY_OP_ADD && op != PY_OP_SUB && op != PY_OP_MUL))
    return 0;
  py_incref(old);
  py_obj *v = eval(f, s->v.aug_assign.value);
  if (!v) { py_decref(old); return -1; }
  py_obj *res = NULL;
  if (py_int_check_exact(v)) {
    int64_t x = py_int_value(old), y = py_int_value(v), z;
    bool ovf = op == PY_OP_ADD ? __builtin_add_overflow(x, y, &z)
             : op == PY_OP_SUB ? __builtin_sub_overflow(x, y, &z)
             : __builtin_mul_overflow(x, y, &z);
    if (!ovf && *slot == old && old->refcnt == 2 &&
        (z < PY_SMALL_INT_MIN || z > PY_SMALL_INT_MAX)) {
      ((py_int *)old)->value = z;
      old->refcnt--;
      py_decref(v);
      return 1;
    }
    if (!ovf) res = py_int_from(z);
  }
  if (!res) res = py_inplace_op(old, v, op);
  py_decref(old);
  py_decref(v);
  if (!res) { lang__tb_here(f, &s->pos, false); return -1; }
  PY_SETREF(*slot, res);
  return 1;
}

static __attribute__((noinline)) int aug_assign(lang_frame *f, const ast_stmt *s) {
  const ast_expr *t = s->v.aug_assign.target;
  py_binop op = binop_of(s->v.aug_assign.op);
  if (t->kind == AST_EXPR_NAME) {
    lang_rinfo *r = RI(f, t);
    py_obj *old;
    if (r->kind == NK_FAST) {
      int done = aug_assign_int(f, s, r, op);
      if (done) return done < 0 ? -1 : 0;
    }
    if (r->kind == NK_FAST && op == PY_OP_ADD && f->fast[r->slot] &&
        py_str_check_exact(f->fast[r->slot])) {
      py_obj *v = eval(f, s->v.aug_assign.value);
      if (!v) return -1;
      if (py_str_check_exact(v) && f->fast[r->slot] && py_str_check_exact(f->fast[r->slot])) {
        py_obj *cur = f->fast[r->slot];
        f->fast[r->slot] = NULL;
        int rc = py_str_append_inplace(&cur, v);
        py_decref(v);
        f->fast[r->slot] = cur;
        if (rc < 0) { lang__tb_here(f, &s->pos, false); return -1; }
        return 0;
      }
      old = load_name(f, r);
      if (!old) { py_decref(v); lang__tb_here(f, &t->pos, false); return -1; }
      py_obj *res = py_inplace_op(old, v, op);
      py_decref(old);
      py_decref(v);
      if (!res) { lang__tb_here(f, &s->pos, false); return -1; }
      int rc = store_name(f, r, res);
      py_decref(res);
      return rc;
    }
    old = load_name(f, r);
    if (!old) { lang__tb_here(f, &t->pos, false); return -1; }
    py_obj *v = eval(f, s->v.aug_assign.value);
    if (!v) { py_decref(old); return -1; }
    py_obj *d = r->kind == NK_GLOBAL ? f->globals : r->kind == NK_NAME ? f->locals : NULL;
    if (d && op == PY_OP_ADD && d->type == &py_dict_type && py_str_check_exact(old) &&
        py_str_check_exact(v) && old->refcnt == 2 && dict_lookup(d, r->obj) == old) {
      /* s += x on a module or class name: take the dict's reference so the
       * str is ours alone and grows in place (CPython's STORE_FAST trick) */
      if (py_dict_set(d, r->obj, py_None) == 0) {
        int rc = py_str_append_inplace(&old, v);
        py_decref(v);
        if (rc < 0) { lang__tb_here(f, &s->pos, false); return -1; }
        rc = py_dict_set(d, r->obj, old);
        py_decref(old);
        return rc;
      }
      py_err_clear();
    }
    py_obj *res;
    if (py_int_check_exact(old) && py_int_check_exact(v)) res = fast_binop(old, v, op);
    else res = py_inplace_op(old, v, op);
    py_decref(old);
    py_decref(v);
    if (!res) { lang__tb_here(f, &s->pos, false); return -1; }
    int rc = store_name(f, r, res);
    py_decref(res);
    if (rc < 0) lang__tb_here(f, &s->pos, false);
    return rc;
  }
  if (t->kind == AST_EXPR_ATTRIBUTE) {
    py_obj *o = eval(f, t->v.attribute.value);
    if (!o) return -1;
    py_obj *name = RI(f, t)->obj;
    py_obj *old = py_getattr(o, name);
    if (!old) { py_decref(o); lang__tb_here(f, &t->pos, false); return -1; }
    py_obj *v = eval(f, s->v.aug_assign.value);
    if (!v) { py_decref(o); py_decref(old); return -1; }
    py_obj *res = py_inplace_op(old, v, op);
    py_decref(old);
    py_decref(v);
    if (!res) { py_decref(o); lang__tb_here(f, &s->pos, false); return -1; }
    int rc = py_setattr(o, name, res);
    py_decref(res);
    py_decref(o);
    if (rc < 0) lang__tb_here(f, &t->pos, false);
    return rc;
  }
  if (t->kind == AST_EXPR_SUBSCRIPT) {
    py_obj *o = eval(f, t->v.subscript.value);
    if (!o) return -1;
    py_obj *k = subscript_key(f, t->v.subscript.slice);
    if (!k) { py_decref(o); return -1; }
    py_obj *old = py_getitem(o, k);
    if (!old) { py_decref(o); py_decref(k); lang__tb_here(f, &t->pos, false); return -1; }
    py_obj *v = eval(f, s->v.aug_assign.value);
    if (!v) { py_decref(o); py_decref(k); py_decref(old); return -1; }
    py_obj *res = py_inplace_op(old, v, op);
    py_decref(old);
    py_decref(v);
    if (!res) { py_decref(o); py_decref(k); lang__tb_here(f, &s->pos, false); return -1; }
    int rc = py_setitem(o, k, res);
    py_decref(res);
    py_decref(o);
    py_decref(k);
    if (rc < 0) lang__tb_here(f, &t->pos, false);
    return rc;
  }
  py_err_set_str(&py_exc_SyntaxError, "illegal expression for augmented assignment");
  return -1;
}

/* Await aw (stolen) inside frame f: a coroutine runs inline (yield from);
 * anything else goes through its __await__. */
py_obj *(*lang__await_now)(py_obj *aw, bool *done);

static py_obj *await_value(lang_frame *f, py_obj *aw, const ast_expr *e) {
  if (aw->type == &lang_coro_type) return yield_from(f, aw, e);
  if (lang__await_now) {
    bool done = false;
    py_obj *r = lang__await_now(aw, &done);
    if (done) {
      py_decref(aw);
      if (!r) FAIL(f, e);
      return r;
    }
  }
  py_obj *m = py_type_lookup(aw->type, PY_ID(__await__));
  if (!m) {
    py_err_format(&py_exc_TypeError, "object %s can't be used in 'await' expression",
                  py_type_name(aw));
    py_decref(aw);
    FAIL(f, e);
  }
  /* A C __await__ (asyncio's futures and coroutines) is called as found,
     with no second lookup and no bound method: most awaits are these. */
  py_obj *it = m->type->flags & PY_TF_METHOD_DESCR
      ? py__call_prepend(m, aw, NULL, 0, NULL)
      : py_call_method(aw, PY_ID(__await__), NULL, 0, NULL);
  py_decref(aw);
  if (!it) FAIL(f, e);
  return yield_from(f, it, e);
}

/* The type name CPython reports for the iterable of a for clause: its AST
 * optimizer (fold_iter) turns a list display without starred items into a
 * tuple, and a set display of constants into a frozenset. Only the
 * TypeError of an `async for` lets a script see it. */
static const char *folded_type_name(const ast_expr *node, py_obj *src) {
  const ast_expr_seq *elts = node->kind == AST_EXPR_LIST ? &node->v.list.elts
                           : node->kind == AST_EXPR_SET ? &node->v.set.elts : NULL;
  if (!elts) return py_type_name(src);
  for (int i = 0; i < elts->n; i++) {
    int k = elts->items[i]->kind;
    if (k == AST_EXPR_STARRED || (node->kind == AST_EXPR_SET && k != AST_EXPR_CONSTANT))
      return py_type_name(src);
  }
  return node->kind == AST_EXPR_LIST ? "tuple" : "frozenset";
}

/* GET_AITER: the asynchronous iterator (new reference) of src, the value
 * of node, or NULL with CPython's TypeError. */
static py_obj *get_aiter(const ast_expr *node, py_obj *src) {
  if (!py_type_lookup(src->type, PY_ID(__aiter__)))
    return py_err_format(&py_exc_TypeError,
                         "'async for' requires an object with __aiter__ method, got %s",
                         folded_type_name(node, src));
  py_obj *it = py_call_method(src, PY_ID(__aiter__), NULL, 0, NULL);
  if (!it) return NULL;
  if (!py_type_lookup(it->type, PY_ID(__anext__))) {
    py_err_format(&py_exc_TypeError,
                  "'async for' received an object from __aiter__ that does not implement "
                  "__anext__: %s", py_type_name(it));
    py_decref(it);
    return NULL;
  }
  return it;
}

/* GET_ANEXT and the await of what it returns, at node `at`: 1 with the
 * item in *item, 0 when the iterator raised StopAsyncIteration, -1 on an
 * error. */
static int async_next(lang_frame *f, py_obj *it, const ast_expr *at, py_obj **item) {
  py_obj *aw = py_call_method(it, PY_ID(__anext__), NULL, 0, NULL);
  if (!aw) return -1;
  *item = await_value(f, aw, at);
  if (*item) return 1;
  if (!py_err_matches(&py_exc_StopAsyncIteration)) return -1;
  py_err_clear();
  return 0;
}

static int exec_async_for(lang_frame *f, const ast_stmt *s) {
  py_obj *src = eval(f, s->v.for_.iter);
  if (!src) return X_ERR;
  py_obj *it = get_aiter(s->v.for_.iter, src);
  py_decref(src);
  if (!it) { lang__tb_here(f, &s->pos, false); return X_ERR; }
  int r = X_OK;
  bool broke = false;
  for (;;) {
    py_obj *item;
    int n = async_next(f, it, s->v.for_.iter, &item);
    if (n <= 0) {
      if (n < 0) { lang__tb_here(f, &s->pos, false); r = X_ERR; }
      break;
    }
    int a = assign(f, s->v.for_.target, item);
    py_decref(item);
    if (a < 0) { r = X_ERR; break; }
    r = exec_block(f, &s->v.for_.body);
    if (r == X_BRK) { r = X_OK; broke = true; break; }
    if (r == X_CONT) { r = X_OK; continue; }
    if (r != X_OK) break;
  }
  py_decref(it);
  if (r == X_OK && !broke && s->v.for_.orelse.n) r = exec_block(f, &s->v.for_.orelse);
  return r;
}

static __attribute__((noinline)) int exec_for(lang_frame *f, const ast_stmt *s) {
  if (s->v.for_.is_async) return exec_async_for(f, s);
  py_obj *src = eval(f, s->v.for_.iter);
  if (!src) return X_ERR;
  py_obj *it = py_iter(src);
  py_decref(src);
  if (!it) { lang__tb_here(f, &s->pos, false); return X_ERR; }
  int r = X_OK;
  bool broke = false;
  const ast_expr *tg = s->v.for_.target;
  lang_rinfo *tr = tg->kind == AST_EXPR_NAME ? RI(f, tg) : NULL;
  if (tr && tr->kind != NK_FAST) tr = NULL;
  for (;;) {
    py_obj *item = py_iter_next(it);
    if (!item) {
      if (py_err_occurred()) { lang__tb_here(f, &s->pos, false); r = X_ERR; }
      break;
    }
    if (tr) {
      PY_SETREF(f->fast[tr->slot], item);
    } else {
      int a = assign(f, tg, item);
      py_decref(item);
      if (a < 0) { r = X_ERR; break; }
    }
    r = exec_block(f, &s->v.for_.body);
    if (r == X_BRK) { r = X_OK; broke = true; break; }
    if (r == X_CONT) { r = X_OK; continue; }
    if (r != X_OK) break;
  }
  py_decref(it);
  if (r == X_OK && !broke && s->v.for_.orelse.n) r = exec_block(f, &s->v.for_.orelse);
  return r;
}

static __attribute__((noinline)) int exec_while(lang_frame *f, const ast_stmt *s) {
  for (;;) {
    int t;
    if (truth(f, s->v.while_.test, &t) < 0) return X_ERR;
    if (!t) break;
    int r = exec_block(f, &s->v.while_.body);
    if (r == X_BRK) return X_OK;
    if (r == X_CONT || r == X_OK) continue;
    return r;
  }
  if (s->v.while_.orelse.n) return exec_block(f, &s->v.while_.orelse);
  return X_OK;
}

static int raise_stmt(lang_frame *f, const ast_stmt *s) {
  lang_interp *ip = lang__ip;
  if (!s->v.raise.exc) {
    py_obj *h = ip->nhandled ? ip->handled[ip->nhandled - 1] : NULL;
    if (!h) {
      py_err_set_str(&py_exc_RuntimeError, "No active exception to reraise");
      lang__tb_here(f, &s->pos, false);
      return X_ERR;
    }
    py_err_restore(py_newref(h));
    return X_ERR;
  }
  py_obj *e = eval(f, s->v.raise.exc);
  if (!e) return X_ERR;
  py_obj *exc = NULL;
  if (PY_TYPE_CHECK(e) && py_type_is_subtype((py_type *)e, &py_exc_BaseException)) {
    exc = py_call0(e);
    py_decref(e);
    if (!exc) { lang__tb_here(f, &s->pos, false); return X_ERR; }
    if (!py_exc_check(exc)) {
      py_err_format(&py_exc_TypeError,
                    "calling %s should have returned an instance of BaseException, not %s",
                    "exception class", py_type_name(exc));
      py_decref(exc);
      lang__tb_here(f, &s->pos, false);
      return X_ERR;
    }
  } else if (py_exc_check(e)) {
    exc = e;
  } else {
    py_decref(e);
    py_err_set_str(&py_exc_TypeError, "exceptions must derive from BaseException");
    lang__tb_here(f, &s->pos, false);
    return X_ERR;
  }
  if (s->v.raise.cause) {
    py_obj *c = eval(f, s->v.raise.cause);
    if (!c) { py_decref(exc); return X_ERR; }
    py_obj *cause = NULL;
    if (c == py_None) {
      cause = NULL;
      py_decref(c);
    } else if (PY_TYPE_CHECK(c) && py_type_is_subtype((py_type *)c, &py_exc_BaseException)) {
      cause = py_call0(c);
      py_decref(c);
      if (!cause) { py_decref(exc); lang__tb_here(f, &s->pos, false); return X_ERR; }
    } else if (py_exc_check(c)) {
      cause = c;
    } else {
      py_decref(c);
      py_decref(exc);
      py_err_set_str(&py_exc_TypeError, "exception causes must derive from BaseException");
      lang__tb_here(f, &s->pos, false);
      return X_ERR;
    }
    py_exc_set_cause(exc, cause);
    ((py_exc *)exc)->suppress_context = true;
    py_xdecref(cause);
  }
  py_err_restore(exc);
  lang__tb_here(f, &s->pos, true);
  return X_ERR;
}

static int handler_matches(lang_frame *f, const ast_excepthandler *h, py_obj *exc, int *m) {
  if (!h->type) { *m = 1; return 0; }
  py_obj *t = eval(f, h->type);
  if (!t) return -1;
  bool ok = true;
  if (py_tuple_check(t)) {
    for (py_ssize_t i = 0; i < py_tuple_len(t); i++) {
      py_obj *x = py_tuple_get(t, i);
      if (!PY_TYPE_CHECK(x) || !py_type_is_subtype((py_type *)x, &py_exc_BaseException))
        ok = false;
    }
  } else if (!PY_TYPE_CHECK(t) || !py_type_is_subtype((py_type *)t, &py_exc_BaseException)) {
    ok = false;
  }
  if (!ok) {
    py_decref(t);
    py_err_set_str(&py_exc_TypeError,
                   "catching classes that do not inherit from BaseException is not allowed");
    lang__tb_here(f, &h->type->pos, false);
    return -1;
  }
  *m = py_exc_matches(exc, t);
  py_decref(t);
  return 0;
}

static int exec_try(lang_frame *f, const ast_stmt *s) {
  lang_interp *ip = lang__ip;
  int r = exec_block(f, &s->v.try_.body);
  if (r == X_ERR && s->v.try_.handlers.n > 0 && !ip->exit_code) {
    py_obj *exc = py_err_fetch();
    if (push_handled(ip, exc) < 0) { py_err_restore(exc); goto fin; }
    bool matched = false;
    for (int i = 0; i < s->v.try_.handlers.n; i++) {
      const ast_excepthandler *h = s->v.try_.handlers.items[i];
      int m = 0;
      if (handler_matches(f, h, exc, &m) < 0) { r = X_ERR; matched = true; break; }
      if (!m) continue;
      matched = true;
      lang_rinfo *nr = h->name ? RIK(f, h) : NULL;
      if (nr && store_name(f, nr, exc) < 0) { r = X_ERR; break; }
      r = exec_block(f, &h->body);
      if (nr) {
        py_obj *saved = r == X_ERR ? py_err_fetch() : NULL;
        if (del_name(f, nr) < 0) py_err_clear();
        if (saved) py_err_restore(saved);
      }
      break;
    }
    pop_handled(ip);
    if (!matched) { py_err_restore(exc); r = X_ERR; }
    else py_decref(exc);
  } else if (r == X_OK && s->v.try_.orelse.n) {
    r = exec_block(f, &s->v.try_.orelse);
  }
fin:
  if (s->v.try_.finalbody.n) {
    py_obj *pending = NULL, *ret = NULL;
    if (r == X_ERR) pending = py_err_fetch();
    if (r == X_RET) { ret = f->retval; f->retval = NULL; }
    bool pushed = pending && push_handled(ip, pending) == 0;
    int r2 = exec_block(f, &s->v.try_.finalbody);
    if (pushed) pop_handled(ip);
    if (r2 != X_OK) {
      py_xdecref(pending);
      py_xdecref(ret);
      return r2;
    }
    if (pending) py_err_restore(pending);
    if (ret) f->retval = ret;
  }
  return r;
}

static int exec_with(lang_frame *f, const ast_stmt *s, int idx) {
  if (idx >= s->v.with.items.n) return exec_block(f, &s->v.with.body);
  const ast_withitem *it = s->v.with.items.items[idx];
  bool is_async = s->v.with.is_async;
  py_obj *mgr = eval(f, it->context_expr);
  if (!mgr) return X_ERR;
  py_obj *enter = py_type_lookup(mgr->type, is_async ? PY_ID(__aenter__) : PY_ID(__enter__));
  py_obj *exit = py_type_lookup(mgr->type, is_async ? PY_ID(__aexit__) : PY_ID(__exit__));
  if (!enter || !exit) {
    if (is_async)
      py_err_format(&py_exc_TypeError,
                    "'%s' object does not support the asynchronous context manager protocol",
                    py_type_name(mgr));
    else
      py_err_format(&py_exc_TypeError,
                    "'%s' object does not support the context manager protocol",
                    py_type_name(mgr));
    py_decref(mgr);
    lang__tb_here(f, &it->context_expr->pos, false);
    return X_ERR;
  }
  py_incref(exit);
  py_obj *v = py_call(enter, &mgr, 1, NULL);
  if (v && is_async) v = await_value(f, v, it->context_expr);
  if (!v) { py_decref(exit); py_decref(mgr); lang__tb_here(f, &it->context_expr->pos, false); return X_ERR; }
  int r;
  if (it->optional_vars) {
    int a = assign(f, it->optional_vars, v);
    py_decref(v);
    if (a < 0) { r = X_ERR; goto body_done; }
  } else {
    py_decref(v);
  }
  r = exec_with(f, s, idx + 1);
body_done:
  if (r == X_ERR) {
    py_obj *exc = py_err_fetch();
    if (!exc) exc = py_exc_new_str(&py_exc_RuntimeError, "error without exception");
    push_handled(lang__ip, exc);
    py_obj *tbo = py_exc_check(exc) && py_exc_traceback(exc) ? py_exc_traceback(exc) : py_None;
    py_obj *args[4] = {mgr, &exc->type->ob, exc, tbo};
    py_obj *res = py_call(exit, args, 4, NULL);
    if (res && is_async) res = await_value(f, res, it->context_expr);
    pop_handled(lang__ip);
    py_decref(exit);
    py_decref(mgr);
    if (!res) { py_decref(exc); lang__tb_here(f, &s->pos, false); return X_ERR; }
    int t = py_is_true(res);
    py_decref(res);
    if (t > 0) { py_decref(exc); return X_OK; }
    py_err_restore(exc);
    return X_ERR;
  }
  py_obj *args[4] = {mgr, py_None, py_None, py_None};
  py_obj *ret = r == X_RET ? f->retval : NULL;
  f->retval = NULL;
  py_obj *res = py_call(exit, args, 4, NULL);
  if (res && is_async) res = await_value(f, res, it->context_expr);
  f->retval = ret;
  py_decref(exit);
  py_decref(mgr);
  if (!res) { PY_CLEAR(f->retval); lang__tb_here(f, &s->pos, false); return X_ERR; }
  py_decref(res);
  return r;
}

static int exec_class(lang_frame *f, const ast_stmt *s) {
  lang_code *c = RIK(f, s)->code;
  if (s->v.class_def.keywords.n > 0) {
    py_err_set_str(&py_exc_NotImplementedError,
                   "class keyword arguments (metaclass=...) are not supported");
    lang__tb_here(f, &s->pos, false);
    return X_ERR;
  }
  py_obj *bases = seq_display(f, &s->v.class_def.bases, true);
  if (!bases) return X_ERR;
  for (py_ssize_t i = 0; i < py_tuple_len(bases); i++) {
    if (!PY_TYPE_CHECK(py_tuple_get(bases, i))) {
      py_decref(bases);
      py_err_set_str(&py_exc_TypeError, "bases must be types");
      lang__tb_here(f, &s->pos, false);
      return X_ERR;
    }
  }
  py_obj *ns = py_dict_new();
  if (!ns) { py_decref(bases); return X_ERR; }
  py_obj *modname = py_str_from_cstr("__main__");
  py_dict_set(ns, PY_ID(__module__), modname);
  py_decref(modname);
  py_dict_set(ns, PY_ID(__qualname__), c->qualname_obj);
  if (c->body->n > 0) {
    const ast_stmt *s0 = c->body->items[0];
    if (s0->kind == AST_STMT_EXPR && s0->v.expr.value->kind == AST_EXPR_CONSTANT &&
        s0->v.expr.value->v.constant.kind == AST_CONST_STR) {
      lang_rinfo *dr = RI(f, s0->v.expr.value);
      if (dr && dr->obj) py_dict_set(ns, PY_ID(__doc__), dr->obj);
    }
  }
  py_obj *inl[FAST_INLINE + 1];
  py_obj **fast = c->nslots <= FAST_INLINE ? inl : rt_calloc((size_t)c->nslots + 1, sizeof(py_obj *));
  if (!fast) { py_decref(ns); py_decref(bases); py_err_no_memory(); return X_ERR; }
  memset(fast, 0, sizeof(py_obj *) * (size_t)c->nslots);
  for (int i = 0; i < c->nfree; i++) fast[c->nlocals + i] = py_newref(f->fast[c->free_src[i]]);
  lang_frame fr = {0};
  fr.code = c;
  fr.prog = f->prog;
  fr.fast = fast;
  fr.locals = ns;
  fr.globals = f->globals;
  py_obj *r = run_frame(&fr);
  clear_fast(fast, c->nslots);
  if (fast != inl) rt_free(fast);
  if (!r) { py_decref(ns); py_decref(bases); lang__tb_here(f, &s->pos, false); return X_ERR; }
  py_decref(r);
  py_obj *cls = py_type_new(c->name_obj, bases, ns);
  py_decref(bases);
  py_decref(ns);
  if (!cls) { lang__tb_here(f, &s->pos, false); return X_ERR; }
  /* functions learn their class, for zero-argument super() */
  py_obj *d = ((py_type *)cls)->dict;
  py_ssize_t pos = 0;
  py_obj *k, *v;
  while (py_dict_next(d, &pos, &k, &v)) {
    py_obj *fn = v;
    if (fn->type == &py_staticmethod_type || fn->type == &py_classmethod_type ||
        fn->type == &py_property_type) {
      py_obj *inner = NULL;
      const char *attr = fn->type == &py_property_type ? "fget" : "__func__";
      py_obj *an = py_intern_cstr(attr);
      int gr = an ? py_getattr_opt(fn, an, &inner) : -1;
      py_xdecref(an);
      if (gr >= 0 && inner) {
        if (inner->type == &lang_func_type && !((lang_func *)inner)->klass)
          ((lang_func *)inner)->klass = py_newref(cls);
        py_decref(inner);
      }
      py_err_clear();
      continue;
    }
    if (fn->type == &lang_func_type && !((lang_func *)fn)->klass)
      ((lang_func *)fn)->klass = py_newref(cls);
  }
  for (int i = s->v.class_def.decorator_list.n - 1; i >= 0; i--) {
    py_obj *dec = eval(f, s->v.class_def.decorator_list.items[i]);
    if (!dec) { py_decref(cls); return X_ERR; }
    py_obj *n = py_call1(dec, cls);
    py_decref(dec);
    py_decref(cls);
    if (!n) { lang__tb_here(f, &s->v.class_def.decorator_list.items[i]->pos, false); return X_ERR; }
    cls = n;
  }
  lang_rinfo *nr = RIK(f, (const char *)s + 1);
  int rc = store_name(f, nr, cls);
  py_decref(cls);
  return rc < 0 ? X_ERR : X_OK;
}

static int exec_def(lang_frame *f, const ast_stmt *s) {
  lang_code *c = RIK(f, s)->code;
  int nd = s->v.function_def.decorator_list.n;
  py_obj *decs[16];
  if (nd > 16) nd = 16;
  for (int i = 0; i < nd; i++) {
    decs[i] = eval(f, s->v.function_def.decorator_list.items[i]);
    if (!decs[i]) { for (int j = 0; j < i; j++) py_decref(decs[j]); return X_ERR; }
  }
  py_obj *fn = make_function(f, c, s->v.function_def.args);
  if (!fn) { for (int j = 0; j < nd; j++) py_decref(decs[j]); return X_ERR; }
  for (int i = nd - 1; i >= 0; i--) {
    py_obj *n = py_call1(decs[i], fn);
    py_decref(fn);
    fn = n;
    if (!fn) {
      lang__tb_here(f, &s->v.function_def.decorator_list.items[i]->pos, false);
      for (int j = 0; j < nd; j++) py_decref(decs[j]);
      return X_ERR;
    }
  }
  for (int j = 0; j < nd; j++) py_decref(decs[j]);
  int rc = store_name(f, RIK(f, (const char *)s + 1), fn);
  py_decref(fn);
  return rc < 0 ? X_ERR : X_OK;
}

static int exec_import(lang_frame *f, const ast_stmt *s) {
  if (s->kind == AST_STMT_IMPORT) {
    for (int i = 0; i < s->v.import.names.n; i++) {
      const ast_alias *a = s->v.import.names.items[i];
      py_obj *m = lang__import(lang__ip, RIK(f, (const char *)a + 1)->obj);
      const char *dot = a->asname ? NULL : strchr(a->name, '.');
      if (m && dot) {  /* import a.b binds a, the package */
        py_obj *top = py_str_from_utf8(a->name, (size_t)(dot - a->name));
        py_decref(m);
        m = top ? lang__import(lang__ip, top) : NULL;
        py_xdecref(top);
      }
      if (!m) { lang__tb_here(f, &s->pos, false); return X_ERR; }
      int rc = store_name(f, RIK(f, a), m);
      py_decref(m);
      if (rc < 0) return X_ERR;
    }
    return X_OK;
  }
  if (s->v.import_from.level > 0 || !s->v.import_from.module) {
    py_err_set_str(&py_exc_ImportError, "attempted relative import with no known parent package");
    lang__tb_here(f, &s->pos, false);
    return X_ERR;
  }
  py_obj *mn = py_intern_cstr(s->v.import_from.module);
  if (!mn) return X_ERR;
  py_obj *m = lang__import(lang__ip, mn);
  py_decref(mn);
  if (!m) { lang__tb_here(f, &s->pos, false); return X_ERR; }
  for (int i = 0; i < s->v.import_from.names.n; i++) {
    const ast_alias *a = s->v.import_from.names.items[i];
    if (strcmp(a->name, "*") == 0) {
      py_obj *d = py_module_dict(m);
      py_ssize_t pos = 0;
      py_obj *k, *v;
      while (py_dict_next(d, &pos, &k, &v))
        if (py_str_utf8(k)[0] != '_' && py_dict_set(f->locals ? f->locals : f->globals, k, v) < 0) {
          py_decref(m);
          return X_ERR;
        }
      continue;
    }
    py_obj *v = NULL;
    if (py_getattr_opt(m, RIK(f, (const char *)a + 1)->obj, &v) < 0 || !v) {
      py_err_clear();
      py_err_format(&py_exc_ImportError, "cannot import name '%s' from '%s' (unknown location)",
                    a->name, s->v.import_from.module);
      py_decref(m);
      lang__tb_here(f, &s->pos, false);
      return X_ERR;
    }
    int rc = store_name(f, RIK(f, a), v);
    py_decref(v);
    if (rc < 0) { py_decref(m); return X_ERR; }
  }
  py_decref(m);
  return X_OK;
}

static void trace_line(lang_frame *f, int line) {
  if (!f->prog->file_id) f->prog->file_id = rt_intern(py_str_utf8(f->prog->filename));
  rt_trace_emit(NULL, RT_EV_LINE, line, f->prog->file_id, 0, 0);
}



/* The statements that are not on every loop's path, out of exec_stmt so
 * that its frame stays small. */
static __attribute__((noinline)) int exec_rare(lang_frame *f, const ast_stmt *s) {
  switch (s->kind) {
  case AST_STMT_ANN_ASSIGN: {
    if (!s->v.ann_assign.value) return X_OK;
    py_obj *v = eval(f, s->v.ann_assign.value);
    if (!v) return X_ERR;
    int rc = assign(f, s->v.ann_assign.target, v);
    py_decref(v);
    return rc < 0 ? X_ERR : X_OK;
  }
  case AST_STMT_FUNCTION_DEF: return exec_def(f, s);
  case AST_STMT_CLASS_DEF: return exec_class(f, s);
  case AST_STMT_TRY: return exec_try(f, s);
  case AST_STMT_RAISE: return raise_stmt(f, s);
  case AST_STMT_WITH: return exec_with(f, s, 0);
  case AST_STMT_DELETE:
    for (int i = 0; i < s->v.delete_.targets.n; i++)
      if (delete_target(f, s->v.delete_.targets.items[i]) < 0) return X_ERR;
    return X_OK;
  case AST_STMT_ASSERT: {
    int t;
    if (truth(f, s->v.assert_.test, &t) < 0) return X_ERR;
    if (t) return X_OK;
    if (s->v.assert_.msg) {
      py_obj *m = eval(f, s->v.assert_.msg);
      if (!m) return X_ERR;
      py_err_set_obj(&py_exc_AssertionError, m);
      py_decref(m);
    } else {
      py_err_set_obj(&py_exc_AssertionError, NULL);
    }
    lang__tb_here(f, &s->v.assert_.test->pos, false);
    return X_ERR;
  }
  case AST_STMT_IMPORT: case AST_STMT_IMPORT_FROM: return exec_import(f, s);
  default:
    py_err_format(&py_exc_NotImplementedError, "%s statements are not supported",
                  ast_stmt_kind_name(s->kind));
    lang__tb_here(f, &s->pos, false);
    return X_ERR;
  }
}

static __attribute__((noinline)) int exec_assign(lang_frame *f, const ast_stmt *s) {
  py_obj *v = eval(f, s->v.assign.value);
  if (!v) return X_ERR;
  const ast_expr *t0 = s->v.assign.targets.items[0];
  if (s->v.assign.targets.n == 1 && t0->kind == AST_EXPR_NAME && RI(f, t0)->kind == NK_FAST) {
    PY_SETREF(f->fast[RI(f, t0)->slot], v);   /* x = value: the reference moves */
    return X_OK;
  }
  for (int i = 0; i < s->v.assign.targets.n; i++)
    if (assign(f, s->v.assign.targets.items[i], v) < 0) { py_decref(v); return X_ERR; }
  py_decref(v);
  return X_OK;
}

static int exec_stmt(lang_frame *f, const ast_stmt *s) {
  if (lang__stack_low(LANG_MARGIN_NEST)) {
    deep_call d = {.f = f, .s = s};
    return deep(deep_exec_stmt, &d) ? d.x : X_ERR;
  }
  lang_interp *ip = lang__ip;
  if (++ip->steps > ip->opts.max_steps) return budget_exhausted(f, s);
  if (s->pos.line != f->line) {
    f->line = s->pos.line;
    if (ip->tracing) trace_line(f, f->line);
  }
  switch (s->kind) {
  case AST_STMT_EXPR: {
    py_obj *v = eval(f, s->v.expr.value);
    if (!v) return X_ERR;
    py_decref(v);
    return X_OK;
  }
  case AST_STMT_ASSIGN: return exec_assign(f, s);
  case AST_STMT_AUG_ASSIGN: return aug_assign(f, s) < 0 ? X_ERR : X_OK;
  case AST_STMT_IF: {
    int t;
    if (truth(f, s->v.if_.test, &t) < 0) return X_ERR;
    if (t) return exec_block(f, &s->v.if_.body);
    if (s->v.if_.orelse.n) return exec_block(f, &s->v.if_.orelse);
    return X_OK;
  }
  case AST_STMT_FOR: return exec_for(f, s);
  case AST_STMT_WHILE: return exec_while(f, s);
  case AST_STMT_RETURN: {
    py_obj *v = s->v.return_.value ? eval(f, s->v.return_.value) : py_newref(py_None);
    if (!v) return X_ERR;
    PY_SETREF(f->retval, v);
    return X_RET;
  }
  case AST_STMT_PASS: case AST_STMT_GLOBAL: case AST_STMT_NONLOCAL: return X_OK;
  case AST_STMT_BREAK: return X_BRK;
  case AST_STMT_CONTINUE: return X_CONT;
  default: return exec_rare(f, s);
  }
}

static int exec_block(lang_frame *f, const ast_stmt_seq *b) {
  for (int i = 0; i < b->n; i++) {
    int r = exec_stmt(f, b->items[i]);
    if (r != X_OK) return r;
  }
  return X_OK;
}

/* Run a frame whose fast slots are set up: push it, run the body, pop it. */
static py_obj *run_frame(lang_frame *f) {
  if (lang__stack_low(LANG_MARGIN_CALL)) {
    deep_call d = {.f = f};
    return deep(deep_run_frame, &d) ? d.r : NULL;
  }
  lang_interp *ip = lang__ip;
  if (py_recursion_enter("") < 0) {
    return NULL;
  }
  f->serial = ++ip->serial;
  f->back = ip->cur;
  ip->cur = f;
  f->line = 0;
  lang_code *c = f->code;
  py_obj *r = NULL;
  if (c->kind == CODE_COMP) {
    const ast_expr *e = c->expr;
    py_obj *acc = e->kind == AST_EXPR_LIST_COMP ? py_list_new(0)
                : e->kind == AST_EXPR_SET_COMP ? py_set_new(NULL)
                : e->kind == AST_EXPR_DICT_COMP ? py_dict_new()
                : py_newref(py_None);
    if (acc) {
      f->line = e->pos.line;
      if (comp_loop(f, e, 0, acc) < 0) PY_CLEAR(acc);
    }
    r = acc;
  } else if (c->expr) {
    f->line = c->expr->pos.line;
    r = eval(f, c->expr->v.lambda.body);
  } else {
    int x = exec_block(f, c->body);
    if (x == X_ERR) r = NULL;
    else if (x == X_RET) { r = f->retval; f->retval = NULL; }
    else if (x == X_OK) r = py_newref(py_None);
    else {
      py_err_set_str(&py_exc_SyntaxError, "'break' outside loop");
      r = NULL;
    }
  }
  PY_CLEAR(f->retval);
  ip->cur = f->back;
  py_recursion_leave();
  return r;
}

static py_obj *run_code(lang_prog *p, lang_code *c, py_obj *globals, py_obj *locals);

py_obj *lang__run_code(lang_prog *p, lang_code *c, py_obj *globals, py_obj *locals) {
  return run_code(p, c, globals, locals);
}

static py_obj *run_code(lang_prog *p, lang_code *c, py_obj *globals, py_obj *locals) {
  lang_frame fr = {0};
  fr.code = c;
  fr.prog = p;
  fr.globals = globals;
  fr.locals = locals;
  py_obj *no_slots[1] = {NULL};  /* module and exec'd bodies keep names in dicts */
  fr.fast = no_slots;
  return run_frame(&fr);
}

/* ------------------------------------------------------------ generators */

static void gen_dealloc(py_obj *o);
static py_obj *gen_iternext(py_obj *o);
static py_obj *gen_repr(py_obj *o);
static py_obj *gen_m_send(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);
static py_obj *gen_m_throw(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);
static py_obj *gen_m_close(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);
static int gen_traverse(py_obj *o, py_visitfn visit, void *arg);

static py_obj *gen_self_iter(py_obj *o) { return py_newref(o); }

static const py_method_def gen_methods[] = {
    {"send", gen_m_send, 0},
    {"throw", gen_m_throw, 0},
    {"close", gen_m_close, 0},
    {NULL, NULL, 0},
};

static py_obj *gen_get_name(py_obj *o) { return py_newref(((lang_gen *)o)->name); }
static py_obj *gen_get_qualname(py_obj *o) { return py_newref(((lang_gen *)o)->qualname); }
static const py_getset_def gen_getsets[] = {
    {"__name__", gen_get_name, NULL},
    {"__qualname__", gen_get_qualname, NULL},
    {NULL, NULL, NULL},
};

py_type lang_gen_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "generator",
    .flags = PY_TF_GC,
    .basicsize = sizeof(lang_gen),
    .dealloc = gen_dealloc,
    .traverse = gen_traverse,
    .repr = gen_repr,
    .iter = gen_self_iter,
    .iternext = gen_iternext,
    .methods = gen_methods,
    .getsets = gen_getsets,
};

static py_obj *coro_await(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  return py_newref(self);
}
static const py_method_def coro_methods[] = {
    {"send", gen_m_send, 0},
    {"throw", gen_m_throw, 0},
    {"close", gen_m_close, 0},
    {"__await__", coro_await, 0},
    {NULL, NULL, 0},
};

py_type lang_coro_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "coroutine",
    .flags = PY_TF_GC,
    .basicsize = sizeof(lang_gen),
    .dealloc = gen_dealloc,
    .traverse = gen_traverse,
    .repr = gen_repr,
    .methods = coro_methods,
    .getsets = gen_getsets,
};

static int gen_traverse(py_obj *o, py_visitfn visit, void *arg) {
  lang_gen *g = (lang_gen *)o;
  if (g->func) { int r = visit(&g->func->ob, arg); if (r) return r; }
  if (g->finalizer) { int r = visit(g->finalizer, arg); if (r) return r; }
  if (g->fast && !g->started) {
    for (int i = 0; i < g->func->code->nslots; i++)
      if (g->fast[i]) { int r = visit(g->fast[i], arg); if (r) return r; }
  }
  return 0;
}

static py_obj *gen_repr(py_obj *o) {
  lang_gen *g = (lang_gen *)o;
  return py_str_from_format("<%s object %s at %p>", o->type->name,
                            py_str_utf8(g->qualname), (void *)o);
}

static py_obj *gen_new(lang_func *fn, py_obj **fast) {
  lang_code *c = fn->code;
  py_type *t = c->is_async ? (c->is_gen ? &lang_asyncgen_type : &lang_coro_type) : &lang_gen_type;
  lang_gen *g = (lang_gen *)py_obj_alloc(t, sizeof(lang_gen));
  if (!g) { clear_fast(fast, c->nslots); rt_free(fast); return NULL; }
  g->kind = c->is_async ? (c->is_gen ? GEN_ASYNCGEN : GEN_COROUTINE) : GEN_GENERATOR;
  g->func = (lang_func *)py_newref(&fn->ob);
  g->fast = fast;
  g->name = py_newref(fn->name);
  g->qualname = py_newref(fn->qualname);
  return &g->ob;
}

/* Run the body (on the coroutine's stack, or hosted on its host's). */
static void gen_body(lang_gen *g) {
  lang_code *c = g->func->code;
  lang_frame fr = {0};
  fr.code = c;
  fr.func = g->func;
  fr.prog = g->func->prog;
  fr.fast = g->fast;
  fr.globals = g->func->globals;
  fr.gen = g;
  g->frame = &fr;
  lang_interp *ip = lang__ip;
  if (ip->tracing && g->kind == GEN_COROUTINE)
    rt_trace_emit(NULL, RT_EV_FRAME_ENTER, rt_intern(py_str_utf8(g->qualname)),
                  fr.prog->file_id, c->firstline, RT_FRAME_COROUTINE);
  py_obj *r;
  if (g->throw_exc) {
    /* thrown into a generator that never started */
    py_obj *x = g->throw_exc;
    g->throw_exc = NULL;
    py_err_restore(x);
    r = NULL;
  } else {
    r = run_frame(&fr);
  }
  if (ip->tracing && g->kind == GEN_COROUTINE)
    rt_trace_emit(NULL, RT_EV_FRAME_LEAVE, rt_intern(py_str_utf8(g->qualname)),
                  (r || py_err_matches(&py_exc_StopIteration)) ? 0 : 1, 0, 0);
  if (!r) {
    if (py_err_matches(&py_exc_StopIteration) ||
        (g->kind == GEN_ASYNCGEN && py_err_matches(&py_exc_StopAsyncIteration))) {
      bool async_stop = !py_err_matches(&py_exc_StopIteration);
      py_obj *si = py_err_fetch();
      py_err_set_str(&py_exc_RuntimeError,
                     g->kind == GEN_COROUTINE ? "coroutine raised StopIteration"
                     : g->kind == GEN_ASYNCGEN ? (async_stop ? "async generator raised StopAsyncIteration"
                                                  : "async generator raised StopIteration")
                     : "generator raised StopIteration");
      py_obj *re = py_err_fetch();
      py_exc_set_cause(re, si);
      py_exc_set_context(re, si);
      py_decref(si);
      py_err_restore(re);
    }
    g->failed = true;
    g->exc = py_err_fetch();
  }
  g->result = r;
  clear_fast(g->fast, c->nslots);
  g->finished = true;
  g->frame = NULL;
}

static void gen_entry(void *arg) { gen_body(arg); }

/* A finished generator's outcome: NULL with *result set (new reference),
 * or NULL with its exception raised. Its stack and locals are freed. */
static py_obj *gen_outcome(lang_gen *g, py_obj **result) {
  rt_coro_free(g->coro);
  g->coro = NULL;
  rt_free(g->fast);
  g->fast = NULL;
  if (g->failed) {
    py_obj *x = g->exc;
    g->exc = NULL;
    g->failed = false;
    py_err_restore(x);
    return NULL;
  }
  *result = g->result;
  g->result = NULL;
  if (!*result) *result = py_newref(py_None);
  return NULL;
}

/* Run not-started coroutine g to its end right here, its frames on this
 * stack: what it awaits goes out through h. */
static py_obj *gen_run_hosted(lang_gen *g, lang_host *h, py_obj **result) {
  *result = NULL;
  g->started = true;
  g->running = true;
  g->host = h;
  gen_body(g);
  g->running = false;
  g->host = NULL;
  return gen_outcome(g, result);
}

bool lang__coro_hostable(py_obj *coro) {
  if (coro->type != &lang_coro_type) return false;
  lang_gen *g = (lang_gen *)coro;
  return !g->started && !g->finished;
}

py_obj *lang__coro_host(py_obj *coro, lang_host *h, py_obj **result) {
  lang_interp *ip = lang__ip;
  h->gen = (lang_gen *)coro;
  h->resumer = ip->cur;
  h->base_depth = py_tstate_get()->depth;
  h->h0 = ip->nhandled;
  return gen_run_hosted((lang_gen *)coro, h, result);
}

/* A hosted frame suspends: the host's step ends, so the interpreter state
 * goes back to what the step began with (the exceptions being handled in
 * these frames are kept aside), and comes back when the host resumes. */
static py_obj *host_yield(lang_host *h, py_obj *v) {
  lang_interp *ip = lang__ip;
  py_tstate *ts = py_tstate_get();
  lang_frame *cur = ip->cur;
  int off = ts->depth - h->base_depth;
  int nh = ip->nhandled - h->h0;
  /* (kept in the host, not here: less to copy while suspended) */
  py_obj **small = h->handled, **hs = small;
  if (nh > 8 && !(hs = rt_malloc((size_t)nh * sizeof *hs))) {
    py_decref(v);
    return py_err_no_memory();
  }
  for (int i = nh - 1; i >= 0; i--) {
    hs[i] = py_xnewref(ip->handled[ip->nhandled - 1]);
    pop_handled(ip);
  }
  ip->cur = h->resumer;
  ts->depth = h->base_depth;
  h->line = h->gen->frame ? h->gen->frame->line : 0;
  h->suspended = true;
  py_obj *r = h->suspend(h, v);
  h->suspended = false;
  ip = lang__ip;
  ts = py_tstate_get();
  h->resumer = ip->cur;
  h->base_depth = ts->depth;
  h->h0 = ip->nhandled;
  if (h->gen->frame) h->gen->frame->back = h->resumer;
  py_obj *thrown = r ? NULL : py_err_fetch();
  for (int i = 0; i < nh; i++) {
    if (push_handled(ip, hs[i]) < 0) py_err_clear();
    py_xdecref(hs[i]);
  }
  if (hs != small) rt_free(hs);
  if (thrown) py_err_restore(thrown);
  ts->depth = h->base_depth + off;
  ip->cur = cur;
  return r;
}

/* Resume g with a value sent in (or an exception thrown in, stolen).
 * Returns the yielded value; NULL with an exception on error; NULL without
 * one when the generator returned (*result set, new reference). */
static py_obj *gen_resume(lang_gen *g, py_obj *send, py_obj *throw_exc, py_obj **result) {
  *result = NULL;
  if (g->running || g->host) {
    py_xdecref(throw_exc);
    return py_err_set_str(&py_exc_ValueError, g->kind == GEN_COROUTINE
                          ? "coroutine already executing" : "generator already executing");
  }
  if (g->finished) {
    if (throw_exc) { py_err_restore(throw_exc); return NULL; }
    if (g->kind == GEN_COROUTINE)
      return py_err_set_str(&py_exc_RuntimeError, "cannot reuse already awaited coroutine");
    *result = NULL;
    return NULL;
  }
  if (!g->started) {
    if (send && send != py_None && !throw_exc) {
      return py_err_set_str(&py_exc_TypeError, g->kind == GEN_COROUTINE
                            ? "can't send non-None value to a just-started coroutine"
                            : g->kind == GEN_ASYNCGEN
                            ? "can't send non-None value to a just-started async generator"
                            : "can't send non-None value to a just-started generator");
    }
    int rc = rt_coro_new(gen_entry, g, LANG_STACK_BYTES, py_str_utf8(g->qualname), &g->coro);
    if (rc != 0) { py_xdecref(throw_exc); return py_err_no_memory(); }
    g->started = true;
  }
  lang_interp *ip = lang__ip;
  py_tstate *ts = py_tstate_get();
  int d0 = ts->depth;
  int h0 = ip->nhandled;
  g->resume_depth = ts->depth;
  g->transfer = send ? py_newref(send) : NULL;
  g->throw_exc = throw_exc;
  g->resumer = ip->cur;
  if (g->frame) g->frame->back = ip->cur;
  lang_frame *saved = ip->cur;
  /* the exceptions the generator was handling when it yielded */
  for (int i = 0; i < g->nhsave; i++) {
    if (push_handled(ip, g->hsave[i]) < 0) py_err_clear();
    py_xdecref(g->hsave[i]);
  }
  g->nhsave = 0;
  g->running = true;
  rt_coro_resume(g->coro);
  g->running = false;
  ip->cur = saved;
  ts->depth = d0;
  while (ip->nhandled > h0) {
    if (!g->finished && g->nhsave < 8 && ip->nhandled - h0 <= 8) {
      /* keep them in order: the lowest first */
      int k = ip->nhandled - h0 - 1;
      g->hsave[k] = py_xnewref(ip->handled[ip->nhandled - 1]);
      if (k + 1 > g->nhsave) g->nhsave = k + 1;
    }
    pop_handled(ip);
  }
  if (g->finished) return gen_outcome(g, result);
  py_obj *v = g->transfer;
  g->transfer = NULL;
  return v ? v : py_newref(py_None);
}

py_obj *lang__coro_send(py_obj *coro, py_obj *value, py_obj *exc, py_obj **result) {
  if (coro->type != &lang_coro_type && coro->type != &lang_gen_type) {
    py_xdecref(exc);
    *result = NULL;
    return py_err_format(&py_exc_TypeError, "a coroutine was expected, got %s",
                         py_type_name(coro));
  }
  return gen_resume((lang_gen *)coro, value, exc, result);
}

/* Inside a generator frame: hand v (stolen) out, wait to be resumed. */
static py_obj *gen_yield(lang_frame *f, py_obj *v, bool value) {
  lang_gen *g = f->gen;
  if (g) g->yielded_value = value;
  if (!g) {
    py_decref(v);
    return py_err_set_str(&py_exc_SyntaxError, "'yield' outside function");
  }
  if (g->host) return host_yield(g->host, v);
  lang_interp *ip = lang__ip;
  py_tstate *ts = py_tstate_get();
  /* the frames of this generator stay counted on top of whoever resumes it */
  int off = ts->depth - g->resume_depth;
  lang_frame *cur = ip->cur;
  g->transfer = v;
  rt_coro_yield();
  ts->depth = g->resume_depth + off;
  ip->cur = cur;
  f->back = g->resumer;
  if (g->throw_exc) {
    py_obj *x = g->throw_exc;
    g->throw_exc = NULL;
    py_xdecref(g->transfer);
    g->transfer = NULL;
    py_err_restore(x);
    return NULL;
  }
  py_obj *r = g->transfer;
  g->transfer = NULL;
  return r ? r : py_newref(py_None);
}

static py_obj *yield_from(lang_frame *f, py_obj *it, const ast_expr *e) {
  if (f->gen && f->gen->host && lang__coro_hostable(it)) {
    /* a hosted frame awaits a fresh coroutine: a plain call */
    py_obj *result = NULL;
    gen_run_hosted((lang_gen *)it, f->gen->host, &result);
    py_decref(it);
    if (result) return result;
    FAIL(f, e);
  }
  py_obj *send = NULL;
  for (;;) {
    py_obj *v, *result = NULL;
    if (it->type == &lang_gen_type || it->type == &lang_coro_type) {
      v = gen_resume((lang_gen *)it, send ? send : py_None, NULL, &result);
      py_xdecref(send);
      send = NULL;
      if (!v) {
        py_decref(it);
        if (result) return result;
        if (!py_err_occurred()) return py_newref(py_None);
        FAIL(f, e);
      }
    } else {
      if (send && send != py_None) {
        py_obj *sn = py_intern_cstr("send");
        v = sn ? py_call_method(it, sn, &send, 1, NULL) : NULL;
        py_xdecref(sn);
      } else {
        /* the iterator's own iternext: its StopIteration carries the value */
        v = it->type->iternext ? it->type->iternext(it) : py_iter_next(it);
      }
      py_xdecref(send);
      send = NULL;
      if (!v) {
        if (!py_err_occurred()) { py_decref(it); return py_newref(py_None); }
        if (py_err_matches(&py_exc_StopIteration)) {
          py_obj *x = py_err_fetch();
          py_obj *r = py_newref(py_stop_iteration_value(x));
          py_decref(x);
          py_decref(it);
          return r;
        }
        py_decref(it);
        FAIL(f, e);
      }
    }
    /* pass the value out and what comes back in */
    lang_gen *g = f->gen;
    if (!g) {
      py_decref(v);
      py_decref(it);
      py_err_set_str(&py_exc_RuntimeError,
                     "await outside a running event loop: this value needs asyncio");
      FAIL(f, e);
    }
    send = gen_yield(f, v, false);
    if (!send) {
      /* thrown in: pass GeneratorExit / others to the inner generator */
      py_obj *x = py_err_fetch();
      if (it->type == &lang_gen_type || it->type == &lang_coro_type) {
        py_obj *res = NULL;
        py_obj *v2 = gen_resume((lang_gen *)it, NULL, x, &res);
        if (v2) { send = NULL; py_decref(v2); /* it yielded again */
          py_decref(it); py_err_set_str(&py_exc_RuntimeError, "generator ignored GeneratorExit");
          FAIL(f, e); }
        py_decref(it);
        if (res) return res;
        FAIL(f, e);
      }
      py_err_restore(x);
      py_decref(it);
      return NULL;
    }
  }
}

static py_obj *gen_iternext(py_obj *o) {
  lang_gen *g = (lang_gen *)o;
  py_obj *result = NULL;
  py_obj *v = gen_resume(g, py_None, NULL, &result);
  if (v) return v;
  if (result) {
    if (result != py_None) {
      py_err_set_obj(&py_exc_StopIteration, result);
      py_decref(result);
      return NULL;
    }
    py_decref(result);
  }
  return NULL;
}

static py_obj *gen_send_common(lang_gen *g, py_obj *send, py_obj *throw_exc) {
  py_obj *result = NULL;
  py_obj *v = gen_resume(g, send, throw_exc, &result);
  if (v) return v;
  if (py_err_occurred()) return NULL;
  py_obj *r = result ? result : py_newref(py_None);
  if (r == py_None) py_err_set_obj(&py_exc_StopIteration, NULL);
  else py_err_set_obj(&py_exc_StopIteration, r);
  py_decref(r);
  return NULL;
}

static py_obj *gen_m_send(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  if (py_check_nokw("send", kw) < 0 || py_check_args("send", nargs, 1, 1) < 0) return NULL;
  return gen_send_common((lang_gen *)self, args[0], NULL);
}

static py_obj *gen_m_throw(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  if (py_check_nokw("throw", kw) < 0 || py_check_args("throw", nargs, 1, 3) < 0) return NULL;
  py_obj *t = args[0], *exc;
  if (PY_TYPE_CHECK(t) && py_type_is_subtype((py_type *)t, &py_exc_BaseException)) {
    exc = nargs > 1 && args[1] != py_None ? py_call1(t, args[1]) : py_call0(t);
    if (!exc) return NULL;
  } else if (py_exc_check(t)) {
    exc = py_newref(t);
  } else {
    return py_err_set_str(&py_exc_TypeError,
                          "exceptions must be classes or instances deriving from BaseException, not str");
  }
  return gen_send_common((lang_gen *)self, NULL, exc);
}

static int gen_close(lang_gen *g) {
  if (g->host && !g->finished) {
    /* its frames are on its host's stack: only the host can unwind them */
    if (g != g->host->gen) {
      py_err_set_str(&py_exc_ValueError, "coroutine already executing");
      return -1;
    }
    return g->host->close(g->host);
  }
  if (!g->started || g->finished) {
    g->finished = true;
    if (g->fast && !g->started) {
      clear_fast(g->fast, g->func->code->nslots);
      rt_free(g->fast);
      g->fast = NULL;
    }
    return 0;
  }
  py_obj *ge = py_exc_new(&py_exc_GeneratorExit, NULL, 0);
  if (!ge) return -1;
  py_obj *result = NULL;
  py_obj *v = gen_resume(g, NULL, ge, &result);
  if (v) {
    py_decref(v);
    py_err_set_str(&py_exc_RuntimeError, "generator ignored GeneratorExit");
    return -1;
  }
  py_xdecref(result);
  if (py_err_occurred()) {
    if (py_err_matches(&py_exc_GeneratorExit) || py_err_matches(&py_exc_StopIteration)) {
      py_err_clear();
      return 0;
    }
    return -1;
  }
  return 0;
}

static py_obj *gen_m_close(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args;
  if (py_check_nokw("close", kw) < 0 || py_check_args("close", nargs, 0, 0) < 0) return NULL;
  if (gen_close((lang_gen *)self) < 0) return NULL;
  return py_newref(py_None);
}

/* CPython's RuntimeWarning for a coroutine freed before it ran, issued
 * where the current frame is (the warnings registry prints each message
 * once per location). */
void lang__warn_unawaited(const char *name) {
  lang_interp *ip = lang__ip;
  if (!ip) return;
  lang_frame *f = ip->cur;
  py_obj *saved = py_err_fetch();
  py_buf b;
  py__buf_init(&b);
  if (!f) {
    py__buf_printf(&b, "sys:1: RuntimeWarning: coroutine '%s' was never awaited\n",
                   name);
  } else {
    py_obj *key = py_str_from_format("%s|%d|%p", name, f->line,
                                     (void *)f->prog);
    if (!ip->warned) ip->warned = py_set_new(NULL);
    int seen = key && ip->warned ? py_set_contains(ip->warned, key) : 0;
    if (seen == 0 && key && ip->warned) py_set_add(ip->warned, key);
    py_xdecref(key);
    if (seen != 0) { py__buf_free(&b); py_err_clear(); py_err_restore(saved); return; }
    py__buf_printf(&b, "%s:%d: RuntimeWarning: coroutine '%s' was never awaited\n",
                   py_str_utf8(f->prog->filename), f->line, name);
    const char *ln;
    size_t n;
    if (lang__prog_line(f->prog, f->line, &ln, &n)) {
      while (n > 0 && (*ln == ' ' || *ln == '\t' || *ln == '\f')) { ln++; n--; }
      while (n > 0 && (ln[n - 1] == ' ' || ln[n - 1] == '\t' || ln[n - 1] == '\r')) n--;
      if (n > 0) {
        py__buf_puts(&b, "  ");
        py__buf_put(&b, ln, n);
        py__buf_putc(&b, '\n');
      }
    }
    py__buf_puts(&b, "RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n");
  }
  lang__write(2, b.p, b.n);
  py__buf_free(&b);
  py_err_clear();
  py_err_restore(saved);
}

py_obj *(*lang__agen_firstiter)(py_obj *agen);

static void gen_dealloc(py_obj *o) {
  lang_gen *g = (lang_gen *)o;
  if (g->kind == GEN_COROUTINE && !g->started && !g->finished)
    lang__warn_unawaited(py_str_utf8(g->qualname));
  if (g->finalizer) {
    /* _PyGen_Finalize: an unfinished async generator goes to its
       finalizer (asyncio schedules aclose() as a task) */
    py_obj *fin = g->finalizer;
    g->finalizer = NULL;
    if (!g->finished) {
      o->refcnt = 1;
      py_obj *saved = py_err_fetch();
      py_obj *r = py_call1(fin, o);
      if (r) py_decref(r); else py_err_clear();
      py_err_restore(saved);
      py_decref(fin);
      if (--o->refcnt != 0) return;
    } else {
      py_decref(fin);
    }
  }
  /* (not taken over: its frames live on its own stack, so closing it is
     what releases them) */
  if (g->started && !g->finished && g->coro && !g->running) {
    o->refcnt = 1;  /* resurrect while closing */
    py_obj *saved = py_err_fetch();
    if (gen_close(g) < 0) py_err_clear();
    py_err_restore(saved);
    if (--o->refcnt != 0) return;
  }
  if (g->coro) rt_coro_free(g->coro);
  if (g->fast) {
    if (!g->started) clear_fast(g->fast, g->func->code->nslots);
    rt_free(g->fast);
  }
  py_xdecref(g->transfer);
  py_xdecref(g->throw_exc);
  py_xdecref(g->result);
  py_xdecref(g->exc);
  for (int i = 0; i < g->nhsave; i++) py_xdecref(g->hsave[i]);
  py_xdecref(g->name);
  py_xdecref(g->qualname);
  py_xdecref(&g->func->ob);
  py_obj_free(o, sizeof(lang_gen));
}


/* ------------------------------------------------------ async generators */

/* An async generator runs on its coroutine stack like a generator. Its
 * __anext__()/asend(v) return an awaitable (lang_asend) that resumes it: a
 * `yield v` in the body completes the awaitable with v (StopIteration(v)),
 * a value passed through by an await inside the body goes out to whoever
 * awaits (the task), and the end of the body is StopAsyncIteration. */
typedef struct lang_asend {
  py_obj ob;
  lang_gen *g;
  py_obj *val;
  int state;        /* 0 not started, 1 running, 2 done */
  bool close;       /* aclose(): GeneratorExit goes in */
  py_obj *throw0;   /* athrow(): the exception thrown in at the first step */
} lang_asend;

static py_obj *asend_step(lang_asend *a, py_obj *v, py_obj *throw_exc) {
  if (a->state == 2) {
    py_xdecref(throw_exc);
    return py_err_set_str(&py_exc_RuntimeError,
                          "cannot reuse already awaited __anext__()/asend()");
  }
  lang_gen *g = a->g;
  py_obj *sendv = a->state == 0 ? a->val : v;
  if (!g->hooks_inited) {
    g->hooks_inited = true;
    if (lang__agen_firstiter) g->finalizer = lang__agen_firstiter(&g->ob);
  }
  if (a->state == 0 && a->throw0 && !throw_exc) {
    throw_exc = a->throw0;
    a->throw0 = NULL;
  }
  if (a->state == 0 && a->close && !throw_exc) {
    if (!g->started || g->finished) {
      g->finished = true;
      a->state = 2;
      return py_err_set_obj(&py_exc_StopIteration, NULL);
    }
    throw_exc = py_exc_new(&py_exc_GeneratorExit, NULL, 0);
    if (!throw_exc) return NULL;
  }
  a->state = 1;
  py_obj *result = NULL;
  py_obj *y = gen_resume(g, sendv, throw_exc, &result);
  if (y) {
    if (!g->yielded_value) return y;          /* an await passing through */
    a->state = 2;
    if (a->close) {
      py_decref(y);
      return py_err_set_str(&py_exc_RuntimeError, "async generator ignored GeneratorExit");
    }
    py_err_set_obj(&py_exc_StopIteration, y);
    py_decref(y);
    return NULL;
  }
  a->state = 2;
  if (py_err_occurred()) {
    if (a->close && (py_err_matches(&py_exc_GeneratorExit) ||
                     py_err_matches(&py_exc_StopAsyncIteration))) {
      py_err_clear();
      return py_err_set_obj(&py_exc_StopIteration, NULL);
    }
    return NULL;
  }
  py_xdecref(result);
  if (a->close) return py_err_set_obj(&py_exc_StopIteration, NULL);
  return py_err_set_obj(&py_exc_StopAsyncIteration, NULL);
}

static py_obj *asend_iternext(py_obj *o) { return asend_step((lang_asend *)o, py_None, NULL); }
static py_obj *asend_self(py_obj *o) { return py_newref(o); }
static py_obj *asend_m_send(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  if (py_check_nokw("send", kw) < 0 || py_check_args("send", nargs, 1, 1) < 0) return NULL;
  return asend_step((lang_asend *)self, args[0], NULL);
}
static py_obj *asend_m_throw(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  if (py_check_nokw("throw", kw) < 0 || py_check_args("throw", nargs, 1, 1) < 0) return NULL;
  py_obj *t = args[0];
  py_obj *exc = PY_TYPE_CHECK(t) ? py_call0(t) : py_newref(t);
  if (!exc) return NULL;
  return asend_step((lang_asend *)self, NULL, exc);
}
static py_obj *asend_m_await(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  return py_newref(self);
}
static void asend_dealloc(py_obj *o) {
  lang_asend *a = (lang_asend *)o;
  py_xdecref(&a->g->ob);
  py_xdecref(a->val);
  py_xdecref(a->throw0);
  py_obj_free(o, sizeof(lang_asend));
}
static int asend_traverse(py_obj *o, py_visitfn visit, void *arg) {
  lang_asend *a = (lang_asend *)o;
  int r = visit(&a->g->ob, arg);
  if (!r && a->val) r = visit(a->val, arg);
  return r;
}
static const py_method_def asend_methods[] = {
    {"send", asend_m_send, 0}, {"throw", asend_m_throw, 0},
    {"__await__", asend_m_await, 0}, {NULL, NULL, 0}};

py_type lang_asend_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "async_generator_asend",
    .flags = PY_TF_GC,
    .basicsize = sizeof(lang_asend),
    .dealloc = asend_dealloc,
    .traverse = asend_traverse,
    .iter = asend_self,
    .iternext = asend_iternext,
    .methods = asend_methods,
};

static py_obj *asend_new(py_obj *gen, py_obj *v, bool close) {
  lang_asend *a = (lang_asend *)py_obj_alloc(&lang_asend_type, sizeof(lang_asend));
  if (!a) return NULL;
  a->g = (lang_gen *)py_newref(gen);
  a->val = py_newref(v);
  a->close = close;
  return &a->ob;
}

static py_obj *agen_m_aiter(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  return py_newref(self);
}
static py_obj *agen_m_anext(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args;
  if (py_check_nokw("__anext__", kw) < 0 || py_check_args("__anext__", nargs, 0, 0) < 0) return NULL;
  return asend_new(self, py_None, false);
}
static py_obj *agen_m_asend(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  if (py_check_nokw("asend", kw) < 0 || py_check_args("asend", nargs, 1, 1) < 0) return NULL;
  return asend_new(self, args[0], false);
}
static py_obj *agen_m_aclose(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args;
  if (py_check_nokw("aclose", kw) < 0 || py_check_args("aclose", nargs, 0, 0) < 0) return NULL;
  return asend_new(self, py_None, true);
}
/* athrow(exc) / athrow(type[, value]): an awaitable that throws the
 * exception in at the generator's yield. */
static py_obj *agen_m_athrow(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  if (py_check_nokw("athrow", kw) < 0 || py_check_args("athrow", nargs, 1, 3) < 0) return NULL;
  py_obj *t = args[0];
  py_obj *exc;
  if (PY_TYPE_CHECK(t)) exc = nargs > 1 && args[1] != py_None ? py_call1(t, args[1]) : py_call0(t);
  else exc = py_newref(t);
  if (!exc) return NULL;
  py_obj *a = asend_new(self, py_None, false);
  if (!a) { py_decref(exc); return NULL; }
  ((lang_asend *)a)->throw0 = exc;
  return a;
}
static const py_method_def agen_methods[] = {
    {"__aiter__", agen_m_aiter, 0}, {"__anext__", agen_m_anext, 0},
    {"asend", agen_m_asend, 0},     {"aclose", agen_m_aclose, 0},
    {"athrow", agen_m_athrow, 0},
    {NULL, NULL, 0}};

py_type lang_asyncgen_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "async_generator",
    .flags = PY_TF_GC,
    .basicsize = sizeof(lang_gen),
    .dealloc = gen_dealloc,
    .traverse = gen_traverse,
    .repr = gen_repr,
    .methods = agen_methods,
    .getsets = gen_getsets,
};

/* ---------------------------------------------------------------- init */

static py_type *const eval_types[] = {&lang_cell_type, &lang_func_type, &lang_gen_type,
                                      &lang_coro_type, &lang_asyncgen_type,
                                      &lang_asend_type, NULL};

int lang__eval_init(void) {
  for (py_type *const *t = eval_types; *t; t++)
    if (py__type_ready(*t) < 0) return -1;
  return 0;
}

void lang__eval_fini(void) {
  for (py_type *const *t = eval_types; *t; t++) {
    py__type_fini(*t);
    (*t)->flags &= ~(uint32_t)PY_TF_READY;
  }
}

int lang__write(int stream, const char *s, size_t n) {
  lang_interp *ip = lang__ip;
  if (!ip) return 0;
  if (ip->opts.output && n) ip->opts.output(ip->opts.ud, stream, s, n);
  if (ip->tracing && n) {
    char *t = rt_malloc(n + 1);
    if (t) {
      memcpy(t, s, n);
      t[n] = 0;
      rt_trace_emit(NULL, RT_EV_OUTPUT, rt_intern(t), stream, 0, 0);
      rt_free(t);
    }
  }
  return 0;
}
