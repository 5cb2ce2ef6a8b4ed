/* test_lexer.c: the tokenizer: tokens, positions, INDENT/DEDENT, and CPython 3.11's tokenizer errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_count.h"
#include "lexer.h"
#include "rt.h"

static int setup(void **state) {
  (void)state;
  alloc_count_install();
  return 0;
}

static int teardown(void **state) {
  (void)state;
  assert_int_equal(alloc_count_live(), 0);
  return 0;
}

/* "KIND 'text' line:col-line:col" per token, one line each, up to and
 * including ENDMARKER or the error ("ERROR" and the formatted diagnostic).
 * ENDMARKER sits at column 0 of the last line read, as in CPython's C
 * tokenizer (Python's tokenize module puts it one line further). */
static char *tokens(const char *src, size_t len) {
  lang_lexer *lx;
  assert_int_equal(lang_lexer_new(src, len, "x.py", &lx), LANG_OK);
  size_t cap = 4096, n = 0;
  char *out = malloc(cap);
  assert_non_null(out);
  out[0] = 0;
  for (;;) {
    lang_token t;
    int rc = lang_lexer_next(lx, &t);
    char line[1600];
    if (rc != LANG_OK) {
      char diag[1024];
      lang_diag_format(lang_lexer_error(lx), diag, sizeof diag);
      snprintf(line, sizeof line, "ERROR\n%s", diag);
    } else {
      snprintf(line, sizeof line, "%s '%.*s' %d:%d-%d:%d\n", lang_tok_kind_name(t.kind),
               t.text ? (int)t.len : 0, t.text ? t.text : "", t.line, t.col, t.end_line, t.end_col);
    }
    size_t ln = strlen(line);
    if (n + ln + 1 > cap) {
      cap = (n + ln + 1) * 2;
      out = realloc(out, cap);
      assert_non_null(out);
    }
    memcpy(out + n, line, ln + 1);
    n += ln;
    if (rc != LANG_OK || t.kind == TOK_ENDMARKER) break;
  }
  lang_lexer_free(lx);
  return out;
}

static void expect_tokens(const char *src, const char *want) {
  char *got = tokens(src, strlen(src));
  assert_string_equal(got, want);
  free(got);
}

/* The last line of the token dump (the error's last line). */
static void expect_error(const char *src, size_t len, const char *want_diag) {
  char *got = tokens(src, len);
  char *e = strstr(got, "ERROR\n");
  if (!e) fail_msg("no error in:\n%s", got);
  assert_string_equal(e + 6, want_diag);
  free(got);
}

/* ------------------------------------------------------------------ tokens */

static void indent_dedent_tokens_balance(void **state) {
  (void)state;
  expect_tokens("if a:\n"
                "    if b:\n"
                "        c\n"
                "\n"
                "    # comment\n"
                "d\n",
                "'if' 'if' 1:0-1:2\n"
                "NAME 'a' 1:3-1:4\n"
                "COLON ':' 1:4-1:5\n"
                "NEWLINE '' 1:5-1:5\n"
                "INDENT '' 2:0-2:4\n"
                "'if' 'if' 2:4-2:6\n"
                "NAME 'b' 2:7-2:8\n"
                "COLON ':' 2:8-2:9\n"
                "NEWLINE '' 2:9-2:9\n"
                "INDENT '' 3:0-3:8\n"
                "NAME 'c' 3:8-3:9\n"
                "NEWLINE '' 3:9-3:9\n"
                "DEDENT '' 6:0-6:0\n"
                "DEDENT '' 6:0-6:0\n"
                "NAME 'd' 6:0-6:1\n"
                "NEWLINE '' 6:1-6:1\n"
                "ENDMARKER '' 6:0-6:0\n");
  /* dedents are all emitted at the end of the file too */
  char *got = tokens("def f():\n  if x:\n    y", 22);
  int indents = 0, dedents = 0;
  for (char *p = got; (p = strstr(p, "INDENT")); p++) indents += p == got || p[-1] != 'D';
  for (char *p = got; (p = strstr(p, "DEDENT")); p++) dedents++;
  assert_int_equal(indents, 2);
  assert_int_equal(dedents, 2);
  free(got);
}

static void columns_count_characters_in_utf8_lines(void **state) {
  (void)state;
  expect_tokens("s = '中文' + x\n",
                "NAME 's' 1:0-1:1\n"
                "EQUAL '=' 1:2-1:3\n"
                "STRING ''中文'' 1:4-1:8\n"
                "PLUS '+' 1:9-1:10\n"
                "NAME 'x' 1:11-1:12\n"
                "NEWLINE '' 1:12-1:12\n"
                "ENDMARKER '' 1:0-1:0\n");
}

static void keywords_are_their_own_tokens(void **state) {
  (void)state;
  /* all 35 keywords of 3.11: the kind's name is the keyword in quotes */
  for (int k = TOK_KW_FALSE; k < TOK__COUNT; k++) {
    const char *name = lang_tok_kind_name((lang_tok_kind)k);
    size_t n = strlen(name);
    assert_int_equal(lang_keyword_kind(name + 1, n - 2), k);
  }
  assert_int_equal(TOK__COUNT - TOK_KW_FALSE, 35);
  assert_int_equal(lang_keyword_kind("async", 5), TOK_KW_ASYNC);
  assert_int_equal(lang_keyword_kind("await", 5), TOK_KW_AWAIT);
  assert_int_equal(lang_keyword_kind("None", 4), TOK_KW_NONE);
  assert_int_equal(lang_keyword_kind("nonlocal", 8), TOK_KW_NONLOCAL);
  /* soft keywords and near misses stay names */
  assert_int_equal(lang_keyword_kind("match", 5), TOK_NAME);
  assert_int_equal(lang_keyword_kind("_", 1), TOK_NAME);
  assert_int_equal(lang_keyword_kind("none", 4), TOK_NAME);
  assert_int_equal(lang_keyword_kind("iff", 3), TOK_NAME);
}

static void operators_take_the_longest_match(void **state) {
  (void)state;
  expect_tokens("a **= b // c -> d := ... != <> @= >>= ~\n",
                "NAME 'a' 1:0-1:1\n"
                "DOUBLESTAREQUAL '**=' 1:2-1:5\n"
                "NAME 'b' 1:6-1:7\n"
                "DOUBLESLASH '//' 1:8-1:10\n"
                "NAME 'c' 1:11-1:12\n"
                "RARROW '->' 1:13-1:15\n"
                "NAME 'd' 1:16-1:17\n"
                "COLONEQUAL ':=' 1:18-1:20\n"
                "ELLIPSIS '...' 1:21-1:24\n"
                "NOTEQUAL '!=' 1:25-1:27\n"
                "NOTEQUAL '<>' 1:28-1:30\n"
                "ATEQUAL '@=' 1:31-1:33\n"
                "RIGHTSHIFTEQUAL '>>=' 1:34-1:37\n"
                "TILDE '~' 1:38-1:39\n"
                "NEWLINE '' 1:39-1:39\n"
                "ENDMARKER '' 1:0-1:0\n");
}

static void string_prefixes_and_triple_quotes_make_one_token(void **state) {
  (void)state;
  expect_tokens("f'{x}' rb\"\\d\" U'u' '''a\nb''' Br''\n",
                "STRING 'f'{x}'' 1:0-1:6\n"
                "STRING 'rb\"\\d\"' 1:7-1:13\n"
                "STRING 'U'u'' 1:14-1:18\n"
                "STRING ''''a\nb'''' 1:19-2:4\n"
                "STRING 'Br''' 2:5-2:9\n"
                "NEWLINE '' 2:9-2:9\n"
                "ENDMARKER '' 2:0-2:0\n");
}

static void fstring_with_nested_quotes_and_spec_is_one_string(void **state) {
  (void)state;
  expect_tokens("f\"{d['k']!r:>{w}}\"\n",
                "STRING 'f\"{d['k']!r:>{w}}\"' 1:0-1:18\n"
                "NEWLINE '' 1:18-1:18\n"
                "ENDMARKER '' 1:0-1:0\n");
}

static void numbers_with_underscores_bases_and_exponents(void **state) {
  (void)state;
  expect_tokens("1_000 0x_ff 0o17 0b1 1.5e-3 .5 5. 1j 0\n",
                "NUMBER '1_000' 1:0-1:5\n"
                "NUMBER '0x_ff' 1:6-1:11\n"
                "NUMBER '0o17' 1:12-1:16\n"
                "NUMBER '0b1' 1:17-1:20\n"
                "NUMBER '1.5e-3' 1:21-1:27\n"
                "NUMBER '.5' 1:28-1:30\n"
                "NUMBER '5.' 1:31-1:33\n"
                "NUMBER '1j' 1:34-1:36\n"
                "NUMBER '0' 1:37-1:38\n"
                "NEWLINE '' 1:38-1:38\n"
                "ENDMARKER '' 1:0-1:0\n");
}

static void brackets_join_lines_and_backslash_continues(void **state) {
  (void)state;
  expect_tokens("x = (1,\n     2)\ny = 1 + \\\n    2\n",
                "NAME 'x' 1:0-1:1\n"
                "EQUAL '=' 1:2-1:3\n"
                "LPAR '(' 1:4-1:5\n"
                "NUMBER '1' 1:5-1:6\n"
                "COMMA ',' 1:6-1:7\n"
                "NUMBER '2' 2:5-2:6\n"
                "RPAR ')' 2:6-2:7\n"
                "NEWLINE '' 2:7-2:7\n"
                "NAME 'y' 3:0-3:1\n"
                "EQUAL '=' 3:2-3:3\n"
                "NUMBER '1' 3:4-3:5\n"
                "PLUS '+' 3:6-3:7\n"
                "NUMBER '2' 4:4-4:5\n"
                "NEWLINE '' 4:5-4:5\n"
                "ENDMARKER '' 4:0-4:0\n");
}

static void crlf_bom_and_missing_final_newline(void **state) {
  (void)state;
  expect_tokens("\xEF\xBB\xBFx = 1\r\ny\r",
                "NAME 'x' 1:0-1:1\n"
                "EQUAL '=' 1:2-1:3\n"
                "NUMBER '1' 1:4-1:5\n"
                "NEWLINE '' 1:5-1:5\n"
                "NAME 'y' 2:0-2:1\n"
                "NEWLINE '' 2:1-2:1\n"
                "ENDMARKER '' 2:0-2:0\n");
  expect_tokens("", "ENDMARKER '' 0:0-0:0\n");
}

/* ------------------------------------------------------------------ errors */
/* Each expected text is the stderr of `python3.11 x.py` with the source in
 * x.py (CPython 3.11.7). */

static void unterminated_string_reports_cpython_message(void **state) {
  (void)state;
  expect_error("x = 1\ns = 'abc\n", 14,
               "  File \"x.py\", line 2\n"
               "    s = 'abc\n"
               "        ^\n"
               "SyntaxError: unterminated string literal (detected at line 2)\n");
}

static void unterminated_triple_quoted_string_reports_detected_line(void **state) {
  (void)state;
  expect_error("x = '''abc\n\n\n", 13,
               "  File \"x.py\", line 1\n"
               "    x = '''abc\n"
               "        ^\n"
               "SyntaxError: unterminated triple-quoted string literal (detected at line 3)\n");
}

static void invalid_decimal_literal_reports_error(void **state) {
  (void)state;
  expect_error("x = 1abc\n", 9,
               "  File \"x.py\", line 1\n"
               "    x = 1abc\n"
               "        ^\n"
               "SyntaxError: invalid decimal literal\n");
  /* a non-ASCII character ends the number (3.11.7): not a literal error */
  char *got = tokens("x = 1中\n", 9);
  assert_non_null(strstr(got, "NUMBER '1' 1:4-1:5\nNAME '中' 1:5-1:6\n"));
  free(got);
}

static void unindent_mismatch_is_indentation_error(void **state) {
  (void)state;
  expect_error("if x:\n        a\n    b\n", 22,
               "  File \"x.py\", line 3\n"
               "    b\n"
               "     ^\n"
               "IndentationError: unindent does not match any outer indentation level\n");
}

static void tabs_and_spaces_inconsistently_is_tab_error(void **state) {
  (void)state;
  expect_error("if x:\n\tpass\n        y\n", 22,
               "  File \"x.py\", line 3\n"
               "    y\n"
               "TabError: inconsistent use of tabs and spaces in indentation\n");
}

static void unmatched_and_mismatched_brackets(void **state) {
  (void)state;
  expect_error("x = 1)\n", 7,
               "  File \"x.py\", line 1\n"
               "    x = 1)\n"
               "         ^\n"
               "SyntaxError: unmatched ')'\n");
  expect_error("x = (1,\n2]\n", 11,
               "  File \"x.py\", line 2\n"
               "    2]\n"
               "     ^\n"
               "SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on line 1\n");
  expect_error("foo(1, 2\n", 9,
               "  File \"x.py\", line 1\n"
               "    foo(1, 2\n"
               "       ^\n"
               "SyntaxError: '(' was never closed\n");
}

static void nul_bytes_and_bad_utf8_are_rejected(void **state) {
  (void)state;
  expect_error("x = 1\0\n", 7,
               "  File \"x.py\", line 1\n"
               "    x = 1\n"
               "SyntaxError: source code cannot contain null bytes\n");
  expect_error("x = '\xff'\n", 9,
               "SyntaxError: Non-UTF-8 code starting with '\\xff' in file x.py on line 1, but no "
               "encoding declared; see https://peps.python.org/pep-0263/ for details\n");
}

static void invalid_character_names_the_code_point(void **state) {
  (void)state;
  expect_error("x = a\xe2\x82\xac\n", 9,
               "  File \"x.py\", line 1\n"
               "    x = a\xe2\x82\xac\n"
               "         ^\n"
               "SyntaxError: invalid character '\xe2\x82\xac' (U+20AC)\n");
}

static int warnings_seen;
static void count_warning(void *ud, const lang_diag *d) {
  char buf[256];
  lang_diag_format(d, buf, sizeof buf);
  assert_string_equal(buf,
                      "x.py:1: SyntaxWarning: invalid decimal literal\n"
                      "  x = 1if y else 2\n");
  (void)ud;
  warnings_seen++;
}

static void number_glued_to_keyword_warns(void **state) {
  (void)state;
  lang_lexer *lx;
  const char *src = "x = 1if y else 2\n";
  assert_int_equal(lang_lexer_new(src, strlen(src), "x.py", &lx), LANG_OK);
  lang_lexer_set_warning_cb(lx, count_warning, NULL);
  warnings_seen = 0;
  lang_token t;
  do assert_int_equal(lang_lexer_next(lx, &t), LANG_OK);
  while (t.kind != TOK_ENDMARKER);
  assert_int_equal(warnings_seen, 1);
  lang_lexer_free(lx);
}

static void diag_format_truncates_like_snprintf(void **state) {
  (void)state;
  lang_diag d = {LANG_DIAG_SYNTAX_ERROR, "x.py", "invalid syntax", 1, 2, 1, 3, "a b c\n", 6};
  const char *want = "  File \"x.py\", line 1\n    a b c\n      ^\nSyntaxError: invalid syntax\n";
  char buf[128];
  assert_int_equal(lang_diag_format(&d, buf, sizeof buf), (int)strlen(want));
  assert_string_equal(buf, want);
  char small[8];
  assert_int_equal(lang_diag_format(&d, small, sizeof small), (int)strlen(want));
  assert_string_equal(small, "  File ");
  assert_int_equal(lang_diag_format(&d, NULL, 0), (int)strlen(want));
}

/* ------------------------------------------------------------ robustness */

static void arbitrary_bytes_never_crash(void **state) {
  (void)state;
  uint64_t r = 88172645463325252u;
  char buf[300];
  for (int i = 0; i < 5000; i++) {
    size_t n = (size_t)(r % sizeof buf);
    for (size_t k = 0; k < n; k++) {
      r ^= r << 13;
      r ^= r >> 7;
      r ^= r << 17;
      /* bias towards the characters that matter to the tokenizer */
      static const char interesting[] = "\n\t \\'\"#(){}[]:0123456789.eEjJxXoObB_f{}!=<>";
      buf[k] = (r & 3) ? interesting[(r >> 8) % (sizeof interesting - 1)] : (char)(r >> 16);
    }
    lang_lexer *lx;
    assert_int_equal(lang_lexer_new(buf, n, "x.py", &lx), LANG_OK);
    for (int steps = 0; steps < 10000; steps++) {
      lang_token t;
      int rc = lang_lexer_next(lx, &t);
      if (rc != LANG_OK) {
        const lang_diag *d = lang_lexer_error(lx);
        assert_non_null(d);
        char out[2048];
        lang_diag_format(d, out, sizeof out);
        break;
      }
      assert_true(t.line >= 0 && t.end_line >= t.line);
      if (t.kind == TOK_ENDMARKER) break;
    }
    lang_lexer_free(lx);
    assert_int_equal(alloc_count_live(), 0);
  }
}

static void allocation_failure_in_new_leaks_nothing(void **state) {
  (void)state;
  for (long n = 1;; n++) {
    lang_lexer *lx = NULL;
    alloc_count_fail_at(n);
    int rc = lang_lexer_new("x = 1\n", 6, "x.py", &lx);
    alloc_count_fail_at(0);
    if (rc == LANG_ENOMEM) {
      assert_null(lx);
      assert_int_equal(alloc_count_live(), 0);
      continue;
    }
    assert_int_equal(rc, LANG_OK);
    lang_lexer_free(lx);
    break;
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(indent_dedent_tokens_balance, setup, teardown),
    cmocka_unit_test_setup_teardown(columns_count_characters_in_utf8_lines, setup, teardown),
    cmocka_unit_test_setup_teardown(keywords_are_their_own_tokens, setup, teardown),
    cmocka_unit_test_setup_teardown(operators_take_the_longest_match, setup, teardown),
    cmocka_unit_test_setup_teardown(string_prefixes_and_triple_quotes_make_one_token, setup, teardown),
    cmocka_unit_test_setup_teardown(fstring_with_nested_quotes_and_spec_is_one_string, setup, teardown),
    cmocka_unit_test_setup_teardown(numbers_with_underscores_bases_and_exponents, setup, teardown),
    cmocka_unit_test_setup_teardown(brackets_join_lines_and_backslash_continues, setup, teardown),
    cmocka_unit_test_setup_teardown(crlf_bom_and_missing_final_newline, setup, teardown),
    cmocka_unit_test_setup_teardown(unterminated_string_reports_cpython_message, setup, teardown),
    cmocka_unit_test_setup_teardown(unterminated_triple_quoted_string_reports_detected_line, setup, teardown),
    cmocka_unit_test_setup_teardown(invalid_decimal_literal_reports_error, setup, teardown),
    cmocka_unit_test_setup_teardown(unindent_mismatch_is_indentation_error, setup, teardown),
    cmocka_unit_test_setup_teardown(tabs_and_spaces_inconsistently_is_tab_error, setup, teardown),
    cmocka_unit_test_setup_teardown(unmatched_and_mismatched_brackets, setup, teardown),
    cmocka_unit_test_setup_teardown(nul_bytes_and_bad_utf8_are_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(invalid_character_names_the_code_point, setup, teardown),
    cmocka_unit_test_setup_teardown(number_glued_to_keyword_warns, setup, teardown),
    cmocka_unit_test_setup_teardown(diag_format_truncates_like_snprintf, setup, teardown),
    cmocka_unit_test_setup_teardown(arbitrary_bytes_never_crash, setup, teardown),
    cmocka_unit_test_setup_teardown(allocation_failure_in_new_leaks_nothing, setup, teardown),
  };
  return cmocka_run_group_tests_name("lexer", tests, NULL, NULL);
}
