/* io.c: non-blocking socket readiness on the platform's io_watch/io_poll
 * (epoll on the real platform): wait until a descriptor is readable or
 * writable, and loop.sock_accept, sock_recv, sock_sendall, sock_connect
 * built on it (asyncio's selector_events.py). */
#include <errno.h>
#include <sys/socket.h>

#include "ext_int.h"

/* The loop's watched descriptors: slots[fd] says which future waits to
 * read and which to write (one of each at most; a future waiting for both
 * is in both) and what epoll is asked to report. A direction leaves the
 * mask as soon as it is seen ready (its wake-up is queued), so that a
 * level-triggered poller does not report it again; the waiter's cleanup
 * clears the slot. */
typedef struct io_slot {
  rt_future *reader, *writer;  /* references */
  uint32_t mask;               /* RT_IO_* watched now */
  uint8_t used;                /* reader or writer set */
} io_slot;

struct rt__io {
  io_slot *slots;
  int nslots;
  uint32_t nused;              /* slots in use: loop->io_active */
};

typedef struct io_wait {
  rt_loop *loop;
  int fd;
  rt_future *f;                /* a reference */
} io_wait;

static struct rt__io *io_get(rt_loop *loop, int fd) {
  rt__loop_ext *ext = rt__loop_ext_get(loop);
  if (!ext) return NULL;
  struct rt__io *io = ext->io;
  if (!io) {
    if (!(io = rt_calloc(1, sizeof *io))) return NULL;
    ext->io = io;
  }
  if (fd >= io->nslots) {
    int n = io->nslots ? io->nslots : 16;
    while (n <= fd) n *= 2;
    io_slot *s = rt_realloc(io->slots, (size_t)n * sizeof *s);
    if (!s) return NULL;
    for (int i = io->nslots; i < n; i++) s[i] = (io_slot){0};
    io->slots = s;
    io->nslots = n;
  }
  return io;
}

static void set_mask(rt_loop *loop, int fd, io_slot *s, uint32_t mask) {
  if (s->mask == mask) return;
  s->mask = mask;
  loop->p->io_watch(loop->poller, fd, mask);  /* removing cannot fail in a way that matters */
}

/* The waiter leaves its slot (normal return, cancellation, loop close). */
static void io_unwatch(void *arg) {
  io_wait *w = arg;
  rt_loop *loop = w->loop;
  struct rt__io *io = loop->ext ? loop->ext->io : NULL;
  if (io && w->fd < io->nslots) {
    io_slot *s = &io->slots[w->fd];
    uint32_t mask = s->mask;
    if (s->reader == w->f) {
      s->reader = NULL;
      mask &= ~(uint32_t)RT_IO_READABLE;
      rt_future_release(w->f);
    }
    if (s->writer == w->f) {
      s->writer = NULL;
      mask &= ~(uint32_t)RT_IO_WRITABLE;
      rt_future_release(w->f);
    }
    if (!loop->closed) set_mask(loop, w->fd, s, mask);
    else s->mask = mask;
    if (s->used && !s->reader && !s->writer) {
      s->used = 0;
      if (--io->nused == 0) loop->io_active = 0;
    }
  }
  rt_future_release(w->f);
  rt_free(w);
}

static void future_release_cb(void *arg) { rt_future_release(arg); }

/* The reader / writer callback asyncio queues for a ready descriptor. */
static void io_ready_cb(rt_loop *loop, void *arg) {
  (void)loop;
  rt_future *f = arg;
  if (f->state == RT_FUT_PENDING) rt__future_complete(f, RT_FUT_RESULT, NULL);
}

/* Queue f's wake-up; false if that could not be done now (retried at the
 * next poll: the direction stays watched). */
static bool queue_ready(rt_loop *loop, rt_future *f, int fd, uint32_t events) {
  f->refs++;
  if (rt__call_soon_kind(loop, io_ready_cb, f, future_release_cb, RT_HK_CALLBACK, NULL) != RT_OK) {
    f->refs--;
    return false;
  }
  RT__TRACE(loop, RT_EV_IO_READY, fd, events, f->id, 0);
  return true;
}

void rt__io_dispatch(rt_loop *loop) {
  struct rt__io *io = loop->ext->io;
  rt_io_ready evs[64];
  int n;
  do {
    n = loop->p->io_poll(loop->poller, evs, 64);
    for (int i = 0; i < n; i++) {
      int fd = evs[i].fd;
      uint32_t e = evs[i].events;
      if (fd < 0 || fd >= io->nslots) continue;
      io_slot *s = &io->slots[fd];
      uint32_t mask = s->mask;
      bool err = e & RT_IO_ERROR;
      rt_future *r = (mask & RT_IO_READABLE) && (err || (e & RT_IO_READABLE)) ? s->reader : NULL;
      rt_future *w = (mask & RT_IO_WRITABLE) && (err || (e & RT_IO_WRITABLE)) ? s->writer : NULL;
      if (r && queue_ready(loop, r, fd, e)) {
        mask &= ~(uint32_t)RT_IO_READABLE;
        if (s->writer == r) mask &= ~(uint32_t)RT_IO_WRITABLE;  /* waits for both */
      }
      if (w && w != r && queue_ready(loop, w, fd, e)) {
        mask &= ~(uint32_t)RT_IO_WRITABLE;
        if (s->reader == w) mask &= ~(uint32_t)RT_IO_READABLE;
      }
      set_mask(loop, fd, s, mask);
    }
  } while (n == 64);
}

void rt__io_close(rt_loop *loop) {
  struct rt__io *io = loop->ext->io;
  if (!io) return;
  for (int i = 0; i < io->nslots; i++) {
    rt_future_release(io->slots[i].reader);
    rt_future_release(io->slots[i].writer);
  }
  rt_free(io->slots);
  rt_free(io);
  loop->ext->io = NULL;
  loop->io_active = 0;
}

int rt_io_wait(int fd, uint32_t events, void **msg) {
  if (msg) *msg = NULL;
  rt_task *t = rt__tls_state.task;
  if (!t) return RT_ENOTASK;
  rt_loop *loop = t->fut.loop;
  if (!loop->p->io_watch || !loop->p->io_poll) return RT_ENOTSUP;
  events &= RT_IO_READABLE | RT_IO_WRITABLE;
  if (fd < 0 || !events) return RT_EINVAL;
  struct rt__io *io = io_get(loop, fd);
  if (!io) return RT_ENOMEM;
  io_slot *s = &io->slots[fd];
  if (((events & RT_IO_READABLE) && s->reader) || ((events & RT_IO_WRITABLE) && s->writer))
    return RT_ESTATE;  /* another task waits on fd for that already */
  io_wait *w = rt_malloc(sizeof *w);
  if (!w) return RT_ENOMEM;
  if (rt__future_new(loop, RT_WAIT_IO, &w->f) != RT_OK) {
    rt_free(w);
    return RT_ENOMEM;
  }
  w->loop = loop;
  w->fd = fd;
  rt_future *f = w->f;
  if (loop->p->io_watch(loop->poller, fd, s->mask | events) != RT_OK) {
    int e = errno;
    rt_future_release(f);
    rt_free(w);
    errno = e;
    return RT_ESYS;
  }
  s->mask |= events;
  if (events & RT_IO_READABLE) {
    s->reader = f;
    f->refs++;
  }
  if (events & RT_IO_WRITABLE) {
    s->writer = f;
    f->refs++;
  }
  if (!s->used) {
    s->used = 1;
    io->nused++;
    loop->io_active = 1;
  }
  if (rt__hold(t, io_unwatch, w) != RT_OK) {
    io_unwatch(w);
    return RT_ENOMEM;
  }
  RT__TRACE(loop, RT_EV_IO_WAIT, fd, events, f->id, 0);
  void *v = NULL;
  int rc = rt_await(f, &v);
  rt__unhold(t, true);  /* io_unwatch */
  if (rc != RT_OK && msg) *msg = v;
  else rt__val_release(loop, v);
  return rc;
}

static bool would_block(int e) { return e == EAGAIN || e == EWOULDBLOCK; }

int rt_io_sock_accept(int fd, int *conn, void *addr, unsigned *addrlen, void **msg) {
  if (msg) *msg = NULL;
  for (;;) {
    int c = accept4(fd, addr, (socklen_t *)addrlen, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (c >= 0) {
      *conn = c;
      return RT_OK;
    }
    if (errno == EINTR) continue;
    if (!would_block(errno)) return RT_ESYS;
    int rc = rt_io_wait(fd, RT_IO_READABLE, msg);
    if (rc != RT_OK) return rc;
  }
}

int rt_io_sock_recv(int fd, void *buf, size_t n, size_t *got, void **msg) {
  if (msg) *msg = NULL;
  for (;;) {
    ssize_t r = recv(fd, buf, n, 0);
    if (r >= 0) {
      *got = (size_t)r;
      return RT_OK;
    }
    if (errno == EINTR) continue;
    if (!would_block(errno)) return RT_ESYS;
    int rc = rt_io_wait(fd, RT_IO_READABLE, msg);
    if (rc != RT_OK) return rc;
  }
}

int rt_io_sock_sendall(int fd, const void *buf, size_t n, void **msg) {
  if (msg) *msg = NULL;
  size_t off = 0;
  for (;;) {
    ssize_t r = send(fd, (const char *)buf + off, n - off, MSG_NOSIGNAL);
    if (r >= 0) {
      off += (size_t)r;
      if (off == n) return RT_OK;
      continue;  /* part went: try the rest before waiting */
    }
    if (errno == EINTR) continue;
    if (!would_block(errno)) return RT_ESYS;
    int rc = rt_io_wait(fd, RT_IO_WRITABLE, msg);
    if (rc != RT_OK) return rc;
  }
}

int rt_io_sock_connect(int fd, const void *addr, unsigned addrlen, void **msg) {
  if (msg) *msg = NULL;
  if (connect(fd, addr, (socklen_t)addrlen) == 0) return RT_OK;
  if (errno != EINPROGRESS && errno != EINTR && !would_block(errno)) return RT_ESYS;
  int rc = rt_io_wait(fd, RT_IO_WRITABLE, msg);
  if (rc != RT_OK) return rc;
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return RT_ESYS;
  if (err) {  /* OSError(err, 'Connect call failed ...') */
    errno = err;
    return RT_ESYS;
  }
  return RT_OK;
}
