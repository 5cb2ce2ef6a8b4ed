/* lang_capture.h: an interpreter output callback for tests that keeps
 * stdout and stderr apart, each NUL-terminated (cut at 64 KiB). Include
 * after <string.h>. */
#ifndef LANG_CAPTURE_H
#define LANG_CAPTURE_H

#include <stddef.h>
#include <string.h>

typedef struct lang_capture {
  char out[1 << 16];
  size_t nout;
  char err[1 << 16];
  size_t nerr;
  int writes;  /* calls of the callback */
} lang_capture;

/* A lang_output_cb: ud is the lang_capture. */
static inline void lang_capture_output(void *ud, int stream, const char *s, size_t n) {
  lang_capture *c = ud;
  char *buf = stream == 2 ? c->err : c->out;
  size_t *len = stream == 2 ? &c->nerr : &c->nout;
  size_t room = sizeof c->out - 1 - *len;
  if (n > room) n = room;
  memcpy(buf + *len, s, n);
  *len += n;
  buf[*len] = 0;
  c->writes++;
}

/* The last non-empty line of c's stderr (in a static buffer). */
static inline const char *lang_capture_last_err_line(const lang_capture *c) {
  static char line[512];
  size_t e = c->nerr;
  while (e > 0 && c->err[e - 1] == '\n') e--;
  size_t s = e;
  while (s > 0 && c->err[s - 1] != '\n') s--;
  size_t n = e - s < sizeof line - 1 ? e - s : sizeof line - 1;
  memcpy(line, c->err + s, n);
  line[n] = 0;
  return line;
}

#endif /* LANG_CAPTURE_H */
