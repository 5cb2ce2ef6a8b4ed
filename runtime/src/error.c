/* error.c: rt_strerror, the text of every RT_E* code. */
#include "rt_int.h"

/* The text for an RT_E* code (or RT_OK); "unknown error" for anything
 * else, never NULL. One line per code, in rt.h's order. */
const char *rt_strerror(int code) {
  switch (code) {
  case RT_OK:          return "success";
  case RT_ENOMEM:      return "out of memory";
  case RT_EINVAL:      return "invalid argument";
  case RT_ESTATE:      return "invalid state";
  case RT_ECANCELLED:  return "cancelled";
  case RT_ERAISED:     return "the awaited future raised an exception";
  case RT_ECLOSED:     return "the event loop is closed";
  case RT_ERUNNING:    return "the event loop is already running";
  case RT_ESTOPPED:    return "the event loop stopped before the future completed";
  case RT_ETIMEDOUT:   return "timed out";
  case RT_ESYS:        return "a system call failed";
  case RT_ENOTASK:     return "not called from a task";
  case RT_EDEADLOCK:   return "deadlock: nothing can ever run again";
  case RT_EFULL:       return "the queue is full";
  case RT_EEMPTY:      return "the queue is empty";
  case RT_ETOOMANY:    return "released or marked done too many times";
  case RT_ENOTSUP:     return "not supported by this platform";
  default:             return "unknown error";
  }
}
