/* test_queue.c: Queue, LifoQueue and PriorityQueue as asyncio 3.11 runs
 * them: maxsize with suspending put/get, the nowait variants, join and
 * task_done, heapq's exact order. Expected logs ("what@time/iteration")
 * are CPython 3.11's under the reference harness. */
#include "rt_test.h"

static rt_future *fut(rt_task *t) { return rt_task_future(t); }
#define I(x) ((void *)(intptr_t)(x))

static rt_queue *int_queue(rt_queue_kind kind, long maxsize) {
  rt_queue_opts o = {.kind = kind, .maxsize = maxsize};
  rt_queue *q;
  assert_int_equal(rt_queue_new(&o, &q), RT_OK);
  return q;
}

/* ------------------------------------------- producer and consumer */

static int producer_body(void *arg, void **out) {
  rt_queue *q = arg;
  for (intptr_t i = 0; i < 5; i++) {
    assert_int_equal(rt_queue_put(q, I(i), NULL), RT_OK);
    L(loop, "put%d", (int)i);
  }
  *out = NULL;
  return RT_OK;
}

static int consumer_body(void *arg, void **out) {
  rt_queue *q = arg;
  for (int i = 0; i < 5; i++) {
    assert_int_equal(rt_sleep(1, NULL, NULL), RT_OK);
    void *v;
    assert_int_equal(rt_queue_get(q, &v), RT_OK);
    L(loop, "got%d", (int)(intptr_t)v);
    assert_int_equal(rt_queue_task_done(q), RT_OK);
  }
  *out = NULL;
  return RT_OK;
}

static int joiner_body(void *arg, void **out) {
  assert_int_equal(rt_queue_join(arg, NULL), RT_OK);
  L(loop, "joined");
  *out = NULL;
  return RT_OK;
}

static int producer_consumer_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  rt_queue *q = int_queue(RT_QUEUE_FIFO, 2);
  rt_task *p = spawn(producer_body, q), *c = spawn(consumer_body, q);
  assert_int_equal(rt_yield(NULL), RT_OK);
  assert_true(rt_queue_full(q));
  assert_int_equal(rt_queue_putters(q), 1);
  rt_task *j = spawn(joiner_body, q);
  rt_future *fs[3] = {fut(p), fut(c), fut(j)}, *g;
  assert_int_equal(rt_gather(loop, fs, 3, false, NULL, &g), RT_OK);
  assert_int_equal(rt_await(g, NULL), RT_OK);
  assert_int_equal(rt_queue_unfinished(q), 0);
  assert_true(rt_queue_empty(q));
  rt_future_release(g);
  rt_task_release(p);
  rt_task_release(c);
  rt_task_release(j);
  rt_queue_free(q);
  *out = NULL;
  return RT_OK;
}

static void queue_maxsize_2_with_a_fast_producer_and_a_slow_consumer(void **state) {
  (void)state;
  run_main(producer_consumer_main, NULL);
  assert_string_equal(logbuf, "put0@0/1 put1@0/1 got0@1/4 put2@1/5 got1@2/7 put3@2/8 got2@3/10 "
                              "put4@3/11 got3@4/14 got4@5/16 joined@5/17");
}

typedef struct getter {
  const char *name;
  rt_queue *q;
} getter;

static int getter_body(void *arg, void **out) {
  getter *g = arg;
  void *v;
  int rc = rt_queue_get(g->q, &v);
  if (rc == RT_ECANCELLED) {
    L(loop, "%s-cancelled", g->name);
    *out = v;
    return rc;
  }
  assert_int_equal(rc, RT_OK);
  L(loop, "%s-got%d", g->name, (int)(intptr_t)v);
  *out = NULL;
  return RT_OK;
}

static int getter_cancelled_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  rt_queue *q = int_queue(RT_QUEUE_FIFO, 0);
  getter a = {"G1", q}, b = {"G2", q};
  rt_task *g1 = spawn(getter_body, &a), *g2 = spawn(getter_body, &b);
  assert_int_equal(rt_sleep(1, NULL, NULL), RT_OK);
  assert_int_equal(rt_queue_getters(q), 2);
  assert_int_equal(rt_queue_put_nowait(q, I(7)), RT_OK);  /* wakes G1 ... */
  assert_int_equal(rt_queue_getters(q), 1);
  assert_true(rt_task_cancel(g1, NULL));                  /* ... cancelled */
  rt_future *fs[2] = {fut(g1), fut(g2)}, *g;
  assert_int_equal(rt_gather(loop, fs, 2, true, NULL, &g), RT_OK);
  assert_int_equal(rt_await(g, NULL), RT_OK);
  rt_future_release(g);
  rt_task_release(g1);
  rt_task_release(g2);
  rt_queue_free(q);
  *out = NULL;
  return RT_OK;
}

/* A getter woken by put_nowait and cancelled before it ran passes the
 * wake-up to the next getter. */
static void queue_getter_cancelled_after_its_wake_up_passes_it_on(void **state) {
  (void)state;
  run_main(getter_cancelled_main, NULL);
  assert_string_equal(logbuf, "G1-cancelled@1/4 G2-got7@1/5");
}

/* ---------------------------------------------------- nowait, orders */

static void queue_nowait_variants_fail_when_full_or_empty(void **state) {
  (void)state;
  rt_queue *q = int_queue(RT_QUEUE_FIFO, 1);  /* no loop needed */
  void *v;
  assert_int_equal(rt_queue_get_nowait(q, &v), RT_EEMPTY);  /* QueueEmpty */
  assert_int_equal(rt_queue_put_nowait(q, I(1)), RT_OK);
  assert_int_equal(rt_queue_put_nowait(q, I(2)), RT_EFULL);  /* QueueFull */
  assert_int_equal(rt_queue_qsize(q), 1);
  assert_int_equal(rt_queue_maxsize(q), 1);
  assert_int_equal(rt_queue_get_nowait(q, &v), RT_OK);
  assert_ptr_equal(v, I(1));
  assert_int_equal(rt_queue_unfinished(q), 1);
  assert_int_equal(rt_queue_task_done(q), RT_OK);
  /* ValueError('task_done() called too many times') */
  assert_int_equal(rt_queue_task_done(q), RT_ETOOMANY);
  assert_string_equal(rt_strerror(RT_EFULL), "the queue is full");
  assert_string_equal(rt_strerror(RT_EEMPTY), "the queue is empty");
  rt_queue_free(q);
  q = int_queue(RT_QUEUE_FIFO, 0);
  for (int i = 0; i < 100; i++) assert_int_equal(rt_queue_put_nowait(q, I(i)), RT_OK);
  assert_false(rt_queue_full(q));  /* maxsize 0: never full */
  for (int i = 0; i < 100; i++) {
    assert_int_equal(rt_queue_get_nowait(q, &v), RT_OK);
    assert_ptr_equal(v, I(i));
    if (i % 3 == 0) assert_int_equal(rt_queue_put_nowait(q, I(1000 + i)), RT_OK);  /* wrap */
  }
  assert_int_equal(rt_queue_qsize(q), 34);
  assert_ptr_equal(rt_queue_item(q, 0), I(1000));
  rt_queue_free(q);
}

static void lifo_and_priority_queues_give_their_orders(void **state) {
  (void)state;
  rt_queue *l = int_queue(RT_QUEUE_LIFO, 0), *p = int_queue(RT_QUEUE_PRIORITY, 0);
  const int xs[] = {3, 1, 4, 1, 5, 9, 2, 6};
  for (int i = 0; i < 8; i++) {
    assert_int_equal(rt_queue_put_nowait(l, I(xs[i])), RT_OK);
    assert_int_equal(rt_queue_put_nowait(p, I(xs[i])), RT_OK);
  }
  char got[64] = "";
  for (int i = 0; i < 8; i++) {
    void *v;
    assert_int_equal(rt_queue_get_nowait(l, &v), RT_OK);
    snprintf(got + strlen(got), 4, "%s%d", i ? "," : "", (int)(intptr_t)v);
  }
  strcat(got, " ");
  for (int i = 0; i < 8; i++) {
    void *v;
    assert_int_equal(rt_queue_get_nowait(p, &v), RT_OK);
    snprintf(got + strlen(got), 4, "%s%d", i ? "," : "", (int)(intptr_t)v);
  }
  assert_string_equal(got, "6,2,9,5,1,4,1,3 1,1,2,3,4,5,6,9");  /* CPython's */
  rt_queue_free(l);
  rt_queue_free(p);
}

/* Items that compare on a priority only, as Python objects with __lt__
 * would: equal priorities come out in heapq's order, not FIFO. */
typedef struct prio_item {
  int prio;
  char name;
} prio_item;

static int prio_calls, prio_fail_at;
static int prio_less(void *ud, void *a, void *b) {
  (void)ud;
  if (prio_fail_at && ++prio_calls == prio_fail_at) return RT_ERAISED;  /* TypeError */
  return ((prio_item *)a)->prio < ((prio_item *)b)->prio;
}

static void priority_queue_orders_equal_keys_exactly_as_heapq(void **state) {
  (void)state;
  static prio_item items[] = {{2, 'a'}, {1, 'b'}, {2, 'c'}, {1, 'd'}, {2, 'e'},
                              {1, 'f'}, {3, 'g'}, {2, 'h'}, {1, 'i'}, {2, 'j'}};
  rt_queue_opts o = {.kind = RT_QUEUE_PRIORITY, .less = prio_less};
  rt_queue *q;
  assert_int_equal(rt_queue_new(&o, &q), RT_OK);
  prio_fail_at = 0;
  for (int i = 0; i < 10; i++) assert_int_equal(rt_queue_put_nowait(q, &items[i]), RT_OK);
  char heap[16] = "", order[16] = "";
  for (int i = 0; i < 10; i++) heap[i] = ((prio_item *)rt_queue_item(q, (size_t)i))->name;
  for (int i = 0; i < 10; i++) {
    void *v;
    assert_int_equal(rt_queue_get_nowait(q, &v), RT_OK);
    order[i] = ((prio_item *)v)->name;
  }
  assert_string_equal(heap, "bdfiecghaj");   /* CPython: [x.n for x in heap] */
  assert_string_equal(order, "bfdicjehag");  /* CPython: heappop order */
  /* A comparison that raises: heappush leaves the item in the heap but
   * put_nowait counts no task; heappop loses the popped item. */
  assert_int_equal(rt_queue_put_nowait(q, &items[0]), RT_OK);
  prio_calls = 0;
  prio_fail_at = 1;
  assert_int_equal(rt_queue_put_nowait(q, &items[1]), RT_ERAISED);
  assert_int_equal(rt_queue_qsize(q), 2);
  assert_int_equal(rt_queue_unfinished(q), 11);
  prio_calls = 0;
  prio_fail_at = 1;
  void *v;
  assert_int_equal(rt_queue_put_nowait(q, &items[2]), RT_ERAISED);
  prio_calls = 0;
  prio_fail_at = 1;
  assert_int_equal(rt_queue_get_nowait(q, &v), RT_ERAISED);
  assert_int_equal(rt_queue_qsize(q), 2);
  prio_fail_at = 0;
  rt_queue_free(q);
}

static void queue_owns_its_items_and_releases_them_when_freed(void **state) {
  (void)state;
  rt_queue_opts o = {.kind = RT_QUEUE_FIFO, .item_ops = &val_ops};
  rt_queue *q;
  assert_int_equal(rt_queue_new(&o, &q), RT_OK);
  assert_int_equal(rt_queue_put_nowait(q, val_new("a")), RT_OK);
  assert_int_equal(rt_queue_put_nowait(q, val_new("b")), RT_OK);
  void *v;
  assert_int_equal(rt_queue_get_nowait(q, &v), RT_OK);
  assert_string_equal(vname(v), "a");
  vdrop(v);
  rt_queue_free(q);  /* "b" goes with it */
}

static void queue_put_nowait_out_of_memory_leaves_the_item_with_the_caller(void **state) {
  (void)state;
  rt_queue_opts o = {.kind = RT_QUEUE_PRIORITY, .item_ops = &val_ops};
  rt_queue *q;
  assert_int_equal(rt_queue_new(&o, &q), RT_OK);
  /* the first put needs the item array: make it fail */
  void *v = val_new("x");
  alloc_count_fail_at(1);
  assert_int_equal(rt_queue_put_nowait(q, v), RT_ENOMEM);
  alloc_count_fail_at(0);
  assert_int_equal(rt_queue_qsize(q), 0);
  assert_int_equal(rt_queue_unfinished(q), 0);
  assert_int_equal(rt_queue_put_nowait(q, v), RT_OK);  /* v was still ours */
  rt_queue_free(q);
}

/* ------------------------------------------------ join and lifetime */

static int join_main(void *arg, void **out) {
  (void)arg;
  rt_queue *q = int_queue(RT_QUEUE_FIFO, 0);
  assert_int_equal(rt_queue_join(q, NULL), RT_OK);  /* nothing unfinished: at once */
  assert_int_equal(rt_queue_put_nowait(q, I(1)), RT_OK);
  rt_task *j = spawn(joiner_body, q);
  log_mark(loop);
  assert_int_equal(rt_sleep(1, NULL, NULL), RT_OK);
  assert_false(rt_future_done(fut(j)));
  void *v;
  assert_int_equal(rt_queue_get_nowait(q, &v), RT_OK);
  assert_false(rt_future_done(fut(j)));  /* got, but not done */
  assert_int_equal(rt_queue_task_done(q), RT_OK);
  assert_int_equal(rt_await(fut(j), NULL), RT_OK);
  rt_task_release(j);
  rt_queue_free(q);
  *out = NULL;
  return RT_OK;
}

static void queue_join_waits_for_every_task_done(void **state) {
  (void)state;
  run_main(join_main, NULL);
  assert_string_equal(logbuf, "joined@1/4");  /* CPython's */
}

static int get_body(void *arg, void **out) { return rt_queue_get(arg, out); }
static int put_body(void *arg, void **out) { return rt_queue_put(arg, I(9), out); }
static int join_body(void *arg, void **out) { return rt_queue_join(arg, out); }

static void loop_freed_while_tasks_wait_on_queues_frees_everything(void **state) {
  (void)state;
  rt_queue *empty = int_queue(RT_QUEUE_FIFO, 0), *full = int_queue(RT_QUEUE_LIFO, 1);
  assert_int_equal(rt_queue_put_nowait(full, I(1)), RT_OK);
  rt_task *ts[3] = {spawn(get_body, empty), spawn(put_body, full), spawn(join_body, full)};
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  for (int i = 0; i < 3; i++) {
    assert_false(rt_future_done(fut(ts[i])));
    rt_task_release(ts[i]);
  }
  rt_loop_free(loop);
  loop = NULL;
  rt_queue_free(empty);
  rt_queue_free(full);
}

static char trace_text[1 << 14];
static void trace_hook(void *ud, const rt_event *ev) {
  (void)ud;
  if (ev->kind != RT_EV_QUEUE_PUT && ev->kind != RT_EV_QUEUE_GET && ev->kind != RT_EV_SYNC_NEW)
    return;
  char line[256];
  rt_trace_format(ev, line, sizeof line);
  const char *k = strstr(line, "queue.");
  strcat(trace_text, k ? k : strstr(line, "sync."));
  strcat(trace_text, "\n");
}

static int64_t item_id(void *ud, void *item) {
  (void)ud;
  return rt_item_int(100 + (intptr_t)item);
}

static void queue_puts_and_gets_are_traced_with_the_contents(void **state) {
  (void)state;
  trace_text[0] = '\0';
  rt_trace_set_hook(trace_hook, NULL);
  rt_queue_opts o = {.kind = RT_QUEUE_FIFO, .maxsize = 3, .item_id = item_id};
  rt_queue *q;
  assert_int_equal(rt_queue_new(&o, &q), RT_OK);
  assert_int_equal(rt_queue_put_nowait(q, I(1)), RT_OK);
  assert_int_equal(rt_queue_put_nowait(q, I(2)), RT_OK);
  void *v;
  assert_int_equal(rt_queue_get_nowait(q, &v), RT_OK);
  unsigned id = rt_queue_id(q);
  rt_queue_free(q);
  rt_trace_set_hook(NULL, NULL);
  char want[512];
  snprintf(want, sizeof want,
           "sync.new         obj=%u kind=queue value=3 lock=-\n"
           "queue.put        queue=%u item=101 size=1 unfinished=1\n"
           "queue.put        queue=%u item=102 size=2 unfinished=2\n"
           "queue.get        queue=%u item=101 size=1 unfinished=2\n",
           id, id, id, id);
  assert_string_equal(trace_text, want);
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, loop_setup, loop_teardown)
      T(queue_maxsize_2_with_a_fast_producer_and_a_slow_consumer),
      T(queue_getter_cancelled_after_its_wake_up_passes_it_on),
      T(queue_nowait_variants_fail_when_full_or_empty),
      T(lifo_and_priority_queues_give_their_orders),
      T(priority_queue_orders_equal_keys_exactly_as_heapq),
      T(queue_owns_its_items_and_releases_them_when_freed),
      T(queue_put_nowait_out_of_memory_leaves_the_item_with_the_caller),
      T(queue_join_waits_for_every_task_done),
      T(loop_freed_while_tasks_wait_on_queues_frees_everything),
      T(queue_puts_and_gets_are_traced_with_the_contents),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
