/* scenes.c: built-in C scenarios recorded into a timeline for the window:
 * window demos and load tests (locks, threads, stress) written against the
 * runtime in C, each emitting the line and frame events of the sketch of
 * Python it shows. Lessons never come from here: they run on the
 * interpreter. */
#include <stdio.h>
#include <string.h>

#include "ui_int.h"

static void line(int n) { rt_trace_emit(rt_loop_running(), RT_EV_LINE, n, 0, 0, 0); }

static void enter(const char *name, int first_line) {
  rt_trace_emit(rt_loop_running(), RT_EV_FRAME_ENTER, rt_intern(name), 0, first_line,
                RT_FRAME_COROUTINE);
}

static void leave(const char *name) {
  rt_trace_emit(rt_loop_running(), RT_EV_FRAME_LEAVE, rt_intern(name), 0, 0, 0);
}

/* ---------------------------------------------------------------- locks */

static const char locks_src[] =
  "# A queue feeds two workers; a lock lets one print at a time.\n"  /* 1 */
  "import asyncio\n"                                                 /* 2 */
  "\n"                                                               /* 3 */
  "\n"                                                               /* 4 */
  "async def producer(q, n):\n"                                      /* 5 */
  "    for i in range(n):\n"                                         /* 6 */
  "        await q.put(i)\n"                                         /* 7 */
  "        print(f\"put {i}\")\n"                                    /* 8 */
  "        await asyncio.sleep(0.5)\n"                               /* 9 */
  "\n"                                                               /* 10 */
  "\n"                                                               /* 11 */
  "async def worker(name, q, lock):\n"                               /* 12 */
  "    while True:\n"                                                /* 13 */
  "        item = await q.get()\n"                                   /* 14 */
  "        async with lock:\n"                                       /* 15 */
  "            print(f\"{name} got {item}\")\n"                      /* 16 */
  "            await asyncio.sleep(1.0)\n"                           /* 17 */
  "        q.task_done()\n"                                          /* 18 */
  "\n"                                                               /* 19 */
  "\n"                                                               /* 20 */
  "async def main():\n"                                              /* 21 */
  "    q = asyncio.Queue(maxsize=2)\n"                               /* 22 */
  "    lock = asyncio.Lock()\n"                                      /* 23 */
  "    w1 = asyncio.create_task(worker(\"w1\", q, lock))\n"          /* 24 */
  "    w2 = asyncio.create_task(worker(\"w2\", q, lock))\n"          /* 25 */
  "    await producer(q, 4)\n"                                       /* 26 */
  "    await q.join()\n"                                             /* 27 */
  "    print(\"all done\")\n"                                        /* 28 */
  "    w1.cancel()\n"                                                /* 29 */
  "    w2.cancel()\n"                                                /* 30 */
  "\n"                                                               /* 31 */
  "\n"                                                               /* 32 */
  "asyncio.run(main())\n"                                            /* 33 */
  "\n"
  "# >> on=start en: Two workers share one queue (room for 2 items) and one lock. Watch who holds the lock and who waits for it.\n"
  "# >> on=start zh: 两个 worker 共用一个队列（最多 2 个元素）和一把锁。看谁持有锁、谁在等锁。\n"
  "# >> on=timer n=1 en: A timer fires: the sleeping task's wake-up moves into the ready queue.\n"
  "# >> on=timer n=1 zh: 定时器到期：睡眠任务的唤醒进入就绪队列。\n"
  "# >> on=timer n=3 en: One worker sleeps while it holds the lock, so the other waits for the lock even though the queue has an item for it.\n"
  "# >> on=timer n=3 zh: 一个 worker 持锁睡眠，所以另一个即使队列里有元素，也只能等锁。\n"
  "# >> on=cancelled en: q.join() returned: every item is done, so main cancels the workers stuck in q.get().\n"
  "# >> on=cancelled zh: q.join() 返回：所有元素都处理完了，main 取消卡在 q.get() 的 worker。\n"
  "# >> on=end en: Done. The lock made the workers print one at a time; the queue let the producer run ahead by two items.\n"
  "# >> on=end zh: 结束。锁让 worker 依次打印；队列让生产者最多领先两个元素。\n";

typedef struct locks {
  rt_platform *p;
  rt_queue *q;
  rt_lock *lock;
} locks;

typedef struct worker_arg {
  locks *L;
  const char *name;
} worker_arg;

static int worker_body(void *arg, void **out) {
  worker_arg *w = arg;
  *out = NULL;
  enter("worker", 12);
  int rc = RT_OK;
  for (;;) {
    line(13);
    line(14);
    void *item = NULL;
    rc = rt_queue_get(w->L->q, &item);
    if (rc != RT_OK) break;
    line(15);
    rc = rt_lock_acquire(w->L->lock, NULL);
    if (rc != RT_OK) break;
    line(16);
    char buf[64];
    snprintf(buf, sizeof buf, "%s got %ld\n", w->name, (long)(intptr_t)item - 1);
    rt_trace_emit(rt_loop_running(), RT_EV_OUTPUT, rt_intern(buf), 1, 0, 0);
    line(17);
    enter("sleep", 0);
    rc = rt_sleep(1.0, NULL, NULL);
    leave("sleep");
    rt_lock_release(w->L->lock);
    if (rc != RT_OK) break;
    line(18);
    rt_queue_task_done(w->L->q);
  }
  leave("worker");
  return rc;
}

static int64_t item_repr(void *ud, void *item) {
  (void)ud;
  char buf[32];
  snprintf(buf, sizeof buf, "%ld", (long)(intptr_t)item - 1);
  return rt_intern(buf);
}

static int locks_main(void *arg, void **out) {
  locks *L = arg;
  *out = NULL;
  rt_loop *loop = rt_loop_running();
  rt_task *w1 = NULL, *w2 = NULL;
  worker_arg a1 = {L, "w1"}, a2 = {L, "w2"};
  enter("main", 21);
  line(22);
  rt_queue_opts qo = {.kind = RT_QUEUE_FIFO, .maxsize = 2, .item_id = item_repr};
  int rc = rt_queue_new(&qo, &L->q);
  if (rc == RT_OK) {
    line(23);
    rc = rt_lock_new(&L->lock);
  }
  rt_task_opts o1 = {.name = "w1"}, o2 = {.name = "w2"};
  if (rc == RT_OK) {
    line(24);
    rc = rt_task_new(loop, worker_body, &a1, &o1, &w1);
  }
  if (rc == RT_OK) {
    line(25);
    rc = rt_task_new(loop, worker_body, &a2, &o2, &w2);
  }
  if (rc == RT_OK) {
    line(26);
    enter("producer", 5);
    for (int i = 0; i < 4 && rc == RT_OK; i++) {
      line(6);
      line(7);
      rc = rt_queue_put(L->q, (void *)(intptr_t)(i + 1), NULL);
      if (rc != RT_OK) break;
      line(8);
      char buf[32];
      snprintf(buf, sizeof buf, "put %d\n", i);
      rt_trace_emit(rt_loop_running(), RT_EV_OUTPUT, rt_intern(buf), 1, 0, 0);
      line(9);
      enter("sleep", 0);
      rc = rt_sleep(0.5, NULL, NULL);
      leave("sleep");
    }
    leave("producer");
  }
  if (rc == RT_OK) {
    line(27);
    rc = rt_queue_join(L->q, NULL);
  }
  if (rc == RT_OK) {
    line(28);
    rt_trace_emit(rt_loop_running(), RT_EV_OUTPUT, rt_intern("all done\n"), 1, 0, 0);
    line(29);
    rt_task_cancel(w1, NULL);
    line(30);
    rt_task_cancel(w2, NULL);
    rc = rt_sleep(0, NULL, NULL);  /* let the cancellations land */
  }
  leave("main");
  if (w1) rt_task_release(w1);
  if (w2) rt_task_release(w2);
  return rc;
}

static int scene_locks(rt_platform *p, void *arg) {
  (void)arg;
  locks L = {p, NULL, NULL};
  line(2);
  line(5);
  line(12);
  line(21);
  line(33);
  rt_loop *loop;
  rt_task *t;
  int rc = rt_loop_new(p, NULL, &loop);
  if (rc != RT_OK) return rc;
  rt_task_opts o = {.name = "main"};
  rc = rt_task_new(loop, locks_main, &L, &o, &t);
  if (rc == RT_OK) {
    rc = rt_loop_run_until_complete(loop, rt_task_future(t));
    rt_task_release(t);
  }
  rt_queue_free(L.q);
  rt_lock_free(L.lock);
  rt_loop_free(loop);
  return rc;
}

/* -------------------------------------------------------------- threads */

static const char threads_src[] =
  "# A worker thread sleeps in time.sleep while the loop runs a task;\n"  /* 1 */
  "# then the task itself calls time.sleep and blocks the whole loop.\n"  /* 2 */
  "import asyncio, threading, time\n"                                    /* 3 */
  "\n"                                                                   /* 4 */
  "def worker():\n"                                                      /* 5 */
  "    time.sleep(1.5)        # blocks this thread only\n"              /* 6 */
  "    print(\"worker awake\")\n"                                       /* 7 */
  "\n"                                                                   /* 8 */
  "async def main():\n"                                                  /* 9 */
  "    await asyncio.sleep(1)\n"                                         /* 10 */
  "    print(\"main slept on a timer\")\n"                              /* 11 */
  "    time.sleep(1)          # blocks the loop's thread\n"             /* 12 */
  "    print(\"main blocked the loop for 1s\")\n"                       /* 13 */
  "\n"                                                                   /* 14 */
  "t = threading.Thread(target=worker, name=\"worker\")\n"             /* 15 */
  "t.start()\n"                                                          /* 16 */
  "asyncio.run(main())\n"                                                /* 17 */
  "t.join()\n"                                                           /* 18 */
  "# >> on=start en: Two threads: the main thread runs the event loop, a worker thread sleeps. Watch the lanes under the loop.\n"
  "# >> on=start zh: 两个线程：主线程运行事件循环，worker 线程在睡眠。看事件循环下方的线程泳道。\n"
  "# >> on=timer n=1 en: The loop's timer fires at 1.0s while the worker thread is still blocked in time.sleep.\n"
  "# >> on=timer n=1 zh: 1.0 秒时循环的定时器到期，而 worker 线程仍阻塞在 time.sleep 里。\n";

typedef struct thr_scene {
  rt_platform *p;
} thr_scene;

static void worker_thread(void *arg) {
  thr_scene *x = arg;
  line(6);
  x->p->sleep(x->p, 1.5);
  line(7);
  rt_trace_emit(NULL, RT_EV_OUTPUT, rt_intern("worker awake\n"), 1, 0, 0);
}

static int threads_main(void *arg, void **out) {
  thr_scene *x = arg;
  *out = NULL;
  enter("main", 9);
  line(10);
  enter("sleep", 0);
  int rc = rt_sleep(1.0, NULL, NULL);
  leave("sleep");
  if (rc == RT_OK) {
    line(11);
    rt_trace_emit(rt_loop_running(), RT_EV_OUTPUT, rt_intern("main slept on a timer\n"), 1, 0, 0);
    line(12);
    x->p->sleep(x->p, 1.0);  /* time.sleep on the loop's thread */
    line(13);
    rt_trace_emit(rt_loop_running(), RT_EV_OUTPUT, rt_intern("main blocked the loop for 1s\n"), 1, 0, 0);
  }
  leave("main");
  return rc;
}

static int scene_threads(rt_platform *p, void *arg) {
  (void)arg;
  thr_scene x = {p};
  rt_thread *th = NULL;
  line(3);
  line(5);
  line(9);
  line(15);
  line(16);
  int rc = p->thread_start(p, "worker", worker_thread, &x, &th);
  if (rc != RT_OK) return rc;
  line(17);
  rt_loop *loop;
  rt_task *t;
  rc = rt_loop_new(p, NULL, &loop);
  if (rc == RT_OK) {
    rt_task_opts o = {.name = "main"};
    rc = rt_task_new(loop, threads_main, &x, &o, &t);
    if (rc == RT_OK) {
      rc = rt_loop_run_until_complete(loop, rt_task_future(t));
      rt_task_release(t);
    }
    rt_loop_free(loop);
  }
  line(18);
  int jrc = p->thread_join(th);
  return rc == RT_OK ? jrc : rc;
}

/* --------------------------------------------------------------- stress */

/* 1,000 tasks sleeping 0.1 .. 1.0 s twice: the window's frame-time check
 * (about 16,000 steps). */
static const char stress_src[] =
  "# 1000 tasks, each sleeping twice: a load test for the window.\n"  /* 1 */
  "import asyncio\n"                                                 /* 2 */
  "\n"                                                               /* 3 */
  "async def sleeper(i):\n"                                          /* 4 */
  "    await asyncio.sleep((i % 10 + 1) / 10)\n"                     /* 5 */
  "    await asyncio.sleep((i % 7 + 1) / 10)\n"                      /* 6 */
  "\n"                                                               /* 7 */
  "async def main():\n"                                              /* 8 */
  "    await asyncio.gather(*(sleeper(i) for i in range(1000)))\n"   /* 9 */
  "\n"                                                               /* 10 */
  "asyncio.run(main())\n";                                           /* 11 */

static int stress_body(void *arg, void **out) {
  intptr_t i = (intptr_t)arg;
  *out = NULL;
  enter("sleeper", 4);
  line(5);
  int rc = rt_sleep((double)(i % 10 + 1) / 10, NULL, NULL);
  if (rc == RT_OK) {
    line(6);
    rc = rt_sleep((double)(i % 7 + 1) / 10, NULL, NULL);
  }
  leave("sleeper");
  return rc;
}

static int stress_main(void *arg, void **out) {
  (void)arg;
  *out = NULL;
  enum { N = 1000 };
  static rt_task *t[N];
  rt_loop *loop = rt_loop_running();
  enter("main", 8);
  line(9);
  int rc = RT_OK, n = 0;
  for (; n < N && rc == RT_OK; n++) rc = rt_task_new(loop, stress_body, (void *)(intptr_t)n, NULL, &t[n]);
  if (rc != RT_OK) n--;
  for (int i = 0; i < n && rc == RT_OK; i++) rc = rt_await(rt_task_future(t[i]), NULL);
  for (int i = 0; i < n; i++) rt_task_release(t[i]);
  leave("main");
  return rc;
}

static int scene_stress(rt_platform *p, void *arg) {
  (void)arg;
  line(11);
  rt_loop *loop;
  rt_task *t;
  int rc = rt_loop_new(p, NULL, &loop);
  if (rc != RT_OK) return rc;
  rt_task_opts o = {.name = "main"};
  rc = rt_task_new(loop, stress_main, NULL, &o, &t);
  if (rc == RT_OK) {
    rc = rt_loop_run_until_complete(loop, rt_task_future(t));
    rt_task_release(t);
  }
  rt_loop_free(loop);
  return rc;
}

/* --------------------------------------------------------------- table */

typedef struct scene {
  const char *name;
  const char *lesson;      /* the lesson it mirrors (source from there) */
  const char *title;
  const char *source;      /* its own source when it mirrors no lesson */
  sim_main_fn fn;
} scene;

static const scene scenes[] = {
  {"locks", NULL, "Queue and lock: two workers", locks_src, scene_locks},
  {"threads", NULL, "Threads: a sleeping worker and a blocked loop", threads_src, scene_threads},
  {"stress", NULL, "1000 tasks (load test)", stress_src, scene_stress},
};
static const char *const scene_names[] = {"locks", "threads", "stress", NULL};

const char *const *ui_scene_names(void) { return scene_names; }


int ui_scene_record(const char *name, sim_timeline **out, const char **source,
                    const char **lesson_id, const char **title, int *status) {
  const scene *sc = NULL;
  for (size_t i = 0; i < sizeof scenes / sizeof scenes[0]; i++)
    if (!strcmp(scenes[i].name, name)) sc = &scenes[i];
  if (!sc) return RT_EINVAL;
  sim_timeline *tl;
  int rc = sim_timeline_new(NULL, &tl);
  if (rc != RT_OK) return rc;
  sim_run_opts opts = {.timeline = tl};
  int st = RT_OK;
  rc = sim_run(&opts, sc->fn, NULL, &st);
  *status = rc == RT_OK ? st : rc;
  if (rc != RT_OK && rc != RT_EDEADLOCK) {
    sim_timeline_free(tl);
    return rc;
  }
  *out = tl;
  *source = sc->source;
  *lesson_id = sc->lesson;
  *title = sc->title;
  return RT_OK;
}
