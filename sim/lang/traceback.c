/* traceback.c: CPython 3.11's text for an uncaught exception: chained tracebacks, carets, suggestions.
 *
 * Follows Python/traceback.c and Python/pythonrun.c of 3.11.7 (the C
 * printer used at top level, not traceback.py): frames oldest first,
 * "[Previous line repeated N more times]" after three equal entries, the
 * source line stripped, carets (with ~ and ^ anchors for binary operators
 * and subscripts) unless the failing span is the whole line, the chain of
 * causes and contexts, and "Did you mean" for NameError and AttributeError.
 */
#include <string.h>

#include "eval_int.h"

#define TB_CUTOFF 3
#define TB_LIMIT 1000

/* Each traceback entry is a tuple (serial, line, col, end_line, end_col,
 * name, prog, anchor kind, anchor a, anchor b) (see lang__tb_here). */
static int64_t ent(py_obj *t, int i) { return py_int_value(py_tuple_get(t, i)); }

static bool is_ws(uint32_t c) { return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r' || c == '\v'; }

/* The code points of a line (ASCII fast; UTF-8 decoded). */
static int decode_line(const char *s, size_t n, uint32_t *out, int cap) {
  const unsigned char *p = (const unsigned char *)s, *e = p + n;
  int k = 0;
  while (p < e && k < cap) out[k++] = py__utf8_next(&p);
  return k;
}

/* East Asian Width W or F: two columns on a terminal (what 3.11.7's
 * _display_width counts). A compact table of the wide ranges. */
static int cp_width(uint32_t c) {
  if (c < 0x1100) return 1;
  if ((c <= 0x115F) || (c >= 0x231A && c <= 0x231B) || (c >= 0x2329 && c <= 0x232A) ||
      (c >= 0x23E9 && c <= 0x23EC) || c == 0x23F0 || c == 0x23F3 ||
      (c >= 0x25FD && c <= 0x25FE) || (c >= 0x2614 && c <= 0x2615) ||
      (c >= 0x2648 && c <= 0x2653) || c == 0x267F || c == 0x2693 || c == 0x26A1 ||
      (c >= 0x26AA && c <= 0x26AB) || (c >= 0x26BD && c <= 0x26BE) ||
      (c >= 0x26C4 && c <= 0x26C5) || c == 0x26CE || c == 0x26D4 || c == 0x26EA ||
      (c >= 0x26F2 && c <= 0x26F3) || c == 0x26F5 || c == 0x26FA || c == 0x26FD ||
      c == 0x2705 || (c >= 0x270A && c <= 0x270B) || c == 0x2728 || c == 0x274C ||
      c == 0x274E || (c >= 0x2753 && c <= 0x2755) || c == 0x2757 ||
      (c >= 0x2795 && c <= 0x2797) || c == 0x27B0 || c == 0x27BF ||
      (c >= 0x2B1B && c <= 0x2B1C) || c == 0x2B50 || c == 0x2B55 ||
      (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
      (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
      (c >= 0xA000 && c <= 0xA4CF) || (c >= 0xA960 && c <= 0xA97F) ||
      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
      (c >= 0xFE10 && c <= 0xFE19) || (c >= 0xFE30 && c <= 0xFE6F) ||
      (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
      (c >= 0x1F300 && c <= 0x1F64F) || (c >= 0x1F900 && c <= 0x1F9FF) ||
      (c >= 0x20000 && c <= 0x3FFFD))
    return 2;
  return 1;
}

static void put_cps(py_buf *b, const uint32_t *cp, int from, int to) {
  for (int i = from; i < to; i++) py__buf_putcp(b, cp[i]);
}

static void display_line(py_buf *b, py_obj *t) {
  lang_prog *prog = (lang_prog *)(intptr_t)ent(t, 6);
  int line = (int)ent(t, 1), col = (int)ent(t, 2), end_line = (int)ent(t, 3),
      end_col = (int)ent(t, 4);
  py__buf_printf(b, "  File \"%s\", line %d, in %s\n", py_str_utf8(prog->filename), line,
                 py_str_utf8(py_tuple_get(t, 5)));
  const char *s;
  size_t n;
  if (!lang__prog_line(prog, line, &s, &n)) return;
  static uint32_t cp[4096];
  int len = decode_line(s, n, cp, 4096);
  int lead = 0;
  while (lead < len && is_ws(cp[lead])) lead++;
  int tail = len;
  while (tail > lead && is_ws(cp[tail - 1])) tail--;
  if (tail <= lead) return;
  py__buf_puts(b, "    ");
  put_cps(b, cp, lead, tail);
  py__buf_putc(b, '\n');
  if (col < 0 || end_col < 0) return;
  int start = col, end = end_col;
  if (line != end_line) end = tail;
  if (start < lead) start = lead;
  if (end > tail) end = tail;
  if (end <= start) return;
  int kind = (int)ent(t, 7);
  int left = -1, right = -1;
  if (line == end_line && kind == 1) {
    /* binary operator: the operator between the operands */
    int a = (int)ent(t, 8), bb = (int)ent(t, 9);
    for (int i = a; i < bb; i++) {
      if (is_ws(cp[i])) continue;
      left = i;
      right = i + 1;
      if (i + 1 < bb && !is_ws(cp[i + 1])) right++;
      if (i + 1 < bb && cp[i] == ')') continue;
      break;
    }
  } else if (line == end_line && kind == 2) {
    int a = (int)ent(t, 8), bb = (int)ent(t, 9) + 1;
    while (a < end && cp[a] != '[') a++;
    while (bb < end && cp[bb] != ']') bb++;
    if (bb < end) bb++;
    left = a;
    right = bb;
  }
  bool secondary = left >= 0;
  if (end - start == tail - lead && !secondary) return;
  py__buf_puts(b, "    ");
  for (int i = lead; i < start; i++)
    for (int w = cp_width(cp[i]); w > 0; w--) py__buf_putc(b, ' ');
  for (int i = start; i < end; i++) {
    char ch = secondary && !(i >= left && i < right) ? '~' : '^';
    for (int w = cp_width(cp[i]); w > 0; w--) py__buf_putc(b, ch);
  }
  py__buf_putc(b, '\n');
}

static void print_tb(py_buf *b, py_obj *tb) {
  py_ssize_t n = py_list_len(tb);
  /* entries are innermost first; print oldest first */
  py_ssize_t skip = n > TB_LIMIT ? n - TB_LIMIT : 0;
  int64_t last_line = -1;
  py_obj *last_name = NULL;
  intptr_t last_prog = 0;
  long cnt = 0;
  for (py_ssize_t i = n - 1 - skip; i >= 0; i--) {
    py_obj *t = py_list_get(tb, i);
    if (last_line == -1 || ent(t, 1) != last_line || py_tuple_get(t, 5) != last_name ||
        ent(t, 6) != last_prog) {
      if (cnt > TB_CUTOFF)
        py__buf_printf(b, "  [Previous line repeated %ld more time%s]\n", cnt - TB_CUTOFF,
                       cnt - TB_CUTOFF > 1 ? "s" : "");
      last_line = ent(t, 1);
      last_name = py_tuple_get(t, 5);
      last_prog = (intptr_t)ent(t, 6);
      cnt = 0;
    }
    cnt++;
    if (cnt <= TB_CUTOFF) display_line(b, t);
  }
  if (cnt > TB_CUTOFF)
    py__buf_printf(b, "  [Previous line repeated %ld more time%s]\n", cnt - TB_CUTOFF,
                   cnt - TB_CUTOFF > 1 ? "s" : "");
}

/* ---------------------------------------------------------- suggestions */

#define MAX_CANDIDATES 750
#define MAX_STRSIZE 40
#define MOVE_COST 2
#define CASE_COST 1

static int sub_cost(char a, char b) {
  if ((a & 31) != (b & 31)) return MOVE_COST;
  if (a == b) return 0;
  if (a >= 'A' && a <= 'Z') a += 'a' - 'A';
  if (b >= 'A' && b <= 'Z') b += 'a' - 'A';
  return a == b ? CASE_COST : MOVE_COST;
}

static size_t levenshtein(const char *a, size_t an, const char *b, size_t bn, size_t max_cost) {
  size_t buf[MAX_STRSIZE];
  if (a == b) return 0;
  while (an && bn && a[0] == b[0]) { a++; an--; b++; bn--; }
  while (an && bn && a[an - 1] == b[bn - 1]) { an--; bn--; }
  if (an == 0 || bn == 0) return (an + bn) * MOVE_COST;
  if (an > MAX_STRSIZE || bn > MAX_STRSIZE) return max_cost + 1;
  if (bn < an) { const char *t = a; a = b; b = t; size_t tn = an; an = bn; bn = tn; }
  if ((bn - an) * MOVE_COST > max_cost) return max_cost + 1;
  size_t tmp = MOVE_COST;
  for (size_t i = 0; i < an; i++) { buf[i] = tmp; tmp += MOVE_COST; }
  size_t result = 0;
  for (size_t bi = 0; bi < bn; bi++) {
    char code = b[bi];
    size_t distance = result = bi * MOVE_COST;
    size_t minimum = (size_t)-1;
    for (size_t i = 0; i < an; i++) {
      size_t substitute = distance + (size_t)sub_cost(code, a[i]);
      distance = buf[i];
      size_t insdel = (result < distance ? result : distance) + MOVE_COST;
      result = insdel < substitute ? insdel : substitute;
      buf[i] = result;
      if (result < minimum) minimum = result;
    }
    if (minimum > max_cost) return max_cost + 1;
  }
  return result;
}

/* The closest name in list (a list of str) to name, or NULL (borrowed). */
py_obj *lang__suggest(py_obj *list, py_obj *name) {
  py_ssize_t n = py_list_len(list);
  if (n >= MAX_CANDIDATES) return NULL;
  size_t best_d = (size_t)-1 >> 1;
  py_obj *best = NULL;
  const char *ns = py_str_utf8(name);
  size_t nn = (size_t)py_str_size(name);
  for (py_ssize_t i = 0; i < n; i++) {
    py_obj *it = py_list_get(list, i);
    if (!py_str_check(it) || py_str_eq(it, name)) continue;
    size_t in = (size_t)py_str_size(it);
    size_t maxd = (nn + in + 3) * MOVE_COST / 6;
    if (best_d - 1 < maxd) maxd = best_d - 1;
    size_t d = levenshtein(ns, nn, py_str_utf8(it), in, maxd);
    if (d > maxd) continue;
    if (!best || d < best_d) { best = it; best_d = d; }
  }
  return best;
}

static py_obj *attr_suggestion(py_obj *exc) {
  py_obj *name = NULL, *obj = NULL;
  if (py_getattr_opt(exc, PY_ID(name), &name) < 0 || !name || !py_str_check(name)) {
    py_xdecref(name);
    py_err_clear();
    return NULL;
  }
  if (py_getattr_opt(exc, PY_ID(obj), &obj) < 0 || !obj) {
    py_decref(name);
    py_err_clear();
    return NULL;
  }
  py_obj *l = py_list_new(0);
  py_obj *r = NULL;
  if (l) {
    py_obj *d = py_instance_dict(obj);
    if (PY_TYPE_CHECK(obj)) d = ((py_type *)obj)->dict;
    py_obj *k;
    py_ssize_t pos = 0;
    if (d && py_dict_check(d)) while (py_dict_next(d, &pos, &k, NULL)) py_list_append(l, k);
    py_type *t = PY_TYPE_CHECK(obj) ? (py_type *)obj : obj->type;
    py_obj *mro = t->mro;
    for (py_ssize_t i = 0; mro && i < py_tuple_len(mro); i++) {
      py_obj *td = ((py_type *)py_tuple_get(mro, i))->dict;
      pos = 0;
      if (td && (!PY_TYPE_CHECK(obj) || i > 0)) while (py_dict_next(td, &pos, &k, NULL)) py_list_append(l, k);
    }
    /* dir() is sorted and has no duplicates */
    py_obj *s = py_set_new(l);
    py_decref(l);
    l = s ? py_sequence_list(s) : NULL;
    py_xdecref(s);
    if (l && py_list_sort(l, NULL, false) == 0) r = py_xnewref(lang__suggest(l, name));
    py_xdecref(l);
  }
  py_err_clear();
  py_decref(name);
  py_decref(obj);
  return r;
}

/* ---------------------------------------------------------------- chain */

static void print_one(py_buf *b, py_obj *exc) {
  py_obj *tb = py_exc_traceback(exc);
  if (tb && py_list_check(tb) && py_list_len(tb) > 0) {
    py__buf_puts(b, "Traceback (most recent call last):\n");
    print_tb(b, tb);
  }
  py_obj *tn = py_exc_type_display_name(exc->type);
  if (tn) { py__buf_putstr(b, tn); py_decref(tn); }
  py_obj *s = py_str(exc);
  if (!s) {
    py_err_clear();
    py__buf_puts(b, ": <exception str() failed>");
  } else {
    if (py_str_size(s) > 0) {
      py__buf_puts(b, ": ");
      py__buf_putstr(b, s);
    }
    py_decref(s);
  }
  py_obj *hint = NULL;
  if (py_isinstance(exc, &py_exc_NameError) || py_isinstance(exc, &py_exc_ImportError)) {
    py_obj *h = NULL;
    py_obj *key = py_intern_cstr("_coroscope_hint");
    if (key && py_getattr_opt(exc, key, &h) >= 0 && h && py_str_check(h)) hint = h;
    else py_xdecref(h);
    py_xdecref(key);
    py_err_clear();
  } else if (py_isinstance(exc, &py_exc_AttributeError)) {
    hint = attr_suggestion(exc);
  }
  if (hint) {
    py__buf_printf(b, ". Did you mean: '%s'?", py_str_utf8(hint));
    py_decref(hint);
  }
  py__buf_putc(b, '\n');
}

static void print_chain(py_buf *b, py_obj *exc, py_obj *seen, int depth) {
  if (py_set_add(seen, exc) < 0) { py_err_clear(); return; }
  if (depth < 100) {
    py_obj *cause = py_exc_cause(exc);
    py_obj *ctx = py_exc_context(exc);
    if (cause && py_exc_check(cause)) {
      if (py_set_contains(seen, cause) == 0) {
        print_chain(b, cause, seen, depth + 1);
        py__buf_puts(b, "\nThe above exception was the direct cause of the following exception:\n\n");
      }
    } else if (ctx && py_exc_check(ctx) && !((py_exc *)exc)->suppress_context) {
      if (py_set_contains(seen, ctx) == 0) {
        print_chain(b, ctx, seen, depth + 1);
        py__buf_puts(b, "\nDuring handling of the above exception, another exception occurred:\n\n");
      }
    }
  }
  print_one(b, exc);
}

py_obj *lang__format_exception(py_obj *exc) {
  py_buf b;
  py__buf_init(&b);
  py_obj *seen = py_set_new(NULL);
  if (!seen) { py__buf_free(&b); return NULL; }
  if (py_exc_check(exc)) print_chain(&b, exc, seen, 0);
  py_decref(seen);
  py_err_clear();
  return py__buf_finish(&b);
}
