/* test_io.c: socket readiness on the real platform's epoll, and the loop's
 * sock_accept, sock_recv, sock_sendall and sock_connect built on it: an
 * echo exchange over loopback TCP and over a socket pair; the virtual
 * platform says "not supported". */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rt_test.h"

static int io_setup(void **state) {
  (void)state;
  alloc_count_install();
  logbuf[0] = '\0';
  assert_int_equal(rt_loop_new(NULL, &val_ops, &loop), RT_OK);
  return 0;
}

static int io_teardown(void **state) {
  (void)state;
  if (loop) rt_loop_free(loop);
  loop = NULL;
  rt_intern_clear();
  assert_int_equal(alloc_count_live(), 0);
  return 0;
}

static rt_future *fut(rt_task *t) { return rt_task_future(t); }

static void run_both(rt_coro_fn a, void *aa, rt_coro_fn b, void *ba) {
  rt_task *ts[2] = {spawn(a, aa), spawn(b, ba)};
  rt_future *fs[2] = {fut(ts[0]), fut(ts[1])}, *g;
  assert_int_equal(rt_gather(loop, fs, 2, false, NULL, &g), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(loop, g), RT_OK);
  assert_int_equal(rt_future_state_of(g), RT_FUT_RESULT);
  rt_future_release(g);
  rt_task_release(ts[0]);
  rt_task_release(ts[1]);
}

/* ------------------------------------------------------- TCP echo */

typedef struct tcp {
  int listener;
  struct sockaddr_in addr;
} tcp;

/* The server: accept one connection, echo what it reads until EOF. */
static int server_body(void *arg, void **out) {
  tcp *s = arg;
  int c;
  struct sockaddr_in peer;
  unsigned len = sizeof peer;
  assert_int_equal(rt_io_sock_accept(s->listener, &c, &peer, &len, NULL), RT_OK);
  assert_int_equal(peer.sin_family, AF_INET);
  char buf[64];
  for (;;) {
    size_t got;
    assert_int_equal(rt_io_sock_recv(c, buf, sizeof buf, &got, NULL), RT_OK);
    if (got == 0) break;
    assert_int_equal(rt_io_sock_sendall(c, buf, got, NULL), RT_OK);
  }
  close(c);
  logs("server-done");
  *out = NULL;
  return RT_OK;
}

static int client_body(void *arg, void **out) {
  tcp *s = arg;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  assert_true(fd >= 0);
  assert_int_equal(rt_io_sock_connect(fd, &s->addr, sizeof s->addr, NULL), RT_OK);
  const char *msgs[] = {"hello", "echo, echo"};
  for (int i = 0; i < 2; i++) {
    size_t n = strlen(msgs[i]), have = 0;
    char buf[64];
    assert_int_equal(rt_io_sock_sendall(fd, msgs[i], n, NULL), RT_OK);
    while (have < n) {
      size_t got;
      assert_int_equal(rt_io_sock_recv(fd, buf + have, sizeof buf - have, &got, NULL), RT_OK);
      assert_true(got > 0);
      have += got;
    }
    buf[have] = '\0';
    logs("client-got:%s", buf);
  }
  shutdown(fd, SHUT_WR);
  char b;
  size_t got;
  assert_int_equal(rt_io_sock_recv(fd, &b, 1, &got, NULL), RT_OK);  /* the server closed */
  assert_int_equal(got, 0);
  close(fd);
  *out = NULL;
  return RT_OK;
}

static void echo_exchange_over_a_loopback_tcp_connection(void **state) {
  (void)state;
  tcp s;
  s.listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  assert_true(s.listener >= 0);
  memset(&s.addr, 0, sizeof s.addr);
  s.addr.sin_family = AF_INET;
  s.addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(bind(s.listener, (struct sockaddr *)&s.addr, sizeof s.addr), 0);
  socklen_t len = sizeof s.addr;
  assert_int_equal(getsockname(s.listener, (struct sockaddr *)&s.addr, &len), 0);
  assert_int_equal(listen(s.listener, 4), 0);
  run_both(server_body, &s, client_body, &s);
  close(s.listener);
  assert_string_equal(logbuf, "client-got:hello client-got:echo, echo server-done");
}

/* ----------------------------------------------- socket pair echo */

typedef struct pair_end {
  int fd;
  size_t total;  /* bytes to move */
} pair_end;

static int echo_body(void *arg, void **out) {
  pair_end *e = arg;
  char buf[4096];
  size_t moved = 0;
  while (moved < e->total) {
    size_t got;
    assert_int_equal(rt_io_sock_recv(e->fd, buf, sizeof buf, &got, NULL), RT_OK);
    assert_true(got > 0);
    assert_int_equal(rt_io_sock_sendall(e->fd, buf, got, NULL), RT_OK);
    moved += got;
  }
  *out = NULL;
  return RT_OK;
}

/* Sends a buffer far bigger than the socket buffers (sendall must wait
 * until writable, many times) while reading the echo back. */
typedef struct big {
  int fd;
  size_t total;
  unsigned char *data;
} big;

static int big_reader_body(void *arg, void **out) {
  big *b = arg;
  unsigned char buf[8192];
  size_t have = 0;
  while (have < b->total) {
    size_t got;
    assert_int_equal(rt_io_sock_recv(b->fd, buf, sizeof buf, &got, NULL), RT_OK);
    assert_true(got > 0);
    assert_memory_equal(buf, b->data + have, got);
    have += got;
  }
  *out = NULL;
  return RT_OK;
}

static int big_writer_body(void *arg, void **out) {
  big *b = arg;
  rt_task *r = spawn(big_reader_body, b);
  assert_int_equal(rt_io_sock_sendall(b->fd, b->data, b->total, NULL), RT_OK);
  assert_int_equal(rt_await(fut(r), NULL), RT_OK);
  rt_task_release(r);
  *out = NULL;
  return RT_OK;
}

static void echo_exchange_over_a_socket_pair_with_a_big_buffer(void **state) {
  (void)state;
  int sv[2];
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
  enum { TOTAL = 2 << 20 };
  unsigned char *data = malloc(TOTAL);
  assert_non_null(data);
  for (size_t i = 0; i < TOTAL; i++) data[i] = (unsigned char)(i * 7 + (i >> 9));
  pair_end e = {sv[1], TOTAL};
  big b = {sv[0], TOTAL, data};
  run_both(echo_body, &e, big_writer_body, &b);
  free(data);
  close(sv[0]);
  close(sv[1]);
}

/* ------------------------------------------------- waits and errors */

static atomic_int waited_rc;
static int wait_readable_body(void *arg, void **out) {
  int rc = rt_io_wait(*(int *)arg, RT_IO_READABLE, out);
  atomic_store(&waited_rc, rc);
  return rc;
}

static int io_wait_main(void *arg, void **out) {
  int *fds = arg;
  rt_task *a = spawn(wait_readable_body, &fds[0]);
  assert_int_equal(rt_yield(NULL), RT_OK);
  /* one reader per descriptor */
  assert_int_equal(rt_io_wait(fds[0], RT_IO_READABLE, NULL), RT_ESTATE);
  assert_true(rt_task_cancel(a, NULL));
  assert_int_equal(rt_await(fut(a), NULL), RT_ECANCELLED);
  rt_task_release(a);
  /* its watch went with it: another task may wait now, and is woken */
  a = spawn(wait_readable_body, &fds[0]);
  assert_int_equal(rt_yield(NULL), RT_OK);
  assert_int_equal(write(fds[1], "x", 1), 1);
  assert_int_equal(rt_await(fut(a), NULL), RT_OK);
  rt_task_release(a);
  /* writable at once */
  assert_int_equal(rt_io_wait(fds[0], RT_IO_WRITABLE | RT_IO_READABLE, NULL), RT_OK);
  *out = NULL;
  return RT_OK;
}

static void io_wait_is_one_waiter_per_direction_and_cancellable(void **state) {
  (void)state;
  int sv[2];
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
  run_main(io_wait_main, sv);
  close(sv[0]);
  close(sv[1]);
}

static int refused_body(void *arg, void **out) {
  struct sockaddr_in *addr = arg;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int rc = rt_io_sock_connect(fd, addr, sizeof *addr, NULL);
  int e = errno;
  close(fd);
  assert_int_equal(rc, RT_ESYS);
  assert_int_equal(e, ECONNREFUSED);  /* "Connect call failed" */
  *out = NULL;
  return RT_OK;
}

static void connect_to_a_closed_port_fails_with_econnrefused(void **state) {
  (void)state;
  /* a port that was free a moment ago, with nobody listening */
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = {.sin_family = AF_INET};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
  socklen_t len = sizeof addr;
  assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
  close(fd);
  run_main(refused_body, &addr);
}

static void loop_freed_while_a_task_waits_on_a_socket_frees_everything(void **state) {
  (void)state;
  int sv[2];
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
  rt_task *t = spawn(wait_readable_body, &sv[0]);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_false(rt_future_done(fut(t)));
  rt_task_release(t);
  rt_loop_free(loop);
  loop = NULL;
  close(sv[0]);
  close(sv[1]);
}

static int enotsup_body(void *arg, void **out) {
  (void)arg;
  assert_int_equal(rt_io_wait(0, RT_IO_READABLE, NULL), RT_ENOTSUP);
  *out = NULL;
  return RT_OK;
}

static void io_on_a_platform_without_readiness_is_not_supported(void **state) {
  (void)state;
  rt_loop_free(loop);
  fake_platform_init(&fp);  /* io_watch NULL, as sim's virtual platform */
  assert_int_equal(rt_loop_new(&fp.p, &val_ops, &loop), RT_OK);
  run_main(enotsup_body, NULL);
  assert_int_equal(rt_io_wait(0, RT_IO_READABLE, NULL), RT_ENOTASK);
  assert_string_equal(rt_strerror(RT_ENOTSUP), "not supported by this platform");
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, io_setup, io_teardown)
      T(echo_exchange_over_a_loopback_tcp_connection),
      T(echo_exchange_over_a_socket_pair_with_a_big_buffer),
      T(io_wait_is_one_waiter_per_direction_and_cancellable),
      T(connect_to_a_closed_port_fails_with_econnrefused),
      T(loop_freed_while_a_task_waits_on_a_socket_frees_everything),
      T(io_on_a_platform_without_readiness_is_not_supported),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
