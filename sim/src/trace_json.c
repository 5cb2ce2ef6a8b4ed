/* trace_json.c: the Chrome Trace Event JSON writer (what ui.perfetto.dev
 * and chrome://tracing open), built from a recorded timeline.
 *
 * Layout of the output (sim.h has the summary):
 *  - pid = a thread's id: one process per thread, named "T<id> <name>".
 *  - tid = the thread's id for the thread's own track (as a process's main
 *    thread): loop iterations as complete slices, and every scheduling
 *    decision as an instant event with the event's details in its args.
 *  - tid = TASK_TID + task id for a task's track: one complete slice per
 *    step, named after the task.
 *  - Flows use the v2 form (bind_id with flow_out / flow_in on complete
 *    events), which binds to exactly those slices: a zero-length anchor
 *    slice on the thread track where a task's step was scheduled (its first
 *    step when created, its wake-up when the future it awaits completed)
 *    flows into that step's slice; a thread woken by another thread flows
 *    from an anchor where it was woken to an anchor where it resumed.
 *  - A counter per loop ("L<id> queue": ready, timers) whenever they change.
 *  - Times are microseconds of virtual time with 3 decimals (ns exact).
 *
 * Nesting: task tracks hold only step slices, which never overlap; the
 * thread track holds iterations and zero-length events inside them, so
 * every slice nests properly even when virtual time stands still. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

#define TASK_TID 1000000u

/* ---------------------------------------------------- a small hash map */

/* uint64 keys (0 is "empty", so keys are stored + 1) to a few values. */
typedef struct ent {
  uint64_t key;
  double ts;
  uint64_t v1, v2;
  uint32_t pid;
  uint32_t n;
} ent;

typedef struct map {
  ent *e;
  size_t cap, n;
} map;

static void map_free(map *m) { rt_free(m->e); }

static uint64_t mix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  return k;
}

/* The entry for key, created zeroed if absent (NULL on RT_ENOMEM). */
static ent *map_get(map *m, uint64_t key, int create) {
  key++;
  if (m->cap) {
    for (size_t i = mix(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
      if (m->e[i].key == key) return &m->e[i];
      if (!m->e[i].key) break;
    }
  }
  if (!create) return NULL;
  if ((m->n + 1) * 2 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    ent *t = rt_calloc(cap, sizeof *t);
    if (!t) return NULL;
    for (size_t j = 0; j < m->cap; j++) {
      if (!m->e[j].key) continue;
      size_t i = mix(m->e[j].key) & (cap - 1);
      while (t[i].key) i = (i + 1) & (cap - 1);
      t[i] = m->e[j];
    }
    rt_free(m->e);
    m->e = t;
    m->cap = cap;
  }
  size_t i = mix(key) & (m->cap - 1);
  while (m->e[i].key) i = (i + 1) & (m->cap - 1);
  memset(&m->e[i], 0, sizeof m->e[i]);
  m->e[i].key = key;
  m->n++;
  return &m->e[i];
}

/* ------------------------------------------------------------- output */

typedef struct jw {
  FILE *f;
  int first;
  int err;
  uint64_t next_flow;
  sim__walker *w;
  map tracks;     /* (pid << 32 | tid) named */
  map steps;      /* task -> open step: ts, pid, v1 flow in, n step */
  map iters;      /* loop -> open iteration: ts, pid, v1 iteration */
  map flows;      /* (loop << 40 | handle) -> v1 flow id */
  map wakes;      /* thread -> v1 flow id of its pending wake-up */
  map counters;   /* loop -> v1 ready, v2 timers last written */
} jw;

static void sep(jw *j) {
  fputs(j->first ? "\n" : ",\n", j->f);
  j->first = 0;
}

static void put_str(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': fputs("\\\"", f); break;
    case '\\': fputs("\\\\", f); break;
    case '\n': fputs("\\n", f); break;
    case '\r': fputs("\\r", f); break;
    case '\t': fputs("\\t", f); break;
    default:
      if (*p < 0x20) fprintf(f, "\\u%04x", *p);
      else fputc(*p, f);
    }
  }
  fputc('"', f);
}

static void put_ts(FILE *f, const char *key, double secs) {
  fprintf(f, ",\"%s\":%.3f", key, secs * 1e6);
}

/* The common head of an event: name, category, phase, time, pid, tid. */
static void head(jw *j, const char *name, const char *cat, char ph, double ts, uint32_t pid,
                 uint32_t tid) {
  sep(j);
  fputs("{\"name\":", j->f);
  put_str(j->f, name);
  fprintf(j->f, ",\"cat\":\"%s\",\"ph\":\"%c\"", cat, ph);
  put_ts(j->f, "ts", ts);
  fprintf(j->f, ",\"pid\":%" PRIu32 ",\"tid\":%" PRIu32, pid, tid);
}

static void meta(jw *j, const char *what, uint32_t pid, uint32_t tid, const char *name,
                 int64_t sort) {
  head(j, what, "__metadata", 'M', 0, pid, tid);
  fputs(",\"args\":{\"name\":", j->f);
  put_str(j->f, name);
  fputs("}}", j->f);
  sep(j);
  fprintf(j->f,
          "{\"name\":\"%s_sort_index\",\"cat\":\"__metadata\",\"ph\":\"M\",\"ts\":0.000,"
          "\"pid\":%" PRIu32 ",\"tid\":%" PRIu32 ",\"args\":{\"sort_index\":%" PRId64 "}}",
          strcmp(what, "process_name") == 0 ? "process" : "thread", pid, tid, sort);
}

/* Name a track (and its process) the first time it is used. */
static void track(jw *j, uint32_t pid, uint32_t tid) {
  if (map_get(&j->tracks, (uint64_t)pid << 32 | tid, 0)) return;
  if (!map_get(&j->tracks, (uint64_t)pid << 32 | tid, 1)) {
    j->err = RT_ENOMEM;
    return;
  }
  const sim_state *s = sim__walker_state(j->w);
  char buf[160], nm[96];
  if (!map_get(&j->tracks, (uint64_t)pid << 32 | 0xffffffffu, 0)) {
    (void)map_get(&j->tracks, (uint64_t)pid << 32 | 0xffffffffu, 1);
    const sim_thread *t = sim_state_thread(s, pid);
    const char *tn = t && t->name ? rt_interned(t->name) : NULL;
    snprintf(buf, sizeof buf, "T%" PRIu32 " %s", pid, tn ? tn : "thread");
    meta(j, "process_name", pid, pid, buf, pid);
  }
  if (tid == pid) {
    snprintf(buf, sizeof buf, "T%" PRIu32 " loops and callbacks", pid);
    meta(j, "thread_name", pid, tid, buf, 0);
  } else {
    const sim_task *t = sim_state_task(s, tid - TASK_TID);
    if (t) sim_task_name(t, nm, sizeof nm);
    else snprintf(nm, sizeof nm, "task");
    snprintf(buf, sizeof buf, "t%" PRIu32 " %s", tid - TASK_TID, nm);
    meta(j, "thread_name", pid, tid, buf, tid);
  }
}

/* The details of an event as the text form prints them (after its kind). */
static const char *details(const rt_event *ev, char *buf, size_t n) {
  rt_trace_format(ev, buf, n);
  const char *p = buf;
  for (int field = 0; field < 6; field++) {  /* seq vtime thread loop task kind */
    while (*p == ' ') p++;
    while (*p && *p != ' ') p++;
  }
  while (*p == ' ') p++;
  return p;
}

static void instant(jw *j, const rt_event *ev) {
  char buf[1024];
  track(j, ev->thread, ev->thread);
  head(j, rt_ev_kind_name((rt_ev_kind)ev->kind), "sched", 'i', ev->vtime, ev->thread, ev->thread);
  fprintf(j->f, ",\"s\":\"t\",\"args\":{\"seq\":%" PRIu64 ",\"task\":%" PRIu32 ",\"details\":",
          ev->seq, ev->task);
  put_str(j->f, details(ev, buf, sizeof buf));
  fputs("}}", j->f);
}

/* A zero-length slice on a thread track carrying one end of a flow. */
static void anchor(jw *j, const char *name, double ts, uint32_t pid, uint64_t flow, int out) {
  track(j, pid, pid);
  head(j, name, "flow", 'X', ts, pid, pid);
  fprintf(j->f, ",\"dur\":0.000,\"bind_id\":\"0x%" PRIx64 "\",\"%s\":true}", flow,
          out ? "flow_out" : "flow_in");
}

static void step_slice(jw *j, uint32_t task, const ent *st, double end, const char *how) {
  char nm[96];
  const sim_task *t = sim_state_task(sim__walker_state(j->w), task);
  if (t) sim_task_name(t, nm, sizeof nm);
  else snprintf(nm, sizeof nm, "t%" PRIu32, task);
  track(j, st->pid, TASK_TID + task);
  head(j, nm, "task", 'X', st->ts, st->pid, TASK_TID + task);
  put_ts(j->f, "dur", end - st->ts);
  if (st->v1)
    fprintf(j->f, ",\"bind_id\":\"0x%" PRIx64 "\",\"flow_in\":true", st->v1);
  fprintf(j->f, ",\"args\":{\"task\":%" PRIu32 ",\"step\":%" PRIu32 ",\"end\":\"%s\"}}", task,
          st->n, how);
}

static void iter_slice(jw *j, uint32_t loop, const ent *it, double end, uint64_t ran) {
  char nm[64];
  snprintf(nm, sizeof nm, "L%" PRIu32 " iteration %" PRIu64, loop, it->v1);
  track(j, it->pid, it->pid);
  head(j, nm, "loop", 'X', it->ts, it->pid, it->pid);
  put_ts(j->f, "dur", end - it->ts);
  fprintf(j->f, ",\"args\":{\"loop\":%" PRIu32 ",\"iteration\":%" PRIu64 ",\"ran\":%" PRIu64 "}}",
          loop, it->v1, ran);
}

static void counter(jw *j, const rt_event *ev) {
  if (!ev->loop) return;
  const sim_loop *l = sim_state_loop(sim__walker_state(j->w), ev->loop);
  if (!l) return;
  ent *c = map_get(&j->counters, ev->loop, 0);
  if (c && c->v1 == l->nready && c->v2 == l->ntimers) return;
  if (!c && l->nready == 0 && l->ntimers == 0) return;
  if (!c && !(c = map_get(&j->counters, ev->loop, 1))) {
    j->err = RT_ENOMEM;
    return;
  }
  c->v1 = l->nready;
  c->v2 = l->ntimers;
  char nm[32];
  snprintf(nm, sizeof nm, "L%" PRIu32 " queue", ev->loop);
  uint32_t pid = l->thread ? l->thread : ev->thread;
  track(j, pid, pid);
  head(j, nm, "queue", 'C', ev->vtime, pid, pid);
  fprintf(j->f, ",\"args\":{\"ready\":%" PRIu32 ",\"timers\":%" PRIu32 "}}", l->nready,
          l->ntimers);
}

static void on_event(jw *j, const rt_event *ev) {
  ent *e;
  /* A thread woken by another: the far end of its flow, where it resumes. */
  if ((e = map_get(&j->wakes, ev->thread, 0)) != NULL && e->v1) {
    anchor(j, "resumed", ev->vtime, ev->thread, e->v1, 0);
    e->v1 = 0;
  }
  switch ((rt_ev_kind)ev->kind) {
  case RT_EV_TASK_STEP_BEGIN: {
    uint32_t task = (uint32_t)ev->a[0];
    if (!(e = map_get(&j->steps, task, 1))) goto oom;
    e->ts = ev->vtime;
    e->pid = ev->thread;
    e->n = (uint32_t)ev->a[1];
    e->v1 = 0;
    e->v2 = 1;  /* open */
    ent *fl = map_get(&j->flows, (uint64_t)ev->loop << 40 | (uint64_t)ev->a[3], 0);
    if (fl) {
      e->v1 = fl->v1;
      fl->v1 = 0;
    }
    return;
  }
  case RT_EV_TASK_STEP_END: {
    static const char *const how[] = {"yield", "await", "done"};
    e = map_get(&j->steps, (uint32_t)ev->a[0], 0);
    if (e && e->v2) {
      step_slice(j, (uint32_t)ev->a[0], e, ev->vtime, (uint64_t)ev->a[2] < 3 ? how[ev->a[2]] : "?");
      e->v2 = 0;
    }
    return;
  }
  case RT_EV_ITER_BEGIN:
    if (!(e = map_get(&j->iters, ev->loop, 1))) goto oom;
    e->ts = ev->vtime;
    e->pid = ev->thread;
    e->v1 = (uint64_t)ev->a[0];
    e->v2 = 1;
    return;
  case RT_EV_ITER_END:
    e = map_get(&j->iters, ev->loop, 0);
    if (e && e->v2) {
      iter_slice(j, ev->loop, e, ev->vtime, (uint64_t)ev->a[1]);
      e->v2 = 0;
    }
    return;
  case RT_EV_HANDLE_SCHEDULED:
    instant(j, ev);
    if (ev->a[1] == RT_HK_TASK_STEP || ev->a[1] == RT_HK_WAKEUP) {
      uint64_t id = ++j->next_flow;
      char nm[48];
      snprintf(nm, sizeof nm, "%s t%" PRId64, ev->a[1] == RT_HK_WAKEUP ? "wake" : "step", ev->a[2]);
      anchor(j, nm, ev->vtime, ev->thread, id, 1);
      if (!(e = map_get(&j->flows, (uint64_t)ev->loop << 40 | (uint64_t)ev->a[0], 1))) goto oom;
      e->v1 = id;
    }
    return;
  case RT_EV_THREAD_WAKE:
    instant(j, ev);
    if (ev->a[2] && (uint32_t)ev->a[0] != ev->thread) {
      uint64_t id = ++j->next_flow;
      char nm[48];
      snprintf(nm, sizeof nm, "wake T%" PRId64, ev->a[0]);
      anchor(j, nm, ev->vtime, ev->thread, id, 1);
      if (!(e = map_get(&j->wakes, (uint32_t)ev->a[0], 1))) goto oom;
      e->v1 = id;
    }
    return;
  default:
    instant(j, ev);
    return;
  }
oom:
  j->err = RT_ENOMEM;
}

int sim_trace_json_write(const sim_timeline *tl, FILE *out) {
  jw j;
  memset(&j, 0, sizeof j);
  j.f = out;
  j.first = 1;
  if (sim__walker_new(&j.w) != RT_OK) return RT_ENOMEM;
  fputs("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"generator\":\"coroscope\","
        "\"time\":\"virtual seconds as microseconds\"},\"traceEvents\":[",
        out);
  sim_cursor c;
  sim_cursor_init(&c, tl);
  rt_event ev;
  double last = 0;
  while (!j.err && sim_cursor_next(&c, &ev)) {
    sim__walker_apply(j.w, &ev);
    if (sim__walker_error(j.w) != RT_OK) j.err = RT_ENOMEM;
    on_event(&j, &ev);
    counter(&j, &ev);
    last = ev.vtime;
  }
  /* A run cut short (a deadlock) leaves steps and iterations open. */
  for (size_t i = 0; i < j.steps.cap; i++)
    if (j.steps.e[i].key && j.steps.e[i].v2)
      step_slice(&j, (uint32_t)(j.steps.e[i].key - 1), &j.steps.e[i], last, "unfinished");
  for (size_t i = 0; i < j.iters.cap; i++)
    if (j.iters.e[i].key && j.iters.e[i].v2)
      iter_slice(&j, (uint32_t)(j.iters.e[i].key - 1), &j.iters.e[i], last, 0);
  fputs("\n]}\n", out);
  fflush(out);
  int rc = j.err ? j.err : ferror(out) ? RT_ESYS : RT_OK;
  sim__walker_free(j.w);
  map_free(&j.tracks);
  map_free(&j.steps);
  map_free(&j.iters);
  map_free(&j.flows);
  map_free(&j.wakes);
  map_free(&j.counters);
  return rc;
}
