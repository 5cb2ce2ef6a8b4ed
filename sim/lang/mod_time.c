/* mod_time.c: the time module on the script's clock: time, monotonic, perf_counter (and _ns), sleep, gmtime, localtime, mktime, strftime, asctime, ctime, struct_time.
 *
 * Clocks. On the virtual platform every clock of the module reads the
 * virtual clock, which starts at 0.0, as the reference harness patches
 * CPython's (tests/harness/README.md): time(), monotonic() and
 * perf_counter() return the same float, the _ns forms round(clock * 1e9)
 * (nearest, ties to even), and gmtime/localtime/strftime/asctime/ctime
 * without a time read it too (with TZ=UTC, 0.0 is 1970-01-01 00:00:00).
 * time.sleep(x) is the platform's sleep: on the virtual one it adds x to
 * the clock. On the real platform (coroscope-pyrun, --real-time) time()
 * is the wall clock and monotonic()/perf_counter() CLOCK_MONOTONIC, as
 * CPython on Linux. process_time() and thread_time() are the CPU clocks in
 * both modes: the harness does not make them virtual either.
 *
 * Calendar functions are the C library's (gmtime_r, localtime_r, mktime,
 * strftime), as CPython's are, with CPython's argument checks (gettmarg,
 * checktm) in front, so a script prints what CPython prints with the same
 * libc and TZ.
 *
 * struct_time is a tuple subclass of 9 visible items that keeps two more
 * (tm_zone, tm_gmtoff) after them, as CPython's structseq does: the tuple's
 * size is 9, the block holds 11 items.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "mod_std.h"

#define ARGS py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames
#define UNUSED_SELF (void)self

/* ----------------------------------------------------------------- clocks */

rt_platform *lang__platform(void) {
  rt_platform *p = lang__ip ? lang__ip->opts.platform : NULL;
  return p ? p : rt_platform_real();
}

/* lang__platform_is_real() is threads.c's: it sees through the GIL wrapper. */

static double timespec_secs(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int64_t timespec_ns(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + (int64_t)ts.tv_nsec;
}

double lang__time_now(void) {
  rt_platform *p = lang__platform();
  return lang__platform_is_real() ? timespec_secs(CLOCK_REALTIME) : p->now(p);
}

/* The clocks of the module: which C clock each reads on the real platform. */
enum { CLK_WALL, CLK_MONO, CLK_CPU, CLK_THREAD };
static const clockid_t clock_ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC,
                                      CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};

static bool clock_is_virtual(int clk) {
  return (clk == CLK_WALL || clk == CLK_MONO) && !lang__platform_is_real();
}

static py_obj *clock_secs(int clk) {
  if (clock_is_virtual(clk)) return py_float_from(lang__time_now());
  return py_float_from(timespec_secs(clock_ids[clk]));
}

static py_obj *clock_ns(int clk) {
  if (clock_is_virtual(clk)) {
    double ns = nearbyint(lang__time_now() * 1e9);
    if (!(fabs(ns) < 9.2e18)) return py_err_set_str(&py_exc_OverflowError, PY_INT_OVERFLOW_MSG);
    return py_int_from((int64_t)ns);
  }
  return py_int_from(timespec_ns(clock_ids[clk]));
}

#define CLOCK_FN(fname, clk, conv) \
  static py_obj *time_##fname(ARGS) { \
    UNUSED_SELF; (void)args; \
    if (py_check_nokw(#fname, kwnames) < 0 || py_check_args(#fname, nargs, 0, 0) < 0) return NULL; \
    return conv(clk); \
  }
CLOCK_FN(time, CLK_WALL, clock_secs)
CLOCK_FN(time_ns, CLK_WALL, clock_ns)
CLOCK_FN(monotonic, CLK_MONO, clock_secs)
CLOCK_FN(monotonic_ns, CLK_MONO, clock_ns)
CLOCK_FN(perf_counter, CLK_MONO, clock_secs)
CLOCK_FN(perf_counter_ns, CLK_MONO, clock_ns)
CLOCK_FN(process_time, CLK_CPU, clock_secs)
CLOCK_FN(process_time_ns, CLK_CPU, clock_ns)
CLOCK_FN(thread_time, CLK_THREAD, clock_secs)
CLOCK_FN(thread_time_ns, CLK_THREAD, clock_ns)

/* ------------------------------------------------------------ conversions */

static py_obj *not_an_integer(py_obj *o) {
  return py_err_format(&py_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                       py_type_name(o));
}

/* _PyTime_ObjectToTime_t with _PyTime_ROUND_FLOOR: seconds since the epoch. */
static int to_time_t(py_obj *o, time_t *out) {
  if (py_float_check(o)) {
    double d = py_float_value(o);
    if (isnan(d)) {
      py_err_set_str(&py_exc_ValueError, "Invalid value NaN (not a number)");
      return -1;
    }
    d = floor(d);
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
      py_err_set_str(&py_exc_OverflowError, "timestamp out of range for platform time_t");
      return -1;
    }
    *out = (time_t)d;
    return 0;
  }
  if (!py_int_check(o)) { not_an_integer(o); return -1; }
  *out = (time_t)py_int_value(o);
  return 0;
}

/* The optional seconds argument of gmtime, localtime and ctime: None or
 * absent is the clock of time.time(). */
static int when_arg(const char *fname, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames,
                    time_t *out) {
  if (py_check_nokw(fname, kwnames) < 0 || py_check_args(fname, nargs, 0, 1) < 0) return -1;
  if (nargs == 0 || args[0] == py_None) {
    *out = (time_t)floor(lang__time_now());
    return 0;
  }
  return to_time_t(args[0], out);
}

/* ------------------------------------------------------------ struct_time */

#define ST_VISIBLE 9
#define ST_FIELDS 11
static const char *const st_names[ST_FIELDS] = {
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec",
    "tm_wday", "tm_yday", "tm_isdst", "tm_zone", "tm_gmtoff"};

static size_t st_size(void) { return sizeof(py_tuple) + ST_FIELDS * sizeof(py_obj *); }

static py_type struct_time_type;

/* A struct_time of fields[0..n) (n >= 9; each retained), the hidden ones
 * None past n. */
static py_obj *st_from(py_obj *const *fields, py_ssize_t n) {
  py_tuple *t = (py_tuple *)py_obj_alloc(&struct_time_type, st_size());
  if (!t) return NULL;
  t->size = ST_VISIBLE;
  for (py_ssize_t i = 0; i < ST_FIELDS; i++) t->items[i] = py_newref(i < n ? fields[i] : py_None);
  return &t->ob;
}

static void st_dealloc(py_obj *o) {
  py_tuple *t = (py_tuple *)o;
  for (int i = ST_FIELDS; i-- > 0;) py_xdecref(t->items[i]);
  py_obj_free(o, st_size());
}

static int st_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_tuple *t = (py_tuple *)o;
  for (int i = 0; i < ST_FIELDS; i++)
    if (t->items[i] && visit(t->items[i], arg)) return 1;
  return 0;
}

/* time.struct_time(sequence): 9 to 11 items (structseq_new). */
static py_obj *st_new(py_type *type, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  (void)type;
  if (py_check_nokw("struct_time", kwnames) < 0 ||
      py_check_args("struct_time", nargs, 1, 1) < 0)
    return NULL;
  py_obj *seq = py_sequence_tuple(args[0]);
  if (!seq) return NULL;
  py_ssize_t n = py_tuple_len(seq);
  py_obj *r = NULL;
  if (n < ST_VISIBLE)
    py_err_format(&py_exc_TypeError,
                  "time.struct_time() takes an at least 9-sequence (%zd-sequence given)", n);
  else if (n > ST_FIELDS)
    py_err_format(&py_exc_TypeError,
                  "time.struct_time() takes an at most 11-sequence (%zd-sequence given)", n);
  else
    r = st_from(((py_tuple *)seq)->items, n);
  py_decref(seq);
  return r;
}

static py_obj *st_repr(py_obj *o) {
  py_tuple *t = (py_tuple *)o;
  py_obj *parts = py_list_new(0);
  if (!parts) return NULL;
  for (int i = 0; i < ST_VISIBLE; i++) {
    py_obj *r = py_repr(t->items[i]);
    py_obj *s = r ? py_str_from_format("%s=%s", st_names[i], py_str_utf8(r)) : NULL;
    py_xdecref(r);
    if (!s || py_list_append(parts, s) < 0) { py_xdecref(s); py_decref(parts); return NULL; }
    py_decref(s);
  }
  py_obj *sep = py_str_from_cstr(", ");
  py_obj *body = sep ? py_str_join(sep, parts) : NULL;
  py_xdecref(sep);
  py_decref(parts);
  if (!body) return NULL;
  py_obj *r = py_str_from_format("time.struct_time(%s)", py_str_utf8(body));
  py_decref(body);
  return r;
}

#define ST_GET(i) \
  static py_obj *st_get_##i(py_obj *o) { return py_newref(((py_tuple *)o)->items[i]); }
ST_GET(0) ST_GET(1) ST_GET(2) ST_GET(3) ST_GET(4) ST_GET(5) ST_GET(6) ST_GET(7) ST_GET(8)
ST_GET(9) ST_GET(10)

static const py_getset_def st_getsets[] = {
    {"tm_year", st_get_0, NULL}, {"tm_mon", st_get_1, NULL},   {"tm_mday", st_get_2, NULL},
    {"tm_hour", st_get_3, NULL}, {"tm_min", st_get_4, NULL},   {"tm_sec", st_get_5, NULL},
    {"tm_wday", st_get_6, NULL}, {"tm_yday", st_get_7, NULL},  {"tm_isdst", st_get_8, NULL},
    {"tm_zone", st_get_9, NULL}, {"tm_gmtoff", st_get_10, NULL}, {NULL, NULL, NULL}};

static py_type struct_time_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "struct_time",
    .module = "time",
    .base = &py_tuple_type,
    .flags = PY_TF_TUPLE_SUB | PY_TF_GC,
    .basicsize = sizeof(py_tuple),
    .itemsize = sizeof(py_obj *),
    .new_ = st_new,
    .dealloc = st_dealloc,
    .traverse = st_traverse,
    .repr = st_repr,
    .getsets = st_getsets,
};

/* tmtotuple */
static py_obj *st_from_tm(const struct tm *p) {
  int64_t v[ST_VISIBLE] = {(int64_t)p->tm_year + 1900, p->tm_mon + 1, p->tm_mday, p->tm_hour,
                           p->tm_min, p->tm_sec, (p->tm_wday + 6) % 7, p->tm_yday + 1,
                           p->tm_isdst};
  py_obj *f[ST_FIELDS] = {0};
  bool ok = true;
  for (int i = 0; i < ST_VISIBLE; i++) ok = (f[i] = py_int_from(v[i])) && ok;
  f[9] = p->tm_zone ? py_str_decode_utf8(p->tm_zone, strlen(p->tm_zone)) : py_newref(py_None);
  f[10] = py_int_from((int64_t)p->tm_gmtoff);
  py_obj *r = ok && f[9] && f[10] ? st_from(f, ST_FIELDS) : NULL;
  for (int i = 0; i < ST_FIELDS; i++) py_xdecref(f[i]);
  return r;
}

/* One int field of a time tuple ('i' of PyArg_ParseTuple). */
static int tm_int(py_obj *o, int *out) {
  if (py_float_check(o)) {
    py_err_set_str(&py_exc_TypeError, "'float' object cannot be interpreted as an integer");
    return -1;
  }
  int64_t v;
  if (py_index_value(o, &v) < 0) return -1;
  if (v > INT_MAX || v < INT_MIN) {
    py_err_set_str(&py_exc_OverflowError, v > 0 ? "signed integer is greater than maximum"
                                                 : "signed integer is less than minimum");
    return -1;
  }
  *out = (int)v;
  return 0;
}

/* gettmarg: a 9-tuple or a struct_time into *p; fname names the caller in
 * "fname(): illegal time tuple argument". */
static int gettmarg(py_obj *o, struct tm *p, const char *fname) {
  memset(p, 0, sizeof *p);
  if (!py_tuple_check(o)) {
    py_err_set_str(&py_exc_TypeError, "Tuple or struct_time argument required");
    return -1;
  }
  if (py_tuple_len(o) != ST_VISIBLE) {
    py_err_format(&py_exc_TypeError, "%s(): illegal time tuple argument", fname);
    return -1;
  }
  int y;
  int *dst[ST_VISIBLE] = {&y, &p->tm_mon, &p->tm_mday, &p->tm_hour, &p->tm_min, &p->tm_sec,
                          &p->tm_wday, &p->tm_yday, &p->tm_isdst};
  for (int i = 0; i < ST_VISIBLE; i++)
    if (tm_int(py_tuple_get(o, i), dst[i]) < 0) return -1;
  if (y < INT_MIN + 1900) {
    py_err_set_str(&py_exc_OverflowError, "year out of range");
    return -1;
  }
  p->tm_year = y - 1900;
  p->tm_mon--;
  p->tm_wday = (p->tm_wday + 1) % 7;
  p->tm_yday--;
  if (o->type == &struct_time_type) {
    py_obj *zone = ((py_tuple *)o)->items[9], *off = ((py_tuple *)o)->items[10];
    if (zone != py_None) {
      if (!py_str_check(zone)) {
        py_err_set_str(&py_exc_TypeError, "bad argument type for built-in operation");
        return -1;
      }
      p->tm_zone = py_str_utf8(zone);   /* borrowed from the struct_time o */
    }
    if (off != py_None) {
      int64_t g;
      if (py_index_value(off, &g) < 0) return -1;
      p->tm_gmtoff = (long)g;
    }
  }
  return 0;
}

/* checktm: the ranges strftime and asctime accept (0 means the lowest
 * value for the month, the day of the month and the day of the year). */
static int checktm(struct tm *b) {
  const char *bad = NULL;
  if (b->tm_mon == -1) b->tm_mon = 0;
  else if (b->tm_mon < 0 || b->tm_mon > 11) bad = "month out of range";
  if (bad) goto fail;
  if (b->tm_mday == 0) b->tm_mday = 1;
  else if (b->tm_mday < 0 || b->tm_mday > 31) bad = "day of month out of range";
  if (!bad && (b->tm_hour < 0 || b->tm_hour > 23)) bad = "hour out of range";
  if (!bad && (b->tm_min < 0 || b->tm_min > 59)) bad = "minute out of range";
  if (!bad && (b->tm_sec < 0 || b->tm_sec > 61)) bad = "seconds out of range";
  if (!bad && b->tm_wday < 0) bad = "day of week out of range";
  if (bad) goto fail;
  if (b->tm_yday == -1) b->tm_yday = 0;
  else if (b->tm_yday < 0 || b->tm_yday > 365) bad = "day of year out of range";
  if (!bad) return 0;
fail:
  py_err_set_str(&py_exc_ValueError, bad);
  return -1;
}

static py_obj *os_error(void) {
  return py_err_format(&py_exc_OSError, "[Errno %d] %s", errno, strerror(errno));
}

static int local_tm(time_t t, struct tm *out) {
  errno = 0;
  if (!localtime_r(&t, out)) {
    if (errno == 0) errno = EINVAL;
    os_error();
    return -1;
  }
  return 0;
}

/* A time tuple argument, or the local time now when absent. */
static int tm_arg_or_now(const char *fname, py_obj *const *args, py_ssize_t nargs, struct tm *b) {
  if (nargs == 0) return local_tm((time_t)floor(lang__time_now()), b);
  if (gettmarg(args[0], b, fname) < 0 || checktm(b) < 0) return -1;
  return 0;
}

/* ---------------------------------------------------------- the functions */

static py_obj *time_sleep(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("sleep", kwnames) < 0 || py_check_args("sleep", nargs, 1, 1) < 0) return NULL;
  /* _PyTime_FromSecondsObject: the conversion's errors come first */
  double s;
  py_obj *o = args[0];
  if (py_float_check(o)) {
    s = py_float_value(o);
    if (isnan(s)) return py_err_set_str(&py_exc_ValueError, "Invalid value NaN (not a number)");
    if (!(fabs(s * 1e9) < 9223372036854775808.0))
      return py_err_set_str(&py_exc_OverflowError, "timestamp out of range for platform time_t");
  } else if (py_int_check(o)) {
    int64_t v = py_int_value(o);
    if (v > INT64_MAX / 1000000000 || v < INT64_MIN / 1000000000)
      return py_err_set_str(&py_exc_OverflowError,
                            "timestamp too large to convert to C _PyTime_t");
    s = (double)v;
  } else {
    return not_an_integer(o);
  }
  if (s < 0) return py_err_set_str(&py_exc_ValueError, "sleep length must be non-negative");
  rt_platform *p = lang__platform();
  if (p->sleep) p->sleep(p, s);
  return py_newref(py_None);
}

static py_obj *time_gmtime(ARGS) {
  UNUSED_SELF;
  time_t t;
  if (when_arg("gmtime", args, nargs, kwnames, &t) < 0) return NULL;
  struct tm b;
  errno = 0;
  if (!gmtime_r(&t, &b)) {
    if (errno == 0) errno = EINVAL;
    return os_error();
  }
  return st_from_tm(&b);
}

/* The local time of the optional seconds argument (localtime, ctime). */
static int local_when(const char *fname, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames,
                      struct tm *b) {
  time_t t;
  if (when_arg(fname, args, nargs, kwnames, &t) < 0) return -1;
  return local_tm(t, b);
}

static py_obj *time_localtime(ARGS) {
  UNUSED_SELF;
  struct tm b;
  return local_when("localtime", args, nargs, kwnames, &b) < 0 ? NULL : st_from_tm(&b);
}

static py_obj *time_mktime(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("mktime", kwnames) < 0 || py_check_args("mktime", nargs, 1, 1) < 0) return NULL;
  struct tm b;
  if (gettmarg(args[0], &b, "mktime") < 0) return NULL;
  b.tm_wday = -1;  /* sentinel: mktime sets it when it succeeds */
  time_t t = mktime(&b);
  if (t == (time_t)-1 && b.tm_wday == -1)
    return py_err_set_str(&py_exc_OverflowError, "mktime argument out of range");
  return py_float_from((double)t);
}

/* _asctime */
static py_obj *asctime_of(const struct tm *b) {
  static const char wday[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char mon[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return py_str_from_format("%s %s%3d %.2d:%.2d:%.2d %lld", wday[b->tm_wday], mon[b->tm_mon],
                            b->tm_mday, b->tm_hour, b->tm_min, b->tm_sec,
                            1900LL + b->tm_year);
}

static py_obj *time_asctime(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("asctime", kwnames) < 0 || py_check_args("asctime", nargs, 0, 1) < 0)
    return NULL;
  struct tm b;
  if (tm_arg_or_now("asctime", args, nargs, &b) < 0) return NULL;
  return asctime_of(&b);
}

static py_obj *time_ctime(ARGS) {
  UNUSED_SELF;
  struct tm b;
  return local_when("ctime", args, nargs, kwnames, &b) < 0 ? NULL : asctime_of(&b);
}

static py_obj *time_strftime(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("strftime", kwnames) < 0 || py_check_args("strftime", nargs, 1, 2) < 0)
    return NULL;
  py_obj *fmt = args[0];
  if (!py_str_check(fmt))
    return py_err_format(&py_exc_TypeError, "strftime() argument 1 must be str, not %s",
                         py_type_name(fmt));
  size_t fmtlen = (size_t)py_str_size(fmt);
  if (strlen(py_str_utf8(fmt)) != fmtlen)
    return py_err_set_str(&py_exc_ValueError, "embedded null character");
  struct tm b;
  if (tm_arg_or_now("strftime", args + 1, nargs - 1, &b) < 0) return NULL;
  if (b.tm_isdst < -1) b.tm_isdst = -1;
  else if (b.tm_isdst > 1) b.tm_isdst = 1;
  /* CPython's loop: grow the buffer until the text fits, or give up with
   * "" once it is 256 times the format (an empty result, such as %Z with
   * no zone, looks the same as one that did not fit) */
  for (size_t cap = 1024;; cap += cap) {
    char *buf = rt_malloc(cap);
    if (!buf) return py_err_no_memory();
    size_t n = strftime(buf, cap, py_str_utf8(fmt), &b);
    if (n > 0 || cap >= 256 * fmtlen) {
      py_obj *r = py_str_decode_utf8(buf, n);
      rt_free(buf);
      return r;
    }
    rt_free(buf);
  }
}

static const py_method_def time_defs[] = {
    {"time", time_time, 0},
    {"time_ns", time_time_ns, 0},
    {"monotonic", time_monotonic, 0},
    {"monotonic_ns", time_monotonic_ns, 0},
    {"perf_counter", time_perf_counter, 0},
    {"perf_counter_ns", time_perf_counter_ns, 0},
    {"process_time", time_process_time, 0},
    {"process_time_ns", time_process_time_ns, 0},
    {"thread_time", time_thread_time, 0},
    {"thread_time_ns", time_thread_time_ns, 0},
    {"sleep", time_sleep, 0},
    {"gmtime", time_gmtime, 0},
    {"localtime", time_localtime, 0},
    {"mktime", time_mktime, 0},
    {"asctime", time_asctime, 0},
    {"ctime", time_ctime, 0},
    {"strftime", time_strftime, 0},
    {NULL, NULL, 0}};

/* ------------------------------------------------------------------ module */

static int set_int(py_obj *d, const char *name, int64_t v) {
  py_obj *o = py_int_from(v);
  int rc = o ? py_dict_set_str(d, name, o) : -1;
  py_xdecref(o);
  return rc;
}

/* init_timezone as CPython does it on glibc: probe January and July of
 * this year for the zone's names and offsets. */
static int fill_timezone(py_obj *d) {
  static const time_t YEAR = (365 * 24 + 6) * 3600;
  time_t t = (time(NULL) / YEAR) * YEAR;
  struct tm jan, jul;
  if (local_tm(t, &jan) < 0 || local_tm(t + YEAR / 2, &jul) < 0) return -1;
  long janzone = -jan.tm_gmtoff, julzone = -jul.tm_gmtoff;
  const char *janname = jan.tm_zone ? jan.tm_zone : "";
  const char *julname = jul.tm_zone ? jul.tm_zone : "";
  bool south = janzone < julzone;  /* DST is reversed in the southern hemisphere */
  py_obj *n0 = py_str_decode_utf8(south ? julname : janname, strlen(south ? julname : janname));
  py_obj *n1 = py_str_decode_utf8(south ? janname : julname, strlen(south ? janname : julname));
  py_obj *names = n0 && n1 ? py_tuple_pack(2, n0, n1) : NULL;
  py_xdecref(n0);
  py_xdecref(n1);
  int rc = names ? py_dict_set_str(d, "tzname", names) : -1;
  py_xdecref(names);
  if (rc < 0 || set_int(d, "timezone", south ? julzone : janzone) < 0 ||
      set_int(d, "altzone", south ? janzone : julzone) < 0 ||
      set_int(d, "daylight", janzone != julzone) < 0)
    return -1;
  return 0;
}

static bool g_ready;

int lang__time_fill(lang_interp *ip, py_obj *d) {
  (void)ip;
  if (!g_ready) {
    if (py__type_ready(&struct_time_type) < 0) return -1;
    g_ready = true;
  }
  tzset();   /* as CPython's time module does when it starts */
  if (lang__add_module_funcs(d, time_defs, "time") < 0 ||
      py_dict_set_str(d, "struct_time", &struct_time_type.ob) < 0 || fill_timezone(d) < 0)
    return -1;
  return 0;
}

void lang__time_fini(void) {
  if (!g_ready) return;
  py__type_fini(&struct_time_type);
  g_ready = false;
}
