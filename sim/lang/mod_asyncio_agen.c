/* mod_asyncio_agen.c: asyncio's async generator hooks: the running loop keeps the async generators first iterated in it, schedules aclose() for one dropped unfinished, and closes the rest at asyncio.run's end (shutdown_asyncgens).
 *
 * As BaseEventLoop does it (Lib/asyncio/base_events.py): the firstiter
 * hook (lang__agen_firstiter, consulted by the evaluator at a generator's
 * first step) registers the generator with the running loop and hands it
 * a finalizer, a callable bound to that loop; when the generator is
 * dropped unfinished the evaluator calls the finalizer instead of closing
 * it there, and the finalizer schedules loop.create_task(agen.aclose())
 * with call_soon (a Task-N, one iteration later). The loop's registry is
 * weak, like CPython's WeakSet: it lists the finalizers (each generator
 * owns its own), and a finalizer leaves it when it runs or goes away.
 * shutdown_asyncgens_body closes every generator still listed: one task
 * per aclose() under gather(return_exceptions=True), errors reported to
 * the exception handler.
 */
#include <string.h>

#include "mod_asyncio_int.h"

typedef struct aio_agen_fin {
  py_obj ob;
  aio_loop *loop;     /* a reference: the hook is the loop's bound method */
  py_obj *agen;       /* borrowed: the generator owns this object */
  bool listed;        /* in loop->agens */
} aio_agen_fin;

static void unlist(aio_agen_fin *f) {
  if (!f->listed) return;
  aio_loop *l = f->loop;
  for (size_t i = 0; i < l->nagens; i++)
    if (l->agens[i] == f) {
      memmove(&l->agens[i], &l->agens[i + 1], (l->nagens - i - 1) * sizeof *l->agens);
      l->nagens--;
      break;
    }
  f->listed = false;
}

static void fin_dealloc(py_obj *o) {
  aio_agen_fin *f = (aio_agen_fin *)o;
  unlist(f);
  py_decref(&f->loop->ob);
  py_obj_free(o, sizeof(aio_agen_fin));
}

/* _asyncgen_finalizer_hook(agen): forget it; unless the loop is closed,
 * call_soon(loop.create_task, agen.aclose()). */
static py_obj *fin_call(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  (void)kwnames;
  aio_agen_fin *f = (aio_agen_fin *)self;
  if (py_check_args("_asyncgen_finalizer_hook", nargs, 1, 1) < 0) return NULL;
  unlist(f);
  if (f->loop->closed) return py_newref(py_None);
  py_obj *closer = py_call_method_str(args[0], "aclose", NULL, 0);
  py_obj *create = closer ? py_getattr_str(&f->loop->ob, "create_task") : NULL;
  py_obj *cargs = create ? py_tuple_pack(1, closer) : NULL;
  aio_handle *h = cargs ? aio__handle_new(create, cargs) : NULL;
  int rc = h ? aio__handle_call_soon(f->loop->loop, h) : RT_OK;
  py_xdecref(closer);
  py_xdecref(create);
  py_xdecref(cargs);
  py_xdecref(h ? &h->ob : NULL);
  if (!h) return NULL;
  if (rc != RT_OK) return aio__rt_error(rc);
  return py_newref(py_None);
}

static py_obj *fin_repr(py_obj *o) {
  (void)o;
  return py_str_from_cstr("<bound method BaseEventLoop._asyncgen_finalizer_hook>");
}

static py_type agen_fin_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "_asyncgen_finalizer_hook",
    .module = "asyncio.base_events",
    .basicsize = sizeof(aio_agen_fin),
    .dealloc = fin_dealloc,
    .repr = fin_repr,
    .call = fin_call,
};

/* The firstiter hook: register agen with the running loop. */
static py_obj *firstiter(py_obj *agen) {
  aio_loop *l = aio__loop_obj_of(rt_loop_running());
  if (!l) return NULL;
  if (l->nagens == l->capagens) {
    size_t nc = l->capagens ? l->capagens * 2 : 8;
    struct aio_agen_fin **n = rt_realloc(l->agens, nc * sizeof *n);
    if (!n) return NULL;
    l->agens = n;
    l->capagens = nc;
  }
  aio_agen_fin *f = (aio_agen_fin *)py_obj_alloc(&agen_fin_type, sizeof(aio_agen_fin));
  if (!f) { py_err_clear(); return NULL; }
  f->loop = (aio_loop *)py_newref(&l->ob);
  f->agen = agen;
  f->listed = true;
  l->agens[l->nagens++] = f;
  return &f->ob;
}

/* asyncio.run's shutdown_asyncgens step, as an rt_task body (arg: the
 * aio_loop). */
int aio__shutdown_asyncgens_body(void *arg, void **out) {
  aio_loop *l = arg;
  size_t n = l->nagens;
  *out = NULL;
  if (n == 0) { *out = py_newref(py_None); return RT_OK; }
  py_obj *agens = py_list_new((py_ssize_t)n);
  if (!agens) { *out = py_err_fetch(); return RT_ERAISED; }
  for (size_t i = 0; i < n; i++) {
    l->agens[i]->listed = false;
    py_list_append(agens, l->agens[i]->agen);
  }
  l->nagens = 0;
  py_obj **closers = rt_calloc(n + 1, sizeof *closers);
  py_obj *g = NULL, *results = NULL;
  int rc = RT_ERAISED;
  if (!closers) { py_err_no_memory(); goto done; }
  for (size_t i = 0; i < n; i++)
    if (!(closers[i] = py_call_method_str(py_list_get(agens, (py_ssize_t)i), "aclose", NULL, 0))) goto done;
  g = aio__gather(closers, (py_ssize_t)n, true);
  if (!g) goto done;
  void *o = NULL;
  rc = rt_await(((aio_fut *)g)->fut, &o);
  if (rc != RT_OK) { *out = o; goto done; }
  results = o;
  for (size_t i = 0; i < n && (py_ssize_t)i < py_list_len(results); i++) {
    py_obj *r = py_list_get(results, (py_ssize_t)i);
    if (!py_isinstance(r, &py_exc_Exception)) continue;
    py_obj *ag = py_list_get(agens, (py_ssize_t)i);
    py_obj *ar = py_repr(ag);
    py_obj *msg = ar ? py_str_from_format("an error occurred during closing of asynchronous generator %s",
                                          py_str_utf8(ar)) : NULL;
    py_obj *ctx = msg ? aio__context(py_str_utf8(msg), "exception", r, "asyncgen", ag) : NULL;
    if (ctx) aio__call_exception_handler(l->loop, ctx);
    py_err_clear();
    py_xdecref(ar);
    py_xdecref(msg);
    py_xdecref(ctx);
  }
  rc = RT_OK;
  *out = py_newref(py_None);
done:
  if (rc == RT_ERAISED && !*out) *out = py_err_fetch();
  if (closers) for (size_t i = 0; i < n; i++) py_xdecref(closers[i]);
  rt_free(closers);
  py_xdecref(g);
  py_xdecref(results);
  py_decref(agens);
  return rc;
}

void aio__agen_hooks_install(bool on) {
  if (on && !(agen_fin_type.flags & PY_TF_READY)) py__type_ready(&agen_fin_type);
  lang__agen_firstiter = on ? firstiter : NULL;
  if (!on && (agen_fin_type.flags & PY_TF_READY)) {
    py__type_fini(&agen_fin_type);
    agen_fin_type.flags &= ~(uint32_t)PY_TF_READY;
  }
}
