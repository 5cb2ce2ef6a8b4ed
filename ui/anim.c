/* anim.c: interpolation between two steps: where each ready handle and
 * timer was, what state each task had, where the clock's hand stood; the
 * panels blend from there to now (forward and back alike). */
#include <math.h>

#include "ui_int.h"

void ui_anim_begin(ui_anim *a, const sim_state *s, float duration) {
  a->t = duration > 0 ? 0.0f : 1.0f;
  a->duration = duration;
  a->n_handles = 0;
  a->n_tasks = 0;
  a->vtime_from = s->vtime;
  for (uint32_t l = 0; l < s->nloops; l++) {
    const sim_loop *lp = &s->loops[l];
    for (uint32_t i = 0; i < lp->nready && a->n_handles < UI_ANIM_MAX; i++) {
      a->h_id[a->n_handles] = lp->ready[i].id;
      a->h_slot[a->n_handles] = (float)i;
      a->h_when[a->n_handles] = 0;
      a->n_handles++;
    }
    for (uint32_t i = 0; i < lp->ntimers && a->n_handles < UI_ANIM_MAX; i++) {
      a->h_id[a->n_handles] = lp->timers[i].id;
      a->h_slot[a->n_handles] = -1.0f;
      a->h_when[a->n_handles] = (double)lp->timers[i].when_ns / 1e9;
      a->n_handles++;
    }
  }
  for (uint32_t i = 0; i < s->ntasks && a->n_tasks < UI_ANIM_MAX; i++) {
    a->t_id[a->n_tasks] = s->tasks[i].id;
    a->t_state[a->n_tasks] = s->tasks[i].state;
    a->n_tasks++;
  }
}

void ui_anim_update(ui_anim *a, float dt) {
  if (a->t >= 1.0f) return;
  a->t += a->duration > 0 ? dt / a->duration : 1.0f;
  if (a->t > 1.0f) a->t = 1.0f;
}

float ui_anim_ease(const ui_anim *a) {
  float t = a->t < 0 ? 0 : a->t > 1 ? 1 : a->t;
  return t * t * (3.0f - 2.0f * t);  /* smoothstep */
}

bool ui_anim_handle_from(const ui_anim *a, uint64_t id, float *slot, double *when) {
  if (a->t >= 1.0f) return false;
  for (int i = 0; i < a->n_handles; i++)
    if (a->h_id[i] == id) {
      *slot = a->h_slot[i];
      *when = a->h_when[i];
      return true;
    }
  return false;
}

bool ui_anim_task_from(const ui_anim *a, uint32_t id, uint8_t *state) {
  if (a->t >= 1.0f) return false;
  for (int i = 0; i < a->n_tasks; i++)
    if (a->t_id[i] == id) {
      *state = a->t_state[i];
      return true;
    }
  return false;
}
