/* obj_bytes.c: bytes: immutable byte strings (literals, socket data) with
 * CPython 3.11's repr, hash, operators, constructor and the common
 * methods; str.encode lives here too since it makes bytes. */
#include "object_int.h"

#define METHOD(name) \
  static py_obj *name(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames)

static size_t bytes_alloc_size(py_ssize_t n) { return sizeof(py_bytes) + (size_t)n + 1; }

py_obj *py_bytes_new(py_ssize_t n) {
  if (n < 0) return py_err_set_str(&py_exc_ValueError, "negative count");
  if ((size_t)n > (size_t)PTRDIFF_MAX - sizeof(py_bytes) - 1) return py_err_no_memory();
  py_bytes *b = (py_bytes *)py_obj_alloc(&py_bytes_type, bytes_alloc_size(n));
  if (!b) return NULL;
  b->hash = -1;
  b->size = n;
  b->data[n] = '\0';
  return &b->ob;
}

py_obj *py_bytes_from(const char *s, size_t n) {
  py_obj *b = py_bytes_new((py_ssize_t)n);
  if (b && n) memcpy(((py_bytes *)b)->data, s, n);
  return b;
}

static void bytes_dealloc(py_obj *o) {
  py_obj_free(o, bytes_alloc_size(((py_bytes *)o)->size));
}

/* ---------------------------------------------------------------- repr */

static py_obj *bytes_repr(py_obj *o) {
  py_bytes *b = (py_bytes *)o;
  bool has_sq = memchr(b->data, '\'', (size_t)b->size) != NULL;
  bool has_dq = memchr(b->data, '"', (size_t)b->size) != NULL;
  char quote = has_sq && !has_dq ? '"' : '\'';
  py_buf out;
  py__buf_init(&out);
  int rc = py__buf_putc(&out, 'b') | py__buf_putc(&out, quote);
  for (py_ssize_t i = 0; i < b->size && rc == 0; i++) {
    unsigned char c = (unsigned char)b->data[i];
    if (c == (unsigned char)quote || c == '\\') {
      rc = py__buf_putc(&out, '\\') | py__buf_putc(&out, (char)c);
    } else if (c == '\t') {
      rc = py__buf_put(&out, "\\t", 2);
    } else if (c == '\n') {
      rc = py__buf_put(&out, "\\n", 2);
    } else if (c == '\r') {
      rc = py__buf_put(&out, "\\r", 2);
    } else if (c < 0x20 || c >= 0x7f) {
      rc = py__buf_printf(&out, "\\x%02x", c);
    } else {
      rc = py__buf_putc(&out, (char)c);
    }
  }
  if (rc == 0) rc = py__buf_putc(&out, quote);
  return py__buf_finish_rc(&out, rc);
}

/* ------------------------------------------------- hash and comparison */

static py_hash_t bytes_hash(py_obj *o) {
  py_bytes *b = (py_bytes *)o;
  if (b->hash == -1) b->hash = py__hash_bytes(b->data, (size_t)b->size);
  return b->hash;
}

static py_obj *bytes_richcompare(py_obj *a, py_obj *b, int op) {
  if (!py_bytes_check(a) || !py_bytes_check(b)) return py_newref(py_NotImplemented);
  py_bytes *x = (py_bytes *)a, *y = (py_bytes *)b;
  py_ssize_t n = x->size < y->size ? x->size : y->size;
  int c = n ? memcmp(x->data, y->data, (size_t)n) : 0;
  int64_t d = c ? c : (int64_t)x->size - (int64_t)y->size;
  return py_bool_from(py__compare_ints(d, 0, op));
}

/* ----------------------------------------------------------- sequence */

static py_ssize_t bytes_len(py_obj *o) { return ((py_bytes *)o)->size; }

static py_obj *bytes_item(py_obj *o, py_ssize_t i) {
  py_bytes *b = (py_bytes *)o;
  if (i < 0 || i >= b->size) return py_err_set_str(&py_exc_IndexError, "index out of range");
  return py_int_from((unsigned char)b->data[i]);
}

static py_obj *bytes_getitem(py_obj *o, py_obj *key) {
  py_bytes *b = (py_bytes *)o;
  if (key->type == &py_slice_type) {
    py_ssize_t start, stop, step, n;
    if (py_slice_unpack(key, b->size, &start, &stop, &step, &n) < 0) return NULL;
    if (n == b->size && step == 1 && o->type == &py_bytes_type) return py_newref(o);
    if (step == 1) return py_bytes_from(b->data + start, (size_t)n);
    py_obj *r = py_bytes_new(n);
    if (!r) return NULL;
    for (py_ssize_t i = 0, k = start; i < n; i++, k += step)
      ((py_bytes *)r)->data[i] = b->data[k];
    return r;
  }
  py_ssize_t i;
  if (py__seq_index(key, b->size, "byte", &i) < 0) return NULL;
  return bytes_item(o, i);
}

static py_ssize_t find_in(const char *hay, py_ssize_t lo, py_ssize_t hi, const char *needle,
                          py_ssize_t m) {
  for (py_ssize_t i = lo; i + m <= hi; i++)
    if (memcmp(hay + i, needle, (size_t)m) == 0) return i;
  return -1;
}

/* An argument that must be bytes: TypeError as CPython's buffer check. */
static bool need_bytes(py_obj *o) {
  if (py_bytes_check(o)) return true;
  py_err_format(&py_exc_TypeError, "a bytes-like object is required, not '%s'",
                py_type_name(o));
  return false;
}

/* A byte value from an int: 0..255, else ValueError with msg. */
static int byte_value(py_obj *o, const char *msg, unsigned char *out) {
  int64_t v;
  if (py_index_value(o, &v) < 0) return -1;
  if (v < 0 || v > 255) {
    py_err_set_str(&py_exc_ValueError, msg);
    return -1;
  }
  *out = (unsigned char)v;
  return 0;
}

static int bytes_contains(py_obj *o, py_obj *item) {
  py_bytes *b = (py_bytes *)o;
  if (py_int_check(item)) {
    unsigned char c;
    if (byte_value(item, "byte must be in range(0, 256)", &c) < 0) return -1;
    return memchr(b->data, c, (size_t)b->size) != NULL;
  }
  if (!need_bytes(item)) return -1;
  py_bytes *n = (py_bytes *)item;
  return find_in(b->data, 0, b->size, n->data, n->size) >= 0;
}

static py_obj *bytes_concat(py_obj *a, py_obj *b) {
  if (!py_bytes_check(b))
    return py_err_format(&py_exc_TypeError, "can't concat %s to %s", py_type_name(b),
                         py_type_name(a));
  py_bytes *x = (py_bytes *)a, *y = (py_bytes *)b;
  py_obj *r = py_bytes_new(x->size + y->size);
  if (!r) return NULL;
  memcpy(((py_bytes *)r)->data, x->data, (size_t)x->size);
  memcpy(((py_bytes *)r)->data + x->size, y->data, (size_t)y->size);
  return r;
}

static py_obj *bytes_repeat(py_obj *o, py_ssize_t n) {
  py_bytes *b = (py_bytes *)o;
  if (n <= 0 || b->size == 0) return py_bytes_new(0);
  if (n == 1 && o->type == &py_bytes_type) return py_newref(o);
  if (b->size > PTRDIFF_MAX / n) return py_err_no_memory();
  py_obj *r = py_bytes_new(b->size * n);
  if (!r) return NULL;
  for (py_ssize_t k = 0; k < n; k++)
    memcpy(((py_bytes *)r)->data + k * b->size, b->data, (size_t)b->size);
  return r;
}

/* ------------------------------------------------------------ codecs */

/* "utf-8" (and its spellings) or "ascii"; LookupError for the others. */
static int codec_of(py_obj *encoding, bool *ascii) {
  if (!encoding) {
    *ascii = false;
    return 0;
  }
  if (!py_str_check(encoding)) {
    py_err_format(&py_exc_TypeError, "argument 'encoding' must be str, not %s",
                  py_type_name(encoding));
    return -1;
  }
  char norm[16];
  size_t k = 0;
  for (const char *p = py_str_utf8(encoding); *p && k + 1 < sizeof norm; p++)
    norm[k++] = *p == '_' ? '-' : (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
  norm[k] = '\0';
  if (k < sizeof norm - 1) {
    if (!strcmp(norm, "utf-8") || !strcmp(norm, "utf8")) {
      *ascii = false;
      return 0;
    }
    if (!strcmp(norm, "ascii") || !strcmp(norm, "us-ascii")) {
      *ascii = true;
      return 0;
    }
  }
  py_err_format(&py_exc_LookupError, "unknown encoding: %s", py_str_utf8(encoding));
  return -1;
}

static py_obj *encode_str(py_obj *s, py_obj *encoding) {
  bool ascii;
  if (codec_of(encoding, &ascii) < 0) return NULL;
  const char *d = py_str_utf8(s);
  py_ssize_t n = py_str_size(s);
  if (ascii)
    for (py_ssize_t i = 0; i < n; i++)
      if ((unsigned char)d[i] >= 0x80) {
        py_ssize_t pos = py__utf8_count(d, (size_t)i);
        uint32_t c = py_str_char_at(s, pos);
        return py_err_format(&py_exc_UnicodeError,
                             c < 0x100 ? "'ascii' codec can't encode character '\\x%02x' in "
                                         "position %zd: ordinal not in range(128)"
                             : c < 0x10000 ? "'ascii' codec can't encode character '\\u%04x' in "
                                             "position %zd: ordinal not in range(128)"
                                           : "'ascii' codec can't encode character '\\U%08x' in "
                                             "position %zd: ordinal not in range(128)",
                             c, pos);
      }
  return py_bytes_from(d, (size_t)n);
}

static const char *const codec_names[] = {"encoding", "errors"};

METHOD(bytes_decode) {
  py_obj *a[2];
  if (py_parse_args("decode", args, nargs, kwnames, codec_names, 2, 0, a) < 0) return NULL;
  bool ascii;
  if (codec_of(a[0], &ascii) < 0) return NULL;
  py_bytes *b = (py_bytes *)self;
  if (ascii)
    for (py_ssize_t i = 0; i < b->size; i++)
      if ((unsigned char)b->data[i] >= 0x80)
        return py_err_format(&py_exc_UnicodeError,
                             "'ascii' codec can't decode byte 0x%02x in position %zd: "
                             "ordinal not in range(128)",
                             (unsigned char)b->data[i], i);
  return py_str_decode_utf8(b->data, (size_t)b->size);
}

py_obj *py__str_encode(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                       py_obj *kwnames) {
  py_obj *a[2];
  if (py_parse_args("encode", args, nargs, kwnames, codec_names, 2, 0, a) < 0) return NULL;
  return encode_str(self, a[0]);
}

/* ------------------------------------------------------------ methods */

METHOD(bytes_hex) {
  if (py_check_nokw("hex", kwnames) < 0 || py_check_args("hex", nargs, 0, 1) < 0) return NULL;
  const char *sep = NULL;
  if (nargs == 1) {
    py_obj *s = args[0];
    if (py_bytes_check(s) ? py_bytes_size(s) != 1 : !py_str_check(s) || py_str_len(s) != 1)
      return py_err_set_str(&py_exc_ValueError, "sep must be length 1.");
    sep = py_bytes_check(s) ? py_bytes_data(s) : py_str_utf8(s);
  }
  py_bytes *b = (py_bytes *)self;
  py_buf out;
  py__buf_init(&out);
  int rc = 0;
  for (py_ssize_t i = 0; i < b->size && rc == 0; i++) {
    if (sep && i) rc = py__buf_putc(&out, sep[0]);
    rc |= py__buf_printf(&out, "%02x", (unsigned char)b->data[i]);
  }
  return py__buf_finish_rc(&out, rc);
}

static py_obj *map_case(py_obj *self, char lo, char hi, int delta) {
  py_bytes *b = (py_bytes *)self;
  py_obj *r = py_bytes_new(b->size);
  if (!r) return NULL;
  for (py_ssize_t i = 0; i < b->size; i++) {
    char c = b->data[i];
    ((py_bytes *)r)->data[i] = c >= lo && c <= hi ? (char)(c + delta) : c;
  }
  return r;
}

METHOD(bytes_upper) {
  if (py_check_nokw("upper", kwnames) < 0 || py_check_args("upper", nargs, 0, 0) < 0) return NULL;
  return map_case(self, 'a', 'z', 'A' - 'a');
}

METHOD(bytes_lower) {
  if (py_check_nokw("lower", kwnames) < 0 || py_check_args("lower", nargs, 0, 0) < 0) return NULL;
  return map_case(self, 'A', 'Z', 'a' - 'A');
}

/* startswith / endswith: a bytes or a tuple of bytes. */
static py_obj *affix(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames,
                     const char *name, bool end) {
  if (py_check_nokw(name, kwnames) < 0 || py_check_args(name, nargs, 1, 1) < 0) return NULL;
  py_bytes *b = (py_bytes *)self;
  py_obj *arg = args[0];
  bool tuple = py_tuple_check(arg);
  py_ssize_t n = tuple ? py_tuple_len(arg) : 1;
  for (py_ssize_t i = 0; i < n; i++) {
    py_obj *x = tuple ? py_tuple_get(arg, i) : arg;
    if (!py_bytes_check(x))
      return py_err_format(&py_exc_TypeError,
                           tuple ? "a bytes-like object is required, not '%s'"
                                 : "%s first arg must be bytes or a tuple of bytes, not %s",
                           tuple ? py_type_name(x) : name, py_type_name(x));
    py_ssize_t m = py_bytes_size(x);
    if (m <= b->size && !memcmp(b->data + (end ? b->size - m : 0), py_bytes_data(x), (size_t)m))
      return py_bool_from(true);
  }
  return py_bool_from(false);
}

METHOD(bytes_startswith) { return affix(self, args, nargs, kwnames, "startswith", false); }
METHOD(bytes_endswith) { return affix(self, args, nargs, kwnames, "endswith", true); }

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int append_piece(py_obj *list, const char *s, py_ssize_t n) {
  py_obj *piece = py_bytes_from(s, (size_t)n);
  return piece ? py_list_append_steal(list, piece) : -1;
}

METHOD(bytes_split) {
  static const char *const names[] = {"sep", "maxsplit"};
  py_obj *a[2];
  if (py_parse_args("split", args, nargs, kwnames, names, 2, 0, a) < 0) return NULL;
  int64_t maxsplit = -1;
  if (a[1] && py_index_value(a[1], &maxsplit) < 0) return NULL;
  py_obj *sep = a[0] && a[0] != py_None ? a[0] : NULL;
  if (sep && !need_bytes(sep)) return NULL;
  if (sep && py_bytes_size(sep) == 0) return py_err_set_str(&py_exc_ValueError, "empty separator");
  py_bytes *b = (py_bytes *)self;
  py_obj *list = py_list_new(0);
  if (!list) return NULL;
  py_ssize_t pos = 0, n = b->size;
  while (true) {
    if (!sep) {
      while (pos < n && is_space(b->data[pos])) pos++;
      if (pos == n) break;
    }
    py_ssize_t at;
    if (maxsplit == 0) {
      at = -1;
    } else if (sep) {
      at = find_in(b->data, pos, n, py_bytes_data(sep), py_bytes_size(sep));
    } else {
      for (at = pos; at < n && !is_space(b->data[at]); at++) {}
      if (at == n) at = -1;
    }
    if (at < 0) {
      if (!sep) while (n > pos && is_space(b->data[n - 1])) n--;
      if (append_piece(list, b->data + pos, n - pos) < 0) goto fail;
      break;
    }
    if (append_piece(list, b->data + pos, at - pos) < 0) goto fail;
    pos = at + (sep ? py_bytes_size(sep) : 1);
    if (maxsplit > 0) maxsplit--;
  }
  return list;
fail:
  py_decref(list);
  return NULL;
}

METHOD(bytes_strip) {
  if (py_check_nokw("strip", kwnames) < 0 || py_check_args("strip", nargs, 0, 0) < 0) return NULL;
  py_bytes *b = (py_bytes *)self;
  py_ssize_t lo = 0, hi = b->size;
  while (lo < hi && is_space(b->data[lo])) lo++;
  while (hi > lo && is_space(b->data[hi - 1])) hi--;
  return py_bytes_from(b->data + lo, (size_t)(hi - lo));
}

METHOD(bytes_find) {
  if (py_check_nokw("find", kwnames) < 0 || py_check_args("find", nargs, 1, 1) < 0) return NULL;
  py_bytes *b = (py_bytes *)self;
  if (py_int_check(args[0])) {
    unsigned char c;
    if (byte_value(args[0], "byte must be in range(0, 256)", &c) < 0) return NULL;
    const char *p = memchr(b->data, c, (size_t)b->size);
    return py_int_from(p ? p - b->data : -1);
  }
  if (!py_bytes_check(args[0]))
    return py_err_format(&py_exc_TypeError,
                         "argument should be integer or bytes-like object, not '%s'",
                         py_type_name(args[0]));
  return py_int_from(find_in(b->data, 0, b->size, py_bytes_data(args[0]), py_bytes_size(args[0])));
}

METHOD(bytes_join) {
  if (py_check_nokw("join", kwnames) < 0 || py_check_args("join", nargs, 1, 1) < 0) return NULL;
  py_obj *items = py_sequence_list(args[0]);
  if (!items) return NULL;
  py_buf out;
  py__buf_init(&out);
  int rc = 0;
  for (py_ssize_t i = 0; i < py_list_len(items) && rc == 0; i++) {
    py_obj *x = py_list_get(items, i);
    if (!py_bytes_check(x)) {
      py_err_format(&py_exc_TypeError,
                    "sequence item %zd: expected a bytes-like object, %s found", i,
                    py_type_name(x));
      rc = -1;
      break;
    }
    if (i) rc |= py__buf_put(&out, py_bytes_data(self), (size_t)py_bytes_size(self));
    rc |= py__buf_put(&out, py_bytes_data(x), (size_t)py_bytes_size(x));
  }
  py_decref(items);
  py_obj *r = rc ? NULL : py_bytes_from(out.p, out.n);
  py__buf_free(&out);
  return r;
}

/* ------------------------------------------------------- constructor */

/* bytes(iterable of ints). */
static py_obj *bytes_from_iterable(py_obj *src) {
  py_obj *items = py_sequence_list(src);
  if (!items) return NULL;
  py_obj *r = py_bytes_new(py_list_len(items));
  for (py_ssize_t i = 0; r && i < py_list_len(items); i++) {
    unsigned char c;
    if (byte_value(py_list_get(items, i), "bytes must be in range(0, 256)", &c) < 0)
      PY_CLEAR(r);
    else
      ((py_bytes *)r)->data[i] = (char)c;
  }
  py_decref(items);
  return r;
}

static py_obj *bytes_new_(py_type *t, py_obj *const *args, py_ssize_t nargs,
                          py_obj *kwnames) {
  static const char *const names[] = {"source", "encoding", "errors"};
  py_obj *a[3];
  if (py_parse_args("bytes", args, nargs, kwnames, names, 3, 0, a) < 0) return NULL;
  py_obj *src = a[0];
  if (!src) {
    if (a[1] || a[2])
      return py_err_set_str(&py_exc_TypeError, "encoding or errors without sequence argument");
    return py_bytes_new(0);
  }
  if (py_str_check(src)) {
    if (!a[1]) return py_err_set_str(&py_exc_TypeError, "string argument without an encoding");
    return encode_str(src, a[1]);
  }
  if (a[1]) return py_err_set_str(&py_exc_TypeError, "encoding without a string argument");
  if (a[2]) return py_err_set_str(&py_exc_TypeError, "errors without a string argument");
  if (py_bytes_check(src)) return py_bytes_from(py_bytes_data(src), (size_t)py_bytes_size(src));
  if (py_int_check(src)) return py_bytes_new(py_int_value(src));
  if (!src->type->iter)
    return py_err_format(&py_exc_TypeError, "cannot convert '%s' object to bytes",
                         py_type_name(src));
  return bytes_from_iterable(src);
}

/* ----------------------------------------------------------- iterator */

typedef struct bytes_iter {
  py_obj ob;
  py_obj *seq;        /* NULL once exhausted */
  py_ssize_t index;
} bytes_iter;

static py_obj *bytes_iter_new(py_obj *o) {
  bytes_iter *it = (bytes_iter *)py_obj_alloc(&py_bytes_iter_type, sizeof(bytes_iter));
  if (!it) return NULL;
  it->seq = py_newref(o);
  return &it->ob;
}

static py_obj *bytes_iter_next(py_obj *o) {
  bytes_iter *it = (bytes_iter *)o;
  if (!it->seq) return NULL;
  py_bytes *b = (py_bytes *)it->seq;
  if (it->index < b->size) return py_int_from((unsigned char)b->data[it->index++]);
  PY_CLEAR(it->seq);
  return NULL;
}

static void bytes_iter_dealloc(py_obj *o) {
  py_xdecref(((bytes_iter *)o)->seq);
  py_obj_free(o, sizeof(bytes_iter));
}

static py_obj *bytes_iter_self(py_obj *o) { return py_newref(o); }

py_type py_bytes_iter_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "bytes_iterator",
    .basicsize = sizeof(bytes_iter),
    .dealloc = bytes_iter_dealloc,
    .iter = bytes_iter_self,
    .iternext = bytes_iter_next,
};

static const py_method_def bytes_methods[] = {
    {"decode", bytes_decode, 0},       {"hex", bytes_hex, 0},
    {"upper", bytes_upper, 0},         {"lower", bytes_lower, 0},
    {"startswith", bytes_startswith, 0}, {"endswith", bytes_endswith, 0},
    {"split", bytes_split, 0},         {"strip", bytes_strip, 0},
    {"find", bytes_find, 0},           {"join", bytes_join, 0},
    {NULL, NULL, 0}};

py_type py_bytes_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "bytes",
    .basicsize = sizeof(py_bytes),
    .itemsize = 1,
    .new_ = bytes_new_,
    .dealloc = bytes_dealloc,
    .repr = bytes_repr,
    .hash = bytes_hash,
    .richcompare = bytes_richcompare,
    .iter = bytes_iter_new,
    .len = bytes_len,
    .getitem = bytes_getitem,
    .sq_item = bytes_item,
    .contains = bytes_contains,
    .sq_concat = bytes_concat,
    .sq_repeat = bytes_repeat,
    .methods = bytes_methods,
};
