/* trace_text.c: the text trace writer: a header, then one event per line in
 * rt_trace_format's stable columns. */
#include <stdlib.h>

#include "sim.h"

/* The columns, as the README's "Trace format" section documents them. */
const char *sim_trace_text_header(void) {
  return "# coroscope trace 1: seq vtime thread loop task event details";
}

/* One event as a line on f. Long details (a print's text) get a buffer of
 * their own. RT_OK or RT_ENOMEM. */
static int put_line(FILE *f, const rt_event *ev) {
  char buf[512];
  int n = rt_trace_format(ev, buf, sizeof buf);
  if (n < 0) return RT_OK;
  if ((size_t)n < sizeof buf) {
    fputs(buf, f);
  } else {
    char *big = rt_malloc((size_t)n + 1);
    if (!big) return RT_ENOMEM;
    rt_trace_format(ev, big, (size_t)n + 1);
    fputs(big, f);
    rt_free(big);
  }
  fputc('\n', f);
  return RT_OK;
}

int sim_trace_text_write(const sim_timeline *tl, FILE *out) {
  fprintf(out, "%s\n", sim_trace_text_header());
  sim_cursor c;
  sim_cursor_init(&c, tl);
  rt_event ev;
  while (sim_cursor_next(&c, &ev))
    if (put_line(out, &ev) != RT_OK) return RT_ENOMEM;
  fflush(out);
  return ferror(out) ? RT_ESYS : RT_OK;
}

/* An rt_trace_cb streaming the text form to the FILE * in ud (no header):
 * hand it to sim_timeline_set_tee to see the trace while a run goes. */
void sim_trace_text_event(void *ud, const rt_event *ev) { (void)put_line(ud, ev); }
