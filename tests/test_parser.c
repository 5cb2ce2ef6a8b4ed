/* test_parser.c: the parser: AST dumps and CPython 3.11's syntax errors, robustness, the script corpus. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_fixture.h"
#include "ast.h"
#include "lexer.h"
#include "rt.h"
#include "test_files.h"

/* A case: source (with its length: a few hold NUL bytes) and the expected
 * dump or diagnostic text. */
typedef struct parse_case {
  const char *name;
  const char *src;
  size_t len;
  const char *want;
} parse_case;

/* The expected values come from CPython 3.11.7, through
 * tests/gen_parser_cases.py (dumps: ast.parse; errors: the stderr of
 * `python3.11 x.py`). */
#include "parser_cases.inc"

/* ---------------------------------------------------------------- helpers */

/* Diagnostics as CPython prints them, concatenated (plain malloc: the
 * counting allocator sees only the parser's blocks). */
typedef struct diags {
  char *text;
  size_t len;
  int count;
} diags;

static void collect(void *ud, const lang_diag *d) {
  diags *ds = ud;
  int n = lang_diag_format(d, NULL, 0);
  assert_true(n >= 0);
  ds->text = realloc(ds->text, ds->len + (size_t)n + 1);
  assert_non_null(ds->text);
  lang_diag_format(d, ds->text + ds->len, (size_t)n + 1);
  ds->len += (size_t)n;
  ds->count++;
}

static int parse(const char *src, size_t len, diags *ds, ast_module **m) {
  memset(ds, 0, sizeof *ds);
  lang_parse_opts opts = {.filename = "x.py", .on_diag = collect, .ud = ds};
  return lang_parse(src, len, &opts, m);
}

static void check_dump(const parse_case *c, unsigned flags) {
  diags ds;
  ast_module *m = NULL;
  int rc = parse(c->src, c->len, &ds, &m);
  if (rc != LANG_OK) fail_msg("%s: %s", c->name, ds.text ? ds.text : "(no diagnostic)");
  char *dump = ast_dump_module(m, flags);
  assert_non_null(dump);
  assert_string_equal(dump, c->want);
  rt_free(dump);
  ast_module_free(m);
  free(ds.text);
}

static void dump_case(void **state) { check_dump(*state, 0); }
static void pos_case(void **state) { check_dump(*state, AST_DUMP_POS); }

static void error_case(void **state) {
  const parse_case *c = *state;
  diags ds;
  ast_module *m = NULL;
  int rc = parse(c->src, c->len, &ds, &m);
  assert_int_equal(rc, LANG_ESYNTAX);
  assert_null(m);
  assert_non_null(ds.text);
  assert_string_equal(ds.text, c->want);
  free(ds.text);
}

/* --------------------------------------------------------- memory, speed */

static const char program[] =
    "import asyncio\n"
    "async def worker(name, q, *, delay=0.5):\n"
    "    while True:\n"
    "        item = await q.get()\n"
    "        print(f\"{name} got {item!r:>8}\", [x * 2 for x in range(item) if x % 2])\n"
    "        q.task_done()\n"
    "class Box(Base, metaclass=Meta):\n"
    "    size: int = 3\n"
    "    def __init__(self, *a, **k):\n"
    "        super().__init__(*a, **k)\n"
    "        self.items = {k: v for k, v in k.items()}\n"
    "try:\n"
    "    asyncio.run(main())\n"
    "except (KeyboardInterrupt, SystemExit) as e:\n"
    "    raise RuntimeError('stop') from e\n"
    "finally:\n"
    "    print('bye', end='')\n";

static void module_is_freed_with_one_call(void **state) {
  (void)state;
  diags ds;
  ast_module *m;
  assert_int_equal(parse(program, sizeof program - 1, &ds, &m), LANG_OK);
  assert_true(alloc_count_live() > 0);
  ast_module_free(m);
  assert_int_equal(alloc_count_live(), 0);
  ast_module_free(NULL);
}

/* Fail the 1st, 2nd, ... allocation of a parse until it succeeds: every
 * path returns LANG_ENOMEM with nothing left allocated. */
static void allocation_failures_return_enomem_and_leak_nothing(void **state) {
  (void)state;
  const char *srcs[] = {program, "x = (1 2)\n", "f\"{a b}\"\n", "def f():\n    nonlocal y\n"};
  for (size_t s = 0; s < sizeof srcs / sizeof *srcs; s++) {
    for (long n = 1;; n++) {
      diags ds;
      ast_module *m = NULL;
      alloc_count_fail_at(n);
      int rc = parse(srcs[s], strlen(srcs[s]), &ds, &m);
      alloc_count_fail_at(0);
      free(ds.text);
      if (rc == LANG_ENOMEM) {
        assert_null(m);
        assert_int_equal(alloc_count_live(), 0);
        continue;
      }
      assert_int_equal(rc, s == 0 ? LANG_OK : LANG_ESYNTAX);
      ast_module_free(m);
      assert_int_equal(alloc_count_live(), 0);
      break;
    }
  }
}

/* ------------------------------------------------------------ robustness */

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint32_t next_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)(rng >> 32);
}

static void parse_anything(const char *src, size_t len) {
  diags ds;
  ast_module *m = NULL;
  int rc = parse(src, len, &ds, &m);
  assert_true(rc == LANG_OK || rc == LANG_ESYNTAX);
  if (rc == LANG_OK) {
    char *d = ast_dump_module(m, AST_DUMP_POS);
    assert_non_null(d);
    rt_free(d);
    ast_module_free(m);
  } else {
    assert_int_equal(ds.count >= 1, 1);
  }
  free(ds.text);
  assert_int_equal(alloc_count_live(), 0);
}

static void arbitrary_bytes_never_crash(void **state) {
  (void)state;
  char buf[256];
  for (int i = 0; i < 3000; i++) {
    size_t n = next_rand() % sizeof buf;
    for (size_t k = 0; k < n; k++) buf[k] = (char)next_rand();
    parse_anything(buf, n);
  }
}

/* Random soup of Python's own tokens: exercises the parser, not only the
 * tokenizer's rejection of binary junk. */
static void token_soup_never_crashes(void **state) {
  (void)state;
  static const char *const toks[] = {
    "x", "y", "1", "2.5", "'s'", "f'{x}'", "f'{x!r:>{y}}'", "(", ")", "[", "]", "{", "}", ":", ",",
    ";", ".", "=", "==", "+", "-", "*", "**", "/", "//", "%", "@", "|", "&", "^", "~", "<", ">",
    "<=", ">=", "!=", "->", ":=", "...", "if", "else", "elif", "for", "in", "not", "is", "and",
    "or", "lambda", "def", "class", "return", "yield", "await", "async", "with", "as", "try",
    "except", "finally", "raise", "from", "import", "while", "break", "continue", "pass", "del",
    "global", "nonlocal", "assert", "None", "True", "False", "\n", "\n    ", "\n        ", "\\\n",
    "#c\n", "match", "case", "_", "\t", "\"", "'''", "b'x'", "0x1f", "1_0", "1e5", "中文", "print",
  };
  char buf[1024];
  for (int i = 0; i < 4000; i++) {
    size_t n = 0;
    int count = 1 + (int)(next_rand() % 40);
    for (int k = 0; k < count; k++) {
      const char *t = toks[next_rand() % (sizeof toks / sizeof *toks)];
      size_t tl = strlen(t);
      if (n + tl + 2 >= sizeof buf) break;
      memcpy(buf + n, t, tl);
      n += tl;
      buf[n++] = ' ';
    }
    parse_anything(buf, n);
  }
}

static char *repeat(const char *head, const char *unit, int times, const char *tail) {
  size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
  char *s = malloc(hl + ul * (size_t)times + tl + 1);
  assert_non_null(s);
  memcpy(s, head, hl);
  for (int i = 0; i < times; i++) memcpy(s + hl + ul * (size_t)i, unit, ul);
  memcpy(s + hl + ul * (size_t)times, tail, tl + 1);
  return s;
}

/* The last line of the diagnostics ("SyntaxError: ..."), its '\n' cut off
 * (in place). */
static const char *last_line(diags *ds) {
  assert_non_null(ds->text);
  char *last = ds->text + ds->len - 1;  /* the final '\n' */
  while (last > ds->text && last[-1] != '\n') last--;
  size_t n = strlen(last);
  if (n && last[n - 1] == '\n') last[n - 1] = 0;
  return last;
}

static void expect_last_line(const char *src, const char *want) {
  diags ds;
  ast_module *m = NULL;
  assert_int_equal(parse(src, strlen(src), &ds, &m), LANG_ESYNTAX);
  assert_string_equal(last_line(&ds), want);
  free(ds.text);
}

/* Deep code fails with CPython's errors, not a crash: brackets stop at 200
 * (the tokenizer), expressions deeper than 3000 are a RecursionError, and
 * rule nesting past 6000 is the parser's MemoryError. */
static void deep_nesting_reports_clear_errors(void **state) {
  (void)state;
  char *s = repeat("x = ", "(", 250, "1\n");
  expect_last_line(s, "SyntaxError: too many nested parentheses");
  free(s);
  s = repeat("x = ", "not ", 5000, "1\n");
  expect_last_line(s, "RecursionError: maximum recursion depth exceeded during compilation");
  free(s);
  s = repeat("x = ", "-", 20000, "1\n");
  expect_last_line(s, "MemoryError");
  free(s);
  s = repeat("x = ", "lambda: ", 4000, "1\n");
  expect_last_line(s, "MemoryError");
  free(s);
  /* 100 indentation levels is the tokenizer's limit */
  size_t cap = 200 * 210, n = 0;
  s = malloc(cap);
  assert_non_null(s);
  for (int i = 0; i <= 100; i++) {
    for (int k = 0; k < i; k++) s[n++] = ' ';
    memcpy(s + n, "if x:\n", 6);
    n += 6;
  }
  for (int k = 0; k < 101; k++) s[n++] = ' ';
  memcpy(s + n, "pass\n", 6);
  expect_last_line(s, "IndentationError: too many levels of indentation");
  free(s);
  s = repeat("x = 2", " ** 2", 10000, "\n");
  expect_last_line(s, "MemoryError");
  free(s);
  /* a left-nested chain is deep in the tree, not in the parser: CPython's
   * compiler refuses past 3000 levels */
  s = repeat("x = 1", " + 1", 20000, "\n");
  expect_last_line(s, "RecursionError: maximum recursion depth exceeded during compilation");
  free(s);
  s = repeat("x = 1", " + 1", 2990, "\n");
  diags ds;
  ast_module *m;
  assert_int_equal(parse(s, strlen(s), &ds, &m), LANG_OK);
  ast_module_free(m);
  free(s);
}

/* -------------------------------------------------------------- positions */

static int check_positions_expr(const ast_expr *e);

static void check_pos(const ast_pos *p) {
  assert_true(p->line >= 1);
  assert_true(p->end_line >= p->line);
  assert_true(p->col >= 0 && p->bcol >= p->col);
  assert_true(p->end_col >= 0 && p->end_bcol >= p->end_col);
  if (p->end_line == p->line) assert_true(p->end_col >= p->col);
}

static void check_exprs(const ast_expr_seq *s) {
  for (int i = 0; i < s->n; i++)
    if (s->items[i]) check_positions_expr(s->items[i]);
}

static int check_positions_expr(const ast_expr *e) {
  check_pos(&e->pos);
  switch (e->kind) {
    case AST_EXPR_BIN_OP:
      check_positions_expr(e->v.bin_op.left);
      check_positions_expr(e->v.bin_op.right);
      break;
    case AST_EXPR_CALL:
      check_positions_expr(e->v.call.func);
      check_exprs(&e->v.call.args);
      for (int i = 0; i < e->v.call.keywords.n; i++) {
        check_pos(&e->v.call.keywords.items[i]->pos);
        check_positions_expr(e->v.call.keywords.items[i]->value);
      }
      break;
    case AST_EXPR_JOINED_STR: check_exprs(&e->v.joined_str.values); break;
    case AST_EXPR_FORMATTED_VALUE: check_positions_expr(e->v.formatted_value.value); break;
    case AST_EXPR_ATTRIBUTE: check_positions_expr(e->v.attribute.value); break;
    case AST_EXPR_LIST: check_exprs(&e->v.list.elts); break;
    case AST_EXPR_TUPLE: check_exprs(&e->v.tuple.elts); break;
    case AST_EXPR_LIST_COMP:
    case AST_EXPR_GENERATOR_EXP: check_positions_expr(e->v.comp.elt); break;
    default: break;
  }
  return 0;
}

static void check_stmts(const ast_stmt_seq *s) {
  for (int i = 0; i < s->n; i++) {
    const ast_stmt *st = s->items[i];
    check_pos(&st->pos);
    switch (st->kind) {
      case AST_STMT_FUNCTION_DEF: check_stmts(&st->v.function_def.body); break;
      case AST_STMT_CLASS_DEF: check_stmts(&st->v.class_def.body); break;
      case AST_STMT_IF: check_positions_expr(st->v.if_.test); check_stmts(&st->v.if_.body); check_stmts(&st->v.if_.orelse); break;
      case AST_STMT_WHILE: check_stmts(&st->v.while_.body); break;
      case AST_STMT_FOR: check_positions_expr(st->v.for_.target); check_stmts(&st->v.for_.body); break;
      case AST_STMT_TRY:
        check_stmts(&st->v.try_.body);
        for (int k = 0; k < st->v.try_.handlers.n; k++) {
          check_pos(&st->v.try_.handlers.items[k]->pos);
          check_stmts(&st->v.try_.handlers.items[k]->body);
        }
        check_stmts(&st->v.try_.finalbody);
        break;
      case AST_STMT_EXPR: check_positions_expr(st->v.expr.value); break;
      case AST_STMT_ASSIGN:
        check_exprs(&st->v.assign.targets);
        check_positions_expr(st->v.assign.value);
        break;
      case AST_STMT_RETURN:
        if (st->v.return_.value) check_positions_expr(st->v.return_.value);
        break;
      default: break;
    }
  }
}

static void positions_are_set_on_every_node(void **state) {
  (void)state;
  diags ds;
  ast_module *m;
  assert_int_equal(parse(program, sizeof program - 1, &ds, &m), LANG_OK);
  check_stmts(&m->body);
  /* the f-string's expression points into the string, in characters */
  const ast_stmt *w = m->body.items[1]->v.function_def.body.items[0];
  const ast_expr *call = w->v.while_.body.items[1]->v.expr.value;
  const ast_expr *fv = call->v.call.args.items[0]->v.joined_str.values.items[0];
  const ast_expr *name = fv->v.formatted_value.value;
  assert_int_equal(name->pos.line, 5);
  assert_int_equal(name->pos.col, 17);
  assert_int_equal(name->pos.end_col, 21);
  ast_module_free(m);
}

/* ------------------------------------------------------------- the corpus */

/* The golden's `stderr-last` line, or NULL. */
static char *golden_last_line(const char *dir, const char *name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%.*s.meta", dir, (int)(strlen(name) - 3), name);
  char *meta = read_file(path, NULL);
  if (!meta) return NULL;
  char *p = strstr(meta, "stderr-last ");
  char *r = NULL;
  if (p) {
    p += strlen("stderr-last ");
    size_t n = strcspn(p, "\n");
    r = malloc(n + 1);
    assert_non_null(r);
    memcpy(r, p, n);
    r[n] = 0;
  }
  free(meta);
  return r;
}

static int corpus_dir(const char *dir, const char *golden) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  int files = 0;
  struct dirent *de;
  while ((de = readdir(d))) {
    size_t nl = strlen(de->d_name);
    if (nl < 4 || strcmp(de->d_name + nl - 3, ".py")) continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
    size_t len;
    char *src = read_file(path, &len);
    if (!src) continue;
    files++;
    bool expect_error = !strncmp(de->d_name, "syntax_", 7) || !strncmp(de->d_name, "err_syntax", 10);
    diags ds;
    ast_module *m = NULL;
    int rc = parse(src, len, &ds, &m);
    if (!expect_error) {
      if (rc != LANG_OK) fail_msg("%s does not parse:\n%s", path, ds.text ? ds.text : "");
      ast_module_free(m);
    } else {
      if (rc != LANG_ESYNTAX) fail_msg("%s parses, but should fail", path);
      char *want = golden ? golden_last_line(golden, de->d_name) : NULL;
      if (want) {
        const char *last = last_line(&ds);
        if (strcmp(last, want)) fail_msg("%s: got \"%s\", golden \"%s\"", path, last, want);
        free(want);
      }
    }
    free(ds.text);
    free(src);
    assert_int_equal(alloc_count_live(), 0);
  }
  closedir(d);
  return files;
}

/* Every script of the language tests and every lesson parses; the
 * syntax_*.py and err_syntax*.py ones fail with their golden's last line. */
static void every_corpus_script_and_lesson_parses(void **state) {
  (void)state;
#if defined(LANG_CORPUS_DIR) && defined(LESSONS_DIR)
  int n = corpus_dir(LANG_CORPUS_DIR, LANG_GOLDEN_DIR) + corpus_dir(LESSONS_DIR, NULL);
  print_message("parsed %d corpus files\n", n);
#else
  skip();
#endif
}

/* ------------------------------------------------------------------ main */

#define N(a) (sizeof(a) / sizeof((a)[0]))

int main(void) {
  static const struct CMUnitTest fixed[] = {
    cmocka_unit_test_setup_teardown(module_is_freed_with_one_call, alloc_setup, alloc_teardown),
    cmocka_unit_test_setup_teardown(allocation_failures_return_enomem_and_leak_nothing, alloc_setup, alloc_teardown),
    cmocka_unit_test_setup_teardown(arbitrary_bytes_never_crash, alloc_setup, alloc_teardown),
    cmocka_unit_test_setup_teardown(token_soup_never_crashes, alloc_setup, alloc_teardown),
    cmocka_unit_test_setup_teardown(deep_nesting_reports_clear_errors, alloc_setup, alloc_teardown),
    cmocka_unit_test_setup_teardown(positions_are_set_on_every_node, alloc_setup, alloc_teardown),
    cmocka_unit_test_setup_teardown(every_corpus_script_and_lesson_parses, alloc_setup, alloc_teardown),
  };
  /* one test per table case, named for the behaviour it checks */
  size_t total = N(fixed) + N(dump_cases) + N(pos_cases) + N(error_cases) + N(unsupported_cases);
  struct CMUnitTest *tests = calloc(total, sizeof *tests);
  if (!tests) return 1;
  size_t k = 0;
  for (size_t i = 0; i < N(fixed); i++) tests[k++] = fixed[i];
  struct {
    const parse_case *cases;
    size_t n;
    CMUnitTestFunction fn;
  } groups[] = {
    {dump_cases, N(dump_cases), dump_case},
    {pos_cases, N(pos_cases), pos_case},
    {error_cases, N(error_cases), error_case},
    {unsupported_cases, N(unsupported_cases), error_case},
  };
  for (size_t g = 0; g < N(groups); g++) {
    for (size_t i = 0; i < groups[g].n; i++) {
      struct CMUnitTest t = {groups[g].cases[i].name, groups[g].fn, alloc_setup, alloc_teardown,
                             (void *)&groups[g].cases[i]};
      tests[k++] = t;
    }
  }
  int r = _cmocka_run_group_tests("parser", tests, k, NULL, NULL);
  free(tests);
  return r;
}
