/* test_timeline.c: the timeline: recording, the state at every step (a
 * seek equals a replay from the start), task lifecycles, the await chain,
 * sync objects and queues, the console, step granularities. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc_count.h"
#include "sim.h"
#include "sim_script.h"
#include "sim_scenarios.h"

static int setup(void **state) {
  (void)state;
  alloc_count_install();
  return 0;
}

static int teardown(void **state) {
  (void)state;
  rt_trace_set_hook(NULL, NULL);
  rt_intern_clear();
  assert_int_equal(alloc_count_live(), 0);
  return 0;
}

/* Record a scenario into a new timeline with the given snapshot spacing. */
static sim_timeline *record(sim_main_fn fn, uint32_t every, int want_rc) {
  sim_timeline *tl;
  sim_timeline_opts o = {.snapshot_every = every};
  assert_int_equal(sim_timeline_new(&o, &tl), RT_OK);
  sim_run_opts ro = {.timeline = tl};
  assert_int_equal(sim_run(&ro, fn, NULL, NULL), want_rc);
  assert_int_equal(sim_timeline_error(tl), RT_OK);
  return tl;
}

/* ------------------------------------------------ comparing states */

#define SAME(field) \
  if (a->field != b->field) fail_msg("step %llu: %s differs", (unsigned long long)a->step, #field)
#define SAME_MEM(p, q, n, what) \
  if ((n) != 0 && memcmp((p), (q), (n)) != 0) fail_msg("step %llu: %s differ", (unsigned long long)a->step, what)

static void same_state(const sim_state *a, const sim_state *b) {
  SAME(step);
  SAME(vtime);
  SAME(thread);
  SAME(task);
  SAME(event.seq);
  SAME(event.kind);
  SAME(nthreads);
  SAME(nloops);
  SAME(ntasks);
  SAME(nfutures);
  SAME(nsyncs);
  SAME(nconsole);
  SAME(deadlock_step);
  SAME_MEM(a->threads, b->threads, a->nthreads * sizeof *a->threads, "threads");
  SAME_MEM(a->futures, b->futures, a->nfutures * sizeof *a->futures, "futures");
  for (uint32_t i = 0; i < a->nloops; i++) {
    const sim_loop *x = &a->loops[i], *y = &b->loops[i];
    SAME(loops[i].id);
    SAME(loops[i].thread);
    SAME(loops[i].running);
    SAME(loops[i].idle);
    SAME(loops[i].stopping);
    SAME(loops[i].closed);
    SAME(loops[i].iteration);
    SAME(loops[i].idle_until_ns);
    SAME(loops[i].nready);
    SAME(loops[i].ntimers);
    SAME_MEM(x->ready, y->ready, x->nready * sizeof *x->ready, "ready queues");
    SAME_MEM(x->timers, y->timers, x->ntimers * sizeof *x->timers, "timers");
  }
  for (uint32_t i = 0; i < a->ntasks; i++) {
    const sim_task *x = &a->tasks[i], *y = &b->tasks[i];
    sim_task xc = *x, yc = *y;
    xc.frames = yc.frames = NULL;
    SAME_MEM(&xc, &yc, sizeof xc, "tasks");
    SAME_MEM(x->frames, y->frames, x->nframes * sizeof *x->frames, "await chains");
  }
  for (uint32_t i = 0; i < a->nsyncs; i++) {
    const sim_sync *x = &a->syncs[i], *y = &b->syncs[i];
    sim_sync xc = *x, yc = *y;
    xc.waiters = yc.waiters = NULL;
    xc.items = yc.items = NULL;
    SAME_MEM(&xc, &yc, sizeof xc, "sync objects");
    SAME_MEM(x->waiters, y->waiters, x->nwaiters * sizeof *x->waiters, "waiters");
    SAME_MEM(x->items, y->items, x->nitems * sizeof *x->items, "queue items");
  }
}

/* A deep copy of a state's tasks and loops is not needed: the reference
 * timeline below holds its own state. */

/* A timeline with the same events as tl and no snapshot but step 0's:
 * stepping it forward one event at a time is a replay from the start. */
static sim_timeline *replica(const sim_timeline *tl) {
  sim_timeline *r;
  sim_timeline_opts o = {.snapshot_every = 0xffffffffu};
  assert_int_equal(sim_timeline_new(&o, &r), RT_OK);
  sim_cursor c;
  sim_cursor_init(&c, tl);
  rt_event ev;
  while (sim_cursor_next(&c, &ev)) sim_timeline_record(r, &ev);
  assert_int_equal(sim_timeline_count(r), sim_timeline_count(tl));
  return r;
}

/* Property: for every step k, seeking there (from wherever the last seek
 * left the timeline, in a shuffled order) gives the state that replaying
 * the first k events from the start gives. */
static void check_every_step(sim_timeline *tl) {
  sim_timeline *ref = replica(tl);
  uint64_t n = sim_timeline_count(tl);
  uint64_t *order = malloc((n + 1) * sizeof *order);
  for (uint64_t k = 0; k <= n; k++) order[k] = k;
  uint64_t seed = 12345;
  for (uint64_t k = n; k > 0; k--) {  /* Fisher-Yates with a fixed LCG */
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t j = (seed >> 33) % (k + 1);
    uint64_t t = order[k];
    order[k] = order[j];
    order[j] = t;
  }
  /* The reference's states, one per step, compared as the shuffled seeks
   * reach them: walk k in order on the reference, and for each k seek tl
   * to k from the previous shuffled position. */
  uint64_t *pos = malloc((n + 1) * sizeof *pos);
  for (uint64_t i = 0; i <= n; i++) pos[order[i]] = i;
  for (uint64_t k = 0; k <= n; k++) {
    assert_int_equal(sim_timeline_seek(ref, k), RT_OK);
    /* Come to k from the step that precedes it in the shuffled order. */
    uint64_t from = pos[k] ? order[pos[k] - 1] : n;
    assert_int_equal(sim_timeline_seek(tl, from), RT_OK);
    assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
    same_state(sim_timeline_state(tl), sim_timeline_state(ref));
    /* The console as seen at k. */
    const sim_state *s = sim_timeline_state(tl);
    for (uint32_t i = 0; i < s->nconsole; i++) {
      sim_console_line x, y;
      assert_int_equal(sim_timeline_console_line(tl, i, &x), RT_OK);
      assert_int_equal(sim_timeline_console_line(ref, i, &y), RT_OK);
      assert_int_equal(x.len, y.len);
      assert_memory_equal(x.text, y.text, x.len);
      assert_int_equal(x.complete, y.complete);
    }
  }
  free(order);
  free(pos);
  sim_timeline_free(ref);
}

static void the_state_at_every_step_equals_a_replay_from_the_start(void **state) {
  (void)state;
  for (size_t i = 0; i < sc_count; i++) {
    /* Snapshots every 7 events, and adaptive ones. */
    sim_timeline *tl = record(sc_all[i].main, 7, RT_OK);
    check_every_step(tl);
    sim_timeline_free(tl);
    tl = record(sc_all[i].main, 0, RT_OK);
    check_every_step(tl);
    sim_timeline_free(tl);
  }
  sim_timeline *tl = record(sc_deadlock, 5, RT_EDEADLOCK);
  check_every_step(tl);
  sim_timeline_free(tl);
}

/* A run of tens of thousands of events (a queue moving 6,000 items),
 * recorded with adaptive snapshots and with snapshots every 1,000 events:
 * random seeks, and steps back and forward across snapshots, give the
 * states a replay from the start gives. */
static const char long_queue_script[] =
    "import asyncio\n"
    "async def producer(q):\n"
    "    for i in range(6000):\n"
    "        await q.put(i)\n"
    "    await q.put(None)\n"
    "async def consumer(q):\n"
    "    while (await q.get()) is not None:\n"
    "        pass\n"
    "async def main():\n"
    "    q = asyncio.Queue(10)\n"
    "    await asyncio.gather(producer(q), consumer(q))\n"
    "asyncio.run(main())\n";

static sim_timeline *record_script_every(const char *text, uint32_t every);

static void check_some_steps(sim_timeline *tl) {
  sim_timeline *ref = replica(tl);
  uint64_t n = sim_timeline_count(tl);
  assert_true(n > 20000);
  /* Ascending targets (the reference only steps forward): random ones,
   * and a stretch of single steps in the middle. tl is sent far away
   * (the end, or the start) before each, then stepped back or forward. */
  uint64_t seed = 777, k = 0;
  int i = 0;
  while (k <= n) {
    assert_int_equal(sim_timeline_seek(ref, k), RT_OK);
    assert_int_equal(sim_timeline_seek(tl, i % 2 ? n : 0), RT_OK);
    assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
    same_state(sim_timeline_state(tl), sim_timeline_state(ref));
    if (k > 0) {  /* one step back and forward again */
      assert_int_equal(sim_timeline_seek(tl, k - 1), RT_OK);
      assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
      same_state(sim_timeline_state(tl), sim_timeline_state(ref));
    }
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    k += (k > n / 2 && k < n / 2 + 300) ? 1 : 1 + (seed >> 33) % 400;
    i++;
  }
  sim_timeline_free(ref);
}

static void seeks_give_the_same_states_whatever_the_snapshot_spacing(void **state) {
  (void)state;
  sim_timeline *tl = record_script_every(long_queue_script, 0);
  check_some_steps(tl);
  sim_timeline_free(tl);
  tl = record_script_every(long_queue_script, 1000);
  check_some_steps(tl);
  sim_timeline_free(tl);
}

/* The deadlock's step is known as soon as it is recorded, before any
 * seek has built a state, and it is the step the state shows it at. */
static void the_deadlock_step_is_known_without_a_seek(void **state) {
  (void)state;
  sim_timeline *tl = record(sc_deadlock, 0, RT_EDEADLOCK);
  uint64_t k = sim_timeline_deadlock_step(tl);
  assert_true(k > 0);
  rt_event e;
  assert_int_equal(sim_timeline_event(tl, k - 1, &e), RT_OK);
  assert_int_equal(e.kind, RT_EV_WARNING);
  assert_int_equal(e.a[1], RT_EDEADLOCK);
  assert_int_equal(sim_timeline_seek(tl, k - 1), RT_OK);
  assert_int_equal(sim_timeline_state(tl)->deadlock_step, 0);
  assert_int_equal(sim_timeline_seek(tl, sim_timeline_count(tl)), RT_OK);
  assert_int_equal(sim_timeline_state(tl)->deadlock_step, k);
  assert_int_equal(sim_timeline_deadlock_step(tl), k);
  sim_timeline_free(tl);
}

/* -------------------------------------------- synthetic event soups */

/* Events as the runtime's sync.c / queue.c and sim/lang emit them, fed to
 * the timeline directly. */
typedef struct feed {
  sim_timeline *tl;
  uint64_t seq;
  double t;
  uint32_t task;
} feed;

static void put(feed *f, rt_ev_kind k, int64_t a0, int64_t a1, int64_t a2, int64_t a3) {
  rt_event e = {0};
  e.seq = ++f->seq;
  e.vtime = f->t;
  e.thread = 1;
  e.loop = 1;
  e.task = f->task;
  e.kind = (uint16_t)k;
  e.a[0] = a0;
  e.a[1] = a1;
  e.a[2] = a2;
  e.a[3] = a3;
  sim_timeline_record(f->tl, &e);
}

static sim_timeline *sync_soup(uint32_t every) {
  feed f = {0};
  sim_timeline_opts o = {.snapshot_every = every};
  assert_int_equal(sim_timeline_new(&o, &f.tl), RT_OK);
  int64_t a = rt_intern("'a'"), b = rt_intern("'b'"), c = rt_intern("'c'");
  put(&f, RT_EV_LOOP_NEW, rt_intern("virtual"), 0, 0, 0);
  put(&f, RT_EV_FUTURE_CREATED, 1, RT_WAIT_TASK, 0, 0);
  put(&f, RT_EV_TASK_CREATED, 1, rt_intern("producer"), 0, 0);
  put(&f, RT_EV_FUTURE_CREATED, 2, RT_WAIT_TASK, 0, 0);
  put(&f, RT_EV_TASK_CREATED, 2, 0, 0, 1);
  f.task = 1;
  put(&f, RT_EV_TASK_STEP_BEGIN, 1, 1, 0, 1);
  put(&f, RT_EV_SYNC_NEW, 10, RT_SYNC_LOCK, 0, 0);
  put(&f, RT_EV_SYNC_NEW, 11, RT_SYNC_QUEUE, 2, 0);
  put(&f, RT_EV_SYNC_NEW, 12, RT_SYNC_LIFO_QUEUE, 0, 0);
  put(&f, RT_EV_SYNC_NEW, 13, RT_SYNC_SEMAPHORE, 2, 0);
  put(&f, RT_EV_SYNC_ACQUIRE, 10, RT_SYNC_OP_ACQUIRE, 1, 0);
  put(&f, RT_EV_SYNC_ACQUIRE, 13, RT_SYNC_OP_ACQUIRE, 1, 0);
  put(&f, RT_EV_QUEUE_PUT, 11, a, 1, 1);
  put(&f, RT_EV_QUEUE_PUT, 11, b, 2, 2);
  put(&f, RT_EV_QUEUE_PUT, 12, a, 1, 1);
  put(&f, RT_EV_QUEUE_PUT, 12, c, 2, 2);
  put(&f, RT_EV_FUTURE_CREATED, 3, RT_WAIT_QUEUE, 0, 0);
  put(&f, RT_EV_SYNC_WAIT, 11, 3, 1, RT_ROLE_PUTTER);
  put(&f, RT_EV_TASK_SUSPENDED, 3, RT_WAIT_QUEUE, 1, 0);
  put(&f, RT_EV_TASK_STEP_END, 1, 1, 1, 0);
  f.task = 2;
  f.t = 0.5;
  put(&f, RT_EV_TASK_STEP_BEGIN, 2, 1, 0, 2);
  put(&f, RT_EV_FUTURE_CREATED, 4, RT_WAIT_LOCK, 2, 0);
  put(&f, RT_EV_SYNC_WAIT, 10, 4, 1, RT_ROLE_WAITER);
  put(&f, RT_EV_QUEUE_GET, 11, a, 1, 2);
  put(&f, RT_EV_SYNC_WAKE, 11, 3, 0, RT_ROLE_PUTTER);
  put(&f, RT_EV_QUEUE_GET, 12, c, 1, 2);
  put(&f, RT_EV_SYNC_RELEASE, 11, RT_SYNC_OP_TASK_DONE, 1, 0);
  put(&f, RT_EV_TASK_SUSPENDED, 4, RT_WAIT_LOCK, 2, 0);
  put(&f, RT_EV_TASK_STEP_END, 2, 1, 1, 0);
  f.task = 1;
  f.t = 1.0;
  put(&f, RT_EV_TASK_STEP_BEGIN, 1, 2, 0, 3);
  put(&f, RT_EV_SYNC_RELEASE, 10, RT_SYNC_OP_RELEASE, 0, 1);
  put(&f, RT_EV_SYNC_WAKE, 10, 4, 0, RT_ROLE_WAITER);
  put(&f, RT_EV_SYNC_FREE, 13, RT_SYNC_SEMAPHORE, 0, 0);
  put(&f, RT_EV_TASK_STEP_END, 1, 2, 1, 0);
  assert_int_equal(sim_timeline_error(f.tl), RT_OK);
  return f.tl;
}

static void sync_objects_track_holders_waiters_and_queue_contents(void **state) {
  (void)state;
  sim_timeline *tl = sync_soup(0);
  /* After step 20 (the producer blocked putting into a full queue). */
  assert_int_equal(sim_timeline_seek(tl, 20), RT_OK);
  const sim_state *s = sim_timeline_state(tl);
  assert_int_equal(s->nsyncs, 4);
  const sim_sync *lock = sim_state_sync(s, 10), *q = sim_state_sync(s, 11);
  const sim_sync *lifo = sim_state_sync(s, 12), *sem = sim_state_sync(s, 13);
  assert_non_null(lock);
  assert_int_equal(lock->value, 1);
  assert_int_equal(lock->holder, 1);
  assert_int_equal(q->kind, RT_SYNC_QUEUE);
  assert_int_equal(q->limit, 2);
  assert_int_equal(q->nitems, 2);
  assert_int_equal(q->items[0], rt_intern("'a'"));
  assert_int_equal(q->items[1], rt_intern("'b'"));
  assert_int_equal(q->nwaiters, 1);
  assert_int_equal(q->waiters[0].future, 3);
  assert_int_equal(q->waiters[0].task, 1);
  assert_int_equal(q->waiters[0].role, RT_ROLE_PUTTER);
  assert_int_equal(lifo->nitems, 2);
  assert_int_equal(sem->value, 1);
  assert_int_equal(sem->limit, 2);
  const sim_task *prod = sim_state_task(s, 1);
  assert_int_equal(prod->state, SIM_TASK_WAITING);
  assert_int_equal(prod->waits_on, 3);
  assert_int_equal(prod->wait_kind, RT_WAIT_QUEUE);
  /* Step 29: the consumer took 'a' (FIFO) and 'c' (LIFO: the last). */
  assert_int_equal(sim_timeline_seek(tl, 29), RT_OK);
  s = sim_timeline_state(tl);
  q = sim_state_sync(s, 11);
  lifo = sim_state_sync(s, 12);
  lock = sim_state_sync(s, 10);
  assert_int_equal(q->nitems, 1);
  assert_int_equal(q->items[0], rt_intern("'b'"));
  assert_int_equal(q->nwaiters, 0);
  assert_int_equal(q->unfinished, 1);
  assert_int_equal(lifo->nitems, 1);
  assert_int_equal(lifo->items[0], rt_intern("'a'"));
  assert_int_equal(lock->nwaiters, 1);
  assert_int_equal(lock->waiters[0].task, 2);
  /* The end: the lock released and its waiter woken, the semaphore gone. */
  assert_int_equal(sim_timeline_seek(tl, sim_timeline_count(tl)), RT_OK);
  s = sim_timeline_state(tl);
  assert_int_equal(s->nsyncs, 3);
  assert_null(sim_state_sync(s, 13));
  lock = sim_state_sync(s, 10);
  assert_int_equal(lock->value, 0);
  assert_int_equal(lock->holder, 0);
  assert_int_equal(lock->nwaiters, 0);
  check_every_step(tl);
  sim_timeline_free(tl);
  tl = sync_soup(3);
  check_every_step(tl);
  sim_timeline_free(tl);
}

/* ----------------------------------------------------- task lifecycle */

/* The first step at or after `from` whose event is kind (for task id). */
static uint64_t step_of(sim_timeline *tl, uint64_t from, rt_ev_kind kind, int64_t a0) {
  rt_event e;
  for (uint64_t i = from; i < sim_timeline_count(tl); i++) {
    assert_int_equal(sim_timeline_event(tl, i, &e), RT_OK);
    if (e.kind == kind && (a0 < 0 || e.a[0] == a0)) return i + 1;
  }
  fail_msg("no event %s", rt_ev_kind_name(kind));
  return 0;
}

static void a_sleeping_task_goes_created_running_waiting_ready_done(void **state) {
  (void)state;
  sim_timeline *tl = record(sc_sleepers, 0, RT_OK);
  uint64_t k = step_of(tl, 0, RT_EV_TASK_CREATED, -1);
  assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
  const sim_state *s = sim_timeline_state(tl);
  assert_int_equal(s->ntasks, 1);
  uint32_t main_id = s->tasks[0].id;
  char nm[32];
  assert_string_equal(sim_task_name(&s->tasks[0], nm, sizeof nm), "main");
  assert_int_equal(s->tasks[0].state, SIM_TASK_CREATED);
  /* Its first step is in the ready queue once scheduled. */
  k = step_of(tl, k, RT_EV_HANDLE_SCHEDULED, -1);
  assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
  s = sim_timeline_state(tl);
  assert_int_equal(s->nloops, 1);
  assert_int_equal(s->loops[0].nready, 1);
  assert_int_equal(s->loops[0].ready[0].kind, RT_HK_TASK_STEP);
  assert_int_equal(s->loops[0].ready[0].of, main_id);
  /* The first child: created by main, sleeps on a timer. */
  uint32_t kid = main_id + 1;
  k = step_of(tl, k, RT_EV_TASK_STEP_BEGIN, kid);
  assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
  s = sim_timeline_state(tl);
  const sim_task *t = sim_state_task(s, kid);
  assert_non_null(t);
  assert_int_equal(t->state, SIM_TASK_RUNNING);
  assert_int_equal(t->parent, main_id);
  assert_string_equal(sim_task_name(t, nm, sizeof nm), "Task-1");
  assert_int_equal(s->task, kid);
  k = step_of(tl, k, RT_EV_TASK_STEP_END, kid);
  assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
  s = sim_timeline_state(tl);
  t = sim_state_task(s, kid);
  assert_int_equal(t->state, SIM_TASK_WAITING);
  assert_int_equal(t->wait_kind, RT_WAIT_SLEEP);
  assert_int_equal(t->line, 4);
  const sim_future *sf = sim_state_future(s, t->waits_on);
  assert_non_null(sf);
  assert_int_equal(sf->wait_kind, RT_WAIT_SLEEP);
  assert_int_equal(sf->state, RT_FUT_PENDING);
  assert_int_equal(s->loops[0].ntimers, 1);
  assert_int_equal(s->loops[0].timers[0].when_ns, 1000000000);
  assert_int_equal(s->loops[0].timers[0].owner, kid);
  /* The await chain: main() is not in it, say_after() is, at line 4. */
  assert_int_equal(t->nframes, 1);
  assert_string_equal(rt_interned(t->frames[0].name), "say_after");
  assert_int_equal(t->frames[0].line, 4);
  assert_int_equal(t->frames[0].first_line, 3);
  /* Timers fire in (deadline, creation) order: kid 1 then kid 3 at 1.0. */
  k = step_of(tl, k, RT_EV_TIMER_FIRED, -1);
  assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
  s = sim_timeline_state(tl);
  assert_true(s->vtime == 1.0);
  assert_int_equal(s->loops[0].ntimers, 2);  /* 1.0 (kid 3) and 2.0 */
  assert_int_equal(s->loops[0].timers[0].owner, kid + 2);
  assert_int_equal(s->loops[0].nready, 1);
  assert_int_equal(s->loops[0].ready[0].kind, RT_HK_TIMER);
  /* The wake-up two hops later makes the task ready. */
  k = step_of(tl, k, RT_EV_HANDLE_SCHEDULED, -1);
  rt_event e;
  assert_int_equal(sim_timeline_event(tl, k - 1, &e), RT_OK);
  assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
  s = sim_timeline_state(tl);
  t = sim_state_task(s, kid);
  assert_int_equal(t->state, SIM_TASK_READY);
  /* Done at the end, and main too. */
  k = step_of(tl, k, RT_EV_TASK_DONE, kid);
  assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
  assert_int_equal(sim_state_task(sim_timeline_state(tl), kid)->state, SIM_TASK_DONE);
  assert_int_equal(sim_timeline_seek(tl, sim_timeline_count(tl)), RT_OK);
  s = sim_timeline_state(tl);
  assert_int_equal(s->ntasks, 0);  /* all freed */
  assert_int_equal(s->nloops, 1);
  assert_true(s->loops[0].closed);
  assert_int_equal(s->threads[0].state, SIM_THREAD_DONE);
  sim_timeline_free(tl);
}

static void a_cancelled_task_and_cancelled_handles_show_as_such(void **state) {
  (void)state;
  sim_timeline *tl = record(sc_cancel, 0, RT_OK);
  /* Just after the cancel request, the victim's sleep future is cancelled
   * and the victim is woken; at its done event it is cancelled. */
  uint64_t k = step_of(tl, 0, RT_EV_TASK_CANCEL_REQUESTED, -1);
  rt_event e;
  assert_int_equal(sim_timeline_event(tl, k - 1, &e), RT_OK);
  uint32_t victim = (uint32_t)e.a[0];
  assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
  assert_int_equal(sim_state_task(sim_timeline_state(tl), victim)->cancelling, 1);
  k = step_of(tl, k, RT_EV_TASK_DONE, victim);
  assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
  assert_int_equal(sim_state_task(sim_timeline_state(tl), victim)->state, SIM_TASK_CANCELLED);
  /* The cancelled call_soon handle sat in the ready queue marked. */
  k = step_of(tl, 0, RT_EV_HANDLE_CANCELLED, -1);
  assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
  const sim_state *s = sim_timeline_state(tl);
  int marked = 0;
  for (uint32_t i = 0; i < s->loops[0].nready; i++) marked += s->loops[0].ready[i].cancelled;
  assert_int_equal(marked, 1);
  /* ... and the cancelled timer left the timer list at once. */
  k = step_of(tl, 0, RT_EV_TIMER_CANCELLED, -1);
  assert_int_equal(sim_timeline_seek(tl, k - 1), RT_OK);
  uint32_t before = sim_timeline_state(tl)->loops[0].ntimers;
  assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
  assert_int_equal(sim_timeline_state(tl)->loops[0].ntimers, before - 1);
  sim_timeline_free(tl);
}

/* create_task(name=...) names a task after creating it (3.11): the card
 * takes the new name from that step on, and seeking back gives the old. */
static void a_renamed_task_shows_its_new_name_from_that_step_on(void **state) {
  (void)state;
  feed f = {0};
  sim_timeline_opts o = {.snapshot_every = 2};
  assert_int_equal(sim_timeline_new(&o, &f.tl), RT_OK);
  put(&f, RT_EV_LOOP_NEW, rt_intern("virtual"), 0, 0, 0);
  put(&f, RT_EV_FUTURE_CREATED, 1, RT_WAIT_TASK, 0, 0);
  put(&f, RT_EV_TASK_CREATED, 1, 0, 0, 7);
  put(&f, RT_EV_TASK_RENAMED, 1, rt_intern("fetcher"), 0, 0);
  put(&f, RT_EV_TASK_STEP_BEGIN, 1, 1, 0, 1);
  put(&f, RT_EV_TASK_RENAMED, 1, rt_intern("renamed later"), 0, 0);
  put(&f, RT_EV_TASK_STEP_END, 1, 1, 0, 0);
  char buf[64];
  const char *want[] = {"Task-7", "fetcher", "fetcher", "renamed later", "renamed later"};
  uint64_t at[] = {3, 4, 5, 6, 7};
  for (int pass = 0; pass < 2; pass++)   /* forward, then backward */
    for (int k = 0; k < 5; k++) {
      int i = pass ? 4 - k : k;
      assert_int_equal(sim_timeline_seek(f.tl, at[i]), RT_OK);
      const sim_task *t = sim_state_task(sim_timeline_state(f.tl), 1);
      assert_non_null(t);
      assert_string_equal(sim_task_name(t, buf, sizeof buf), want[i]);
    }
  sim_timeline_free(f.tl);
}

/* ------------------------------------------------------------ console */

static void console_lines_carry_their_time_and_grow_step_by_step(void **state) {
  (void)state;
  feed f = {0};
  assert_int_equal(sim_timeline_new(NULL, &f.tl), RT_OK);
  put(&f, RT_EV_OUTPUT, rt_intern("hel"), 1, 0, 0);          /* step 1 */
  f.t = 1.0;
  put(&f, RT_EV_OUTPUT, rt_intern("lo\nwor"), 1, 0, 0);      /* step 2 */
  f.t = 1.5;
  put(&f, RT_EV_OUTPUT, rt_intern("E!\n"), 2, 0, 0);         /* step 3 */
  f.t = 2.0;
  put(&f, RT_EV_OUTPUT, rt_intern("ld\n\n"), 1, 0, 0);       /* step 4 */
  sim_timeline *tl = f.tl;
  sim_console_line l;
  assert_int_equal(sim_timeline_seek(tl, 0), RT_OK);
  assert_int_equal(sim_timeline_state(tl)->nconsole, 0);
  assert_int_equal(sim_timeline_seek(tl, 1), RT_OK);
  assert_int_equal(sim_timeline_state(tl)->nconsole, 1);
  assert_int_equal(sim_timeline_console_line(tl, 0, &l), RT_OK);
  assert_int_equal(l.len, 3);
  assert_false(l.complete);
  assert_int_equal(sim_timeline_seek(tl, 2), RT_OK);
  assert_int_equal(sim_timeline_state(tl)->nconsole, 2);
  assert_int_equal(sim_timeline_console_line(tl, 0, &l), RT_OK);
  assert_int_equal(l.len, 5);
  assert_memory_equal(l.text, "hello", 5);
  assert_true(l.complete);
  assert_true(l.vtime == 0.0);  /* stamped with its first byte's time */
  assert_int_equal(sim_timeline_console_line(tl, 1, &l), RT_OK);
  assert_int_equal(l.len, 3);
  assert_true(l.vtime == 1.0);
  assert_int_equal(sim_timeline_console_line(tl, 2, &l), RT_EINVAL);
  assert_int_equal(sim_timeline_seek(tl, 4), RT_OK);
  const sim_state *s = sim_timeline_state(tl);
  assert_int_equal(s->nconsole, 4);
  assert_int_equal(sim_timeline_console_line(tl, 1, &l), RT_OK);
  assert_int_equal(l.len, 5);
  assert_memory_equal(l.text, "world", 5);  /* moved past stderr's line */
  assert_int_equal(sim_timeline_console_line(tl, 2, &l), RT_OK);
  assert_int_equal(l.stream, 2);
  assert_memory_equal(l.text, "E!", 2);
  assert_true(l.vtime == 1.5);
  assert_int_equal(sim_timeline_console_line(tl, 3, &l), RT_OK);
  assert_int_equal(l.len, 0);  /* an empty line */
  assert_true(l.complete);
  /* Stepping by console line. */
  assert_int_equal(sim_timeline_find(tl, 0, 1, SIM_STEP_LINE, 0), 2);
  assert_int_equal(sim_timeline_find(tl, 2, 1, SIM_STEP_LINE, 0), 3);
  assert_int_equal(sim_timeline_find(tl, 3, 1, SIM_STEP_LINE, 0), 4);
  assert_int_equal(sim_timeline_find(tl, 4, 1, SIM_STEP_LINE, 0), 4);
  assert_int_equal(sim_timeline_find(tl, 4, -1, SIM_STEP_LINE, 0), 3);
  assert_int_equal(sim_timeline_find(tl, 2, -1, SIM_STEP_LINE, 0), 2);
  sim_timeline_free(tl);
}

/* ------------------------------------------------- step granularities */

static void steps_find_events_iterations_task_steps_and_lines(void **state) {
  (void)state;
  sim_timeline *tl = record(sc_sleepers, 0, RT_OK);
  uint64_t n = sim_timeline_count(tl);
  rt_event e;
  assert_int_equal(sim_timeline_find(tl, 5, 1, SIM_STEP_EVENT, 0), 6);
  assert_int_equal(sim_timeline_find(tl, 5, -1, SIM_STEP_EVENT, 0), 4);
  assert_int_equal(sim_timeline_find(tl, n, 1, SIM_STEP_EVENT, 0), n);
  assert_int_equal(sim_timeline_find(tl, 0, -1, SIM_STEP_EVENT, 0), 0);
  /* Iterations: each found step's event is an iteration's beginning, in
   * order, and walking back visits the same ones. */
  uint64_t k = 0, iters[64];
  int ni = 0;
  for (;;) {
    uint64_t next = sim_timeline_find(tl, k, 1, SIM_STEP_ITERATION, 0);
    if (next == k) break;
    assert_int_equal(sim_timeline_event(tl, next - 1, &e), RT_OK);
    assert_int_equal(e.kind, RT_EV_ITER_BEGIN);
    assert_int_equal(e.a[0], ni + 1);
    assert_true(ni < 64);
    iters[ni++] = k = next;
  }
  assert_true(ni >= 5);
  for (int i = ni - 1; i > 0; i--) assert_int_equal(sim_timeline_find(tl, iters[i], -1, SIM_STEP_ITERATION, 0), iters[i - 1]);
  assert_int_equal(sim_timeline_find(tl, iters[0], -1, SIM_STEP_ITERATION, 0), iters[0]);
  assert_int_equal(sim_timeline_find(tl, 0, 1, SIM_STEP_ITERATION, 99), 0);  /* no loop 99 */
  /* A task's steps: main (the first task) steps 3 times: its first, the
   * wake-up when the first child ends (1.0), the one when the second ends
   * (2.0); the third child was done by then, so awaiting it does not
   * suspend. */
  assert_int_equal(sim_timeline_seek(tl, step_of(tl, 0, RT_EV_TASK_CREATED, -1)), RT_OK);
  uint32_t main_id = sim_timeline_state(tl)->tasks[0].id;
  k = 0;
  int steps = 0;
  for (;;) {
    uint64_t next = sim_timeline_find(tl, k, 1, SIM_STEP_TASK, main_id);
    if (next == k) break;
    assert_int_equal(sim_timeline_event(tl, next - 1, &e), RT_OK);
    assert_int_equal(e.kind, RT_EV_TASK_STEP_BEGIN);
    assert_int_equal(e.a[0], main_id);
    k = next;
    steps++;
  }
  assert_int_equal(steps, 3);
  /* Console lines: "started", then the three words. */
  k = 0;
  int lines = 0;
  for (;;) {
    uint64_t next = sim_timeline_find(tl, k, 1, SIM_STEP_LINE, 0);
    if (next == k) break;
    k = next;
    lines++;
  }
  assert_int_equal(lines, 4);
  assert_int_equal(sim_timeline_seek(tl, n), RT_OK);
  assert_int_equal(sim_timeline_state(tl)->nconsole, 5);  /* "finished" open */
  sim_console_line l;
  assert_int_equal(sim_timeline_console_line(tl, 2, &l), RT_OK);
  assert_memory_equal(l.text, "again at 1", l.len);
  assert_true(l.vtime == 1.0);
  sim_timeline_free(tl);
}

/* ------------------------------------------------------- robustness */

static void events_read_back_exactly_as_recorded(void **state) {
  (void)state;
  sim_timeline *tl;
  assert_int_equal(sim_timeline_new(NULL, &tl), RT_OK);
  rt_event evs[300];
  uint64_t seed = 99;
  for (int i = 0; i < 300; i++) {
    rt_event *e = &evs[i];
    memset(e, 0, sizeof *e);
    seed = seed * 6364136223846793005ull + 1;
    e->seq = (uint64_t)i + 1 + (i % 50 == 49 ? 7 : 0) + (i >= 49 ? 7 : 0) * (uint64_t)(i / 50);
    e->vtime = (double)(i / 10) * 0.1;
    e->thread = 1 + (uint32_t)(seed >> 60) % 3;
    e->loop = (uint32_t)(seed >> 50) % 2;
    e->task = (uint32_t)(seed >> 40) % 5;
    e->kind = RT_EV_WARNING;  /* applies to nothing: any arguments go */
    e->flags = (uint16_t)(i % 7 == 0);
    e->a[0] = (int64_t)(seed >> 3);
    e->a[1] = -(int64_t)(seed % 1000);
    e->a[2] = INT64_MIN + i;
    e->a[3] = i % 2 ? INT64_MAX : 0;
    e->wall_ns = (uint64_t)(e->vtime * 1e9 + 0.5);
    sim_timeline_record(tl, e);
  }
  for (int i = 299; i >= 0; i--) {
    rt_event e;
    assert_int_equal(sim_timeline_event(tl, (uint64_t)i, &e), RT_OK);
    assert_int_equal(e.seq, evs[i].seq);
    assert_true(e.vtime == evs[i].vtime);
    assert_int_equal(e.wall_ns, evs[i].wall_ns);
    assert_int_equal(e.thread, evs[i].thread);
    assert_int_equal(e.loop, evs[i].loop);
    assert_int_equal(e.task, evs[i].task);
    assert_int_equal(e.kind, evs[i].kind);
    assert_int_equal(e.flags, evs[i].flags);
    assert_memory_equal(e.a, evs[i].a, sizeof e.a);
  }
  rt_event e;
  assert_int_equal(sim_timeline_event(tl, 300, &e), RT_EINVAL);
  assert_int_equal(sim_timeline_seek(tl, 301), RT_EINVAL);
  assert_true(sim_timeline_memory(tl) > 0);
  sim_timeline_free(tl);
}

static void running_out_of_memory_stops_recording_cleanly(void **state) {
  (void)state;
  /* Fail the n-th allocation after the timeline exists, for every n until
   * a run records completely. */
  for (long n = 1;; n++) {
    sim_timeline *tl;
    sim_timeline_opts o = {.snapshot_every = 4};
    assert_int_equal(sim_timeline_new(&o, &tl), RT_OK);
    feed f = {.tl = tl};
    alloc_count_fail_at(n);
    int64_t s = rt_intern("x");
    for (int i = 0; i < 40; i++) {
      f.task = (uint32_t)(i % 3);
      put(&f, RT_EV_FUTURE_CREATED, 100 + i, RT_WAIT_FUTURE, 0, 0);
      put(&f, RT_EV_OUTPUT, s, 1, 0, 0);
      put(&f, RT_EV_ITER_BEGIN, i, 0, 0, 0);
    }
    /* The state and its snapshots are built by the first seek. */
    (void)sim_timeline_seek(f.tl, sim_timeline_count(f.tl));
    alloc_count_fail_at(0);
    int rc = sim_timeline_error(tl);
    if (rc == RT_OK) {
      assert_int_equal(sim_timeline_count(tl), 120);
      sim_timeline_free(tl);
      rt_intern_clear();
      break;
    }
    assert_int_equal(rc, RT_ENOMEM);
    /* What was recorded can still be read and seeked. */
    uint64_t cnt = sim_timeline_count(tl);
    if (sim_timeline_seek(tl, cnt / 2) == RT_OK) (void)sim_timeline_state(tl);
    sim_timeline_free(tl);
    rt_intern_clear();
    assert_int_equal(alloc_count_live(), 0);
  }
}

/* ------------------------------------------ Python runs: await chains */

/* A task's card reads its await chain from its frames: every task that
 * waits has one, including a task made straight from asyncio's own
 * coroutine (ensure_future(asyncio.sleep(1)), lesson 08), whose chain is
 * that coroutine; a Python coroutine's frame stays until it returns, and
 * after that the task only records its outcome. */
static const char chain_script[] =
    "import asyncio\n"
    "async def worker(d):\n"
    "    await asyncio.sleep(d)\n"
    "    return d\n"
    "async def main():\n"
    "    a = asyncio.ensure_future(asyncio.sleep(1))\n"
    "    b = asyncio.create_task(worker(2))\n"
    "    await a\n"
    "    return await b\n"
    "asyncio.run(main())\n";

/* Run a Python script (text) through the interpreter into a new
 * timeline with the given snapshot spacing (0: adaptive). */
static sim_timeline *record_script_every(const char *text, uint32_t every) {
  char path[] = "/tmp/coroscope_tl_XXXXXX.py";
  int fd = mkstemps(path, 3);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  sim_timeline *tl;
  sim_timeline_opts o = {.snapshot_every = every};
  assert_int_equal(sim_timeline_new(&o, &tl), RT_OK);
  sim_script_opts so = {.timeline = tl};
  int rc = sim_script_run(path, &so);
  remove(path);
  assert_int_equal(rc, 0);
  return tl;
}

static sim_timeline *record_script(const char *text) { return record_script_every(text, 0); }

static void every_waiting_task_has_an_await_chain_even_over_asyncio_sleep(void **state) {
  (void)state;
  sim_timeline *tl = record_script(chain_script);
  uint64_t n = sim_timeline_count(tl);
  bool saw_sleep_task = false, saw_worker_wait = false, saw_finishing = false;
  int depth[64] = {0};      /* by task id: frames entered minus left */
  bool ended[64] = {false}; /* its root frame was left */
  for (uint64_t k = 0; k <= n; k++) {
    if (k > 0) {
      rt_event e;
      assert_int_equal(sim_timeline_event(tl, k - 1, &e), RT_OK);
      assert_true(e.task < 64);
      if (e.kind == RT_EV_FRAME_ENTER) depth[e.task]++;
      if (e.kind == RT_EV_FRAME_LEAVE && --depth[e.task] == 0) ended[e.task] = true;
    }
    assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
    const sim_state *s = sim_timeline_state(tl);
    for (uint32_t i = 0; i < s->ntasks; i++) {
      const sim_task *t = &s->tasks[i];
      assert_true(t->id < 64);
      assert_int_equal(t->nframes, depth[t->id]);
      if (t->state == SIM_TASK_WAITING) {
        if (t->nframes == 0) fail_msg("step %llu: task %u waits with no await chain", (unsigned long long)k, t->id);
        const char *root = rt_interned(t->frames[0].name);
        if (!strcmp(root, "sleep")) saw_sleep_task = true;
        if (!strcmp(root, "worker")) saw_worker_wait = true;
      }
      /* "returned": its root frame was left (it runs on to task.done). */
      assert_int_equal(t->returned, ended[t->id]);
      if (t->state == SIM_TASK_RUNNING && t->returned) saw_finishing = true;
    }
  }
  assert_true(saw_sleep_task);
  assert_true(saw_worker_wait);
  assert_true(saw_finishing);
  sim_timeline_free(tl);
}

/* A queue's items are shown by their reprs (interned), in put order:
 * plain values and tuples of them as Python prints them, other objects by
 * their type (their __repr__ is Python code, which tracing must not run). */
static const char queue_script[] =
    "import asyncio\n"
    "class Job:\n"
    "    def __repr__(self):\n"
    "        print('repr ran')\n"
    "        return 'Job()'\n"
    "async def main():\n"
    "    q = asyncio.PriorityQueue()\n"
    "    await q.put((2, 'b'))\n"
    "    await q.put((1, 'a'))\n"
    "    p = asyncio.Queue()\n"
    "    await p.put(Job())\n"
    "    await p.put('x' * 40)\n"
    "    await asyncio.sleep(1)\n"
    "asyncio.run(main())\n";

static void queue_items_are_shown_by_their_reprs(void **state) {
  (void)state;
  sim_timeline *tl = record_script(queue_script);
  uint64_t k = sim_timeline_find(tl, 0, 1, SIM_STEP_ITERATION, 0);
  bool seen = false;
  for (uint64_t n = sim_timeline_count(tl); k <= n && !seen; k++) {
    assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
    const sim_state *s = sim_timeline_state(tl);
    if (s->nsyncs != 2 || s->syncs[1].nitems != 2) continue;
    const sim_sync *pq = &s->syncs[0], *q = &s->syncs[1];
    assert_int_equal(pq->nitems, 2);
    assert_string_equal(rt_interned(pq->items[0]), "(2, 'b')");
    assert_string_equal(rt_interned(pq->items[1]), "(1, 'a')");
    assert_string_equal(rt_interned(q->items[0]), "<Job>");
    assert_string_equal(rt_interned(q->items[1]), "'xxxxxxxxxxxxxxxxxxxx...");
    seen = true;
  }
  assert_true(seen);
  /* Nothing printed: Job's __repr__ never ran. */
  assert_int_equal(sim_timeline_state(tl)->nconsole, 0);
  sim_timeline_free(tl);
}

/* The values queues carry most (None, bools, ints, short strs) are
 * formatted without building their repr: the same text as Python's. */
static const char plain_items_script[] =
    "import asyncio\n"
    "async def main():\n"
    "    q = asyncio.Queue()\n"
    "    for item in [None, True, False, 0, -7, 10, 99, -100, 1000001, 9223372036854775807,\n"
    "                 -9223372036854775807 - 1, \"it's\", 'a\\nb', 'x' * 22,\n"
    "                 'x' * 23, '\xc3\xa9', 1.5, '', ' ~', 'x' * 60]:\n"
    "        q.put_nowait(item)\n"
    "    await asyncio.sleep(1)\n"
    "asyncio.run(main())\n";

static void plain_queue_items_read_as_python_reprs_them(void **state) {
  (void)state;
  static const char *const want[] = {
      "None", "True", "False", "0", "-7", "10", "99", "-100", "1000001", "9223372036854775807",
      "-9223372036854775808",
      "\"it's\"", "'a\\nb'", "'xxxxxxxxxxxxxxxxxxxxxx'", "'xxxxxxxxxxxxxxxxxxxx...",
      "'\xc3\xa9'", "1.5", "''", "' ~'", "'xxxxxxxxxxxxxxxxxxxx...",
  };
  const uint32_t nwant = sizeof want / sizeof *want;
  sim_timeline *tl = record_script(plain_items_script);
  bool seen = false;
  for (uint64_t k = 0, n = sim_timeline_count(tl); k <= n && !seen; k++) {
    assert_int_equal(sim_timeline_seek(tl, k), RT_OK);
    const sim_state *s = sim_timeline_state(tl);
    if (s->nsyncs != 1 || s->syncs[0].nitems != nwant) continue;
    char b[24];
    for (uint32_t i = 0; i < nwant; i++) assert_string_equal(rt_item_label(s->syncs[0].items[i], b), want[i]);
    seen = true;
  }
  assert_true(seen);
  sim_timeline_free(tl);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(the_state_at_every_step_equals_a_replay_from_the_start, setup, teardown),
      cmocka_unit_test_setup_teardown(seeks_give_the_same_states_whatever_the_snapshot_spacing, setup, teardown),
      cmocka_unit_test_setup_teardown(the_deadlock_step_is_known_without_a_seek, setup, teardown),
      cmocka_unit_test_setup_teardown(sync_objects_track_holders_waiters_and_queue_contents, setup, teardown),
      cmocka_unit_test_setup_teardown(a_sleeping_task_goes_created_running_waiting_ready_done, setup, teardown),
      cmocka_unit_test_setup_teardown(a_cancelled_task_and_cancelled_handles_show_as_such, setup, teardown),
      cmocka_unit_test_setup_teardown(console_lines_carry_their_time_and_grow_step_by_step, setup, teardown),
      cmocka_unit_test_setup_teardown(steps_find_events_iterations_task_steps_and_lines, setup, teardown),
      cmocka_unit_test_setup_teardown(events_read_back_exactly_as_recorded, setup, teardown),
      cmocka_unit_test_setup_teardown(running_out_of_memory_stops_recording_cleanly, setup, teardown),
      cmocka_unit_test_setup_teardown(every_waiting_task_has_an_await_chain_even_over_asyncio_sleep, setup, teardown),
      cmocka_unit_test_setup_teardown(queue_items_are_shown_by_their_reprs, setup, teardown),
      cmocka_unit_test_setup_teardown(plain_queue_items_read_as_python_reprs_them, setup, teardown),
      cmocka_unit_test_setup_teardown(a_renamed_task_shows_its_new_name_from_that_step_on, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
