/* mod_socket.h: the socket objects of mod_socket.c, for asyncio's
 * loop.sock_* (mod_asyncio_sock.c).
 *
 * A socket object owns a descriptor that is always non-blocking
 * underneath; a "blocking" socket (the default, or settimeout(t)) waits
 * for readiness on a poller of the interpreter's platform, which lets go
 * of the GIL meanwhile, so other threads run as in CPython. Sockets exist
 * only with --real-time (the real platform); the virtual one has no
 * network.
 */
#ifndef SIM_LANG_MOD_SOCKET_H
#define SIM_LANG_MOD_SOCKET_H

#include <sys/socket.h>

#include "mod_std.h"

/* The descriptor of socket object o: -1 with TypeError when o is not a
 * socket, OSError [Errno 9] when it is closed. */
int lang__socket_fd(py_obj *o);
/* A socket object for descriptor fd (taken over; made non-blocking), of
 * the family and type of socket like (NULL: AF_INET, SOCK_STREAM). */
py_obj *lang__socket_wrap(int fd, py_obj *like);
/* The address a Python value names for socket sock's family: AF_INET
 * (host, port), AF_INET6 (host, port[, flowinfo, scope_id]), AF_UNIX
 * path. fname names the call in messages ("connect"). 0, or -1. */
int lang__sockaddr_parse(py_obj *sock, py_obj *addr, const char *fname,
                         struct sockaddr_storage *out, socklen_t *len);
/* An address as Python shows it: ('127.0.0.1', 5000), a path str. */
py_obj *lang__sockaddr_value(const struct sockaddr *sa, socklen_t len);
/* OSError(err, strerror(err)) (its subclass for err, as CPython's), or
 * with msg instead of strerror when msg is not NULL. Returns NULL. */
py_obj *lang__oserror(int err, const char *msg);

#endif /* SIM_LANG_MOD_SOCKET_H */
