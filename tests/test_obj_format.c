/* test_obj_format.c: the format-spec mini-language (format(), f-strings),
 * printf-style % formatting and str.format, against CPython 3.11. */
#include <math.h>

#include "obj_test.h"

/* Expected values come from python3 (3.11.7) on this machine; each row's
 * comment is the Python expression. */

enum { V_INT, V_FLOAT, V_STR, V_BOOL, V_NONE };
typedef struct { int kind; int64_t i; double f; const char *s; } val;

static py_obj *make_val(const val *v) {
  switch (v->kind) {
    case V_INT: return I(v->i);
    case V_FLOAT: return F(v->f);
    case V_STR: return S(v->s);
    case V_BOOL: return v->i ? py_True : py_False;
    default: return py_None;
  }
}

static py_type *exc_named(const char *name) {
  static py_type *const types[] = {&py_exc_ValueError, &py_exc_TypeError,
                                   &py_exc_OverflowError, &py_exc_KeyError,
                                   &py_exc_IndexError, &py_exc_AttributeError};
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (strcmp(types[i]->name, name) == 0) return types[i];
  fail_msg("unknown exception %s", name);
  return NULL;
}

/* "repr" or "!Type: message" */
static void expect_outcome(py_obj *r, const char *exp) {
  if (exp[0] != '!') {
    expect_repr(r, exp);
    return;
  }
  const char *colon = strchr(exp, ':');
  char tname[64];
  snprintf(tname, sizeof tname, "%.*s", (int)(colon - exp - 1), exp + 1);
  expect_err(FAILS(r), exc_named(tname), colon + 2);
}

static void format_spec_grouping_and_precision(void **state) {
  static const struct { val v; const char *spec, *expected; } cases[] = {
    {{V_FLOAT, 0, 0x1.921f9f01b866ep+1, NULL}, ".2f", "'3.14'"}, /* format(3.14159, '.2f') */
    {{V_INT, 1234567LL, 0, NULL}, ",", "'1,234,567'"}, /* format(1234567, ',') */
    {{V_INT, 1234567LL, 0, NULL}, "_", "'1_234_567'"}, /* format(1234567, '_') */
    {{V_FLOAT, 0, 0x1.9e3abe16fc70dp-17, NULL}, ".3e", "'1.234e-05'"}, /* format(1.2345e-05, '.3e') */
    {{V_FLOAT, 0, 0x1.8000000000000p+3, NULL}, "g", "'12'"}, /* format(12.0, 'g') */
    {{V_FLOAT, 0, 0x1.ad7f29abcaf48p-24, NULL}, "g", "'1e-07'"}, /* format(1e-07, 'g') */
    {{V_FLOAT, 0, 0x1.d6f3454000000p+26, NULL}, "g", "'1.23457e+08'"}, /* format(123456789.0, 'g') */
    {{V_FLOAT, 0, 0x1.8000000000000p+0, NULL}, "%", "'150.000000%'"}, /* format(1.5, '%') */
    {{V_INT, 42LL, 0, NULL}, "c", "'*'"}, /* format(42, 'c') */
    {{V_INT, -5LL, 0, NULL}, "+05d", "'-0005'"}, /* format(-5, '+05d') */
    {{V_INT, 5LL, 0, NULL}, " d", "' 5'"}, /* format(5, ' d') */
    {{V_FLOAT, 0, 0x1.8000000000000p+1, NULL}, "#g", "'3.00000'"}, /* format(3.0, '#g') */
    {{V_INT, 0LL, 0, NULL}, "#x", "'0x0'"}, /* format(0, '#x') */
    {{V_INT, -255LL, 0, NULL}, "#x", "'-0xff'"}, /* format(-255, '#x') */
    {{V_INT, 255LL, 0, NULL}, "#o", "'0o377'"}, /* format(255, '#o') */
    {{V_INT, 255LL, 0, NULL}, "#b", "'0b11111111'"}, /* format(255, '#b') */
    {{V_INT, 255LL, 0, NULL}, "X", "'FF'"}, /* format(255, 'X') */
    {{V_INT, 255LL, 0, NULL}, "#X", "'0XFF'"}, /* format(255, '#X') */
    {{V_INT, 1234LL, 0, NULL}, "010,", "'00,001,234'"}, /* format(1234, '010,') */
    {{V_INT, 1234LL, 0, NULL}, "08,", "'0,001,234'"}, /* format(1234, '08,') */
    {{V_INT, -1234LL, 0, NULL}, "010,", "'-0,001,234'"}, /* format(-1234, '010,') */
    {{V_FLOAT, 0, 0x1.34a0000000000p+10, NULL}, "012,.1f", "'00,001,234.5'"}, /* format(1234.5, '012,.1f') */
    {{V_FLOAT, 0, 0x1.34a0000000000p+10, NULL}, "_^+15,.2f", "'___+1,234.50___'"}, /* format(1234.5, '_^+15,.2f') */
    {{V_INT, 255LL, 0, NULL}, "#010_b", "'0b1111_1111'"}, /* format(255, '#010_b') */
    {{V_INT, 12345678LL, 0, NULL}, "_x", "'bc_614e'"}, /* format(12345678, '_x') */
    {{V_FLOAT, 0, INFINITY, NULL}, "010", "'0000000inf'"}, /* format(inf, '010') */
    {{V_FLOAT, 0, NAN, NULL}, "+010", "'+000000nan'"}, /* format(nan, '+010') */
    {{V_FLOAT, 0, -0x0.0p+0, NULL}, "z.1f", "'0.0'"}, /* format(-0.0, 'z.1f') */
    {{V_FLOAT, 0, -0x0.0p+0, NULL}, "", "'-0.0'"}, /* format(-0.0, '') */
    {{V_FLOAT, 0, 0x1.9000000000000p+6, NULL}, ".3", "'1e+02'"}, /* format(100.0, '.3') */
    {{V_FLOAT, 0, 0x1.9000000000000p+6, NULL}, ".3g", "'100'"}, /* format(100.0, '.3g') */
    {{V_FLOAT, 0, 0x1.1c37937e08000p+53, NULL}, "", "'1e+16'"}, /* format(1e+16, '') */
    {{V_FLOAT, 0, 0x1.0000000000000p+0, NULL}, ".0", "'1e+00'"}, /* format(1.0, '.0') */
    {{V_FLOAT, 0, 0x1.9000000000000p+3, NULL}, "#.0e", "'1.e+01'"}, /* format(12.5, '#.0e') */
    {{V_FLOAT, 0, 0x1.8000000000000p+0, NULL}, "#.0f", "'2.'"}, /* format(1.5, '#.0f') */
    {{V_FLOAT, 0, 0x1.4000000000000p+1, NULL}, ".0f", "'2'"}, /* format(2.5, '.0f') */
    {{V_INT, 10LL, 0, NULL}, "f", "'10.000000'"}, /* format(10, 'f') */
    {{V_INT, 10LL, 0, NULL}, "%", "'1000.000000%'"}, /* format(10, '%') */
    {{V_BOOL, 1, 0, NULL}, ">5", "'    1'"}, /* format(True, '>5') */
    {{V_BOOL, 1, 0, NULL}, "", "'True'"}, /* format(True, '') */
    {{V_BOOL, 1, 0, NULL}, "d", "'1'"}, /* format(True, 'd') */
    {{V_STR, 0, 0, "中文"}, "^10", "'    中文    '"}, /* format('中文', '^10') */
    {{V_STR, 0, 0, "abc"}, ".2", "'ab'"}, /* format('abc', '.2') */
    {{V_STR, 0, 0, "abc"}, "^7.2", "'  ab   '"}, /* format('abc', '^7.2') */
    {{V_STR, 0, 0, "ab"}, "05", "'ab000'"}, /* format('ab', '05') */
    {{V_STR, 0, 0, "x"}, "*>4", "'***x'"}, /* format('x', '*>4') */
    {{V_STR, 0, 0, "x"}, "中<3", "'x中中'"}, /* format('x', '中<3') */
    {{V_INT, 123LL, 0, NULL}, "n", "'123'"}, /* format(123, 'n') */
    {{V_FLOAT, 0, 0x1.34a456d5cfaadp+10, NULL}, "n", "'1234.57'"}, /* format(1234.5678, 'n') */
    {{V_FLOAT, 0, 0x1.5af1d78b58c40p+66, NULL}, "n", "'1e+20'"}, /* format(1e+20, 'n') */
    {{V_FLOAT, 0, 0x1.81cd6c8b43958p+13, NULL}, ",", "'12,345.678'"}, /* format(12345.678, ',') */
    {{V_INT, 1LL, 0, NULL}, "q", "!ValueError: Unknown format code 'q' for object of type 'int'"}, /* format(1, 'q') */
    {{V_STR, 0, 0, "a"}, "d", "!ValueError: Unknown format code 'd' for object of type 'str'"}, /* format('a', 'd') */
    {{V_FLOAT, 0, 0x1.8000000000000p+0, NULL}, "d", "!ValueError: Unknown format code 'd' for object of type 'float'"}, /* format(1.5, 'd') */
    {{V_STR, 0, 0, "x"}, "+", "!ValueError: Sign not allowed in string format specifier"}, /* format('x', '+') */
    {{V_STR, 0, 0, "x"}, "=5", "!ValueError: '=' alignment not allowed in string format specifier"}, /* format('x', '=5') */
    {{V_INT, 1LL, 0, NULL}, ".2d", "!ValueError: Precision not allowed in integer format specifier"}, /* format(1, '.2d') */
    {{V_INT, 1LL, 0, NULL}, ",s", "!ValueError: Cannot specify ',' with 's'."}, /* format(1, ',s') */
    {{V_INT, 65LL, 0, NULL}, "+c", "!ValueError: Sign not allowed with integer format specifier 'c'"}, /* format(65, '+c') */
    {{V_INT, 1LL, 0, NULL}, ",,", "!ValueError: Cannot specify ',' with ','."}, /* format(1, ',,') */
    {{V_INT, 1LL, 0, NULL}, ",_", "!ValueError: Cannot specify both ',' and '_'."}, /* format(1, ',_') */
    {{V_INT, 1LL, 0, NULL}, ".", "!ValueError: Format specifier missing precision"}, /* format(1, '.') */
    {{V_INT, 1LL, 0, NULL}, "5.2.3", "!ValueError: Invalid format specifier '5.2.3' for object of type 'int'"}, /* format(1, '5.2.3') */
    {{V_STR, 0, 0, "a"}, "#", "!ValueError: Alternate form (#) not allowed in string format specifier"}, /* format('a', '#') */
    {{V_INT, 1LL, 0, NULL}, "z", "!ValueError: Negative zero coercion (z) not allowed in integer format specifier"}, /* format(1, 'z') */
    {{V_INT, 1114112LL, 0, NULL}, "c", "!OverflowError: %c arg not in range(0x110000)"}, /* format(1114112, 'c') */
    {{V_INT, 1LL, 0, NULL}, "%Y", "!ValueError: Invalid format specifier '%Y' for object of type 'int'"}, /* format(1, '%Y') */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    expect_outcome(py_format(make_val(&cases[i].v), S(cases[i].spec)), cases[i].expected);
  /* format(object(), 'x') -> TypeError: unsupported format string passed to
   * object.__format__ ; format(object(), '') works */
  py_obj *o = T(py_call0(&py_object_type.ob));
  expect_err(FAILS(py_format(o, S("x"))), &py_exc_TypeError,
             "unsupported format string passed to object.__format__");
  assert_true(py_str_check(T(py_format(o, NULL))));
}

static void percent_format_tuple_args(void **state) {
  static const struct { const char *fmt; int n; val args[3]; const char *expected; } cases[] = {
    {"%5.2f", 1, {{V_FLOAT, 0, 0x1.921f9f01b866ep+1, NULL}}, "' 3.14'"}, /* '%5.2f' % (3.14159,) */
    {"%s %s", 1, {{V_INT, 1LL, 0, NULL}}, "!TypeError: not enough arguments for format string"}, /* '%s %s' % (1,) */
    {"%s", 2, {{V_INT, 1LL, 0, NULL}, {V_INT, 2LL, 0, NULL}}, "!TypeError: not all arguments converted during string formatting"}, /* '%s' % (1, 2) */
    {"%d", 1, {{V_STR, 0, 0, "a"}}, "!TypeError: %d format: a real number is required, not str"}, /* '%d' % ('a',) */
    {"%f", 1, {{V_STR, 0, 0, "a"}}, "!TypeError: must be real number, not str"}, /* '%f' % ('a',) */
    {"%x", 1, {{V_FLOAT, 0, 0x1.8000000000000p+0, NULL}}, "!TypeError: %x format: an integer is required, not float"}, /* '%x' % (1.5,) */
    {"%q", 1, {{V_INT, 1LL, 0, NULL}}, "!ValueError: unsupported format character 'q' (0x71) at index 1"}, /* '%q' % (1,) */
    {"%c", 1, {{V_STR, 0, 0, "ab"}}, "!TypeError: %c requires int or char"}, /* '%c' % ('ab',) */
    {"%c", 1, {{V_INT, 65LL, 0, NULL}}, "'A'"}, /* '%c' % (65,) */
    {"%c", 1, {{V_INT, 20013LL, 0, NULL}}, "'中'"}, /* '%c' % (20013,) */
    {"%#o", 1, {{V_INT, 8LL, 0, NULL}}, "'0o10'"}, /* '%#o' % (8,) */
    {"%r", 1, {{V_STR, 0, 0, "x"}}, "\"'x'\""}, /* '%r' % ('x',) */
    {"%5s|%-5s|", 2, {{V_STR, 0, 0, "a"}, {V_STR, 0, 0, "b"}}, "'    a|b    |'"}, /* '%5s|%-5s|' % ('a', 'b') */
    {"%.3s", 1, {{V_STR, 0, 0, "abcdef"}}, "'abc'"}, /* '%.3s' % ('abcdef',) */
    {"%*d", 2, {{V_INT, 5LL, 0, NULL}, {V_INT, 3LL, 0, NULL}}, "'    3'"}, /* '%*d' % (5, 3) */
    {"%05d", 1, {{V_INT, -3LL, 0, NULL}}, "'-0003'"}, /* '%05d' % (-3,) */
    {"%+d", 1, {{V_INT, 3LL, 0, NULL}}, "'+3'"}, /* '%+d' % (3,) */
    {"% d", 1, {{V_INT, 3LL, 0, NULL}}, "' 3'"}, /* '% d' % (3,) */
    {"%.3d", 1, {{V_INT, 5LL, 0, NULL}}, "'005'"}, /* '%.3d' % (5,) */
    {"%x", 1, {{V_INT, 255LL, 0, NULL}}, "'ff'"}, /* '%x' % (255,) */
    {"%#X", 1, {{V_INT, 255LL, 0, NULL}}, "'0XFF'"}, /* '%#X' % (255,) */
    {"%5.1f|", 1, {{V_FLOAT, 0, 0x1.2000000000000p+1, NULL}}, "'  2.2|'"}, /* '%5.1f|' % (2.25,) */
    {"%-8.3e|", 1, {{V_FLOAT, 0, 0x1.81cd6c8b43958p+13, NULL}}, "'1.235e+04|'"}, /* '%-8.3e|' % (12345.678,) */
    {"%g", 1, {{V_FLOAT, 0, 0x1.4f8b588e368f1p-17, NULL}}, "'1e-05'"}, /* '%g' % (1e-05,) */
    {"%G", 1, {{V_FLOAT, 0, 0x1.5af1d78b58c40p+66, NULL}}, "'1E+20'"}, /* '%G' % (1e+20,) */
    {"%#g", 1, {{V_FLOAT, 0, 0x1.0000000000000p+0, NULL}}, "'1.00000'"}, /* '%#g' % (1.0,) */
    {"%05f", 1, {{V_FLOAT, 0, INFINITY, NULL}}, "'00inf'"}, /* '%05f' % (inf,) */
    {"%05s", 1, {{V_STR, 0, 0, "a"}}, "'    a'"}, /* '%05s' % ('a',) */
    {"%d", 1, {{V_FLOAT, 0, 0x1.feb851eb851ecp+1, NULL}}, "'3'"}, /* '%d' % (3.99,) */
    {"%i", 1, {{V_BOOL, 1, 0, NULL}}, "'1'"}, /* '%i' % (True,) */
    {"%s", 1, {{V_BOOL, 1, 0, NULL}}, "'True'"}, /* '%s' % (True,) */
    {"%a", 1, {{V_STR, 0, 0, "é"}}, "\"'\\\\xe9'\""}, /* '%a' % ('é',) */
    {"%", 0, {}, "!ValueError: incomplete format"}, /* '%' % () */
    {"%%", 0, {}, "'%'"}, /* '%%' % () */
    {"%5%", 0, {}, "!TypeError: not enough arguments for format string"}, /* '%5%' % () */
    {"%d", 1, {{V_NONE, 0, 0, NULL}}, "!TypeError: %d format: a real number is required, not NoneType"}, /* '%d' % (None,) */
    {"%x", 1, {{V_STR, 0, 0, "a"}}, "!TypeError: %x format: an integer is required, not str"}, /* '%x' % ('a',) */
    {"%*.*f", 3, {{V_INT, 8LL, 0, NULL}, {V_INT, 2LL, 0, NULL}, {V_FLOAT, 0, 0x1.921f9f01b866ep+1, NULL}}, "'    3.14'"}, /* '%*.*f' % (8, 2, 3.14159) */
    {"%.*f", 2, {{V_STR, 0, 0, "a"}, {V_INT, 1LL, 0, NULL}}, "!TypeError: * wants int"}, /* '%.*f' % ('a', 1) */
    {"%s", 0, {}, "!TypeError: not enough arguments for format string"}, /* '%s' % () */
    {"%c", 1, {{V_INT, -1LL, 0, NULL}}, "!OverflowError: %c arg not in range(0x110000)"}, /* '%c' % (-1,) */
    {"%ld", 1, {{V_INT, 5LL, 0, NULL}}, "'5'"}, /* '%ld' % (5,) */
    {"%s and %r", 2, {{V_STR, 0, 0, "中文"}, {V_STR, 0, 0, "中文"}}, "\"中文 and '中文'\""}, /* '%s and %r' % ('中文', '中文') */
    {"%-6.2f|", 1, {{V_FLOAT, 0, -0x1.0147ae147ae14p+0, NULL}}, "'-1.00 |'"}, /* '%-6.2f|' % (-1.005,) */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    py_obj *t = T(py_tuple_new(cases[i].n));
    for (int k = 0; k < cases[i].n; k++)
      py_tuple_set_steal(t, k, py_newref(make_val(&cases[i].args[k])));
    expect_outcome(py_str_mod(S(cases[i].fmt), t), cases[i].expected);
  }
}

static void percent_format_mapping_and_single_args(void **state) {
  py_obj *d = T(py_dict_new());
  py_dict_set(d, S("a"), I(1));
  py_dict_set(d, S("b"), I(2));
  /* '%(a)s %(b)d' % {'a': 1, 'b': 2} -> '1 2' */
  expect_repr(py_str_mod(S("%(a)s %(b)d"), d), "'1 2'");
  /* '%s' % {'a': 1, 'b': 2} -> "{'a': 1, 'b': 2}" */
  expect_repr(py_str_mod(S("%s"), d), "\"{'a': 1, 'b': 2}\"");
  /* '%s' % [1, 2] -> '[1, 2]' (a list is one argument) */
  expect_repr(py_str_mod(S("%s"), LIST(2, I(1), I(2))), "'[1, 2]'");
  /* '%(c)s' % {} -> KeyError: 'c' */
  expect_err(FAILS(py_str_mod(S("%(c)s"), d)), &py_exc_KeyError, "'c'");
  /* '%(a)s' % 5 -> TypeError: format requires a mapping */
  expect_err(FAILS(py_str_mod(S("%(a)s"), I(5))), &py_exc_TypeError,
             "format requires a mapping");
  /* '%d%%' % 50 -> '50%' ; 'x' % () -> 'x' */
  expect_repr(py_str_mod(S("%d%%"), I(50)), "'50%'");
  /* the % operator on str: '%s!' % 'hi' */
  expect_repr(py_binary_op(S("%s!"), S("hi"), PY_OP_MOD), "'hi!'");
  /* 5 % 'x' -> TypeError: unsupported operand type(s) for %: 'int' and 'str' */
  expect_err(FAILS(py_binary_op(I(5), S("x"), PY_OP_MOD)), &py_exc_TypeError,
             "unsupported operand type(s) for %: 'int' and 'str'");
}

static py_obj *fmt_call(const char *fmt, int n, py_obj **args, int nkw, const char **kws,
                        py_obj **kwvals) {
  py_obj *all[8];
  for (int i = 0; i < n; i++) all[i] = args[i];
  for (int i = 0; i < nkw; i++) all[n + i] = kwvals[i];
  py_obj *kwnames = NULL;
  if (nkw) {
    kwnames = T(py_tuple_new(nkw));
    for (int i = 0; i < nkw; i++) py_tuple_set_steal(kwnames, i, py_intern_cstr(kws[i]));
  }
  return py_str_format(S(fmt), all, n, kwnames);
}

static void str_format_fields_conversions_and_nested_specs(void **state) {
  py_obj *one = I(1), *two = I(2), *a = S("a"), *b = S("b");
  py_obj *pair[2] = {a, b};
  /* '{}{}'.format('a', 'b'), '{0}{1}{0}'.format('a', 'b') */
  expect_repr(fmt_call("{}{}", 2, pair, 0, NULL, NULL), "'ab'");
  expect_repr(fmt_call("{0}{1}{0}", 2, pair, 0, NULL, NULL), "'aba'");
  /* '{x}{}'.format(1, x=2) -> '21' */
  const char *x[] = {"x"};
  expect_repr(fmt_call("{x}{}", 1, &one, 1, x, &two), "'21'");
  /* '{:{w}.{p}f}'.format(3.14159, w=10, p=2) -> '      3.14' */
  const char *wp[] = {"w", "p"};
  py_obj *wpv[2] = {I(10), two};
  py_obj *pi = F(3.14159);
  expect_repr(fmt_call("{:{w}.{p}f}", 1, &pi, 2, wp, wpv), "'      3.14'");
  /* '{0[1]}'.format([5, 6]), '{0.real}'.format(5), '{0[a]}'.format({'a': 5}) */
  py_obj *l = LIST(2, I(5), I(6));
  expect_repr(fmt_call("{0[1]}", 1, &l, 0, NULL, NULL), "'6'");
  py_obj *five = I(5);
  expect_repr(fmt_call("{0.real}", 1, &five, 0, NULL, NULL), "'5'");
  py_obj *d = T(py_dict_new());
  py_dict_set(d, a, five);
  expect_repr(fmt_call("{0[a]}", 1, &d, 0, NULL, NULL), "'5'");
  /* '{!s:>5}'.format(1), '{!r}'.format('a'), '}}{{'.format() */
  expect_repr(fmt_call("{!s:>5}", 1, &one, 0, NULL, NULL), "'    1'");
  expect_repr(fmt_call("{!r}", 1, &a, 0, NULL, NULL), "\"'a'\"");
  expect_repr(fmt_call("}}{{", 0, NULL, 0, NULL, NULL), "'}{'");
  /* '{:^10}'.format('中文') -> '    中文    ' */
  py_obj *zh = S("中文");
  expect_repr(fmt_call("{:^10}", 1, &zh, 0, NULL, NULL), "'    中文    '");
}

static void str_format_errors_match_cpython(void **state) {
  py_obj *one = I(1), *two = I(2);
  py_obj *both[2] = {one, two};
  /* '{} {}'.format(1) */
  expect_err(FAILS(fmt_call("{} {}", 1, &one, 0, NULL, NULL)), &py_exc_IndexError,
             "Replacement index 1 out of range for positional args tuple");
  expect_err(FAILS(fmt_call("{0} {}", 2, both, 0, NULL, NULL)), &py_exc_ValueError,
             "cannot switch from manual field specification to automatic field numbering");
  expect_err(FAILS(fmt_call("{} {0}", 2, both, 0, NULL, NULL)), &py_exc_ValueError,
             "cannot switch from automatic field numbering to manual field specification");
  expect_err(FAILS(fmt_call("}", 0, NULL, 0, NULL, NULL)), &py_exc_ValueError,
             "Single '}' encountered in format string");
  expect_err(FAILS(fmt_call("{", 0, NULL, 0, NULL, NULL)), &py_exc_ValueError,
             "Single '{' encountered in format string");
  expect_err(FAILS(fmt_call("{0!x}", 1, &one, 0, NULL, NULL)), &py_exc_ValueError,
             "Unknown conversion specifier x");
  expect_err(FAILS(fmt_call("{:{:{}}}", 2, both, 0, NULL, NULL)), &py_exc_ValueError,
             "Max string recursion exceeded");
  py_obj *l = LIST(1, one);
  expect_err(FAILS(fmt_call("{0[0]x}", 1, &l, 0, NULL, NULL)), &py_exc_ValueError,
             "Only '.' or '[' may follow ']' in format field specifier");
  expect_err(FAILS(fmt_call("{0.}", 1, &one, 0, NULL, NULL)), &py_exc_ValueError,
             "Empty attribute in format string");
  expect_err(FAILS(fmt_call("{!}", 1, &one, 0, NULL, NULL)), &py_exc_ValueError,
             "unmatched '{' in format spec");
  expect_err(FAILS(fmt_call("{0!rr}", 1, &one, 0, NULL, NULL)), &py_exc_ValueError,
             "expected ':' after conversion specifier");
  expect_err(FAILS(fmt_call("{0", 1, &one, 0, NULL, NULL)), &py_exc_ValueError,
             "expected '}' before end of string");
  /* '{x}'.format(y=1) -> KeyError: 'x' ; '{0]}'.format(1) -> KeyError: '0]' */
  const char *y[] = {"y"};
  expect_err(FAILS(fmt_call("{x}", 0, NULL, 1, y, &one)), &py_exc_KeyError, "'x'");
  expect_err(FAILS(fmt_call("{0]}", 1, &one, 0, NULL, NULL)), &py_exc_KeyError, "'0]'");
  /* '{a.b}'.format(a=1), '{0[2]}'.format([1]) */
  const char *a[] = {"a"};
  expect_err(FAILS(fmt_call("{a.b}", 0, NULL, 1, a, &one)), &py_exc_AttributeError,
             "'int' object has no attribute 'b'");
  expect_err(FAILS(fmt_call("{0[2]}", 1, &l, 0, NULL, NULL)), &py_exc_IndexError,
             "list index out of range");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(format_spec_grouping_and_precision, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(percent_format_tuple_args, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(percent_format_mapping_and_single_args, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(str_format_fields_conversions_and_nested_specs, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(str_format_errors_match_cpython, obj_setup, obj_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
