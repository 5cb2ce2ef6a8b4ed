/* mod_asyncio_handle.c: loop handles (call_soon / call_later / call_at) and their reprs, callback sources as asyncio's format_helpers writes them, and the loop's exception handler.
 *
 * - aio__callback_source(fn, args) is format_helpers._format_callback_source:
 *   "qualname(reprlib args) at file:line" ("at" only for a Python
 *   function; functools.partial unwrapped). Future reprs (cb=[...]), Handle
 *   reprs and "Exception in callback ..." all use it.
 * - A Handle keeps its callback and arguments until it is cancelled (then
 *   both go, and the repr says "cancelled"), as CPython's Handle does.
 * - Errors the loop catches (a callback that raised, an exception never
 *   retrieved, a task destroyed pending) are a context dict given to
 *   aio__call_exception_handler: the handler set with
 *   loop.set_exception_handler, or the default one, which writes what
 *   asyncio's logger writes (the message, "key: repr" lines in key order,
 *   then the traceback) on stderr.
 */
#include <string.h>

#include "mod_asyncio_int.h"

/* ------------------------------------------------------------- reprlib */

/* reprlib.Repr's limits (3.11 defaults). */
enum { R_LEVEL = 6, R_TUPLE = 6, R_LIST = 6, R_DICT = 4, R_STRING = 30, R_LONG = 40, R_OTHER = 30 };

/* s[a:b] by code points. */
static py_obj *str_slice(py_obj *s, py_ssize_t a, py_ssize_t b) {
  py_buf buf;
  py__buf_init(&buf);
  for (py_ssize_t i = a; i < b; i++)
    if (py__buf_putcp(&buf, py_str_char_at(s, i)) < 0) { py__buf_free(&buf); return NULL; }
  return py__buf_finish(&buf);
}

/* s[:i] + "..." + s[len-j:], the way reprlib shortens a repr to `limit`. */
static int put_shortened(py_buf *b, py_obj *s, int limit) {
  py_ssize_t n = py_str_len(s);
  if (n <= limit) return py__buf_putstr(b, s);
  py_ssize_t i = (limit - 3) / 2, j = limit - 3 - i;
  py_obj *head = str_slice(s, 0, i), *tail = str_slice(s, n - j, n);
  int rc = head && tail ? 0 : -1;
  if (!rc) rc = py__buf_putstr(b, head);
  if (!rc) rc = py__buf_puts(b, "...");
  if (!rc) rc = py__buf_putstr(b, tail);
  py_xdecref(head);
  py_xdecref(tail);
  return rc;
}

static int short_repr(py_buf *b, py_obj *x, int level);

static int short_str(py_buf *b, py_obj *x) {
  py_ssize_t n = py_str_len(x);
  py_obj *cut = n > R_STRING ? str_slice(x, 0, R_STRING) : py_newref(x);
  py_obj *r = cut ? py_repr(cut) : NULL;
  py_xdecref(cut);
  if (!r) return -1;
  int rc;
  if (py_str_len(r) <= R_STRING) {
    rc = py__buf_putstr(b, r);
  } else {
    /* repr(x[:i] + x[len-j:]), then its middle replaced by "..." */
    py_ssize_t i = (R_STRING - 3) / 2, j = R_STRING - 3 - i;
    py_obj *h = str_slice(x, 0, i), *t = str_slice(x, n - j, n);
    py_obj *joined = h && t ? py_str_concat(h, t) : NULL;
    py_obj *jr = joined ? py_repr(joined) : NULL;
    py_ssize_t m = jr ? py_str_len(jr) : 0;
    py_obj *a = jr ? str_slice(jr, 0, i) : NULL, *z = jr ? str_slice(jr, m - j, m) : NULL;
    rc = a && z ? 0 : -1;
    if (!rc) rc = py__buf_putstr(b, a);
    if (!rc) rc = py__buf_puts(b, "...");
    if (!rc) rc = py__buf_putstr(b, z);
    py_xdecref(h); py_xdecref(t); py_xdecref(joined); py_xdecref(jr); py_xdecref(a); py_xdecref(z);
  }
  py_decref(r);
  return rc;
}

static int short_seq(py_buf *b, py_obj *x, int level, bool tuple) {
  py_ssize_t n = tuple ? py_tuple_len(x) : py_list_len(x);
  const char *l = tuple ? "(" : "[", *r = tuple ? ")" : "]";
  if (py__buf_puts(b, l) < 0) return -1;
  if (level <= 0 && n) {
    if (py__buf_puts(b, "...") < 0) return -1;
  } else {
    int max = tuple ? R_TUPLE : R_LIST;
    for (py_ssize_t i = 0; i < n && i < max; i++) {
      if (i && py__buf_puts(b, ", ") < 0) return -1;
      if (short_repr(b, tuple ? py_tuple_get(x, i) : py_list_get(x, i), level - 1) < 0) return -1;
    }
    if (n > max && py__buf_puts(b, ", ...") < 0) return -1;
  }
  if (tuple && n == 1 && py__buf_putc(b, ',') < 0) return -1;
  return py__buf_puts(b, r);
}

static int short_dict(py_buf *b, py_obj *x, int level) {
  py_ssize_t n = py_dict_len(x);
  if (n == 0) return py__buf_puts(b, "{}");
  if (level <= 0) return py__buf_puts(b, "{...}");
  py_obj *keys = py_dict_keys_list(x);
  if (!keys) return -1;
  if (py_list_sort(keys, NULL, false) < 0) py_err_clear();   /* _possibly_sorted */
  int rc = py__buf_putc(b, '{');
  for (py_ssize_t i = 0; !rc && i < n && i < R_DICT; i++) {
    py_obj *k = py_list_get(keys, i);
    if (i) rc = py__buf_puts(b, ", ");
    if (!rc) rc = short_repr(b, k, level - 1);
    if (!rc) rc = py__buf_puts(b, ": ");
    py_obj *v = rc ? NULL : py_dict_get(x, k);
    if (!rc) rc = v ? short_repr(b, v, level - 1) : -1;
  }
  if (!rc && n > R_DICT) rc = py__buf_puts(b, ", ...");
  if (!rc) rc = py__buf_putc(b, '}');
  py_decref(keys);
  return rc;
}

/* reprlib.repr(x) at depth `level`. */
static int short_repr(py_buf *b, py_obj *x, int level) {
  if (py_str_check_exact(x)) return short_str(b, x);
  if (x->type == &py_tuple_type) return short_seq(b, x, level, true);
  if (x->type == &py_list_type) return short_seq(b, x, level, false);
  if (x->type == &py_dict_type) return short_dict(b, x, level);
  py_obj *r = py_repr(x);
  if (!r) return -1;
  int rc = put_shortened(b, r, x->type == &py_int_type ? R_LONG : R_OTHER);
  py_decref(r);
  return rc;
}

/* ------------------------------------------------------ format_helpers */

/* _format_args_and_kwargs: "(a, b, k=v)". */
static int put_args(py_buf *b, py_obj *args, py_obj *kwargs) {
  if (py__buf_putc(b, '(') < 0) return -1;
  py_ssize_t n = args ? py_tuple_len(args) : 0, k = 0;
  for (py_ssize_t i = 0; i < n; i++, k++) {
    if (k && py__buf_puts(b, ", ") < 0) return -1;
    if (short_repr(b, py_tuple_get(args, i), R_LEVEL) < 0) return -1;
  }
  if (kwargs && py_dict_check(kwargs)) {
    py_ssize_t pos = 0;
    py_obj *key, *val;
    while (py_dict_next(kwargs, &pos, &key, &val)) {
      if (k++ && py__buf_puts(b, ", ") < 0) return -1;
      if (py__buf_putstr(b, key) < 0 || py__buf_putc(b, '=') < 0) return -1;
      if (short_repr(b, val, R_LEVEL) < 0) return -1;
    }
  }
  return py__buf_putc(b, ')');
}

static bool is_partial(py_obj *fn) { return strcmp(fn->type->name, "partial") == 0; }

/* _format_callback: partial objects unwrap to their function, their
 * arguments going before the outer ones. */
static int put_callback(py_buf *b, py_obj *fn, py_obj *args, py_obj *kwargs, py_buf *suffix) {
  if (is_partial(fn)) {
    py_obj *f = py_getattr_str(fn, "func");
    py_obj *pa = f ? py_getattr_str(fn, "args") : NULL;
    py_obj *pk = pa ? py_getattr_str(fn, "keywords") : NULL;
    int rc = -1;
    if (pk) {
      py_buf s2;
      py__buf_init(&s2);
      rc = put_args(&s2, args, kwargs);
      if (!rc) rc = py__buf_put(&s2, suffix->p, suffix->n);
      if (!rc) rc = put_callback(b, f, pa, pk, &s2);
      py__buf_free(&s2);
    }
    py_xdecref(f); py_xdecref(pa); py_xdecref(pk);
    return rc;
  }
  py_obj *name = NULL;
  static const char *const attrs[] = {"__qualname__", "__name__"};
  for (int i = 0; i < 2 && !name; i++) {
    py_obj *an = py_str_from_cstr(attrs[i]);
    if (!an) return -1;
    int r = py_getattr_opt(fn, an, &name);
    py_decref(an);
    if (r < 0) { py_err_clear(); name = NULL; }
    if (name && !py_str_check(name)) PY_CLEAR(name);
    if (name && py_str_len(name) == 0) PY_CLEAR(name);
  }
  int rc = name ? py__buf_putstr(b, name) : py__buf_putrepr(b, fn);
  py_xdecref(name);
  if (!rc) rc = put_args(b, args, kwargs);
  if (!rc) rc = py__buf_put(b, suffix->p, suffix->n);
  return rc;
}

/* _get_function_source: (file, first line) of a Python function. */
static lang_func *function_of(py_obj *fn) {
  while (fn && is_partial(fn)) {
    py_obj *f = py_getattr_str(fn, "func");
    if (!f) { py_err_clear(); return NULL; }
    py_decref(f);   /* the partial keeps it alive */
    fn = f;
  }
  return fn && fn->type == &lang_func_type ? (lang_func *)fn : NULL;
}

int aio__put_callback_source(py_buf *b, py_obj *fn, py_obj *args) {
  py_buf none;
  py__buf_init(&none);
  int rc = put_callback(b, fn, args, NULL, &none);
  py__buf_free(&none);
  if (rc) return rc;
  lang_func *lf = function_of(fn);
  if (lf && lf->code->filename)
    rc = py__buf_printf(b, " at %s:%d", py_str_utf8(lf->code->filename), lf->code->firstline);
  return rc;
}

py_obj *aio__callback_source(py_obj *fn, py_obj *args) {
  py_buf b;
  py__buf_init(&b);
  return py__buf_finish_rc(&b, aio__put_callback_source(&b, fn, args));
}

/* ------------------------------------------------------------- handles */

static void handle_dealloc(py_obj *o) {
  aio_handle *h = (aio_handle *)o;
  if (h->h) rt_handle_release(h->h);
  py_xdecref(h->fn);
  py_xdecref(h->args);
  py_xdecref(h->when_obj);
  py_obj_free(o, sizeof(aio_handle));
}
static int handle_traverse(py_obj *o, py_visitfn visit, void *arg) {
  aio_handle *h = (aio_handle *)o;
  if (h->fn) { int r = visit(h->fn, arg); if (r) return r; }
  if (h->args) { int r = visit(h->args, arg); if (r) return r; }
  return 0;
}
static void handle_clear(py_obj *o) {
  aio_handle *h = (aio_handle *)o;
  PY_CLEAR(h->fn);
  PY_CLEAR(h->args);
}

/* Handle._repr_info: "<Handle f(1) at x.py:3>", "<TimerHandle when=1.0
 * f() at x.py:3>", "<TimerHandle cancelled when=1.0>". */
static py_obj *handle_repr(py_obj *o) {
  aio_handle *h = (aio_handle *)o;
  bool cancelled = h->h && rt_handle_cancelled(h->h);
  py_buf b;
  py__buf_init(&b);
  int rc = py__buf_puts(&b, h->when_obj ? "<TimerHandle" : "<Handle");
  if (!rc && cancelled) rc = py__buf_puts(&b, " cancelled");
  if (!rc && h->when_obj) {
    rc = py__buf_puts(&b, " when=");
    if (!rc) rc = py__buf_putrepr(&b, h->when_obj);
  }
  if (!rc && h->fn && !cancelled) {
    rc = py__buf_putc(&b, ' ');
    if (!rc) rc = aio__put_callback_source(&b, h->fn, h->args);
  }
  if (!rc) rc = py__buf_putc(&b, '>');
  return py__buf_finish_rc(&b, rc);
}

static void handle_run(rt_loop *loop, void *arg) {
  (void)loop;
  aio_handle *h = arg;
  py_obj *r = py_call(h->fn, ((py_tuple *)h->args)->items, py_tuple_len(h->args), NULL);
  if (r) py_decref(r);
  else aio__callback_failed(h->fn, h->args, &h->ob);
}

static void handle_free(void *arg) { py_decref((py_obj *)arg); }

static py_obj *handle_m_cancel(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  aio_handle *h = (aio_handle *)self;
  if (h->h && !rt_handle_cancelled(h->h)) {
    rt_handle_cancel(h->h);
    /* CPython drops the callback and its arguments (not in debug mode) */
    PY_CLEAR(h->fn);
    PY_CLEAR(h->args);
  }
  return py_newref(py_None);
}
static py_obj *handle_m_cancelled(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  aio_handle *h = (aio_handle *)self;
  return py_bool_from(h->h && rt_handle_cancelled(h->h));
}
static py_obj *handle_m_when(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  aio_handle *h = (aio_handle *)self;
  if (!h->when_obj) return py_err_set_str(&py_exc_AttributeError, "'Handle' object has no attribute 'when'");
  return py_newref(h->when_obj);
}
static const py_method_def handle_methods[] = {
    {"cancel", handle_m_cancel, 0},
    {"cancelled", handle_m_cancelled, 0},
    {"when", handle_m_when, 0},
    {NULL, NULL, 0},
};
py_type aio_handle_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "Handle",
    .module = "asyncio.events",
    .flags = PY_TF_GC,
    .basicsize = sizeof(aio_handle),
    .dealloc = handle_dealloc,
    .traverse = handle_traverse,
    .clear = handle_clear,
    .repr = handle_repr,
    .methods = handle_methods,
};

aio_handle *aio__handle_new(py_obj *fn, py_obj *args) {
  aio_handle *h = (aio_handle *)py_obj_alloc(&aio_handle_type, sizeof(aio_handle));
  if (!h) return NULL;
  h->fn = py_newref(fn);
  h->args = py_newref(args);
  return h;
}

int aio__handle_call_soon(rt_loop *loop, aio_handle *h) {
  py_incref(&h->ob);   /* the runtime's reference, dropped by handle_free */
  int rc = rt_call_soon(loop, handle_run, h, handle_free, NULL);
  if (rc != RT_OK) py_decref(&h->ob);
  return rc;
}

/* mode 0 call_soon, 1 call_later, 2 call_at. */
static py_obj *schedule(aio_loop *l, int mode, const char *fname, py_obj *const *args, py_ssize_t nargs) {
  int skip = mode == 0 ? 0 : 1;
  if (nargs < skip + 1)
    return py_err_format(&py_exc_TypeError, "%s() missing %d required positional argument%s", fname,
                         skip + 1 - (int)nargs, skip + 1 - nargs > 1 ? "s" : "");
  if (l->closed) return py_err_set_str(&py_exc_RuntimeError, "Event loop is closed");
  double t = 0;
  if (skip && py_float_as_double(args[0], &t) < 0) return NULL;
  py_obj *rest = py_tuple_from(args + skip + 1, nargs - skip - 1);
  if (!rest) return NULL;
  aio_handle *h = aio__handle_new(args[skip], rest);
  py_decref(rest);
  if (!h) return NULL;
  py_incref(&h->ob);   /* the runtime's reference, dropped by handle_free */
  int rc;
  if (mode == 0) rc = rt_call_soon(l->loop, handle_run, h, handle_free, &h->h);
  else if (mode == 1) rc = rt_call_later(l->loop, t, handle_run, h, handle_free, &h->h);
  else rc = rt_call_at(l->loop, t, handle_run, h, handle_free, &h->h);
  if (rc != RT_OK) {
    h->h = NULL;
    py_decref(&h->ob);
    py_decref(&h->ob);
    return aio__rt_error(rc);
  }
  /* call_at keeps `when` as given; call_later's is time() + delay */
  if (mode == 1) h->when_obj = py_float_from(rt_handle_when(h->h));
  else if (mode == 2) h->when_obj = py_newref(args[0]);
  if (mode && !h->when_obj) { py_decref(&h->ob); return NULL; }
  return &h->ob;
}

py_obj *aio__loop_call_soon(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)kw;
  return schedule((aio_loop *)self, 0, "call_soon", args, nargs);
}
py_obj *aio__loop_call_later(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)kw;
  return schedule((aio_loop *)self, 1, "call_later", args, nargs);
}
py_obj *aio__loop_call_at(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)kw;
  return schedule((aio_loop *)self, 2, "call_at", args, nargs);
}

/* --------------------------------------------------- exception handler */

/* BaseEventLoop.default_exception_handler: what its logger writes. */
static void default_handler(py_obj *context) {
  py_obj *saved = py_err_fetch();
  py_buf b;
  py__buf_init(&b);
  py_obj *msg = py_dict_get_str(context, "message");
  int t = msg ? py_is_true(msg) : 0;
  if (t < 0) { py_err_clear(); t = 0; }
  if (t) {
    py_obj *s = py_str(msg);
    if (s) { py__buf_putstr(&b, s); py_decref(s); } else py_err_clear();
  } else {
    py__buf_puts(&b, "Unhandled exception in event loop");
  }
  py_obj *keys = py_dict_keys_list(context);
  if (keys && py_list_sort(keys, NULL, false) < 0) py_err_clear();
  for (py_ssize_t i = 0; keys && i < py_list_len(keys); i++) {
    py_obj *k = py_list_get(keys, i);
    if (py_str_check(k) && (py_str_eq_cstr(k, "message") || py_str_eq_cstr(k, "exception"))) continue;
    py_obj *v = py_dict_get(context, k);
    py_obj *ks = py_str(k), *vr = v ? py_repr(v) : NULL;
    if (ks && vr) py__buf_printf(&b, "\n%s: %s", py_str_utf8(ks), py_str_utf8(vr));
    else py_err_clear();
    py_xdecref(ks);
    py_xdecref(vr);
  }
  py_xdecref(keys);
  py_obj *exc = py_dict_get_str(context, "exception");
  if (exc && exc != py_None && py_exc_check(exc)) {
    py_obj *txt = lang__format_exception(exc);
    if (txt) {
      py__buf_putc(&b, '\n');
      py__buf_putstr(&b, txt);
      py_decref(txt);
    } else {
      py_err_clear();
    }
  } else {
    py__buf_putc(&b, '\n');
  }
  if (b.n > 0 && b.p[b.n - 1] != '\n') py__buf_putc(&b, '\n');
  lang__write(2, b.p, b.n);
  py__buf_free(&b);
  py_err_clear();
  py_err_restore(saved);
}

void aio__call_exception_handler(rt_loop *rl, py_obj *context) {
  aio_loop *l = rl ? aio__loop_obj_of(rl) : NULL;
  if (!l || !l->exc_handler) { default_handler(context); return; }
  py_obj *saved = py_err_fetch();
  py_obj *h = py_newref(l->exc_handler);
  py_obj *r = py_call2(h, &l->ob, context);
  py_decref(h);
  if (r) {
    py_decref(r);
  } else {
    py_obj *e = py_err_fetch();
    if (py_isinstance(e, &py_exc_SystemExit) || py_isinstance(e, &py_exc_KeyboardInterrupt)) {
      aio__base_exc_out(e);
    } else {
      /* the handler ran inside the except block that caught the error */
      py_obj *inner = py_dict_get_str(context, "exception");
      if (inner && inner != e && py_exc_check(inner) && !py_exc_context(e)) py_exc_set_context(e, inner);
      py_obj *ctx2 = py_dict_new();
      py_obj *m = py_str_from_cstr("Unhandled error in exception handler");
      if (ctx2 && m && py_dict_set_str(ctx2, "message", m) == 0 && py_dict_set_str(ctx2, "exception", e) == 0 &&
          py_dict_set_str(ctx2, "context", context) == 0)
        default_handler(ctx2);
      py_err_clear();
      py_xdecref(m);
      py_xdecref(ctx2);
      py_decref(e);
    }
  }
  py_err_restore(saved);
}

/* A context dict in CPython's key order: message, then the given pairs
 * (NULL values skipped). */
py_obj *aio__context(const char *message, const char *k1, py_obj *v1, const char *k2, py_obj *v2) {
  py_obj *d = py_dict_new();
  py_obj *m = py_str_from_cstr(message);
  int rc = d && m ? py_dict_set_str(d, "message", m) : -1;
  if (!rc && k1 && v1) rc = py_dict_set_str(d, k1, v1);
  if (!rc && k2 && v2) rc = py_dict_set_str(d, k2, v2);
  py_xdecref(m);
  if (rc < 0) { py_xdecref(d); return NULL; }
  return d;
}

/* Handle._run's except arm: the callback fn(*args) raised (the exception
 * is set). SystemExit and KeyboardInterrupt leave the loop. */
void aio__callback_failed(py_obj *fn, py_obj *args, py_obj *handle) {
  py_obj *e = py_err_fetch();
  if (!e) return;
  if (py_isinstance(e, &py_exc_SystemExit) || py_isinstance(e, &py_exc_KeyboardInterrupt)) {
    aio__base_exc_out(e);
    return;
  }
  py_obj *own = NULL, *noargs = NULL;
  if (!args) args = noargs = py_tuple_new(0);
  if (!handle) {
    aio_handle *h = aio__handle_new(fn, args);
    own = h ? &h->ob : NULL;
    handle = own;
  }
  py_buf b;
  py__buf_init(&b);
  py__buf_puts(&b, "Exception in callback ");
  if (aio__put_callback_source(&b, fn, args) < 0) py_err_clear();
  py__buf_putc(&b, '\0');
  py_obj *ctx = aio__context(b.p, "exception", e, "handle", handle);
  py__buf_free(&b);
  if (ctx) aio__call_exception_handler(rt_loop_running(), ctx);
  py_err_clear();
  py_xdecref(ctx);
  py_xdecref(own);
  py_xdecref(noargs);
  py_decref(e);
}

#define LOOP(self) aio_loop *l = (aio_loop *)(self)

py_obj *aio__loop_set_exception_handler(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  LOOP(self);
  if (py_check_nokw("set_exception_handler", kw) < 0 || py_check_args("set_exception_handler", nargs, 1, 1) < 0)
    return NULL;
  py_obj *h = args[0];
  if (h != py_None && !py_callable(h)) {
    py_obj *r = py_repr(h);
    py_err_format(&py_exc_TypeError, "A callable object or None is expected, got %s", r ? py_str_utf8(r) : "?");
    py_xdecref(r);
    return NULL;
  }
  PY_SETREF(l->exc_handler, h == py_None ? NULL : py_newref(h));
  return py_newref(py_None);
}

py_obj *aio__loop_get_exception_handler(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  LOOP(self);
  return py_newref(l->exc_handler ? l->exc_handler : py_None);
}

static py_obj *context_arg(const char *fname, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  if (py_check_nokw(fname, kw) < 0 || py_check_args(fname, nargs, 1, 1) < 0) return NULL;
  if (!py_dict_check(args[0])) return py_err_set_str(&py_exc_TypeError, "context must be a dict");
  return args[0];
}

py_obj *aio__loop_call_exception_handler(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  py_obj *ctx = context_arg("call_exception_handler", args, nargs, kw);
  if (!ctx) return NULL;
  LOOP(self);
  aio__call_exception_handler(l->loop, ctx);
  return py_newref(py_None);
}

py_obj *aio__loop_default_exception_handler(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)self;
  py_obj *ctx = context_arg("default_exception_handler", args, nargs, kw);
  if (!ctx) return NULL;
  default_handler(ctx);
  return py_newref(py_None);
}
