/* draw.c: the palette, drawing primitives and the whole frame (header,
 * panels in layout order, help and lesson-menu overlays). Reads only. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_int.h"

/* Calm neutrals, strong state colours (distinct in hue and lightness). */
const ui_rgb ui_state_colour[7] = {
  {148, 163, 184},  /* created: slate grey */
  {234, 160, 38},   /* ready: amber */
  {34, 168, 90},    /* running: green */
  {59, 125, 216},   /* waiting: blue */
  {100, 116, 139},  /* done: dark slate */
  {214, 69, 69},    /* failed: red */
  {147, 90, 190},   /* cancelled: purple */
};
const char *const ui_state_label[7] = {"created", "ready",  "running",  "waiting",
                                       "done",    "failed", "cancelled"};

const ui_rgb ui_colour[UI_C__COUNT] = {
  [UI_C_BG] = {236, 239, 243},      [UI_C_PANEL] = {255, 255, 255},
  [UI_C_BORDER] = {214, 219, 226},  [UI_C_TEXT] = {31, 41, 51},
  [UI_C_MUTED] = {110, 120, 134},   [UI_C_HEADER] = {30, 41, 59},
  [UI_C_HEADER_TEXT] = {241, 245, 249}, [UI_C_ACCENT] = {34, 168, 90},
  [UI_C_SRC_RUN] = {220, 245, 228}, [UI_C_KEYWORD] = {166, 38, 164},
  [UI_C_STRING] = {80, 161, 79},    [UI_C_COMMENT] = {150, 156, 168},
  [UI_C_NUMBER] = {190, 100, 20},   [UI_C_FUNC] = {38, 90, 190},
  [UI_C_NOTE] = {255, 248, 225},    [UI_C_WARN] = {214, 69, 69},
  [UI_C_TIMER] = {14, 116, 144},    [UI_C_CALLBACK] = {120, 113, 108},
  [UI_C_SHADOW] = {200, 205, 214},
};

int ui_px(const ui_gfx *g, float pt) { return (int)lroundf(pt * g->scale); }

void ui_dbg_add(ui_gfx *g, ui_dbg_kind k, uint32_t id, uint8_t state, SDL_Rect r, ui_rgb fill) {
  ui_debug *d = g->dbg;
  if (!d) return;
  if (d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 64;
    ui_dbg_item *it = realloc(d->items, cap * sizeof *it);
    if (!it) return;
    d->items = it;
    d->cap = cap;
  }
  d->items[d->n++] = (ui_dbg_item){(uint8_t)k, id, state, r, fill};
}

void ui_anchor_add(ui_gfx *g, ui_anchor_kind k, uint32_t id, SDL_Rect r) {
  if (g->nanchors >= UI_ANCHOR_MAX) return;
  g->anchors[g->nanchors++] = (ui_anchor){(uint8_t)k, id, r};
}

/* Linear: a frame has at most UI_ANCHOR_MAX of them. */
const ui_anchor *ui_anchor_find(const ui_gfx *g, ui_anchor_kind k, uint32_t id) {
  for (int i = 0; i < g->nanchors; i++)
    if (g->anchors[i].kind == k && g->anchors[i].id == id) return &g->anchors[i];
  return NULL;
}

void ui_set(ui_gfx *g, ui_rgb c, uint8_t a) { SDL_SetRenderDrawColor(g->r, c.r, c.g, c.b, a); }

void ui_fill(ui_gfx *g, SDL_Rect r, ui_rgb c) {
  ui_set(g, c, 255);
  SDL_RenderFillRect(g->r, &r);
}

ui_rgb ui_rgb_mix(ui_rgb a, ui_rgb b, float t) {
  if (t < 0) t = 0;
  if (t > 1) t = 1;
  ui_rgb o = {(uint8_t)lroundf(a.r + (b.r - a.r) * t), (uint8_t)lroundf(a.g + (b.g - a.g) * t),
              (uint8_t)lroundf(a.b + (b.b - a.b) * t)};
  return o;
}

ui_rgb ui_on(ui_rgb c) {
  float l = 0.299f * c.r + 0.587f * c.g + 0.114f * c.b;
  return l > 170 ? ui_colour[UI_C_TEXT] : (ui_rgb){255, 255, 255};
}

/* A filled polygon fan around (cx, cy) through pts (n <= 64), in one
 * SDL_RenderGeometry call: a call per triangle made 1,000 cards cost a
 * frame. */
static void fan(ui_gfx *g, float cx, float cy, const float *pts, int n, ui_rgb c, uint8_t a) {
  SDL_Vertex v[65];
  int idx[3 * 64];
  SDL_Color col = {c.r, c.g, c.b, a};
  if (n > 64) n = 64;
  v[0] = (SDL_Vertex){{cx, cy}, col, {0, 0}};
  for (int i = 0; i < n; i++) v[i + 1] = (SDL_Vertex){{pts[2 * i], pts[2 * i + 1]}, col, {0, 0}};
  int k = 0;
  for (int i = 0; i + 1 < n; i++) {
    idx[k++] = 0;
    idx[k++] = i + 1;
    idx[k++] = i + 2;
  }
  SDL_RenderGeometry(g->r, NULL, v, n + 1, idx, k);
}

void ui_fill_round(ui_gfx *g, SDL_Rect r, int rad, ui_rgb c, uint8_t alpha) {
  if (r.w <= 0 || r.h <= 0) return;
  if (rad * 2 > r.w) rad = r.w / 2;
  if (rad * 2 > r.h) rad = r.h / 2;
  SDL_SetRenderDrawBlendMode(g->r, alpha < 255 ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE);
  ui_set(g, c, alpha);
  if (rad <= 1) {
    SDL_RenderFillRect(g->r, &r);
    SDL_SetRenderDrawBlendMode(g->r, SDL_BLENDMODE_NONE);
    return;
  }
  SDL_Rect mid = {r.x + rad, r.y, r.w - 2 * rad, r.h};
  SDL_Rect left = {r.x, r.y + rad, rad, r.h - 2 * rad};
  SDL_Rect right = {r.x + r.w - rad, r.y + rad, rad, r.h - 2 * rad};
  SDL_RenderFillRect(g->r, &mid);
  SDL_RenderFillRect(g->r, &left);
  SDL_RenderFillRect(g->r, &right);
  enum { SEG = 8 };
  float cs[4][2] = {{(float)(r.x + rad), (float)(r.y + rad)},
                    {(float)(r.x + r.w - rad), (float)(r.y + rad)},
                    {(float)(r.x + r.w - rad), (float)(r.y + r.h - rad)},
                    {(float)(r.x + rad), (float)(r.y + r.h - rad)}};
  for (int k = 0; k < 4; k++) {
    float pts[2 * (SEG + 1)];
    float a0 = (float)M_PI * (1.0f + 0.5f * k);
    for (int i = 0; i <= SEG; i++) {
      float a = a0 + (float)M_PI * 0.5f * i / SEG;
      pts[2 * i] = cs[k][0] + cosf(a) * rad;
      pts[2 * i + 1] = cs[k][1] + sinf(a) * rad;
    }
    fan(g, cs[k][0], cs[k][1], pts, SEG + 1, c, alpha);
  }
  SDL_SetRenderDrawBlendMode(g->r, SDL_BLENDMODE_NONE);
}

void ui_stroke_round(ui_gfx *g, SDL_Rect r, int rad, int thick, ui_rgb c) {
  ui_fill_round(g, r, rad, c, 255);
  (void)thick;
}

/* A thick line as two triangles, in colour c at alpha a (blended when
 * a < 255). */
static void line_a(ui_gfx *g, float x0, float y0, float x1, float y1, float thick, ui_rgb c,
                   uint8_t a) {
  float dx = x1 - x0, dy = y1 - y0;
  float len = sqrtf(dx * dx + dy * dy);
  if (len < 0.01f) return;
  float nx = -dy / len * thick * 0.5f, ny = dx / len * thick * 0.5f;
  SDL_Color col = {c.r, c.g, c.b, a};
  SDL_Vertex v[4] = {{{x0 + nx, y0 + ny}, col, {0, 0}},
                     {{x1 + nx, y1 + ny}, col, {0, 0}},
                     {{x1 - nx, y1 - ny}, col, {0, 0}},
                     {{x0 - nx, y0 - ny}, col, {0, 0}}};
  int idx[6] = {0, 1, 2, 0, 2, 3};
  SDL_RenderGeometry(g->r, NULL, v, 4, idx, 6);
}

void ui_line(ui_gfx *g, float x0, float y0, float x1, float y1, float thick, ui_rgb c) {
  line_a(g, x0, y0, x1, y1, thick, c, 255);
}

static void head_a(ui_gfx *g, float x1, float y1, float ux, float uy, float head, ui_rgb c,
                   uint8_t a) {
  SDL_Color col = {c.r, c.g, c.b, a};
  SDL_Vertex v[3] = {{{x1, y1}, col, {0, 0}},
                     {{x1 - ux * head - uy * head * 0.55f, y1 - uy * head + ux * head * 0.55f}, col, {0, 0}},
                     {{x1 - ux * head + uy * head * 0.55f, y1 - uy * head - ux * head * 0.55f}, col, {0, 0}}};
  SDL_RenderGeometry(g->r, NULL, v, 3, NULL, 0);
}

void ui_arrow(ui_gfx *g, float x0, float y0, float x1, float y1, float thick, ui_rgb c) {
  float dx = x1 - x0, dy = y1 - y0;
  float len = sqrtf(dx * dx + dy * dy);
  if (len < 1) return;
  float ux = dx / len, uy = dy / len;
  float head = thick * 4.0f;
  ui_line(g, x0, y0, x1 - ux * head * 0.8f, y1 - uy * head * 0.8f, thick, c);
  head_a(g, x1, y1, ux, uy, head, c, 255);
}

void ui_dashed_arrow(ui_gfx *g, float x0, float y0, float x1, float y1, float thick, ui_rgb c,
                     uint8_t alpha) {
  float dx = x1 - x0, dy = y1 - y0;
  float len = sqrtf(dx * dx + dy * dy);
  if (len < 2) return;
  float ux = dx / len, uy = dy / len;
  float dash = 7.0f * g->scale, gap = 4.0f * g->scale, head = thick * 4.5f;
  SDL_SetRenderDrawBlendMode(g->r, SDL_BLENDMODE_BLEND);
  for (float d = 0; d < len - head; d += dash + gap) {
    float e = d + dash < len - head ? d + dash : len - head;
    line_a(g, x0 + ux * d, y0 + uy * d, x0 + ux * e, y0 + uy * e, thick, c, alpha);
  }
  head_a(g, x1, y1, ux, uy, head, c, 255);
  SDL_SetRenderDrawBlendMode(g->r, SDL_BLENDMODE_NONE);
}

void ui_circle(ui_gfx *g, float cx, float cy, float rad, ui_rgb c) {
  enum { SEG = 24 };
  float pts[2 * (SEG + 1)];
  for (int i = 0; i <= SEG; i++) {
    float a = 2.0f * (float)M_PI * i / SEG;
    pts[2 * i] = cx + cosf(a) * rad;
    pts[2 * i + 1] = cy + sinf(a) * rad;
  }
  fan(g, cx, cy, pts, SEG + 1, c, 255);
}

SDL_Rect ui_panel(ui_gfx *g, SDL_Rect r, const char *title) {
  int rad = ui_px(g, 6);
  SDL_Rect sh = {r.x, r.y + ui_px(g, 1), r.w, r.h};
  ui_fill_round(g, sh, rad, ui_colour[UI_C_SHADOW], 255);
  ui_fill_round(g, r, rad, ui_colour[UI_C_PANEL], 255);
  int pad = ui_px(g, 10);
  SDL_Rect c = {r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad};
  if (title) {
    int px = g->L.title_px > 0 ? g->L.title_px : (int)lroundf(13.0f * g->scale);
    ui_text_draw(g->text, UI_FACE_BOLD, px, ui_colour[UI_C_MUTED], title, c.x, c.y - ui_px(g, 2));
    int th = ui_text_line_h(g->text, UI_FACE_BOLD, px) + ui_px(g, 4);
    c.y += th;
    c.h -= th;
  }
  return c;
}

const char *ui_str(int64_t id) {
  const char *s = id ? rt_interned(id) : NULL;
  return s ? s : "";
}

const char *ui_task_label(const sim_task *t, char *buf, size_t n) {
  return sim_task_name(t, buf, n);
}

const char *ui_task_chain(const sim_task *t, int lang, char *buf, size_t n) {
  size_t off = 0;
  buf[0] = 0;
  for (uint32_t i = 0; i < t->nframes && off + 1 < n; i++) {
    int k = snprintf(buf + off, n - off, "%s%s", i ? " → " : "", ui_str(t->frames[i].name));
    if (k < 0) break;
    off += (size_t)k;
  }
  if (off >= n) buf[n - 1] = 0;
  if (t->nframes) return buf;
  /* No frame: not begun yet, or its coroutine has ended (it returns, then
   * the task records the outcome a few events later). */
  const char *en, *zh;
  if (t->state == SIM_TASK_FAILED) en = "(raised)", zh = "（抛出了异常）";
  else if (t->state == SIM_TASK_CANCELLED) en = "(cancelled)", zh = "（已取消）";
  else if (t->state == SIM_TASK_DONE) en = "(returned)", zh = "（已返回）";
  else if (t->returned) en = "(its coroutine has ended)", zh = "（协程已结束）";
  else en = "(not started)", zh = "（尚未开始）";
  snprintf(buf, n, "%s", lang ? zh : en);
  return buf;
}

const char *ui_task_waits(const sim_state *s, const sim_task *t, int lang, char *buf, size_t n) {
  buf[0] = 0;
  if (t->state != SIM_TASK_WAITING) return buf;
  const sim_task *on = t->waits_on ? sim_state_task(s, t->waits_on) : NULL;
  if (on) {
    char nb[64];
    snprintf(buf, n, lang ? "等待 %s 结束" : "awaits %s", sim_task_name(on, nb, sizeof nb));
    return buf;
  }
  if (t->wait_kind == RT_WAIT_SLEEP) {
    /* Find the timer it owns for its deadline. */
    for (uint32_t i = 0; i < s->nloops; i++)
      for (uint32_t k = 0; k < s->loops[i].ntimers; k++)
        if (s->loops[i].timers[k].owner == t->id) {
          char tb[32];
          snprintf(buf, n, lang ? "sleep 到 %ss" : "sleep until %ss",
                   sim_float_repr((double)s->loops[i].timers[k].when_ns / 1e9, tb, sizeof tb));
          return buf;
        }
    /* Its timer fired: the handle that will wake it is queued. */
    snprintf(buf, n, "%s", lang ? "sleep 结束，定时器已触发" : "sleep over: its timer fired");
    return buf;
  }
  /* A waiter on a lock, event, semaphore, condition or queue. */
  for (uint32_t i = 0; i < s->nsyncs; i++) {
    const sim_sync *o = &s->syncs[i];
    for (uint32_t k = 0; k < o->nwaiters; k++) {
      if (o->waiters[k].task != t->id) continue;
      const char *kn = rt_sync_kind_name((rt_sync_kind)o->kind);
      const sim_task *h = o->holder ? sim_state_task(s, o->holder) : NULL;
      char hb[64];
      if (o->kind == RT_SYNC_LOCK && h)
        snprintf(buf, n, lang ? "%s #%u，被 %s 持有" : "%s #%u, held by %s", kn, o->id,
                 sim_task_name(h, hb, sizeof hb));
      else if (o->waiters[k].role == RT_ROLE_GETTER)
        snprintf(buf, n, "%s #%u: get (it is empty)", kn, o->id);
      else if (o->waiters[k].role == RT_ROLE_PUTTER)
        snprintf(buf, n, "%s #%u: put (it is full)", kn, o->id);
      else if (o->waiters[k].role == RT_ROLE_JOINER)
        snprintf(buf, n, "%s #%u: join (%lld unfinished)", kn, o->id, (long long)o->unfinished);
      else
        snprintf(buf, n, "%s #%u", kn, o->id);
      return buf;
    }
  }
  const sim_future *f = t->waits_on ? sim_state_future(s, t->waits_on) : NULL;
  const char *what = rt_wait_kind_name((rt_wait_kind)(f ? f->wait_kind : t->wait_kind));
  if (t->waits_on && (!f || f->wait_kind == RT_WAIT_FUTURE))
    snprintf(buf, n, lang ? "future #%u（尚未设置结果）" : "future #%u (no result yet)", t->waits_on);
  else if (t->waits_on)
    snprintf(buf, n, "%s (future #%u)", what, t->waits_on);
  else
    snprintf(buf, n, "%s", what);
  return buf;
}

const char *ui_thread_block(const sim_thread *th, int lang, char *buf, size_t n) {
  static const char *const en[] = {"?", "a mutex", "a condition", "join", "time.sleep", "idle"};
  static const char *const zh[] = {"?", "互斥锁", "条件变量", "join", "time.sleep", "空闲"};
  unsigned k = th->block < 6 ? th->block : 0;
  char tb[32];
  if (th->until_ns >= 0)
    snprintf(buf, n, lang ? "阻塞在 %s，直到 %ss" : "blocked in %s until %ss", lang ? zh[k] : en[k],
             sim_float_repr((double)th->until_ns / 1e9, tb, sizeof tb));
  else
    snprintf(buf, n, lang ? "阻塞在 %s" : "blocked in %s", lang ? zh[k] : en[k]);
  return buf;
}

void ui_layout_inputs(const ui_view *v, int w, int h, float scale, ui_layout_in *in) {
  const sim_state *s = sim_timeline_state(v->doc->tl);
  memset(in, 0, sizeof *in);
  in->w = w;
  in->h = h;
  in->scale = scale;
  in->nsyncs = ui_objects_count(s);
  int alive = 0;
  for (uint32_t i = 0; i < s->nthreads; i++)
    if (s->threads[i].state != SIM_THREAD_DONE) alive++;
  in->nthreads = s->nthreads > 1 ? (int)s->nthreads : alive;
  in->has_source = v->doc->nlines > 0;
  in->ntasks = (int)s->ntasks;
}

static void draw_header(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r,
                        const ui_layout *L) {
  ui_fill(g, r, ui_colour[UI_C_HEADER]);
  int pad = ui_px(g, 12);
  int px = L->font_px + ui_px(g, 2);
  int lh = ui_text_line_h(g->text, UI_FACE_BOLD, px);
  int y = r.y + (r.h - lh) / 2;
  ui_rgb fg = ui_colour[UI_C_HEADER_TEXT];
  const char *title = v->lang && v->doc->title_zh ? v->doc->title_zh : v->doc->title;
  /* Right side: time, step, play state. */
  char right[160], tb[32];
  snprintf(right, sizeof right, v->lang ? "t = %ss    第 %llu / %llu 步    %s  ×%g"
                                        : "t = %ss    step %llu / %llu    %s  ×%g",
           sim_float_repr(floor(s->vtime * 1000 + 0.5) / 1000, tb, sizeof tb),
           (unsigned long long)s->step, (unsigned long long)v->doc->nsteps,
           v->playing ? (v->lang ? "▶ 播放中" : "▶ playing") : (v->lang ? "❚❚ 已暂停" : "❚❚ paused"),
           v->speed);
  int rw, rh;
  ui_text_measure(g->text, UI_FACE_BOLD, px, right, &rw, &rh);
  ui_text_draw(g->text, UI_FACE_BOLD, px, fg, right, r.x + r.w - pad - rw, y);
  int hint_w = 0;
  const char *hint = v->lang ? "F1 帮助" : "F1 help";
  ui_text_measure(g->text, UI_FACE_SANS, L->small_px, hint, &hint_w, &rh);
  int hx = r.x + r.w - pad - rw - pad * 2 - hint_w;
  ui_text_draw(g->text, UI_FACE_SANS, L->small_px, (ui_rgb){148, 163, 184}, hint, hx,
               r.y + (r.h - rh) / 2);
  char left[256];
  snprintf(left, sizeof left, "coroscope   %s", title ? title : "");
  ui_text_draw_fit(g->text, UI_FACE_BOLD, px, fg, left, r.x + pad, y, hx - r.x - 2 * pad);
}

static void draw_legend(ui_gfx *g, const ui_view *v, SDL_Rect r, const ui_layout *L) {
  int x = r.x + ui_px(g, 4);
  int sw = ui_px(g, 12);
  int lh = ui_text_line_h(g->text, UI_FACE_SANS, L->small_px);
  int y = r.y + (r.h - lh) / 2;
  static const char *const zh[7] = {"已创建", "就绪", "运行中", "等待中", "已完成", "失败", "已取消"};
  for (int i = 0; i < 7; i++) {
    SDL_Rect b = {x, r.y + (r.h - sw) / 2, sw, sw};
    ui_fill_round(g, b, ui_px(g, 3), ui_state_colour[i], 255);
    x += sw + ui_px(g, 5);
    x += ui_text_draw(g->text, UI_FACE_SANS, L->small_px, ui_colour[UI_C_TEXT],
                      v->lang ? zh[i] : ui_state_label[i], x, y);
    x += ui_px(g, 14);
    if (i + 1 < 7) {  /* stop before an item that would be clipped */
      int nw, nh;
      ui_text_measure(g->text, UI_FACE_SANS, L->small_px, v->lang ? zh[i + 1] : ui_state_label[i + 1],
                      &nw, &nh);
      if (x + sw + ui_px(g, 5) + nw > r.x + r.w) break;
    }
  }
}

static const char *const help_keys[][3] = {
  {"Space", "play / pause", "播放 / 暂停"},
  {"→  ←", "step forward / back by event", "按事件前进 / 后退"},
  {"↑  ↓", "next / previous loop iteration", "下一个 / 上一个循环迭代"},
  {"PgDn  PgUp", "next / previous console line", "下一行 / 上一行输出"},
  {"Home  End", "first / last step", "第一步 / 最后一步"},
  {"+  −", "faster / slower", "加速 / 减速"},
  {"R", "restart", "从头开始"},
  {"L", "lesson menu (by chapter)", "课程菜单（按章节）"},
  {"T", "English / 中文", "English / 中文"},
  {"F1", "this help", "本帮助"},
  {"F12", "screenshot to PNG", "截图保存为 PNG"},
  {"click", "on the timeline: jump there", "点击时间轴：跳到该处"},
  {"Esc", "close overlay / quit", "关闭浮层 / 退出"},
};

static void draw_overlay_box(ui_gfx *g, int w, int h, SDL_Rect *box) {
  SDL_SetRenderDrawBlendMode(g->r, SDL_BLENDMODE_BLEND);
  ui_set(g, (ui_rgb){15, 23, 42}, 150);
  SDL_Rect all = {0, 0, w, h};
  SDL_RenderFillRect(g->r, &all);
  SDL_SetRenderDrawBlendMode(g->r, SDL_BLENDMODE_NONE);
  ui_fill_round(g, *box, ui_px(g, 10), ui_colour[UI_C_PANEL], 255);
}

static void draw_help(ui_gfx *g, const ui_view *v, int w, int h, const ui_layout *L) {
  int n = (int)(sizeof help_keys / sizeof help_keys[0]);
  int lh = ui_text_line_h(g->text, UI_FACE_SANS, L->font_px) + ui_px(g, 8);
  int bw = ui_px(g, 520), bh = lh * (n + 2) + ui_px(g, 30);
  if (bw > w - 20) bw = w - 20;
  SDL_Rect box = {(w - bw) / 2, (h - bh) / 2, bw, bh};
  draw_overlay_box(g, w, h, &box);
  int x = box.x + ui_px(g, 24), y = box.y + ui_px(g, 18);
  ui_text_draw(g->text, UI_FACE_BOLD, L->font_px + ui_px(g, 3), ui_colour[UI_C_TEXT],
               v->lang ? "按键" : "Keys", x, y);
  y += lh + ui_px(g, 8);
  for (int i = 0; i < n; i++) {
    SDL_Rect kb = {x - ui_px(g, 6), y - ui_px(g, 3), ui_px(g, 118), lh - ui_px(g, 4)};
    ui_fill_round(g, kb, ui_px(g, 4), ui_colour[UI_C_BG], 255);
    ui_text_draw(g->text, UI_FACE_BOLD, L->font_px, ui_colour[UI_C_TEXT], help_keys[i][0], x, y);
    ui_text_draw_fit(g->text, UI_FACE_SANS, L->font_px, ui_colour[UI_C_TEXT],
                     help_keys[i][v->lang ? 2 : 1], x + ui_px(g, 130), y,
                     box.x + box.w - x - ui_px(g, 150));
    y += lh;
  }
}

static void draw_menu(ui_gfx *g, const ui_view *v, int w, int h, const ui_layout *L) {
  const sim_lessons *ls = v->lessons;
  int lh = ui_text_line_h(g->text, UI_FACE_SANS, L->small_px) + ui_px(g, 5);
  int bw = ui_px(g, 640), bh = h - ui_px(g, 80);
  if (bw > w - 20) bw = w - 20;
  SDL_Rect box = {(w - bw) / 2, ui_px(g, 40), bw, bh};
  draw_overlay_box(g, w, h, &box);
  int x = box.x + ui_px(g, 20), y = box.y + ui_px(g, 14);
  ui_text_draw(g->text, UI_FACE_BOLD, L->font_px + ui_px(g, 2), ui_colour[UI_C_TEXT],
               v->lang ? "课程（↑↓ 选择，回车打开）" : "Lessons (↑↓ choose, Enter opens)", x, y);
  y += lh + ui_px(g, 10);
  if (!ls || !ls->nlessons) {
    ui_text_draw(g->text, UI_FACE_SANS, L->font_px, ui_colour[UI_C_MUTED], "no lessons found", x, y);
    return;
  }
  /* Scroll so the selection is visible. */
  int rows = (box.y + box.h - y - ui_px(g, 10)) / lh;
  int first = v->menu_sel - rows / 2;
  int total = (int)(ls->nlessons + ls->nchapters);
  if (first > total - rows) first = total - rows;
  if (first < 0) first = 0;
  int row = 0, li = 0;
  for (size_t c = 0; c < ls->nchapters; c++) {
    if (row >= first && row < first + rows) {
      char buf[256];
      snprintf(buf, sizeof buf, "%d  %s", ls->chapters[c].number,
               v->lang ? ls->chapters[c].title_zh : ls->chapters[c].title_en);
      ui_text_draw(g->text, UI_FACE_BOLD, L->small_px, ui_colour[UI_C_MUTED], buf, x,
                   y + (row - first) * lh);
    }
    row++;
    for (size_t i = 0; i < ls->nlessons; i++) {
      if (ls->lessons[i].chapter != ls->chapters[c].number) continue;
      if (row >= first && row < first + rows) {
        int yy = y + (row - first) * lh;
        bool sel = li == v->menu_sel;
        if (sel) {
          SDL_Rect hb = {x - ui_px(g, 6), yy - ui_px(g, 2), box.w - ui_px(g, 28), lh};
          ui_fill_round(g, hb, ui_px(g, 4), ui_colour[UI_C_SRC_RUN], 255);
        }
        bool has = true;  /* mirrored in C, or run on the interpreter */
        char buf[512];
        snprintf(buf, sizeof buf, "%-4s %s", ls->lessons[i].id,
                 v->lang ? ls->lessons[i].title_zh : ls->lessons[i].title_en);
        ui_text_draw_fit(g->text, sel ? UI_FACE_BOLD : UI_FACE_SANS, L->small_px,
                         has ? ui_colour[UI_C_TEXT] : ui_colour[UI_C_MUTED], buf,
                         x + ui_px(g, 14), yy, box.w - ui_px(g, 60));
      }
      row++;
      li++;
    }
  }
}

void ui_draw_frame(ui_gfx *g, const ui_view *v, int w, int h) {
  const sim_state *s = sim_timeline_state(v->doc->tl);
  ui_layout_in in;
  ui_layout L;
  ui_layout_inputs(v, w, h, g->scale, &in);
  ui_layout_compute(&in, &L);
  g->L = L;
  g->nanchors = 0;
  SDL_SetRenderDrawBlendMode(g->r, SDL_BLENDMODE_NONE);
  ui_set(g, ui_colour[UI_C_BG], 255);
  SDL_RenderClear(g->r);
  draw_header(g, v, s, L.r[UI_P_HEADER], &L);
  if (L.r[UI_P_SOURCE].w) ui_panel_source_draw(g, v, s, L.r[UI_P_SOURCE]);
  ui_panel_narration_draw(g, v, s, L.r[UI_P_NARRATION]);
  draw_legend(g, v, L.r[UI_P_LEGEND], &L);
  ui_panel_tasks_draw(g, v, s, L.r[UI_P_TASKS], L.r[UI_P_LEGEND]);
  ui_panel_loop_draw(g, v, s, L.r[UI_P_LOOP]);
  if (L.r[UI_P_SYNC].w) ui_panel_sync_draw(g, v, s, L.r[UI_P_SYNC]);
  ui_panel_console_draw(g, v, s, L.r[UI_P_CONSOLE]);
  ui_scrubber_draw(g, v, s, L.r[UI_P_SCRUBBER]);
  ui_wait_arrows_draw(g, v, s);
  if (v->status_ttl > 0 && v->status[0]) {
    int tw, th;
    ui_text_measure(g->text, UI_FACE_SANS, L.font_px, v->status, &tw, &th);
    SDL_Rect b = {(w - tw) / 2 - ui_px(g, 12), L.r[UI_P_SCRUBBER].y - th - ui_px(g, 24),
                  tw + ui_px(g, 24), th + ui_px(g, 12)};
    ui_fill_round(g, b, ui_px(g, 6), ui_colour[UI_C_HEADER], 255);
    ui_text_draw(g->text, UI_FACE_SANS, L.font_px, ui_colour[UI_C_HEADER_TEXT], v->status,
                 b.x + ui_px(g, 12), b.y + ui_px(g, 6));
  }
  if (v->menu) draw_menu(g, v, w, h, &L);
  if (v->help) draw_help(g, v, w, h, &L);
}
