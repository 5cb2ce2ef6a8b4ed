/* obj_int.c: int and bool: 64-bit integers with Python's semantics, and an
 * OverflowError (never a wrapped value) where CPython would grow a bigint. */
#include <math.h>

#include "object_int.h"

/* ------------------------------------------------------------ free list */

/* Freed ints are kept for reuse (invariant 1): an int add whose result is
 * not a small int costs no malloc once the loop is warm. */
#define INT_FREELIST_MAX 256
static py_int *int_freelist[INT_FREELIST_MAX];
static int int_nfree;

py_obj *py__int_alloc(int64_t v) {
  py_int *i;
  if (int_nfree > 0) {
    i = int_freelist[--int_nfree];
  } else {
    i = py_mem_alloc(sizeof *i);
    if (!i) return NULL;
  }
  i->ob.refcnt = 1;
  i->ob.type = &py_int_type;
  i->value = v;
  return &i->ob;
}

static void int_dealloc(py_obj *o) {
  if (o->type == &py_int_type && int_nfree < INT_FREELIST_MAX) {
    int_freelist[int_nfree++] = (py_int *)o;
    return;
  }
  py_mem_free(o, sizeof(py_int));
}

void py__int_fini(void) {
  while (int_nfree > 0) py_mem_free(int_freelist[--int_nfree], sizeof(py_int));
}

static py_obj *overflow(void) {
  return py_err_set_str(&py_exc_OverflowError, PY_INT_OVERFLOW_MSG);
}

/* ------------------------------------------------------------------ hash */

#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)

py_hash_t py_hash_int(int64_t v) {
  uint64_t x = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  x %= HASH_MODULUS;
  py_hash_t h = v < 0 ? -(py_hash_t)x : (py_hash_t)x;
  return h == -1 ? -2 : h;
}

static py_hash_t int_hash(py_obj *o) { return py_hash_int(py_int_value(o)); }

/* ------------------------------------------------------------------ repr */

static py_obj *int_repr(py_obj *o) {
  char buf[24];
  int64_t v = py_int_value(o);
  char *p = buf + sizeof buf;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) *--p = '-';
  return py__str_from_ascii(p, (size_t)(buf + sizeof buf - p));
}

static py_obj *bool_repr(py_obj *o) {
  return py_str_from_cstr(py_int_value(o) ? "True" : "False");
}

/* ------------------------------------------------------------ comparison */

static py_obj *int_richcompare(py_obj *a, py_obj *b, int op) {
  if (!py_int_check(a) || !py_int_check(b)) return py_newref(py_NotImplemented);
  int64_t x = py_int_value(a), y = py_int_value(b);
  bool r;
  switch (op) {
    case PY_LT: r = x < y; break;
    case PY_LE: r = x <= y; break;
    case PY_EQ: r = x == y; break;
    case PY_NE: r = x != y; break;
    case PY_GT: r = x > y; break;
    default: r = x >= y; break;
  }
  return py_bool_from(r);
}

/* ------------------------------------------------------------ arithmetic */

#define BOTH_INTS(a, b) \
  if (!py_int_check(a) || !py_int_check(b)) return py_newref(py_NotImplemented)

static py_obj *int_add(py_obj *a, py_obj *b) {
  BOTH_INTS(a, b);
  int64_t r;
  if (__builtin_add_overflow(py_int_value(a), py_int_value(b), &r)) return overflow();
  return py_int_from(r);
}

static py_obj *int_sub(py_obj *a, py_obj *b) {
  BOTH_INTS(a, b);
  int64_t r;
  if (__builtin_sub_overflow(py_int_value(a), py_int_value(b), &r)) return overflow();
  return py_int_from(r);
}

static py_obj *int_mul(py_obj *a, py_obj *b) {
  BOTH_INTS(a, b);
  int64_t r;
  if (__builtin_mul_overflow(py_int_value(a), py_int_value(b), &r)) return overflow();
  return py_int_from(r);
}

static int bitlen(uint64_t x) { return x ? 64 - __builtin_clzll(x) : 0; }

/* a / b correctly rounded, as CPython's long_true_divide. */
static double true_divide(int64_t a, int64_t b) {
  const uint64_t lim = (uint64_t)1 << 53;
  uint64_t ua = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
  uint64_t ub = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;
  if (ua <= lim && ub <= lim) return (double)a / (double)b;
  bool neg = (a < 0) != (b < 0);
  if (ua == 0) return neg ? -0.0 : 0.0;
  /* Shift so the quotient has 55 or 56 bits, then fold the remainder
   * into a sticky bit: converting that to double rounds once, right. */
  int s = 55 + bitlen(ub) - bitlen(ua);
  if (s < 0) s = 0;
  unsigned __int128 n = (unsigned __int128)ua << s;
  unsigned __int128 q = n / ub, r = n % ub;
  if (r) q |= 1;
  /* q < 2^64 (2^57 once shifted): one correctly rounded conversion; the
   * sticky bit sits below the rounding position either way */
  double d = ldexp((double)(uint64_t)q, -s);
  return neg ? -d : d;
}

static py_obj *int_truediv(py_obj *a, py_obj *b) {
  BOTH_INTS(a, b);
  if (py_int_value(b) == 0)
    return py_err_set_str(&py_exc_ZeroDivisionError, "division by zero");
  return py_float_from(true_divide(py_int_value(a), py_int_value(b)));
}

/* Python's floor division and modulo: the remainder takes b's sign. */
static int int_divmod_raw(int64_t a, int64_t b, int64_t *q, int64_t *r) {
  if (b == -1) {
    if (a == INT64_MIN) return -1;
    *q = -a;
    *r = 0;
    return 0;
  }
  int64_t qq = a / b, rr = a % b;
  if (rr != 0 && ((rr < 0) != (b < 0))) {
    qq--;
    rr += b;
  }
  *q = qq;
  *r = rr;
  return 0;
}

static py_obj *int_floordiv(py_obj *a, py_obj *b) {
  BOTH_INTS(a, b);
  int64_t q, r;
  if (py_int_value(b) == 0)
    return py_err_set_str(&py_exc_ZeroDivisionError,
                          "integer division or modulo by zero");
  if (int_divmod_raw(py_int_value(a), py_int_value(b), &q, &r) < 0) return overflow();
  return py_int_from(q);
}

static py_obj *int_mod(py_obj *a, py_obj *b) {
  BOTH_INTS(a, b);
  int64_t q, r;
  if (py_int_value(b) == 0)
    return py_err_set_str(&py_exc_ZeroDivisionError, "integer modulo by zero");
  if (py_int_value(b) == -1) return py_int_from(0);
  int_divmod_raw(py_int_value(a), py_int_value(b), &q, &r);
  return py_int_from(r);
}

static py_obj *int_divmod(py_obj *a, py_obj *b) {
  BOTH_INTS(a, b);
  int64_t q, r;
  if (py_int_value(b) == 0)
    return py_err_set_str(&py_exc_ZeroDivisionError,
                          "integer division or modulo by zero");
  if (int_divmod_raw(py_int_value(a), py_int_value(b), &q, &r) < 0) return overflow();
  py_obj *qo = py_int_from(q), *ro = py_int_from(r);
  py_obj *t = qo && ro ? py_tuple_pack(2, qo, ro) : NULL;
  py_xdecref(qo);
  py_xdecref(ro);
  return t;
}

static py_obj *int_pow(py_obj *a, py_obj *b) {
  BOTH_INTS(a, b);
  int64_t base = py_int_value(a), e = py_int_value(b);
  if (e < 0) {
    if (base == 0)
      return py_err_set_str(&py_exc_ZeroDivisionError,
                            "0.0 cannot be raised to a negative power");
    return py__float_pow((double)base, (double)e);
  }
  int64_t r = 1;
  while (e > 0) {
    if (e & 1 && __builtin_mul_overflow(r, base, &r)) return overflow();
    e >>= 1;
    if (e && __builtin_mul_overflow(base, base, &base)) return overflow();
  }
  return py_int_from(r);
}

static py_obj *int_lshift(py_obj *a, py_obj *b) {
  BOTH_INTS(a, b);
  int64_t x = py_int_value(a), n = py_int_value(b);
  if (n < 0) return py_err_set_str(&py_exc_ValueError, "negative shift count");
  if (x == 0) return py_int_from(0);
  if (n >= 63) return overflow();
  int64_t r = (int64_t)((uint64_t)x << n);
  if ((r >> n) != x) return overflow();
  return py_int_from(r);
}

static py_obj *int_rshift(py_obj *a, py_obj *b) {
  BOTH_INTS(a, b);
  int64_t x = py_int_value(a), n = py_int_value(b);
  if (n < 0) return py_err_set_str(&py_exc_ValueError, "negative shift count");
  if (n >= 63) return py_int_from(x < 0 ? -1 : 0);
  return py_int_from(x >> n);
}

static py_obj *int_and(py_obj *a, py_obj *b) {
  BOTH_INTS(a, b);
  return py_int_from(py_int_value(a) & py_int_value(b));
}
static py_obj *int_or(py_obj *a, py_obj *b) {
  BOTH_INTS(a, b);
  return py_int_from(py_int_value(a) | py_int_value(b));
}
static py_obj *int_xor(py_obj *a, py_obj *b) {
  BOTH_INTS(a, b);
  return py_int_from(py_int_value(a) ^ py_int_value(b));
}

static py_obj *int_neg(py_obj *o) {
  int64_t v = py_int_value(o);
  if (v == INT64_MIN) return overflow();
  return py_int_from(-v);
}
static py_obj *int_pos(py_obj *o) { return py_int_from(py_int_value(o)); }
static py_obj *int_abs(py_obj *o) {
  int64_t v = py_int_value(o);
  if (v == INT64_MIN) return overflow();
  return py_int_from(v < 0 ? -v : v);
}
static py_obj *int_invert(py_obj *o) { return py_int_from(~py_int_value(o)); }
static int int_bool(py_obj *o) { return py_int_value(o) != 0; }
static py_obj *int_int(py_obj *o) {
  return py_int_check_exact(o) ? py_newref(o) : py_int_from(py_int_value(o));
}
static py_obj *int_float(py_obj *o) { return py_float_from((double)py_int_value(o)); }

/* bool's &, |, ^ stay bool for two bools. */
static py_obj *bool_and(py_obj *a, py_obj *b) {
  if (a->type == &py_bool_type && b->type == &py_bool_type)
    return py_bool_from(py_int_value(a) & py_int_value(b));
  return int_and(a, b);
}
static py_obj *bool_or(py_obj *a, py_obj *b) {
  if (a->type == &py_bool_type && b->type == &py_bool_type)
    return py_bool_from(py_int_value(a) | py_int_value(b));
  return int_or(a, b);
}
static py_obj *bool_xor(py_obj *a, py_obj *b) {
  if (a->type == &py_bool_type && b->type == &py_bool_type)
    return py_bool_from(py_int_value(a) ^ py_int_value(b));
  return int_xor(a, b);
}

/* --------------------------------------------------------------- parsing */

static bool is_space_cp(uint32_t c) { return py__uni_isspace(c); }

static py_obj *invalid_literal(const char *s, size_t n, int base) {
  py_obj *str = py_str_from_utf8(s, n);
  if (!str) return NULL;
  py_obj *r = py_repr(str);
  py_decref(str);
  if (!r) return NULL;
  py_err_format(&py_exc_ValueError, "invalid literal for int() with base %d: %.200s",
                base, py_str_utf8(r));
  py_decref(r);
  return NULL;
}

static int digit_value(uint32_t c) {
  if (c >= '0' && c <= '9') return (int)(c - '0');
  if (c >= 'a' && c <= 'z') return (int)(c - 'a' + 10);
  if (c >= 'A' && c <= 'Z') return (int)(c - 'A' + 10);
  if (c >= 0x80) return py__uni_decimal_value(c);
  return -1;
}

py_obj *py_int_from_cstr(const char *s, size_t n, int base) {
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  int orig_base = base;
  if (base != 0 && (base < 2 || base > 36))
    return py_err_set_str(&py_exc_ValueError,
                          "int() base must be >= 2 and <= 36, or 0");
  /* surrounding white space */
  while (p < end) {
    const unsigned char *q = p;
    if (!is_space_cp(py__utf8_next(&q))) break;
    p = q;
  }
  while (end > p) {
    const unsigned char *q = end - 1;
    while (q > p && (*q & 0xC0) == 0x80) q--;
    const unsigned char *r = q;
    if (!is_space_cp(py__utf8_next(&r))) break;
    end = q;
  }
  bool neg = false;
  if (p < end && (*p == '+' || *p == '-')) neg = *p++ == '-';
  bool prefixed = false;
  if (end - p >= 2 && p[0] == '0') {
    char c = (char)(p[1] | 0x20);
    int pb = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 0;
    if (pb && (base == 0 || base == pb)) {
      base = pb;
      p += 2;
      prefixed = true;
    }
  }
  bool zero_start = base == 0 && p < end && *p == '0';
  if (base == 0) base = 10;
  uint64_t acc = 0;
  bool any = false, overflowed = false, nonzero = false;
  bool prev_digit = false, after_prefix = prefixed, last_us = false;
  while (p < end) {
    if (*p == '_') {
      /* only between digits, or right after a base prefix */
      if (!prev_digit && !after_prefix) goto bad;
      prev_digit = after_prefix = false;
      last_us = true;
      p++;
      continue;
    }
    uint32_t c = py__utf8_next(&p);
    int d = digit_value(c);
    if (d < 0 || d >= base) goto bad;
    if (d) nonzero = true;
    if (!overflowed) {
      unsigned __int128 t = (unsigned __int128)acc * (unsigned)base + (unsigned)d;
      if (t > (unsigned __int128)INT64_MAX + 1) overflowed = true;
      else acc = (uint64_t)t;
    }
    any = prev_digit = true;
    after_prefix = last_us = false;
  }
  if (!any || last_us) goto bad;
  /* base 0: "010" is not an int literal (only zeros may lead) */
  if (zero_start && orig_base == 0 && nonzero) goto bad;
  if (overflowed || (!neg && acc > (uint64_t)INT64_MAX)) return overflow();
  return py_int_from(neg ? (int64_t)(0 - acc) : (int64_t)acc);
bad:
  return invalid_literal(s, n, orig_base);
}

py_obj *py_int_from_str(py_obj *s, int base) {
  return py_int_from_cstr(py_str_utf8(s), (size_t)py_str_size(s), base);
}

py_obj *py__int_from_double(double d) {
  if (isnan(d))
    return py_err_set_str(&py_exc_ValueError, "cannot convert float NaN to integer");
  if (isinf(d))
    return py_err_set_str(&py_exc_OverflowError,
                          "cannot convert float infinity to integer");
  double t = trunc(d);
  if (t >= 9223372036854775808.0 || t < -9223372036854775808.0) return overflow();
  return py_int_from((int64_t)t);
}

/* ----------------------------------------------------------- constructor */

static py_obj *int_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                       py_obj *kwnames) {
  static const char *const names[] = {"", "base"};
  py_obj *a[2];
  if (py_parse_args("int", args, nargs, kwnames, names, 2, 1, a) < 0) return NULL;
  if (!a[0]) {
    if (a[1])
      return py_err_set_str(&py_exc_TypeError, "int() missing string argument");
    return py_int_from(0);
  }
  if (!a[1]) return py_number_int(a[0]);
  int64_t base;
  if (py_index_value(a[1], &base) < 0) return NULL;
  if (!py_str_check(a[0]))
    return py_err_set_str(&py_exc_TypeError,
                          "int() can't convert non-string with explicit base");
  if (base != 0 && (base < 2 || base > 36))
    return py_err_set_str(&py_exc_ValueError,
                          "int() base must be >= 2 and <= 36, or 0");
  return py_int_from_str(a[0], (int)base);
}

static py_obj *bool_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                        py_obj *kwnames) {
  if (py_check_nokw("bool", kwnames) < 0) return NULL;
  if (nargs > 1)
    return py_err_format(&py_exc_TypeError, "bool expected at most 1 argument, got %zd",
                         nargs);
  if (nargs == 0) return py_bool_from(false);
  int r = py_is_true(args[0]);
  return r < 0 ? NULL : py_bool_from(r);
}

/* --------------------------------------------------------------- methods */

static py_obj *int_bit_length(py_obj *self, py_obj *const *args,
                              py_ssize_t nargs, py_obj *kw) {
  if (py_check_args("int.bit_length", nargs, 0, 0) < 0) return NULL;
  int64_t v = py_int_value(self);
  return py_int_from(bitlen(v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v));
}

static py_obj *int_bit_count(py_obj *self, py_obj *const *args,
                             py_ssize_t nargs, py_obj *kw) {
  if (py_check_args("int.bit_count", nargs, 0, 0) < 0) return NULL;
  int64_t v = py_int_value(self);
  return py_int_from(
      __builtin_popcountll(v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v));
}

static py_obj *int_conjugate(py_obj *self, py_obj *const *args,
                             py_ssize_t nargs, py_obj *kw) {
  return py_int_from(py_int_value(self));
}

static py_obj *int_as_integer_ratio(py_obj *self, py_obj *const *args,
                                    py_ssize_t nargs, py_obj *kw) {
  if (py_check_args("int.as_integer_ratio", nargs, 0, 0) < 0) return NULL;
  py_obj *n = py_int_from(py_int_value(self));
  if (!n) return NULL;
  py_obj *t = py_tuple_pack(2, n, &py__small_ints[1 - PY_SMALL_INT_MIN].ob);
  py_decref(n);
  return t;
}

/* round(int, ndigits): half to even at 10**-ndigits. */
static py_obj *int_round(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                         py_obj *kw) {
  if (py_check_args("__round__", nargs, 0, 1) < 0) return NULL;
  int64_t v = py_int_value(self);
  if (nargs == 0 || args[0] == py_None) return py_int_from(v);
  int64_t nd;
  if (py_index_value(args[0], &nd) < 0) return NULL;
  if (nd >= 0) return py_int_from(v);
  if (nd < -19) return py_int_from(0);
  __int128 pow10 = 1;
  for (int64_t i = 0; i < -nd; i++) pow10 *= 10;
  __int128 x = v, q = x / pow10, r = x % pow10;
  if (r < 0) {
    q--;
    r += pow10;
  }
  /* r in [0, pow10): round half to even */
  if (2 * r > pow10 || (2 * r == pow10 && (q & 1))) q++;
  __int128 res = q * pow10;
  if (res > INT64_MAX || res < INT64_MIN) return overflow();
  return py_int_from((int64_t)res);
}

static py_obj *int_trunc(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                         py_obj *kw) {
  return py_int_from(py_int_value(self));
}

static py_obj *int_format_method(py_obj *self, py_obj *const *args,
                                 py_ssize_t nargs, py_obj *kw) {
  if (py_check_args("__format__", nargs, 1, 1) < 0) return NULL;
  if (!py_str_check(args[0]))
    return py_err_format(&py_exc_TypeError,
                         "__format__() argument must be str, not %s",
                         py_type_name(args[0]));
  return py__int_format(self, args[0]);
}

static py_obj *int_get_real(py_obj *o) { return py_int_from(py_int_value(o)); }
static py_obj *int_get_zero(py_obj *o) { return py_int_from(0); }
static py_obj *int_get_one(py_obj *o) { return py_int_from(1); }

static const py_method_def int_methods[] = {
    {"bit_length", int_bit_length, 0},
    {"bit_count", int_bit_count, 0},
    {"conjugate", int_conjugate, 0},
    {"as_integer_ratio", int_as_integer_ratio, 0},
    {"__round__", int_round, 0},
    {"__trunc__", int_trunc, 0},
    {"__floor__", int_trunc, 0},
    {"__ceil__", int_trunc, 0},
    {"__format__", int_format_method, 0},
    {NULL, NULL, 0}};

static const py_getset_def int_getsets[] = {
    {"real", int_get_real, NULL},
    {"imag", int_get_zero, NULL},
    {"numerator", int_get_real, NULL},
    {"denominator", int_get_one, NULL},
    {NULL, NULL, NULL}};

py_type py_int_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "int",
    .flags = PY_TF_INT_SUB,
    .basicsize = sizeof(py_int),
    .new_ = int_new,
    .dealloc = int_dealloc,
    .repr = int_repr,
    .hash = int_hash,
    .richcompare = int_richcompare,
    .format = py__int_format,
    .nb = {
        [PY_OP_ADD] = int_add, [PY_OP_SUB] = int_sub, [PY_OP_MUL] = int_mul,
        [PY_OP_TRUEDIV] = int_truediv, [PY_OP_FLOORDIV] = int_floordiv,
        [PY_OP_MOD] = int_mod, [PY_OP_DIVMOD] = int_divmod,
        [PY_OP_POW] = int_pow, [PY_OP_LSHIFT] = int_lshift,
        [PY_OP_RSHIFT] = int_rshift, [PY_OP_AND] = int_and,
        [PY_OP_XOR] = int_xor, [PY_OP_OR] = int_or,
    },
    .nb_neg = int_neg,
    .nb_pos = int_pos,
    .nb_abs = int_abs,
    .nb_invert = int_invert,
    .nb_bool = int_bool,
    .nb_int = int_int,
    .nb_float = int_float,
    .nb_index = int_int,
    .methods = int_methods,
    .getsets = int_getsets,
};

static void bool_dealloc(py_obj *o) { (void)o; }

py_type py_bool_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "bool",
    .base = &py_int_type,
    .basicsize = sizeof(py_int),
    .new_ = bool_new,
    .dealloc = bool_dealloc,
    .repr = bool_repr,
    .nb = {[PY_OP_AND] = bool_and, [PY_OP_XOR] = bool_xor, [PY_OP_OR] = bool_or},
};
