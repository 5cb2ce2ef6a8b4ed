/* test_trace_json.c: the Chrome Trace Event JSON: it parses (a small strict
 * JSON parser below), every event has ph, ts, pid, tid and name, slices and
 * counters are well formed, every flow that arrives has left from
 * somewhere. */
#include "sim_test.h"

/* ---------------------------------------------- a small JSON parser */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct jval {
  jtype t;
  double num;
  char *str;             /* J_STR: decoded (UTF-8) */
  struct jval **items;   /* J_ARR values, J_OBJ values */
  char **keys;           /* J_OBJ keys */
  size_t n;
} jval;

typedef struct jp {
  const char *p;
  const char *err;
} jp;

static void ws(jp *j) {
  while (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t') j->p++;
}

static jval *jnew(jtype t) {
  jval *v = calloc(1, sizeof *v);
  v->t = t;
  return v;
}

static void jfree(jval *v) {
  if (!v) return;
  for (size_t i = 0; i < v->n; i++) {
    jfree(v->items[i]);
    if (v->keys) free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->str);
  free(v);
}

static jval *value(jp *j);

static char *jstring(jp *j) {
  if (*j->p != '"') {
    j->err = "expected a string";
    return NULL;
  }
  j->p++;
  size_t cap = 16, n = 0;
  char *s = malloc(cap);
  for (;;) {
    unsigned char c = (unsigned char)*j->p++;
    if (c == '"') break;
    if (c == 0 || c < 0x20) {
      j->err = c ? "control character in a string" : "unterminated string";
      free(s);
      return NULL;
    }
    if (c == '\\') {
      char e = *j->p++;
      switch (e) {
      case '"': c = '"'; break;
      case '\\': c = '\\'; break;
      case '/': c = '/'; break;
      case 'b': c = '\b'; break;
      case 'f': c = '\f'; break;
      case 'n': c = '\n'; break;
      case 'r': c = '\r'; break;
      case 't': c = '\t'; break;
      case 'u': {
        unsigned u = 0;
        for (int i = 0; i < 4; i++) {
          char h = *j->p++;
          u <<= 4;
          if (h >= '0' && h <= '9') u |= (unsigned)(h - '0');
          else if (h >= 'a' && h <= 'f') u |= (unsigned)(h - 'a' + 10);
          else if (h >= 'A' && h <= 'F') u |= (unsigned)(h - 'A' + 10);
          else {
            j->err = "bad \\u escape";
            free(s);
            return NULL;
          }
        }
        c = (unsigned char)(u < 0x80 ? u : '?');  /* enough for the test */
        break;
      }
      default:
        j->err = "bad escape";
        free(s);
        return NULL;
      }
    }
    if (n + 2 > cap) s = realloc(s, cap *= 2);
    s[n++] = (char)c;
  }
  s[n] = '\0';
  return s;
}

static jval *jnumber(jp *j) {
  const char *start = j->p;
  if (*j->p == '-') j->p++;
  if (*j->p < '0' || *j->p > '9') {
    j->err = "bad number";
    return NULL;
  }
  if (*j->p == '0') j->p++;
  else while (*j->p >= '0' && *j->p <= '9') j->p++;
  if (*j->p == '.') {
    j->p++;
    if (*j->p < '0' || *j->p > '9') {
      j->err = "bad fraction";
      return NULL;
    }
    while (*j->p >= '0' && *j->p <= '9') j->p++;
  }
  if (*j->p == 'e' || *j->p == 'E') {
    j->p++;
    if (*j->p == '+' || *j->p == '-') j->p++;
    if (*j->p < '0' || *j->p > '9') {
      j->err = "bad exponent";
      return NULL;
    }
    while (*j->p >= '0' && *j->p <= '9') j->p++;
  }
  jval *v = jnew(J_NUM);
  v->num = strtod(start, NULL);
  return v;
}

static void push(jval *v, char *key, jval *item) {
  v->items = realloc(v->items, (v->n + 1) * sizeof *v->items);
  if (v->t == J_OBJ) v->keys = realloc(v->keys, (v->n + 1) * sizeof *v->keys);
  v->items[v->n] = item;
  if (v->t == J_OBJ) v->keys[v->n] = key;
  v->n++;
}

static jval *value(jp *j) {
  ws(j);
  char c = *j->p;
  if (c == '{' || c == '[') {
    jval *v = jnew(c == '{' ? J_OBJ : J_ARR);
    j->p++;
    ws(j);
    if (*j->p == (c == '{' ? '}' : ']')) {
      j->p++;
      return v;
    }
    for (;;) {
      char *key = NULL;
      if (c == '{') {
        ws(j);
        if (!(key = jstring(j))) break;
        ws(j);
        if (*j->p++ != ':') {
          j->err = "expected ':'";
          free(key);
          break;
        }
      }
      jval *item = value(j);
      if (!item) {
        free(key);
        break;
      }
      push(v, key, item);
      ws(j);
      if (*j->p == ',') {
        j->p++;
        continue;
      }
      if (*j->p == (c == '{' ? '}' : ']')) {
        j->p++;
        return v;
      }
      j->err = "expected ',' or a closing bracket";
      break;
    }
    jfree(v);
    return NULL;
  }
  if (c == '"') {
    char *s = jstring(j);
    if (!s) return NULL;
    jval *v = jnew(J_STR);
    v->str = s;
    return v;
  }
  if (!strncmp(j->p, "true", 4) || !strncmp(j->p, "false", 5)) {
    jval *v = jnew(J_BOOL);
    v->num = *j->p == 't';
    j->p += *j->p == 't' ? 4 : 5;
    return v;
  }
  if (!strncmp(j->p, "null", 4)) {
    j->p += 4;
    return jnew(J_NULL);
  }
  return jnumber(j);
}

/* The whole document; NULL (and the error in *err) if it is not JSON. */
static jval *parse(const char *text, const char **err, size_t *at) {
  jp j = {text, NULL};
  jval *v = value(&j);
  if (v) {
    ws(&j);
    if (*j.p) {
      j.err = "text after the document";
      jfree(v);
      v = NULL;
    }
  }
  *err = j.err;
  *at = (size_t)(j.p - text);
  return v;
}

static const jval *get(const jval *o, const char *key) {
  if (!o || o->t != J_OBJ) return NULL;
  for (size_t i = 0; i < o->n; i++)
    if (!strcmp(o->keys[i], key)) return o->items[i];
  return NULL;
}

/* ------------------------------------------------------------- tests */

static char *json_of(sim_main_fn fn, int want) {
  return sim_trace_of(fn, NULL, want, sim_trace_json_write);
}

typedef struct stats {
  size_t events, slices, steps, instants, counters, meta, flows_out, flows_in, steps_in;
} stats;

/* Validate a document against the format's rules; count what is in it. */
static void validate(const char *text, stats *st) {
  const char *err;
  size_t at;
  jval *doc = parse(text, &err, &at);
  if (!doc) fail_msg("not JSON: %s at byte %zu: %.40s", err, at, text + at);
  assert_int_equal(doc->t, J_OBJ);
  const jval *evs = get(doc, "traceEvents");
  assert_non_null(evs);
  assert_int_equal(evs->t, J_ARR);
  memset(st, 0, sizeof *st);
  /* bind ids that left (flow_out) and arrived (flow_in). */
  char **outs = calloc(evs->n + 1, sizeof *outs), **ins = calloc(evs->n + 1, sizeof *ins);
  for (size_t i = 0; i < evs->n; i++) {
    const jval *e = evs->items[i];
    assert_int_equal(e->t, J_OBJ);
    const jval *ph = get(e, "ph"), *ts = get(e, "ts"), *pid = get(e, "pid"), *tid = get(e, "tid"),
               *name = get(e, "name");
    if (!ph || !ts || !pid || !tid || !name) fail_msg("event %zu lacks ph, ts, pid, tid or name", i);
    assert_int_equal(ph->t, J_STR);
    assert_int_equal(ts->t, J_NUM);
    assert_int_equal(pid->t, J_NUM);
    assert_int_equal(tid->t, J_NUM);
    assert_int_equal(name->t, J_STR);
    assert_true(ts->num >= 0);
    assert_int_equal(strlen(ph->str), 1);
    st->events++;
    switch (ph->str[0]) {
    case 'X': {
      const jval *dur = get(e, "dur");
      assert_non_null(dur);
      assert_int_equal(dur->t, J_NUM);
      assert_true(dur->num >= 0);
      st->slices++;
      const jval *cat = get(e, "cat");
      if (cat && !strcmp(cat->str, "task")) st->steps++;
      const jval *bind = get(e, "bind_id");
      if (bind) {
        assert_int_equal(bind->t, J_STR);
        if (get(e, "flow_out")) outs[st->flows_out++] = bind->str;
        else if (get(e, "flow_in")) {
          ins[st->flows_in++] = bind->str;
          if (cat && !strcmp(cat->str, "task")) st->steps_in++;
        }
        else fail_msg("bind_id without flow_in or flow_out");
      }
      break;
    }
    case 'i': {
      const jval *s = get(e, "s");
      assert_non_null(s);
      assert_string_equal(s->str, "t");
      st->instants++;
      break;
    }
    case 'C': {
      const jval *args = get(e, "args");
      assert_non_null(args);
      assert_int_equal(args->t, J_OBJ);
      assert_true(args->n > 0);
      for (size_t k = 0; k < args->n; k++) assert_int_equal(args->items[k]->t, J_NUM);
      st->counters++;
      break;
    }
    case 'M': {
      const jval *args = get(e, "args");
      assert_non_null(args);
      assert_true(get(args, "name") || get(args, "sort_index"));
      st->meta++;
      break;
    }
    default:
      fail_msg("unexpected phase %s", ph->str);
    }
  }
  /* Every flow that arrives left from somewhere, once. */
  for (size_t i = 0; i < st->flows_in; i++) {
    int found = 0;
    for (size_t k = 0; k < st->flows_out; k++) found += !strcmp(ins[i], outs[k]);
    if (found != 1) fail_msg("flow %s arrives from %d places", ins[i], found);
  }
  for (size_t i = 0; i < st->flows_out; i++)
    for (size_t k = i + 1; k < st->flows_out; k++) assert_string_not_equal(outs[i], outs[k]);
  free(outs);
  free(ins);
  jfree(doc);
}

static void the_json_parses_and_every_event_has_ph_ts_pid_tid_name(void **state) {
  (void)state;
  for (size_t i = 0; i < sc_count; i++) {
    char *t = json_of(sc_all[i].main, RT_OK);
    stats st;
    validate(t, &st);
    assert_true(st.events > 50);
    assert_true(st.steps >= 3);
    assert_true(st.instants > 20);
    assert_true(st.counters > 2);
    assert_true(st.meta >= 4);
    /* Every step was scheduled somewhere: a flow arrives at each. */
    assert_int_equal(st.steps_in, st.steps);
    free(t);
  }
}

static void a_run_cut_short_by_a_deadlock_still_gives_valid_json(void **state) {
  (void)state;
  char *t = json_of(sc_deadlock, RT_EDEADLOCK);
  stats st;
  validate(t, &st);
  assert_true(st.steps >= 2);
  free(t);
}

static void a_thread_waking_another_draws_a_flow_between_them(void **state) {
  (void)state;
  char *t = json_of(sc_threads, RT_OK);
  stats st;
  validate(t, &st);
  /* Task steps plus the worker waking the main thread's idle loop. */
  assert_int_equal(st.flows_out, st.flows_in);
  assert_int_equal(st.steps_in, st.steps);
  assert_int_equal(st.flows_in, st.steps + 1);
  assert_non_null(strstr(t, "\"name\":\"wake T1\""));
  assert_non_null(strstr(t, "\"name\":\"T2 worker\""));
  free(t);
}

static void two_runs_give_identical_json(void **state) {
  (void)state;
  sim_expect_same_trace_twice("threads", sc_threads, RT_OK, sim_trace_json_write);
}

static void the_parser_rejects_what_is_not_json(void **state) {
  (void)state;
  const char *bad[] = {"{", "{\"a\":}", "[1,]", "{\"a\" 1}", "\"x", "01", "{} x", "[\"\t\"]"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    const char *err;
    size_t at;
    jval *v = parse(bad[i], &err, &at);
    if (v) fail_msg("accepted %s", bad[i]);
  }
  const char *err;
  size_t at;
  jval *v = parse("{\"a\":[1,2.5e3,-0.5,true,null,\"\\u0041\"]}", &err, &at);
  assert_non_null(v);
  assert_string_equal(get(v, "a")->items[5]->str, "A");
  jfree(v);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(the_json_parses_and_every_event_has_ph_ts_pid_tid_name, alloc_setup, rt_teardown),
      cmocka_unit_test_setup_teardown(a_run_cut_short_by_a_deadlock_still_gives_valid_json, alloc_setup, rt_teardown),
      cmocka_unit_test_setup_teardown(a_thread_waking_another_draws_a_flow_between_them, alloc_setup, rt_teardown),
      cmocka_unit_test_setup_teardown(two_runs_give_identical_json, alloc_setup, rt_teardown),
      cmocka_unit_test_setup_teardown(the_parser_rejects_what_is_not_json, alloc_setup, rt_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
