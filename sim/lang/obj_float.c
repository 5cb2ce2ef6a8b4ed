/* obj_float.c: float: Python's repr (shortest round trip), its formatting
 * core (CPython's PyOS_double_to_string), arithmetic with Python's signs,
 * round() with half-to-even, and float() parsing. */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>

#include "object_int.h"

/* ------------------------------------------------------------ free list */

#define FLOAT_FREELIST_MAX 256
static py_float *float_freelist[FLOAT_FREELIST_MAX];
static int float_nfree;

py_obj *py_float_from(double v) {
  py_float *f;
  if (float_nfree > 0) {
    f = float_freelist[--float_nfree];
  } else {
    f = py_mem_alloc(sizeof *f);
    if (!f) return NULL;
  }
  f->ob.refcnt = 1;
  f->ob.type = &py_float_type;
  f->value = v;
  return &f->ob;
}

static void float_dealloc(py_obj *o) {
  if (o->type == &py_float_type && float_nfree < FLOAT_FREELIST_MAX) {
    float_freelist[float_nfree++] = (py_float *)o;
    return;
  }
  py_mem_free(o, sizeof(py_float));
}

void py__float_fini(void) {
  while (float_nfree > 0) py_mem_free(float_freelist[--float_nfree], sizeof(py_float));
}

/* ------------------------------------------------------- decimal digits */

/* printf and strtod follow LC_NUMERIC; Python's floats never do. */
static locale_t c_locale(void) {
  static locale_t loc;
  if (!loc) loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
  return loc;
}

static double c_strtod(const char *s, char **end) {
  locale_t loc = c_locale();
  return loc ? strtod_l(s, end, loc) : strtod(s, end);
}

/* "%.{prec}e" of x >= 0 split into its digits (no point) and the exponent.
 * Returns the digit count. */
static int sci_digits(double x, int prec, char *digits, size_t cap, int *exp10) {
  char small[64];
  char *buf = small;
  size_t need = (size_t)prec + 32;
  if (need > sizeof small) {
    buf = malloc(need);
    if (!buf) return -1;
  }
  locale_t loc = c_locale(), old = loc ? uselocale(loc) : (locale_t)0;
  snprintf(buf, need, "%.*e", prec, x);
  if (loc) uselocale(old);
  int n = 0;
  const char *p = buf;
  for (; *p && *p != 'e'; p++)
    if (*p >= '0' && *p <= '9' && (size_t)n < cap) digits[n++] = *p;
  *exp10 = *p == 'e' ? atoi(p + 1) : 0;
  if (buf != small) free(buf);
  return n;
}

static bool round_trips(const char *digits, int n, int exp10, double x) {
  char buf[64];
  int k = snprintf(buf, sizeof buf, "%.1s.%.*se%d", digits, n - 1, digits + 1, exp10);
  (void)k;
  return c_strtod(buf, NULL) == x;
}

/* The fast path of shortest_digits for values with few decimals (0.5,
 * 3.14, 100.0): the first k for which some integer m makes m / 10**k read
 * back as x. With m < 2**53 and k <= 22 both are exact, so the division
 * rounds once, exactly as reading the decimal back does. It only answers
 * while 10**-k is coarser than x's ulp, where at most one such decimal can
 * exist, so the answer is also the closest. -1: use the slow path. */
static int short_decimal_digits(double x, char *digits, int *decpt) {
  if (!(x >= 1e-5 && x < 1e15)) return -1;
  int e2;
  frexp(x, &e2);
  double ulp = ldexp(1.0, e2 - 53);
  double p10 = 1.0;
  for (int k = 0; k <= 17; k++, p10 *= 10.0) {
    if (1.0 / p10 <= ulp) return -1;
    double y = x * p10;
    if (y >= 4503599627370496.0) return -1;
    int64_t m = (int64_t)llrint(y);
    for (int d = 0; d < 3; d++) {
      int64_t mm = m + (d == 0 ? 0 : d == 1 ? -1 : 1);
      if (mm <= 0 || (double)mm / p10 != x) continue;
      char buf[24];
      int n = snprintf(buf, sizeof buf, "%" PRId64, mm);
      *decpt = n - k;
      while (n > 1 && buf[n - 1] == '0') n--;
      memcpy(digits, buf, (size_t)n);
      return n;
    }
  }
  return -1;
}

/* The shortest digits that read back as x (> 0, finite), and among those
 * the closest to x: Python's repr (David Gay's mode 0). decpt is where the
 * point goes: value = 0.DIGITS * 10**decpt. */
static int shortest_digits(double x, char *digits, int *decpt) {
  int exp10 = 0, n = 0;
  if ((n = short_decimal_digits(x, digits, decpt)) > 0) return n;
  /* A normal double is the nearest to any decimal of 15 or fewer digits
   * that reads back as it (DBL_DIG), so "%.14e" already gives the shortest
   * when one that short exists. Subnormals have fewer bits: search up from
   * one digit. */
  bool subnormal = x < DBL_MIN;
  for (int prec = subnormal ? 1 : 15; prec <= 17; prec++) {
    n = sci_digits(x, prec - 1, digits, 24, &exp10);
    if (round_trips(digits, n, exp10, x)) goto done;
    if (prec == 17) goto done;   /* 17 digits always read back */
    if (prec < 16 && !subnormal) continue;
    /* At a power of two the rounding interval is lopsided: the nearest
     * decimal may miss while its neighbour on the wide side hits. */
    char buf[64];
    snprintf(buf, sizeof buf, "%.1s.%.*se%d", digits, n - 1, digits + 1, exp10);
    bool below = c_strtod(buf, NULL) < x;
    uint64_t m = 0;
    for (int i = 0; i < n; i++) m = m * 10 + (uint64_t)(digits[i] - '0');
    m = below ? m + 1 : m - 1;
    char nd[24];
    int nn = snprintf(nd, sizeof nd, "%" PRIu64, m);
    int e2 = exp10 + (nn - n);
    if (nn == n + 1 || nn == n - 1 || nn == n) {
      if (nn > n) nn = n;   /* 99..9+1 = 100..0: drop the extra zero */
      if (round_trips(nd, nn, e2, x)) {
        memcpy(digits, nd, (size_t)nn);
        n = nn;
        exp10 = e2;
        goto done;
      }
    }
  }
done:
  while (n > 1 && digits[n - 1] == '0') n--;
  *decpt = exp10 + 1;
  return n;
}

/* Digits of x (> 0, finite) for mode 2 (nd significant digits) or mode 3
 * (nd digits after the point), trailing zeros removed; may be empty (mode
 * 3, rounds to zero). *out is malloc'd. */
static int fixed_digits(double x, int mode, int nd, char **out, int *decpt) {
  if (mode == 2) {
    char *d = malloc((size_t)nd + 8);
    if (!d) return -1;
    int exp10;
    int n = sci_digits(x, nd - 1, d, (size_t)nd + 8, &exp10);
    if (n < 0) {
      free(d);
      return -1;
    }
    while (n > 1 && d[n - 1] == '0') n--;
    *decpt = exp10 + 1;
    *out = d;
    return n;
  }
  size_t need = (size_t)nd + 340;
  char *buf = malloc(need);
  char *d = malloc(need);
  if (!buf || !d) {
    free(buf);
    free(d);
    return -1;
  }
  locale_t loc = c_locale(), old = loc ? uselocale(loc) : (locale_t)0;
  snprintf(buf, need, "%.*f", nd, x);
  if (loc) uselocale(old);
  int n = 0, intdigits = 0;
  bool seen_point = false, leading = true;
  int lead_frac_zeros = 0;
  for (const char *p = buf; *p; p++) {
    if (*p < '0' || *p > '9') {
      seen_point = true;
      continue;
    }
    if (!seen_point) intdigits++;
    if (leading && *p == '0') {
      if (seen_point) lead_frac_zeros++;
      else intdigits--;
      continue;
    }
    leading = false;
    d[n++] = *p;
  }
  free(buf);
  while (n > 0 && d[n - 1] == '0') n--;
  if (n == 0) *decpt = -nd;
  else *decpt = intdigits > 0 ? intdigits : -lead_frac_zeros;
  *out = d;
  return n;
}

/* CPython's format_float_short, written against the digit generators
 * above. code: 'e', 'f', 'g' or 'r'. */
int py__double_to_buf(py_buf *b, double x, char code, int prec, int flags,
                      bool upper) {
  bool neg = signbit(x) != 0;
  if (isnan(x)) {
    if (flags & PY__DTS_SIGN) py__buf_putc(b, '+');
    return py__buf_puts(b, upper ? "NAN" : "nan");
  }
  if (isinf(x)) {
    if (neg) py__buf_putc(b, '-');
    else if (flags & PY__DTS_SIGN) py__buf_putc(b, '+');
    return py__buf_puts(b, upper ? "INF" : "inf");
  }
  int mode;
  switch (code) {
    case 'e': mode = 2; prec++; break;
    case 'f': mode = 3; break;
    case 'g': mode = 2; if (prec == 0) prec = 1; break;
    default: mode = 0; prec = 0; break;
  }
  double ax = fabs(x);
  char sbuf[32];
  char *digits = sbuf, *heap = NULL;
  int nd, decpt;
  if (ax == 0.0) {
    sbuf[0] = '0';
    nd = 1;
    decpt = 1;
  } else if (mode == 0) {
    nd = shortest_digits(ax, sbuf, &decpt);
  } else {
    nd = fixed_digits(ax, mode, prec, &heap, &decpt);
    if (nd < 0) {
      py_err_no_memory();
      return -1;
    }
    digits = heap;
  }
  if ((flags & PY__DTS_NO_NEG_0) && neg &&
      (nd == 0 || (nd == 1 && digits[0] == '0')))
    neg = false;
  bool add_dot_0 = (flags & PY__DTS_ADD_DOT_0) != 0;
  bool alt = (flags & PY__DTS_ALT) != 0;
  bool use_exp = false;
  int vend = nd, exp10 = 0;
  switch (code) {
    case 'e': use_exp = true; vend = prec; break;
    case 'f': vend = decpt + prec; break;
    case 'g':
      if (decpt <= -4 || decpt > (add_dot_0 ? prec - 1 : prec)) use_exp = true;
      if (alt) vend = prec;
      break;
    default:
      if (decpt <= -4 || decpt > 16) use_exp = true;
      break;
  }
  if (use_exp) {
    exp10 = decpt - 1;
    decpt = 1;
  }
  int vstart = decpt <= 0 ? decpt - 1 : 0;
  if (!use_exp && add_dot_0)
    vend = vend > decpt ? vend : decpt + 1;
  else
    vend = vend > decpt ? vend : decpt;
  size_t start = b->n;
  int rc = 0;
  if (neg) rc |= py__buf_putc(b, '-');
  else if (flags & PY__DTS_SIGN) rc |= py__buf_putc(b, '+');
  if (decpt <= 0) {
    rc |= py__buf_fill(b, "0", 1, decpt - vstart);
    rc |= py__buf_putc(b, '.');
    rc |= py__buf_fill(b, "0", 1, -decpt);
  } else {
    rc |= py__buf_fill(b, "0", 1, -vstart);
  }
  if (0 < decpt && decpt <= nd) {
    rc |= py__buf_put(b, digits, (size_t)decpt);
    rc |= py__buf_putc(b, '.');
    rc |= py__buf_put(b, digits + decpt, (size_t)(nd - decpt));
  } else {
    rc |= py__buf_put(b, digits, (size_t)nd);
  }
  if (nd < decpt) {
    rc |= py__buf_fill(b, "0", 1, decpt - nd);
    rc |= py__buf_putc(b, '.');
    rc |= py__buf_fill(b, "0", 1, vend - decpt);
  } else {
    rc |= py__buf_fill(b, "0", 1, vend - nd);
  }
  free(heap);
  if (rc) return -1;
  if (b->n > start && b->p[b->n - 1] == '.' && !alt) b->n--;
  if (use_exp) {
    char e[16];
    snprintf(e, sizeof e, "%c%+.02d", upper ? 'E' : 'e', exp10);
    if (py__buf_puts(b, e) < 0) return -1;
  }
  return 0;
}

int py_float_repr_buf(double v, char *out, size_t n) {
  py_buf b;
  py__buf_init(&b);
  if (py__double_to_buf(&b, v, 'r', 0, PY__DTS_ADD_DOT_0, false) < 0) {
    py__buf_free(&b);
    py_err_clear();
    return snprintf(out, n, "%.17g", v);
  }
  int len = snprintf(out, n, "%.*s", (int)b.n, b.p);
  py__buf_free(&b);
  return len;
}

static py_obj *float_repr(py_obj *o) {
  char buf[40];
  int n = py_float_repr_buf(py_float_value(o), buf, sizeof buf);
  return py__str_from_ascii(buf, (size_t)n);
}

/* --------------------------------------------------------------- hashing */

#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)
#define HASH_INF 314159

py_hash_t py_hash_double(py_obj *inst, double v) {
  if (!isfinite(v)) {
    if (isinf(v)) return v > 0 ? HASH_INF : -HASH_INF;
    return inst ? py__object_hash(inst) : 0;
  }
  int e;
  double m = frexp(v, &e);
  int sign = 1;
  if (m < 0) {
    sign = -1;
    m = -m;
  }
  uint64_t x = 0, y;
  while (m) {
    x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
    m *= 268435456.0;
    e -= 28;
    y = (uint64_t)m;
    m -= (double)y;
    x += y;
    if (x >= HASH_MODULUS) x -= HASH_MODULUS;
  }
  e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
  x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
  x = x * (uint64_t)(int64_t)sign;
  if (x == (uint64_t)-1) x = (uint64_t)-2;
  return (py_hash_t)x;
}

static py_hash_t float_hash(py_obj *o) { return py_hash_double(o, py_float_value(o)); }

/* ------------------------------------------------------------ comparison */

bool py__int_float_compare(int64_t i, double d, int op) {
  if (isnan(d)) return op == PY_NE;
  long double a = (long double)i, b = (long double)d;
  switch (op) {
    case PY_LT: return a < b;
    case PY_LE: return a <= b;
    case PY_EQ: return a == b;
    case PY_NE: return a != b;
    case PY_GT: return a > b;
    default: return a >= b;
  }
}

static py_obj *float_richcompare(py_obj *a, py_obj *b, int op) {
  static const int swapped[6] = {PY_GT, PY_GE, PY_EQ, PY_NE, PY_LT, PY_LE};
  double x;
  bool r;
  if (!py_float_check(a)) {
    /* reflected: b is the float */
    if (!py_int_check(a)) return py_newref(py_NotImplemented);
    return py_bool_from(py__int_float_compare(py_int_value(a), py_float_value(b), op));
  }
  x = py_float_value(a);
  if (py_float_check(b)) {
    double y = py_float_value(b);
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
  if (py_int_check(b))
    return py_bool_from(py__int_float_compare(py_int_value(b), x, swapped[op]));
  return py_newref(py_NotImplemented);
}

/* ------------------------------------------------------------ arithmetic */

static int to_double(py_obj *o, double *out) {
  if (py_float_check(o)) {
    *out = py_float_value(o);
    return 1;
  }
  if (py_int_check(o)) {
    *out = (double)py_int_value(o);
    return 1;
  }
  return 0;
}

#define CONVERT(o, v) \
  if (!to_double(o, &v)) return py_newref(py_NotImplemented)

static py_obj *float_add(py_obj *a, py_obj *b) {
  double x, y;
  CONVERT(a, x);
  CONVERT(b, y);
  return py_float_from(x + y);
}
static py_obj *float_sub(py_obj *a, py_obj *b) {
  double x, y;
  CONVERT(a, x);
  CONVERT(b, y);
  return py_float_from(x - y);
}
static py_obj *float_mul(py_obj *a, py_obj *b) {
  double x, y;
  CONVERT(a, x);
  CONVERT(b, y);
  return py_float_from(x * y);
}
static py_obj *float_truediv(py_obj *a, py_obj *b) {
  double x, y;
  CONVERT(a, x);
  CONVERT(b, y);
  if (y == 0.0) return py_err_set_str(&py_exc_ZeroDivisionError, "float division by zero");
  return py_float_from(x / y);
}

static double float_mod_raw(double vx, double wx) {
  double mod = fmod(vx, wx);
  if (mod) {
    if ((wx < 0) != (mod < 0)) mod += wx;
  } else {
    mod = copysign(0.0, wx);
  }
  return mod;
}

static void float_divmod_raw(double vx, double wx, double *floordiv, double *mod) {
  double div;
  *mod = fmod(vx, wx);
  div = (vx - *mod) / wx;
  if (*mod) {
    if ((wx < 0) != (*mod < 0)) {
      *mod += wx;
      div -= 1.0;
    }
  } else {
    *mod = copysign(0.0, wx);
  }
  if (div) {
    *floordiv = floor(div);
    if (div - *floordiv > 0.5) *floordiv += 1.0;
  } else {
    *floordiv = copysign(0.0, vx / wx);
  }
}

static py_obj *float_floordiv(py_obj *a, py_obj *b) {
  double x, y, q, r;
  CONVERT(a, x);
  CONVERT(b, y);
  if (y == 0.0)
    return py_err_set_str(&py_exc_ZeroDivisionError, "float floor division by zero");
  float_divmod_raw(x, y, &q, &r);
  return py_float_from(q);
}

static py_obj *float_mod(py_obj *a, py_obj *b) {
  double x, y;
  CONVERT(a, x);
  CONVERT(b, y);
  if (y == 0.0) return py_err_set_str(&py_exc_ZeroDivisionError, "float modulo");
  return py_float_from(float_mod_raw(x, y));
}

static py_obj *float_divmod(py_obj *a, py_obj *b) {
  double x, y, q, r;
  CONVERT(a, x);
  CONVERT(b, y);
  if (y == 0.0) return py_err_set_str(&py_exc_ZeroDivisionError, "float divmod()");
  float_divmod_raw(x, y, &q, &r);
  py_obj *qo = py_float_from(q), *ro = py_float_from(r);
  py_obj *t = qo && ro ? py_tuple_pack(2, qo, ro) : NULL;
  py_xdecref(qo);
  py_xdecref(ro);
  return t;
}

static bool is_odd_integer(double x) { return fmod(fabs(x), 2.0) == 1.0; }

/* CPython's float_pow, case by case. */
py_obj *py__float_pow(double iv, double iw) {
  bool negate = false;
  if (iw == 0) return py_float_from(1.0);
  if (isnan(iv)) return py_float_from(iv);
  if (isnan(iw)) return py_float_from(iv == 1.0 ? 1.0 : iw);
  if (isinf(iw)) {
    iv = fabs(iv);
    if (iv == 1.0) return py_float_from(1.0);
    if ((iw > 0.0) == (iv > 1.0)) return py_float_from(fabs(iw));
    return py_float_from(0.0);
  }
  if (isinf(iv)) {
    bool odd = is_odd_integer(iw);
    if (iw > 0.0) return py_float_from(odd ? iv : fabs(iv));
    return py_float_from(odd ? copysign(0.0, iv) : 0.0);
  }
  if (iv == 0.0) {
    bool odd = is_odd_integer(iw);
    if (iw < 0.0)
      return py_err_set_str(&py_exc_ZeroDivisionError,
                            "0.0 cannot be raised to a negative power");
    return py_float_from(odd ? iv : 0.0);
  }
  if (iv < 0.0) {
    if (iw != floor(iw))
      return py_err_set_str(&py_exc_NotImplementedError,
                            "complex numbers are not supported (a negative "
                            "number raised to a fractional power)");
    iv = -iv;
    negate = is_odd_integer(iw);
  }
  if (iv == 1.0) return py_float_from(negate ? -1.0 : 1.0);
  errno = 0;
  double ix = pow(iv, iw);
  if (errno == 0 && isinf(ix)) errno = ERANGE;
  else if (errno == ERANGE && ix == 0.0) errno = 0;
  if (negate) ix = -ix;
  if (errno) {
    py_obj *code = py_int_from(errno == ERANGE ? ERANGE : EDOM);
    py_obj *msg = py_str_from_cstr(errno == ERANGE ? "Numerical result out of range"
                                                   : "Numerical argument out of domain");
    if (code && msg) {
      py_obj *args[2] = {code, msg};
      py_obj *e = py_exc_new(errno == ERANGE ? &py_exc_OverflowError : &py_exc_ValueError,
                             args, 2);
      if (e) py_err_restore(e);
    }
    py_xdecref(code);
    py_xdecref(msg);
    return NULL;
  }
  return py_float_from(ix);
}

static py_obj *float_pow(py_obj *a, py_obj *b) {
  double x, y;
  CONVERT(a, x);
  CONVERT(b, y);
  return py__float_pow(x, y);
}

static py_obj *float_neg(py_obj *o) { return py_float_from(-py_float_value(o)); }
static py_obj *float_pos(py_obj *o) { return py_float_from(py_float_value(o)); }
static py_obj *float_abs(py_obj *o) { return py_float_from(fabs(py_float_value(o))); }
static int float_bool(py_obj *o) { return py_float_value(o) != 0.0; }
static py_obj *float_int(py_obj *o) { return py__int_from_double(py_float_value(o)); }
static py_obj *float_float(py_obj *o) {
  return o->type == &py_float_type ? py_newref(o) : py_float_from(py_float_value(o));
}

int py_float_as_double(py_obj *o, double *out) {
  if (py_float_check(o)) {
    *out = py_float_value(o);
    return 0;
  }
  if (py_int_check(o)) {
    *out = (double)py_int_value(o);
    return 0;
  }
  if (o->type->nb_float) {
    py_obj *f = o->type->nb_float(o);
    if (!f) return -1;
    *out = py_float_value(f);
    py_decref(f);
    return 0;
  }
  if (o->type->nb_index) {
    int64_t v;
    if (py_index_value(o, &v) < 0) return -1;
    *out = (double)v;
    return 0;
  }
  py_err_format(&py_exc_TypeError, "must be real number, not %s", py_type_name(o));
  return -1;
}

/* ----------------------------------------------------------------- round */

/* round(x, nd) as CPython: round to a decimal string, read it back. */
static py_obj *double_round(double x, int64_t nd) {
  const int64_t ndigits_max = (int64_t)((DBL_MANT_DIG - DBL_MIN_EXP) * 0.30103);
  const int64_t ndigits_min = -(int64_t)((DBL_MAX_EXP + 1) * 0.30103);
  if (!isfinite(x) || x == 0.0) return py_float_from(x);
  if (nd > ndigits_max) return py_float_from(x);
  if (nd < ndigits_min) return py_float_from(0.0 * x);
  char *buf = malloc((size_t)(nd > 0 ? nd : 0) + 400);
  if (!buf) return py_err_no_memory();
  double ax = fabs(x), r;
  if (nd >= 0) {
    locale_t loc = c_locale(), old = loc ? uselocale(loc) : (locale_t)0;
    snprintf(buf, (size_t)nd + 400, "%.*f", (int)nd, ax);
    if (loc) uselocale(old);
    r = c_strtod(buf, NULL);
  } else {
    char d[80];
    int e;
    sci_digits(ax, 60, d, sizeof d, &e);
    int64_t sig = (int64_t)e + 1 + nd;
    if (sig > 0) {
      char dd[40];
      int n = sci_digits(ax, (int)sig - 1, dd, sizeof dd, &e);
      snprintf(buf, 400, "%.1s.%.*se%d", dd, n - 1, dd + 1, e);
      r = c_strtod(buf, NULL);
    } else if (sig == 0) {
      /* |x| < 10**-nd: it rounds to 0 or to 10**-nd, ties to 0 */
      bool up = d[0] > '5';
      if (d[0] == '5')
        for (int i = 1; i < 61; i++)
          if (d[i] != '0') up = true;
      snprintf(buf, 400, "1e%d", (int)-nd);
      r = up ? c_strtod(buf, NULL) : 0.0;
    } else {
      r = 0.0;
    }
  }
  free(buf);
  r = copysign(r, x);
  if (isinf(r))
    return py_err_set_str(&py_exc_OverflowError, "rounded value too large to represent");
  return py_float_from(r);
}

static py_obj *float_round(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                           py_obj *kw) {
  if (py_check_args("__round__", nargs, 0, 1) < 0) return NULL;
  double x = py_float_value(self);
  if (nargs == 0 || args[0] == py_None) {
    double rounded = round(x);
    if (fabs(x - rounded) == 0.5) rounded = 2.0 * round(x / 2.0);
    return py__int_from_double(rounded);
  }
  int64_t nd;
  if (py_index_value(args[0], &nd) < 0) return NULL;
  return double_round(x, nd);
}

/* --------------------------------------------------------------- parsing */

static py_obj *float_parse_error(py_obj *s) {
  py_obj *r = py_repr(s);
  if (!r) return NULL;
  py_err_format(&py_exc_ValueError, "could not convert string to float: %s",
                py_str_utf8(r));
  py_decref(r);
  return NULL;
}

py_obj *py_float_from_str(py_obj *s) {
  const unsigned char *p = (const unsigned char *)py_str_utf8(s);
  const unsigned char *end = p + py_str_size(s);
  while (p < end) {
    const unsigned char *q = p;
    if (!py__uni_isspace(py__utf8_next(&q))) break;
    p = q;
  }
  while (end > p) {
    const unsigned char *q = end - 1;
    while (q > p && (*q & 0xC0) == 0x80) q--;
    const unsigned char *r = q;
    if (!py__uni_isspace(py__utf8_next(&r))) break;
    end = q;
  }
  /* copy as ASCII: decimal digits of any script become 0-9; underscores
   * only between digits */
  size_t n = (size_t)(end - p);
  char small[128];
  char *buf = n + 1 <= sizeof small ? small : malloc(n + 1);
  if (!buf) return py_err_no_memory();
  size_t k = 0;
  bool ok = n > 0, prev_digit = false;
  while (p < end && ok) {
    uint32_t c = py__utf8_next(&p);
    int dv = c >= 0x80 ? py__uni_decimal_value(c) : -1;
    if (c == '_') {
      bool next_digit = p < end && ((*p >= '0' && *p <= '9') ||
                                    (*p >= 0x80));
      if (!prev_digit || !next_digit) ok = false;
      prev_digit = false;
      continue;
    }
    if (dv >= 0) c = (uint32_t)('0' + dv);
    if (c >= 0x80) {
      ok = false;
      break;
    }
    buf[k++] = (char)c;
    prev_digit = c >= '0' && c <= '9';
  }
  buf[k] = 0;
  double v = 0;
  if (ok) {
    /* Only Python's forms: [sign] (digits [. digits] | . digits) [exp], or
     * inf / infinity / nan in any case. strtod also takes hex and "nan(..)". */
    const char *q = buf;
    if (*q == '+' || *q == '-') q++;
    if (strcasecmp(q, "inf") == 0 || strcasecmp(q, "infinity") == 0) {
      v = buf[0] == '-' ? -INFINITY : INFINITY;
    } else if (strcasecmp(q, "nan") == 0) {
      v = buf[0] == '-' ? -NAN : NAN;
    } else {
      int digits = 0;
      while (*q >= '0' && *q <= '9') q++, digits++;
      if (*q == '.') {
        q++;
        while (*q >= '0' && *q <= '9') q++, digits++;
      }
      if (!digits) ok = false;
      if (ok && (*q == 'e' || *q == 'E')) {
        q++;
        if (*q == '+' || *q == '-') q++;
        if (!(*q >= '0' && *q <= '9')) ok = false;
        while (*q >= '0' && *q <= '9') q++;
      }
      if (ok && *q) ok = false;
      if (ok) v = c_strtod(buf, NULL);
    }
  }
  if (buf != small) free(buf);
  if (!ok) return float_parse_error(s);
  return py_float_from(v);
}

/* ----------------------------------------------------------- constructor */

static py_obj *float_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                         py_obj *kwnames) {
  if (py_check_nokw("float", kwnames) < 0) return NULL;
  if (nargs > 1)
    return py_err_format(&py_exc_TypeError, "float expected at most 1 argument, got %zd",
                         nargs);
  if (nargs == 0) return py_float_from(0.0);
  return py_number_float(args[0]);
}

/* --------------------------------------------------------------- methods */

static py_obj *float_is_integer(py_obj *self, py_obj *const *args,
                                py_ssize_t nargs, py_obj *kw) {
  if (py_check_args("float.is_integer", nargs, 0, 0) < 0) return NULL;
  double x = py_float_value(self);
  return py_bool_from(isfinite(x) && floor(x) == x);
}

static py_obj *float_as_integer_ratio(py_obj *self, py_obj *const *args,
                                      py_ssize_t nargs, py_obj *kw) {
  if (py_check_args("float.as_integer_ratio", nargs, 0, 0) < 0) return NULL;
  double x = py_float_value(self);
  if (isinf(x))
    return py_err_set_str(&py_exc_OverflowError,
                          "cannot convert Infinity to integer ratio");
  if (isnan(x))
    return py_err_set_str(&py_exc_ValueError, "cannot convert NaN to integer ratio");
  int e;
  double m = frexp(x, &e);
  for (int i = 0; i < 300 && m != floor(m); i++) {
    m *= 2.0;
    e--;
  }
  /* x == m * 2**e with m an integer */
  if (fabs(m) >= 9223372036854775808.0)
    return py_err_set_str(&py_exc_OverflowError, PY_INT_OVERFLOW_MSG);
  int64_t num = (int64_t)m, den = 1;
  if (e > 0) {
    if (e >= 63 || (num != 0 && (num > (INT64_MAX >> e) || num < (INT64_MIN >> e))))
      return py_err_set_str(&py_exc_OverflowError, PY_INT_OVERFLOW_MSG);
    num = (int64_t)((uint64_t)num << e);
  } else if (e < 0) {
    while (e < 0 && (num & 1) == 0 && num != 0) {
      num /= 2;
      e++;
    }
    if (-e >= 63) return py_err_set_str(&py_exc_OverflowError, PY_INT_OVERFLOW_MSG);
    den = (int64_t)1 << -e;
  }
  py_obj *a = py_int_from(num), *b = py_int_from(den);
  py_obj *t = a && b ? py_tuple_pack(2, a, b) : NULL;
  py_xdecref(a);
  py_xdecref(b);
  return t;
}

static py_obj *float_conjugate(py_obj *self, py_obj *const *args,
                               py_ssize_t nargs, py_obj *kw) {
  return float_float(self);
}

static py_obj *float_trunc(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                           py_obj *kw) {
  return py__int_from_double(py_float_value(self));
}

static py_obj *float_floor(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                           py_obj *kw) {
  return py__int_from_double(floor(py_float_value(self)));
}

static py_obj *float_ceil(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                          py_obj *kw) {
  return py__int_from_double(ceil(py_float_value(self)));
}

static py_obj *float_format_method(py_obj *self, py_obj *const *args,
                                   py_ssize_t nargs, py_obj *kw) {
  if (py_check_args("__format__", nargs, 1, 1) < 0) return NULL;
  if (!py_str_check(args[0]))
    return py_err_format(&py_exc_TypeError,
                         "__format__() argument must be str, not %s",
                         py_type_name(args[0]));
  return py__float_format(self, args[0]);
}

static py_obj *float_get_real(py_obj *o) { return float_float(o); }
static py_obj *float_get_imag(py_obj *o) { return py_float_from(0.0); }

static const py_method_def float_methods[] = {
    {"is_integer", float_is_integer, 0},
    {"as_integer_ratio", float_as_integer_ratio, 0},
    {"conjugate", float_conjugate, 0},
    {"__round__", float_round, 0},
    {"__trunc__", float_trunc, 0},
    {"__floor__", float_floor, 0},
    {"__ceil__", float_ceil, 0},
    {"__format__", float_format_method, 0},
    {NULL, NULL, 0}};

static const py_getset_def float_getsets[] = {
    {"real", float_get_real, NULL},
    {"imag", float_get_imag, NULL},
    {NULL, NULL, NULL}};

py_type py_float_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "float",
    .basicsize = sizeof(py_float),
    .new_ = float_new,
    .dealloc = float_dealloc,
    .repr = float_repr,
    .hash = float_hash,
    .richcompare = float_richcompare,
    .format = py__float_format,
    .nb = {
        [PY_OP_ADD] = float_add, [PY_OP_SUB] = float_sub, [PY_OP_MUL] = float_mul,
        [PY_OP_TRUEDIV] = float_truediv, [PY_OP_FLOORDIV] = float_floordiv,
        [PY_OP_MOD] = float_mod, [PY_OP_DIVMOD] = float_divmod,
        [PY_OP_POW] = float_pow,
    },
    .nb_neg = float_neg,
    .nb_pos = float_pos,
    .nb_abs = float_abs,
    .nb_bool = float_bool,
    .nb_int = float_int,
    .nb_float = float_float,
    .methods = float_methods,
    .getsets = float_getsets,
};
