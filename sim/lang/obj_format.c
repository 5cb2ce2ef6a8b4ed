/* obj_format.c: the format-spec mini-language for int, float and str,
 * printf-style % formatting, and str.format, with CPython 3.11's output and
 * error messages. */
#include <math.h>

#include "object_int.h"

/* ------------------------------------------------------------ the spec */

typedef struct fmtspec {
  uint32_t fill;
  char align;        /* '<' '>' '^' '=' */
  char sign;         /* 0 '+' '-' ' ' */
  bool no_neg_0;     /* 'z' */
  bool alt;          /* '#' */
  char grouping;     /* 0 ',' '_' */
  int64_t width;     /* -1: none */
  int64_t precision; /* -1: none */
  uint32_t type;     /* 0: none */
} fmtspec;

static bool is_align(uint32_t c) { return c == '<' || c == '>' || c == '^' || c == '='; }

/* Digits at *pp: the count consumed (0: none), -1 on overflow. */
static int read_int(const unsigned char **pp, const unsigned char *end, int64_t *out) {
  int n = 0;
  int64_t v = 0;
  while (*pp < end && **pp >= '0' && **pp <= '9') {
    if (v > (INT64_MAX - 9) / 10) {
      py_err_set_str(&py_exc_ValueError, "Too many decimal digits in format string");
      return -1;
    }
    v = v * 10 + (**pp - '0');
    (*pp)++;
    n++;
  }
  *out = v;
  return n;
}

static void bad_grouping(char g, uint32_t type) {
  if (type > 32 && type < 128)
    py_err_format(&py_exc_ValueError, "Cannot specify '%c' with '%c'.", g, (char)type);
  else
    py_err_format(&py_exc_ValueError, "Cannot specify '%c' with '\\x%x'.", g,
                  (unsigned)type);
}

/* CPython's parse_internal_render_format_spec. default_align: '>' for
 * numbers, '<' for str. */
static int parse_spec(py_obj *obj, py_obj *spec, char default_type,
                      char default_align, fmtspec *f) {
  const unsigned char *start = (const unsigned char *)py_str_utf8(spec);
  const unsigned char *p = start, *end = p + py_str_size(spec);
  *f = (fmtspec){.fill = ' ', .align = default_align, .width = -1, .precision = -1};
  bool fill_given = false, align_given = false;
  if (p < end) {
    const unsigned char *q = p;
    uint32_t c0 = py__utf8_next(&q);
    if (q < end && is_align(*q)) {
      f->fill = c0;
      f->align = (char)*q;
      fill_given = align_given = true;
      p = q + 1;
    } else if (is_align(c0)) {
      f->align = (char)c0;
      align_given = true;
      p = q;
    }
  }
  if (p < end && (*p == '+' || *p == '-' || *p == ' ')) f->sign = (char)*p++;
  if (p < end && *p == 'z') {
    f->no_neg_0 = true;
    p++;
  }
  if (p < end && *p == '#') {
    f->alt = true;
    p++;
  }
  if (!fill_given && p < end && *p == '0') {
    f->fill = '0';
    if (!align_given && default_align == '>') f->align = '=';
    p++;
  }
  int n = read_int(&p, end, &f->width);
  if (n < 0) return -1;
  if (n == 0) f->width = -1;
  if (p < end && *p == ',') {
    f->grouping = ',';
    p++;
  }
  if (p < end && *p == '_') {
    if (f->grouping) {
      py_err_set_str(&py_exc_ValueError, "Cannot specify both ',' and '_'.");
      return -1;
    }
    f->grouping = '_';
    p++;
  }
  if (p < end && *p == ',' && f->grouping == '_') {
    py_err_set_str(&py_exc_ValueError, "Cannot specify both ',' and '_'.");
    return -1;
  }
  if (p < end && *p == '.') {
    p++;
    n = read_int(&p, end, &f->precision);
    if (n < 0) return -1;
    if (n == 0) {
      py_err_set_str(&py_exc_ValueError, "Format specifier missing precision");
      return -1;
    }
  }
  if (p < end) {
    const unsigned char *q = p;
    uint32_t t = py__utf8_next(&q);
    if (q < end) {
      py_err_format(&py_exc_ValueError,
                    "Invalid format specifier '%s' for object of type '%s'",
                    (const char *)start, py_type_name(obj));
      return -1;
    }
    f->type = t;
  }
  if (f->grouping) {
    switch (f->type ? f->type : (uint32_t)default_type) {
      case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%':
      case 'F': case 0:
        break;
      case 'b': case 'o': case 'x': case 'X':
        if (f->grouping == '_') break;
        /* fall through */
      default:
        bad_grouping(f->grouping, f->type ? f->type : (uint32_t)default_type);
        return -1;
    }
  }
  return 0;
}

static py_obj *unknown_code(uint32_t type, py_obj *obj) {
  if (type > 32 && type < 128)
    return py_err_format(&py_exc_ValueError,
                         "Unknown format code '%c' for object of type '%s'",
                         (char)type, py_type_name(obj));
  return py_err_format(&py_exc_ValueError,
                       "Unknown format code '\\x%x' for object of type '%s'",
                       (unsigned)type, py_type_name(obj));
}

/* ------------------------------------------------------- number layout */

/* CPython's _PyUnicode_InsertThousandsGrouping, right to left: digits in
 * groups of g (0: no separators), padded with zeros to min_width. Appends
 * to out. */
static int group_digits(py_buf *out, const char *digits, py_ssize_t n,
                        py_ssize_t min_width, int g, char sep) {
  /* Build backwards in a scratch buffer. */
  py_ssize_t cap = n + (min_width > 0 ? min_width : 0) + n / (g ? g : 1) + 8;
  char small[128];
  char *tmp = cap <= (py_ssize_t)sizeof small ? small : py_mem_alloc((size_t)cap);
  if (!tmp) return -1;
  py_ssize_t pos = cap;   /* writing position, going down */
  py_ssize_t remaining = n;
  bool use_sep = false, broken = false;
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
  if (g > 0) {
    for (;;) {
      py_ssize_t l = MIN((py_ssize_t)g, MAX(MAX(remaining, min_width), 1));
      py_ssize_t zeros = MAX(0, l - remaining), chars = MAX(0, MIN(remaining, l));
      if (use_sep) tmp[--pos] = sep;
      for (py_ssize_t i = 0; i < chars; i++) tmp[--pos] = digits[remaining - 1 - i];
      for (py_ssize_t i = 0; i < zeros; i++) tmp[--pos] = '0';
      use_sep = true;
      remaining -= chars;
      min_width -= l;
      if (remaining <= 0 && min_width <= 0) {
        broken = true;
        break;
      }
      min_width -= 1;
      if (pos < 8) break;   /* cannot happen: cap covers the worst case */
    }
  }
  if (!broken) {
    py_ssize_t l = MAX(MAX(remaining, min_width), 1);
    py_ssize_t zeros = MAX(0, l - remaining), chars = MAX(0, MIN(remaining, l));
    if (use_sep) tmp[--pos] = sep;
    for (py_ssize_t i = 0; i < chars; i++) tmp[--pos] = digits[remaining - 1 - i];
    for (py_ssize_t i = 0; i < zeros; i++) tmp[--pos] = '0';
  }
#undef MAX
#undef MIN
  int rc = py__buf_put(out, tmp + pos, (size_t)(cap - pos));
  if (tmp != small) py_mem_free(tmp, (size_t)cap);
  return rc;
}

/* Lay a number out: [lpad][sign][prefix][spad][grouped digits][rest][rpad].
 * digits are ASCII; rest may be anything (".5e+10%", "inf"). */
static py_obj *layout_number(const fmtspec *f, char sign_char, const char *prefix,
                             const char *digits, py_ssize_t ndigits,
                             const char *rest, py_ssize_t nrest, bool upper) {
  /* rest is ASCII except for 'c' (one code point): its width in columns */
  py_ssize_t rest_width = nrest > 0 && (unsigned char)rest[0] >= 0x80 ? 1 : nrest;
  char sign = 0;
  if (f->sign == '+') sign = sign_char == '-' ? '-' : '+';
  else if (f->sign == ' ') sign = sign_char == '-' ? '-' : ' ';
  else if (sign_char == '-') sign = '-';
  py_ssize_t nprefix = (py_ssize_t)strlen(prefix);
  py_ssize_t nsign = sign ? 1 : 0;
  py_ssize_t fixed = nsign + nprefix + rest_width;
  py_ssize_t min_width = (f->fill == '0' && f->align == '=') ? f->width - fixed : 0;
  int g = 0;
  char sep = 0;
  if (f->grouping) {
    sep = f->grouping;
    g = (f->grouping == '_' && (f->type == 'b' || f->type == 'o' || f->type == 'x' ||
                                f->type == 'X'))
            ? 4
            : 3;
  }
  py_buf d;
  py__buf_init(&d);
  if (ndigits > 0 && group_digits(&d, digits, ndigits, min_width, g, sep) < 0) {
    py__buf_free(&d);
    return NULL;
  }
  if (upper)
    for (size_t i = 0; i < d.n; i++)
      if (d.p[i] >= 'a' && d.p[i] <= 'f') d.p[i] = (char)(d.p[i] - 32);
  py_ssize_t body = fixed + (py_ssize_t)d.n;
  py_ssize_t padding = f->width - body;
  py_ssize_t lpad = 0, rpad = 0, spad = 0;
  if (padding > 0) {
    switch (f->align) {
      case '<': rpad = padding; break;
      case '^': lpad = padding / 2; rpad = padding - lpad; break;
      case '=': spad = padding; break;
      default: lpad = padding; break;
    }
  }
  char fill[4];
  size_t fill_n = (size_t)py__utf8_encode(f->fill, fill);
  py_buf b;
  py__buf_init(&b);
  int rc = py__buf_fill(&b, fill, fill_n, lpad);
  if (sign) rc |= py__buf_putc(&b, sign);
  rc |= py__buf_put(&b, prefix, (size_t)nprefix);
  rc |= py__buf_fill(&b, fill, fill_n, spad);
  rc |= py__buf_put(&b, d.p, d.n);
  rc |= py__buf_put(&b, rest, (size_t)nrest);
  rc |= py__buf_fill(&b, fill, fill_n, rpad);
  py__buf_free(&d);
  if (rc) {
    py__buf_free(&b);
    return NULL;
  }
  return py__buf_finish(&b);
}

/* Pad a str to the spec's width (the str/char case). */
static py_obj *layout_text(const fmtspec *f, const char *s, py_ssize_t size,
                           py_ssize_t len) {
  py_ssize_t padding = f->width - len;
  py_ssize_t lpad = 0, rpad = 0;
  if (padding > 0) {
    switch (f->align) {
      case '>': lpad = padding; break;
      case '^': lpad = padding / 2; rpad = padding - lpad; break;
      default: rpad = padding; break;
    }
  }
  char fill[4];
  size_t fill_n = (size_t)py__utf8_encode(f->fill, fill);
  py_buf b;
  py__buf_init(&b);
  int rc = py__buf_fill(&b, fill, fill_n, lpad);
  rc |= py__buf_put(&b, s, (size_t)size);
  rc |= py__buf_fill(&b, fill, fill_n, rpad);
  if (rc) {
    py__buf_free(&b);
    return NULL;
  }
  return py__buf_finish(&b);
}

/* ------------------------------------------------------------- int */

/* |v| in base (2, 8, 10, 16), lower case, into buf (>= 66 bytes). */
static int int_digits(int64_t v, int base, char *buf) {
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  char tmp[70];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[u % (unsigned)base];
    u /= (unsigned)base;
  } while (u);
  for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
  buf[n] = 0;
  return n;
}

static py_obj *format_float_spec(py_obj *obj, double val, fmtspec *f);

static py_obj *format_int_spec(py_obj *obj, int64_t v, fmtspec *f) {
  uint32_t type = f->type ? f->type : 'd';
  switch (type) {
    case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
      break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
      return format_float_spec(obj, (double)v, f);
    default:
      return unknown_code(type, obj);
  }
  if (f->precision != -1)
    return py_err_set_str(&py_exc_ValueError,
                          "Precision not allowed in integer format specifier");
  if (f->no_neg_0)
    return py_err_set_str(&py_exc_ValueError,
                          "Negative zero coercion (z) not allowed in integer "
                          "format specifier");
  if (type == 'c') {
    if (f->sign)
      return py_err_set_str(&py_exc_ValueError,
                            "Sign not allowed with integer format specifier 'c'");
    if (f->alt)
      return py_err_set_str(&py_exc_ValueError,
                            "Alternate form (#) not allowed with integer format "
                            "specifier 'c'");
    if (v < 0 || v > 0x10FFFF)
      return py_err_set_str(&py_exc_OverflowError, "%c arg not in range(0x110000)");
    char u[4];
    int n = py__utf8_encode((uint32_t)v, u);
    return layout_number(f, 0, "", "", 0, u, n, false);
  }
  int base = type == 'b' ? 2 : type == 'o' ? 8 : (type == 'x' || type == 'X') ? 16 : 10;
  const char *prefix = "";
  if (f->alt) {
    if (base == 2) prefix = "0b";
    else if (base == 8) prefix = "0o";
    else if (base == 16) prefix = type == 'X' ? "0X" : "0x";
  }
  char digits[72];
  int n = int_digits(v, base, digits);
  return layout_number(f, v < 0 ? '-' : 0, prefix, digits, n, "", 0, type == 'X');
}

py_obj *py__int_format(py_obj *v, py_obj *spec) {
  if (py_str_len(spec) == 0) return py_str(v);
  fmtspec f;
  if (parse_spec(v, spec, 'd', '>', &f) < 0) return NULL;
  return format_int_spec(v, py_int_value(v), &f);
}

/* ------------------------------------------------------------ float */

static py_obj *format_float_spec(py_obj *obj, double val, fmtspec *f) {
  uint32_t type = f->type;
  switch (type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
    case 'n': case '%':
      break;
    default:
      return unknown_code(type, obj);
  }
  int flags = 0;
  int64_t prec = f->precision;
  int default_prec = 6;
  if (prec > INT32_MAX) return py_err_set_str(&py_exc_ValueError, "precision too big");
  if (f->alt) flags |= PY__DTS_ALT;
  if (f->no_neg_0) flags |= PY__DTS_NO_NEG_0;
  char code = (char)type;
  if (type == 0) {
    flags |= PY__DTS_ADD_DOT_0;
    code = 'r';
    default_prec = 0;
  }
  if (type == 'n') code = 'g';
  bool pct = false;
  if (type == '%') {
    code = 'f';
    val *= 100;
    pct = true;
  }
  if (prec < 0) prec = default_prec;
  else if (code == 'r') code = 'g';
  bool upper = code == 'E' || code == 'F' || code == 'G';
  if (upper) code = (char)(code + 32);
  py_buf b;
  py__buf_init(&b);
  if (py__double_to_buf(&b, val, code, (int)prec, flags, upper) < 0 ||
      (pct && py__buf_putc(&b, '%') < 0)) {
    py__buf_free(&b);
    return NULL;
  }
  const char *s = b.p;
  py_ssize_t n = (py_ssize_t)b.n;
  char sign = 0;
  if (n > 0 && s[0] == '-') {
    sign = '-';
    s++;
    n--;
  }
  py_ssize_t nd = 0;
  while (nd < n && s[nd] >= '0' && s[nd] <= '9') nd++;
  py_obj *r = layout_number(f, sign, "", s, nd, s + nd, n - nd, false);
  py__buf_free(&b);
  return r;
}

py_obj *py__float_format(py_obj *v, py_obj *spec) {
  if (py_str_len(spec) == 0) return py_str(v);
  fmtspec f;
  if (parse_spec(v, spec, 0, '>', &f) < 0) return NULL;
  return format_float_spec(v, py_float_value(v), &f);
}

/* -------------------------------------------------------------- str */

py_obj *py__str_format_spec(py_obj *v, py_obj *spec) {
  if (py_str_len(spec) == 0) return py_str(v);
  fmtspec f;
  if (parse_spec(v, spec, 's', '<', &f) < 0) return NULL;
  if (f.type != 0 && f.type != 's') return unknown_code(f.type, v);
  if (f.sign)
    return py_err_set_str(&py_exc_ValueError, f.sign == ' '
                                                  ? "Space not allowed in string format specifier"
                                                  : "Sign not allowed in string format specifier");
  if (f.no_neg_0)
    return py_err_set_str(&py_exc_ValueError,
                          "Negative zero coercion (z) not allowed in string "
                          "format specifier");
  if (f.alt)
    return py_err_set_str(&py_exc_ValueError,
                          "Alternate form (#) not allowed in string format specifier");
  if (f.align == '=')
    return py_err_set_str(&py_exc_ValueError,
                          "'=' alignment not allowed in string format specifier");
  if (f.grouping) {
    bad_grouping(f.grouping, 's');
    return NULL;
  }
  py_ssize_t len = py_str_len(v), size = py_str_size(v);
  if (f.precision >= 0 && f.precision < len) {
    len = (py_ssize_t)f.precision;
    size = py__str_offset(v, len);
  }
  return layout_text(&f, py_str_utf8(v), size, len);
}

/* ------------------------------------------------------- % formatting */

/* One % conversion: flags and the rest. */
typedef struct pctarg {
  bool left, sign, space, alt, zero;
  int64_t width, prec;   /* -1: none */
  char ch;
} pctarg;

/* Pad a converted value (text may start with a sign; for numbers a
 * prefix such as 0x follows it) to the width. */
static int pct_output(py_buf *out, const pctarg *a, const char *s, size_t size,
                      py_ssize_t len, bool numeric, size_t prefix_len) {
  py_ssize_t pad = a->width - len;
  if (pad <= 0) return py__buf_put(out, s, size);
  if (a->left) {
    int rc = py__buf_put(out, s, size);
    return rc | py__buf_fill(out, " ", 1, pad);
  }
  if (numeric && a->zero) {
    size_t lead = 0;
    if (size > 0 && (s[0] == '-' || s[0] == '+' || s[0] == ' ')) lead = 1;
    lead += prefix_len;
    int rc = py__buf_put(out, s, lead);
    rc |= py__buf_fill(out, "0", 1, pad);
    return rc | py__buf_put(out, s + lead, size - lead);
  }
  int rc = py__buf_fill(out, " ", 1, pad);
  return rc | py__buf_put(out, s, size);
}

static int pct_int(py_buf *out, const pctarg *a, py_obj *v) {
  int64_t x;
  char ch = a->ch;
  if (ch == 'd' || ch == 'i' || ch == 'u') {
    if (py_float_check(v)) {
      py_obj *i = py_number_int(v);
      if (!i) return -1;
      x = py_int_value(i);
      py_decref(i);
    } else if (py_int_check(v)) {
      x = py_int_value(v);
    } else if (v->type->nb_int || v->type->nb_index) {
      py_obj *i = py_number_int(v);
      if (!i) return -1;
      x = py_int_value(i);
      py_decref(i);
    } else {
      py_err_format(&py_exc_TypeError, "%%%c format: a real number is required, not %s",
                    ch, py_type_name(v));
      return -1;
    }
  } else {
    if (!py_int_check(v) && !v->type->nb_index) {
      py_err_format(&py_exc_TypeError, "%%%c format: an integer is required, not %s",
                    ch, py_type_name(v));
      return -1;
    }
    if (py_index_value(v, &x) < 0) return -1;
  }
  int base = ch == 'o' ? 8 : (ch == 'x' || ch == 'X') ? 16 : 10;
  char digits[72];
  int nd = int_digits(x, base, digits);
  py_buf b;
  py__buf_init(&b);
  int rc = 0;
  if (x < 0) rc |= py__buf_putc(&b, '-');
  else if (a->sign) rc |= py__buf_putc(&b, '+');
  else if (a->space) rc |= py__buf_putc(&b, ' ');
  const char *prefix = "";
  if (a->alt && base == 8) prefix = "0o";
  if (a->alt && base == 16) prefix = ch == 'X' ? "0X" : "0x";
  rc |= py__buf_puts(&b, prefix);
  if (a->prec > nd) rc |= py__buf_fill(&b, "0", 1, (py_ssize_t)a->prec - nd);
  if (ch == 'X')
    for (int i = 0; i < nd; i++)
      if (digits[i] >= 'a') digits[i] = (char)(digits[i] - 32);
  rc |= py__buf_put(&b, digits, (size_t)nd);
  if (!rc) rc = pct_output(out, a, b.p, b.n, (py_ssize_t)b.n, true, strlen(prefix));
  py__buf_free(&b);
  return rc ? -1 : 0;
}

static int pct_float(py_buf *out, const pctarg *a, py_obj *v) {
  double x;
  if (py_float_as_double(v, &x) < 0) return -1;
  char ch = a->ch;
  bool upper = ch == 'E' || ch == 'F' || ch == 'G';
  char code = upper ? (char)(ch + 32) : ch;
  int prec = a->prec < 0 ? 6 : (int)a->prec;
  int flags = 0;
  if (a->alt) flags |= PY__DTS_ALT;
  if (a->sign) flags |= PY__DTS_SIGN;
  py_buf b;
  py__buf_init(&b);
  int rc = 0;
  if (a->space && !a->sign && !signbit(x)) rc |= py__buf_putc(&b, ' ');
  rc |= py__double_to_buf(&b, x, code, prec, flags, upper);
  if (!rc) rc = pct_output(out, a, b.p, b.n, (py_ssize_t)b.n, true, 0);
  py__buf_free(&b);
  return rc ? -1 : 0;
}

py_obj *py_str_mod(py_obj *fmt, py_obj *args) {
  const unsigned char *base = (const unsigned char *)py_str_utf8(fmt);
  const unsigned char *p = base, *end = p + py_str_size(fmt);
  py_obj *dict = NULL;
  py_obj *const *argv;
  py_ssize_t argc, argi = 0;
  if (py_tuple_check(args)) {
    argv = ((py_tuple *)args)->items;
    argc = py_tuple_len(args);
  } else {
    argv = &args;
    argc = 1;
  }
  if (args->type->getitem && !py_tuple_check(args) && !py_str_check(args)) dict = args;
  py_buf out;
  py__buf_init(&out);
#define FAIL do { goto fail; } while (0)
  while (p < end) {
    const unsigned char *pct = memchr(p, '%', (size_t)(end - p));
    if (!pct) {
      if (py__buf_put(&out, (const char *)p, (size_t)(end - p)) < 0) FAIL;
      break;
    }
    if (py__buf_put(&out, (const char *)p, (size_t)(pct - p)) < 0) FAIL;
    p = pct + 1;
    if (p < end && *p == '%') {
      if (py__buf_putc(&out, '%') < 0) FAIL;
      p++;
      continue;
    }
    pctarg a = {.width = -1, .prec = -1};
    py_obj *v = NULL, *keyed = NULL;
    bool use_dict = false;
    if (p < end && *p == '(') {
      if (!dict) {
        py_err_set_str(&py_exc_TypeError, "format requires a mapping");
        FAIL;
      }
      const unsigned char *ks = ++p;
      int depth = 1;
      while (p < end && depth) {
        if (*p == '(') depth++;
        else if (*p == ')') depth--;
        if (depth) p++;
      }
      if (p >= end) {
        py_err_set_str(&py_exc_ValueError, "incomplete format key");
        FAIL;
      }
      py_obj *key = py_str_from_utf8((const char *)ks, (size_t)(p - ks));
      p++;
      if (!key) FAIL;
      keyed = py_getitem(dict, key);
      py_decref(key);
      if (!keyed) FAIL;
      use_dict = true;
    }
#define NEXT_ARG(dst)                                                         \
  do {                                                                        \
    if (use_dict) {                                                           \
      dst = keyed;                                                            \
    } else if (argi < argc) {                                                 \
      dst = argv[argi++];                                                     \
    } else {                                                                  \
      py_err_set_str(&py_exc_TypeError, "not enough arguments for format string"); \
      py_xdecref(keyed);                                                      \
      FAIL;                                                                   \
    }                                                                         \
  } while (0)
    for (; p < end; p++) {
      if (*p == '-') a.left = true;
      else if (*p == '+') a.sign = true;
      else if (*p == ' ') a.space = true;
      else if (*p == '#') a.alt = true;
      else if (*p == '0') a.zero = true;
      else break;
    }
    if (p < end && *p == '*') {
      py_obj *w;
      NEXT_ARG(w);
      if (!py_int_check(w)) {
        py_err_set_str(&py_exc_TypeError, "* wants int");
        py_xdecref(keyed);
        FAIL;
      }
      a.width = py_int_value(w);
      if (a.width < 0) {
        a.left = true;
        a.width = -a.width;
      }
      p++;
    } else if (p < end && *p >= '0' && *p <= '9') {
      if (read_int(&p, end, &a.width) < 0) {
        py_xdecref(keyed);
        FAIL;
      }
    }
    if (p < end && *p == '.') {
      p++;
      a.prec = 0;
      if (p < end && *p == '*') {
        py_obj *w;
        NEXT_ARG(w);
        if (!py_int_check(w)) {
          py_err_set_str(&py_exc_TypeError, "* wants int");
          py_xdecref(keyed);
          FAIL;
        }
        a.prec = py_int_value(w);
        if (a.prec < 0) a.prec = 0;
        p++;
      } else if (read_int(&p, end, &a.prec) < 0) {
        py_xdecref(keyed);
        FAIL;
      }
    }
    while (p < end && (*p == 'h' || *p == 'l' || *p == 'L')) p++;
    if (p >= end) {
      py_err_set_str(&py_exc_ValueError, "incomplete format");
      py_xdecref(keyed);
      FAIL;
    }
    const unsigned char *cpos = p;
    uint32_t ch = py__utf8_next(&p);
    a.ch = (char)ch;
    NEXT_ARG(v);
    int rc = 0;
    switch (ch) {
      case 's': case 'r': case 'a': {
        py_obj *s = ch == 's' ? py_str(v) : ch == 'r' ? py_repr(v) : py_ascii(v);
        if (!s) {
          rc = -1;
          break;
        }
        py_ssize_t len = py_str_len(s), size = py_str_size(s);
        if (a.prec >= 0 && a.prec < len) {
          len = (py_ssize_t)a.prec;
          size = py__str_offset(s, len);
        }
        rc = pct_output(&out, &a, py_str_utf8(s), (size_t)size, len, false, 0);
        py_decref(s);
        break;
      }
      case 'c': {
        uint32_t c;
        if (py_str_check(v)) {
          if (py_str_len(v) != 1) {
            py_err_set_str(&py_exc_TypeError, "%c requires int or char");
            rc = -1;
            break;
          }
          c = py_str_char_at(v, 0);
        } else if (py_int_check(v)) {
          int64_t x = py_int_value(v);
          if (x < 0 || x > 0x10FFFF) {
            py_err_set_str(&py_exc_OverflowError, "%c arg not in range(0x110000)");
            rc = -1;
            break;
          }
          c = (uint32_t)x;
        } else {
          py_err_set_str(&py_exc_TypeError, "%c requires int or char");
          rc = -1;
          break;
        }
        char u[4];
        int n = py__utf8_encode(c, u);
        rc = pct_output(&out, &a, u, (size_t)n, 1, false, 0);
        break;
      }
      case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
        rc = pct_int(&out, &a, v);
        break;
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        rc = pct_float(&out, &a, v);
        break;
      default:
        if (ch > 32 && ch < 127)
          py_err_format(&py_exc_ValueError,
                        "unsupported format character '%c' (0x%x) at index %zd",
                        (char)ch, ch, py__utf8_count((const char *)base, (size_t)(cpos - base)));
        else
          py_err_format(&py_exc_ValueError,
                        "unsupported format character '\\x%x' (0x%x) at index %zd", ch,
                        ch, py__utf8_count((const char *)base, (size_t)(cpos - base)));
        rc = -1;
        break;
    }
    py_xdecref(keyed);
    if (rc) FAIL;
  }
#undef NEXT_ARG
  if (!dict && argi < argc) {
    py_err_set_str(&py_exc_TypeError, "not all arguments converted during string formatting");
    FAIL;
  }
  return py__buf_finish(&out);
fail:
#undef FAIL
  py__buf_free(&out);
  return NULL;
}

/* ---------------------------------------------------------- str.format */

typedef struct fmtctx {
  py_obj *const *args;
  py_ssize_t nargs;
  py_obj *kwnames;
  py_obj *const *kwvals;
  int auto_state;          /* 0 init, 1 auto, 2 manual */
  py_ssize_t auto_next;
} fmtctx;

static py_obj *sub(const unsigned char *s, const unsigned char *e) {
  return py_str_from_utf8((const char *)s, (size_t)(e - s));
}

/* All ASCII digits: the value; -1 otherwise (or on overflow, with error). */
static int64_t field_int(const unsigned char *s, const unsigned char *e) {
  if (s >= e) return -1;
  int64_t v = 0;
  for (const unsigned char *p = s; p < e; p++) {
    if (*p < '0' || *p > '9') return -1;
    if (v > (INT64_MAX - 9) / 10) {
      py_err_set_str(&py_exc_ValueError, "Too many decimal digits in format string");
      return -2;
    }
    v = v * 10 + (*p - '0');
  }
  return v;
}

static py_obj *lookup_kw(fmtctx *c, py_obj *key) {
  if (c->kwnames)
    for (py_ssize_t i = 0; i < py_tuple_len(c->kwnames); i++)
      if (py_str_eq(py_tuple_get(c->kwnames, i), key)) return py_newref(c->kwvals[i]);
  py_err_set_obj(&py_exc_KeyError, key);
  return NULL;
}

static py_obj *get_field(fmtctx *c, const unsigned char *s, const unsigned char *e) {
  const unsigned char *p = s;
  while (p < e && *p != '.' && *p != '[') p++;
  int64_t idx = field_int(s, p);
  if (idx == -2) return NULL;
  bool empty = s == p;
  bool numeric = empty || idx >= 0;
  if (numeric) {
    if (c->auto_state == 0) c->auto_state = empty ? 1 : 2;
    if (c->auto_state == 2 && empty)
      return py_err_set_str(&py_exc_ValueError,
                            "cannot switch from manual field specification to "
                            "automatic field numbering");
    if (c->auto_state == 1 && !empty)
      return py_err_set_str(&py_exc_ValueError,
                            "cannot switch from automatic field numbering to "
                            "manual field specification");
    if (empty) idx = c->auto_next++;
  }
  py_obj *obj;
  if (!numeric) {
    py_obj *key = sub(s, p);
    if (!key) return NULL;
    obj = lookup_kw(c, key);
    py_decref(key);
    if (!obj) return NULL;
  } else {
    if (idx >= c->nargs)
      return py_err_format(&py_exc_IndexError,
                           "Replacement index %" PRId64 " out of range for "
                           "positional args tuple",
                           idx);
    obj = py_newref(c->args[idx]);
  }
  while (p < e) {
    bool attr = *p == '.';
    if (*p != '.' && *p != '[') {
      py_decref(obj);
      return py_err_set_str(&py_exc_ValueError,
                            "Only '.' or '[' may follow ']' in format field specifier");
    }
    p++;
    const unsigned char *ns = p;
    if (attr) {
      while (p < e && *p != '.' && *p != '[') p++;
    } else {
      while (p < e && *p != ']') p++;
      if (p >= e) {
        py_decref(obj);
        return py_err_set_str(&py_exc_ValueError, "Missing ']' in format string");
      }
    }
    const unsigned char *ne = p;
    if (!attr) p++;
    if (ns == ne) {
      py_decref(obj);
      return py_err_set_str(&py_exc_ValueError, "Empty attribute in format string");
    }
    py_obj *next;
    if (attr) {
      py_obj *name = sub(ns, ne);
      if (!name) {
        py_decref(obj);
        return NULL;
      }
      name = py_intern(name);
      next = py_getattr(obj, name);
      py_decref(name);
    } else {
      int64_t k = field_int(ns, ne);
      if (k == -2) {
        py_decref(obj);
        return NULL;
      }
      py_obj *key = k >= 0 ? py_int_from(k) : sub(ns, ne);
      if (!key) {
        py_decref(obj);
        return NULL;
      }
      next = py_getitem(obj, key);
      py_decref(key);
    }
    py_decref(obj);
    if (!next) return NULL;
    obj = next;
  }
  return obj;
}

static int build_string(fmtctx *c, const unsigned char *s, const unsigned char *e,
                        int depth, py_buf *out);

static int render_field(fmtctx *c, const unsigned char *fs, const unsigned char *fe,
                        uint32_t conv, const unsigned char *ss,
                        const unsigned char *se, bool expand, int depth,
                        py_buf *out) {
  py_obj *obj = get_field(c, fs, fe);
  if (!obj) return -1;
  if (conv) {
    py_obj *cv;
    if (conv == 'r') cv = py_repr(obj);
    else if (conv == 's') cv = py_str(obj);
    else if (conv == 'a') cv = py_ascii(obj);
    else {
      if (conv > 32 && conv < 127)
        py_err_format(&py_exc_ValueError, "Unknown conversion specifier %c", (char)conv);
      else
        py_err_format(&py_exc_ValueError, "Unknown conversion specifier \\x%x",
                      (unsigned)conv);
      cv = NULL;
    }
    py_decref(obj);
    if (!cv) return -1;
    obj = cv;
  }
  py_obj *spec;
  if (expand) {
    py_buf sb;
    py__buf_init(&sb);
    if (build_string(c, ss, se, depth - 1, &sb) < 0) {
      py__buf_free(&sb);
      py_decref(obj);
      return -1;
    }
    spec = py__buf_finish(&sb);
  } else {
    spec = ss < se ? sub(ss, se) : py_str_empty();
  }
  if (!spec) {
    py_decref(obj);
    return -1;
  }
  py_obj *r = py_format(obj, spec);
  py_decref(spec);
  py_decref(obj);
  if (!r) return -1;
  int rc = py__buf_putstr(out, r);
  py_decref(r);
  return rc;
}

static int build_string(fmtctx *c, const unsigned char *s, const unsigned char *e,
                        int depth, py_buf *out) {
  if (depth <= 0) {
    py_err_set_str(&py_exc_ValueError, "Max string recursion exceeded");
    return -1;
  }
  const unsigned char *p = s;
  while (p < e) {
    const unsigned char *lit = p;
    uint32_t ch = 0;
    bool markup = false;
    while (p < e) {
      ch = *p++;
      if (ch == '{' || ch == '}') {
        markup = true;
        break;
      }
    }
    bool at_end = p >= e;
    const unsigned char *lit_end = p;
    if (markup && ch == '}' && (at_end || *p != '}')) {
      py_err_set_str(&py_exc_ValueError, "Single '}' encountered in format string");
      return -1;
    }
    if (markup && at_end && ch == '{') {
      py_err_set_str(&py_exc_ValueError, "Single '{' encountered in format string");
      return -1;
    }
    if (markup && !at_end) {
      if (*p == ch) {
        p++;
        markup = false;
      } else {
        lit_end--;
      }
    }
    if (py__buf_put(out, (const char *)lit, (size_t)(lit_end - lit)) < 0) return -1;
    if (!markup) continue;
    /* the field: name up to ':', '!' or '}' ([...] skipped) */
    const unsigned char *fs = p;
    ch = 0;
    while (p < e) {
      ch = *p++;
      if (ch == '{') {
        py_err_set_str(&py_exc_ValueError, "unexpected '{' in field name");
        return -1;
      }
      if (ch == '[') {
        while (p < e && *p != ']') p++;
        continue;
      }
      if (ch == '}' || ch == ':' || ch == '!') break;
    }
    const unsigned char *fe = p - 1;
    uint32_t conv = 0;
    const unsigned char *ss = NULL, *se = NULL;
    bool expand = false;
    if (ch == '!' || ch == ':') {
      if (ch == '!') {
        if (p >= e) {
          py_err_set_str(&py_exc_ValueError,
                         "end of string while looking for conversion specifier");
          return -1;
        }
        conv = py__utf8_next(&p);
        if (p < e) {
          uint32_t c2 = *p++;
          if (c2 == '}') goto have_field;
          if (c2 != ':') {
            py_err_set_str(&py_exc_ValueError, "expected ':' after conversion specifier");
            return -1;
          }
        }
      }
      ss = p;
      int count = 1;
      while (p < e) {
        uint32_t c3 = *p++;
        if (c3 == '{') {
          expand = true;
          count++;
        } else if (c3 == '}') {
          if (--count == 0) {
            se = p - 1;
            goto have_field;
          }
        }
      }
      py_err_set_str(&py_exc_ValueError, "unmatched '{' in format spec");
      return -1;
    } else if (ch != '}') {
      py_err_set_str(&py_exc_ValueError, "expected '}' before end of string");
      return -1;
    }
  have_field:
    if (render_field(c, fs, fe, conv, ss, se, expand, depth, out) < 0) return -1;
  }
  return 0;
}

py_obj *py_str_format(py_obj *fmt, py_obj *const *args, py_ssize_t nargs,
                      py_obj *kwnames) {
  fmtctx c = {args, nargs, kwnames, args + nargs, 0, 0};
  py_buf out;
  py__buf_init(&out);
  const unsigned char *s = (const unsigned char *)py_str_utf8(fmt);
  if (build_string(&c, s, s + py_str_size(fmt), 2, &out) < 0) {
    py__buf_free(&out);
    return NULL;
  }
  return py__buf_finish(&out);
}
