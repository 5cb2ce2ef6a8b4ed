/* trace.c: the tracer: the hook, event records, string interning, and the
 * text form of an event. */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rt_int.h"

/* ------------------------------------------------------------ the hook */

/* Plain globals: the hook is set while no loop runs (rt.h), so readers on
 * loop threads never race with the writer. Every trace point is
 * `if (rt__trace_hook != NULL)`: one load, one predictable branch. */
rt_trace_cb rt__trace_hook;
void *rt__trace_ud;

_Thread_local rt__tls rt__tls_state;

static _Atomic uint64_t next_seq = 1;
static _Atomic uint32_t next_thread_id = 1;

/* Install (or with NULL remove) the process-wide tracer hook. */
void rt_trace_set_hook(rt_trace_cb cb, void *ud) {
  rt__trace_ud = ud;
  rt__trace_hook = cb;
}

/* The id traces show for the calling thread: 1 for the first thread that
 * asks (or emits), 2, ... Costs a thread-local load after the first call. */
uint32_t rt_thread_id(void) {
  uint32_t id = rt__tls_state.thread_id;
  if (RT__UNLIKELY(id == 0)) {
    id = atomic_fetch_add_explicit(&next_thread_id, 1, memory_order_relaxed);
    rt__tls_state.thread_id = id;
  }
  return id;
}

int64_t rt__ns(double secs) {
  if (secs != secs) return 0;                      /* NaN */
  if (secs >= 9.2e9) return INT64_MAX;             /* far future */
  if (secs <= -9.2e9) return INT64_MIN;
  double ns = secs * 1e9;
  return (int64_t)(ns < 0 ? ns - 0.5 : ns + 0.5);  /* nearest */
}

/* The slow path of RT__TRACE. The event's times are the loop's clock as
 * read once for the current iteration (so tracing adds no clock read):
 * vtime in seconds and wall_ns the same reading in ns (on the real
 * platform that is CLOCK_MONOTONIC; a hook that wants another wall clock
 * per event stamps it itself). Costs an atomic increment for seq. */
void rt__trace_emit(rt_loop *loop, int kind, int64_t a0, int64_t a1, int64_t a2,
                    int64_t a3) {
  rt_trace_cb cb = rt__trace_hook;
  if (!cb) return;
  rt_event ev;
  ev.seq = atomic_fetch_add_explicit(&next_seq, 1, memory_order_relaxed);
  ev.vtime = loop ? loop->now : 0.0;
  ev.wall_ns = (uint64_t)rt__ns(ev.vtime);
  ev.thread = rt_thread_id();
  ev.loop = loop ? loop->id : 0;
  ev.task = rt__current_task_id();
  ev.kind = (uint16_t)kind;
  ev.flags = 0;
  ev.a[0] = a0;
  ev.a[1] = a1;
  ev.a[2] = a2;
  ev.a[3] = a3;
  cb(rt__trace_ud, &ev);
}

/* Emit an event from outside the runtime (sim/lang's frames, lines). loop
 * may be NULL. Costs nothing but the branch when no hook is set. */
void rt_trace_emit(rt_loop *loop, rt_ev_kind kind, int64_t a0, int64_t a1,
                   int64_t a2, int64_t a3) {
  RT__TRACE(loop, kind, a0, a1, a2, a3);
}

/* ------------------------------------------------------- the kind table */

/* How an argument prints. */
enum {
  A_NONE,    /* not used */
  A_INT,     /* decimal */
  A_ID,      /* an id: decimal, 0 printed as "-" */
  A_SECS,    /* nanoseconds, printed as seconds */
  A_STR,     /* an interned string id, printed quoted */
  A_HKIND,   /* rt_handle_kind */
  A_STATE,   /* rt_future_state */
  A_WAIT,    /* rt_wait_kind */
  A_RC,      /* an RT_E* code */
  A_THROW,   /* what a step throws in: 0 nothing, or an RT_E* code */
  A_STEPEND, /* how a step ended: 0 yield, 1 await, 2 done */
  A_RUNMODE, /* loop.run: 0 once, 1 forever, 2 until_complete */
  A_STOPWHY, /* loop.stop: 0 requested, 1 run ended */
  A_TASKNAME,/* an interned name, or 0: "Task-<a[3]>" */
};

typedef struct kind_info {
  const char *name;
  struct {
    const char *key;
    uint8_t type;
  } a[4];
} kind_info;

/* The meaning of a[0..3] for every kind: the event ABI. Kinds that other
 * parts of coroscope emit (frames, sync, threads, executor, I/O) print
 * their raw arguments until their owners describe them here. */
static const kind_info kinds[RT_EV__COUNT] = {
    [RT_EV_NONE] = {"none", {{0}}},
    /* a0 platform name */
    [RT_EV_LOOP_NEW] = {"loop.new", {{"platform", A_STR}}},
    /* a0 pending tasks dropped, a1 handles (ready + timers) dropped */
    [RT_EV_LOOP_FREE] = {"loop.free", {{"tasks", A_INT}, {"handles", A_INT}}},
    /* a0 run mode, a1 the future run_until_complete waits for */
    [RT_EV_LOOP_RUN] = {"loop.run", {{"mode", A_RUNMODE}, {"future", A_ID}}},
    /* a0 why (0: rt_loop_stop was called; 1: a run returned), a1 its rc */
    [RT_EV_LOOP_STOP] = {"loop.stop", {{"what", A_STOPWHY}, {"rc", A_RC}}},
    /* a0 iteration number, a1 ready handles, a2 live timers */
    [RT_EV_ITER_BEGIN] = {"iter.begin", {{"iter", A_INT}, {"ready", A_INT}, {"timers", A_INT}}},
    /* a0 iteration number, a1 handles run, a2 ready handles left */
    [RT_EV_ITER_END] = {"iter.end", {{"iter", A_INT}, {"ran", A_INT}, {"ready", A_INT}}},
    /* a0 deadline (ns; -1: none) */
    [RT_EV_IDLE_BEGIN] = {"idle.begin", {{"until", A_SECS}}},
    /* a0 the poller's rc */
    [RT_EV_IDLE_END] = {"idle.end", {{"rc", A_RC}}},
    /* a0 the new clock (ns), a1 how far it moved (ns) */
    [RT_EV_CLOCK_ADVANCE] = {"clock.advance", {{"now", A_SECS}, {"by", A_SECS}}},
    /* a0 handle id, a1 rt_handle_kind, a2 the task it steps or wakes (for
     * a future callback: the future), a3 for a wake-up the future that
     * woke the task, for a callback or timer the task that scheduled it */
    [RT_EV_HANDLE_SCHEDULED] = {"handle.scheduled", {{"h", A_INT}, {"kind", A_HKIND}, {"of", A_ID}, {"by", A_ID}}},
    [RT_EV_HANDLE_RUN] = {"handle.run", {{"h", A_INT}, {"kind", A_HKIND}, {"of", A_ID}, {"by", A_ID}}},
    [RT_EV_HANDLE_CANCELLED] = {"handle.cancelled", {{"h", A_INT}, {"kind", A_HKIND}, {"of", A_ID}, {"by", A_ID}}},
    /* a0 handle id, a1 deadline (ns), a2 the task that scheduled it, a3
     * rt_handle_kind. timer.fired: moved to the ready queue. */
    [RT_EV_TIMER_ADDED] = {"timer.added", {{"h", A_INT}, {"when", A_SECS}, {"by", A_ID}, {"kind", A_HKIND}}},
    [RT_EV_TIMER_FIRED] = {"timer.fired", {{"h", A_INT}, {"when", A_SECS}, {"by", A_ID}, {"kind", A_HKIND}}},
    [RT_EV_TIMER_CANCELLED] = {"timer.cancelled", {{"h", A_INT}, {"when", A_SECS}, {"by", A_ID}, {"kind", A_HKIND}}},
    /* a0 task id (== its future id), a1 its name (interned) or 0 for a
     * default name, a2 the creating task, a3 N of a default "Task-N" */
    [RT_EV_TASK_CREATED] = {"task.created", {{"task", A_ID}, {"name", A_TASKNAME}, {"parent", A_ID}}},
    /* a0 task id, a1 step number (1 = first), a2 what is thrown in, a3
     * the handle id of the entry that ran it */
    [RT_EV_TASK_STEP_BEGIN] = {"task.step", {{"task", A_ID}, {"step", A_INT}, {"throw", A_THROW}, {"h", A_INT}}},
    /* a0 task id, a1 step number, a2 how the step ended */
    [RT_EV_TASK_STEP_END] = {"task.step_end", {{"task", A_ID}, {"step", A_INT}, {"end", A_STEPEND}}},
    /* a0 the future waited on (0: a bare yield), a1 rt_wait_kind, a2 task */
    [RT_EV_TASK_SUSPENDED] = {"task.suspended", {{"on", A_ID}, {"what", A_WAIT}, {"task", A_ID}}},
    /* a0 task id, a1 final rt_future_state, a2 steps taken */
    [RT_EV_TASK_DONE] = {"task.done", {{"task", A_ID}, {"state", A_STATE}, {"steps", A_INT}}},
    /* a0 task id, a1 cancelling() after, a2 the waited-on future that was
     * cancelled (0: the next step will throw) */
    [RT_EV_TASK_CANCEL_REQUESTED] = {"task.cancel", {{"task", A_ID}, {"cancelling", A_INT}, {"waiter", A_ID}}},
    /* a0 future id, a1 rt_wait_kind (RT_WAIT_TASK for a task) */
    [RT_EV_FUTURE_CREATED] = {"future.created", {{"fut", A_ID}, {"what", A_WAIT}}},
    /* a0 future id, a1 state, a2 callbacks scheduled */
    [RT_EV_FUTURE_DONE] = {"future.done", {{"fut", A_ID}, {"state", A_STATE}, {"callbacks", A_INT}}},
    /* a0 future id, a1 rt_handle_kind (wake-up or callback), a2 the task
     * to wake (wake-ups), a3 callbacks registered now */
    [RT_EV_FUTURE_CB_ADDED] = {"future.cb_added", {{"fut", A_ID}, {"kind", A_HKIND}, {"task", A_ID}, {"count", A_INT}}},
    /* a0 future id */
    [RT_EV_FUTURE_FREE] = {"future.free", {{"fut", A_ID}}},
    [RT_EV_FRAME_ENTER] = {"frame.enter", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_FRAME_LEAVE] = {"frame.leave", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_LINE] = {"line", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_OUTPUT] = {"output", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_SYNC_NEW] = {"sync.new", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_SYNC_ACQUIRE] = {"sync.acquire", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_SYNC_RELEASE] = {"sync.release", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_SYNC_WAIT] = {"sync.wait", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_SYNC_WAKE] = {"sync.wake", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_QUEUE_PUT] = {"queue.put", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_QUEUE_GET] = {"queue.get", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_GROUP_NEW] = {"group.new", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_GROUP_DONE] = {"group.done", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_THREAD_START] = {"thread.start", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_THREAD_BLOCK] = {"thread.block", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_THREAD_WAKE] = {"thread.wake", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_THREAD_END] = {"thread.end", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_EXEC_SUBMIT] = {"exec.submit", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_EXEC_START] = {"exec.start", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_EXEC_DONE] = {"exec.done", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_IO_WAIT] = {"io.wait", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    [RT_EV_IO_READY] = {"io.ready", {{"a0", A_INT}, {"a1", A_INT}, {"a2", A_INT}, {"a3", A_INT}}},
    /* a0 the message */
    [RT_EV_WARNING] = {"warning", {{"msg", A_STR}}},
};

/* "task.step", ...; "?" for a kind out of range. */
const char *rt_ev_kind_name(rt_ev_kind kind) {
  if ((unsigned)kind >= RT_EV__COUNT || !kinds[kind].name) return "?";
  return kinds[kind].name;
}

/* The names of rt_handle_kind, rt_future_state, rt_wait_kind values. */
const char *rt_handle_kind_name(rt_handle_kind k) {
  static const char *const names[] = {"callback", "step", "wakeup", "future_cb", "timer"};
  return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}

const char *rt_future_state_name(rt_future_state s) {
  static const char *const names[] = {"pending", "result", "exception", "cancelled"};
  return (unsigned)s < sizeof names / sizeof *names ? names[s] : "?";
}

const char *rt_wait_kind_name(rt_wait_kind k) {
  static const char *const names[] = {
      "yield", "future", "task", "sleep", "gather", "shield", "wait", "wait_for",
      "as_completed", "lock", "event", "condition", "semaphore", "queue",
      "executor", "threadsafe", "io"};
  return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}

/* ------------------------------------------------------------ interning */

/* Strings live until rt_intern_clear: an array indexed by id - 1 and an
 * open-addressing hash of ids. One mutex (a leaf lock) guards both, since
 * loops on several threads intern. Cost: a lock and a hash per call, paid
 * only by code that traces. */
static pthread_mutex_t intern_lock = PTHREAD_MUTEX_INITIALIZER;
static char **istr;             /* istr[id - 1] */
static size_t nstr, capstr;
static uint32_t *ihash;         /* ids, 0 = empty */
static size_t caphash;          /* power of two */

static uint64_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603u;  /* FNV-1a */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static int rehash(size_t cap) {
  uint32_t *t = rt_calloc(cap, sizeof *t);
  if (!t) return RT_ENOMEM;
  for (size_t i = 0; i < nstr; i++) {
    size_t j = hash_str(istr[i]) & (cap - 1);
    while (t[j]) j = (j + 1) & (cap - 1);
    t[j] = (uint32_t)(i + 1);
  }
  rt_free(ihash);
  ihash = t;
  caphash = cap;
  return RT_OK;
}

/* Intern s; returns its id (>= 1), or 0 on RT_ENOMEM (or s NULL). The same
 * string always gets the same id until rt_intern_clear. Thread-safe. */
int64_t rt_intern(const char *s) {
  if (!s) return 0;
  int64_t id = 0;
  pthread_mutex_lock(&intern_lock);
  uint64_t h = hash_str(s);
  if (caphash) {
    for (size_t j = h & (caphash - 1); ihash[j]; j = (j + 1) & (caphash - 1))
      if (strcmp(istr[ihash[j] - 1], s) == 0) {
        id = ihash[j];
        goto out;
      }
  }
  if ((nstr + 1) * 2 > caphash && rehash(caphash ? caphash * 2 : 64) != RT_OK) goto out;
  if (nstr == capstr) {
    size_t cap = capstr ? capstr * 2 : 64;
    char **a = rt_realloc(istr, cap * sizeof *a);
    if (!a) goto out;
    istr = a;
    capstr = cap;
  }
  size_t len = strlen(s) + 1;
  char *copy = rt_malloc(len);
  if (!copy) goto out;
  memcpy(copy, s, len);
  istr[nstr++] = copy;
  id = (int64_t)nstr;
  size_t j = h & (caphash - 1);
  while (ihash[j]) j = (j + 1) & (caphash - 1);
  ihash[j] = (uint32_t)id;
out:
  pthread_mutex_unlock(&intern_lock);
  return id;
}

/* The string of an interned id, or NULL if unknown. The pointer stays valid
 * until rt_intern_clear. Thread-safe. */
const char *rt_interned(int64_t id) {
  const char *s = NULL;
  pthread_mutex_lock(&intern_lock);
  if (id >= 1 && (size_t)id <= nstr) s = istr[id - 1];
  pthread_mutex_unlock(&intern_lock);
  return s;
}

/* Forget every interned string and free the table; ids start again at 1.
 * Call only when nothing holds an id or a string from rt_interned (tests
 * call it in teardown so the counting allocator sees nothing live). */
void rt_intern_clear(void) {
  pthread_mutex_lock(&intern_lock);
  for (size_t i = 0; i < nstr; i++) rt_free(istr[i]);
  rt_free(istr);
  rt_free(ihash);
  istr = NULL;
  ihash = NULL;
  nstr = capstr = caphash = 0;
  pthread_mutex_unlock(&intern_lock);
}

/* ---------------------------------------------------------- formatting */

/* An snprintf that appends and keeps counting past the end of the buffer,
 * so the total is what one snprintf of the whole line would return. */
typedef struct out {
  char *buf;
  size_t n, len;
} out;

__attribute__((format(printf, 2, 3))) static void put(out *o, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  size_t room = o->len < o->n ? o->n - o->len : 0;
  int w = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
  va_end(ap);
  if (w > 0) o->len += (size_t)w;
}

static const char *rc_name(int64_t rc) {
  switch (rc) {
  case RT_OK: return "ok";
  case RT_ENOMEM: return "ENOMEM";
  case RT_EINVAL: return "EINVAL";
  case RT_ESTATE: return "ESTATE";
  case RT_ECANCELLED: return "ECANCELLED";
  case RT_ERAISED: return "ERAISED";
  case RT_ECLOSED: return "ECLOSED";
  case RT_ERUNNING: return "ERUNNING";
  case RT_ESTOPPED: return "ESTOPPED";
  case RT_ETIMEDOUT: return "ETIMEDOUT";
  case RT_ESYS: return "ESYS";
  case RT_ENOTASK: return "ENOTASK";
  case RT_EDEADLOCK: return "EDEADLOCK";
  default: return "?";
  }
}

static void put_arg(out *o, const rt_event *ev, const char *key, int type, int64_t v) {
  switch (type) {
  case A_INT: put(o, " %s=%" PRId64, key, v); break;
  case A_ID:
    if (v) put(o, " %s=%" PRId64, key, v);
    else put(o, " %s=-", key);
    break;
  case A_SECS:  /* -1 ns means "none" */
    if (v == -1) put(o, " %s=-", key);
    else if (v == INT64_MAX) put(o, " %s=inf", key);
    else if (v == INT64_MIN) put(o, " %s=-inf", key);
    else {
      uint64_t a = v < 0 ? (uint64_t)-v : (uint64_t)v;
      a = (a + 500) / 1000;  /* microseconds, rounded like %.6f */
      put(o, " %s=%s%" PRIu64 ".%06" PRIu64, key, v < 0 ? "-" : "", a / 1000000, a % 1000000);
    }
    break;
  case A_STR: {
    const char *s = rt_interned(v);
    if (s) put(o, " %s=\"%s\"", key, s);
    else put(o, " %s=#%" PRId64, key, v);
    break;
  }
  case A_HKIND: put(o, " %s=%s", key, rt_handle_kind_name((rt_handle_kind)v)); break;
  case A_STATE: put(o, " %s=%s", key, rt_future_state_name((rt_future_state)v)); break;
  case A_WAIT: put(o, " %s=%s", key, rt_wait_kind_name((rt_wait_kind)v)); break;
  case A_RC: put(o, " %s=%s", key, rc_name(v)); break;
  case A_THROW:
    put(o, " %s=%s", key, v == 0 ? "none" : v == RT_ECANCELLED ? "cancelled" : "exception");
    break;
  case A_STEPEND: {
    static const char *const e[] = {"yield", "await", "done"};
    put(o, " %s=%s", key, (uint64_t)v < 3 ? e[v] : "?");
    break;
  }
  case A_RUNMODE: {
    static const char *const m[] = {"once", "forever", "until_complete"};
    put(o, " %s=%s", key, (uint64_t)v < 3 ? m[v] : "?");
    break;
  }
  case A_STOPWHY: put(o, " %s=%s", key, v == 0 ? "request" : "end"); break;
  case A_TASKNAME:
    if (v) put_arg(o, ev, key, A_STR, v);
    else put(o, " %s=\"Task-%" PRId64 "\"", key, ev->a[3]);
    break;
  default: break;
  }
}

/* One event as a line, columns fixed-width so traces diff and grep well:
 *
 *   seq      vtime       thread loop task    kind              details
 *        12     1.500000 T1   L1   t3      task.step         task=3 ...
 *
 * seq right-aligned in 8, vtime in seconds with 6 decimals right-aligned in
 * 12, thread "T<n>", loop "L<n>" (or "-"), task "t<n>" (or "-") each
 * left-aligned, the kind name left-aligned in 16, then key=value details
 * decoded per kind (times in seconds, names quoted, enums by name). wall_ns
 * is left out: it differs from run to run. No newline. Returns what
 * snprintf would: the full length, even if buf (n bytes) was too small. */
int rt_trace_format(const rt_event *ev, char *buf, size_t n) {
  out o = {buf, n, 0};
  if (n) buf[0] = '\0';
  char th[16], lp[16], tk[16];
  snprintf(th, sizeof th, "T%" PRIu32, ev->thread);
  if (ev->loop) snprintf(lp, sizeof lp, "L%" PRIu32, ev->loop);
  else snprintf(lp, sizeof lp, "-");
  if (ev->task) snprintf(tk, sizeof tk, "t%" PRIu32, ev->task);
  else snprintf(tk, sizeof tk, "-");
  const kind_info *k = ev->kind < RT_EV__COUNT ? &kinds[ev->kind] : NULL;
  int nargs = 0;
  for (int i = 0; k && i < 4; i++) nargs += k->a[i].type != A_NONE;
  /* No trailing blanks: pad the kind name only when details follow. */
  put(&o, nargs ? "%8" PRIu64 " %12.6f %-4s %-4s %-7s %-16s" : "%8" PRIu64 " %12.6f %-4s %-4s %-7s %s",
      ev->seq, ev->vtime, th, lp, tk, rt_ev_kind_name((rt_ev_kind)ev->kind));
  for (int i = 0; k && i < 4; i++)
    if (k->a[i].type != A_NONE) put_arg(&o, ev, k->a[i].key, k->a[i].type, ev->a[i]);
  return (int)o.len;
}
