/* panel_sync.c: the synchronisation objects the run holds (locks,
 * semaphores, events, conditions, queues) with their holder, value,
 * contents and waiters. */
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

void ui_panel_sync_draw(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r) {
  SDL_Rect c = ui_panel(g, r, v->lang ? "同步对象与队列" : "LOCKS, EVENTS, QUEUES");
  int spx = g->L.small_px;
  int lh = ui_text_line_h(g->text, UI_FACE_SANS, spx);
  int y = c.y;
  for (uint32_t i = 0; i < s->nsyncs; i++) {
    const sim_sync *o = &s->syncs[i];
    if (y + lh * 2 > c.y + c.h) break;
    char head[160], nb[64];
    bool q = o->kind >= RT_SYNC_QUEUE;
    if (o->kind == RT_SYNC_LOCK) {
      const sim_task *h = o->holder ? sim_state_task(s, o->holder) : NULL;
      if (h) snprintf(head, sizeof head, v->lang ? "%s #%u：被 %s 持有" : "%s #%u: held by %s",
                      kind_name(o->kind, v->lang), o->id, sim_task_name(h, nb, sizeof nb));
      else snprintf(head, sizeof head, v->lang ? "%s #%u：%s" : "%s #%u: %s",
                    kind_name(o->kind, v->lang), o->id,
                    o->value ? (v->lang ? "已锁" : "locked") : (v->lang ? "空闲" : "free"));
    } else if (o->kind == RT_SYNC_EVENT) {
      snprintf(head, sizeof head, "%s #%u: %s", kind_name(o->kind, v->lang), o->id,
               o->value ? "set" : "not set");
    } else if (o->kind == RT_SYNC_SEMAPHORE || o->kind == RT_SYNC_BOUNDED_SEMAPHORE) {
      snprintf(head, sizeof head, "%s #%u: %lld of %lld free", kind_name(o->kind, v->lang), o->id,
               (long long)o->value, (long long)o->limit);
    } else if (q) {
      if (o->limit > 0)
        snprintf(head, sizeof head, "%s #%u: %lld / %lld items, %lld unfinished",
                 kind_name(o->kind, v->lang), o->id, (long long)o->value, (long long)o->limit,
                 (long long)o->unfinished);
      else
        snprintf(head, sizeof head, "%s #%u: %lld items, %lld unfinished", kind_name(o->kind, v->lang),
                 o->id, (long long)o->value, (long long)o->unfinished);
    } else {
      snprintf(head, sizeof head, "%s #%u", kind_name(o->kind, v->lang), o->id);
    }
    SDL_Rect dot = {c.x, y + lh / 4, ui_px(g, 8), lh / 2};
    ui_fill_round(g, dot, ui_px(g, 2), o->value && o->kind == RT_SYNC_LOCK
                                          ? ui_state_colour[SIM_TASK_FAILED]
                                          : ui_colour[UI_C_TIMER], 255);
    ui_text_draw_fit(g->text, UI_FACE_BOLD, spx, ui_colour[UI_C_TEXT], head, c.x + ui_px(g, 14), y,
                     c.w - ui_px(g, 14));
    SDL_Rect whole = {c.x, y, c.w, lh};
    ui_dbg_add(g, UI_DBG_SYNC, o->id, o->kind, whole, ui_colour[UI_C_TIMER]);
    y += lh + ui_px(g, 4);
    int x = c.x + ui_px(g, 14);
    /* Queue contents as item boxes, then waiters as task chips. */
    if (q && o->nitems) {
      x += ui_text_draw(g->text, UI_FACE_SANS, spx, ui_colour[UI_C_MUTED], v->lang ? "内容" : "items",
                        x, y) + ui_px(g, 6);
      for (uint32_t k = 0; k < o->nitems && x < c.x + c.w - ui_px(g, 30); k++) {
        const char *it = ui_str(o->items[k]);
        char ib[32];
        if (!*it) { snprintf(ib, sizeof ib, "%lld", (long long)o->items[k]); it = ib; }
        int w, h;
        ui_text_measure(g->text, UI_FACE_MONO, spx, it, &w, &h);
        SDL_Rect b = {x, y - ui_px(g, 1), w + ui_px(g, 12), lh + ui_px(g, 2)};
        ui_fill_round(g, b, ui_px(g, 3), ui_rgb_mix((ui_rgb){255, 255, 255}, ui_colour[UI_C_TIMER], 0.25f), 255);
        ui_text_draw(g->text, UI_FACE_MONO, spx, ui_colour[UI_C_TEXT], it, x + ui_px(g, 6), y);
        x += b.w + ui_px(g, 4);
      }
      x += ui_px(g, 10);
    }
    if (o->nwaiters) {
      x += ui_text_draw(g->text, UI_FACE_SANS, spx, ui_colour[UI_C_MUTED],
                        v->lang ? "等待者" : "waiting", x, y) + ui_px(g, 6);
      for (uint32_t k = 0; k < o->nwaiters && x < c.x + c.w - ui_px(g, 30); k++) {
        const sim_waiter *w = &o->waiters[k];
        const sim_task *t = w->task ? sim_state_task(s, w->task) : NULL;
        char wb[80];
        if (t) sim_task_name(t, nb, sizeof nb);
        else snprintf(nb, sizeof nb, "#%u", w->future);
        snprintf(wb, sizeof wb, "%s%s", nb,
                 w->role == RT_ROLE_GETTER ? " (get)" : w->role == RT_ROLE_PUTTER ? " (put)"
                 : w->role == RT_ROLE_JOINER ? " (join)" : "");
        int tw, th;
        ui_text_measure(g->text, UI_FACE_BOLD, spx, wb, &tw, &th);
        SDL_Rect b = {x, y - ui_px(g, 1), tw + ui_px(g, 12), lh + ui_px(g, 2)};
        ui_rgb col = ui_state_colour[t ? t->state : SIM_TASK_WAITING];
        ui_fill_round(g, b, b.h / 2, col, 255);
        ui_text_draw(g->text, UI_FACE_BOLD, spx, ui_on(col), wb, x + ui_px(g, 6), y);
        x += b.w + ui_px(g, 4);
      }
    }
    if ((q && o->nitems) || o->nwaiters) y += lh + ui_px(g, 6);
    else {
      ui_text_draw(g->text, UI_FACE_SANS, spx, ui_colour[UI_C_MUTED],
                   q ? (v->lang ? "空，无人等待" : "empty, nobody waiting")
                     : (v->lang ? "无人等待" : "nobody waiting"), x, y);
      y += lh + ui_px(g, 6);
    }
    y += ui_px(g, 4);
  }
}
