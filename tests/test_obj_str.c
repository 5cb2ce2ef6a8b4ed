/* test_obj_str.c: str: repr, code-point length and indexing, slicing,
 * hashing, interning, concatenation and the str methods, against CPython
 * 3.11's output. */
#include "obj_test.h"

/* Expected values come from python3 (3.11.7) on this machine; each row's
 * comment is the Python expression. */

static void str_repr_chooses_quotes_and_escapes_like_cpython(void **state) {
  static const struct { const char *s, *repr; } cases[] = {
    {"abc", "'abc'"},                              /* repr('abc') */
    {"it's", "\"it's\""},                          /* repr("it's") */
    {"say \"hi\"", "'say \"hi\"'"},                /* repr('say "hi"') */
    {"both ' and \"", "'both \\' and \"'"},        /* repr('both \' and "') */
    {"tab\there\n", "'tab\\there\\n'"},            /* repr('tab\there\n') */
    {"\x7f\xc2\x80\xc2\xa0\xc2\xad", "'\\x7f\\x80\\xa0\\xad'"}, /* repr('\x7f\x80\xa0\xad') */
    {"中文 ok", "'中文 ok'"},                       /* repr('中文 ok') */
    {"\xe2\x80\xa8\xe3\x80\x80\xee\x80\x80\xef\xbb\xbf\xe2\x80\x8b",
     "'\\u2028\\u3000\\ue000\\ufeff\\u200b'"},     /* repr('\u2028\u3000\ue000\ufeff\u200b') */
    {"😀\xf3\xa0\x80\x81", "'😀\\U000e0001'"},     /* repr('😀\U000e0001') */
    {"back\\slash", "'back\\\\slash'"},            /* repr('back\\slash') */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    expect_repr(py_str_from_cstr(cases[i].s), cases[i].repr);
  /* repr('\x00') needs the NUL inside the text */
  expect_repr(py_str_from_utf8("\0", 1), "'\\x00'");
  /* str(s) is s itself */
  py_obj *s = S("x");
  py_obj *t = T(py_str(s));
  assert_ptr_equal(s, t);
  /* ascii('中é') */
  expect_str(py_ascii(S("中é")), "'\\u4e2d\\xe9'");
}

static void str_len_and_indexing_count_code_points(void **state) {
  py_obj *s = S("中文abc文");
  assert_int_equal(py_len(s), 6);                  /* len('中文abc文') */
  expect_repr(py_getitem(s, I(1)), "'文'");        /* '中文abc文'[1] */
  expect_repr(py_getitem(s, I(-1)), "'文'");       /* '中文abc文'[-1] */
  expect_repr(py_getitem(s, I(2)), "'a'");         /* '中文abc文'[2] */
  /* ''[0] -> IndexError: string index out of range */
  expect_err(FAILS(py_getitem(S(""), I(0))), &py_exc_IndexError, "string index out of range");
  /* 'abc'['x'], 'abc'[1.5] -> TypeError: string indices must be integers, not 'str' */
  expect_err(FAILS(py_getitem(S("abc"), S("x"))), &py_exc_TypeError,
             "string indices must be integers, not 'str'");
  expect_err(FAILS(py_getitem(S("abc"), F(1.5))), &py_exc_TypeError,
             "string indices must be integers, not 'float'");
  /* s = 'abc'; s[0] = 'x' -> TypeError: 'str' object does not support item assignment */
  expect_err(py_setitem(S("abc"), I(0), S("x")) < 0, &py_exc_TypeError,
             "'str' object does not support item assignment");
  /* iteration yields one-character strs */
  py_obj *l = T(py_sequence_list(S("a中b")));
  expect_repr(py_newref(l), "['a', '中', 'b']");   /* list('a中b') */
  assert_int_equal(py_str_char_at(s, 4), 'c');
}

static void str_slicing_with_steps(void **state) {
  py_obj *s = S("中文abc文"), *a = S("abcdef");
  /* '中文abc文'[1:4], [::-1], [::2], [4:1:-1], [-2:], [10:] */
  expect_repr(py_getitem(s, T(py_slice_new(I(1), I(4), NULL))), "'文ab'");
  expect_repr(py_getitem(s, T(py_slice_new(NULL, NULL, I(-1)))), "'文cba文中'");
  expect_repr(py_getitem(s, T(py_slice_new(NULL, NULL, I(2)))), "'中ac'");
  expect_repr(py_getitem(s, T(py_slice_new(I(4), I(1), I(-1)))), "'cba'");
  expect_repr(py_getitem(s, T(py_slice_new(I(-2), NULL, NULL))), "'c文'");
  expect_repr(py_getitem(s, T(py_slice_new(I(10), NULL, NULL))), "''");
  /* 'abcdef'[::0] -> ValueError: slice step cannot be zero */
  expect_err(FAILS(py_getitem(a, T(py_slice_new(NULL, NULL, I(0))))), &py_exc_ValueError,
             "slice step cannot be zero");
  /* 'abcdef'[1.5:] -> TypeError */
  expect_err(FAILS(py_getitem(a, T(py_slice_new(F(1.5), NULL, NULL)))), &py_exc_TypeError,
             "slice indices must be integers or None or have an __index__ method");
}

enum { A_NONE, A_INT, A_STR, A_TUPLE };
typedef struct { int kind; const char *s; int64_t i; } marg;

static py_obj *make_arg(const marg *a) {
  switch (a->kind) {
    case A_NONE: return py_None;
    case A_INT: return I(a->i);
    case A_STR: return S(a->s);
    default: {
      /* tuple of strs separated by \x1f */
      py_obj *l = T(py_list_new(0));
      const char *p = a->s;
      while (*p) {
        const char *e = strchr(p, '\x1f');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        py_obj *x = py_str_from_utf8(p, n);
        py_list_append_steal(l, x);
        p += n + (e ? 1 : 0);
      }
      return T(py_list_as_tuple(l));
    }
  }
}

static void str_methods_match_cpython(void **state) {
  static const struct {
    const char *recv, *method;
    int nargs;
    marg args[3];
    const char *expected;   /* repr of the result, or "!Type: message" */
  } cases[] = {
    {"a,b,,c", "split", 1, {{A_STR, ",", 0}}, "['a', 'b', '', 'c']"}, /* 'a,b,,c'.split(',') */
    {" a  b ", "split", 0, {}, "['a', 'b']"}, /* ' a  b '.split() */
    {"a b c", "rsplit", 2, {{A_NONE, NULL, 0}, {A_INT, NULL, 1LL}}, "['a b', 'c']"}, /* 'a b c'.rsplit(None, 1) */
    {"a b c", "split", 2, {{A_NONE, NULL, 0}, {A_INT, NULL, 1LL}}, "['a', 'b c']"}, /* 'a b c'.split(None, 1) */
    {"a,b,c", "rsplit", 2, {{A_STR, ",", 0}, {A_INT, NULL, 1LL}}, "['a,b', 'c']"}, /* 'a,b,c'.rsplit(',', 1) */
    {"a\nb\r\nc", "splitlines", 0, {}, "['a', 'b', 'c']"}, /* 'a\nb\r\nc'.splitlines() */
    {"a\nb\r\nc\n", "splitlines", 1, {{A_INT, NULL, 1}}, "['a\\n', 'b\\r\\n', 'c\\n']"}, /* 'a\nb\r\nc\n'.splitlines(True) */
    {"x\x0b""y\x1c""z w", "splitlines", 0, {}, "['x', 'y', 'z', 'w']"}, /* 'x\x0by\x1cz\u2028w'.splitlines() */
    {"", "split", 0, {}, "[]"}, /* ''.split() */
    {"", "split", 1, {{A_STR, ",", 0}}, "['']"}, /* ''.split(',') */
    {"  hi  ", "strip", 0, {}, "'hi'"}, /* '  hi  '.strip() */
    {"xxhixx", "strip", 1, {{A_STR, "x", 0}}, "'hi'"}, /* 'xxhixx'.strip('x') */
    {"  hi  ", "lstrip", 0, {}, "'hi  '"}, /* '  hi  '.lstrip() */
    {"  hi  ", "rstrip", 0, {}, "'  hi'"}, /* '  hi  '.rstrip() */
    {"　中　", "strip", 0, {}, "'中'"}, /* '\u3000中\u3000'.strip() */
    {"abcba", "strip", 1, {{A_STR, "ab", 0}}, "'c'"}, /* 'abcba'.strip('ab') */
    {"hello", "replace", 2, {{A_STR, "l", 0}, {A_STR, "L", 0}}, "'heLLo'"}, /* 'hello'.replace('l', 'L') */
    {"hello", "replace", 3, {{A_STR, "l", 0}, {A_STR, "L", 0}, {A_INT, NULL, 1LL}}, "'heLlo'"}, /* 'hello'.replace('l', 'L', 1) */
    {"abc", "replace", 2, {{A_STR, "", 0}, {A_STR, "-", 0}}, "'-a-b-c-'"}, /* 'abc'.replace('', '-') */
    {"中文中", "replace", 2, {{A_STR, "中", 0}, {A_STR, "zh", 0}}, "'zh文zh'"}, /* '中文中'.replace('中', 'zh') */
    {"aaa", "replace", 3, {{A_STR, "a", 0}, {A_STR, "b", 0}, {A_INT, NULL, 0LL}}, "'aaa'"}, /* 'aaa'.replace('a', 'b', 0) */
    {"hello", "find", 1, {{A_STR, "l", 0}}, "2"}, /* 'hello'.find('l') */
    {"hello", "rfind", 1, {{A_STR, "l", 0}}, "3"}, /* 'hello'.rfind('l') */
    {"hello", "find", 1, {{A_STR, "z", 0}}, "-1"}, /* 'hello'.find('z') */
    {"hello", "find", 2, {{A_STR, "l", 0}, {A_INT, NULL, 3LL}}, "3"}, /* 'hello'.find('l', 3) */
    {"hello", "find", 2, {{A_STR, "", 0}, {A_INT, NULL, 5LL}}, "5"}, /* 'hello'.find('', 5) */
    {"hello", "find", 2, {{A_STR, "", 0}, {A_INT, NULL, 6LL}}, "-1"}, /* 'hello'.find('', 6) */
    {"中文abc文", "find", 2, {{A_STR, "文", 0}, {A_INT, NULL, 2LL}}, "5"}, /* '中文abc文'.find('文', 2) */
    {"中文abc文", "rfind", 1, {{A_STR, "文", 0}}, "5"}, /* '中文abc文'.rfind('文') */
    {"hello", "index", 1, {{A_STR, "z", 0}}, "!ValueError: substring not found"}, /* 'hello'.index('z') */
    {"hello", "rindex", 1, {{A_STR, "h", 0}}, "0"}, /* 'hello'.rindex('h') */
    {"hello", "count", 1, {{A_STR, "l", 0}}, "2"}, /* 'hello'.count('l') */
    {"aaaa", "count", 1, {{A_STR, "aa", 0}}, "2"}, /* 'aaaa'.count('aa') */
    {"abc", "count", 1, {{A_STR, "", 0}}, "4"}, /* 'abc'.count('') */
    {"中中中", "count", 2, {{A_STR, "中", 0}, {A_INT, NULL, 1LL}}, "2"}, /* '中中中'.count('中', 1) */
    {"hello", "startswith", 1, {{A_STR, "he", 0}}, "True"}, /* 'hello'.startswith('he') */
    {"hello", "startswith", 1, {{A_TUPLE, "x\x1f""hel", 0}}, "True"}, /* 'hello'.startswith(('x', 'hel')) */
    {"hello", "endswith", 1, {{A_STR, "lo", 0}}, "True"}, /* 'hello'.endswith('lo') */
    {"hello", "endswith", 3, {{A_STR, "l", 0}, {A_INT, NULL, 0LL}, {A_INT, NULL, 4LL}}, "True"}, /* 'hello'.endswith('l', 0, 4) */
    {"hello", "startswith", 1, {{A_INT, NULL, 1LL}}, "!TypeError: startswith first arg must be str or a tuple of str, not int"}, /* 'hello'.startswith(1) */
    {"Hello World", "upper", 0, {}, "'HELLO WORLD'"}, /* 'Hello World'.upper() */
    {"Hello World", "lower", 0, {}, "'hello world'"}, /* 'Hello World'.lower() */
    {"hello world", "title", 0, {}, "'Hello World'"}, /* 'hello world'.title() */
    {"they're bill's", "title", 0, {}, "\"They'Re Bill'S\""}, /* "they're bill's".title() */
    {"hELLO", "capitalize", 0, {}, "'Hello'"}, /* 'hELLO'.capitalize() */
    {"Hello", "swapcase", 0, {}, "'hELLO'"}, /* 'Hello'.swapcase() */
    {"straße", "upper", 0, {}, "'STRASSE'"}, /* 'straße'.upper() */
    {"ÀÉÎ", "lower", 0, {}, "'àéî'"}, /* 'ÀÉÎ'.lower() */
    {"ΑΒΓ", "lower", 0, {}, "'αβγ'"}, /* 'ΑΒΓ'.lower() */
    {"привет", "upper", 0, {}, "'ПРИВЕТ'"}, /* 'привет'.upper() */
    {"中文abc", "upper", 0, {}, "'中文ABC'"}, /* '中文abc'.upper() */
    {"ǆungla", "title", 0, {}, "'ǅungla'"}, /* 'ǆungla'.title() */
    {"ß", "casefold", 0, {}, "'ss'"}, /* 'ß'.casefold() */
    {"abc", "center", 2, {{A_INT, NULL, 8LL}, {A_STR, "*", 0}}, "'**abc***'"}, /* 'abc'.center(8, '*') */
    {"abc", "center", 1, {{A_INT, NULL, 2LL}}, "'abc'"}, /* 'abc'.center(2) */
    {"ab", "center", 1, {{A_INT, NULL, 7LL}}, "'   ab  '"}, /* 'ab'.center(7) */
    {"abc", "ljust", 2, {{A_INT, NULL, 6LL}, {A_STR, ".", 0}}, "'abc...'"}, /* 'abc'.ljust(6, '.') */
    {"abc", "rjust", 1, {{A_INT, NULL, 6LL}}, "'   abc'"}, /* 'abc'.rjust(6) */
    {"中", "center", 2, {{A_INT, NULL, 5LL}, {A_STR, "文", 0}}, "'文文中文文'"}, /* '中'.center(5, '文') */
    {"-42", "zfill", 1, {{A_INT, NULL, 6LL}}, "'-00042'"}, /* '-42'.zfill(6) */
    {"+7", "zfill", 1, {{A_INT, NULL, 4LL}}, "'+007'"}, /* '+7'.zfill(4) */
    {"abc", "zfill", 1, {{A_INT, NULL, 5LL}}, "'00abc'"}, /* 'abc'.zfill(5) */
    {"abc", "center", 2, {{A_INT, NULL, 8LL}, {A_STR, "**", 0}}, "!TypeError: The fill character must be exactly one character long"}, /* 'abc'.center(8, '**') */
    {"123", "isdigit", 0, {}, "True"}, /* '123'.isdigit() */
    {"12a", "isdigit", 0, {}, "False"}, /* '12a'.isdigit() */
    {"", "isdigit", 0, {}, "False"}, /* ''.isdigit() */
    {"²", "isdigit", 0, {}, "True"}, /* '²'.isdigit() */
    {"٣", "isdecimal", 0, {}, "True"}, /* '٣'.isdecimal() */
    {"½", "isnumeric", 0, {}, "True"}, /* '½'.isnumeric() */
    {"一二三", "isnumeric", 0, {}, "True"}, /* '一二三'.isnumeric() */
    {"abc", "isalpha", 0, {}, "True"}, /* 'abc'.isalpha() */
    {"中文", "isalpha", 0, {}, "True"}, /* '中文'.isalpha() */
    {"a1", "isalnum", 0, {}, "True"}, /* 'a1'.isalnum() */
    {" \t\n", "isspace", 0, {}, "True"}, /* ' \t\n'.isspace() */
    {"　", "isspace", 0, {}, "True"}, /* '\u3000'.isspace() */
    {"abc", "islower", 0, {}, "True"}, /* 'abc'.islower() */
    {"Abc", "islower", 0, {}, "False"}, /* 'Abc'.islower() */
    {"ABC1", "isupper", 0, {}, "True"}, /* 'ABC1'.isupper() */
    {"123", "isupper", 0, {}, "False"}, /* '123'.isupper() */
    {"Hello World", "istitle", 0, {}, "True"}, /* 'Hello World'.istitle() */
    {"Hello world", "istitle", 0, {}, "False"}, /* 'Hello world'.istitle() */
    {"abc_1", "isidentifier", 0, {}, "True"}, /* 'abc_1'.isidentifier() */
    {"1abc", "isidentifier", 0, {}, "False"}, /* '1abc'.isidentifier() */
    {"中文", "isidentifier", 0, {}, "True"}, /* '中文'.isidentifier() */
    {"abc", "isascii", 0, {}, "True"}, /* 'abc'.isascii() */
    {"é", "isascii", 0, {}, "False"}, /* 'é'.isascii() */
    {"a\tb", "isprintable", 0, {}, "False"}, /* 'a\tb'.isprintable() */
    {"ab", "isprintable", 0, {}, "True"}, /* 'ab'.isprintable() */
    {"a-b-c", "partition", 1, {{A_STR, "-", 0}}, "('a', '-', 'b-c')"}, /* 'a-b-c'.partition('-') */
    {"a-b-c", "rpartition", 1, {{A_STR, "-", 0}}, "('a-b', '-', 'c')"}, /* 'a-b-c'.rpartition('-') */
    {"abc", "partition", 1, {{A_STR, "x", 0}}, "('abc', '', '')"}, /* 'abc'.partition('x') */
    {"abc", "rpartition", 1, {{A_STR, "x", 0}}, "('', '', 'abc')"}, /* 'abc'.rpartition('x') */
    {"abc", "partition", 1, {{A_STR, "", 0}}, "!ValueError: empty separator"}, /* 'abc'.partition('') */
    {"a\tbc\td", "expandtabs", 0, {}, "'a       bc      d'"}, /* 'a\tbc\td'.expandtabs() */
    {"a\tbc\td", "expandtabs", 1, {{A_INT, NULL, 4LL}}, "'a   bc  d'"}, /* 'a\tbc\td'.expandtabs(4) */
    {"TestCase", "removeprefix", 1, {{A_STR, "Test", 0}}, "'Case'"}, /* 'TestCase'.removeprefix('Test') */
    {"TestCase", "removesuffix", 1, {{A_STR, "Case", 0}}, "'Test'"}, /* 'TestCase'.removesuffix('Case') */
    {"abc", "removeprefix", 1, {{A_STR, "x", 0}}, "'abc'"}, /* 'abc'.removeprefix('x') */
    {",", "join", 1, {{A_TUPLE, "a\x1f""b\x1f""c", 0}}, "'a,b,c'"}, /* ','.join(('a', 'b', 'c')) */
    {"", "join", 1, {{A_TUPLE, "中\x1f""文", 0}}, "'中文'"}, /* ''.join(('中', '文')) */
    {"-", "join", 1, {{A_TUPLE, "", 0}}, "''"}, /* '-'.join(()) */
    {"abc", "split", 1, {{A_STR, "", 0}}, "!ValueError: empty separator"}, /* 'abc'.split('') */
    {"abc", "find", 1, {{A_INT, NULL, 1LL}}, "!TypeError: must be str, not int"}, /* 'abc'.find(1) */
    {"abc", "replace", 1, {{A_STR, "a", 0}}, "!TypeError: replace expected at least 2 arguments, got 1"}, /* 'abc'.replace('a') */
    {"abc", "center", 0, {}, "!TypeError: center expected at least 1 argument, got 0"}, /* 'abc'.center() */
    {"abc", "zfill", 0, {}, "!TypeError: str.zfill() takes exactly one argument (0 given)"}, /* 'abc'.zfill() */
    {"abc", "startswith", 0, {}, "!TypeError: startswith() takes at least 1 argument (0 given)"}, /* 'abc'.startswith() */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    py_obj *args[3];
    for (int k = 0; k < cases[i].nargs; k++) args[k] = make_arg(&cases[i].args[k]);
    py_obj *r = py_call_method_str(S(cases[i].recv), cases[i].method, args, cases[i].nargs);
    const char *exp = cases[i].expected;
    if (exp[0] == '!') {
      const char *colon = strchr(exp, ':');
      char tname[64];
      snprintf(tname, sizeof tname, "%.*s", (int)(colon - exp - 1), exp + 1);
      py_type *t = strcmp(tname, "ValueError") == 0 ? &py_exc_ValueError : &py_exc_TypeError;
      expect_err(FAILS(r), t, colon + 2);
    } else {
      expect_repr(r, exp);
    }
  }
}

static void str_split_takes_keywords(void **state) {
  /* 'abc'.split(maxsplit=1, sep='b') -> ['a', 'c'] */
  py_obj *args[2] = {I(1), S("b")};
  py_obj *kw = TUP(2, S("maxsplit"), S("sep"));
  expect_repr(py_call_method(S("abc"), T(py_intern_cstr("split")), args, 0, kw),
              "['a', 'c']");
  /* 'a b c'.split(maxsplit=1) -> ['a', 'b c'] */
  py_obj *one = I(1);
  expect_repr(callm_kw(S("a b c"), "split", 0, NULL, "maxsplit", one), "['a', 'b c']");
  /* 'a'.split(foo=1) -> TypeError: 'foo' is an invalid keyword argument for split() */
  expect_err(FAILS(callm_kw(S("a"), "split", 0, NULL, "foo", one)), &py_exc_TypeError,
             "'foo' is an invalid keyword argument for split()");
  /* 'a'.split(',', sep=',') */
  py_obj *comma = S(",");
  expect_err(FAILS(callm_kw(S("a"), "split", 1, &comma, "sep", comma)), &py_exc_TypeError,
             "argument for split() given by name ('sep') and position (1)");
  /* 'a'.upper(1) -> TypeError: str.upper() takes no arguments (1 given) */
  expect_err(FAILS(callm(S("a"), "upper", 1, one)), &py_exc_TypeError,
             "str.upper() takes no arguments (1 given)");
}

static void str_hash_matches_cpython_with_hashseed_0(void **state) {
  static const struct { const char *s; int64_t h; } cases[] = {
    {"", 0LL}, /* hash('') */
    {"a", 4644417185603328019LL}, /* hash('a') */
    {"abc", -4594863902769663758LL}, /* hash('abc') */
    {"hello world", -5642461784034726774LL}, /* hash('hello world') */
    {"é", 6047309291227476195LL}, /* hash('é') */
    {"中文", 501833946989431548LL}, /* hash('中文') */
    {"😀", -3536540696076613844LL}, /* hash('😀') */
    {"ΣΣΣΣΣΣΣΣΣΣ", 7497489049487257754LL}, /* hash('Σ'*10) */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    assert_int_equal(py_hash(S(cases[i].s)), cases[i].h);
}

static void interned_strings_are_shared(void **state) {
  py_obj *a = T(py_intern_cstr("name")), *b = T(py_intern_cstr("name"));
  assert_ptr_equal(a, b);
  py_obj *c = T(py_intern(py_str_from_cstr("name")));
  assert_ptr_equal(a, c);
  assert_true(py_str_eq(S("name"), a));
  assert_false(py_str_eq(S("names"), a));
}

static void str_concat_and_inplace_append(void **state) {
  /* 'ab' + 'c', 'a' + 1, 'ab' * 3, 3 * 'ab', 'ab' * -1, 'a' * 1.5 */
  expect_repr(py_add(S("ab"), S("c")), "'abc'");
  expect_err(FAILS(py_add(S("a"), I(1))), &py_exc_TypeError,
             "can only concatenate str (not \"int\") to str");
  expect_repr(py_mul(S("ab"), I(3)), "'ababab'");
  expect_repr(py_mul(I(3), S("ab")), "'ababab'");
  expect_repr(py_mul(S("ab"), I(-1)), "''");
  expect_err(FAILS(py_mul(S("a"), F(1.5))), &py_exc_TypeError,
             "can't multiply sequence by non-int of type 'float'");
  /* s = ''; for i in range(100): s += 'ab' -- grows in place */
  py_obj *s = py_str_from_cstr("x");
  py_obj *piece = S("中b");
  for (int i = 0; i < 100; i++) assert_int_equal(py_str_append_inplace(&s, piece), 0);
  T(s);
  assert_int_equal(py_len(s), 201);
  assert_int_equal(py_str_size(s), 1 + 100 * 4);
  /* a shared str is not changed in place */
  py_obj *shared = S("ab"), *alias = py_newref(shared);
  assert_int_equal(py_str_append_inplace(&alias, S("c")), 0);
  T(alias);
  expect_repr(py_newref(shared), "'ab'");
  expect_repr(py_newref(alias), "'abc'");
  /* s += 5 -> TypeError, and s is released */
  py_obj *t = py_str_from_cstr("zz");
  expect_err(py_str_append_inplace(&t, I(5)) < 0, &py_exc_TypeError,
             "can only concatenate str (not \"int\") to str");
  assert_null(t);
}

static void str_join_rejects_non_str_items(void **state) {
  /* ', '.join(['a', 'b']), ''.join(['a', 1]), 'ab'.join([1]) */
  expect_repr(py_str_join(S(", "), LIST(2, S("a"), S("b"))), "'a, b'");
  expect_err(FAILS(py_str_join(S(""), LIST(2, S("a"), I(1)))), &py_exc_TypeError,
             "sequence item 1: expected str instance, int found");
  expect_err(FAILS(py_str_join(S("ab"), LIST(1, I(1)))), &py_exc_TypeError,
             "sequence item 0: expected str instance, int found");
  /* '-'.join('abc') joins characters */
  expect_repr(py_str_join(S("-"), S("abc")), "'a-b-c'");
}

static void str_comparisons_order_by_code_point(void **state) {
  /* 'a' < 'b', 'Z' < 'a', 'é' > 'z', '中' > 'é', 'ab' < 'abc', 'a' < 1 */
  assert_int_equal(py_richcompare_bool(S("a"), S("b"), PY_LT), 1);
  assert_int_equal(py_richcompare_bool(S("Z"), S("a"), PY_LT), 1);
  assert_int_equal(py_richcompare_bool(S("é"), S("z"), PY_GT), 1);
  assert_int_equal(py_richcompare_bool(S("中"), S("é"), PY_GT), 1);
  assert_int_equal(py_richcompare_bool(S("ab"), S("abc"), PY_LT), 1);
  expect_err(py_richcompare_bool(S("a"), I(1), PY_LT) < 0, &py_exc_TypeError,
             "'<' not supported between instances of 'str' and 'int'");
  /* 'b' in 'abc', 1 in 'abc' */
  assert_int_equal(py_contains(S("abc"), S("b")), 1);
  assert_int_equal(py_contains(S("abc"), S("")), 1);
  expect_err(py_contains(S("abc"), I(1)) < 0, &py_exc_TypeError,
             "'in <string>' requires string as left operand, not int");
}

static void str_constructor_and_conversions(void **state) {
  /* str(), str(12), str(1.5), str([1, 'a']), str(None) */
  py_obj *st = &py_str_type.ob;
  expect_repr(py_call0(st), "''");
  expect_repr(py_call1(st, I(12)), "'12'");
  expect_repr(py_call1(st, F(1.5)), "'1.5'");
  expect_repr(py_call1(st, LIST(2, I(1), S("a"))), "\"[1, 'a']\"");
  expect_repr(py_call1(st, py_None), "'None'");
  /* invalid UTF-8 is refused when decoded */
  expect_err(FAILS(py_str_decode_utf8("\xff", 1)), &py_exc_ValueError,
             "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
  expect_repr(py_str_decode_utf8("ok", 2), "'ok'");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(str_repr_chooses_quotes_and_escapes_like_cpython, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(str_len_and_indexing_count_code_points, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(str_slicing_with_steps, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(str_methods_match_cpython, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(str_split_takes_keywords, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(str_hash_matches_cpython_with_hashseed_0, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(interned_strings_are_shared, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(str_concat_and_inplace_append, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(str_join_rejects_non_str_items, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(str_comparisons_order_by_code_point, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(str_constructor_and_conversions, obj_setup, obj_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
