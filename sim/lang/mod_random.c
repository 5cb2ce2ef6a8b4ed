/* mod_random.c: the random module: CPython's Mersenne Twister, its seeding from an int, and the algorithms on top, so a seeded script draws CPython's numbers.
 *
 * MT19937 seeded as random.seed(int) does (init_by_array over the 32-bit
 * words of abs(n)), and CPython 3.11's Lib/random.py on top of it: random,
 * getrandbits, _randbelow_with_getrandbits, randrange, randint, choice,
 * choices, shuffle, uniform, sample. A fresh module starts from seed 0, as
 * the reference harness seeds CPython's before a script runs. One generator
 * per process (the module's hidden Random instance): ints past 64 bits, str
 * seeds and random.Random instances are outside the subset.
 */
#include <math.h>
#include <string.h>

#include "mod_std.h"

#define ARGS py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames
#define UNUSED_SELF (void)self

#define MT_N 624
#define MT_M 397
static uint32_t mt[MT_N];
static int mti = MT_N + 1;

static void mt_init(uint32_t s) {
  mt[0] = s;
  for (mti = 1; mti < MT_N; mti++)
    mt[mti] = 1812433253u * (mt[mti - 1] ^ (mt[mti - 1] >> 30)) + (uint32_t)mti;
}

static void mt_init_by_array(const uint32_t *key, size_t len) {
  mt_init(19650218u);
  size_t i = 1, j = 0, k = MT_N > len ? MT_N : len;
  for (; k; k--) {
    mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint32_t)j;
    i++; j++;
    if (i >= MT_N) { mt[0] = mt[MT_N - 1]; i = 1; }
    if (j >= len) j = 0;
  }
  for (k = MT_N - 1; k; k--) {
    mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - (uint32_t)i;
    i++;
    if (i >= MT_N) { mt[0] = mt[MT_N - 1]; i = 1; }
  }
  mt[0] = 0x80000000u;
}

static uint32_t mt_next(void) {
  static const uint32_t mag01[2] = {0u, 0x9908b0dfu};
  uint32_t y;
  if (mti >= MT_N) {
    if (mti == MT_N + 1) mt_init(5489u);
    int kk;
    for (kk = 0; kk < MT_N - MT_M; kk++) {
      y = (mt[kk] & 0x80000000u) | (mt[kk + 1] & 0x7fffffffu);
      mt[kk] = mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 1u];
    }
    for (; kk < MT_N - 1; kk++) {
      y = (mt[kk] & 0x80000000u) | (mt[kk + 1] & 0x7fffffffu);
      mt[kk] = mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 1u];
    }
    y = (mt[MT_N - 1] & 0x80000000u) | (mt[0] & 0x7fffffffu);
    mt[MT_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 1u];
    mti = 0;
  }
  y = mt[mti++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= (y >> 18);
  return y;
}

static void rnd_seed_u64(uint64_t n) {
  uint32_t key[2] = {(uint32_t)n, (uint32_t)(n >> 32)};
  mt_init_by_array(key, key[1] ? 2 : 1);
}

static double rnd_random(void) {
  uint32_t a = mt_next() >> 5, b = mt_next() >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

/* getrandbits(k) for 0 <= k <= 63 */
static uint64_t rnd_bits(int k) {
  if (k <= 0) return 0;
  if (k <= 32) return mt_next() >> (32 - k);
  uint64_t lo = mt_next();
  uint64_t hi = mt_next() >> (64 - k);
  return lo | (hi << 32);
}

static int bit_length(uint64_t n) {
  int k = 0;
  while (n) { k++; n >>= 1; }
  return k;
}

static uint64_t rnd_below(uint64_t n) {
  if (n == 0) return 0;
  int k = bit_length(n);
  uint64_t r = rnd_bits(k);
  while (r >= n) r = rnd_bits(k);
  return r;
}

static py_obj *rnd_m_seed(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("seed", kwnames) < 0 || py_check_args("seed", nargs, 0, 2) < 0) return NULL;
  py_obj *a = nargs > 0 ? args[0] : py_None;
  if (a == py_None) {
    /* CPython reads os.urandom here: any seed will do, none is reproducible */
    rnd_seed_u64((uint64_t)(lang__time_now() * 1e9));
    return py_newref(py_None);
  }
  if (py_int_check(a)) {
    int64_t v = py_int_value(a);
    rnd_seed_u64(v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);   /* abs(a) */
  } else if (py_float_check(a)) {
    /* other hashable types seed from hash(a), taken as an unsigned size_t */
    rnd_seed_u64((uint64_t)py_hash(a));
  } else {
    return py_err_format(&py_exc_NotImplementedError,
                         "random.seed() of a %s is not supported (use an int)", py_type_name(a));
  }
  return py_newref(py_None);
}

static py_obj *rnd_m_random(ARGS) {
  UNUSED_SELF; (void)args;
  if (py_check_nokw("random", kwnames) < 0 || py_check_args("random", nargs, 0, 0) < 0) return NULL;
  return py_float_from(rnd_random());
}

static py_obj *rnd_m_getrandbits(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("getrandbits", kwnames) < 0 || py_check_args("getrandbits", nargs, 1, 1) < 0)
    return NULL;
  int64_t k;
  if (py_index_value(args[0], &k) < 0) return NULL;
  if (k < 0) return py_err_set_str(&py_exc_ValueError, "number of bits must be non-negative");
  if (k > 63) return py_err_set_str(&py_exc_OverflowError, PY_INT_OVERFLOW_MSG);
  return py_int_from((int64_t)rnd_bits((int)k));
}

static int64_t floordiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) q--;
  return q;
}

static py_obj *randrange3(int64_t start, py_obj *stopo, int64_t step) {
  if (!stopo) {
    if (start > 0) return py_int_from((int64_t)rnd_below((uint64_t)start));
    return py_err_set_str(&py_exc_ValueError, "empty range for randrange()");
  }
  int64_t stop;
  if (py_index_value(stopo, &stop) < 0) return NULL;
  int64_t width = stop - start;
  if (step == 1) {
    if (width > 0) return py_int_from(start + (int64_t)rnd_below((uint64_t)width));
    return py_err_format(&py_exc_ValueError, "empty range for randrange() (%lld, %lld, %lld)",
                         (long long)start, (long long)stop, (long long)width);
  }
  int64_t n;
  if (step > 0) n = floordiv(width + step - 1, step);
  else if (step < 0) n = floordiv(width + step + 1, step);
  else return py_err_set_str(&py_exc_ValueError, "zero step for randrange()");
  if (n <= 0) return py_err_set_str(&py_exc_ValueError, "empty range for randrange()");
  return py_int_from(start + step * (int64_t)rnd_below((uint64_t)n));
}

static py_obj *rnd_m_randrange(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("randrange", kwnames) < 0 || py_check_args("randrange", nargs, 1, 3) < 0)
    return NULL;
  int64_t start, step = 1;
  if (py_index_value(args[0], &start) < 0) return NULL;
  if (nargs > 2 && py_index_value(args[2], &step) < 0) return NULL;
  return randrange3(start, nargs > 1 && args[1] != py_None ? args[1] : NULL, step);
}

static py_obj *rnd_m_randint(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("randint", kwnames) < 0 || py_check_args("randint", nargs, 2, 2) < 0) return NULL;
  int64_t a, b;
  if (py_index_value(args[0], &a) < 0 || py_index_value(args[1], &b) < 0) return NULL;
  py_obj *stop = py_int_from(b + 1);
  if (!stop) return NULL;
  py_obj *r = randrange3(a, stop, 1);
  py_decref(stop);
  return r;
}

static py_obj *rnd_m_choice(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("choice", kwnames) < 0 || py_check_args("choice", nargs, 1, 1) < 0) return NULL;
  py_ssize_t n = py_len(args[0]);
  if (n < 0) return NULL;
  if (n == 0) return py_err_set_str(&py_exc_IndexError, "Cannot choose from an empty sequence");
  py_obj *i = py_int_from((int64_t)rnd_below((uint64_t)n));
  if (!i) return NULL;
  py_obj *r = py_getitem(args[0], i);
  py_decref(i);
  return r;
}

static py_obj *rnd_m_shuffle(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("shuffle", kwnames) < 0 || py_check_args("shuffle", nargs, 1, 1) < 0) return NULL;
  py_obj *x = args[0];
  if (!py_list_check(x))
    return py_err_set_str(&py_exc_NotImplementedError, "random.shuffle() of a non-list");
  py_list *l = (py_list *)x;
  for (py_ssize_t i = l->size - 1; i >= 1; i--) {
    py_ssize_t j = (py_ssize_t)rnd_below((uint64_t)i + 1);
    py_obj *t = l->items[i];
    l->items[i] = l->items[j];
    l->items[j] = t;
  }
  return py_newref(py_None);
}

static py_obj *rnd_m_uniform(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("uniform", kwnames) < 0 || py_check_args("uniform", nargs, 2, 2) < 0) return NULL;
  double a, b;
  if (py_float_as_double(args[0], &a) < 0 || py_float_as_double(args[1], &b) < 0) return NULL;
  return py_float_from(a + (b - a) * rnd_random());
}

static py_obj *rnd_m_sample(ARGS) {
  UNUSED_SELF;
  static const char *const names[] = {"population", "k"};
  py_obj *av[2];
  if (py_parse_args("sample", args, nargs, kwnames, names, 2, 0, av) < 0) return NULL;
  py_obj *pop = av[0], *ko = av[1];
  if (!pop || !ko) return py_err_set_str(&py_exc_TypeError, "sample() missing required argument");
  if (py_anyset_check(pop) || py_dict_check(pop))
    return py_err_set_str(&py_exc_TypeError,
                          "Population must be a sequence.  For dicts or sets, use sorted(d).");
  py_obj *pool = py_sequence_list(pop);
  if (!pool) return NULL;
  int64_t k;
  py_ssize_t n = py_list_len(pool);
  if (py_index_value(ko, &k) < 0) { py_decref(pool); return NULL; }
  if (k < 0 || k > n) {
    py_decref(pool);
    return py_err_set_str(&py_exc_ValueError, "Sample larger than population or is negative");
  }
  py_obj *res = py_list_new((py_ssize_t)k);
  if (!res) { py_decref(pool); return NULL; }
  int64_t setsize = 21;
  if (k > 5) {
    /* 4 ** ceil(log(k * 3, 4)) */
    double lg = log((double)k * 3) / log(4.0);
    setsize += (int64_t)pow(4.0, ceil(lg));
  }
  py_list *pl = (py_list *)pool;
  if (n <= setsize) {
    for (int64_t i = 0; i < k; i++) {
      py_ssize_t j = (py_ssize_t)rnd_below((uint64_t)(n - i));
      py_list_append(res, pl->items[j]);
      py_list_set(pool, j, pl->items[n - i - 1]);
    }
  } else {
    py_obj *sel = py_set_new(NULL);
    if (!sel) { py_decref(pool); py_decref(res); return NULL; }
    for (int64_t i = 0; i < k; i++) {
      py_obj *jo = NULL;
      for (;;) {
        jo = py_int_from((int64_t)rnd_below((uint64_t)n));
        if (!jo || py_set_contains(sel, jo) == 0) break;
        py_decref(jo);
      }
      if (!jo) break;
      py_set_add(sel, jo);
      py_list_append(res, pl->items[py_int_value(jo)]);
      py_decref(jo);
    }
    py_decref(sel);
  }
  py_decref(pool);
  if (py_err_occurred()) { py_decref(res); return NULL; }
  return res;
}

/* bisect.bisect_right(a, x, lo, hi) over doubles */
static py_ssize_t bisect_right(const double *a, double x, py_ssize_t lo, py_ssize_t hi) {
  while (lo < hi) {
    py_ssize_t mid = (lo + hi) / 2;
    if (x < a[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/* The cumulative weights of choices(): cum given as is, or accumulated
 * from weights; n doubles into out (rt_malloc'd). 0 or -1. */
static int cum_weights_of(py_obj *weights, py_obj *cum, py_ssize_t n, double **out) {
  py_obj *w = py_sequence_list(cum ? cum : weights);
  if (!w) {
    if (!cum && py_int_check(weights) && py_err_matches(&py_exc_TypeError)) {
      py_err_clear();
      py_err_format(&py_exc_TypeError,
                    "The number of choices must be a keyword argument: k=%lld",
                    (long long)py_int_value(weights));
    }
    return -1;
  }
  int rc = -1;
  double *c = NULL;
  py_ssize_t m = py_list_len(w);
  if (m != n) {
    py_err_set_str(&py_exc_ValueError, "The number of weights does not match the population");
  } else if (!(c = rt_malloc(((size_t)n + 1) * sizeof *c))) {
    py_err_no_memory();
  } else {
    double acc = 0;
    rc = 0;
    for (py_ssize_t i = 0; i < n && rc == 0; i++) {
      double x;
      if ((rc = py_float_as_double(py_list_get(w, i), &x)) == 0) c[i] = cum ? x : (acc += x);
    }
  }
  py_decref(w);
  if (rc < 0) { rt_free(c); return -1; }
  *out = c;
  return 0;
}

static py_obj *rnd_m_choices(ARGS) {
  UNUSED_SELF;
  static const char *const names[] = {"population", "weights", "cum_weights", "k"};
  py_obj *av[4];
  if (nargs > 2)
    return py_err_format(&py_exc_TypeError,
                         "Random.choices() takes from 2 to 3 positional arguments but %zd were given",
                         nargs + 1);
  if (py_parse_args("choices", args, nargs, kwnames, names, 4, 0, av) < 0) return NULL;
  py_obj *pop = av[0], *weights = av[1] == py_None ? NULL : av[1];
  py_obj *cum = av[2] == py_None ? NULL : av[2];
  if (!pop)
    return py_err_set_str(&py_exc_TypeError,
                          "Random.choices() missing 1 required positional argument: 'population'");
  int64_t k = 1;
  if (av[3] && py_index_value(av[3], &k) < 0) return NULL;
  py_ssize_t n = py_len(pop);
  if (n < 0) return NULL;
  if (weights && cum)
    return py_err_set_str(&py_exc_TypeError, "Cannot specify both weights and cumulative weights");
  double *c = NULL, total = 0;
  if (weights || cum) {
    if (cum_weights_of(weights, cum, n, &c) < 0) return NULL;
    if (n == 0) { rt_free(c); return py_err_set_str(&py_exc_IndexError, "list index out of range"); }
    total = c[n - 1];
    const char *bad = !(total > 0.0) ? "Total of weights must be greater than zero"
                    : !isfinite(total) ? "Total of weights must be finite" : NULL;
    if (bad) { rt_free(c); return py_err_set_str(&py_exc_ValueError, bad); }
  }
  py_obj *res = py_list_new(k > 0 ? (py_ssize_t)k : 0);
  for (int64_t i = 0; res && i < k; i++) {
    py_ssize_t j = c ? bisect_right(c, rnd_random() * total, 0, n - 1)
                     : (py_ssize_t)floor(rnd_random() * (double)n);
    py_obj *jo = py_int_from(j);
    py_obj *v = jo ? py_getitem(pop, jo) : NULL;
    py_xdecref(jo);
    if (!v || py_list_append_steal(res, v) < 0) PY_CLEAR(res);
  }
  rt_free(c);
  return res;
}

static const py_method_def random_defs[] = {
    {"seed", rnd_m_seed, 0},         {"random", rnd_m_random, 0},
    {"getrandbits", rnd_m_getrandbits, 0}, {"randrange", rnd_m_randrange, 0},
    {"randint", rnd_m_randint, 0},   {"choice", rnd_m_choice, 0},
    {"shuffle", rnd_m_shuffle, 0},   {"uniform", rnd_m_uniform, 0},
    {"sample", rnd_m_sample, 0},     {"choices", rnd_m_choices, 0},
    {NULL, NULL, 0}};

int lang__random_fill(lang_interp *ip, py_obj *d) {
  (void)ip;
  rnd_seed_u64(0);
  return lang__add_module_funcs(d, random_defs, "random");
}
