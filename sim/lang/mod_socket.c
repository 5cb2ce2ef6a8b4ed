/* mod_socket.c: the socket module: its constants, and a clear error where a script would open a socket.
 *
 * `import socket` works and the usual constants are there (the values of
 * Linux, as CPython's; plain ints where CPython has IntEnum members), so
 * a lesson that only names them runs. Making a socket does not: on the
 * virtual platform there is no network at all (a socket's readiness would
 * come from outside the virtual clock), so the error says to run the
 * script with --real-time; on the real platform the lesson language still
 * lacks the bytes type every socket call reads and writes, so the error
 * says that. The runtime side (rt_io_* in rt.h) is ready for the real-time
 * binding of socket objects and loop.sock_*.
 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "mod_std.h"

#define ARGS py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames

static py_obj *no_sockets(const char *what) {
  if (!lang__platform_is_real())
    return py_err_format(&py_exc_NotImplementedError,
                         "%s needs the real network: run the script with "
                         "`coroscope run --real-time` (virtual mode has no sockets)",
                         what);
  return py_err_format(&py_exc_NotImplementedError,
                       "%s is not supported yet in coroscope: the lesson language has no "
                       "bytes type for a socket to send and receive",
                       what);
}

#define REFUSE(fn, what) \
  static py_obj *sock_##fn(ARGS) { \
    (void)self; (void)args; (void)nargs; (void)kwnames; \
    return no_sockets(what); \
  }
REFUSE(socket, "socket.socket()")
REFUSE(socketpair, "socket.socketpair()")
REFUSE(create_connection, "socket.create_connection()")
REFUSE(create_server, "socket.create_server()")
REFUSE(fromfd, "socket.fromfd()")

static const py_method_def socket_defs[] = {
    {"socket", sock_socket, 0},
    {"socketpair", sock_socketpair, 0},
    {"create_connection", sock_create_connection, 0},
    {"create_server", sock_create_server, 0},
    {"fromfd", sock_fromfd, 0},
    {NULL, NULL, 0}};

int lang__socket_fill(lang_interp *ip, py_obj *d) {
  (void)ip;
  if (lang__add_module_funcs(d, socket_defs, "socket") < 0) return -1;
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
