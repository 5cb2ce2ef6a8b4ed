/* text.c: fonts found through fontconfig, fallback per glyph to a CJK font,
 * and strings rendered once and cached as textures (key: string, face,
 * size, colour). */
#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_int.h"

#define NSETS 24
#define CACHE_SIZE 4096         /* slots; flushed when 3/4 full */

enum { F_SANS, F_BOLD, F_MONO, F_CJK, F__COUNT };

typedef struct font_set {
  int px;
  TTF_Font *f[F__COUNT];
} font_set;

typedef struct entry {
  uint64_t hash;
  char *s;
  uint8_t face;
  int px;
  ui_rgb c;
  SDL_Texture *tex;
  int w, h;
  int asc;           /* the tallest run's ascent: the baseline is there */
} entry;

/* Widths of measured strings, by a 64-bit hash of (string, face, size):
 * measuring is TTF_SizeUTF8 per font run, too slow for every frame. */
#define MEASURE_SIZE 4096
typedef struct measured {
  uint64_t hash;
  int w;
} measured;

struct ui_text {
  measured *widths;
  SDL_Renderer *r;
  char *path[F__COUNT];
  int index[F__COUNT];
  font_set sets[NSETS];
  int nsets;
  entry *cache;
  size_t used;
};

/* Ask fontconfig for the best file for pattern; NULL if none. */
static char *find_font(const char *pattern, int *index) {
  FcPattern *pat = FcNameParse((const FcChar8 *)pattern);
  if (!pat) return NULL;
  FcConfigSubstitute(NULL, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult res;
  FcPattern *m = FcFontMatch(NULL, pat, &res);
  FcPatternDestroy(pat);
  if (!m) return NULL;
  char *out = NULL;
  FcChar8 *file = NULL;
  if (FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
    out = strdup((const char *)file);
    if (FcPatternGetInteger(m, FC_INDEX, 0, index) != FcResultMatch) *index = 0;
  }
  FcPatternDestroy(m);
  return out;
}

/* Live ui_text objects: fontconfig is shut down (FcFini) with the last,
 * so its configuration is not left behind. */
static int live_texts;

ui_text *ui_text_new(SDL_Renderer *r) {
  static const char *const want[F__COUNT][3] = {
    {"DejaVu Sans", "Noto Sans", "sans-serif"},
    {"DejaVu Sans:bold", "Noto Sans:bold", "sans-serif:bold"},
    {"DejaVu Sans Mono", "Noto Sans Mono", "monospace"},
    {"Noto Sans CJK SC", "Noto Sans CJK", "sans-serif:lang=zh-cn"},
  };
  if (!TTF_WasInit() && TTF_Init() != 0) {
    fprintf(stderr, "coroscope: TTF_Init: %s\n", TTF_GetError());
    return NULL;
  }
  if (!FcInit()) {
    fprintf(stderr, "coroscope: fontconfig would not start\n");
    return NULL;
  }
  ui_text *t = calloc(1, sizeof *t);
  if (!t) {
    if (!live_texts) FcFini();
    return NULL;
  }
  live_texts++;
  t->r = r;
  t->cache = calloc(CACHE_SIZE, sizeof *t->cache);
  t->widths = calloc(MEASURE_SIZE, sizeof *t->widths);
  if (!t->cache || !t->widths) goto fail;
  for (int i = 0; i < F__COUNT; i++) {
    for (int k = 0; k < 3 && !t->path[i]; k++) t->path[i] = find_font(want[i][k], &t->index[i]);
    if (!t->path[i]) {
      fprintf(stderr, "coroscope: no font found for '%s' (install fonts-dejavu and "
                      "fonts-noto-cjk)\n", want[i][0]);
      goto fail;
    }
  }
  return t;
fail:
  ui_text_free(t);
  return NULL;
}

static void cache_clear(ui_text *t) {
  if (!t->cache) return;
  for (size_t i = 0; i < CACHE_SIZE; i++) {
    if (t->cache[i].s) {
      free(t->cache[i].s);
      if (t->cache[i].tex) SDL_DestroyTexture(t->cache[i].tex);
    }
  }
  memset(t->cache, 0, CACHE_SIZE * sizeof *t->cache);
  t->used = 0;
}

void ui_text_flush(ui_text *t) { cache_clear(t); }

void ui_text_free(ui_text *t) {
  if (!t) return;
  cache_clear(t);
  free(t->cache);
  free(t->widths);
  for (int i = 0; i < t->nsets; i++)
    for (int k = 0; k < F__COUNT; k++)
      if (t->sets[i].f[k]) TTF_CloseFont(t->sets[i].f[k]);
  for (int i = 0; i < F__COUNT; i++) free(t->path[i]);
  free(t);
  if (--live_texts == 0) FcFini();
}

/* The fonts at px, opened on first use. NULL if a font cannot be opened. */
static font_set *fonts_at(ui_text *t, int px) {
  if (px < 4) px = 4;
  for (int i = 0; i < t->nsets; i++)
    if (t->sets[i].px == px) return &t->sets[i];
  if (t->nsets == NSETS) {  /* rare: drop the oldest size */
    cache_clear(t);
    for (int k = 0; k < F__COUNT; k++) TTF_CloseFont(t->sets[0].f[k]);
    memmove(&t->sets[0], &t->sets[1], (NSETS - 1) * sizeof t->sets[0]);
    t->nsets--;
  }
  font_set *fs = &t->sets[t->nsets];
  memset(fs, 0, sizeof *fs);
  fs->px = px;
  for (int k = 0; k < F__COUNT; k++) {
    fs->f[k] = TTF_OpenFontIndex(t->path[k], px, t->index[k]);
    if (!fs->f[k]) {
      fprintf(stderr, "coroscope: TTF_OpenFont %s: %s\n", t->path[k], TTF_GetError());
      for (int j = 0; j < k; j++) TTF_CloseFont(fs->f[j]);
      return NULL;
    }
  }
  t->nsets++;
  return fs;
}

/* Decode one UTF-8 code point at s; its length into *len (>= 1). */
static uint32_t utf8_next(const char *s, int *len) {
  const unsigned char *u = (const unsigned char *)s;
  if (u[0] < 0x80) { *len = 1; return u[0]; }
  if ((u[0] & 0xE0) == 0xC0 && (u[1] & 0xC0) == 0x80) {
    *len = 2;
    return ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
  }
  if ((u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
    *len = 3;
    return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
  }
  if ((u[0] & 0xF8) == 0xF0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80 &&
      (u[3] & 0xC0) == 0x80) {
    *len = 4;
    return ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
           ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
  }
  *len = 1;
  return 0xFFFD;
}

/* Which font of fs draws code point cp for face f: the face's own if it
 * has the glyph, else the CJK font if it has it, else the face's own. */
static TTF_Font *font_for(font_set *fs, ui_face f, uint32_t cp) {
  TTF_Font *own = fs->f[f];
  if (cp < 0x80 || TTF_GlyphIsProvided32(own, cp)) return own;
  if (TTF_GlyphIsProvided32(fs->f[F_CJK], cp)) return fs->f[F_CJK];
  return own;
}

/* Walk s in runs of one font: cb(font, run, len) for each. */
typedef void (*run_cb)(void *ud, TTF_Font *font, const char *run, size_t len);
static void each_run(font_set *fs, ui_face f, const char *s, run_cb cb, void *ud) {
  const char *p = s, *start = s;
  TTF_Font *cur = NULL;
  while (*p) {
    int len;
    uint32_t cp = utf8_next(p, &len);
    TTF_Font *fn = font_for(fs, f, cp);
    if (cur && fn != cur) {
      cb(ud, cur, start, (size_t)(p - start));
      start = p;
    }
    cur = fn;
    p += len;
  }
  if (cur && p > start) cb(ud, cur, start, (size_t)(p - start));
}

typedef struct measure_acc {
  int w, asc, desc;
} measure_acc;

static void measure_run(void *ud, TTF_Font *font, const char *run, size_t len) {
  measure_acc *m = ud;
  char buf[1024];
  if (len >= sizeof buf) len = sizeof buf - 1;
  memcpy(buf, run, len);
  buf[len] = 0;
  int w = 0, h = 0;
  TTF_SizeUTF8(font, buf, &w, &h);
  m->w += w;
  if (TTF_FontAscent(font) > m->asc) m->asc = TTF_FontAscent(font);
  if (-TTF_FontDescent(font) > m->desc) m->desc = -TTF_FontDescent(font);
}

typedef struct compose {
  SDL_Surface *dst;
  int x, asc;
  SDL_Color col;
} compose;

static void compose_run(void *ud, TTF_Font *font, const char *run, size_t len) {
  compose *c = ud;
  char buf[1024];
  if (len >= sizeof buf) len = sizeof buf - 1;
  memcpy(buf, run, len);
  buf[len] = 0;
  SDL_Surface *s = TTF_RenderUTF8_Blended(font, buf, c->col);
  if (!s) return;
  SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);
  SDL_Rect d = {c->x, c->asc - TTF_FontAscent(font), s->w, s->h};
  SDL_BlitSurface(s, NULL, c->dst, &d);
  c->x += s->w;
  SDL_FreeSurface(s);
}

static int font_line_h(font_set *fs, ui_face f) {
  int a = TTF_FontAscent(fs->f[f]), d = -TTF_FontDescent(fs->f[f]);
  int a2 = TTF_FontAscent(fs->f[F_CJK]), d2 = -TTF_FontDescent(fs->f[F_CJK]);
  (void)a2;
  (void)d2;
  return a + d;
}

int ui_text_line_h(ui_text *t, ui_face f, int px) {
  font_set *fs = fonts_at(t, px);
  return fs ? font_line_h(fs, f) : px;
}

static uint64_t hash_key(const char *s, ui_face f, int px, ui_rgb c) {
  uint64_t h = 1469598103934665603ull;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) h = (h ^ *p) * 1099511628211ull;
  h = (h ^ (uint64_t)f) * 1099511628211ull;
  h = (h ^ (uint64_t)px) * 1099511628211ull;
  h = (h ^ ((uint64_t)c.r << 16 | (uint64_t)c.g << 8 | c.b)) * 1099511628211ull;
  return h;
}

/* The cached entry for (s, f, px, c), rendered on first use; NULL if the
 * string is empty or rendering failed. */
static entry *lookup(ui_text *t, ui_face f, int px, ui_rgb c, const char *s) {
  if (!s || !*s) return NULL;
  uint64_t h = hash_key(s, f, px, c);
  size_t i = h & (CACHE_SIZE - 1);
  for (;;) {
    entry *e = &t->cache[i];
    if (!e->s) break;
    if (e->hash == h && e->face == f && e->px == px && e->c.r == c.r && e->c.g == c.g &&
        e->c.b == c.b && !strcmp(e->s, s))
      return e;
    i = (i + 1) & (CACHE_SIZE - 1);
  }
  if (t->used >= CACHE_SIZE * 3 / 4) {
    cache_clear(t);
    return lookup(t, f, px, c, s);
  }
  font_set *fs = fonts_at(t, px);
  if (!fs) return NULL;
  measure_acc m = {0, 0, 0};
  each_run(fs, f, s, measure_run, &m);
  if (m.w <= 0) return NULL;
  int hgt = m.asc + m.desc + (px + 7) / 8;  /* room for underscores */
  SDL_Surface *dst = SDL_CreateRGBSurfaceWithFormat(0, m.w, hgt, 32, SDL_PIXELFORMAT_ARGB8888);
  if (!dst) return NULL;
  SDL_FillRect(dst, NULL, 0);
  compose cp = {dst, 0, m.asc, {c.r, c.g, c.b, 255}};
  each_run(fs, f, s, compose_run, &cp);
  SDL_Texture *tex = SDL_CreateTextureFromSurface(t->r, dst);
  SDL_FreeSurface(dst);
  if (!tex) return NULL;
  SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
  entry *e = &t->cache[i];
  e->s = strdup(s);
  if (!e->s) {
    SDL_DestroyTexture(tex);
    return NULL;
  }
  e->hash = h;
  e->face = (uint8_t)f;
  e->px = px;
  e->c = c;
  e->tex = tex;
  /* The line box is the face's own, so mixed strings sit on one baseline
   * with Latin ones; CJK glyphs may reach a pixel or two beyond. */
  e->w = m.w;
  e->h = hgt;
  e->asc = m.asc;
  t->used++;
  return e;
}

int ui_text_draw(ui_text *t, ui_face f, int px, ui_rgb c, const char *s, int x, int y) {
  entry *e = lookup(t, f, px, c, s);
  if (!e) return 0;
  font_set *fs = fonts_at(t, px);
  /* Put the baseline where the face's own would be, so mixed strings sit
   * on the same line as Latin ones (CJK glyphs may reach a little above). */
  int off = fs ? TTF_FontAscent(fs->f[f]) - e->asc : 0;
  SDL_Rect d = {x, y + off, e->w, e->h};
  SDL_RenderCopy(t->r, e->tex, NULL, &d);
  return e->w;
}

void ui_text_measure(ui_text *t, ui_face f, int px, const char *s, int *w, int *h) {
  font_set *fs = fonts_at(t, px);
  *w = 0;
  *h = fs ? font_line_h(fs, f) : px;
  if (!fs || !s || !*s) return;
  uint64_t h0 = hash_key(s, f, px, (ui_rgb){0, 0, 0}) | 1;
  measured *slot = &t->widths[h0 & (MEASURE_SIZE - 1)];
  if (slot->hash == h0) {
    *w = slot->w;
    return;
  }
  measure_acc m = {0, 0, 0};
  each_run(fs, f, s, measure_run, &m);
  *w = m.w;
  slot->hash = h0;  /* direct-mapped: a clash just measures again */
  slot->w = m.w;
}

/* Length in bytes of the longest prefix of s (cut at a code point) that
 * fits maxw together with the suffix's width. */
static size_t fit_prefix(ui_text *t, ui_face f, int px, const char *s, int maxw) {
  size_t lo = 0, n = strlen(s);
  char buf[1024];
  size_t best = 0;
  const char *p = s;
  while ((size_t)(p - s) < n) {
    int len;
    utf8_next(p, &len);
    size_t cut = (size_t)(p - s) + (size_t)len;
    if (cut >= sizeof buf) break;
    memcpy(buf, s, cut);
    buf[cut] = 0;
    int w, h;
    ui_text_measure(t, f, px, buf, &w, &h);
    if (w > maxw) break;
    best = cut;
    p += len;
  }
  (void)lo;
  return best;
}

int ui_text_draw_fit(ui_text *t, ui_face f, int px, ui_rgb c, const char *s, int x, int y,
                     int maxw) {
  if (!s || !*s || maxw <= 0) return 0;
  int w, h;
  ui_text_measure(t, f, px, s, &w, &h);
  if (w <= maxw) return ui_text_draw(t, f, px, c, s, x, y);
  int ew, eh;
  ui_text_measure(t, f, px, "…", &ew, &eh);
  size_t cut = fit_prefix(t, f, px, s, maxw - ew);
  char buf[1024];
  if (cut > sizeof buf - 8) cut = sizeof buf - 8;
  memcpy(buf, s, cut);
  while (cut > 0 && buf[cut - 1] == ' ') cut--;
  memcpy(buf + cut, "…", sizeof "…");
  return ui_text_draw(t, f, px, c, buf, x, y);
}

static bool is_wide(uint32_t cp) { return cp >= 0x2E80; }

int ui_text_wrap(ui_text *t, ui_face f, int px, ui_rgb c, const char *s, int x, int y,
                 int maxw, int max_lines) {
  int lh = ui_text_line_h(t, f, px);
  int line_gap = lh / 4;
  int lines = 0;
  const char *p = s;
  char buf[1024];
  while (*p && lines < max_lines) {
    while (*p == ' ') p++;
    /* Grow the line token by token while it fits. */
    const char *q = p, *last_ok = p;
    while (*q) {
      const char *tok_end = q;
      int len;
      uint32_t cp = utf8_next(tok_end, &len);
      if (is_wide(cp)) {
        tok_end += len;
      } else {
        while (*tok_end == ' ') tok_end++;
        while (*tok_end && *tok_end != ' ') {
          uint32_t c2 = utf8_next(tok_end, &len);
          if (is_wide(c2)) break;
          tok_end += len;
        }
      }
      size_t n = (size_t)(tok_end - p);
      if (n >= sizeof buf) break;
      memcpy(buf, p, n);
      buf[n] = 0;
      int w, h;
      ui_text_measure(t, f, px, buf, &w, &h);
      if (w > maxw && last_ok > p) break;
      last_ok = tok_end;
      q = tok_end;
      if (w > maxw) break;
    }
    size_t n = (size_t)(last_ok - p);
    if (n >= sizeof buf) n = sizeof buf - 1;
    memcpy(buf, p, n);
    buf[n] = 0;
    lines++;
    if (lines == max_lines && *last_ok) {
      /* Last allowed line: put the rest in, ellipsised. */
      size_t rest = strlen(p);
      if (rest >= sizeof buf) rest = sizeof buf - 1;
      memcpy(buf, p, rest);
      buf[rest] = 0;
      ui_text_draw_fit(t, f, px, c, buf, x, y, maxw);
    } else {
      ui_text_draw_fit(t, f, px, c, buf, x, y, maxw);
    }
    y += lh + line_gap;
    p = last_ok;
  }
  return lines * (lh + line_gap);
}

bool ui_text_covers(ui_text *t, ui_face f, const char *s, uint32_t *missing) {
  font_set *fs = fonts_at(t, 16);
  if (!fs) return false;
  for (const char *p = s; *p;) {
    int len;
    uint32_t cp = utf8_next(p, &len);
    p += len;
    if (cp < 0x20 || cp == 0x200B || cp == 0xFE0F) continue;
    if (!TTF_GlyphIsProvided32(fs->f[f], cp) && !TTF_GlyphIsProvided32(fs->f[F_CJK], cp)) {
      if (missing) *missing = cp;
      return false;
    }
  }
  return true;
}
