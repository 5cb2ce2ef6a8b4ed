/* obj_str.c: str: UTF-8 text with code-point length and indexing, CPython's
 * hash, the intern table, the text builder, Unicode properties, and the
 * str methods. */
#include <stdlib.h>

#include "object_int.h"

/* ---------------------------------------------------------------- utf8 */

int py__utf8_encode(uint32_t cp, char out[4]) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

py_ssize_t py__utf8_count(const char *s, size_t n) {
  py_ssize_t len = 0;
  for (size_t i = 0; i < n; i++) len += ((unsigned char)s[i] & 0xC0) != 0x80;
  return len;
}

py_ssize_t py__str_offset(py_obj *o, py_ssize_t i) {
  py_strobj *s = (py_strobj *)o;
  if (s->ascii) return i;
  const unsigned char *d = (const unsigned char *)s->data;
  if (i <= s->len / 2) {
    py_ssize_t off = 0;
    while (i > 0) {
      off++;
      while ((d[off] & 0xC0) == 0x80) off++;
      i--;
    }
    return off;
  }
  py_ssize_t off = s->size, k = s->len;
  while (k > i) {
    off--;
    while ((d[off] & 0xC0) == 0x80) off--;
    k--;
  }
  return off;
}

uint32_t py_str_char_at(py_obj *o, py_ssize_t i) {
  py_strobj *s = (py_strobj *)o;
  if (s->ascii) return (unsigned char)s->data[i];
  const unsigned char *p = (const unsigned char *)s->data + py__str_offset(o, i);
  return py__utf8_next(&p);
}

/* ---------------------------------------------------------- allocation */

static py_obj *empty_str;
static py_obj *char_cache[128];

static py_strobj *str_alloc(py_ssize_t size) {
  py_strobj *s = py_mem_alloc(sizeof(py_strobj) + (size_t)size + 1);
  if (!s) return NULL;
  s->ob.refcnt = 1;
  s->ob.type = &py_str_type;
  s->hash = -1;
  s->size = size;
  s->interned = 0;
  s->data[size] = 0;
  return s;
}

static void str_dealloc(py_obj *o) {
  py_mem_free(o, sizeof(py_strobj) + (size_t)((py_strobj *)o)->size + 1);
}

py_obj *py__str_new(const char *src, py_ssize_t size, py_ssize_t len, int kind) {
  if (size == 0 && empty_str) return py_newref(empty_str);
  if (size == 1 && (unsigned char)src[0] < 0x80 && char_cache[(unsigned char)src[0]])
    return py_newref(char_cache[(unsigned char)src[0]]);
  py_strobj *s = str_alloc(size);
  if (!s) return NULL;
  memcpy(s->data, src, (size_t)size);
  s->len = len;
  s->kind = (uint8_t)kind;
  s->ascii = len == size;
  return &s->ob;
}

py_obj *py__str_from_ascii(const char *s, size_t n) {
  return py__str_new(s, (py_ssize_t)n, (py_ssize_t)n, 1);
}

static void scan_utf8(const char *s, size_t n, py_ssize_t *len, int *kind) {
  py_ssize_t l = 0;
  uint32_t maxc = 0;
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  while (p < end) {
    if (*p < 0x80) {
      p++;
      l++;
      continue;
    }
    uint32_t c = py__utf8_next(&p);
    if (c > maxc) maxc = c;
    l++;
  }
  *len = l;
  *kind = maxc < 0x100 ? 1 : maxc < 0x10000 ? 2 : 4;
}

py_obj *py_str_from_utf8(const char *s, size_t n) {
  py_ssize_t len;
  int kind;
  scan_utf8(s, n, &len, &kind);
  return py__str_new(s, (py_ssize_t)n, len, kind);
}

py_obj *py_str_from_cstr(const char *s) { return py_str_from_utf8(s, strlen(s)); }

py_obj *py_str_decode_utf8(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  while (p < end) {
    unsigned c = *p;
    int need = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2
             : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (need < 0 || end - p <= need) goto bad;
    for (int i = 1; i <= need; i++)
      if ((p[i] & 0xC0) != 0x80) goto bad;
    if (need) {
      const unsigned char *q = p;
      uint32_t cp = py__utf8_next(&q);
      if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
          (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
          (cp >= 0xD800 && cp <= 0xDFFF))
        goto bad;
    }
    p += need + 1;
  }
  return py_str_from_utf8(s, n);
bad:
  return py_err_format(&py_exc_ValueError,
                       "'utf-8' codec can't decode byte 0x%02x in position %zd: "
                       "invalid start byte",
                       *p, (py_ssize_t)(p - (const unsigned char *)s));
}

py_obj *py_str_from_vformat(const char *fmt, va_list ap) {
  char small[256];
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  if (n < 0) {
    va_end(ap2);
    return py_err_set_str(&py_exc_ValueError, "bad format");
  }
  if ((size_t)n < sizeof small) {
    va_end(ap2);
    return py_str_from_utf8(small, (size_t)n);
  }
  char *big = py_mem_alloc((size_t)n + 1);
  if (!big) {
    va_end(ap2);
    return NULL;
  }
  vsnprintf(big, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  py_obj *r = py_str_from_utf8(big, (size_t)n);
  py_mem_free(big, (size_t)n + 1);
  return r;
}

py_obj *py_str_from_format(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  py_obj *r = py_str_from_vformat(fmt, ap);
  va_end(ap);
  return r;
}

py_obj *py_str_from_char(uint32_t cp) {
  if (cp < 128 && char_cache[cp]) return py_newref(char_cache[cp]);
  char b[4];
  int n = py__utf8_encode(cp, b);
  return py__str_new(b, n, 1, cp < 0x100 ? 1 : cp < 0x10000 ? 2 : 4);
}

py_obj *py_str_empty(void) { return py_newref(empty_str); }

/* ----------------------------------------------------------------- hash */

/* CPython 3.11 hashes a str with siphash13 over its PEP 393 form (1, 2 or
 * 4 bytes a code point, native order), keyed by _Py_HashSecret; with
 * PYTHONHASHSEED=0 the key is all zeros. A seed n derives the key as
 * CPython's lcg_urandom does. */
static uint64_t hash_k0, hash_k1;

void py_set_hash_seed(uint64_t seed) {
  unsigned char key[24];
  unsigned int x = (unsigned int)seed;
  for (size_t i = 0; i < sizeof key; i++) {
    x = x * 214013u + 2531011u;
    key[i] = (unsigned char)((x >> 16) & 0xff);
  }
  if (seed == 0) memset(key, 0, sizeof key);
  memcpy(&hash_k0, key, 8);
  memcpy(&hash_k1, key + 8, 8);
}

#define ROTATE(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define HALF_ROUND(a, b, c, d, s, t) \
  a += b; c += d; b = ROTATE(b, s) ^ a; d = ROTATE(d, t) ^ c; a = ROTATE(a, 32);
#define SINGLE_ROUND(v0, v1, v2, v3) \
  HALF_ROUND(v0, v1, v2, v3, 13, 16); HALF_ROUND(v2, v1, v0, v3, 17, 21);

static uint64_t siphash13(uint64_t k0, uint64_t k1, const uint8_t *in, size_t sz) {
  uint64_t b = (uint64_t)sz << 56;
  uint64_t v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;
  uint64_t v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;
  while (sz >= 8) {
    uint64_t mi;
    memcpy(&mi, in, 8);
    in += 8;
    sz -= 8;
    v3 ^= mi;
    SINGLE_ROUND(v0, v1, v2, v3);
    v0 ^= mi;
  }
  uint64_t t = 0;
  memcpy(&t, in, sz);
  b |= t;
  v3 ^= b;
  SINGLE_ROUND(v0, v1, v2, v3);
  v0 ^= b;
  v2 ^= 0xff;
  SINGLE_ROUND(v0, v1, v2, v3);
  SINGLE_ROUND(v0, v1, v2, v3);
  SINGLE_ROUND(v0, v1, v2, v3);
  return (v0 ^ v1) ^ (v2 ^ v3);
}

py_hash_t py__str_hash(py_obj *o) {
  py_strobj *s = (py_strobj *)o;
  if (s->hash != -1) return s->hash;
  py_hash_t h;
  if (s->len == 0) {
    h = 0;
  } else if (s->ascii) {
    h = (py_hash_t)siphash13(hash_k0, hash_k1, (const uint8_t *)s->data, (size_t)s->size);
  } else {
    size_t n = (size_t)s->len * s->kind;
    uint8_t small[512] = {0};
    uint8_t *buf = n <= sizeof small ? small : calloc(n, 1);
    if (!buf) {
      buf = (uint8_t *)s->data;   /* out of memory: hash the UTF-8 */
      n = (size_t)s->size;
    } else {
      const unsigned char *p = (const unsigned char *)s->data;
      for (py_ssize_t i = 0; i < s->len; i++) {
        uint32_t c = py__utf8_next(&p);
        if (s->kind == 1) buf[i] = (uint8_t)c;
        else if (s->kind == 2) {
          uint16_t u = (uint16_t)c;
          memcpy(buf + 2 * i, &u, 2);
        } else {
          memcpy(buf + 4 * i, &c, 4);
        }
      }
    }
    h = (py_hash_t)siphash13(hash_k0, hash_k1, buf, n);
    if (buf != small && buf != (uint8_t *)s->data) free(buf);
  }
  if (h == -1) h = -2;
  s->hash = h;
  return h;
}

py_hash_t py__hash_bytes(const char *s, size_t n) {
  if (n == 0) return 0;
  py_hash_t h = (py_hash_t)siphash13(hash_k0, hash_k1, (const uint8_t *)s, n);
  return h == -1 ? -2 : h;
}

/* --------------------------------------------------------- equality */

bool py_str_eq(py_obj *a, py_obj *b) {
  if (a == b) return true;
  py_strobj *x = (py_strobj *)a, *y = (py_strobj *)b;
  if (x->size != y->size) return false;
  if (x->hash != -1 && y->hash != -1 && x->hash != y->hash) return false;
  return memcmp(x->data, y->data, (size_t)x->size) == 0;
}

bool py_str_eq_cstr(py_obj *a, const char *s) {
  size_t n = strlen(s);
  return (size_t)py_str_size(a) == n && memcmp(py_str_utf8(a), s, n) == 0;
}

/* -------------------------------------------------------- intern table */

static py_obj **intern_table;
static size_t intern_cap, intern_used;

static int intern_grow(void) {
  size_t ncap = intern_cap ? intern_cap * 2 : 1024;
  py_obj **nt = py_mem_alloc(ncap * sizeof(py_obj *));
  if (!nt) return -1;
  memset(nt, 0, ncap * sizeof(py_obj *));
  for (size_t i = 0; i < intern_cap; i++) {
    py_obj *s = intern_table[i];
    if (!s) continue;
    size_t j = (size_t)py__str_hash(s) & (ncap - 1);
    while (nt[j]) j = (j + 1) & (ncap - 1);
    nt[j] = s;
  }
  py_mem_free(intern_table, intern_cap * sizeof(py_obj *));
  intern_table = nt;
  intern_cap = ncap;
  return 0;
}

py_obj *py_intern(py_obj *s) {
  py_strobj *ps = (py_strobj *)s;
  if (ps->interned) return s;
  if ((intern_used + 1) * 2 > intern_cap && intern_grow() < 0) {
    py_err_clear();
    return s;   /* not interned, still correct */
  }
  size_t j = (size_t)py__str_hash(s) & (intern_cap - 1);
  while (intern_table[j]) {
    if (py_str_eq(intern_table[j], s)) {
      py_obj *r = py_newref(intern_table[j]);
      py_decref(s);
      return r;
    }
    j = (j + 1) & (intern_cap - 1);
  }
  intern_table[j] = py_newref(s);
  intern_used++;
  ps->interned = 1;
  return s;
}

bool py__str_is_interned(py_obj *s) {
  if (!intern_cap) return false;
  size_t j = (size_t)py__str_hash(s) & (intern_cap - 1);
  while (intern_table[j]) {
    if (py_str_eq(intern_table[j], s)) return true;
    j = (j + 1) & (intern_cap - 1);
  }
  return false;
}

py_obj *py_intern_cstr(const char *s) {
  py_obj *o = py_str_from_cstr(s);
  return o ? py_intern(o) : NULL;
}

/* ------------------------------------------------------------ init, fini */

int py__str_init(void) {
  py_set_hash_seed(0);
  py_strobj *e = str_alloc(0);
  if (!e) return -1;
  e->len = 0;
  e->kind = 1;
  e->ascii = 1;
  empty_str = &e->ob;
  for (int c = 0; c < 128; c++) {
    py_strobj *s = str_alloc(1);
    if (!s) return -1;
    s->data[0] = (char)c;
    s->len = 1;
    s->kind = 1;
    s->ascii = 1;
    char_cache[c] = &s->ob;
  }
  return 0;
}

void py__str_fini(void) {
  for (size_t i = 0; i < intern_cap; i++) {
    py_obj *s = intern_table[i];
    if (!s) continue;
    ((py_strobj *)s)->interned = 0;
    py_decref(s);
  }
  py_mem_free(intern_table, intern_cap * sizeof(py_obj *));
  intern_table = NULL;
  intern_cap = intern_used = 0;
  for (int c = 0; c < 128; c++) PY_CLEAR(char_cache[c]);
  PY_CLEAR(empty_str);
}

/* ------------------------------------------------------------- builder */

void py__buf_init(py_buf *b) {
  b->p = b->small;
  b->n = 0;
  b->cap = sizeof b->small;
  b->heap = false;
}

void py__buf_free(py_buf *b) {
  if (b->heap) py_mem_free(b->p, b->cap);
  py__buf_init(b);
}

int py__buf_grow(py_buf *b, size_t extra) {
  size_t need = b->n + extra;
  size_t ncap = b->cap * 2;
  if (ncap < need) ncap = need;
  char *np;
  if (b->heap) {
    np = py_mem_realloc(b->p, b->cap, ncap);
  } else {
    np = py_mem_alloc(ncap);
    if (np) memcpy(np, b->p, b->n);
  }
  if (!np) return -1;
  b->p = np;
  b->cap = ncap;
  b->heap = true;
  return 0;
}

int py__buf_putcp(py_buf *b, uint32_t cp) {
  char u[4];
  return py__buf_put(b, u, (size_t)py__utf8_encode(cp, u));
}

int py__buf_fill(py_buf *b, const char *s, size_t n, py_ssize_t times) {
  if (times <= 0) return 0;
  if (b->n + n * (size_t)times > b->cap && py__buf_grow(b, n * (size_t)times) < 0)
    return -1;
  if (n == 1) {
    memset(b->p + b->n, s[0], (size_t)times);
    b->n += (size_t)times;
    return 0;
  }
  for (py_ssize_t i = 0; i < times; i++) {
    memcpy(b->p + b->n, s, n);
    b->n += n;
  }
  return 0;
}

int py__buf_putstr(py_buf *b, py_obj *s) {
  return py__buf_put(b, py_str_utf8(s), (size_t)py_str_size(s));
}

int py__buf_printf(py_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
  va_end(ap);
  if (n < 0) return -1;
  if ((size_t)n >= b->cap - b->n) {
    if (py__buf_grow(b, (size_t)n + 1) < 0) return -1;
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
  }
  b->n += (size_t)n;
  return 0;
}

int py__buf_putrepr(py_buf *b, py_obj *o) {
  py_obj *r = py_repr(o);
  if (!r) return -1;
  int rc = py__buf_putstr(b, r);
  py_decref(r);
  return rc;
}

py_obj *py__buf_finish(py_buf *b) {
  py_obj *s = py_str_from_utf8(b->p, b->n);
  py__buf_free(b);
  return s;
}

/* ------------------------------------------------------ Unicode tables */

/* Properties and case mappings of code points >= 0x80 come from tables
 * generated from CPython 3.11 (gen_obj_unicode.py); ASCII is done here. */
#include "obj_unicode_int.h"

static unsigned uni_flags(uint32_t c) {
  size_t lo = 0, hi = sizeof uni_props / sizeof uni_props[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (c < uni_props[mid].lo) hi = mid;
    else if (c > uni_props[mid].hi) lo = mid + 1;
    else return uni_props[mid].flags;
  }
  return 0;
}

static const struct uni_case *uni_case_of(uint32_t c) {
  size_t lo = 0, hi = sizeof uni_cases / sizeof uni_cases[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (c < uni_cases[mid].cp) hi = mid;
    else if (c > uni_cases[mid].cp) lo = mid + 1;
    else return &uni_cases[mid];
  }
  return NULL;
}

static const struct uni_special *uni_special_of(uint32_t c) {
  for (size_t i = 0; i < sizeof uni_specials / sizeof uni_specials[0]; i++)
    if (uni_specials[i].cp == c) return &uni_specials[i];
  return NULL;
}

bool py__uni_isspace(uint32_t c) {
  if (c < 128) return (c >= 9 && c <= 13) || (c >= 0x1C && c <= 0x20);
  return uni_flags(c) & UNI_SPACE;
}

int py__uni_decimal_value(uint32_t c) {
  if (c < 128) return c >= '0' && c <= '9' ? (int)(c - '0') : -1;
  if (!(uni_flags(c) & UNI_DECIMAL)) return -1;
  size_t lo = 0, hi = sizeof uni_decimal_zeros / sizeof uni_decimal_zeros[0];
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (uni_decimal_zeros[mid] <= c) lo = mid;
    else hi = mid;
  }
  return (int)(c - uni_decimal_zeros[lo]);
}

bool py__uni_isdecimal(uint32_t c) {
  if (c < 128) return c >= '0' && c <= '9';
  return uni_flags(c) & UNI_DECIMAL;
}

bool py__uni_isdigit(uint32_t c) {
  if (c < 128) return c >= '0' && c <= '9';
  return uni_flags(c) & UNI_DIGIT;
}

bool py__uni_isnumeric(uint32_t c) {
  if (c < 128) return c >= '0' && c <= '9';
  return uni_flags(c) & UNI_NUMERIC;
}

bool py__uni_isalpha(uint32_t c) {
  if (c < 128) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return uni_flags(c) & UNI_ALPHA;
}

bool py__uni_isprintable(uint32_t c) {
  if (c < 128) return c >= 0x20 && c < 0x7F;
  return uni_flags(c) & UNI_PRINTABLE;
}

bool py__uni_islower(uint32_t c) {
  if (c < 128) return c >= 'a' && c <= 'z';
  return uni_flags(c) & UNI_LOWER;
}

bool py__uni_isupper(uint32_t c) {
  if (c < 128) return c >= 'A' && c <= 'Z';
  return uni_flags(c) & UNI_UPPER;
}

static bool uni_istitle(uint32_t c) { return c >= 128 && (uni_flags(c) & UNI_TITLE); }

static bool uni_iscased(uint32_t c) {
  if (c < 128) return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  return uni_flags(c) & UNI_CASED;
}

static bool uni_is_case_ignorable(uint32_t c) {
  if (c < 128) return c == '\'' || c == '.' || c == ':' || c == '^' || c == '`';
  return uni_flags(c) & UNI_CASE_IGNORABLE;
}

static bool uni_islinebreak(uint32_t c) {
  if (c < 128) return c == '\n' || c == '\r' || (c >= 0x0B && c <= 0x0C) || (c >= 0x1C && c <= 0x1E);
  return uni_flags(c) & UNI_LINEBREAK;
}

static bool uni_isxid_start(uint32_t c) {
  if (c < 128) return c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  return uni_flags(c) & UNI_XID_START;
}

static bool uni_isxid_continue(uint32_t c) {
  if (c < 128) return uni_isxid_start(c) || (c >= '0' && c <= '9');
  return uni_flags(c) & UNI_XID_CONTINUE;
}

uint32_t py__uni_tolower(uint32_t c) {
  if (c < 128) return c >= 'A' && c <= 'Z' ? c + 32 : c;
  const struct uni_case *m = uni_case_of(c);
  return m ? (uint32_t)((int64_t)c + m->lower) : c;
}

uint32_t py__uni_toupper(uint32_t c) {
  if (c < 128) return c >= 'a' && c <= 'z' ? c - 32 : c;
  const struct uni_case *m = uni_case_of(c);
  return m ? (uint32_t)((int64_t)c + m->upper) : c;
}

/* Full mappings (which may grow the text: ß -> SS). which: 0 lower,
 * 1 upper, 2 title. */
static int put_mapped(py_buf *b, uint32_t c, int which) {
  if (c < 128) {
    if (which == 0 && c >= 'A' && c <= 'Z') c += 32;
    else if (which != 0 && c >= 'a' && c <= 'z') c -= 32;
    return py__buf_putc(b, (char)c);
  }
  const struct uni_case *m = uni_case_of(c);
  if (m) {
    int32_t d = which == 0 ? m->lower : which == 1 ? m->upper : m->title;
    return py__buf_putcp(b, (uint32_t)((int64_t)c + d));
  }
  const struct uni_special *sp = uni_special_of(c);
  if (sp) {
    const uint32_t *v = which == 0 ? sp->lower : which == 1 ? sp->upper : sp->title;
    int rc = 0;
    for (int i = 0; i < 3 && v[i]; i++) rc |= py__buf_putcp(b, v[i]);
    return rc;
  }
  return py__buf_putcp(b, c);
}

static int put_upper(py_buf *b, uint32_t c) { return put_mapped(b, c, 1); }
static int put_title(py_buf *b, uint32_t c) { return put_mapped(b, c, 2); }

/* lower() of cps[i], with Greek capital sigma becoming final sigma at the
 * end of a word (CPython's handle_capital_sigma). */
static int put_lower_at(py_buf *b, const uint32_t *cps, py_ssize_t n, py_ssize_t i) {
  uint32_t c = cps[i];
  if (c != 0x3A3) return put_mapped(b, c, 0);
  py_ssize_t j;
  uint32_t x = 0;
  for (j = i - 1; j >= 0; j--) {
    x = cps[j];
    if (!uni_is_case_ignorable(x)) break;
  }
  bool final = j >= 0 && uni_iscased(x);
  if (final && i < n - 1) {
    for (j = i + 1; j < n; j++) {
      x = cps[j];
      if (!uni_is_case_ignorable(x)) break;
    }
    final = j == n || !uni_iscased(x);
  }
  return py__buf_putcp(b, final ? 0x3C2 : 0x3C3);
}

static int put_casefold(py_buf *b, uint32_t c) {
  if (c >= 128)
    for (size_t i = 0; i < sizeof uni_folds / sizeof uni_folds[0]; i++)
      if (uni_folds[i].cp == c) {
        int rc = 0;
        for (int k = 0; k < 3 && uni_folds[i].fold[k]; k++)
          rc |= py__buf_putcp(b, uni_folds[i].fold[k]);
        return rc;
      }
  return put_mapped(b, c, 0);
}

/* ---------------------------------------------------------------- repr */

static py_obj *str_repr(py_obj *o) {
  py_strobj *s = (py_strobj *)o;
  const char *d = s->data;
  bool has_sq = memchr(d, '\'', (size_t)s->size) != NULL;
  bool has_dq = memchr(d, '"', (size_t)s->size) != NULL;
  char quote = has_sq && !has_dq ? '"' : '\'';
  py_buf b;
  py__buf_init(&b);
  int rc = py__buf_putc(&b, quote);
  const unsigned char *p = (const unsigned char *)d, *end = p + s->size;
  while (p < end && rc == 0) {
    const unsigned char *start = p;
    uint32_t c = py__utf8_next(&p);
    if (c == (uint32_t)quote || c == '\\') {
      rc = py__buf_putc(&b, '\\');
      rc |= py__buf_putc(&b, (char)c);
    } else if (c == '\t') {
      rc = py__buf_put(&b, "\\t", 2);
    } else if (c == '\n') {
      rc = py__buf_put(&b, "\\n", 2);
    } else if (c == '\r') {
      rc = py__buf_put(&b, "\\r", 2);
    } else if (py__uni_isprintable(c)) {
      rc = py__buf_put(&b, (const char *)start, (size_t)(p - start));
    } else if (c < 0x100) {
      rc = py__buf_printf(&b, "\\x%02x", c);
    } else if (c < 0x10000) {
      rc = py__buf_printf(&b, "\\u%04x", c);
    } else {
      rc = py__buf_printf(&b, "\\U%08x", c);
    }
  }
  if (rc == 0) rc = py__buf_putc(&b, quote);
  return py__buf_finish_rc(&b, rc);
}

static py_obj *str_str(py_obj *o) {
  if (o->type == &py_str_type) return py_newref(o);
  py_strobj *s = (py_strobj *)o;
  return py__str_new(s->data, s->size, s->len, s->kind);
}

static py_hash_t str_hash(py_obj *o) { return py__str_hash(o); }

static py_obj *str_richcompare(py_obj *a, py_obj *b, int op) {
  if (!py_str_check(a) || !py_str_check(b)) return py_newref(py_NotImplemented);
  if (op == PY_EQ || op == PY_NE) return py_bool_from(py_str_eq(a, b) == (op == PY_EQ));
  py_strobj *x = (py_strobj *)a, *y = (py_strobj *)b;
  size_t n = (size_t)(x->size < y->size ? x->size : y->size);
  int c = memcmp(x->data, y->data, n);
  if (c == 0) c = x->size < y->size ? -1 : x->size > y->size;
  return py_bool_from(py__compare_ints(c, 0, op));
}

/* ------------------------------------------------------ concat, repeat */

py_obj *py_str_concat(py_obj *a, py_obj *b) {
  py_strobj *x = (py_strobj *)a, *y = (py_strobj *)b;
  if (y->size == 0 && a->type == &py_str_type) return py_newref(a);
  if (x->size == 0 && b->type == &py_str_type) return py_newref(b);
  py_strobj *s = str_alloc(x->size + y->size);
  if (!s) return NULL;
  memcpy(s->data, x->data, (size_t)x->size);
  memcpy(s->data + x->size, y->data, (size_t)y->size);
  s->len = x->len + y->len;
  s->kind = x->kind > y->kind ? x->kind : y->kind;
  s->ascii = x->ascii && y->ascii;
  return &s->ob;
}

static py_obj *str_sq_concat(py_obj *a, py_obj *b) {
  if (!py_str_check(b))
    return py_err_format(&py_exc_TypeError,
                         "can only concatenate str (not \"%s\") to str",
                         py_type_name(b));
  return py_str_concat(a, b);
}

int py_str_append_inplace(py_obj **ps, py_obj *b) {
  py_obj *a = *ps;
  if (!py_str_check(b)) {
    py_err_format(&py_exc_TypeError, "can only concatenate str (not \"%s\") to str",
                  py_type_name(b));
    PY_CLEAR(*ps);
    return -1;
  }
  py_strobj *x = (py_strobj *)a, *y = (py_strobj *)b;
  if (a->refcnt == 1 && a->type == &py_str_type && !x->interned && x->size > 0 &&
      !(x->size == 1 && x->ascii)) {
    size_t oldn = sizeof(py_strobj) + (size_t)x->size + 1;
    size_t newn = oldn + (size_t)y->size;
    py_strobj *s = py_mem_realloc(x, oldn, newn);
    if (!s) {
      py_decref(a);
      *ps = NULL;
      return -1;
    }
    memcpy(s->data + s->size, y->data, (size_t)y->size + 1);
    s->size += y->size;
    s->len += y->len;
    if (y->kind > s->kind) s->kind = y->kind;
    s->ascii = s->ascii && y->ascii;
    s->hash = -1;
    *ps = &s->ob;
    return 0;
  }
  py_obj *r = py_str_concat(a, b);
  py_decref(a);
  *ps = r;
  return r ? 0 : -1;
}

static py_obj *str_repeat(py_obj *o, py_ssize_t n) {
  py_strobj *x = (py_strobj *)o;
  if (n <= 0 || x->size == 0) return py_str_empty();
  if (n == 1 && o->type == &py_str_type) return py_newref(o);
  if (x->size > PTRDIFF_MAX / n) return py_err_no_memory();
  py_strobj *s = str_alloc(x->size * n);
  if (!s) return NULL;
  if (x->size == 1) {
    memset(s->data, x->data[0], (size_t)n);
  } else {
    for (py_ssize_t i = 0; i < n; i++)
      memcpy(s->data + i * x->size, x->data, (size_t)x->size);
  }
  s->len = x->len * n;
  s->kind = x->kind;
  s->ascii = x->ascii;
  return &s->ob;
}

/* ------------------------------------------------- length, items, slices */

static py_ssize_t str_len(py_obj *o) { return ((py_strobj *)o)->len; }

static py_obj *substr(py_obj *o, py_ssize_t i, py_ssize_t j) {
  py_strobj *s = (py_strobj *)o;
  if (i == 0 && j == s->len && o->type == &py_str_type) return py_newref(o);
  if (s->ascii) return py__str_new(s->data + i, j - i, j - i, 1);
  py_ssize_t bi = py__str_offset(o, i);
  const unsigned char *p = (const unsigned char *)s->data + bi;
  const unsigned char *q = p;
  for (py_ssize_t k = i; k < j; k++) py__utf8_next(&q);
  return py_str_from_utf8((const char *)p, (size_t)(q - p));
}

static py_obj *str_item(py_obj *o, py_ssize_t i) {
  py_strobj *s = (py_strobj *)o;
  if (i < 0 || i >= s->len)
    return py_err_set_str(&py_exc_IndexError, "string index out of range");
  if (s->ascii) return py_newref(char_cache[(unsigned char)s->data[i]]);
  return py_str_from_char(py_str_char_at(o, i));
}

static py_obj *str_getitem(py_obj *o, py_obj *key) {
  py_strobj *s = (py_strobj *)o;
  if (key->type == &py_slice_type) {
    py_ssize_t start, stop, step, n;
    if (py_slice_unpack(key, s->len, &start, &stop, &step, &n) < 0) return NULL;
    if (n <= 0) return py_str_empty();
    if (step == 1) return substr(o, start, stop);
    py_buf b;
    py__buf_init(&b);
    if (s->ascii) {
      for (py_ssize_t i = 0, k = start; i < n; i++, k += step)
        if (py__buf_putc(&b, s->data[k]) < 0) goto fail;
    } else {
      /* decode once, then pick */
      uint32_t *cps = py_mem_alloc((size_t)s->len * sizeof(uint32_t));
      if (!cps) goto fail;
      const unsigned char *p = (const unsigned char *)s->data;
      for (py_ssize_t i = 0; i < s->len; i++) cps[i] = py__utf8_next(&p);
      int rc = 0;
      for (py_ssize_t i = 0, k = start; i < n && !rc; i++, k += step)
        rc = py__buf_putcp(&b, cps[k]);
      py_mem_free(cps, (size_t)s->len * sizeof(uint32_t));
      if (rc) goto fail;
    }
    return py__buf_finish(&b);
  fail:
    py__buf_free(&b);
    return NULL;
  }
  if (!py_int_check(key) && !key->type->nb_index)
    return py_err_format(&py_exc_TypeError, "string indices must be integers, not '%s'",
                         py_type_name(key));
  py_ssize_t i;
  if (py__seq_index(key, s->len, "string", &i) < 0) return NULL;
  return str_item(o, i);
}

/* Find needle in hay[lo:hi) (byte offsets); returns the byte offset or -1. */
static py_ssize_t find_bytes(const char *hay, py_ssize_t lo, py_ssize_t hi,
                             const char *needle, py_ssize_t m) {
  if (hi - lo < m) return -1;
  if (m == 0) return lo;
  const char *r = memmem(hay + lo, (size_t)(hi - lo), needle, (size_t)m);
  return r ? r - hay : -1;
}

static py_ssize_t rfind_bytes(const char *hay, py_ssize_t lo, py_ssize_t hi,
                              const char *needle, py_ssize_t m) {
  if (hi - lo < m) return -1;
  if (m == 0) return hi;
  for (py_ssize_t i = hi - m; i >= lo; i--)
    if (hay[i] == needle[0] && memcmp(hay + i, needle, (size_t)m) == 0) return i;
  return -1;
}

static int str_contains(py_obj *o, py_obj *item) {
  if (!py_str_check(item)) {
    py_err_format(&py_exc_TypeError,
                  "'in <string>' requires string as left operand, not %s",
                  py_type_name(item));
    return -1;
  }
  py_strobj *s = (py_strobj *)o, *n = (py_strobj *)item;
  return find_bytes(s->data, 0, s->size, n->data, n->size) >= 0;
}

/* ------------------------------------------------------------- iterator */

typedef struct py_str_iter {
  py_obj ob;
  py_obj *str;          /* NULL once exhausted */
  py_ssize_t off;       /* byte offset of the next code point */
} py_str_iter;

static py_obj *str_iter(py_obj *o) {
  py_str_iter *it = (py_str_iter *)py_obj_alloc(&py_str_iter_type, sizeof(py_str_iter));
  if (!it) return NULL;
  it->str = py_newref(o);
  return &it->ob;
}

static py_obj *str_iter_next(py_obj *o) {
  py_str_iter *it = (py_str_iter *)o;
  if (!it->str) return NULL;
  py_strobj *s = (py_strobj *)it->str;
  if (it->off >= s->size) {
    PY_CLEAR(it->str);
    return NULL;
  }
  const unsigned char *p = (const unsigned char *)s->data + it->off;
  if (*p < 0x80) {
    it->off++;
    return py_newref(char_cache[*p]);
  }
  const unsigned char *q = p;
  uint32_t c = py__utf8_next(&q);
  it->off = q - (const unsigned char *)s->data;
  return py__str_new((const char *)p, q - p, 1, c < 0x100 ? 1 : c < 0x10000 ? 2 : 4);
}

static void str_iter_dealloc(py_obj *o) {
  py_xdecref(((py_str_iter *)o)->str);
  py_obj_free(o, sizeof(py_str_iter));
}

static py_obj *iter_self(py_obj *o) { return py_newref(o); }

py_type py_str_iter_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "str_ascii_iterator",
    .basicsize = sizeof(py_str_iter),
    .dealloc = str_iter_dealloc,
    .iter = iter_self,
    .iternext = str_iter_next,
};

/* ----------------------------------------------------- argument helpers */

static int need_str(py_obj *o, const char *what) {
  if (py_str_check(o)) return 0;
  if (what)
    py_err_format(&py_exc_TypeError, "%s", what);
  else
    py_err_format(&py_exc_TypeError, "must be str, not %s", py_type_name(o));
  return -1;
}

/* Optional start/end arguments (ints or None) resolved against len. */
static int start_end(py_obj *const *args, py_ssize_t nargs, py_ssize_t idx,
                     py_ssize_t len, py_ssize_t *start, py_ssize_t *end) {
  *start = 0;
  *end = len;
  for (int k = 0; k < 2; k++) {
    if (nargs <= idx + k || args[idx + k] == py_None) continue;
    int64_t v;
    if (!py_int_check(args[idx + k]) && !args[idx + k]->type->nb_index) {
      py_err_set_str(&py_exc_TypeError,
                     "slice indices must be integers or None or have an "
                     "__index__ method");
      return -1;
    }
    if (py_index_value(args[idx + k], &v) < 0) return -1;
    if (v < 0) {
      v += len;
      if (v < 0) v = 0;
    } else if (v > len && k == 1) {
      v = len;   /* start may stay past the end: then nothing is found */
    } else if (v > len) {
      v = len + 1;
    }
    if (k == 0) *start = (py_ssize_t)v;
    else *end = (py_ssize_t)v;
  }
  return 0;
}

static py_ssize_t cp_index(py_obj *s, py_ssize_t byte_off) {
  if (((py_strobj *)s)->ascii) return byte_off;
  return py__utf8_count(py_str_utf8(s), (size_t)byte_off);
}

/* ------------------------------------------------------------- methods */

#define METHOD(name) \
  static py_obj *name(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames)

static py_obj *do_find(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                       py_obj *kwnames, const char *name, bool reverse,
                       bool raise) {
  if (py_check_nokw(name, kwnames) < 0) return NULL;
  if (nargs < 1 || nargs > 3) {
    if (nargs < 1)
      return py_err_format(&py_exc_TypeError, "%s() takes at least 1 argument (0 given)",
                           name);
    return py_err_format(&py_exc_TypeError, "%s() takes at most 3 arguments (%zd given)",
                         name, nargs);
  }
  if (need_str(args[0], NULL) < 0) return NULL;
  py_strobj *s = (py_strobj *)self;
  py_ssize_t start, end;
  if (start_end(args, nargs, 1, s->len, &start, &end) < 0) return NULL;
  py_ssize_t r = -1;
  if (start <= s->len && start <= end) {
    py_ssize_t bs = py__str_offset(self, start), be = py__str_offset(self, end);
    {
      py_ssize_t off = reverse ? rfind_bytes(s->data, bs, be, py_str_utf8(args[0]),
                                             py_str_size(args[0]))
                               : find_bytes(s->data, bs, be, py_str_utf8(args[0]),
                                            py_str_size(args[0]));
      if (off >= 0) r = cp_index(self, off);
    }
  }
  if (r < 0 && raise) return py_err_set_str(&py_exc_ValueError, "substring not found");
  return py_int_from(r);
}

METHOD(str_find) { return do_find(self, args, nargs, kwnames, "find", false, false); }
METHOD(str_rfind) { return do_find(self, args, nargs, kwnames, "rfind", true, false); }
METHOD(str_index) { return do_find(self, args, nargs, kwnames, "index", false, true); }
METHOD(str_rindex) { return do_find(self, args, nargs, kwnames, "rindex", true, true); }

METHOD(str_count) {
  if (py_check_nokw("count", kwnames) < 0) return NULL;
  if (nargs < 1)
    return py_err_set_str(&py_exc_TypeError, "count() takes at least 1 argument (0 given)");
  if (nargs > 3)
    return py_err_format(&py_exc_TypeError, "count() takes at most 3 arguments (%zd given)",
                         nargs);
  if (need_str(args[0], NULL) < 0) return NULL;
  py_strobj *s = (py_strobj *)self;
  py_ssize_t start, end;
  if (start_end(args, nargs, 1, s->len, &start, &end) < 0) return NULL;
  if (end < start || start > s->len) return py_int_from(0);
  py_ssize_t m = py_str_size(args[0]);
  if (m == 0) return py_int_from(end - start + 1);
  py_ssize_t bs = py__str_offset(self, start), be = py__str_offset(self, end), n = 0;
  for (;;) {
    py_ssize_t off = find_bytes(s->data, bs, be, py_str_utf8(args[0]), m);
    if (off < 0) break;
    n++;
    bs = off + m;
  }
  return py_int_from(n);
}

static py_obj *starts_ends(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                           py_obj *kwnames, bool ends) {
  const char *name = ends ? "endswith" : "startswith";
  if (py_check_nokw(name, kwnames) < 0) return NULL;
  if (nargs < 1 || nargs > 3)
    return py_err_format(&py_exc_TypeError, "%s() takes at %s %d argument%s (%zd given)", name,
                         nargs < 1 ? "least" : "most", nargs < 1 ? 1 : 3,
                         nargs < 1 ? "" : "s", nargs);
  py_strobj *s = (py_strobj *)self;
  py_ssize_t start, end;
  if (start_end(args, nargs, 1, s->len, &start, &end) < 0) return NULL;
  py_obj *const *cands = &args[0];
  py_ssize_t ncand = 1;
  if (py_tuple_check(args[0])) {
    cands = ((py_tuple *)args[0])->items;
    ncand = py_tuple_len(args[0]);
  }
  for (py_ssize_t i = 0; i < ncand; i++) {
    py_obj *c = cands[i];
    if (!py_str_check(c)) {
      if (cands == &args[0])
        return py_err_format(&py_exc_TypeError,
                             "%s first arg must be str or a tuple of str, not %s",
                             name, py_type_name(c));
      return py_err_format(&py_exc_TypeError,
                           "tuple for %s must only contain str, not %s", name,
                           py_type_name(c));
    }
    py_ssize_t clen = py_str_len(c);
    if (end - start < clen) continue;
    py_ssize_t pos = ends ? end - clen : start;
    py_ssize_t bp = py__str_offset(self, pos);
    if (memcmp(s->data + bp, py_str_utf8(c), (size_t)py_str_size(c)) == 0)
      return py_bool_from(true);
  }
  return py_bool_from(false);
}

METHOD(str_startswith) { return starts_ends(self, args, nargs, kwnames, false); }
METHOD(str_endswith) { return starts_ends(self, args, nargs, kwnames, true); }

/* The case methods on non-ASCII text: decode once (lower() needs the
 * neighbours for final sigma), then map. kind: 0 upper, 1 lower,
 * 2 swapcase, 3 title, 4 capitalize, 5 casefold. */
static py_obj *case_map(py_obj *self, int kind) {
  py_strobj *s = (py_strobj *)self;
  py_ssize_t n = s->len;
  uint32_t small[64];
  uint32_t *cps = n <= 64 ? small : py_mem_alloc((size_t)n * sizeof(uint32_t));
  if (!cps) return NULL;
  const unsigned char *p = (const unsigned char *)s->data;
  for (py_ssize_t i = 0; i < n; i++) cps[i] = py__utf8_next(&p);
  py_buf b;
  py__buf_init(&b);
  int rc = 0;
  bool prev_cased = false;
  for (py_ssize_t i = 0; i < n && !rc; i++) {
    uint32_t c = cps[i];
    switch (kind) {
      case 0: rc = put_upper(&b, c); break;
      case 1: rc = put_lower_at(&b, cps, n, i); break;
      case 2:
        if (py__uni_isupper(c)) rc = put_lower_at(&b, cps, n, i);
        else if (py__uni_islower(c)) rc = put_upper(&b, c);
        else rc = py__buf_putcp(&b, c);
        break;
      case 3:
        rc = prev_cased ? put_lower_at(&b, cps, n, i) : put_title(&b, c);
        prev_cased = uni_iscased(c);
        break;
      case 4: rc = i == 0 ? put_title(&b, c) : put_lower_at(&b, cps, n, i); break;
      default: rc = put_casefold(&b, c); break;
    }
  }
  if (cps != small) py_mem_free(cps, (size_t)n * sizeof(uint32_t));
  return py__buf_finish_rc(&b, rc);
}

static py_obj *ascii_map(py_obj *self, int kind) {
  py_strobj *s = (py_strobj *)self;
  py_strobj *r = str_alloc(s->size);
  if (!r) return NULL;
  r->len = s->len;
  r->kind = 1;
  r->ascii = 1;
  bool prev = false, first = true;
  for (py_ssize_t i = 0; i < s->size; i++) {
    char c = s->data[i];
    bool lo = c >= 'a' && c <= 'z', up = c >= 'A' && c <= 'Z';
    switch (kind) {
      case 0: if (lo) c -= 32; break;                     /* upper */
      case 1: if (up) c += 32; break;                     /* lower */
      case 2: if (lo) c -= 32; else if (up) c += 32; break;
      case 3:                                             /* title */
        if (prev) { if (up) c += 32; } else if (lo) c -= 32;
        prev = lo || up;
        break;
      default:                                            /* capitalize */
        if (first) { if (lo) c -= 32; } else if (up) c += 32;
        first = false;
        break;
    }
    r->data[i] = c;
  }
  return &r->ob;
}

/* A case method (fname, no arguments): ascii_map's kind for ASCII text,
 * case_map's otherwise (casefold is lower() on ASCII). */
static py_obj *case_method(py_obj *self, py_ssize_t nargs, const char *fname, int kind) {
  if (py_check_args(fname, nargs, 0, 0) < 0) return NULL;
  if (((py_strobj *)self)->ascii) return ascii_map(self, kind == 5 ? 1 : kind);
  return case_map(self, kind);
}

METHOD(str_upper) { return case_method(self, nargs, "str.upper", 0); }
METHOD(str_lower) { return case_method(self, nargs, "str.lower", 1); }
METHOD(str_swapcase) { return case_method(self, nargs, "str.swapcase", 2); }
METHOD(str_casefold) { return case_method(self, nargs, "str.casefold", 5); }
METHOD(str_title) { return case_method(self, nargs, "str.title", 3); }
METHOD(str_capitalize) { return case_method(self, nargs, "str.capitalize", 4); }

typedef bool (*cp_pred)(uint32_t c);

/* A str.isX() method (fname, no arguments): whether f holds for every
 * character; empty_ok is the answer for "". */
static py_obj *all_chars(py_obj *self, py_ssize_t nargs, const char *fname, cp_pred f,
                         bool empty_ok) {
  if (py_check_args(fname, nargs, 0, 0) < 0) return NULL;
  py_strobj *s = (py_strobj *)self;
  if (s->len == 0) return py_bool_from(empty_ok);
  const unsigned char *p = (const unsigned char *)s->data, *end = p + s->size;
  while (p < end)
    if (!f(py__utf8_next(&p))) return py_bool_from(false);
  return py_bool_from(true);
}

static bool uni_isalnum(uint32_t c) {
  return py__uni_isalpha(c) || py__uni_isdecimal(c) || py__uni_isdigit(c) ||
         py__uni_isnumeric(c);
}

METHOD(str_isdigit) { return all_chars(self, nargs, "str.isdigit", py__uni_isdigit, false); }
METHOD(str_isdecimal) {
  return all_chars(self, nargs, "str.isdecimal", py__uni_isdecimal, false);
}
METHOD(str_isnumeric) {
  return all_chars(self, nargs, "str.isnumeric", py__uni_isnumeric, false);
}
METHOD(str_isalpha) { return all_chars(self, nargs, "str.isalpha", py__uni_isalpha, false); }
METHOD(str_isalnum) { return all_chars(self, nargs, "str.isalnum", uni_isalnum, false); }
METHOD(str_isspace) { return all_chars(self, nargs, "str.isspace", py__uni_isspace, false); }
METHOD(str_isprintable) {
  return all_chars(self, nargs, "str.isprintable", py__uni_isprintable, true);
}

METHOD(str_isascii) {
  if (py_check_args("str.isascii", nargs, 0, 0) < 0) return NULL;
  return py_bool_from(((py_strobj *)self)->ascii);
}

/* str.islower() / str.isupper() (fname, no arguments). */
static py_obj *case_check(py_obj *self, py_ssize_t nargs, const char *fname, bool want_lower) {
  if (py_check_args(fname, nargs, 0, 0) < 0) return NULL;
  py_strobj *s = (py_strobj *)self;
  bool cased = false;
  const unsigned char *p = (const unsigned char *)s->data, *end = p + s->size;
  while (p < end) {
    uint32_t c = py__utf8_next(&p);
    if ((want_lower ? py__uni_isupper(c) : py__uni_islower(c)) || uni_istitle(c))
      return py_bool_from(false);
    if (want_lower ? py__uni_islower(c) : py__uni_isupper(c)) cased = true;
  }
  return py_bool_from(cased);
}

METHOD(str_islower) { return case_check(self, nargs, "str.islower", true); }
METHOD(str_isupper) { return case_check(self, nargs, "str.isupper", false); }

METHOD(str_istitle) {
  if (py_check_args("str.istitle", nargs, 0, 0) < 0) return NULL;
  py_strobj *s = (py_strobj *)self;
  bool cased = false, prev = false;
  const unsigned char *p = (const unsigned char *)s->data, *end = p + s->size;
  while (p < end) {
    uint32_t c = py__utf8_next(&p);
    if (py__uni_isupper(c) || uni_istitle(c)) {
      if (prev) return py_bool_from(false);
      prev = cased = true;
    } else if (py__uni_islower(c)) {
      if (!prev) return py_bool_from(false);
      prev = cased = true;
    } else {
      prev = false;
    }
  }
  return py_bool_from(cased);
}

METHOD(str_isidentifier) {
  if (py_check_args("str.isidentifier", nargs, 0, 0) < 0) return NULL;
  py_strobj *s = (py_strobj *)self;
  if (s->len == 0) return py_bool_from(false);
  const unsigned char *p = (const unsigned char *)s->data, *end = p + s->size;
  bool first = true;
  while (p < end) {
    uint32_t c = py__utf8_next(&p);
    bool ok = first ? uni_isxid_start(c) : uni_isxid_continue(c);
    if (!ok) return py_bool_from(false);
    first = false;
  }
  return py_bool_from(true);
}

/* The characters a scan skips: white space (cps NULL), or the n code
 * points of a strip() argument. */
typedef struct charset {
  const uint32_t *cps;
  py_ssize_t n;
} charset;

static bool charset_has(const charset *cs, uint32_t c) {
  if (!cs->cps) return py__uni_isspace(c);
  for (py_ssize_t i = 0; i < cs->n; i++)
    if (cs->cps[i] == c) return true;
  return false;
}

/* From p forwards: the first character (before end) for which
 * charset_has(c) != in; end if there is none. */
static const unsigned char *skip_fwd(const unsigned char *p, const unsigned char *end,
                                     const charset *cs, bool in) {
  while (p < end) {
    const unsigned char *q = p;
    if (charset_has(cs, py__utf8_next(&q)) != in) break;
    p = q;
  }
  return p;
}

/* From e backwards (not below lo): the end of the last character for
 * which charset_has(c) != in; lo if there is none. */
static const unsigned char *skip_back(const unsigned char *lo, const unsigned char *e,
                                      const charset *cs, bool in) {
  while (e > lo) {
    const unsigned char *q = e - 1;
    while (q > lo && (*q & 0xC0) == 0x80) q--;
    const unsigned char *r = q;
    if (charset_has(cs, py__utf8_next(&r)) != in) break;
    e = q;
  }
  return e;
}

/* strip: which 1 left, 2 right, 3 both. */
static py_obj *do_strip(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                        py_obj *kwnames, int which, const char *name) {
  if (py_check_nokw(name, kwnames) < 0) return NULL;
  if (py_check_args(name, nargs, 0, 1) < 0) return NULL;
  py_obj *chars = nargs ? args[0] : py_None;
  if (chars != py_None && !py_str_check(chars))
    return py_err_format(&py_exc_TypeError, "%s arg must be None or str", name);
  py_strobj *s = (py_strobj *)self;
  const unsigned char *p = (const unsigned char *)s->data;
  const unsigned char *lo = p, *hi = p + s->size;
  /* code points of chars (few) */
  uint32_t set_small[32];
  uint32_t *set = set_small;
  charset cs = {NULL, 0};
  if (chars != py_None) {
    cs.n = py_str_len(chars);
    if (cs.n > 32) {
      set = py_mem_alloc((size_t)cs.n * sizeof(uint32_t));
      if (!set) return NULL;
    }
    const unsigned char *q = (const unsigned char *)py_str_utf8(chars);
    for (py_ssize_t i = 0; i < cs.n; i++) set[i] = py__utf8_next(&q);
    cs.cps = set;
  }
  if (which & 1) lo = skip_fwd(lo, hi, &cs, true);
  if (which & 2) hi = skip_back(lo, hi, &cs, true);
  if (set != set_small) py_mem_free(set, (size_t)cs.n * sizeof(uint32_t));
  if (lo == p && hi == p + s->size && self->type == &py_str_type) return py_newref(self);
  return py_str_from_utf8((const char *)lo, (size_t)(hi - lo));
}

METHOD(str_strip) { return do_strip(self, args, nargs, kwnames, 3, "strip"); }
METHOD(str_lstrip) { return do_strip(self, args, nargs, kwnames, 1, "lstrip"); }
METHOD(str_rstrip) { return do_strip(self, args, nargs, kwnames, 2, "rstrip"); }

static int list_add_piece(py_obj *list, const char *p, size_t n) {
  py_obj *s = py_str_from_utf8(p, n);
  if (!s) return -1;
  return py_list_append_steal(list, s);
}

static py_obj *split_whitespace(py_obj *self, int64_t maxsplit, bool right) {
  static const charset ws = {NULL, 0};
  py_strobj *s = (py_strobj *)self;
  py_obj *list = py_list_new(0);
  if (!list) return NULL;
  const unsigned char *base = (const unsigned char *)s->data;
  if (!right) {
    const unsigned char *p = base, *end = base + s->size;
    while (p < end) {
      p = skip_fwd(p, end, &ws, true);
      if (p >= end) break;
      if (maxsplit == 0) {
        /* the rest, minus trailing white space */
        const unsigned char *e = skip_back(p, end, &ws, true);
        if (list_add_piece(list, (const char *)p, (size_t)(e - p)) < 0) goto fail;
        break;
      }
      const unsigned char *w = p;
      p = skip_fwd(p, end, &ws, false);
      if (list_add_piece(list, (const char *)w, (size_t)(p - w)) < 0) goto fail;
      maxsplit--;
    }
    return list;
  }
  const unsigned char *lo = base, *e = base + s->size;
  while (e > lo) {
    e = skip_back(lo, e, &ws, true);
    if (e <= lo) break;
    if (maxsplit == 0) {
      const unsigned char *b = skip_fwd(lo, e, &ws, true);
      if (list_add_piece(list, (const char *)b, (size_t)(e - b)) < 0) goto fail;
      break;
    }
    const unsigned char *w = skip_back(lo, e, &ws, false);
    if (list_add_piece(list, (const char *)w, (size_t)(e - w)) < 0) goto fail;
    e = w;
    maxsplit--;
  }
  py_list_reverse(list);
  return list;
fail:
  py_decref(list);
  return NULL;
}

static py_obj *do_split(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                        py_obj *kwnames, bool right) {
  static const char *const names[] = {"sep", "maxsplit"};
  py_obj *a[2];
  if (py_parse_args(right ? "rsplit" : "split", args, nargs, kwnames, names, 2, 0, a) < 0)
    return NULL;
  int64_t maxsplit = -1;
  if (a[1] && py_index_value(a[1], &maxsplit) < 0) return NULL;
  if (maxsplit < 0) maxsplit = INT64_MAX;
  py_obj *sep = a[0];
  if (!sep || sep == py_None) return split_whitespace(self, maxsplit, right);
  if (!py_str_check(sep))
    return py_err_format(&py_exc_TypeError, "must be str or None, not %s",
                         py_type_name(sep));
  py_ssize_t m = py_str_size(sep);
  if (m == 0) return py_err_set_str(&py_exc_ValueError, "empty separator");
  py_strobj *s = (py_strobj *)self;
  py_obj *list = py_list_new(0);
  if (!list) return NULL;
  if (!right) {
    py_ssize_t pos = 0;
    while (maxsplit-- > 0) {
      py_ssize_t off = find_bytes(s->data, pos, s->size, py_str_utf8(sep), m);
      if (off < 0) break;
      if (list_add_piece(list, s->data + pos, (size_t)(off - pos)) < 0) goto fail;
      pos = off + m;
    }
    if (pos == 0 && self->type == &py_str_type) {
      if (py_list_append(list, self) < 0) goto fail;
    } else if (list_add_piece(list, s->data + pos, (size_t)(s->size - pos)) < 0) {
      goto fail;
    }
    return list;
  }
  py_ssize_t end = s->size;
  while (maxsplit-- > 0) {
    py_ssize_t off = rfind_bytes(s->data, 0, end, py_str_utf8(sep), m);
    if (off < 0) break;
    if (list_add_piece(list, s->data + off + m, (size_t)(end - off - m)) < 0) goto fail;
    end = off;
  }
  if (list_add_piece(list, s->data, (size_t)end) < 0) goto fail;
  py_list_reverse(list);
  return list;
fail:
  py_decref(list);
  return NULL;
}

METHOD(str_split) { return do_split(self, args, nargs, kwnames, false); }
METHOD(str_rsplit) { return do_split(self, args, nargs, kwnames, true); }

METHOD(str_splitlines) {
  static const char *const names[] = {"keepends"};
  py_obj *a[1];
  if (py_parse_args("splitlines", args, nargs, kwnames, names, 1, 0, a) < 0) return NULL;
  int keep = 0;
  if (a[0] && (keep = py_is_true(a[0])) < 0) return NULL;
  py_strobj *s = (py_strobj *)self;
  py_obj *list = py_list_new(0);
  if (!list) return NULL;
  const unsigned char *base = (const unsigned char *)s->data;
  const unsigned char *p = base, *end = base + s->size, *line = base;
  while (p < end) {
    const unsigned char *q = p;
    uint32_t c = py__utf8_next(&q);
    if (!uni_islinebreak(c)) {
      p = q;
      continue;
    }
    const unsigned char *eol = p;
    if (c == '\r' && q < end && *q == '\n') q++;
    if (list_add_piece(list, (const char *)line,
                       (size_t)((keep ? q : eol) - line)) < 0) {
      py_decref(list);
      return NULL;
    }
    p = line = q;
  }
  if (line < end && list_add_piece(list, (const char *)line, (size_t)(end - line)) < 0) {
    py_decref(list);
    return NULL;
  }
  return list;
}

py_obj *py_str_join(py_obj *sep, py_obj *iterable) {
  py_obj *seq = py_sequence_list(iterable);
  if (!seq) return NULL;
  py_ssize_t n = py_list_len(seq);
  py_strobj *sp = (py_strobj *)sep;
  if (n == 1 && py_list_get(seq, 0)->type == &py_str_type) {
    py_obj *r = py_newref(py_list_get(seq, 0));
    py_decref(seq);
    return r;
  }
  py_ssize_t size = 0, len = 0;
  int kind = sp->kind;
  for (py_ssize_t i = 0; i < n; i++) {
    py_obj *it = py_list_get(seq, i);
    if (!py_str_check(it)) {
      py_err_format(&py_exc_TypeError, "sequence item %zd: expected str instance, %s found",
                    i, py_type_name(it));
      py_decref(seq);
      return NULL;
    }
    py_strobj *x = (py_strobj *)it;
    size += x->size;
    len += x->len;
    if (x->kind > kind) kind = x->kind;
  }
  if (n > 1) {
    size += sp->size * (n - 1);
    len += sp->len * (n - 1);
  }
  py_strobj *r = str_alloc(size);
  if (!r) {
    py_decref(seq);
    return NULL;
  }
  char *out = r->data;
  for (py_ssize_t i = 0; i < n; i++) {
    if (i) {
      memcpy(out, sp->data, (size_t)sp->size);
      out += sp->size;
    }
    py_strobj *x = (py_strobj *)py_list_get(seq, i);
    memcpy(out, x->data, (size_t)x->size);
    out += x->size;
  }
  r->len = len;
  r->kind = (uint8_t)kind;
  r->ascii = len == size;
  py_decref(seq);
  if (size == 0) {
    py_decref(&r->ob);
    return py_str_empty();
  }
  return &r->ob;
}

METHOD(str_join) {
  if (py_check_nokw("join", kwnames) < 0) return NULL;
  if (nargs != 1)
    return py_err_format(&py_exc_TypeError,
                         "str.join() takes exactly one argument (%zd given)", nargs);
  return py_str_join(self, args[0]);
}

METHOD(str_replace) {
  if (py_check_nokw("replace", kwnames) < 0) return NULL;
  if (nargs < 2)
    return py_err_format(&py_exc_TypeError, "replace expected at least 2 arguments, got %zd",
                         nargs);
  if (nargs > 3)
    return py_err_format(&py_exc_TypeError, "replace expected at most 3 arguments, got %zd",
                         nargs);
  for (int i = 0; i < 2; i++)
    if (!py_str_check(args[i]))
      return py_err_format(&py_exc_TypeError,
                           "replace() argument %d must be str, not %s", i + 1,
                           py_type_name(args[i]));
  int64_t count = -1;
  if (nargs == 3 && py_index_value(args[2], &count) < 0) return NULL;
  if (count < 0) count = INT64_MAX;
  py_strobj *s = (py_strobj *)self, *old = (py_strobj *)args[0], *new_ = (py_strobj *)args[1];
  py_buf b;
  py__buf_init(&b);
  int rc = 0;
  if (old->size == 0) {
    /* insert new before every code point and at the end */
    const unsigned char *p = (const unsigned char *)s->data, *end = p + s->size;
    while (count > 0 && rc == 0) {
      rc |= py__buf_put(&b, new_->data, (size_t)new_->size);
      count--;
      if (p >= end) break;
      const unsigned char *q = p;
      py__utf8_next(&q);
      rc |= py__buf_put(&b, (const char *)p, (size_t)(q - p));
      p = q;
    }
    rc |= py__buf_put(&b, (const char *)p, (size_t)(end - p));
  } else {
    py_ssize_t pos = 0;
    while (count > 0 && rc == 0) {
      py_ssize_t off = find_bytes(s->data, pos, s->size, old->data, old->size);
      if (off < 0) break;
      rc |= py__buf_put(&b, s->data + pos, (size_t)(off - pos));
      rc |= py__buf_put(&b, new_->data, (size_t)new_->size);
      pos = off + old->size;
      count--;
    }
    if (pos == 0 && self->type == &py_str_type) {
      py__buf_free(&b);
      return py_newref(self);
    }
    rc |= py__buf_put(&b, s->data + pos, (size_t)(s->size - pos));
  }
  return py__buf_finish_rc(&b, rc);
}

static int fill_arg(py_obj *const *args, py_ssize_t nargs, py_ssize_t idx,
                    const char *name, const char **fill, size_t *fill_n) {
  *fill = " ";
  *fill_n = 1;
  if (nargs <= idx) return 0;
  py_obj *f = args[idx];
  if (!py_str_check(f)) {
    py_err_format(&py_exc_TypeError,
                  "%s() argument 2 must be str, not %s", name, py_type_name(f));
    return -1;
  }
  if (py_str_len(f) != 1) {
    py_err_set_str(&py_exc_TypeError,
                   "The fill character must be exactly one character long");
    return -1;
  }
  *fill = py_str_utf8(f);
  *fill_n = (size_t)py_str_size(f);
  return 0;
}

static py_obj *pad(py_obj *self, py_ssize_t left, py_ssize_t right,
                   const char *fill, size_t fill_n) {
  if (left <= 0 && right <= 0 && self->type == &py_str_type) return py_newref(self);
  py_buf b;
  py__buf_init(&b);
  if (py__buf_fill(&b, fill, fill_n, left) < 0 || py__buf_putstr(&b, self) < 0 ||
      py__buf_fill(&b, fill, fill_n, right) < 0) {
    py__buf_free(&b);
    return NULL;
  }
  return py__buf_finish(&b);
}

static py_obj *justify(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                       py_obj *kwnames, const char *name, int how) {
  if (py_check_nokw(name, kwnames) < 0) return NULL;
  if (nargs < 1)
    return py_err_format(&py_exc_TypeError, "%s expected at least 1 argument, got 0",
                         name);
  if (nargs > 2)
    return py_err_format(&py_exc_TypeError, "%s expected at most 2 arguments, got %zd",
                         name, nargs);
  int64_t width;
  if (py_index_value(args[0], &width) < 0) return NULL;
  const char *fill;
  size_t fill_n;
  if (fill_arg(args, nargs, 1, name, &fill, &fill_n) < 0) return NULL;
  py_ssize_t len = py_str_len(self);
  if (width <= len) return pad(self, 0, 0, fill, fill_n);
  py_ssize_t marg = (py_ssize_t)width - len;
  if (how == 0) return pad(self, 0, marg, fill, fill_n);
  if (how == 1) return pad(self, marg, 0, fill, fill_n);
  py_ssize_t left = marg / 2 + (marg & width & 1);
  return pad(self, left, marg - left, fill, fill_n);
}

METHOD(str_ljust) { return justify(self, args, nargs, kwnames, "ljust", 0); }
METHOD(str_rjust) { return justify(self, args, nargs, kwnames, "rjust", 1); }
METHOD(str_center) { return justify(self, args, nargs, kwnames, "center", 2); }

METHOD(str_zfill) {
  if (py_check_args("str.zfill", nargs, 1, 1) < 0) return NULL;
  int64_t width;
  if (py_index_value(args[0], &width) < 0) return NULL;
  py_strobj *s = (py_strobj *)self;
  if (width <= s->len) return str_str(self);
  py_ssize_t fill = (py_ssize_t)width - s->len;
  py_buf b;
  py__buf_init(&b);
  const char *d = s->data;
  py_ssize_t n = s->size;
  int rc = 0;
  if (n > 0 && (d[0] == '+' || d[0] == '-')) {
    rc |= py__buf_putc(&b, d[0]);
    d++;
    n--;
  }
  rc |= py__buf_fill(&b, "0", 1, fill);
  rc |= py__buf_put(&b, d, (size_t)n);
  return py__buf_finish_rc(&b, rc);
}

static py_obj *do_partition(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                            bool right) {
  if (py_check_args(right ? "str.rpartition" : "str.partition", nargs, 1, 1) < 0) return NULL;
  if (!py_str_check(args[0]))
    return py_err_format(&py_exc_TypeError, "must be str, not %s", py_type_name(args[0]));
  py_strobj *s = (py_strobj *)self, *sep = (py_strobj *)args[0];
  if (sep->size == 0) return py_err_set_str(&py_exc_ValueError, "empty separator");
  py_ssize_t off = right ? rfind_bytes(s->data, 0, s->size, sep->data, sep->size)
                         : find_bytes(s->data, 0, s->size, sep->data, sep->size);
  py_obj *a, *b, *c;
  if (off < 0) {
    if (right) {
      a = py_str_empty();
      b = py_str_empty();
      c = str_str(self);
    } else {
      a = str_str(self);
      b = py_str_empty();
      c = py_str_empty();
    }
  } else {
    a = py_str_from_utf8(s->data, (size_t)off);
    b = py_newref(args[0]);
    c = py_str_from_utf8(s->data + off + sep->size, (size_t)(s->size - off - sep->size));
  }
  py_obj *t = a && b && c ? py_tuple_pack(3, a, b, c) : NULL;
  py_xdecref(a);
  py_xdecref(b);
  py_xdecref(c);
  return t;
}

METHOD(str_partition) { return do_partition(self, args, nargs, false); }
METHOD(str_rpartition) { return do_partition(self, args, nargs, true); }

METHOD(str_expandtabs) {
  static const char *const names[] = {"tabsize"};
  py_obj *a[1];
  if (py_parse_args("expandtabs", args, nargs, kwnames, names, 1, 0, a) < 0) return NULL;
  int64_t tab = 8;
  if (a[0] && py_index_value(a[0], &tab) < 0) return NULL;
  py_strobj *s = (py_strobj *)self;
  py_buf b;
  py__buf_init(&b);
  int64_t col = 0;
  int rc = 0;
  const unsigned char *p = (const unsigned char *)s->data, *end = p + s->size;
  while (p < end && !rc) {
    const unsigned char *st = p;
    uint32_t c = py__utf8_next(&p);
    if (c == '\t') {
      if (tab > 0) {
        int64_t n = tab - col % tab;
        rc = py__buf_fill(&b, " ", 1, (py_ssize_t)n);
        col += n;
      }
    } else {
      rc = py__buf_put(&b, (const char *)st, (size_t)(p - st));
      col = (c == '\n' || c == '\r') ? 0 : col + 1;
    }
  }
  return py__buf_finish_rc(&b, rc);
}

static py_obj *remove_fix(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                          bool suffix) {
  if (py_check_args(suffix ? "str.removesuffix" : "str.removeprefix", nargs, 1, 1) < 0)
    return NULL;
  if (!py_str_check(args[0]))
    return py_err_format(&py_exc_TypeError,
                         "%s() argument must be str, not %s",
                         suffix ? "removesuffix" : "removeprefix", py_type_name(args[0]));
  py_strobj *s = (py_strobj *)self, *f = (py_strobj *)args[0];
  if (f->size == 0 || f->size > s->size) return str_str(self);
  if (suffix) {
    if (memcmp(s->data + s->size - f->size, f->data, (size_t)f->size) != 0)
      return str_str(self);
    return py_str_from_utf8(s->data, (size_t)(s->size - f->size));
  }
  if (memcmp(s->data, f->data, (size_t)f->size) != 0) return str_str(self);
  return py_str_from_utf8(s->data + f->size, (size_t)(s->size - f->size));
}

METHOD(str_removeprefix) { return remove_fix(self, args, nargs, false); }
METHOD(str_removesuffix) { return remove_fix(self, args, nargs, true); }

METHOD(str_format_method) { return py_str_format(self, args, nargs, kwnames); }

METHOD(str_format_map) {
  if (py_check_args("str.format_map", nargs, 1, 1) < 0) return NULL;
  /* one mapping: pass it as the only keyword source */
  py_obj *keys = py_dict_check(args[0]) ? py_dict_keys_list(args[0]) : NULL;
  if (!keys) {
    if (!py_err_occurred())
      py_err_set_str(&py_exc_TypeError, "format_map() needs a dict");
    return NULL;
  }
  py_ssize_t n = py_list_len(keys);
  py_obj *names = py_list_as_tuple(keys);
  py_obj **vals = n ? py_mem_alloc((size_t)n * sizeof(py_obj *)) : NULL;
  py_obj *r = NULL;
  if (names && (vals || !n)) {
    for (py_ssize_t i = 0; i < n; i++) vals[i] = py_dict_get(args[0], py_list_get(keys, i));
    r = py_str_format(self, vals, 0, names);
  }
  if (vals) py_mem_free(vals, (size_t)n * sizeof(py_obj *));
  py_xdecref(names);
  py_decref(keys);
  return r;
}

METHOD(str_format_spec_method) {
  if (py_check_args("__format__", nargs, 1, 1) < 0) return NULL;
  if (!py_str_check(args[0]))
    return py_err_format(&py_exc_TypeError, "__format__() argument must be str, not %s",
                         py_type_name(args[0]));
  return py__str_format_spec(self, args[0]);
}

static py_obj *str_mod(py_obj *a, py_obj *b) {
  if (!py_str_check(a)) return py_newref(py_NotImplemented);
  return py_str_mod(a, b);
}

static py_obj *str_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                       py_obj *kwnames) {
  static const char *const names[] = {"object", "encoding", "errors"};
  py_obj *a[3];
  if (py_parse_args("str", args, nargs, kwnames, names, 3, 0, a) < 0) return NULL;
  if (a[1] || a[2])
    return py_err_set_str(&py_exc_TypeError, "decoding str is not supported");
  if (!a[0]) return py_str_empty();
  return py_str(a[0]);
}

static const py_method_def str_methods[] = {
    {"find", str_find, 0},           {"rfind", str_rfind, 0},
    {"index", str_index, 0},         {"rindex", str_rindex, 0},
    {"count", str_count, 0},         {"startswith", str_startswith, 0},
    {"endswith", str_endswith, 0},   {"upper", str_upper, 0},
    {"lower", str_lower, 0},         {"swapcase", str_swapcase, 0},
    {"casefold", str_casefold, 0},   {"title", str_title, 0},
    {"capitalize", str_capitalize, 0}, {"isdigit", str_isdigit, 0},
    {"isdecimal", str_isdecimal, 0}, {"isnumeric", str_isnumeric, 0},
    {"isalpha", str_isalpha, 0},     {"isalnum", str_isalnum, 0},
    {"isspace", str_isspace, 0},     {"isprintable", str_isprintable, 0},
    {"isascii", str_isascii, 0},     {"islower", str_islower, 0},
    {"isupper", str_isupper, 0},     {"istitle", str_istitle, 0},
    {"isidentifier", str_isidentifier, 0}, {"strip", str_strip, 0},
    {"lstrip", str_lstrip, 0},       {"rstrip", str_rstrip, 0},
    {"split", str_split, 0},         {"rsplit", str_rsplit, 0},
    {"splitlines", str_splitlines, 0}, {"join", str_join, 0},
    {"replace", str_replace, 0},     {"ljust", str_ljust, 0},
    {"rjust", str_rjust, 0},         {"center", str_center, 0},
    {"zfill", str_zfill, 0},         {"partition", str_partition, 0},
    {"rpartition", str_rpartition, 0}, {"expandtabs", str_expandtabs, 0},
    {"removeprefix", str_removeprefix, 0}, {"removesuffix", str_removesuffix, 0},
    {"format", str_format_method, 0}, {"format_map", str_format_map, 0},
    {"__format__", str_format_spec_method, 0},
    {"encode", py__str_encode, 0},
    {NULL, NULL, 0}};

py_type py_str_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "str",
    .flags = PY_TF_STR_SUB,
    .basicsize = sizeof(py_strobj),
    .itemsize = 1,
    .new_ = str_new,
    .dealloc = str_dealloc,
    .repr = str_repr,
    .str = str_str,
    .hash = str_hash,
    .richcompare = str_richcompare,
    .iter = str_iter,
    .format = py__str_format_spec,
    .nb = {[PY_OP_MOD] = str_mod},
    .len = str_len,
    .getitem = str_getitem,
    .contains = str_contains,
    .sq_concat = str_sq_concat,
    .sq_repeat = str_repeat,
    .methods = str_methods,
};
