/* lexer.c: the tokenizer (CPython 3.11's tok_get, file mode) and diagnostics. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang_int.h"
#include "rt.h"
#include "unicode_int.h"

#define TABSIZE 8
#define ALTTABSIZE 1

/* ------------------------------------------------------------------ names */

static const char *const tok_names[TOK__COUNT] = {
  "ENDMARKER", "NAME", "NUMBER", "STRING", "NEWLINE", "INDENT", "DEDENT",
  "LPAR", "RPAR", "LSQB", "RSQB", "COLON", "COMMA", "SEMI", "PLUS", "MINUS",
  "STAR", "SLASH", "VBAR", "AMPER", "LESS", "GREATER", "EQUAL", "DOT",
  "PERCENT", "LBRACE", "RBRACE", "EQEQUAL", "NOTEQUAL", "LESSEQUAL",
  "GREATEREQUAL", "TILDE", "CIRCUMFLEX", "LEFTSHIFT", "RIGHTSHIFT",
  "DOUBLESTAR", "PLUSEQUAL", "MINEQUAL", "STAREQUAL", "SLASHEQUAL",
  "PERCENTEQUAL", "AMPEREQUAL", "VBAREQUAL", "CIRCUMFLEXEQUAL",
  "LEFTSHIFTEQUAL", "RIGHTSHIFTEQUAL", "DOUBLESTAREQUAL", "DOUBLESLASH",
  "DOUBLESLASHEQUAL", "AT", "ATEQUAL", "RARROW", "ELLIPSIS", "COLONEQUAL",
  "OP", "ERRORTOKEN",
  "'False'", "'None'", "'True'", "'and'", "'as'", "'assert'", "'async'",
  "'await'", "'break'", "'class'", "'continue'", "'def'", "'del'", "'elif'",
  "'else'", "'except'", "'finally'", "'for'", "'from'", "'global'", "'if'",
  "'import'", "'in'", "'is'", "'lambda'", "'nonlocal'", "'not'", "'or'",
  "'pass'", "'raise'", "'return'", "'try'", "'while'", "'with'", "'yield'",
};

const char *lang_tok_kind_name(lang_tok_kind kind) {
  return (unsigned)kind < TOK__COUNT ? tok_names[kind] : "?";
}

typedef struct keyword {
  const char *s;
  unsigned char n, kind;
} keyword;
#define KW(str, k) {str, sizeof str - 1, k}

/* The keywords by first letter ('A'..'z' minus 'A'), up to four each. */
static const keyword kw_by_first['z' - 'A' + 1][4] = {
  ['F' - 'A'] = {KW("False", TOK_KW_FALSE)},
  ['N' - 'A'] = {KW("None", TOK_KW_NONE)},
  ['T' - 'A'] = {KW("True", TOK_KW_TRUE)},
  ['a' - 'A'] = {KW("and", TOK_KW_AND), KW("as", TOK_KW_AS), KW("assert", TOK_KW_ASSERT),
                 KW("async", TOK_KW_ASYNC)},
  ['b' - 'A'] = {KW("break", TOK_KW_BREAK)},
  ['c' - 'A'] = {KW("class", TOK_KW_CLASS), KW("continue", TOK_KW_CONTINUE)},
  ['d' - 'A'] = {KW("def", TOK_KW_DEF), KW("del", TOK_KW_DEL)},
  ['e' - 'A'] = {KW("elif", TOK_KW_ELIF), KW("else", TOK_KW_ELSE), KW("except", TOK_KW_EXCEPT)},
  ['f' - 'A'] = {KW("finally", TOK_KW_FINALLY), KW("for", TOK_KW_FOR), KW("from", TOK_KW_FROM)},
  ['g' - 'A'] = {KW("global", TOK_KW_GLOBAL)},
  ['i' - 'A'] = {KW("if", TOK_KW_IF), KW("import", TOK_KW_IMPORT), KW("in", TOK_KW_IN),
                 KW("is", TOK_KW_IS)},
  ['l' - 'A'] = {KW("lambda", TOK_KW_LAMBDA)},
  ['n' - 'A'] = {KW("nonlocal", TOK_KW_NONLOCAL), KW("not", TOK_KW_NOT)},
  ['o' - 'A'] = {KW("or", TOK_KW_OR)},
  ['p' - 'A'] = {KW("pass", TOK_KW_PASS)},
  ['r' - 'A'] = {KW("raise", TOK_KW_RAISE), KW("return", TOK_KW_RETURN)},
  ['t' - 'A'] = {KW("try", TOK_KW_TRY)},
  ['w' - 'A'] = {KW("while", TOK_KW_WHILE), KW("with", TOK_KW_WITH)},
  ['y' - 'A'] = {KW("yield", TOK_KW_YIELD)},
};

/* Called for every NAME: the first letter picks at most four candidates. */
lang_tok_kind lang_keyword_kind(const char *s, size_t n) {
  if (n < 2 || n > 8) return TOK_NAME;
  unsigned c = (unsigned char)s[0];
  if (c < 'A' || c > 'z') return TOK_NAME;
  if (c == 'a' && n == 5 && memcmp(s, "await", 5) == 0) return TOK_KW_AWAIT;
  const keyword *k = kw_by_first[c - 'A'];
  for (int i = 0; i < 4 && k[i].s; i++)
    if (k[i].n == n && memcmp(k[i].s, s, n) == 0) return (lang_tok_kind)k[i].kind;
  return TOK_NAME;
}

const char *lang_diag_kind_name(lang_diag_kind kind) {
  switch (kind) {
    case LANG_DIAG_SYNTAX_ERROR: return "SyntaxError";
    case LANG_DIAG_INDENTATION_ERROR: return "IndentationError";
    case LANG_DIAG_TAB_ERROR: return "TabError";
    case LANG_DIAG_RECURSION_ERROR: return "RecursionError";
    case LANG_DIAG_MEMORY_ERROR: return "MemoryError";
    case LANG_DIAG_SYNTAX_WARNING: return "SyntaxWarning";
  }
  return "SyntaxError";
}

/* ------------------------------------------------------------ error values */

void lang__err_clear(lang__err *e) {
  rt_free(e->msg);
  rt_free(e->text);
  memset(e, 0, sizeof *e);
}

void lang__err_move(lang__err *dst, lang__err *src) {
  if (dst == src) return;
  lang__err_clear(dst);
  *dst = *src;
  memset(src, 0, sizeof *src);
}

bool lang__err_vset(lang__err *e, lang_diag_kind kind, const char *filename,
                    int line, int offset, int end_line, int end_offset,
                    const char *text, size_t text_len, const char *fmt,
                    va_list ap) {
  lang__err_clear(e);
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) n = 0;
  e->msg = rt_malloc((size_t)n + 1);
  if (!e->msg) return false;
  vsnprintf(e->msg, (size_t)n + 1, fmt, ap);
  if (text) {
    e->text = rt_malloc(text_len + 1);
    if (!e->text) {
      lang__err_clear(e);
      return false;
    }
    memcpy(e->text, text, text_len);
    e->text[text_len] = 0;
  }
  e->set = true;
  e->d.kind = kind;
  e->d.filename = filename;
  e->d.msg = e->msg;
  e->d.line = line;
  /* CPython's 1-based offsets to our 0-based columns (-1: none) */
  e->d.col = offset > 0 ? offset - 1 : -1;
  e->d.end_line = end_line;
  e->d.end_col = end_offset > 0 ? end_offset - 1 : -1;
  e->d.text = e->text;
  e->d.text_len = text ? text_len : 0;
  return true;
}

bool lang__err_set(lang__err *e, lang_diag_kind kind, const char *filename,
                   int line, int offset, int end_line, int end_offset,
                   const char *text, size_t text_len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  bool ok = lang__err_vset(e, kind, filename, line, offset, end_line,
                           end_offset, text, text_len, fmt, ap);
  va_end(ap);
  return ok;
}

/* ---------------------------------------------------------------- UTF-8 */

/* Decode one UTF-8 sequence at s (valid: the lexer checked every line);
 * *n gets its length. */
static uint32_t utf8_decode(const unsigned char *s, int *n) {
  if (s[0] < 0x80) { *n = 1; return s[0]; }
  if (s[0] < 0xE0) { *n = 2; return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F); }
  if (s[0] < 0xF0) {
    *n = 3;
    return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
  }
  *n = 4;
  return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
         ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* Length of a valid UTF-8 sequence at s (strict: no overlong forms, no
 * surrogates, nothing past U+10FFFF), or 0. CPython 3.11.7 rejects the
 * same sequences when it reads a file. */
static int utf8_valid(const unsigned char *s, const unsigned char *end) {
  unsigned c = s[0];
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;
  int n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
  if (!n || end - s < n) return 0;
  for (int i = 1; i < n; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  if (c == 0xE0 && s[1] < 0xA0) return 0;
  if (c == 0xED && s[1] >= 0xA0) return 0;
  if (c == 0xF0 && s[1] < 0x90) return 0;
  if (c == 0xF4 && s[1] >= 0x90) return 0;
  return n;
}

static int uni_flags(uint32_t c) {
  size_t lo = 0, hi = sizeof uni_ranges / sizeof uni_ranges[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (c < uni_ranges[mid].lo) hi = mid;
    else if (c > uni_ranges[mid].hi) lo = mid + 1;
    else return uni_ranges[mid].flags;
  }
  return 0;
}

static bool uni_printable(uint32_t c) {
  if (c < 0x80) return c >= 0x20 && c < 0x7F;
  return (uni_flags(c) & UNI_PRINTABLE) != 0;
}

bool lang__uni_printable(uint32_t c) { return uni_printable(c); }

/* Characters in s[0..n), counting every lead byte (a cut sequence counts
 * as one, as CPython's "replace" decoding does). */
static int count_chars(const char *s, size_t n) {
  int k = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) k++;
  return k;
}

int lang__charcol(lang_lexer *lx, const char *line, const char *p) {
  if (p < line) return 0;
  if (lx->cc_line != line || p < lx->cc_pos) {
    lx->cc_line = line;
    lx->cc_pos = line;
    lx->cc_col = 0;
  }
  lx->cc_col += count_chars(lx->cc_pos, (size_t)(p - lx->cc_pos));
  lx->cc_pos = p;
  return lx->cc_col;
}

/* ------------------------------------------------------------- file lines */

bool lang__file_line(const lang_lexer *lx, int n, const char **s, size_t *len) {
  if (n < 1 || !lx->file_bytes) return false;
  const char *p = lx->file_bytes, *end = lx->file_bytes + lx->file_len;
  for (int i = 1; i < n; i++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) return false;
    p = nl + 1;
  }
  if (p >= end) return false;
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  *s = p;
  *len = nl ? (size_t)(nl + 1 - p) : (size_t)(end - p);
  return true;
}

/* ------------------------------------------------------------------ setup */

/* The coding declaration on line 1 (or 2 after a comment-only line 1), as
 * get_coding_spec does; normalized as get_normal_name does. */
static bool coding_spec(const char *s, size_t size, char *out, size_t outn) {
  size_t i = 0;
  if (size < 6) return false;
  for (; i < size - 6; i++) {
    if (s[i] == '#') break;
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\014') return false;
  }
  for (; i < size - 6; i++) {
    const char *t = s + i;
    if (memcmp(t, "coding", 6) != 0) continue;
    t += 6;
    if (t[0] != ':' && t[0] != '=') continue;
    do t++; while (t[0] == ' ' || t[0] == '\t');
    const char *begin = t;
    while (isalnum((unsigned char)t[0]) || t[0] == '-' || t[0] == '_' || t[0] == '.') t++;
    if (begin < t) {
      size_t n = (size_t)(t - begin);
      if (n >= outn) n = outn - 1;
      memcpy(out, begin, n);
      out[n] = 0;
      char low[16];
      size_t k;
      for (k = 0; k < 12 && out[k]; k++)
        low[k] = out[k] == '_' ? '-' : (char)tolower((unsigned char)out[k]);
      low[k] = 0;
      if (!strcmp(low, "utf-8") || !strncmp(low, "utf-8-", 6)) {
        snprintf(out, outn, "utf-8");
      } else if (!strcmp(low, "latin-1") || !strcmp(low, "iso-8859-1") ||
                 !strcmp(low, "iso-latin-1") || !strncmp(low, "latin-1-", 8) ||
                 !strncmp(low, "iso-8859-1-", 11) || !strncmp(low, "iso-latin-1-", 12)) {
        snprintf(out, outn, "iso-8859-1");
      }
      return true;
    }
  }
  return false;
}

static bool comment_only_line(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '#' || s[i] == '\n') return true;
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\014') return false;
  }
  return true;
}

typedef enum { ENC_UTF8, ENC_LATIN1, ENC_BAD } enc_kind;

static enc_kind classify_encoding(const char *cs) {
  char low[64];
  size_t k;
  for (k = 0; k + 1 < sizeof low && cs[k]; k++)
    low[k] = cs[k] == '_' ? '-' : (char)tolower((unsigned char)cs[k]);
  low[k] = 0;
  static const char *const utf8[] = {"utf-8", "utf8", "u8", "utf", "cp65001",
                                     "ascii", "us-ascii", "646", "us"};
  static const char *const latin1[] = {"iso-8859-1", "latin1", "latin-1", "l1",
                                       "iso8859-1", "8859", "cp819", "latin",
                                       "iso-ir-100", "csisolatin1"};
  for (size_t i = 0; i < sizeof utf8 / sizeof *utf8; i++)
    if (!strcmp(low, utf8[i])) return ENC_UTF8;
  for (size_t i = 0; i < sizeof latin1 / sizeof *latin1; i++)
    if (!strcmp(low, latin1[i])) return ENC_LATIN1;
  return ENC_BAD;
}

/* Pending set-error found while loading, raised when its line is read. */
typedef struct load_info {
  int spec_line;
  char spec[64];
  bool spec_bad;
  bool bom;
} load_info;

static load_info *load_infos(lang_lexer *lx);

/* Copy the source: BOM kept in file_bytes (error lines show it), dropped
 * for the tokenizer; newlines normalized; Latin-1 transcoded when
 * declared; a '\n' appended when missing. */
static int lexer_load(lang_lexer *lx, const char *src, size_t len, load_info *li) {
  memset(li, 0, sizeof *li);
  /* Universal newlines first. */
  char *norm = rt_malloc(len + 1);
  if (!norm) return LANG_ENOMEM;
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    char c = src[i];
    if (c == '\r') {
      norm[n++] = '\n';
      if (i + 1 < len && src[i + 1] == '\n') i++;
    } else {
      norm[n++] = c;
    }
  }
  norm[n] = 0;
  size_t off = 0;
  if (n >= 3 && (unsigned char)norm[0] == 0xEF && (unsigned char)norm[1] == 0xBB &&
      (unsigned char)norm[2] == 0xBF) {
    li->bom = true;
    off = 3;
    lx->encoding = true;
  }
  /* Coding spec on line 1, or line 2 after a comment-only line 1. */
  const char *l1 = norm + off, *e = norm + n;
  const char *nl1 = memchr(l1, '\n', (size_t)(e - l1));
  size_t l1n = nl1 ? (size_t)(nl1 + 1 - l1) : (size_t)(e - l1);
  if (coding_spec(l1, l1n, li->spec, sizeof li->spec)) {
    li->spec_line = 1;
  } else if (nl1 && comment_only_line(l1, l1n)) {
    const char *l2 = nl1 + 1;
    const char *nl2 = memchr(l2, '\n', (size_t)(e - l2));
    size_t l2n = nl2 ? (size_t)(nl2 + 1 - l2) : (size_t)(e - l2);
    if (coding_spec(l2, l2n, li->spec, sizeof li->spec)) li->spec_line = 2;
  }
  if (li->spec_line) {
    lx->encoding = true;
    enc_kind k = classify_encoding(li->spec);
    if (li->bom && strcmp(li->spec, "utf-8") != 0) li->spec_bad = true;
    else if (k == ENC_BAD) li->spec_bad = true;
    else if (k == ENC_LATIN1) {
      /* Transcode: every byte >= 0x80 becomes two. */
      size_t extra = 0;
      for (size_t i = 0; i < n; i++) extra += (unsigned char)norm[i] >= 0x80;
      if (extra) {
        char *t = rt_malloc(n + extra + 1);
        if (!t) {
          rt_free(norm);
          return LANG_ENOMEM;
        }
        size_t j = 0;
        for (size_t i = 0; i < n; i++) {
          unsigned char c = (unsigned char)norm[i];
          if (c < 0x80) t[j++] = (char)c;
          else {
            t[j++] = (char)(0xC0 | (c >> 6));
            t[j++] = (char)(0x80 | (c & 0x3F));
          }
        }
        t[j] = 0;
        rt_free(norm);
        norm = t;
        n = j;
      }
    }
  }
  lx->file_bytes = norm;
  lx->file_len = n;
  /* The tokenizer's text: no BOM, a final '\n'. */
  size_t tn = n - off;
  bool add_nl = tn > 0 && norm[n - 1] != '\n';
  lx->mem = rt_malloc(tn + 2);
  if (!lx->mem) return LANG_ENOMEM;
  memcpy(lx->mem, norm + off, tn);
  if (add_nl) lx->mem[tn++] = '\n';
  lx->mem[tn] = 0;
  lx->text_end = lx->mem + tn;
  return LANG_OK;
}

static void lexer_reset_state(lang_lexer *lx) {
  lx->buf = lx->cur = lx->inp = lx->line_start = lx->mem;
  lx->start = NULL;
  lx->multi_line_start = NULL;
  lx->first_lineno = 0;
  lx->lineno = 0;
  lx->done = LX_OK;
  lx->atbol = 1;
  lx->pendin = 0;
  lx->indent = 0;
  lx->indstack[0] = 0;
  lx->altindstack[0] = 0;
  lx->level = 0;
  lx->cont_line = 0;
}

/* The load info lives right after the struct (one allocation). */
typedef struct lexer_box {
  lang_lexer lx;
  load_info li;
} lexer_box;

static load_info *load_infos(lang_lexer *lx) { return &((lexer_box *)lx)->li; }

static char *dup_str(const char *s) {
  size_t n = strlen(s);
  char *d = rt_malloc(n + 1);
  if (d) memcpy(d, s, n + 1);
  return d;
}

int lang_lexer_new(const char *src, size_t len, const char *filename,
                   lang_lexer **out) {
  *out = NULL;
  lexer_box *box = rt_calloc(1, sizeof *box);
  if (!box) return LANG_ENOMEM;
  lang_lexer *lx = &box->lx;
  lx->filename = dup_str(filename ? filename : "<unknown>");
  if (!lx->filename || lexer_load(lx, src ? src : "", src ? len : 0, &box->li) != LANG_OK) {
    lang_lexer_free(lx);
    return LANG_ENOMEM;
  }
  lexer_reset_state(lx);
  *out = lx;
  return LANG_OK;
}

int lang__lexer_new_fstring(const char *expr, size_t len, const char *filename,
                            int lineno, lang_lexer **out) {
  *out = NULL;
  lexer_box *box = rt_calloc(1, sizeof *box);
  if (!box) return LANG_ENOMEM;
  lang_lexer *lx = &box->lx;
  lx->string_mode = true;
  lx->filename = dup_str(filename ? filename : "<unknown>");
  lx->mem = rt_malloc(len + 4);
  if (!lx->filename || !lx->mem) {
    lang_lexer_free(lx);
    return LANG_ENOMEM;
  }
  lx->mem[0] = '(';
  memcpy(lx->mem + 1, expr, len);
  lx->mem[len + 1] = ')';
  lx->mem[len + 2] = '\n';
  lx->mem[len + 3] = 0;
  lx->text_end = lx->mem + len + 3;
  lexer_reset_state(lx);
  lx->lineno = lineno;
  *out = lx;
  return LANG_OK;
}

void lang_lexer_free(lang_lexer *lx) {
  if (!lx) return;
  lang__err_clear(&lx->err);
  rt_free(lx->mem);
  rt_free(lx->file_bytes);
  rt_free(lx->filename);
  rt_free(lx);
}

void lang_lexer_set_warning_cb(lang_lexer *lx, lang_diag_cb cb, void *ud) {
  lx->warn_cb = cb;
  lx->warn_ud = ud;
}

const lang_diag *lang_lexer_error(const lang_lexer *lx) {
  return lx->err.set ? &lx->err.d : NULL;
}

/* ----------------------------------------------------------- set errors */

/* tokenizer.c's _syntaxerror_range: the error at the tokenizer's position.
 * col_offset/end_col_offset: 1-based (CPython passes them as-is); -1 means
 * "the characters from line_start to cur". */
static int syntaxerror_range(lang_lexer *lx, int col_offset, int end_col_offset,
                             const char *fmt, ...) {
  if (col_offset == -1)
    col_offset = count_chars(lx->line_start, (size_t)(lx->cur - lx->line_start));
  if (end_col_offset == -1) end_col_offset = col_offset;
  size_t line_len = strcspn(lx->line_start, "\n");
  va_list ap;
  va_start(ap, fmt);
  bool ok = lang__err_vset(&lx->err, LANG_DIAG_SYNTAX_ERROR, lx->filename,
                           lx->lineno, col_offset, lx->lineno, end_col_offset,
                           lx->line_start, line_len, fmt, ap);
  va_end(ap);
  lx->err_is_set_kind = true;
  lx->done = ok ? LX_ERROR : LX_NOMEM;
  return TOK_ERRORTOKEN;
}

#define syntaxerror(lx, ...) syntaxerror_range(lx, -1, -1, __VA_ARGS__)

/* An error without location (the message line only), like CPython's
 * encoding errors. */
static void located_nowhere(lang_lexer *lx, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  bool ok = lang__err_vset(&lx->err, LANG_DIAG_SYNTAX_ERROR, lx->filename, 0, 0,
                           0, 0, NULL, 0, fmt, ap);
  va_end(ap);
  lx->err_is_set_kind = true;
  lx->decode_err = true;
  lx->done = ok ? LX_ERROR : LX_NOMEM;
}

/* CPython warns with no registry here, so every occurrence is shown. */
static void warn(lang_lexer *lx, const char *fmt, ...) {
  if (!lx->warn_cb) return;
  lang__err w = {0};
  const char *s;
  size_t n;
  /* the warnings module quotes the file's line, also for an f-string's
   * expression */
  if (!lang__file_line(lx->file_lx ? lx->file_lx : lx, lx->lineno, &s, &n)) {
    s = NULL;
    n = 0;
  }
  va_list ap;
  va_start(ap, fmt);
  bool ok = lang__err_vset(&w, LANG_DIAG_SYNTAX_WARNING, lx->filename, lx->lineno,
                           0, lx->lineno, 0, s, n, fmt, ap);
  va_end(ap);
  if (ok) lx->warn_cb(lx->warn_ud, &w.d);
  lang__err_clear(&w);
}

/* --------------------------------------------------------- reading lines */

/* tok_underflow_file / tok_underflow_string: make the next line available.
 * 0 at EOF or on an error. */
static int underflow(lang_lexer *lx) {
  if (lx->string_mode) {
    if (lx->inp >= lx->text_end) {
      lx->done = LX_EOF;
      return 0;
    }
    const char *nl = memchr(lx->inp, '\n', (size_t)(lx->text_end - lx->inp));
    const char *end = nl ? nl + 1 : lx->text_end;
    lx->lineno++;
    lx->buf = lx->cur;
    lx->line_start = lx->cur;
    lx->inp = end;
    return 1;
  }
  if (lx->start == NULL) lx->buf = lx->inp;
  lx->cur = lx->inp;
  if (lx->inp >= lx->text_end) {
    lx->done = LX_EOF;
    return 0;
  }
  const char *nl = memchr(lx->inp, '\n', (size_t)(lx->text_end - lx->inp));
  const char *line = lx->inp;
  lx->inp = nl ? nl + 1 : lx->text_end;
  lx->lineno++;
  load_info *li = load_infos(lx);
  if (li->spec_line && li->spec_bad && lx->lineno == li->spec_line) {
    if (li->bom && classify_encoding(li->spec) != ENC_BAD)
      located_nowhere(lx, "encoding problem: %s with BOM", li->spec);
    else
      located_nowhere(lx, "encoding problem: %s", li->spec);
    return 0;
  }
  /* ensure_utf8: strict, up to a NUL (C-string semantics, as CPython) */
  for (const unsigned char *c = (const unsigned char *)line;
       c < (const unsigned char *)lx->inp && *c;) {
    int k = utf8_valid(c, (const unsigned char *)lx->inp);
    if (!k) {
      located_nowhere(lx,
                      "Non-UTF-8 code starting with '\\x%.2x' in file %s on line %d, "
                      "but no encoding declared; see https://peps.python.org/pep-0263/ "
                      "for details",
                      *c, lx->filename, lx->lineno);
      return 0;
    }
    c += k;
  }
  return 1;
}

/* tok_nextc */
static int nextc(lang_lexer *lx) {
  for (;;) {
    if (lx->cur != lx->inp) return (unsigned char)*lx->cur++;
    if (lx->done != LX_OK) return EOF;
    if (!underflow(lx)) {
      lx->cur = lx->inp;
      return EOF;
    }
    lx->line_start = lx->cur;
    if (memchr(lx->line_start, 0, (size_t)(lx->inp - lx->line_start))) {
      syntaxerror(lx, "source code cannot contain null bytes");
      lx->cur = lx->inp;
      return EOF;
    }
  }
}

/* tok_backup */
static void backup(lang_lexer *lx, int c) {
  if (c != EOF) {
    if (--lx->cur < lx->buf) lx->cur = lx->buf;  /* cannot happen */
  }
}

/* ------------------------------------------------------------ helpers */

static bool is_potential_identifier_start(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 128;
}

static bool is_potential_identifier_char(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c >= 128;
}

static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_xdigit(int c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Append one code point as UTF-8 to out (4 bytes room). */
static int utf8_put(char *out, uint32_t c) {
  if (c < 0x80) { out[0] = (char)c; return 1; }
  if (c < 0x800) {
    out[0] = (char)(0xC0 | (c >> 6));
    out[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = (char)(0xE0 | (c >> 12));
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (c >> 18));
  out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
  out[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

/* verify_identifier: tok->start..cur holds non-ASCII; check XID rules. */
static bool verify_identifier(lang_lexer *lx) {
  const unsigned char *s = (const unsigned char *)lx->start;
  const unsigned char *e = (const unsigned char *)lx->cur;
  bool first = true;
  while (s < e) {
    int n;
    uint32_t c = utf8_decode(s, &n);
    bool ok;
    if (c < 0x80) {
      ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (!first && is_digit((int)c));
    } else {
      ok = (uni_flags(c) & (first ? UNI_XID_START : UNI_XID_CONTINUE)) != 0;
    }
    if (!ok) {
      if (s + n < e) lx->cur = (const char *)s + n;
      char ch[8];
      int k = utf8_put(ch, c);
      ch[k] = 0;
      if (uni_printable(c))
        syntaxerror(lx, "invalid character '%s' (U+%04X)", ch, (unsigned)c);
      else
        syntaxerror(lx, "invalid non-printable character U+%04X", (unsigned)c);
      return false;
    }
    first = false;
    s += n;
  }
  return true;
}

/* tok_continuation_line: after a backslash. -1 on an error. */
static int continuation_line(lang_lexer *lx) {
  int c = nextc(lx);
  if (c != '\n') {
    lx->done = LX_LINECONT;
    return -1;
  }
  c = nextc(lx);
  if (c == EOF) {
    lx->done = LX_EOF;
    lx->cur = lx->inp;
    return -1;
  }
  backup(lx, c);
  return c;
}

/* tok_decimal_tail: digits with single underscores. 0 on an error. */
static int decimal_tail(lang_lexer *lx) {
  int c;
  for (;;) {
    do c = nextc(lx); while (is_digit(c));
    if (c != '_') break;
    c = nextc(lx);
    if (!is_digit(c)) {
      backup(lx, c);
      syntaxerror(lx, "invalid decimal literal");
      return 0;
    }
  }
  return c;
}

static int lookahead(lang_lexer *lx, const char *test) {
  const char *s = test;
  int res = 0;
  for (;;) {
    int c = nextc(lx);
    if (*s == 0) {
      res = !is_potential_identifier_char(c);
    } else if (c == *s) {
      s++;
      continue;
    }
    backup(lx, c);
    while (s != test) backup(lx, *--s);
    return res;
  }
}

/* verify_end_of_number: a number glued to a name is an error, except for
 * the keywords valid code can have there, which only warn. */
static bool verify_end_of_number(lang_lexer *lx, int c, const char *kind) {
  int r = 0;
  if (c == 'a') r = lookahead(lx, "nd");
  else if (c == 'e') r = lookahead(lx, "lse");
  else if (c == 'f') r = lookahead(lx, "or");
  else if (c == 'i') {
    int c2 = nextc(lx);
    if (c2 == 'f' || c2 == 'n' || c2 == 's') r = 1;
    backup(lx, c2);
  } else if (c == 'o') r = lookahead(lx, "r");
  else if (c == 'n') r = lookahead(lx, "ot");
  if (r) {
    backup(lx, c);
    warn(lx, "invalid %s literal", kind);
    nextc(lx);
  } else if (c < 128 && is_potential_identifier_char(c)) {
    /* 3.11.7 ends the number before a non-ASCII character (the next
     * token is a NAME or an invalid character) */
    backup(lx, c);
    syntaxerror(lx, "invalid %s literal", kind);
    return false;
  }
  return true;
}

static int indenterror(lang_lexer *lx) {
  lx->done = LX_TABSPACE;
  lx->cur = lx->inp;
  return TOK_ERRORTOKEN;
}

static int one_char(int c) {
  switch (c) {
    case '%': return TOK_PERCENT;
    case '&': return TOK_AMPER;
    case '(': return TOK_LPAR;
    case ')': return TOK_RPAR;
    case '*': return TOK_STAR;
    case '+': return TOK_PLUS;
    case ',': return TOK_COMMA;
    case '-': return TOK_MINUS;
    case '.': return TOK_DOT;
    case '/': return TOK_SLASH;
    case ':': return TOK_COLON;
    case ';': return TOK_SEMI;
    case '<': return TOK_LESS;
    case '=': return TOK_EQUAL;
    case '>': return TOK_GREATER;
    case '@': return TOK_AT;
    case '[': return TOK_LSQB;
    case ']': return TOK_RSQB;
    case '^': return TOK_CIRCUMFLEX;
    case '{': return TOK_LBRACE;
    case '|': return TOK_VBAR;
    case '}': return TOK_RBRACE;
    case '~': return TOK_TILDE;
  }
  return TOK_OP;
}

static int two_chars(int c1, int c2) {
  switch (c1) {
    case '!': if (c2 == '=') return TOK_NOTEQUAL; break;
    case '%': if (c2 == '=') return TOK_PERCENTEQUAL; break;
    case '&': if (c2 == '=') return TOK_AMPEREQUAL; break;
    case '*':
      if (c2 == '*') return TOK_DOUBLESTAR;
      if (c2 == '=') return TOK_STAREQUAL;
      break;
    case '+': if (c2 == '=') return TOK_PLUSEQUAL; break;
    case '-':
      if (c2 == '=') return TOK_MINEQUAL;
      if (c2 == '>') return TOK_RARROW;
      break;
    case '/':
      if (c2 == '/') return TOK_DOUBLESLASH;
      if (c2 == '=') return TOK_SLASHEQUAL;
      break;
    case ':': if (c2 == '=') return TOK_COLONEQUAL; break;
    case '<':
      if (c2 == '<') return TOK_LEFTSHIFT;
      if (c2 == '=') return TOK_LESSEQUAL;
      if (c2 == '>') return TOK_NOTEQUAL;
      break;
    case '=': if (c2 == '=') return TOK_EQEQUAL; break;
    case '>':
      if (c2 == '=') return TOK_GREATEREQUAL;
      if (c2 == '>') return TOK_RIGHTSHIFT;
      break;
    case '@': if (c2 == '=') return TOK_ATEQUAL; break;
    case '^': if (c2 == '=') return TOK_CIRCUMFLEXEQUAL; break;
    case '|': if (c2 == '=') return TOK_VBAREQUAL; break;
  }
  return TOK_OP;
}

static int three_chars(int c1, int c2, int c3) {
  if (c3 != '=' && !(c1 == '.' && c2 == '.' && c3 == '.')) return TOK_OP;
  if (c1 == '*' && c2 == '*') return TOK_DOUBLESTAREQUAL;
  if (c1 == '/' && c2 == '/') return TOK_DOUBLESLASHEQUAL;
  if (c1 == '<' && c2 == '<') return TOK_LEFTSHIFTEQUAL;
  if (c1 == '>' && c2 == '>') return TOK_RIGHTSHIFTEQUAL;
  if (c1 == '.' && c2 == '.' && c3 == '.') return TOK_ELLIPSIS;
  return TOK_OP;
}

/* ------------------------------------------------------------- tok_get */

/* One token: its kind, and its text in *p_start..*p_end (NULL for
 * INDENT/DEDENT/ENDMARKER/errors). */
static int tok_get(lang_lexer *lx, const char **p_start, const char **p_end) {
  int c;
  int blankline;
  bool nonascii;
  *p_start = *p_end = NULL;
nextline:
  lx->start = NULL;
  blankline = 0;

  /* Get the indentation level */
  if (lx->atbol) {
    int col = 0, altcol = 0, cont_line_col = 0;
    lx->atbol = 0;
    for (;;) {
      c = nextc(lx);
      if (c == ' ') {
        col++, altcol++;
      } else if (c == '\t') {
        col = (col / TABSIZE + 1) * TABSIZE;
        altcol = (altcol / ALTTABSIZE + 1) * ALTTABSIZE;
      } else if (c == '\014') {
        col = altcol = 0;
      } else if (c == '\\') {
        cont_line_col = cont_line_col ? cont_line_col : col;
        if ((c = continuation_line(lx)) == -1) return TOK_ERRORTOKEN;
      } else {
        break;
      }
    }
    backup(lx, c);
    if (c == '#' || c == '\n') {
      /* Blank or comment-only lines do not change the indentation. (An
       * empty file's first line is EOF, not blank.) */
      blankline = 1;
    }
    if (!blankline && lx->level == 0) {
      col = cont_line_col ? cont_line_col : col;
      altcol = cont_line_col ? cont_line_col : altcol;
      if (col == lx->indstack[lx->indent]) {
        if (altcol != lx->altindstack[lx->indent]) return indenterror(lx);
      } else if (col > lx->indstack[lx->indent]) {
        if (lx->indent + 1 >= LANG_MAXINDENT) {
          lx->done = LX_TOODEEP;
          lx->cur = lx->inp;
          return TOK_ERRORTOKEN;
        }
        if (altcol <= lx->altindstack[lx->indent]) return indenterror(lx);
        lx->pendin++;
        lx->indstack[++lx->indent] = col;
        lx->altindstack[lx->indent] = altcol;
      } else {
        while (lx->indent > 0 && col < lx->indstack[lx->indent]) {
          lx->pendin--;
          lx->indent--;
        }
        if (col != lx->indstack[lx->indent]) {
          lx->done = LX_DEDENT;
          lx->cur = lx->inp;
          return TOK_ERRORTOKEN;
        }
        if (altcol != lx->altindstack[lx->indent]) return indenterror(lx);
      }
    }
  }

  lx->start = lx->cur;
  /* Pending indents and dedents */
  if (lx->pendin != 0) {
    if (lx->pendin < 0) {
      lx->pendin++;
      return TOK_DEDENT;
    }
    lx->pendin--;
    return TOK_INDENT;
  }

again:
  lx->start = NULL;
  do c = nextc(lx); while (c == ' ' || c == '\t' || c == '\014');
  lx->start = lx->cur == NULL ? NULL : lx->cur - 1;

  /* Comment */
  if (c == '#') {
    while (c != EOF && c != '\n') c = nextc(lx);
  }

  if (c == EOF) {
    if (lx->level) return TOK_ERRORTOKEN;
    return lx->done == LX_EOF ? TOK_ENDMARKER : TOK_ERRORTOKEN;
  }

  /* Identifier, or a string prefix */
  nonascii = false;
  if (is_potential_identifier_start(c)) {
    int saw_b = 0, saw_r = 0, saw_u = 0, saw_f = 0;
    for (;;) {
      if (!(saw_b || saw_u || saw_f) && (c == 'b' || c == 'B')) saw_b = 1;
      else if (!(saw_b || saw_u || saw_r || saw_f) && (c == 'u' || c == 'U')) saw_u = 1;
      else if (!(saw_r || saw_u) && (c == 'r' || c == 'R')) saw_r = 1;
      else if (!(saw_f || saw_b || saw_u) && (c == 'f' || c == 'F')) saw_f = 1;
      else break;
      c = nextc(lx);
      if (c == '"' || c == '\'') goto letter_quote;
    }
    while (is_potential_identifier_char(c)) {
      if (c >= 128) nonascii = true;
      c = nextc(lx);
    }
    backup(lx, c);
    if (nonascii && !verify_identifier(lx)) return TOK_ERRORTOKEN;
    *p_start = lx->start;
    *p_end = lx->cur;
    return TOK_NAME;
  }

  /* Newline */
  if (c == '\n') {
    lx->atbol = 1;
    if (blankline || lx->level > 0) goto nextline;
    *p_start = lx->start;
    *p_end = lx->cur - 1;  /* leave '\n' out */
    lx->cont_line = 0;
    return TOK_NEWLINE;
  }

  /* Period or number starting with a period? */
  if (c == '.') {
    c = nextc(lx);
    if (is_digit(c)) {
      goto fraction;
    } else if (c == '.') {
      c = nextc(lx);
      if (c == '.') {
        *p_start = lx->start;
        *p_end = lx->cur;
        return TOK_ELLIPSIS;
      }
      backup(lx, c);
      backup(lx, '.');
    } else {
      backup(lx, c);
    }
    *p_start = lx->start;
    *p_end = lx->cur;
    return TOK_DOT;
  }

  /* Number */
  if (is_digit(c)) {
    if (c == '0') {
      c = nextc(lx);
      if (c == 'x' || c == 'X') {
        c = nextc(lx);
        do {
          if (c == '_') c = nextc(lx);
          if (!is_xdigit(c)) {
            backup(lx, c);
            return syntaxerror(lx, "invalid hexadecimal literal");
          }
          do c = nextc(lx); while (is_xdigit(c));
        } while (c == '_');
        if (!verify_end_of_number(lx, c, "hexadecimal")) return TOK_ERRORTOKEN;
      } else if (c == 'o' || c == 'O') {
        c = nextc(lx);
        do {
          if (c == '_') c = nextc(lx);
          if (c < '0' || c >= '8') {
            if (is_digit(c)) return syntaxerror(lx, "invalid digit '%c' in octal literal", c);
            backup(lx, c);
            return syntaxerror(lx, "invalid octal literal");
          }
          do c = nextc(lx); while ('0' <= c && c < '8');
        } while (c == '_');
        if (is_digit(c)) return syntaxerror(lx, "invalid digit '%c' in octal literal", c);
        if (!verify_end_of_number(lx, c, "octal")) return TOK_ERRORTOKEN;
      } else if (c == 'b' || c == 'B') {
        c = nextc(lx);
        do {
          if (c == '_') c = nextc(lx);
          if (c != '0' && c != '1') {
            if (is_digit(c)) return syntaxerror(lx, "invalid digit '%c' in binary literal", c);
            backup(lx, c);
            return syntaxerror(lx, "invalid binary literal");
          }
          do c = nextc(lx); while (c == '0' || c == '1');
        } while (c == '_');
        if (is_digit(c)) return syntaxerror(lx, "invalid digit '%c' in binary literal", c);
        if (!verify_end_of_number(lx, c, "binary")) return TOK_ERRORTOKEN;
      } else {
        int nonzero = 0;
        /* maybe old-style octal; in any case allow '0' as a literal */
        for (;;) {
          if (c == '_') {
            c = nextc(lx);
            if (!is_digit(c)) {
              backup(lx, c);
              return syntaxerror(lx, "invalid decimal literal");
            }
          }
          if (c != '0') break;
          c = nextc(lx);
        }
        const char *zeros_end = lx->cur;
        if (is_digit(c)) {
          nonzero = 1;
          c = decimal_tail(lx);
          if (c == 0) return TOK_ERRORTOKEN;
        }
        if (c == '.') {
          c = nextc(lx);
          goto fraction;
        } else if (c == 'e' || c == 'E') {
          goto exponent;
        } else if (c == 'j' || c == 'J') {
          goto imaginary;
        } else if (nonzero) {
          backup(lx, c);
          return syntaxerror_range(
              lx, (int)(lx->start + 1 - lx->line_start), (int)(zeros_end - lx->line_start),
              "leading zeros in decimal integer literals are not permitted; "
              "use an 0o prefix for octal integers");
        }
        if (!verify_end_of_number(lx, c, "decimal")) return TOK_ERRORTOKEN;
      }
    } else {
      /* Decimal */
      c = decimal_tail(lx);
      if (c == 0) return TOK_ERRORTOKEN;
      if (c == '.') {
        c = nextc(lx);
      fraction:
        if (is_digit(c)) {
          c = decimal_tail(lx);
          if (c == 0) return TOK_ERRORTOKEN;
        }
      }
      if (c == 'e' || c == 'E') {
        int e;
      exponent:
        e = c;
        c = nextc(lx);
        if (c == '+' || c == '-') {
          c = nextc(lx);
          if (!is_digit(c)) {
            backup(lx, c);
            return syntaxerror(lx, "invalid decimal literal");
          }
        } else if (!is_digit(c)) {
          backup(lx, c);
          if (!verify_end_of_number(lx, e, "decimal")) return TOK_ERRORTOKEN;
          backup(lx, e);
          *p_start = lx->start;
          *p_end = lx->cur;
          return TOK_NUMBER;
        }
        c = decimal_tail(lx);
        if (c == 0) return TOK_ERRORTOKEN;
      }
      if (c == 'j' || c == 'J') {
      imaginary:
        c = nextc(lx);
        if (!verify_end_of_number(lx, c, "imaginary")) return TOK_ERRORTOKEN;
      } else if (!verify_end_of_number(lx, c, "decimal")) {
        return TOK_ERRORTOKEN;
      }
    }
    backup(lx, c);
    *p_start = lx->start;
    *p_end = lx->cur;
    return TOK_NUMBER;
  }

letter_quote:
  /* String */
  if (c == '\'' || c == '"') {
    int quote = c;
    int quote_size = 1;
    int end_quote_size = 0;
    lx->first_lineno = lx->lineno;
    lx->multi_line_start = lx->line_start;
    c = nextc(lx);
    if (c == quote) {
      c = nextc(lx);
      if (c == quote) quote_size = 3;
      else end_quote_size = 1;  /* empty string */
    }
    if (c != quote) backup(lx, c);
    while (end_quote_size != quote_size) {
      c = nextc(lx);
      /* a line that failed to decode ends the string quietly (CPython
       * breaks out and leaves its decoding error); other errors fall
       * through to "unterminated", which replaces them */
      if (lx->decode_err || lx->done == LX_NOMEM) return TOK_ERRORTOKEN;
      if (c == EOF || (quote_size == 1 && c == '\n')) {
        /* report from the opening quote (the prefix, really) */
        lx->cur = lx->start;
        lx->cur++;
        lx->line_start = lx->multi_line_start;
        int start = lx->lineno;
        lx->lineno = lx->first_lineno;
        if (quote_size == 3)
          syntaxerror(lx, "unterminated triple-quoted string literal (detected at line %d)", start);
        else
          syntaxerror(lx, "unterminated string literal (detected at line %d)", start);
        return TOK_ERRORTOKEN;
      }
      if (c == quote) {
        end_quote_size += 1;
      } else {
        end_quote_size = 0;
        if (c == '\\') nextc(lx);  /* skip the escaped character */
      }
    }
    *p_start = lx->start;
    *p_end = lx->cur;
    return TOK_STRING;
  }

  /* Line continuation */
  if (c == '\\') {
    if ((c = continuation_line(lx)) == -1) return TOK_ERRORTOKEN;
    lx->cont_line = 1;
    goto again;
  }

  /* Two- and three-character tokens */
  {
    int c2 = nextc(lx);
    int token = two_chars(c, c2);
    if (token != TOK_OP) {
      int c3 = nextc(lx);
      int token3 = three_chars(c, c2, c3);
      if (token3 != TOK_OP) token = token3;
      else backup(lx, c3);
      *p_start = lx->start;
      *p_end = lx->cur;
      return token;
    }
    backup(lx, c2);
  }

  /* Brackets */
  switch (c) {
    case '(':
    case '[':
    case '{':
      if (lx->level >= LANG_MAXLEVEL) return syntaxerror(lx, "too many nested parentheses");
      lx->parenstack[lx->level] = (char)c;
      lx->parenlinenostack[lx->level] = lx->lineno;
      lx->parencolstack[lx->level] = (int)(lx->start - lx->line_start);
      lx->level++;
      break;
    case ')':
    case ']':
    case '}': {
      if (!lx->level) return syntaxerror(lx, "unmatched '%c'", c);
      lx->level--;
      int opening = lx->parenstack[lx->level];
      if (!((opening == '(' && c == ')') || (opening == '[' && c == ']') ||
            (opening == '{' && c == '}'))) {
        if (lx->parenlinenostack[lx->level] != lx->lineno)
          return syntaxerror(lx,
                             "closing parenthesis '%c' does not match opening "
                             "parenthesis '%c' on line %d",
                             c, opening, lx->parenlinenostack[lx->level]);
        return syntaxerror(lx,
                           "closing parenthesis '%c' does not match opening parenthesis '%c'",
                           c, opening);
      }
      break;
    }
  }

  if (!uni_printable((uint32_t)c))
    return syntaxerror(lx, "invalid non-printable character U+%04X", (unsigned)c);

  *p_start = lx->start;
  *p_end = lx->cur;
  return one_char(c);
}

/* ------------------------------------------------------ raising errors */

/* CPython's _PyPegen_byte_offset_to_character_offset. */
static int byte_to_char_offset(const char *line, size_t line_len, int col_offset) {
  size_t len = strnlen(line, line_len);
  if (col_offset > (int)len + 1) col_offset = (int)len + 1;
  if (col_offset <= 0) return col_offset;
  size_t n = (size_t)col_offset;
  if (n > line_len) n = line_len;
  return count_chars(line, n) + (int)((size_t)col_offset - n);
}

bool lang__raise_known(lang_lexer *lx, lang__err *e, lang_diag_kind kind,
                       int line, int col1, int end_line, int end_col1,
                       const char *fmt, va_list ap) {
  if (end_line == LANG_CURRENT_POS) end_line = lx->lineno;
  if (end_col1 == LANG_CURRENT_POS) end_col1 = (int)(lx->cur - lx->line_start);
  /* The line CPython quotes: the file's line, else the tokenizer's buffer. */
  const char *text = NULL;
  size_t text_len = 0;
  if (!lx->string_mode && lang__file_line(lx, line, &text, &text_len)) {
    /* from the file */
  } else if (lx->lineno <= line && lx->inp > lx->buf) {
    text = lx->buf;
    text_len = (size_t)(lx->inp - lx->buf);
  } else if (lx->string_mode) {
    /* get_error_line_from_tokenizer_buffers: the line of the expression */
    int rel = lx->starting_lineno ? line - lx->starting_lineno + 1 : line;
    const char *p = lx->mem;
    for (int i = 0; i < rel - 1; i++) {
      const char *nl = strchr(p, '\n');
      if (!nl || nl + 1 > lx->inp) break;
      p = nl + 1;
    }
    const char *nl = strchr(p, '\n');
    text = p;
    text_len = nl ? (size_t)(nl - p) : strlen(p);
  } else {
    text = "";
    text_len = 0;
  }
  char fmtbuf[512];
  if (lx->string_mode) {
    snprintf(fmtbuf, sizeof fmtbuf, "f-string: %s", fmt);
    fmt = fmtbuf;
    col1 -= lx->starting_bcol;
    end_col1 -= lx->starting_bcol;
  }
  int col_number = col1, end_col_number = end_col1;
  if (lx->encoding && !lx->string_mode) {
    col_number = byte_to_char_offset(text, text_len, col1);
    if (end_col_number > 0) end_col_number = byte_to_char_offset(text, text_len, end_col1);
  }
  return lang__err_vset(e, kind, lx->filename, line, col_number, end_line, end_col_number,
                        text, text_len, fmt, ap);
}

static bool raise_known(lang_lexer *lx, lang__err *e, lang_diag_kind kind, int line,
                        int col1, int end_line, int end_col1, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  bool ok = lang__raise_known(lx, e, kind, line, col1, end_line, end_col1, fmt, ap);
  va_end(ap);
  return ok;
}

/* _PyPegen_raise_error with t the error token (no columns). */
static bool raise_at_errortoken(lang_lexer *lx, lang_diag_kind kind, const char *msg) {
  int col;
  if (lx->cur == lx->buf) col = 0;
  else col = (int)(lx->cur - (lx->buf ? lx->line_start : lx->buf));
  return raise_known(lx, &lx->err, kind, lx->lineno, col, lx->lineno, -1, "%s", msg);
}

bool lang__unclosed_paren_error(lang_lexer *lx, lang__err *e) {
  int lineno = lx->parenlinenostack[lx->level - 1];
  int col = lx->parencolstack[lx->level - 1];
  return raise_known(lx, e, LANG_DIAG_SYNTAX_ERROR, lineno, col + 1, lineno, 0,
                     "'%c' was never closed", lx->parenstack[lx->level - 1]);
}

void lang__lexer_done_error(lang_lexer *lx) {
  if (lx->err.set || lx->done == LX_NOMEM) return;
  bool ok = true;
  lx->err_is_set_kind = false;
  switch (lx->done) {
    case LX_EOF:
      if (lx->level) ok = lang__unclosed_paren_error(lx, &lx->err);
      else ok = raise_at_errortoken(lx, LANG_DIAG_SYNTAX_ERROR, "unexpected EOF while parsing");
      break;
    case LX_DEDENT:
      ok = raise_at_errortoken(lx, LANG_DIAG_INDENTATION_ERROR,
                               "unindent does not match any outer indentation level");
      break;
    case LX_TABSPACE:
      ok = raise_known(lx, &lx->err, LANG_DIAG_TAB_ERROR, lx->lineno, 1, lx->lineno, 0,
                       "inconsistent use of tabs and spaces in indentation");
      break;
    case LX_TOODEEP:
      ok = raise_known(lx, &lx->err, LANG_DIAG_INDENTATION_ERROR, lx->lineno, 1, lx->lineno,
                       0, "too many levels of indentation");
      break;
    case LX_LINECONT: {
      int col = (int)(lx->cur - lx->buf - 1);
      ok = raise_known(lx, &lx->err, LANG_DIAG_SYNTAX_ERROR, lx->lineno,
                       (col >= 0 ? col : 0) + 1, lx->lineno, 0,
                       "unexpected character after line continuation character");
      break;
    }
    default:
      ok = raise_known(lx, &lx->err, LANG_DIAG_SYNTAX_ERROR, lx->lineno, 1, lx->lineno, 0,
                       "unknown parsing error");
      break;
  }
  if (!ok) lx->done = LX_NOMEM;
}

/* ------------------------------------------------------------ the API */

int lang_lexer_next(lang_lexer *lx, lang_token *t) {
  memset(t, 0, sizeof *t);
  if (lx->err.set || lx->done == LX_NOMEM || (lx->done != LX_OK && lx->done != LX_EOF)) {
    t->kind = TOK_ERRORTOKEN;
    t->line = t->end_line = lx->lineno;
    t->bcol = t->end_bcol = -1;
    return lx->done == LX_NOMEM ? LANG_ENOMEM : LANG_ESYNTAX;
  }
  const char *s, *e;
  int kind = tok_get(lx, &s, &e);
  if (kind == TOK_NAME) kind = lang_keyword_kind(s, (size_t)(e - s));
  t->kind = (lang_tok_kind)kind;
  t->level = lx->level;
  const char *ls = kind == TOK_STRING ? lx->multi_line_start : lx->line_start;
  int lineno = kind == TOK_STRING ? lx->first_lineno : lx->lineno;
  t->line = lineno;
  t->end_line = lx->lineno;
  if (s) {
    t->text = s;
    t->len = (uint32_t)(e - s);
    t->bcol = s >= ls ? (int)(s - ls) : -1;
    t->end_bcol = e >= lx->line_start ? (int)(e - lx->line_start) : -1;
    t->col = t->bcol >= 0 ? lang__charcol(lx, ls, s) : 0;
    t->end_col = t->end_bcol >= 0 ? lang__charcol(lx, lx->line_start, e) : 0;
  } else {
    t->bcol = t->end_bcol = -1;
    if (kind == TOK_INDENT) {
      t->col = 0;
      t->end_col = lang__charcol(lx, lx->line_start, lx->cur);
    } else if (kind == TOK_DEDENT) {
      t->col = t->end_col = lang__charcol(lx, lx->line_start, lx->cur);
    }
  }
  if (lx->starting_lineno && lx->lineno == lx->starting_lineno) {
    if (t->bcol >= 0) {
      t->bcol += lx->starting_bcol;
      t->col += lx->starting_col;
    }
    if (t->end_bcol >= 0) {
      t->end_bcol += lx->starting_bcol;
      t->end_col += lx->starting_col;
    }
  }
  if (kind == TOK_ERRORTOKEN) {
    if (lx->done == LX_NOMEM) return LANG_ENOMEM;
    if (!lx->err.set) lang__lexer_done_error(lx);
    if (lx->done == LX_NOMEM) return LANG_ENOMEM;
    return LANG_ESYNTAX;
  }
  return LANG_OK;
}

/* ------------------------------------------------------------ formatting */

typedef struct sbuf {
  char *p;
  size_t n, len;
} sbuf;

static void sb_putn(sbuf *b, const char *s, size_t n) {
  if (b->len < b->n) {
    size_t room = b->n - b->len;
    memcpy(b->p + b->len, s, n < room ? n : room);
  }
  b->len += n;
}

static void sb_puts(sbuf *b, const char *s) { sb_putn(b, s, strlen(s)); }

static void sb_printf(sbuf *b, const char *fmt, ...) {
  char tmp[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof tmp) {
    sb_putn(b, tmp, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (!big) return;
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  sb_putn(b, big, (size_t)n);
  free(big);
}

/* pythonrun.c's print_error_text */
static void print_error_text(sbuf *b, long offset, long end_offset, const char *text,
                             size_t text_len) {
  size_t caret_repetitions =
      (end_offset > 0 && end_offset > offset) ? (size_t)(end_offset - offset) : 1;
  /* The text as a C string (CPython's PyUnicode_AsUTF8 stops nowhere, but
   * strlen does: keep that). */
  size_t tl = strnlen(text, text_len);
  offset--;
  while (tl > 0 && (*text == ' ' || *text == '\t' || *text == '\f')) {
    text++;
    tl--;
    offset--;
  }
  long len = (long)tl;
  if (len > 0 && text[len - 1] == '\n') len--;
  if (offset > len) offset = len;
  for (;;) {
    const char *nl = memchr(text, '\n', tl);
    if (!nl) break;
    long inl = (long)(nl - text);
    if (inl >= offset) break;
    inl += 1;
    text += inl;
    tl -= (size_t)inl;
    len -= inl;
    offset -= inl;
  }
  sb_puts(b, "    ");
  sb_putn(b, text, tl);
  if (len < 0 || (size_t)len >= tl || text[len] != '\n') sb_puts(b, "\n");
  if (offset < 0) return;
  sb_puts(b, "    ");
  while (--offset >= 0) sb_puts(b, " ");
  for (size_t i = 0; i < caret_repetitions; i++) sb_puts(b, "^");
  sb_puts(b, "\n");
}

int lang_diag_format(const lang_diag *d, char *buf, size_t n) {
  sbuf b = {buf, n ? n - 1 : 0, 0};
  const char *name = lang_diag_kind_name(d->kind);
  if (d->kind == LANG_DIAG_SYNTAX_WARNING) {
    /* warnings.formatwarning: "file:line: Category: msg\n  line\n" */
    sb_printf(&b, "%s:%d: %s: %s\n", d->filename ? d->filename : "<unknown>", d->line,
              name, d->msg);
    if (d->text) {
      const char *s = d->text;
      size_t tl = d->text_len;
      while (tl && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\f' || *s == '\r' ||
                    *s == '\v')) {
        s++;
        tl--;
      }
      while (tl && (s[tl - 1] == ' ' || s[tl - 1] == '\t' || s[tl - 1] == '\n' ||
                    s[tl - 1] == '\r' || s[tl - 1] == '\f' || s[tl - 1] == '\v'))
        tl--;
      if (tl) {
        sb_puts(&b, "  ");
        sb_putn(&b, s, tl);
        sb_puts(&b, "\n");
      }
    }
  } else if (d->kind == LANG_DIAG_RECURSION_ERROR || d->kind == LANG_DIAG_MEMORY_ERROR ||
             d->line <= 0) {
    if (d->msg && d->msg[0]) sb_printf(&b, "%s: %s\n", name, d->msg);
    else sb_printf(&b, "%s\n", name);
  } else {
    sb_printf(&b, "  File \"%s\", line %d\n", d->filename ? d->filename : "<unknown>",
              d->line);
    if (d->text) {
      long offset = d->col + 1;
      long end_offset = d->end_col >= 0 ? d->end_col + 1 : -1;
      long end_line = d->end_line;
      if (d->kind != LANG_DIAG_SYNTAX_ERROR) {
        /* parse_syntax_error: subclasses get no range */
        end_line = d->line;
        end_offset = -1;
      }
      long line_size = (long)d->text_len;
      if (end_line > d->line) end_offset = line_size;
      if (end_offset > line_size + 1) end_offset = line_size + 1;
      print_error_text(&b, offset, end_offset, d->text, d->text_len);
    }
    sb_printf(&b, "%s: %s\n", name, d->msg ? d->msg : "");
  }
  if (n) buf[b.len < n ? b.len : n - 1] = 0;
  return (int)b.len;
}
