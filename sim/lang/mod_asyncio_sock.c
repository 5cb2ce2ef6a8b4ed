/* mod_asyncio_sock.c: loop.sock_accept, sock_recv, sock_sendall and sock_connect on the runtime's rt_io_* (real-time mode).
 *
 * Each returns one of asyncio's coroutines (an aio_op, OP_SOCK_*): the
 * task that awaits it performs the call in the runtime, which waits for
 * the descriptor's readiness on the loop (as CPython's selector loop adds
 * a reader or writer). Arguments are checked when the coroutine runs, as
 * CPython's `async def` methods do. On the virtual platform there are no
 * socket objects to pass (socket.socket refuses there), and rt_io_* would
 * say RT_ENOTSUP.
 */
#include <errno.h>

#include "mod_asyncio_int.h"
#include "mod_socket.h"

#define ARGS py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw

/* A sock_* coroutine of kind with sock (and what) for its task to perform. */
static py_obj *sock_op(int kind, const char *name, const char *fname, py_obj *const *args,
                       py_ssize_t nargs, py_obj *kw, py_ssize_t want) {
  if (py_check_nokw(fname, kw) < 0 || py_check_args(fname, nargs, want, want) < 0) return NULL;
  aio_op *s = aio__op_new(kind, name);
  if (!s) return NULL;
  s->target = py_newref(args[0]);
  if (want > 1) s->result = py_newref(args[1]);
  return &s->ob;
}

py_obj *aio__loop_sock_recv(ARGS) {
  (void)self;
  return sock_op(OP_SOCK_RECV, "BaseSelectorEventLoop.sock_recv", "sock_recv", args, nargs, kw, 2);
}
py_obj *aio__loop_sock_sendall(ARGS) {
  (void)self;
  return sock_op(OP_SOCK_SENDALL, "BaseSelectorEventLoop.sock_sendall", "sock_sendall", args,
                 nargs, kw, 2);
}
py_obj *aio__loop_sock_accept(ARGS) {
  (void)self;
  return sock_op(OP_SOCK_ACCEPT, "BaseSelectorEventLoop.sock_accept", "sock_accept", args, nargs,
                 kw, 1);
}
py_obj *aio__loop_sock_connect(ARGS) {
  (void)self;
  return sock_op(OP_SOCK_CONNECT, "BaseSelectorEventLoop.sock_connect", "sock_connect", args,
                 nargs, kw, 2);
}

/* The current exception as s's outcome. */
static void store_error(aio_op *s) { PY_SETREF(s->exc, py_err_fetch()); }

static void perform_recv(aio_op *s, int fd) {
  int64_t n;
  if (py_index_value(s->result, &n) < 0) { store_error(s); return; }
  if (n < 0) {
    py_err_set_str(&py_exc_ValueError, "negative buffersize in recv");
    { store_error(s); return; }
  }
  py_obj *buf = py_bytes_new((py_ssize_t)n);
  if (!buf) { store_error(s); return; }
  size_t got = 0;
  void *msg = NULL;
  int rc = rt_io_sock_recv(fd, ((py_bytes *)buf)->data, (size_t)n, &got, &msg);
  if (rc == RT_ESYS) {
    lang__oserror(errno, NULL);
    py_decref(buf);
    { store_error(s); return; }
  }
  py_obj *out = NULL;
  if (rc == RT_OK) {
    out = (int64_t)got == n ? py_newref(buf) : py_bytes_from(py_bytes_data(buf), got);
    if (!out) {
      py_decref(buf);
      { store_error(s); return; }
    }
  }
  py_decref(buf);
  aio__op_store(s, rc, rc == RT_OK ? out : msg);
}

static void perform_sendall(aio_op *s, int fd) {
  py_obj *data = s->result;
  if (!py_bytes_check(data)) {
    py_err_format(&py_exc_TypeError, "a bytes-like object is required, not '%s'",
                  py_type_name(data));
    { store_error(s); return; }
  }
  void *msg = NULL;
  int rc = rt_io_sock_sendall(fd, py_bytes_data(data), (size_t)py_bytes_size(data), &msg);
  if (rc == RT_ESYS) {
    lang__oserror(errno, NULL);
    { store_error(s); return; }
  }
  aio__op_store(s, rc, rc == RT_OK ? NULL : msg);
}

static void perform_accept(aio_op *s, int fd) {
  struct sockaddr_storage ss;
  unsigned len = sizeof ss;
  int conn = -1;
  void *msg = NULL;
  int rc = rt_io_sock_accept(fd, &conn, &ss, &len, &msg);
  if (rc == RT_ESYS) {
    lang__oserror(errno, NULL);
    { store_error(s); return; }
  }
  if (rc != RT_OK) { aio__op_store(s, rc, msg); return; }
  /* CPython's sock_accept hands back conn.setblocking(False) */
  py_obj *c = lang__socket_wrap(conn, s->target);
  py_obj *zero = c ? py_int_from(0) : NULL;
  py_obj *r = zero ? py_call_method_str(c, "settimeout", &zero, 1) : NULL;
  py_xdecref(zero);
  py_xdecref(r);
  py_obj *addr = r ? lang__sockaddr_value((struct sockaddr *)&ss, (socklen_t)len) : NULL;
  py_obj *pair = addr ? py_tuple_pack(2, c, addr) : NULL;
  py_xdecref(c);
  py_xdecref(addr);
  if (!pair) { store_error(s); return; }
  aio__op_store(s, RT_OK, pair);
}

static void perform_connect(aio_op *s, int fd) {
  struct sockaddr_storage ss;
  socklen_t len;
  if (lang__sockaddr_parse(s->target, s->result, "connect", &ss, &len) < 0) { store_error(s); return; }
  void *msg = NULL;
  int rc = rt_io_sock_connect(fd, &ss, (unsigned)len, &msg);
  if (rc == RT_ESYS) {
    int err = errno;
    py_obj *a = py_str(s->result);
    py_obj *text = a ? py_str_from_format("Connect call failed %s", py_str_utf8(a)) : NULL;
    if (text) lang__oserror(err, py_str_utf8(text));
    py_xdecref(a);
    py_xdecref(text);
    { store_error(s); return; }
  }
  aio__op_store(s, rc, rc == RT_OK ? NULL : msg);
}

void aio__sock_perform(aio_op *s) {
  int fd = lang__socket_fd(s->target);
  if (fd < 0) { store_error(s); return; }
  switch (s->kind) {
  case OP_SOCK_RECV: perform_recv(s, fd); return;
  case OP_SOCK_SENDALL: perform_sendall(s, fd); return;
  case OP_SOCK_ACCEPT: perform_accept(s, fd); return;
  default: perform_connect(s, fd); return;
  }
}
