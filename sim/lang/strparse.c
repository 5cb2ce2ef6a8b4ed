/* strparse.c: string literals (escapes, bytes, concatenation) and f-strings, as CPython 3.11's string_parser.c. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lang_int.h"
#include "rt.h"

typedef lang__parser P;

/* ------------------------------------------------------------ byte buffer */

typedef struct sbuf {
  char *p;
  size_t n, cap;
  bool oom;
} sbuf;

static void sb_putn(sbuf *b, const char *s, size_t n) {
  if (b->oom || n == 0) return;
  if (b->n + n > b->cap) {
    size_t ncap = b->cap ? b->cap * 2 : 64;
    while (ncap < b->n + n) ncap *= 2;
    char *np = rt_realloc(b->p, ncap);
    if (!np) {
      b->oom = true;
      return;
    }
    b->p = np;
    b->cap = ncap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
}

static void sb_putc(sbuf *b, char c) { sb_putn(b, &c, 1); }

static void sb_put_utf8(sbuf *b, uint32_t c) {
  char out[4];
  int k;
  if (c < 0x80) {
    out[0] = (char)c;
    k = 1;
  } else if (c < 0x800) {
    out[0] = (char)(0xC0 | (c >> 6));
    out[1] = (char)(0x80 | (c & 0x3F));
    k = 2;
  } else if (c < 0x10000) {
    out[0] = (char)(0xE0 | (c >> 12));
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    k = 3;
  } else {
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    k = 4;
  }
  sb_putn(b, out, (size_t)k);
}

static void sb_free(sbuf *b) {
  rt_free(b->p);
  memset(b, 0, sizeof *b);
}

static void *nomem(P *p) {
  p->nomem = p->fail = true;
  return NULL;
}

#define raise_last(p, ...) lang__raise_last((p), LANG_DIAG_SYNTAX_ERROR, __VA_ARGS__)

/* ------------------------------------------------------------- escapes */

/* The offset CPython's unicode_escape decoder reports for byte i of the
 * literal body: decode_unicode_with_escapes first rewrites every non-ASCII
 * character as \UXXXXXXXX (10 bytes) and a backslash before one as \u005c. */
static size_t escaped_offset(const char *s, size_t i) {
  size_t o = 0;
  for (size_t j = 0; j < i;) {
    unsigned char c = (unsigned char)s[j];
    if (c == '\\') {
      o++;
      j++;
      if (j >= i) break;
      if ((unsigned char)s[j] & 0x80) o += 5;
      continue;
    }
    if (c & 0x80) {
      int k = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      o += 10;
      j += (size_t)k;
    } else {
      o++;
      j++;
    }
  }
  return o;
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* The escapes str and bytes literals share, c being the character after
 * the backslash: \\ \' \" \a \b \f \n \r \t \v, and \ooo (up to three
 * octal digits; *i moves past the ones after c). The value, or -1 for
 * another escape. */
static int32_t shared_escape(char c, const char *s, size_t len, size_t *i) {
  switch (c) {
    case '\\': return '\\';
    case '\'': return '\'';
    case '"': return '"';
    case 'b': return '\b';
    case 'f': return '\f';
    case 't': return '\t';
    case 'n': return '\n';
    case 'r': return '\r';
    case 'v': return '\v';
    case 'a': return '\a';
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
      int32_t ch = c - '0';
      for (int k = 0; k < 2 && *i < len && s[*i] >= '0' && s[*i] <= '7'; k++)
        ch = (ch << 3) + (s[(*i)++] - '0');
      return ch;
    }
    default: return -1;
  }
}

/* Copies s from *i up to the next backslash (or the end, len) to out and
 * moves *i there; true if a backslash is at *i. */
static bool copy_to_backslash(const char *s, size_t len, size_t *i, sbuf *out) {
  const char *bs = memchr(s + *i, '\\', len - *i);
  size_t end = bs ? (size_t)(bs - s) : len;
  sb_putn(out, s + *i, end - *i);
  *i = end;
  return end < len;
}

/* Decode the escapes of a str literal body into out (UTF-8; a lone
 * surrogate gets its 3-byte form). False on an error (raised). */
static bool decode_str_escapes(P *p, const char *s, size_t len, sbuf *out) {
  size_t i = 0;
  while (copy_to_backslash(s, len, &i, out)) {
    char c;
    size_t start = i++;
    const char *message = NULL;
    if (i >= len) {
      message = "\\ at end of string";
      goto error;
    }
    c = s[i++];
    if (c == '\n') continue; /* a line continuation */
    int32_t shared = shared_escape(c, s, len, &i);
    if (shared >= 0) {
      sb_put_utf8(out, (uint32_t)shared);
      continue;
    }
    switch (c) {
      case 'x':
      case 'u':
      case 'U': {
        int count = c == 'x' ? 2 : c == 'u' ? 4 : 8;
        message = c == 'x' ? "truncated \\xXX escape"
                  : c == 'u' ? "truncated \\uXXXX escape"
                             : "truncated \\UXXXXXXXX escape";
        uint32_t ch = 0;
        for (; count; i++, count--) {
          if (i >= len) goto error;
          int h = hexval((unsigned char)s[i]);
          if (h < 0) goto error;
          ch = (ch << 4) + (uint32_t)h;
        }
        if (ch > 0x10FFFF) {
          message = "illegal Unicode character";
          goto error;
        }
        sb_put_utf8(out, ch);
        continue;
      }
      case 'N': {
        message = "malformed \\N character escape";
        if (i >= len) goto error;
        if (s[i] == '{') {
          size_t name = ++i;
          while (i < len && s[i] != '}') i++;
          if (i >= len) goto error;
          if (i > name) {
            /* A name lookup needs the Unicode name table, which coroscope
             * does not carry. */
            i++;
            lang_token *t = lang__tok(p, p->pos - 1);
            ast_pos where = {t->line, t->col, t->end_line, t->end_col, t->bcol, t->end_bcol};
            lang__unsupported(p, &where, "a \\N{...} escape");
            sb_putc(out, '?');
            continue;
          }
        }
        goto error;
      }
      default:
        /* invalid escape: kept as is (3.11 only warns, and hides the
         * DeprecationWarning by default) */
        sb_putc(out, '\\');
        i--;
        continue;
    }
  error: {
    size_t so = escaped_offset(s, start), eo = escaped_offset(s, i);
    if (eo == so + 1)
      raise_last(p, "(unicode error) 'unicodeescape' codec can't decode byte 0x%02x in position %zu: %s",
                 (unsigned char)s[start], so, message);
    else
      raise_last(p, "(unicode error) 'unicodeescape' codec can't decode bytes in position %zu-%zu: %s",
                 so, eo - 1, message);
    return false;
  }
  }
  return true;
}

/* PyBytes_DecodeEscape */
static bool decode_bytes_escapes(P *p, const char *s, size_t len, sbuf *out) {
  size_t i = 0;
  while (copy_to_backslash(s, len, &i, out)) {
    i++;
    if (i >= len) {
      raise_last(p, "(value error) Trailing \\ in string");
      return false;
    }
    char c = s[i++];
    if (c == '\n') continue; /* a line continuation */
    int32_t shared = shared_escape(c, s, len, &i);
    if (shared >= 0) {
      sb_putc(out, (char)(shared & 0xFF));
      continue;
    }
    switch (c) {
      case 'x':
        if (i + 1 < len && hexval((unsigned char)s[i]) >= 0 && hexval((unsigned char)s[i + 1]) >= 0) {
          sb_putc(out, (char)(hexval((unsigned char)s[i]) * 16 + hexval((unsigned char)s[i + 1])));
          i += 2;
          break;
        }
        raise_last(p, "(value error) invalid \\x escape at position %zu", i - 2);
        return false;
      default:
        sb_putc(out, '\\');
        i--;
        break;
    }
  }
  return true;
}

/* --------------------------------------------------------------- literals */

typedef struct strtok_info {
  bool bytes, raw, fmode;
  const char *body;  /* between the quotes */
  size_t len;
} strtok_info;

/* _PyPegen_parsestr's prefix and quote handling */
static void split_string_token(const lang_token *t, strtok_info *si) {
  const char *s = t->text;
  memset(si, 0, sizeof *si);
  for (;; s++) {
    char c = *s;
    if (c == 'b' || c == 'B') si->bytes = true;
    else if (c == 'r' || c == 'R') si->raw = true;
    else if (c == 'f' || c == 'F') si->fmode = true;
    else if (c == 'u' || c == 'U') {
    } else break;
  }
  char quote = *s++;
  size_t len = (size_t)(t->text + t->len - s) - 1;
  if (len >= 4 && s[0] == quote && s[1] == quote) {
    s += 2;
    len -= 4;
  }
  si->body = s;
  si->len = len;
}

/* The FstringParser state: the pending literal text and the values. */
typedef struct fstate {
  sbuf last;
  bool fmode;
  ast_expr **vals;
  int n, cap;
} fstate;

static bool fs_push(P *p, fstate *st, ast_expr *e) {
  if (st->n == st->cap) {
    int ncap = st->cap ? st->cap * 2 : 8;
    ast_expr **nv = lang__arena_alloc(p->arena, sizeof *nv * (size_t)ncap);
    if (!nv) return nomem(p), false;
    if (st->n) memcpy(nv, st->vals, sizeof *nv * (size_t)st->n);
    st->vals = nv;
    st->cap = ncap;
  }
  st->vals[st->n++] = e;
  return true;
}

static ast_pos span_toks(const lang_token *a, const lang_token *b) {
  ast_pos r = {a->line, a->col, b->end_line, b->end_col, a->bcol, b->end_bcol};
  return r;
}

/* make_str_node_and_del: the pending text as a Constant (kind 'u' when the
 * first token starts with 'u') */
static ast_expr *str_node(P *p, sbuf *text, const lang_token *first, const lang_token *last) {
  if (text->oom) return nomem(p);
  ast_expr *e = lang__const_new(p->arena, AST_CONST_STR, span_toks(first, last));
  if (!e) return nomem(p);
  char *d = lang__arena_strndup(p->arena, text->p ? text->p : "", text->n);
  if (!d) return nomem(p);
  e->v.constant.str = d;
  e->v.constant.len = text->n;
  e->v.constant.u_prefix = first->text[0] == 'u';
  text->n = 0;
  return e;
}

/* Flush pending text as a Constant value (before an expression). */
static bool fs_flush(P *p, fstate *st, const lang_token *first, const lang_token *last) {
  if (st->last.n == 0) return true;
  ast_expr *c = str_node(p, &st->last, first, last);
  return c && fs_push(p, st, c);
}

static bool fs_concat(P *p, fstate *st, const char **s, const char *end, bool raw,
                      int recurse_lvl, const lang_token *first, const lang_token *t,
                      const lang_token *last);

/* fstring_find_literal: text up to an undoubled brace; 1 when a doubled
 * brace was met (the caller loops), 0 otherwise, -1 on an error. */
static int find_literal(P *p, fstate *st, const char **str, const char *end, bool raw,
                        int recurse_lvl) {
  const char *s = *str, *literal_start = s;
  int result = 0;
  while (s < end) {
    char ch = *s++;
    if (!raw && ch == '\\' && s < end) {
      ch = *s++;
      if (ch == 'N') {
        if (s < end && *s++ == '{') {
          while (s < end && *s++ != '}') {
          }
          continue;
        }
        continue;
      }
    }
    if (ch == '{' || ch == '}') {
      if (recurse_lvl == 0) {
        if (s < end && *s == ch) {
          *str = s + 1;
          result = 1;
          goto done;
        }
        if (ch == '}') {
          *str = s - 1;
          raise_last(p, "f-string: single '}' is not allowed");
          return -1;
        }
      }
      s--;
      break;
    }
  }
  *str = s;
done:
  if (literal_start != s) {
    size_t n = (size_t)(s - literal_start);
    if (raw || !memchr(literal_start, '\\', n)) {
      sb_putn(&st->last, literal_start, n);
    } else {
      if (!decode_str_escapes(p, literal_start, n, &st->last)) return -1;
    }
  }
  return result;
}

/* fstring_find_expr_location: lines and columns (bytes and characters) to
 * shift the expression's tokens by. */
static void expr_location(const lang_token *t, const char *expr_start, int *lines, int *cols,
                          int *ccols) {
  *lines = *cols = *ccols = 0;
  const char *parent = t->text;
  bool newline_after_brace = true;
  for (const char *s = expr_start + 1; *s != '}' && *s != '\n'; s++) {
    if (*s != ' ' && *s != '\t' && *s != '\f') {
      newline_after_brace = false;
      break;
    }
  }
  if (!newline_after_brace) {
    const char *start = expr_start;
    while (start > parent && *start != '\n') start--;
    *cols += (int)(expr_start - start);
    int cc = 0;
    for (const char *q = start; q < expr_start; q++)
      if (((unsigned char)*q & 0xC0) != 0x80) cc++;
    *ccols += cc;
    if (*start == '\n') {
      *cols -= 1;
      *ccols -= 1;
    }
  }
  for (const char *q = parent; q < expr_start; q++)
    if (*q == '\n') (*lines)++;
}

/* fstring_find_expr: one {expr[=][!c][:spec]} replacement field. */
static ast_expr *find_expr(P *p, fstate *st, const char **str, const char *end, bool raw,
                           int recurse_lvl, const lang_token *first, const lang_token *t,
                           const lang_token *last) {
  const char *expr_start, *expr_end;
  char quote_char = 0;
  int string_type = 0;
  int nested_depth = 0;
  char parenstack[LANG_MAXLEVEL];
  if (recurse_lvl >= 2) return raise_last(p, "f-string: expressions nested too deeply");
  *str += 1;
  expr_start = *str;
  for (; *str < end; (*str)++) {
    char ch = **str;
    if (ch == '\\') return raise_last(p, "f-string expression part cannot include a backslash");
    if (quote_char) {
      if (ch == quote_char) {
        if (string_type == 3) {
          if (*str + 2 < end && (*str)[1] == ch && (*str)[2] == ch) {
            *str += 2;
            string_type = 0;
            quote_char = 0;
            continue;
          }
        } else {
          quote_char = 0;
          string_type = 0;
          continue;
        }
      }
    } else if (ch == '\'' || ch == '"') {
      if (*str + 2 < end && (*str)[1] == ch && (*str)[2] == ch) {
        string_type = 3;
        *str += 2;
      } else {
        string_type = 1;
      }
      quote_char = ch;
    } else if (ch == '[' || ch == '{' || ch == '(') {
      if (nested_depth >= LANG_MAXLEVEL) return raise_last(p, "f-string: too many nested parenthesis");
      parenstack[nested_depth++] = ch;
    } else if (ch == '#') {
      return raise_last(p, "f-string expression part cannot include '#'");
    } else if (nested_depth == 0 &&
               (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' || ch == '<')) {
      if (*str + 1 < end) {
        char next = (*str)[1];
        if ((ch == '!' && next == '=') || (ch == '=' && next == '=') ||
            (ch == '<' && next == '=') || (ch == '>' && next == '=')) {
          *str += 1;
          continue;
        }
      }
      if (ch == '>' || ch == '<') continue;
      break;
    } else if (ch == ']' || ch == '}' || ch == ')') {
      if (!nested_depth) return raise_last(p, "f-string: unmatched '%c'", ch);
      nested_depth--;
      int opening = (unsigned char)parenstack[nested_depth];
      if (!((opening == '(' && ch == ')') || (opening == '[' && ch == ']') ||
            (opening == '{' && ch == '}')))
        return raise_last(p,
                          "f-string: closing parenthesis '%c' does not match opening parenthesis '%c'",
                          ch, opening);
    }
  }
  expr_end = *str;
  if (quote_char) return raise_last(p, "f-string: unterminated string");
  if (nested_depth) return raise_last(p, "f-string: unmatched '%c'", parenstack[nested_depth - 1]);
  if (*str >= end) return raise_last(p, "f-string: expecting '}'");

  /* fstring_compile_expr */
  const char *s = expr_start;
  while (s != expr_end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\f')) s++;
  if (s == expr_end) {
    if (*expr_end == '!' || *expr_end == ':' || *expr_end == '=')
      return raise_last(p, "f-string: expression required before '%c'", *expr_end);
    return raise_last(p, "f-string: empty expression not allowed");
  }
  int lines, cols, ccols;
  expr_location(t, expr_start - 1, &lines, &cols, &ccols);
  ast_expr *simple = lang__parse_fstring_expr(p, expr_start, (size_t)(expr_end - expr_start), t,
                                              lines, cols, ccols);
  if (!simple) return NULL;

  ast_expr *format_spec = NULL;
  int conversion = -1;
  bool has_text = false;
  if (**str == '=') {
    *str += 1;
    while (*str < end && (**str == ' ' || **str == '\t' || **str == '\n' || **str == '\r' ||
                          **str == '\f' || **str == '\v'))
      *str += 1;
    if (*str >= end) return raise_last(p, "f-string: expecting '}'");
    /* the expression's text (and the '=' and spaces) goes into the literal */
    sb_putn(&st->last, expr_start, (size_t)(*str - expr_start));
    has_text = true;
  }
  if (**str == '!') {
    *str += 1;
    if (*str >= end) return raise_last(p, "f-string: expecting '}'");
    conversion = (unsigned char)**str;
    *str += 1;
    if (!(conversion == 's' || conversion == 'r' || conversion == 'a'))
      return raise_last(p, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
  }
  if (*str >= end) return raise_last(p, "f-string: expecting '}'");
  if (**str == ':') {
    *str += 1;
    if (*str >= end) return raise_last(p, "f-string: expecting '}'");
    /* fstring_parse: the spec is a JoinedStr located at t alone */
    fstate spec = {0};
    bool ok = fs_concat(p, &spec, str, end, raw, recurse_lvl + 1, first, t, last);
    if (ok && fs_flush(p, &spec, t, t)) {
      format_spec = lang__expr_new(p->arena, AST_EXPR_JOINED_STR, span_toks(t, t));
      if (!format_spec) nomem(p);
      else format_spec->v.joined_str.values = (ast_expr_seq){spec.n, spec.vals};
    }
    sb_free(&spec.last);
    if (!format_spec) return NULL;
  }
  if (*str >= end || **str != '}') return raise_last(p, "f-string: expecting '}'");
  *str += 1;
  if (has_text && !format_spec && conversion == -1) conversion = 'r';
  ast_expr *fv = lang__expr_new(p->arena, AST_EXPR_FORMATTED_VALUE, span_toks(first, last));
  if (!fv) return nomem(p);
  fv->v.formatted_value.value = simple;
  fv->v.formatted_value.conversion = conversion;
  fv->v.formatted_value.format_spec = format_spec;
  return fv;
}

/* _PyPegen_FstringParser_ConcatFstring */
static bool fs_concat(P *p, fstate *st, const char **s, const char *end, bool raw,
                      int recurse_lvl, const lang_token *first, const lang_token *t,
                      const lang_token *last) {
  st->fmode = true;
  for (;;) {
    int r = find_literal(p, st, s, end, raw, recurse_lvl);
    if (r < 0) return false;
    if (r == 1) continue;
    if (*s >= end || **s == '}') break;
    /* The literal before the expression is in st->last; an '=' adds the
     * expression's text to it; then it becomes a Constant, and the value
     * follows it. */
    ast_expr *e = find_expr(p, st, s, end, raw, recurse_lvl, first, t, last);
    if (!e || !fs_flush(p, st, first, last) || !fs_push(p, st, e)) return false;
  }
  if (recurse_lvl == 0 && *s < end - 1) {
    raise_last(p, "f-string: unexpected end of string");
    return false;
  }
  if (recurse_lvl != 0 && **s != '}') {
    raise_last(p, "f-string: expecting '}'");
    return false;
  }
  return true;
}

/* _PyPegen_concatenate_strings */
ast_expr *lang__strings(P *p, int first_i, int last_i) {
  const lang_token *first = lang__tok(p, first_i), *last = lang__tok(p, last_i);
  bool bytesmode = false;
  fstate st = {0};
  sbuf bytes = {0};
  ast_expr *result = NULL;
  for (int i = first_i; i <= last_i; i++) {
    const lang_token *t = lang__tok(p, i);
    strtok_info si;
    split_string_token(t, &si);
    if (!si.fmode && si.bytes) {
      for (size_t k = 0; k < si.len; k++) {
        if ((unsigned char)si.body[k] >= 0x80) {
          lang__raise_at(p, LANG_DIAG_SYNTAX_ERROR, t->line, t->bcol, t->end_line, t->end_bcol,
                         "bytes can only contain ASCII literal characters");
          goto out;
        }
      }
    }
    if (i != first_i && bytesmode != si.bytes) {
      raise_last(p, "cannot mix bytes and nonbytes literals");
      goto out;
    }
    bytesmode = si.bytes;
    if (si.fmode) {
      const char *s = si.body;
      if (!fs_concat(p, &st, &s, si.body + si.len, si.raw, 0, first, t, last)) goto out;
    } else if (si.bytes) {
      if (si.raw || !memchr(si.body, '\\', si.len)) sb_putn(&bytes, si.body, si.len);
      else if (!decode_bytes_escapes(p, si.body, si.len, &bytes)) goto out;
    } else {
      if (si.raw || !memchr(si.body, '\\', si.len)) sb_putn(&st.last, si.body, si.len);
      else if (!decode_str_escapes(p, si.body, si.len, &st.last)) goto out;
    }
  }
  if (bytesmode) {
    if (bytes.oom) {
      nomem(p);
      goto out;
    }
    result = lang__const_new(p->arena, AST_CONST_BYTES, span_toks(first, last));
    char *d = result ? lang__arena_strndup(p->arena, bytes.p ? bytes.p : "", bytes.n) : NULL;
    if (!d) {
      result = nomem(p);
      goto out;
    }
    result->v.constant.str = d;
    result->v.constant.len = bytes.n;
    goto out;
  }
  if (!st.fmode) {
    result = str_node(p, &st.last, first, last);
    goto out;
  }
  if (!fs_flush(p, &st, first, last)) goto out;
  result = lang__expr_new(p->arena, AST_EXPR_JOINED_STR, span_toks(first, last));
  if (!result) {
    nomem(p);
    goto out;
  }
  result->v.joined_str.values = (ast_expr_seq){st.n, st.vals};
out:
  sb_free(&st.last);
  sb_free(&bytes);
  if (p->fail) return NULL;
  return result;
}
