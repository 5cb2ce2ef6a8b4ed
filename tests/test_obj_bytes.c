/* test_obj_bytes.c: bytes through the C API: construction, repr, hash,
 * the sequence protocol, the codecs and the constructor's errors, against
 * CPython 3.11's output. */
#include "obj_test.h"

/* Expected values come from python3 (3.11) with PYTHONHASHSEED=0; each
 * row's comment is the Python expression. */

static py_obj *B(const char *s, size_t n) { return T(py_bytes_from(s, n)); }
#define BS(lit) B((lit), sizeof(lit) - 1)

static void bytes_repr_escapes_and_chooses_quotes_like_cpython(void **state) {
  static const struct { const char *s; size_t n; const char *repr; } cases[] = {
    {"abc", 3, "b'abc'"},                             /* repr(b'abc') */
    {"\0it's\xff", 6, "b\"\\x00it's\\xff\""},         /* repr(b"\x00it's\xff") */
    {"both ' and \"", 12, "b'both \\' and \"'"},      /* repr(b'both \' and "') */
    {"\t\n\r\\\x7f\x1f", 6, "b'\\t\\n\\r\\\\\\x7f\\x1f'"}, /* repr(b'\t\n\r\\\x7f\x1f') */
    {"", 0, "b''"},                                   /* repr(b'') */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    expect_repr(py_bytes_from(cases[i].s, cases[i].n), cases[i].repr);
  /* str(b'x') is its repr */
  expect_str(py_bytes_from("x", 1), "b'x'");
}

static void bytes_hash_matches_cpython_with_hashseed_0(void **state) {
  assert_int_equal(py_hash(BS("abc")), -4594863902769663758);        /* hash(b'abc') */
  assert_int_equal(py_hash(BS("\x00\xff")), -2713640983873221217);   /* hash(b'\x00\xff') */
  assert_int_equal(py_hash(BS("hello world")), -5642461784034726774); /* hash(b'hello world') */
  assert_int_equal(py_hash(BS("")), 0);                              /* hash(b'') */
  assert_int_equal(py_hash(BS("abc")), py_hash(S("abc")));           /* hash(b'abc') == hash('abc') */
}

static void bytes_sequence_protocol_gives_ints_and_bytes(void **state) {
  py_obj *b = BS("hello");
  assert_int_equal(py_len(b), 5);
  expect_repr(py_getitem(b, I(-1)), "111");                   /* b'hello'[-1] */
  expect_repr(py_getitem(b, T(py_slice_new(I(1), I(3), NULL))), "b'el'");
  expect_repr(py_getitem(b, T(py_slice_new(NULL, NULL, I(-2)))), "b'olh'"); /* b'hello'[::-2] */
  expect_err(FAILS(py_getitem(b, I(5))), &py_exc_IndexError, "index out of range");
  expect_err(FAILS(py_getitem(b, S("x"))), &py_exc_TypeError,
             "byte indices must be integers or slices, not str");
  expect_repr(py_sequence_list(BS("\x00\xff")), "[0, 255]");  /* list(b'\x00\xff') */
  assert_int_equal(py_contains(b, BS("ell")), 1);
  assert_int_equal(py_contains(b, I('h')), 1);
  assert_int_equal(py_contains(b, I(0)), 0);
  expect_err(py_contains(b, I(256)) < 0, &py_exc_ValueError, "byte must be in range(0, 256)");
  expect_err(py_contains(b, S("h")) < 0, &py_exc_TypeError,
             "a bytes-like object is required, not 'str'");
  expect_repr(py_add(BS("ab"), BS("cd")), "b'abcd'");
  expect_repr(py_mul(I(3), BS("ab")), "b'ababab'");
  expect_err(FAILS(py_add(BS("ab"), S("cd"))), &py_exc_TypeError, "can't concat str to bytes");
  expect_err(FAILS(py_add(S("ab"), BS("cd"))), &py_exc_TypeError,
             "can only concatenate str (not \"bytes\") to str");
  assert_int_equal(py_richcompare_bool(BS("ab"), BS("abc"), PY_LT), 1);
  assert_int_equal(py_richcompare_bool(BS("b"), BS("abc"), PY_GT), 1);
  assert_int_equal(py_richcompare_bool(BS("ab"), S("ab"), PY_EQ), 0);
  /* the NUL after the data is not counted */
  py_obj *n = py_bytes_new(2);
  assert_int_equal(py_bytes_size(n), 2);
  assert_int_equal(py_bytes_data(n)[2], 0);
  expect_repr(n, "b'\\x00\\x00'");
}

static void bytes_codecs_and_constructor(void **state) {
  expect_repr(callm(S("h\xc3\xa9"), "encode", 0), "b'h\\xc3\\xa9'");        /* 'hé'.encode() */
  expect_repr(callm(BS("h\xc3\xa9"), "decode", 1, S("utf-8")), "'h\xc3\xa9'");
  expect_err(FAILS(callm(S("h\xc3\xa9"), "encode", 1, S("ascii"))), &py_exc_UnicodeError,
             "'ascii' codec can't encode character '\\xe9' in position 1: ordinal not in range(128)");
  expect_err(FAILS(callm(BS("ab\xff"), "decode", 0)), &py_exc_ValueError,
             "'utf-8' codec can't decode byte 0xff in position 2: invalid start byte");
  expect_err(FAILS(callm(BS("x"), "decode", 1, S("latin-9"))), &py_exc_LookupError,
             "unknown encoding: latin-9");
  py_obj *bytes = PY_OBJ(&py_bytes_type);
  expect_repr(py_call1(bytes, I(2)), "b'\\x00\\x00'");                      /* bytes(2) */
  expect_repr(py_call1(bytes, LIST(2, I(65), I(66))), "b'AB'");            /* bytes([65, 66]) */
  expect_repr(py_call2(bytes, S("ok"), S("ascii")), "b'ok'");               /* bytes('ok', 'ascii') */
  expect_err(FAILS(py_call1(bytes, S("x"))), &py_exc_TypeError, "string argument without an encoding");
  expect_err(FAILS(py_call1(bytes, LIST(1, I(256)))), &py_exc_ValueError,
             "bytes must be in range(0, 256)");
  expect_err(FAILS(py_call1(bytes, I(-1))), &py_exc_ValueError, "negative count");
  expect_repr(callm(BS("\x01\xab"), "hex", 0), "'01ab'");                   /* b'\x01\xab'.hex() */
  expect_repr(callm(BS("a,b,,c"), "split", 1, BS(",")), "[b'a', b'b', b'', b'c']");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(bytes_repr_escapes_and_chooses_quotes_like_cpython, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(bytes_hash_matches_cpython_with_hashseed_0, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(bytes_sequence_protocol_gives_ints_and_bytes, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(bytes_codecs_and_constructor, obj_setup, obj_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
