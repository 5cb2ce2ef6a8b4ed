/* report.c: the deadlock report, built from the timeline's state at the
 * deadlock, and Python's float repr for its first line. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

/* Python's repr(float): the shortest digits that read back to v, in
 * positional form when the exponent is in [-4, 16), else as d.ddde+XX. */
const char *sim_float_repr(double v, char *buf, size_t n) {
  if (isnan(v)) {
    snprintf(buf, n, "nan");
    return buf;
  }
  if (isinf(v)) {
    snprintf(buf, n, v < 0 ? "-inf" : "inf");
    return buf;
  }
  char e[40];
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(e, sizeof e, "%.*e", prec - 1, v);
    if (strtod(e, NULL) == v) break;
  }
  /* e is [-]d[.ddd]e[+-]XX: split into sign, digits and exponent. */
  const char *p = e;
  int neg = *p == '-';
  if (neg) p++;
  char digits[24];
  size_t nd = 0;
  for (; *p && *p != 'e'; p++)
    if (*p != '.') digits[nd++] = *p;
  while (nd > 1 && digits[nd - 1] == '0') nd--;
  digits[nd] = '\0';
  int exp = atoi(p + 1);
  char out[64];
  size_t o = 0;
  if (neg) out[o++] = '-';
  if (exp >= -4 && exp < 16) {
    if (exp < 0) {
      out[o++] = '0';
      out[o++] = '.';
      for (int i = 0; i < -exp - 1; i++) out[o++] = '0';
      for (size_t i = 0; i < nd; i++) out[o++] = digits[i];
    } else {
      for (int i = 0; i <= exp; i++) out[o++] = (size_t)i < nd ? digits[i] : '0';
      out[o++] = '.';
      if ((size_t)exp + 1 < nd)
        for (size_t i = (size_t)exp + 1; i < nd; i++) out[o++] = digits[i];
      else
        out[o++] = '0';
    }
    out[o] = '\0';
  } else {
    out[o++] = digits[0];
    if (nd > 1) {
      out[o++] = '.';
      for (size_t i = 1; i < nd; i++) out[o++] = digits[i];
    }
    snprintf(out + o, sizeof out - o, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
  }
  snprintf(buf, n, "%s", out);
  return buf;
}

/* " at FILE:LINE" or " at line N" (nothing if unknown). */
static void put_where(FILE *f, int32_t line, int64_t file) {
  if (line <= 0) return;
  const char *fn = file ? rt_interned(file) : NULL;
  if (fn) fprintf(f, " at %s:%" PRId32, fn, line);
  else fprintf(f, " at line %" PRId32, line);
}

/* What a pending task is doing, as a phrase. */
static void put_waiting(FILE *f, const sim_state *s, const sim_task *t) {
  char nm[96];
  switch ((sim_task_state)t->state) {
  case SIM_TASK_WAITING:
    if (t->waits_on) {
      const sim_task *o = sim_state_task(s, t->waits_on);
      const sim_future *fu = sim_state_future(s, t->waits_on);
      if (o) {
        fprintf(f, " waits on task '%s' (t%" PRIu32 ")", sim_task_name(o, nm, sizeof nm), o->id);
      } else {
        rt_wait_kind k = (rt_wait_kind)(fu ? fu->wait_kind : t->wait_kind);
        fprintf(f, " waits on future f%" PRIu32, t->waits_on);
        if (k != RT_WAIT_FUTURE) fprintf(f, " (%s)", rt_wait_kind_name(k));
      }
    } else {
      fputs(" waits", f);
    }
    break;
  case SIM_TASK_CREATED: fputs(" was created and never ran", f); break;
  case SIM_TASK_READY: fputs(" is ready but its loop cannot run", f); break;
  case SIM_TASK_RUNNING: fputs(" is running, blocked with its thread", f); break;
  default: fputs(" is done", f); break;
  }
}

static const char *block_what(uint8_t b) {
  switch (b) {
  case RT_BLOCK_MUTEX: return "a lock";
  case RT_BLOCK_COND: return "a condition";
  case RT_BLOCK_JOIN: return "a join of";
  case RT_BLOCK_SLEEP: return "time.sleep";
  case RT_BLOCK_IDLE: return "its loop's idle wait";
  default: return "nothing";
  }
}

int sim_deadlock_report(sim_timeline *tl, FILE *out) {
  uint64_t k = sim_timeline_deadlock_step(tl);
  if (!k) return RT_EINVAL;
  int rc = sim_timeline_seek(tl, k);
  if (rc != RT_OK) return rc;
  const sim_state *s = sim_timeline_state(tl);
  char num[64], nm[96];
  fprintf(out,
          "coroscope: deadlock at virtual time %s: nothing is ready, no timer is pending, "
          "and no thread or I/O can wake the loop\n",
          sim_float_repr(s->vtime, num, sizeof num));
  int pending = 0;
  for (uint32_t i = 0; i < s->ntasks; i++) {
    const sim_task *t = &s->tasks[i];
    if (t->state >= SIM_TASK_DONE) continue;
    pending++;
    fprintf(out, "  task '%s' (t%" PRIu32 ")", sim_task_name(t, nm, sizeof nm), t->id);
    put_waiting(out, s, t);
    put_where(out, t->line, t->file);
    fputc('\n', out);
    if (t->nframes) {
      fputs("    await chain:", out);
      for (uint32_t f = 0; f < t->nframes; f++) {
        const sim_frame *fr = &t->frames[f];
        const char *fn = rt_interned(fr->name);
        fprintf(out, "%s %s()", f ? " ->" : "", fn ? fn : "?");
        put_where(out, fr->line, fr->file);
      }
      fputc('\n', out);
    }
  }
  if (!pending)
    fputs("  (no pending task: the loop waits for something nothing will do)\n", out);
  /* Threads, when there is more than one: which are stuck where. */
  if (s->nthreads > 1) {
    for (uint32_t i = 0; i < s->nthreads; i++) {
      const sim_thread *th = &s->threads[i];
      if (th->state != SIM_THREAD_BLOCKED && th->state != SIM_THREAD_IDLE) continue;
      const char *tn = th->name ? rt_interned(th->name) : NULL;
      fprintf(out, "  thread '%s' (T%" PRIu32 ") blocked in %s", tn ? tn : "?", th->id,
              block_what(th->state == SIM_THREAD_IDLE ? RT_BLOCK_IDLE : th->block));
      if (th->block == RT_BLOCK_JOIN && th->state == SIM_THREAD_BLOCKED) {
        const sim_thread *o = sim_state_thread(s, th->block_id);
        const char *on = o && o->name ? rt_interned(o->name) : NULL;
        fprintf(out, " '%s' (T%" PRIu32 ")", on ? on : "?", th->block_id);
      } else if (th->state == SIM_THREAD_IDLE && th->block_id) {
        fprintf(out, " (L%" PRIu32 ")", th->block_id);
      }
      put_where(out, th->line, th->file);
      fputc('\n', out);
    }
  }
  fputs(SIM_DEADLOCK_LINE "\n", out);
  fflush(out);
  return ferror(out) ? RT_ESYS : RT_OK;
}
