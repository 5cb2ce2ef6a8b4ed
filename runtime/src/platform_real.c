/* platform_real.c: the real platform: CLOCK_MONOTONIC, epoll + eventfd
 * (or a pipe), pthreads, epoll readiness for io.c. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "rt_int.h"

/* ---------------------------------------------------------------- clock */

/* Monotonic seconds. clock_gettime(CLOCK_MONOTONIC) goes through the vDSO:
 * about 20 ns, no system call. */
static double real_now(rt_platform *p) {
  (void)p;
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The same clock in ns: on the real platform "wall" time for traces is the
 * monotonic clock, so a trace's vtime and wall_ns agree. */
static uint64_t real_wall_ns(rt_platform *p) {
  (void)p;
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static struct timespec to_timespec(double secs) {
  struct timespec ts;
  if (secs < 0) secs = 0;
  if (secs > 4e18 / 1e9) secs = 4e18 / 1e9;  /* far future: clamp */
  ts.tv_sec = (time_t)secs;                   /* truncation: floor, >= 0 */
  ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
  if (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  return ts;
}

/* time.sleep: block this thread for secs (restarted after signals). */
static void real_sleep(rt_platform *p, double secs) {
  if (!(secs > 0)) return;
  struct timespec until = to_timespec(real_now(p) + secs);
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR) {
  }
}

/* --------------------------------------------------------------- poller */

/* An epoll set with one eventfd in it (or, where eventfd is missing, the
 * read end of a pipe): poller_wake writes it from any thread; poller_wait
 * blocks in epoll until the deadline or the write. io_watch adds the
 * descriptors io.c waits on to the same set (keyed by their number; the
 * wake-up descriptor is keyed by the poller's address), so a ready socket
 * ends the idle wait too. */
struct rt_poller {
  int epfd;
  int evfd;   /* eventfd, or the pipe's read end */
  int wfd;    /* == evfd for an eventfd; the pipe's write end */
};

/* epoll_pwait2 takes a timespec (ns); older kernels say ENOSYS and we fall
 * back to epoll_wait's milliseconds, rounded up so we never wake early. */
static atomic_int no_pwait2;

static int real_poller_new(rt_platform *p, rt_poller **out) {
  (void)p;
  rt_poller *po = rt_malloc(sizeof *po);
  if (!po) return RT_ENOMEM;
  po->epfd = epoll_create1(EPOLL_CLOEXEC);
  po->evfd = po->wfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (po->evfd < 0) {  /* no eventfd: a pipe does the same job */
    int fds[2];
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0) {
      po->evfd = fds[0];
      po->wfd = fds[1];
    }
  }
  if (po->epfd < 0 || po->evfd < 0) goto fail;
  struct epoll_event ev = {.events = EPOLLIN, .data = {.ptr = po}};
  if (epoll_ctl(po->epfd, EPOLL_CTL_ADD, po->evfd, &ev) != 0) goto fail;
  *out = po;
  return RT_OK;
fail:
  if (po->epfd >= 0) close(po->epfd);
  if (po->wfd >= 0 && po->wfd != po->evfd) close(po->wfd);
  if (po->evfd >= 0) close(po->evfd);
  rt_free(po);
  return RT_ESYS;
}

static void drain_eventfd(rt_poller *po) {
  uint64_t n;
  while (read(po->evfd, &n, sizeof n) > 0) {
  }
}

/* Block until now() >= deadline (deadline < 0: no deadline) or a wake-up
 * or any descriptor in the set is ready. RT_OK, or RT_ESYS. */
static int real_poller_wait(rt_poller *po, double deadline) {
  struct epoll_event evs[8];
  for (;;) {
    int n;
    if (deadline < 0) {
      n = epoll_wait(po->epfd, evs, 8, -1);
    } else {
      double left = deadline - real_now(NULL);
      if (left <= 0) return RT_OK;
      if (!atomic_load_explicit(&no_pwait2, memory_order_relaxed)) {
        struct timespec ts = to_timespec(left);
        n = epoll_pwait2(po->epfd, evs, 8, &ts, NULL);
        if (n < 0 && errno == ENOSYS) {
          atomic_store_explicit(&no_pwait2, 1, memory_order_relaxed);
          continue;
        }
      } else {
        double ms = left * 1e3;
        int ims = ms > 2e9 ? 2000000000 : (int)ms;
        if ((double)ims < ms) ims++;  /* round up: never wake early */
        n = epoll_wait(po->epfd, evs, 8, ims);
      }
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      return RT_ESYS;
    }
    if (n > 0) {
      for (int i = 0; i < n; i++)
        if (evs[i].data.ptr == po) drain_eventfd(po);
      return RT_OK;
    }
    /* n == 0: the timeout passed; the loop head checks the deadline. */
  }
}

/* Thread-safe: one write(2) on the eventfd (8 bytes) or the pipe (1 byte;
 * a full pipe already means "woken"). */
static void real_poller_wake(rt_poller *po) {
  uint64_t one = 1;
  size_t n = po->wfd == po->evfd ? sizeof one : 1;
  while (write(po->wfd, &one, n) < 0 && errno == EINTR) {
  }
}

static void real_poller_free(rt_poller *po) {
  if (!po) return;
  if (po->wfd != po->evfd) close(po->wfd);
  close(po->evfd);
  close(po->epfd);
  rt_free(po);
}

/* ------------------------------------------------------------------ I/O */

/* Watch fd for events (level-triggered); 0 stops watching. RT_OK or
 * RT_ESYS (errno set). */
static int real_io_watch(rt_poller *po, int fd, uint32_t events) {
  struct epoll_event ev = {0};
  ev.data.u64 = (uint64_t)(uint32_t)fd;
  if (events & RT_IO_READABLE) ev.events |= EPOLLIN;
  if (events & RT_IO_WRITABLE) ev.events |= EPOLLOUT;
  if (!events) {
    if (epoll_ctl(po->epfd, EPOLL_CTL_DEL, fd, &ev) == 0 || errno == ENOENT || errno == EBADF)
      return RT_OK;
    return RT_ESYS;
  }
  if (epoll_ctl(po->epfd, EPOLL_CTL_MOD, fd, &ev) == 0) return RT_OK;
  if (errno == ENOENT && epoll_ctl(po->epfd, EPOLL_CTL_ADD, fd, &ev) == 0) return RT_OK;
  return RT_ESYS;
}

/* The watched descriptors ready now (no wait), up to max. The wake-up
 * descriptor is left to poller_wait. Returns how many, or RT_ESYS. */
static int real_io_poll(rt_poller *po, rt_io_ready *out, int max) {
  struct epoll_event evs[64];
  if (max > 64) max = 64;
  int n;
  do n = epoll_wait(po->epfd, evs, max, 0);
  while (n < 0 && errno == EINTR);
  if (n < 0) return RT_ESYS;
  int k = 0;
  for (int i = 0; i < n; i++) {
    if (evs[i].data.ptr == po) continue;
    uint32_t e = 0;
    if (evs[i].events & EPOLLIN) e |= RT_IO_READABLE;
    if (evs[i].events & EPOLLOUT) e |= RT_IO_WRITABLE;
    if (evs[i].events & (EPOLLERR | EPOLLHUP)) e |= RT_IO_ERROR;
    out[k].fd = (int)(uint32_t)evs[i].data.u64;
    out[k].events = e;
    k++;
  }
  return k;
}

/* os.cpu_count(): the CPUs online. */
static int real_cpu_count(rt_platform *p) {
  (void)p;
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)n : 1;
}

/* -------------------------------------------------------------- threads */

struct rt_thread {
  pthread_t th;
  void (*fn)(void *);
  void *arg;
  uint32_t tid;   /* the id traces show for it, given by the starter */
  char name[16];  /* Linux thread names hold 15 bytes */
};

/* Thread events: on a loop's thread they carry that loop's clock, as its
 * other events do; elsewhere the platform clock. */
static void thread_event(int kind, int64_t a0, int64_t a1) {
  rt_loop *loop = rt__tls_state.loop;
  if (loop) rt__trace_emit(loop, kind, a0, a1, 0, 0);
  else rt__trace_emit_at(0, real_now(NULL), kind, a0, a1, 0, 0);
}

static void *thread_main(void *arg) {
  rt_thread *t = arg;
  rt__tls_state.thread_id = t->tid;
  if (t->name[0]) pthread_setname_np(pthread_self(), t->name);
  t->fn(t->arg);
  if (rt__tracing()) thread_event(RT_EV_THREAD_END, t->tid, 0);
  return NULL;
}

/* Start fn(arg) on a new thread named name (cut to 15 bytes; may be NULL).
 * RT_OK, RT_ENOMEM, RT_ESYS. Join with thread_join, which frees it. */
static int real_thread_start(rt_platform *p, const char *name, void (*fn)(void *),
                             void *arg, rt_thread **out) {
  (void)p;
  rt_thread *t = rt_calloc(1, sizeof *t);
  if (!t) return RT_ENOMEM;
  t->fn = fn;
  t->arg = arg;
  if (name) {
    strncpy(t->name, name, sizeof t->name - 1);
    t->name[sizeof t->name - 1] = '\0';
  }
  t->tid = rt__thread_id_next();
  if (rt__tracing()) thread_event(RT_EV_THREAD_START, t->tid, name ? rt_intern(name) : 0);
  if (pthread_create(&t->th, NULL, thread_main, t) != 0) {
    rt_free(t);
    return RT_ESYS;
  }
  *out = t;
  return RT_OK;
}

static int real_thread_join(rt_thread *t) {
  int rc = pthread_join(t->th, NULL) == 0 ? RT_OK : RT_ESYS;
  rt_free(t);
  return rc;
}

/* ------------------------------------------------------ mutex, condition */

struct rt_mutex {
  pthread_mutex_t m;
};
struct rt_cond {
  pthread_cond_t c;
};

static int real_mutex_new(rt_platform *p, rt_mutex **out) {
  (void)p;
  rt_mutex *m = rt_malloc(sizeof *m);
  if (!m) return RT_ENOMEM;
  if (pthread_mutex_init(&m->m, NULL) != 0) {
    rt_free(m);
    return RT_ESYS;
  }
  *out = m;
  return RT_OK;
}
static void real_mutex_lock(rt_mutex *m) { pthread_mutex_lock(&m->m); }
static void real_mutex_unlock(rt_mutex *m) { pthread_mutex_unlock(&m->m); }
static void real_mutex_free(rt_mutex *m) {
  if (!m) return;
  pthread_mutex_destroy(&m->m);
  rt_free(m);
}

/* Conditions wait on CLOCK_MONOTONIC, the clock deadlines are in. */
static int real_cond_new(rt_platform *p, rt_cond **out) {
  (void)p;
  rt_cond *c = rt_malloc(sizeof *c);
  if (!c) return RT_ENOMEM;
  pthread_condattr_t a;
  int ok = pthread_condattr_init(&a) == 0;
  ok = ok && pthread_condattr_setclock(&a, CLOCK_MONOTONIC) == 0;
  ok = ok && pthread_cond_init(&c->c, &a) == 0;
  pthread_condattr_destroy(&a);
  if (!ok) {
    rt_free(c);
    return RT_ESYS;
  }
  *out = c;
  return RT_OK;
}

/* Wait on c with m held, until signalled or deadline (monotonic seconds;
 * < 0: none). RT_OK (signalled, or woken spuriously: callers re-check
 * their predicate) or RT_ETIMEDOUT. */
static int real_cond_wait(rt_cond *c, rt_mutex *m, double deadline) {
  if (deadline < 0) {
    pthread_cond_wait(&c->c, &m->m);
    return RT_OK;
  }
  struct timespec until = to_timespec(deadline);
  int rc = pthread_cond_timedwait(&c->c, &m->m, &until);
  return rc == ETIMEDOUT ? RT_ETIMEDOUT : RT_OK;
}
static void real_cond_signal(rt_cond *c) { pthread_cond_signal(&c->c); }
static void real_cond_broadcast(rt_cond *c) { pthread_cond_broadcast(&c->c); }
static void real_cond_free(rt_cond *c) {
  if (!c) return;
  pthread_cond_destroy(&c->c);
  rt_free(c);
}

static rt_platform real_platform = {
    .name = "real",
    .now = real_now,
    .wall_ns = real_wall_ns,
    .sleep = real_sleep,
    .poller_new = real_poller_new,
    .poller_wait = real_poller_wait,
    .poller_wake = real_poller_wake,
    .poller_free = real_poller_free,
    .thread_start = real_thread_start,
    .thread_join = real_thread_join,
    .mutex_new = real_mutex_new,
    .mutex_lock = real_mutex_lock,
    .mutex_unlock = real_mutex_unlock,
    .mutex_free = real_mutex_free,
    .cond_new = real_cond_new,
    .cond_wait = real_cond_wait,
    .cond_signal = real_cond_signal,
    .cond_broadcast = real_cond_broadcast,
    .cond_free = real_cond_free,
    .io_watch = real_io_watch,
    .io_poll = real_io_poll,
    .cpu_count = real_cpu_count,
};

/* The real platform: a process-wide singleton, never freed. */
rt_platform *rt_platform_real(void) { return &real_platform; }
