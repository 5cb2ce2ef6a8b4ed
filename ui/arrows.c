/* arrows.c: the arrows from a waiting task's card to what it waits on in
 * another panel: its timer on the ruler (a sleep), the lock, event,
 * condition, semaphore or queue it is a waiter of, the future it awaits.
 * (A task awaiting a task gets its arrow in the tasks panel.) Drawn after
 * every panel, from the anchors the panels left, dashed so they read as
 * "waits on" and not as part of the panels they cross. */
#include "ui_int.h"

/* At most this many: beyond it the arrows are a thicket, and the cards
 * and rows still say the same in words. */
#define MAX_ARROWS 24

/* What task t waits on, as an anchor kind and id; false if nothing drawn
 * elsewhere. */
static bool target_of(const sim_state *s, const sim_task *t, ui_anchor_kind *k, uint32_t *id) {
  for (uint32_t i = 0; i < s->nsyncs; i++) {
    const sim_sync *o = &s->syncs[i];
    for (uint32_t w = 0; w < o->nwaiters; w++)
      if (o->waiters[w].task == t->id) {
        *k = UI_AN_SYNC;
        *id = o->id;
        return true;
      }
  }
  if (t->wait_kind == RT_WAIT_SLEEP) {
    *k = UI_AN_TIMER;
    *id = t->id;
    return true;
  }
  const sim_future *f = t->waits_on ? sim_state_future(s, t->waits_on) : NULL;
  if (f && ui_future_listed(f)) {
    *k = UI_AN_FUTURE;
    *id = f->id;
    return true;
  }
  return false;
}

static float clampf(float v, float lo, float hi) { return v < lo ? lo : v > hi ? hi : v; }

void ui_wait_arrows_draw(ui_gfx *g, const ui_view *v, const sim_state *s) {
  (void)v;
  ui_rgb col = ui_state_colour[SIM_TASK_WAITING];
  int drawn = 0;
  for (uint32_t i = 0; i < s->ntasks && drawn < MAX_ARROWS; i++) {
    const sim_task *t = &s->tasks[i];
    if (t->state != SIM_TASK_WAITING) continue;
    ui_anchor_kind k;
    uint32_t id;
    if (!target_of(s, t, &k, &id)) continue;
    const ui_anchor *from = ui_anchor_find(g, UI_AN_CARD, t->id);
    const ui_anchor *to = ui_anchor_find(g, k, id);
    if (!from || !to) continue;
    SDL_Rect a = from->r, b = to->r;
    /* Arrive level with the target, at the side facing the card: targets
     * stack (timer labels, rows), so one reached from above would be
     * reached through its neighbour. Leave the card's facing edge a
     * little beyond that side, so the arrow comes in at a slant. */
    float acx = (float)a.x + (float)a.w / 2, bcx = (float)b.x + (float)b.w / 2;
    bool right = acx >= bcx;
    float x1 = right ? (float)(b.x + b.w) + 2.0f * g->scale : (float)b.x - 2.0f * g->scale;
    float y1 = (float)b.y + (float)b.h / 2;
    float lean = 28.0f * g->scale, pad = 12.0f * g->scale;
    float x0 = clampf(x1 + (right ? lean : -lean), (float)a.x + pad, (float)(a.x + a.w) - pad);
    bool down = b.y >= a.y + a.h;
    float y0 = (float)(down ? a.y + a.h : a.y);
    ui_dashed_arrow(g, x0, y0, x1, y1, 1.6f * g->scale, col, 170);
    SDL_Rect r = {(int)x0, (int)y0, (int)(x1 - x0), (int)(y1 - y0)};
    ui_dbg_add(g, UI_DBG_ARROW, t->id, (uint8_t)k, r, col);
    drawn++;
  }
}
