/* mod_socket.c: the socket module: its constants, and socket objects with --real-time.
 *
 * `import socket` works everywhere and the usual constants are there (the
 * values of Linux, as CPython's; plain ints where CPython has IntEnum
 * members), so a lesson that only names them runs. Making a socket needs
 * the real platform: on the virtual one there is no network at all (a
 * socket's readiness would come from outside the virtual clock), so there
 * the error says to run the script with --real-time.
 *
 * With --real-time, socket.socket / socketpair / create_connection make
 * socket objects (mod_socket.h): bind, listen, accept, connect, send,
 * sendall, recv, setblocking, settimeout, setsockopt, getsockname, ...,
 * close and the with-statement. Not there: create_server, fromfd, UDP's
 * sendto / recvfrom, makefile; BlockingIOError and socket.gaierror are
 * OSError here (same message).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

#include "mod_socket.h"
#include "threads_int.h"

#define ARGS py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames

typedef struct lang_socket {
  py_obj ob;
  int fd;             /* -1 once closed */
  int family, type, proto;
  double timeout;     /* < 0: blocking; 0: non-blocking; > 0: seconds */
} lang_socket;

static py_type socket_type;
#define SOCK(o) ((lang_socket *)(o))

static py_obj *no_sockets(const char *what) {
  if (!lang__platform_is_real())
    return py_err_format(&py_exc_NotImplementedError,
                         "%s needs the real network: run the script with "
                         "`coroscope run --real-time` (virtual mode has no sockets)",
                         what);
  return py_err_format(&py_exc_NotImplementedError, "%s is not supported yet in coroscope",
                       what);
}

py_obj *lang__oserror(int err, const char *msg) {
  py_obj *a[2] = {py_int_from(err), py_str_from_cstr(msg ? msg : strerror(err))};
  py_obj *e = a[0] && a[1] ? py_call(PY_OBJ(&py_exc_OSError), a, 2, NULL) : NULL;
  py_xdecref(a[0]);
  py_xdecref(a[1]);
  return e ? py_err_raise(e) : NULL;
}

/* ---------------------------------------------------------- addresses */

static int parse_inet(lang_socket *s, py_obj *addr, const char *fname,
                      struct sockaddr_storage *out, socklen_t *len) {
  const char *fam = s->family == AF_INET ? "AF_INET" : "AF_INET6";
  if (!py_tuple_check(addr)) {
    py_err_format(&py_exc_TypeError, "%s(): %s address must be tuple, not %s", fname, fam,
                  py_type_name(addr));
    return -1;
  }
  py_ssize_t n = py_tuple_len(addr);
  if (n < 2 || n > (s->family == AF_INET ? 2 : 4) || !py_str_check(py_tuple_get(addr, 0))) {
    py_err_format(&py_exc_TypeError, "%s(): %s address must be a pair (host, port)", fname, fam);
    return -1;
  }
  const char *host = py_str_utf8(py_tuple_get(addr, 0));
  int64_t port;
  if (py_index_value(py_tuple_get(addr, 1), &port) < 0) return -1;
  if (port < 0 || port > 65535) {
    py_err_format(&py_exc_OverflowError, "%s(): port must be 0-65535.", fname);
    return -1;
  }
  memset(out, 0, sizeof *out);
  if (!strcmp(host, "localhost")) host = s->family == AF_INET ? "127.0.0.1" : "::1";
  if (s->family == AF_INET) {
    struct sockaddr_in *in = (struct sockaddr_in *)out;
    in->sin_family = AF_INET;
    in->sin_port = htons((uint16_t)port);
    if (*host && inet_pton(AF_INET, host, &in->sin_addr) != 1) goto unknown;
    *len = sizeof *in;
  } else {
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)out;
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons((uint16_t)port);
    if (*host && inet_pton(AF_INET6, host, &in6->sin6_addr) != 1) goto unknown;
    *len = sizeof *in6;
  }
  return 0;
unknown:
  lang__oserror(-2, "Name or service not known");
  return -1;
}

int lang__sockaddr_parse(py_obj *sock, py_obj *addr, const char *fname,
                         struct sockaddr_storage *out, socklen_t *len) {
  lang_socket *s = SOCK(sock);
  if (s->family == AF_INET || s->family == AF_INET6) return parse_inet(s, addr, fname, out, len);
  if (s->family != AF_UNIX) {
    py_err_format(&py_exc_OSError, "%s(): bad family", fname);
    return -1;
  }
  const char *path;
  size_t n;
  if (py_str_check(addr)) {
    path = py_str_utf8(addr);
    n = (size_t)py_str_size(addr);
  } else if (py_bytes_check(addr)) {
    path = py_bytes_data(addr);
    n = (size_t)py_bytes_size(addr);
  } else {
    py_err_format(&py_exc_TypeError, "a bytes-like object is required, not '%s'",
                  py_type_name(addr));
    return -1;
  }
  struct sockaddr_un *un = (struct sockaddr_un *)out;
  if (n >= sizeof un->sun_path) {
    py_err_set_str(&py_exc_OSError, "AF_UNIX path too long");
    return -1;
  }
  memset(out, 0, sizeof *out);
  un->sun_family = AF_UNIX;
  memcpy(un->sun_path, path, n);
  *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
  return 0;
}

py_obj *lang__sockaddr_value(const struct sockaddr *sa, socklen_t len) {
  char host[INET6_ADDRSTRLEN];
  if (sa->sa_family == AF_INET) {
    const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    py_obj *h = py_str_from_cstr(host), *p = py_int_from(ntohs(in->sin_port));
    py_obj *t = h && p ? py_tuple_pack(2, h, p) : NULL;
    py_xdecref(h);
    py_xdecref(p);
    return t;
  }
  if (sa->sa_family == AF_INET6) {
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
    py_obj *v[4] = {py_str_from_cstr(host), py_int_from(ntohs(in6->sin6_port)),
                    py_int_from(ntohl(in6->sin6_flowinfo)), py_int_from(in6->sin6_scope_id)};
    py_obj *t = v[0] && v[1] && v[2] && v[3] ? py_tuple_from(v, 4) : NULL;
    for (int i = 0; i < 4; i++) py_xdecref(v[i]);
    return t;
  }
  if (sa->sa_family == AF_UNIX) {
    const struct sockaddr_un *un = (const struct sockaddr_un *)sa;
    size_t off = offsetof(struct sockaddr_un, sun_path);
    size_t n = len > off ? strnlen(un->sun_path, (size_t)len - off) : 0;
    return py_str_from_utf8(un->sun_path, n);
  }
  return py_newref(py_None);
}

/* ------------------------------------------------------------ objects */

static int set_nonblocking(int fd) {
  int fl = fcntl(fd, F_GETFL);
  return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static py_obj *socket_make(int fd, int family, int type, int proto) {
  if (set_nonblocking(fd) < 0) {
    int err = errno;
    close(fd);
    return lang__oserror(err, NULL);
  }
  lang_socket *s = (lang_socket *)py_obj_alloc(&socket_type, sizeof(lang_socket));
  if (!s) {
    close(fd);
    return NULL;
  }
  s->fd = fd;
  s->family = family;
  s->type = type;
  s->proto = proto;
  s->timeout = -1;
  return &s->ob;
}

py_obj *lang__socket_wrap(int fd, py_obj *like) {
  return like ? socket_make(fd, SOCK(like)->family, SOCK(like)->type, SOCK(like)->proto)
              : socket_make(fd, AF_INET, SOCK_STREAM, 0);
}

int lang__socket_fd(py_obj *o) {
  if (o->type != &socket_type) {
    py_err_format(&py_exc_TypeError, "expected a socket object, not %s", py_type_name(o));
    return -1;
  }
  if (SOCK(o)->fd < 0) {
    lang__oserror(EBADF, NULL);
    return -1;
  }
  return SOCK(o)->fd;
}

static void socket_dealloc(py_obj *o) {
  if (SOCK(o)->fd >= 0) close(SOCK(o)->fd);
  py_obj_free(o, sizeof(lang_socket));
}

static const char *family_name(int f) {
  return f == AF_INET ? "AddressFamily.AF_INET" : f == AF_INET6 ? "AddressFamily.AF_INET6"
       : f == AF_UNIX ? "AddressFamily.AF_UNIX" : NULL;
}

static py_obj *socket_repr(py_obj *o) {
  lang_socket *s = SOCK(o);
  py_buf b;
  py__buf_init(&b);
  int rc = py__buf_printf(&b, "<socket.socket %sfd=%d, family=", s->fd < 0 ? "[closed] " : "",
                          s->fd);
  const char *fam = family_name(s->family);
  rc |= fam ? py__buf_puts(&b, fam) : py__buf_printf(&b, "%d", s->family);
  rc |= s->type == SOCK_STREAM  ? py__buf_puts(&b, ", type=SocketKind.SOCK_STREAM")
        : s->type == SOCK_DGRAM ? py__buf_puts(&b, ", type=SocketKind.SOCK_DGRAM")
                                : py__buf_printf(&b, ", type=%d", s->type);
  rc |= py__buf_printf(&b, ", proto=%d", s->proto);
  struct sockaddr_storage ss;
  static const char *const sides[] = {"laddr", "raddr"};
  for (int side = 0; side < 2 && s->fd >= 0 && rc == 0; side++) {
    socklen_t len = sizeof ss;
    int r = side ? getpeername(s->fd, (struct sockaddr *)&ss, &len)
                 : getsockname(s->fd, (struct sockaddr *)&ss, &len);
    if (r < 0) continue;
    py_obj *a = lang__sockaddr_value((struct sockaddr *)&ss, len);
    int truthy = a ? py_is_true(a) : -1;
    if (truthy > 0) rc |= py__buf_printf(&b, ", %s=", sides[side]) | py__buf_putrepr(&b, a);
    py_xdecref(a);
    if (truthy < 0) rc = -1;
  }
  rc |= py__buf_putc(&b, '>');
  return py__buf_finish_rc(&b, rc);
}

/* ------------------------------------------------------------ waiting */

/* Wait until s's descriptor is ready for ev (POLLIN / POLLOUT), on a
 * poller of the platform (the GIL let go meanwhile), within s's timeout.
 * 0, or -1 with TimeoutError("timed out") or the socket closed. */
static int wait_ready(lang_socket *s, short ev) {
  rt_platform *p = lang__platform();
  rt_poller *po = NULL;
  if (!p->io_watch || p->poller_new(p, &po) != RT_OK) {
    no_sockets("a blocking socket call");
    return -1;
  }
  int fd = s->fd, rc = -1;
  uint32_t watch = ev == POLLIN ? RT_IO_READABLE : RT_IO_WRITABLE;
  double deadline = s->timeout > 0 ? p->now(p) + s->timeout : -1;
  if (p->io_watch(po, fd, watch) != RT_OK) {
    lang__oserror(errno, NULL);
    goto out;
  }
  py_incref(&s->ob);
  while (true) {
    struct pollfd pfd = {fd, ev, 0};
    if (poll(&pfd, 1, 0) > 0) { rc = 0; break; }
    if (deadline >= 0 && p->now(p) >= deadline) {
      py_err_set_str(&py_exc_TimeoutError, "timed out");
      break;
    }
    if (p->poller_wait(po, deadline) == RT_EDEADLOCK) { lang__run_over(); break; }
    if (s->fd != fd) { lang__oserror(EBADF, NULL); break; }
  }
  if (s->fd == fd) p->io_watch(po, fd, 0);
  py_decref(&s->ob);
out:
  p->poller_free(po);
  return rc;
}

/* Run op on s until it does not say EAGAIN, waiting for ev between tries
 * when s blocks. op returns >= 0 or -1 with errno. */
#define RETRY(s, ev, call, result) \
  do { \
    while (((result) = (call)) < 0) { \
      if (errno == EINTR) continue; \
      if ((errno != EAGAIN && errno != EWOULDBLOCK) || (s)->timeout == 0) \
        return lang__oserror(errno, NULL); \
      if (wait_ready((s), (ev)) < 0) return NULL; \
    } \
  } while (0)

/* A closed socket's calls fail in the system call, as CPython's: fd -1
 * gives EBADF after the arguments were checked. */
#define OPEN(o, s) lang_socket *s = SOCK(o)

/* ------------------------------------------------------------ methods */

static py_obj *m_bind(ARGS) {
  OPEN(self, s);
  if (py_check_nokw("bind", kwnames) < 0 || py_check_args("bind", nargs, 1, 1) < 0) return NULL;
  struct sockaddr_storage ss;
  socklen_t len;
  if (lang__sockaddr_parse(self, args[0], "bind", &ss, &len) < 0) return NULL;
  if (bind(s->fd, (struct sockaddr *)&ss, len) < 0) return lang__oserror(errno, NULL);
  return py_newref(py_None);
}

static py_obj *m_listen(ARGS) {
  OPEN(self, s);
  if (py_check_nokw("listen", kwnames) < 0 || py_check_args("listen", nargs, 0, 1) < 0) return NULL;
  int64_t backlog = SOMAXCONN < 128 ? SOMAXCONN : 128;
  if (nargs == 1 && py_index_value(args[0], &backlog) < 0) return NULL;
  if (listen(s->fd, backlog < 0 ? 0 : (int)backlog) < 0) return lang__oserror(errno, NULL);
  return py_newref(py_None);
}

static py_obj *m_accept(ARGS) {
  OPEN(self, s);
  if (py_check_nokw("accept", kwnames) < 0 || py_check_args("accept", nargs, 0, 0) < 0) return NULL;
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  int fd;
  RETRY(s, POLLIN, accept4(s->fd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC), fd);
  py_obj *conn = socket_make(fd, s->family, s->type, s->proto);
  py_obj *addr = conn ? lang__sockaddr_value((struct sockaddr *)&ss, len) : NULL;
  py_obj *r = addr ? py_tuple_pack(2, conn, addr) : NULL;
  py_xdecref(conn);
  py_xdecref(addr);
  return r;
}

static py_obj *m_connect(ARGS) {
  OPEN(self, s);
  if (py_check_nokw("connect", kwnames) < 0 || py_check_args("connect", nargs, 1, 1) < 0) return NULL;
  struct sockaddr_storage ss;
  socklen_t len;
  if (lang__sockaddr_parse(self, args[0], "connect", &ss, &len) < 0) return NULL;
  int r;
  do r = connect(s->fd, (struct sockaddr *)&ss, len);
  while (r < 0 && errno == EINTR);
  if (r == 0) return py_newref(py_None);
  if (errno != EINPROGRESS || s->timeout == 0) return lang__oserror(errno, NULL);
  if (wait_ready(s, POLLOUT) < 0) return NULL;
  int err = 0;
  socklen_t el = sizeof err;
  if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0) err = errno;
  if (err) return lang__oserror(err, NULL);
  return py_newref(py_None);
}

/* The data argument of send / sendall. */
static bool data_arg(const char *fname, py_ssize_t nargs, py_obj *kwnames, py_obj *const *args) {
  if (py_check_nokw(fname, kwnames) < 0 || py_check_args(fname, nargs, 1, 2) < 0) return false;
  if (py_bytes_check(args[0])) return true;
  py_err_format(&py_exc_TypeError, "a bytes-like object is required, not '%s'",
                py_type_name(args[0]));
  return false;
}

static py_obj *m_send(ARGS) {
  OPEN(self, s);
  if (!data_arg("send", nargs, kwnames, args)) return NULL;
  ssize_t n;
  RETRY(s, POLLOUT, send(s->fd, py_bytes_data(args[0]), (size_t)py_bytes_size(args[0]), MSG_NOSIGNAL), n);
  return py_int_from(n);
}

static py_obj *m_sendall(ARGS) {
  OPEN(self, s);
  if (!data_arg("sendall", nargs, kwnames, args)) return NULL;
  py_obj *data = args[0];
  py_ssize_t off = 0, size = py_bytes_size(data);
  while (off < size) {
    ssize_t n;
    RETRY(s, POLLOUT, send(s->fd, py_bytes_data(data) + off, (size_t)(size - off), MSG_NOSIGNAL), n);
    off += n;
  }
  return py_newref(py_None);
}

static py_obj *m_recv(ARGS) {
  OPEN(self, s);
  if (py_check_nokw("recv", kwnames) < 0 || py_check_args("recv", nargs, 1, 2) < 0) return NULL;
  int64_t n;
  if (py_index_value(args[0], &n) < 0) return NULL;
  if (n < 0) return py_err_set_str(&py_exc_ValueError, "negative buffersize in recv");
  py_obj *buf = py_bytes_new((py_ssize_t)n);
  if (!buf) return NULL;
  ssize_t got;
  while ((got = recv(s->fd, ((py_bytes *)buf)->data, (size_t)n, 0)) < 0) {
    if (errno == EINTR) continue;
    if ((errno != EAGAIN && errno != EWOULDBLOCK) || s->timeout == 0 || wait_ready(s, POLLIN) < 0) {
      if (!py_err_occurred()) lang__oserror(errno, NULL);
      py_decref(buf);
      return NULL;
    }
  }
  py_obj *r = got == n ? py_newref(buf) : py_bytes_from(py_bytes_data(buf), (size_t)got);
  py_decref(buf);
  return r;
}

static py_obj *m_close(ARGS) {
  if (py_check_nokw("close", kwnames) < 0 || py_check_args("close", nargs, 0, 0) < 0) return NULL;
  lang_socket *s = SOCK(self);
  if (s->fd >= 0) {
    int fd = s->fd;
    s->fd = -1;
    if (close(fd) < 0 && errno != ECONNRESET) return lang__oserror(errno, NULL);
  }
  return py_newref(py_None);
}

static py_obj *m_shutdown(ARGS) {
  OPEN(self, s);
  if (py_check_nokw("shutdown", kwnames) < 0 || py_check_args("shutdown", nargs, 1, 1) < 0) return NULL;
  int64_t how;
  if (py_index_value(args[0], &how) < 0) return NULL;
  if (shutdown(s->fd, (int)how) < 0) return lang__oserror(errno, NULL);
  return py_newref(py_None);
}

static py_obj *m_setblocking(ARGS) {
  OPEN(self, s);
  if (py_check_nokw("setblocking", kwnames) < 0 || py_check_args("setblocking", nargs, 1, 1) < 0)
    return NULL;
  int on = py_is_true(args[0]);
  if (on < 0) return NULL;
  s->timeout = on ? -1 : 0;
  return py_newref(py_None);
}

static py_obj *m_settimeout(ARGS) {
  OPEN(self, s);
  if (py_check_nokw("settimeout", kwnames) < 0 || py_check_args("settimeout", nargs, 1, 1) < 0)
    return NULL;
  double t = -1;
  if (args[0] != py_None) {
    if (py_float_as_double(args[0], &t) < 0) return NULL;
    if (t < 0) return py_err_set_str(&py_exc_ValueError, "Timeout value out of range");
  }
  s->timeout = t;
  return py_newref(py_None);
}

static py_obj *m_gettimeout(ARGS) {
  if (py_check_nokw("gettimeout", kwnames) < 0 || py_check_args("gettimeout", nargs, 0, 0) < 0)
    return NULL;
  double t = SOCK(self)->timeout;
  return t < 0 ? py_newref(py_None) : py_float_from(t);
}

static py_obj *m_getblocking(ARGS) {
  if (py_check_nokw("getblocking", kwnames) < 0 || py_check_args("getblocking", nargs, 0, 0) < 0)
    return NULL;
  return py_bool_from(SOCK(self)->timeout != 0);
}

static py_obj *m_setsockopt(ARGS) {
  OPEN(self, s);
  if (py_check_nokw("setsockopt", kwnames) < 0 || py_check_args("setsockopt", nargs, 3, 3) < 0)
    return NULL;
  int64_t level, opt, v;
  if (py_index_value(args[0], &level) < 0 || py_index_value(args[1], &opt) < 0 ||
      py_index_value(args[2], &v) < 0)
    return NULL;
  int iv = (int)v;
  if (setsockopt(s->fd, (int)level, (int)opt, &iv, sizeof iv) < 0) return lang__oserror(errno, NULL);
  return py_newref(py_None);
}

static py_obj *m_getsockopt(ARGS) {
  OPEN(self, s);
  if (py_check_nokw("getsockopt", kwnames) < 0 || py_check_args("getsockopt", nargs, 2, 2) < 0)
    return NULL;
  int64_t level, opt;
  if (py_index_value(args[0], &level) < 0 || py_index_value(args[1], &opt) < 0) return NULL;
  int iv = 0;
  socklen_t len = sizeof iv;
  if (getsockopt(s->fd, (int)level, (int)opt, &iv, &len) < 0) return lang__oserror(errno, NULL);
  return py_int_from(iv);
}

static py_obj *sock_name(py_obj *self, py_ssize_t nargs, py_obj *kwnames, bool peer) {
  OPEN(self, s);
  const char *fname = peer ? "getpeername" : "getsockname";
  if (py_check_nokw(fname, kwnames) < 0 || py_check_args(fname, nargs, 0, 0) < 0) return NULL;
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  int r = peer ? getpeername(s->fd, (struct sockaddr *)&ss, &len)
               : getsockname(s->fd, (struct sockaddr *)&ss, &len);
  if (r < 0) return lang__oserror(errno, NULL);
  return lang__sockaddr_value((struct sockaddr *)&ss, len);
}

static py_obj *m_getsockname(ARGS) { (void)args; return sock_name(self, nargs, kwnames, false); }
static py_obj *m_getpeername(ARGS) { (void)args; return sock_name(self, nargs, kwnames, true); }

static py_obj *m_fileno(ARGS) {
  (void)args;
  if (py_check_nokw("fileno", kwnames) < 0 || py_check_args("fileno", nargs, 0, 0) < 0) return NULL;
  return py_int_from(SOCK(self)->fd);
}

static py_obj *m_enter(ARGS) {
  (void)args; (void)nargs; (void)kwnames;
  return py_newref(self);
}

static py_obj *m_exit(ARGS) {
  (void)args; (void)nargs;
  return m_close(self, NULL, 0, kwnames);
}

static py_obj *get_family(py_obj *o) { return py_int_from(SOCK(o)->family); }
static py_obj *get_type(py_obj *o) { return py_int_from(SOCK(o)->type); }
static py_obj *get_proto(py_obj *o) { return py_int_from(SOCK(o)->proto); }

static const py_method_def socket_methods[] = {
    {"bind", m_bind, 0},             {"listen", m_listen, 0},
    {"accept", m_accept, 0},         {"connect", m_connect, 0},
    {"send", m_send, 0},             {"sendall", m_sendall, 0},
    {"recv", m_recv, 0},             {"close", m_close, 0},
    {"shutdown", m_shutdown, 0},     {"setblocking", m_setblocking, 0},
    {"getblocking", m_getblocking, 0}, {"settimeout", m_settimeout, 0},
    {"gettimeout", m_gettimeout, 0}, {"setsockopt", m_setsockopt, 0},
    {"getsockopt", m_getsockopt, 0}, {"getsockname", m_getsockname, 0},
    {"getpeername", m_getpeername, 0}, {"fileno", m_fileno, 0},
    {"__enter__", m_enter, 0},       {"__exit__", m_exit, 0},
    {NULL, NULL, 0}};

static const py_getset_def socket_getsets[] = {
    {"family", get_family, NULL}, {"type", get_type, NULL}, {"proto", get_proto, NULL},
    {NULL, NULL, NULL}};

static py_type socket_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "socket",
    .module = "socket",
    .basicsize = sizeof(lang_socket),
    .dealloc = socket_dealloc,
    .repr = socket_repr,
    .methods = socket_methods,
    .getsets = socket_getsets,
};

/* ------------------------------------------------------ module functions */

/* family, type, proto arguments (CPython's defaults: dflt_family). */
static int kind_args(const char *fname, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames,
                     int dflt_family, int64_t out[3]) {
  static const char *const names[] = {"family", "type", "proto"};
  py_obj *a[3];
  if (py_parse_args(fname, args, nargs, kwnames, names, 3, 0, a) < 0) return -1;
  out[0] = dflt_family;
  out[1] = SOCK_STREAM;
  out[2] = 0;
  for (int i = 0; i < 3; i++)
    if (a[i] && a[i] != py_None && py_index_value(a[i], &out[i]) < 0) return -1;
  return 0;
}

static py_obj *sock_socket(ARGS) {
  (void)self;
  if (!lang__platform_is_real()) return no_sockets("socket.socket()");
  int64_t k[3];
  if (kind_args("socket", args, nargs, kwnames, AF_INET, k) < 0) return NULL;
  int fd = socket((int)k[0], (int)k[1] | SOCK_CLOEXEC, (int)k[2]);
  if (fd < 0) return lang__oserror(errno, NULL);
  return socket_make(fd, (int)k[0], (int)k[1], (int)k[2]);
}

static py_obj *sock_socketpair(ARGS) {
  (void)self;
  if (!lang__platform_is_real()) return no_sockets("socket.socketpair()");
  int64_t k[3];
  if (kind_args("socketpair", args, nargs, kwnames, AF_UNIX, k) < 0) return NULL;
  int fds[2];
  if (socketpair((int)k[0], (int)k[1] | SOCK_CLOEXEC, (int)k[2], fds) < 0)
    return lang__oserror(errno, NULL);
  py_obj *a = socket_make(fds[0], (int)k[0], (int)k[1], (int)k[2]);
  if (!a) {
    close(fds[1]);
    return NULL;
  }
  py_obj *b = socket_make(fds[1], (int)k[0], (int)k[1], (int)k[2]);
  py_obj *t = b ? py_tuple_pack(2, a, b) : NULL;
  py_decref(a);
  py_xdecref(b);
  return t;
}

static py_obj *sock_create_connection(ARGS) {
  (void)self;
  if (!lang__platform_is_real()) return no_sockets("socket.create_connection()");
  static const char *const names[] = {"address", "timeout"};
  py_obj *a[2];
  if (py_parse_args("create_connection", args, nargs, kwnames, names, 2, 0, a) < 0) return NULL;
  if (!a[0]) return py_err_set_str(&py_exc_TypeError, "create_connection() missing 1 required positional argument: 'address'");
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return lang__oserror(errno, NULL);
  py_obj *s = socket_make(fd, AF_INET, SOCK_STREAM, 0);
  if (!s) return NULL;
  py_obj *r = a[1] && a[1] != py_None ? m_settimeout(s, &a[1], 1, NULL) : py_newref(py_None);
  if (r) {
    py_decref(r);
    r = m_connect(s, &a[0], 1, NULL);
  }
  if (!r) {
    py_decref(s);
    return NULL;
  }
  py_decref(r);
  return s;
}

/* socket.socket is the type: calling it makes a socket. */
static py_obj *socket_new(py_type *t, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  (void)t;
  return sock_socket(NULL, args, nargs, kwnames);
}

#define REFUSE(fn, what) \
  static py_obj *sock_##fn(ARGS) { \
    (void)self; (void)args; (void)nargs; (void)kwnames; \
    return no_sockets(what); \
  }
REFUSE(create_server, "socket.create_server()")
REFUSE(fromfd, "socket.fromfd()")

static const py_method_def socket_defs[] = {
    {"socketpair", sock_socketpair, 0},
    {"create_connection", sock_create_connection, 0},
    {"create_server", sock_create_server, 0},
    {"fromfd", sock_fromfd, 0},
    {NULL, NULL, 0}};

static bool g_ready;

int lang__socket_fill(lang_interp *ip, py_obj *d) {
  (void)ip;
  if (!g_ready) {
    socket_type.new_ = socket_new;
    if (py__type_ready(&socket_type) < 0) return -1;
    g_ready = true;
  }
  if (lang__add_module_funcs(d, socket_defs, "socket") < 0) return -1;
  if (py_dict_set_str(d, "SocketType", &socket_type.ob) < 0 ||
      py_dict_set_str(d, "socket", &socket_type.ob) < 0 ||
      py_dict_set_str(d, "error", &py_exc_OSError.ob) < 0 ||
      py_dict_set_str(d, "timeout", &py_exc_TimeoutError.ob) < 0)
    return -1;
  static const struct { const char *name; int64_t v; } consts[] = {
      {"AF_UNIX", AF_UNIX},          {"AF_INET", AF_INET},
      {"AF_INET6", AF_INET6},        {"AF_UNSPEC", AF_UNSPEC},
      {"SOCK_STREAM", SOCK_STREAM},  {"SOCK_DGRAM", SOCK_DGRAM},
      {"SOCK_RAW", SOCK_RAW},        {"SOL_SOCKET", SOL_SOCKET},
      {"SO_REUSEADDR", SO_REUSEADDR}, {"SO_KEEPALIVE", SO_KEEPALIVE},
      {"SO_ERROR", SO_ERROR},        {"IPPROTO_TCP", IPPROTO_TCP},
      {"IPPROTO_UDP", IPPROTO_UDP},  {"TCP_NODELAY", TCP_NODELAY},
      {"SHUT_RD", SHUT_RD},          {"SHUT_WR", SHUT_WR},
      {"SHUT_RDWR", SHUT_RDWR},      {"SOMAXCONN", SOMAXCONN},
  };
  for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++) {
    py_obj *v = py_int_from(consts[i].v);
    if (!v || py_dict_set_str(d, consts[i].name, v) < 0) { py_xdecref(v); return -1; }
    py_decref(v);
  }
  return 0;
}

void lang__socket_fini(void) {
  if (!g_ready) return;
  py__type_fini(&socket_type);
  socket_type.flags &= ~(uint32_t)PY_TF_READY;
  g_ready = false;
}
