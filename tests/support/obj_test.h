/* obj_test.h: helpers for the object-layer tests: a fresh object layer per
 * test whose teardown checks that nothing is left allocated, an arena for
 * temporaries, and short ways to build values and compare reprs. */
#ifndef OBJ_TEST_H
#define OBJ_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "alloc_count.h"
#include "object.h"

/* Objects handed to T() are released at teardown, before py_shutdown. */
#define ARENA_MAX 65536
static py_obj *arena[ARENA_MAX];
static size_t arena_n;

static inline py_obj *T(py_obj *o) {
  if (!o) {
    py_obj *e = py_err_fetch();
    py_obj *s = e ? py_str(e) : NULL;
    fail_msg("unexpected error %s: %s", e ? e->type->name : "(none set)",
             s ? py_str_utf8(s) : "?");
  }
  assert_true(arena_n < ARENA_MAX);
  arena[arena_n++] = o;
  return o;
}

static inline py_obj *I(int64_t v) { return T(py_int_from(v)); }
static inline py_obj *F(double v) { return T(py_float_from(v)); }
static inline py_obj *S(const char *s) { return T(py_str_from_cstr(s)); }
/* A tuple of n objects (borrowed; the tuple holds its own references). */
static inline py_obj *TUP(int n, ...) {
  py_obj *t = py_tuple_new(n);
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++) py_tuple_set_steal(t, i, py_newref(va_arg(ap, py_obj *)));
  va_end(ap);
  return T(t);
}
static inline py_obj *LIST(int n, ...) {
  py_obj *l = py_list_new(0);
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++) py_list_append(l, va_arg(ap, py_obj *));
  va_end(ap);
  return T(l);
}
/* A list of small ints. */
static inline py_obj *INTS(int n, const int64_t *v) {
  py_obj *l = py_list_new(0);
  for (int i = 0; i < n; i++) {
    py_obj *x = py_int_from(v[i]);
    py_list_append(l, x);
    py_decref(x);
  }
  return T(l);
}

static int obj_setup(void **state) {
  (void)state;
  alloc_count_install();
  arena_n = 0;
  assert_int_equal(py_init(), 0);
  return 0;
}

static int obj_teardown(void **state) {
  (void)state;
  py_obj *e = py_err_fetch();
  if (e) {
    py_obj *s = py_str(e);
    fail_msg("exception left set: %s: %s", e->type->name, s ? py_str_utf8(s) : "?");
  }
  while (arena_n > 0) py_decref(arena[--arena_n]);
  py_gc_collect();
  py_shutdown();
  assert_int_equal(py_mem_used(), 0);
  assert_int_equal(alloc_count_live(), 0);
  return 0;
}

/* conv(o) == expected for conv py_repr or py_str (quote: how the message
 * quotes the texts); o is taken over (NULL: fails with the error). */
static inline void expect_text_at(py_obj *o, py_obj *(*conv)(py_obj *), const char *expected,
                                  const char *quote, const char *file, int line) {
  if (!o) {
    py_obj *e = py_err_fetch();
    py_obj *s = e ? py_str(e) : NULL;
    print_error("%s:%d: expected %s, got error %s: %s\n", file, line, expected,
                   e ? e->type->name : "(none)", s ? py_str_utf8(s) : "?");
    _fail(file, line);
  }
  T(o);
  py_obj *r = T(conv(o));
  if (strcmp(py_str_utf8(r), expected) != 0) {
    print_error("%s:%d: expected %s%s%s\n%*s   got %s%s%s\n", file, line, quote, expected,
                quote, (int)strlen(file), "", quote, py_str_utf8(r), quote);
    _fail(file, line);
  }
}

/* repr(o) == expected; o is taken over (NULL: fails with the error). */
#define expect_repr(o, expected) expect_text_at((o), py_repr, (expected), "", __FILE__, __LINE__)
/* str(o) == expected; o is taken over. */
#define expect_str(o, expected) expect_text_at((o), py_str, (expected), "\"", __FILE__, __LINE__)

/* The call failed (NULL / -1) with exactly this type and str(). */
#define expect_err(ok, type, msg) expect_err_at((ok), (type), (msg), __FILE__, __LINE__)
static inline void expect_err_at(bool failed, py_type *type, const char *msg,
                                 const char *file, int line) {
  py_obj *e = py_err_fetch();
  if (!failed || !e) {
    print_error("%s:%d: expected %s: %s, but %s\n", file, line, type->name, msg,
                   failed ? "no exception was set" : "the call succeeded");
    py_xdecref(e);
    _fail(file, line);
  }
  T(e);
  py_obj *s = T(py_str(e));
  if (e->type != type || strcmp(py_str_utf8(s), msg) != 0) {
    print_error("%s:%d: expected %s: %s\n%*s   got %s: %s\n", file, line, type->name,
                   msg, (int)strlen(file), "", e->type->name, py_str_utf8(s));
    _fail(file, line);
  }
}
/* For py_obj * results: the result is NULL; a non-NULL one is released. */
#define FAILS(o) fails_obj(o)
static inline bool fails_obj(py_obj *o) {
  if (o) {
    T(o);
    return false;
  }
  return true;
}

/* self.name(*args) */
static inline py_obj *callm(py_obj *self, const char *name, int n, ...) {
  py_obj *args[8];
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++) args[i] = va_arg(ap, py_obj *);
  va_end(ap);
  return py_call_method_str(self, name, args, n);
}

/* self.name(*args, key=value) with one keyword. */
static inline py_obj *callm_kw(py_obj *self, const char *name, int n, py_obj **args,
                               const char *kw, py_obj *kwval) {
  py_obj *all[9];
  for (int i = 0; i < n; i++) all[i] = args[i];
  all[n] = kwval;
  py_obj *kn = T(py_intern_cstr(kw));
  py_obj *kwnames = TUP(1, kn);
  py_obj *nm = T(py_intern_cstr(name));
  return py_call_method(self, nm, all, n, kwnames);
}

#endif /* OBJ_TEST_H */
