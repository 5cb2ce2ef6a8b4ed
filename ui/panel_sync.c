/* panel_sync.c: the objects tasks wait on, other than tasks and timers:
 * synchronisation objects (locks, semaphores, events, conditions, queues)
 * with their holder, value, contents and waiters, then the futures the
 * lesson awaits (loop.create_future(), gather, wait, wait_for, shield,
 * executor futures) with their state and the tasks awaiting them. */
#include <stdio.h>
#include <string.h>

#include "ui_int.h"

static const char *kind_name(uint8_t k, int lang) {
  static const char *const en[] = {"Lock", "Event", "Condition", "Semaphore",
                                   "BoundedSemaphore", "Queue", "LifoQueue", "PriorityQueue"};
  static const char *const zh[] = {"锁 Lock", "事件 Event", "条件 Condition", "信号量 Semaphore",
                                   "有界信号量", "队列 Queue", "栈队列 LifoQueue", "优先队列"};
  return k < 8 ? (lang ? zh[k] : en[k]) : "?";
}

bool ui_future_listed(const sim_future *f) {
  switch ((rt_wait_kind)f->wait_kind) {
  case RT_WAIT_FUTURE: case RT_WAIT_GATHER: case RT_WAIT_SHIELD: case RT_WAIT_WAIT:
  case RT_WAIT_WAIT_FOR: case RT_WAIT_AS_COMPLETED: case RT_WAIT_EXECUTOR:
  case RT_WAIT_THREADSAFE: case RT_WAIT_IO:
    return true;
  default:
    return false;
  }
}

int ui_objects_count(const sim_state *s) {
  int n = (int)s->nsyncs;
  for (uint32_t i = 0; i < s->nfutures; i++)
    if (ui_future_listed(&s->futures[i])) n++;
  return n;
}

/* A row of chips: a label, then one chip per task in its state's colour.
 * A dry row only measures (x advances, nothing is drawn), so a panel can
 * tell whether the row fits beside its head line. */
typedef struct chips {
  ui_gfx *g;
  int x, y, right, lh, spx;
  bool dry;
  int hidden;    /* chips that did not fit: "+N" at the end */
  bool stop;     /* a label did not fit: nothing more on this row */
} chips;

static void chip(chips *c, const char *text, ui_rgb col, ui_face face) {
  ui_gfx *g = c->g;
  int tw, th;
  ui_text_measure(g->text, face, c->spx, text, &tw, &th);
  SDL_Rect b = {c->x, c->y - ui_px(g, 1), tw + ui_px(g, 12), c->lh + ui_px(g, 2)};
  if (c->stop) return;
  if (c->hidden || b.x + b.w > c->right - ui_px(g, 36)) {  /* room for "+N" */
    c->hidden++;
    return;
  }
  if (!c->dry) {
    ui_fill_round(g, b, face == UI_FACE_MONO ? ui_px(g, 3) : b.h / 2, col, 255);
    ui_text_draw(g->text, face, c->spx, ui_on(col), text, c->x + ui_px(g, 6), c->y);
  }
  c->x += b.w + ui_px(g, 4);
}

/* After a run of chips: how many did not fit. */
static void chips_more(chips *c) {
  if (!c->hidden) return;
  char more[16];
  snprintf(more, sizeof more, "+%d", c->hidden);
  int w, h;
  ui_text_measure(c->g->text, UI_FACE_BOLD, c->spx, more, &w, &h);
  if (!c->dry) ui_text_draw(c->g->text, UI_FACE_BOLD, c->spx, ui_colour[UI_C_MUTED], more, c->x, c->y);
  c->x += w + ui_px(c->g, 8);
  c->hidden = 0;
}

static void chips_label(chips *c, const char *label) {
  int w, h;
  ui_text_measure(c->g->text, UI_FACE_SANS, c->spx, label, &w, &h);
  if (c->stop || c->x + w > c->right - ui_px(c->g, 36)) {
    c->stop = true;
    return;
  }
  if (!c->dry) ui_text_draw(c->g->text, UI_FACE_SANS, c->spx, ui_colour[UI_C_MUTED], label, c->x, c->y);
  c->x += w + ui_px(c->g, 6);
}

static void sync_head(const sim_state *s, const sim_sync *o, int lang, char *head, size_t n) {
  char nb[64];
  const char *kn = kind_name(o->kind, lang);
  if (o->kind == RT_SYNC_LOCK) {
    const sim_task *h = o->holder ? sim_state_task(s, o->holder) : NULL;
    if (h) snprintf(head, n, lang ? "%s #%u：被 %s 持有" : "%s #%u: held by %s", kn, o->id,
                    sim_task_name(h, nb, sizeof nb));
    else snprintf(head, n, lang ? "%s #%u：%s" : "%s #%u: %s", kn, o->id,
                  o->value ? (lang ? "已锁" : "locked") : (lang ? "空闲" : "free"));
  } else if (o->kind == RT_SYNC_EVENT) {
    snprintf(head, n, "%s #%u: %s", kn, o->id,
             o->value ? (lang ? "已设置" : "set") : (lang ? "未设置" : "not set"));
  } else if (o->kind == RT_SYNC_SEMAPHORE || o->kind == RT_SYNC_BOUNDED_SEMAPHORE) {
    snprintf(head, n, lang ? "%s #%u：%lld / %lld 可用" : "%s #%u: %lld of %lld free", kn, o->id,
             (long long)o->value, (long long)o->limit);
  } else if (o->kind >= RT_SYNC_QUEUE) {
    if (o->limit > 0)
      snprintf(head, n, lang ? "%s #%u：%lld / %lld 个元素，%lld 个未完成"
                             : "%s #%u: %lld / %lld items, %lld unfinished",
               kn, o->id, (long long)o->value, (long long)o->limit, (long long)o->unfinished);
    else
      snprintf(head, n, lang ? "%s #%u：%lld 个元素，%lld 个未完成" : "%s #%u: %lld items, %lld unfinished",
               kn, o->id, (long long)o->value, (long long)o->unfinished);
  } else if (o->kind == RT_SYNC_CONDITION) {
    const sim_sync *lk = o->lock ? sim_state_sync(s, o->lock) : NULL;
    const sim_task *h = lk && lk->holder ? sim_state_task(s, lk->holder) : NULL;
    if (h) snprintf(head, n, lang ? "%s #%u：锁被 %s 持有" : "%s #%u: its lock held by %s", kn, o->id,
                    sim_task_name(h, nb, sizeof nb));
    else snprintf(head, n, "%s #%u", kn, o->id);
  } else {
    snprintf(head, n, "%s #%u", kn, o->id);
  }
}

/* A sync object's contents and waiters as chips (or "nobody waiting"). */
static void sync_chips(chips *ch, const ui_view *v, const sim_state *s, const sim_sync *o) {
  ui_gfx *g = ch->g;
  bool q = o->kind >= RT_SYNC_QUEUE;
  if (q && o->nitems) {
    chips_label(ch, v->lang ? "内容" : "items");
    ui_rgb box = ui_rgb_mix((ui_rgb){255, 255, 255}, ui_colour[UI_C_TIMER], 0.25f);
    for (uint32_t k = 0; k < o->nitems; k++) {
      char ib[32];
      const char *it = rt_item_label(o->items[k], ib);
      if (!*it) { snprintf(ib, sizeof ib, "#%lld", (long long)o->items[k]); it = ib; }
      chip(ch, it, box, UI_FACE_MONO);
    }
    chips_more(ch);
    ch->x += ui_px(g, 10);
  }
  if (o->nwaiters) {
    chips_label(ch, v->lang ? "等待者" : "waiting");
    for (uint32_t k = 0; k < o->nwaiters; k++) {
      const sim_waiter *w = &o->waiters[k];
      const sim_task *t = w->task ? sim_state_task(s, w->task) : NULL;
      char nb[64], wb[80];
      if (t) sim_task_name(t, nb, sizeof nb);
      else snprintf(nb, sizeof nb, "#%u", w->future);
      snprintf(wb, sizeof wb, "%s%s", nb,
               w->role == RT_ROLE_GETTER ? " (get)" : w->role == RT_ROLE_PUTTER ? " (put)"
               : w->role == RT_ROLE_JOINER ? " (join)" : "");
      chip(ch, wb, ui_state_colour[t ? t->state : SIM_TASK_WAITING], UI_FACE_BOLD);
    }
    chips_more(ch);
  }
  if (!(q && o->nitems) && !o->nwaiters)
    chips_label(ch, q ? (v->lang ? "空，无人等待" : "empty, nobody waiting")
                      : (v->lang ? "无人等待" : "nobody waiting"));
}

typedef void (*chips_fn)(chips *, const ui_view *, const sim_state *, const void *);

/* Draw a row's chips beside its head line when they fit there, else on
 * the line below. Returns the row's height in lines (1 or 2). */
static int put_chips(ui_gfx *g, SDL_Rect c, int y, int lh, int head_w, chips_fn fill,
                     const ui_view *v, const sim_state *s, const void *obj) {
  int spx = g->L.small_px;
  chips ch = {.g = g, .x = 0, .y = y, .right = 1 << 30, .lh = lh, .spx = spx, .dry = true};
  fill(&ch, v, s, obj);
  int beside = c.x + ui_px(g, 14) + head_w + ui_px(g, 16);
  int rows = beside + ch.x <= c.x + c.w ? 1 : 2;
  ch = (chips){.g = g, .x = rows == 1 ? beside : c.x + ui_px(g, 14),
               .y = rows == 1 ? y : y + lh + ui_px(g, 4), .right = c.x + c.w, .lh = lh, .spx = spx};
  fill(&ch, v, s, obj);
  return rows;
}

/* One row of the panel: a dot, a head line, then its chips beside it or
 * below; noted for tests (dbg) and for arrows (anchor). */
typedef struct row {
  const char *head;
  ui_rgb dot;
  bool round;              /* a round dot (futures), else a square one */
  ui_dbg_kind dbg;
  ui_anchor_kind anchor;
  uint32_t id;
  uint8_t state;           /* the dbg item's state */
  chips_fn fill;
  const void *obj;
} row;

/* Returns the y below the row. */
static int draw_row(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect c, int y, int lh,
                    const row *r) {
  SDL_Rect dot = {c.x, y + lh / 4, ui_px(g, 8), lh / 2};
  ui_fill_round(g, dot, r->round ? lh / 4 : ui_px(g, 2), r->dot, 255);
  int tw = ui_text_draw_fit(g->text, UI_FACE_BOLD, g->L.small_px, ui_colour[UI_C_TEXT], r->head,
                            c.x + ui_px(g, 14), y, c.w - ui_px(g, 14));
  SDL_Rect whole = {c.x, y, c.w, lh};
  ui_dbg_add(g, r->dbg, r->id, r->state, whole, r->dot);
  SDL_Rect head_r = {c.x, y, ui_px(g, 14) + tw, lh};
  ui_anchor_add(g, r->anchor, r->id, head_r);
  int rows = put_chips(g, c, y, lh, tw, r->fill, v, s, r->obj);
  return y + rows * (lh + ui_px(g, 4)) + ui_px(g, 6);
}

static void fill_sync(chips *ch, const ui_view *v, const sim_state *s, const void *o) {
  sync_chips(ch, v, s, (const sim_sync *)o);
}

/* One sync object: its head line, then its items and waiters. */
static int draw_sync(ui_gfx *g, const ui_view *v, const sim_state *s, const sim_sync *o,
                     SDL_Rect c, int y, int lh) {
  char head[200];
  sync_head(s, o, v->lang, head, sizeof head);
  bool busy = (o->kind == RT_SYNC_LOCK && o->value) ||
              ((o->kind == RT_SYNC_SEMAPHORE || o->kind == RT_SYNC_BOUNDED_SEMAPHORE) && !o->value);
  row r = {head, busy ? ui_state_colour[SIM_TASK_FAILED] : ui_colour[UI_C_TIMER], false,
           UI_DBG_SYNC, UI_AN_SYNC, o->id, o->kind, fill_sync, o};
  return draw_row(g, v, s, c, y, lh, &r);
}

/* A future's state in the task colours: pending waits, a result is done. */
static ui_rgb future_colour(uint8_t state) {
  static const uint8_t as_task[4] = {SIM_TASK_WAITING, SIM_TASK_DONE, SIM_TASK_FAILED,
                                     SIM_TASK_CANCELLED};
  return ui_state_colour[state < 4 ? as_task[state] : SIM_TASK_DONE];
}

/* A group's children (gather's, wait's...) in argument order, each in
 * its state's colour: which are done and which still run. */
static void children_chips(chips *ch, const ui_view *v, const sim_state *s, const ui_group *gr) {
  chips_label(ch, v->lang ? "子项" : "children");
  for (uint32_t i = 0; i < gr->nchildren; i++) {
    char nb[64];
    const sim_task *t = sim_state_task(s, gr->children[i]);
    const sim_future *cf = t ? NULL : sim_state_future(s, gr->children[i]);
    ui_rgb col = ui_state_colour[SIM_TASK_DONE];   /* freed: it ended long ago */
    if (t) {
      sim_task_name(t, nb, sizeof nb);
      col = ui_state_colour[t->state];
    } else {
      snprintf(nb, sizeof nb, "#%u", gr->children[i]);
      if (cf) col = future_colour(cf->state);
    }
    chip(ch, nb, col, UI_FACE_BOLD);
  }
  chips_more(ch);
  ch->x += ui_px(ch->g, 8);
}

/* The tasks awaiting future f, as chips. */
static void future_chips(chips *ch, const ui_view *v, const sim_state *s, const sim_future *f) {
  const ui_group *gr = ui_doc_group(v->doc, f->id);
  if (gr && gr->nchildren) children_chips(ch, v, s, gr);
  int n = 0;
  char nb[64];
  for (uint32_t i = 0; i < s->ntasks; i++) {
    const sim_task *t = &s->tasks[i];
    if (t->waits_on != f->id || t->state != SIM_TASK_WAITING) continue;
    if (!n++) chips_label(ch, v->lang ? "等待者" : "awaited by");
    chip(ch, sim_task_name(t, nb, sizeof nb), ui_state_colour[t->state], UI_FACE_BOLD);
  }
  chips_more(ch);
  if (!n) chips_label(ch, v->lang ? "没有任务在等它" : "no task awaits it");
}

static void fill_future(chips *ch, const ui_view *v, const sim_state *s, const void *f) {
  future_chips(ch, v, s, (const sim_future *)f);
}

/* One future: what it is and its state, then the tasks that await it. */
static int draw_future(ui_gfx *g, const ui_view *v, const sim_state *s, const sim_future *f,
                       SDL_Rect c, int y, int lh) {
  char head[160];
  const char *what = rt_wait_kind_name((rt_wait_kind)f->wait_kind);
  static const char *const st_en[] = {"pending", "result set", "exception set", "cancelled"};
  static const char *const st_zh[] = {"未完成", "已有结果", "已设置异常", "已取消"};
  const char *st = f->state < 4 ? (v->lang ? st_zh[f->state] : st_en[f->state]) : "?";
  const sim_task *by = f->creator ? sim_state_task(s, f->creator) : NULL;
  char nb[64];
  if (by)
    snprintf(head, sizeof head, v->lang ? "%s #%u：%s（由 %s 创建）" : "%s #%u: %s (made by %s)",
             what, f->id, st, sim_task_name(by, nb, sizeof nb));
  else
    snprintf(head, sizeof head, "%s #%u: %s", what, f->id, st);
  row r = {head, future_colour(f->state), true, UI_DBG_FUTURE, UI_AN_FUTURE, f->id, f->state,
           fill_future, f};
  return draw_row(g, v, s, c, y, lh, &r);
}

void ui_panel_sync_draw(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r) {
  int nfut = ui_objects_count(s) - (int)s->nsyncs;
  const char *title = !nfut ? (v->lang ? "同步对象与队列" : "LOCKS, EVENTS, QUEUES")
                      : !s->nsyncs ? (v->lang ? "FUTURE 对象" : "FUTURES")
                                   : (v->lang ? "FUTURE、同步对象与队列" : "FUTURES, LOCKS, QUEUES");
  SDL_Rect c = ui_panel(g, r, title);
  int lh = ui_text_line_h(g->text, UI_FACE_SANS, g->L.small_px);
  int y = c.y;
  for (uint32_t i = 0; i < s->nsyncs && y + lh * 2 <= c.y + c.h; i++)
    y = draw_sync(g, v, s, &s->syncs[i], c, y, lh);
  for (uint32_t i = 0; i < s->nfutures && y + lh * 2 <= c.y + c.h; i++)
    if (ui_future_listed(&s->futures[i])) y = draw_future(g, v, s, &s->futures[i], c, y, lh);
}
