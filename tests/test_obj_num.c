/* test_obj_num.c: int and float: reprs, arithmetic with Python's signs,
 * overflow, rounding, parsing and hashing, against CPython 3.11's output. */
#include <math.h>

#include "obj_test.h"

/* Expected values below come from python3 (3.11.7) on this machine; each
 * row's comment is the Python expression. */

static void float_repr_is_shortest_round_trip(void **state) {
  static const struct { double v; const char *repr; } cases[] = {
    {0x1.999999999999ap-4, "0.1"}, /* repr(0.1) */
    {0x1.3333333333334p-2, "0.30000000000000004"}, /* repr(0.1+0.2) */
    {0x1.0000000000000p+0, "1.0"}, /* repr(1.0) */
    {-0x0.0p+0, "-0.0"}, /* repr(-0.0) */
    {0x0.0p+0, "0.0"}, /* repr(0.0) */
    {0x1.4f8b588e368f1p-17, "1e-05"}, /* repr(1e-05) */
    {0x1.a36e2eb1c432dp-14, "0.0001"}, /* repr(0.0001) */
    {0x1.1c37937e08000p+53, "1e+16"}, /* repr(1e16) */
    {0x1.c6bf526340000p+49, "1000000000000000.0"}, /* repr(1e15) */
    {0x1.b69b4ba630f35p+56, "1.2345678901234568e+17"}, /* repr(123456789012345678.0) */
    {0x1.5555555555555p-2, "0.3333333333333333"}, /* repr(1/3) */
    {0x1.5555555555555p-1, "0.6666666666666666"}, /* repr(2/3) */
    {0x0.0000000000001p-1022, "5e-324"}, /* repr(5e-324) */
    {0x1.fffffffffffffp+1023, "1.7976931348623157e+308"}, /* repr(1.7976931348623157e308) */
    {INFINITY, "inf"}, /* repr(float("inf")) */
    {-INFINITY, "-inf"}, /* repr(-float("inf")) */
    {NAN, "nan"}, /* repr(float("nan")) */
    {0x1.a666666666667p+1, "3.3000000000000003"}, /* repr(1.1*3) */
    {0x1.9000000000000p+6, "100.0"}, /* repr(100.0) */
    {0x1.0f0cf064dd592p+73, "1e+22"}, /* repr(1e22) */
    {0x1.ad7f29abcaf48p-24, "1e-07"}, /* repr(1e-7) */
    {0x1.0000000000000p-1, "0.5"}, /* repr(0.5) */
    {0x1.0000000000000p+53, "9007199254740992.0"}, /* repr(9007199254740993.0) */
    {0x0.0000000000003p-1022, "1.5e-323"}, /* repr(2.0**-1074*3) */
    {0x1.edd2f1a9fbe77p+6, "123.456"}, /* repr(123.456) */
    {-0x1.49da7e361ce4cp-33, "-1.5e-10"}, /* repr(-1.5e-10) */
    {0x1.1666666666666p+2, "4.35"}, /* repr(4.35) */
    {0x1.3333333333333p-2, "0.3"}, /* repr(0.3) */
    {0x1.6a09e667f3bcdp+0, "1.4142135623730951"}, /* repr(2**0.5) */
    {0x1.921fb54442d18p+1, "3.141592653589793"}, /* repr(math.pi) */
    {0x1.ddd4baa009303p+999, "1e+301"}, /* repr(1e300*10) */
    {0x1.0000000000000p+63, "9.223372036854776e+18"}, /* repr(2.0**63) */
    {0x1.b1ae4d6e2ef50p+69, "1e+21"}, /* repr(1e21) */
    {0x1.249ad2594c37dp+332, "1e+100"}, /* repr(1e100) */
    {0x1.c1221836bd000p+46, "123456789000000.0"}, /* repr(12345.6789e10) */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    expect_repr(py_float_from(cases[i].v), cases[i].repr);
    expect_str(py_float_from(cases[i].v), cases[i].repr);
  }
  char buf[32];
  py_float_repr_buf(0.1, buf, sizeof buf);
  assert_string_equal(buf, "0.1");
}

static void int_overflow_raises_instead_of_wrapping(void **state) {
  py_obj *max = I(INT64_MAX), *min = I(INT64_MIN), *one = I(1), *two = I(2);
  py_obj *m1 = I(-1);
  expect_err(FAILS(py_add(max, one)), &py_exc_OverflowError, PY_INT_OVERFLOW_MSG);
  expect_err(FAILS(py_sub(min, one)), &py_exc_OverflowError, PY_INT_OVERFLOW_MSG);
  expect_err(FAILS(py_mul(max, two)), &py_exc_OverflowError, PY_INT_OVERFLOW_MSG);
  expect_err(FAILS(py_neg(min)), &py_exc_OverflowError, PY_INT_OVERFLOW_MSG);
  expect_err(FAILS(py_abs(min)), &py_exc_OverflowError, PY_INT_OVERFLOW_MSG);
  expect_err(FAILS(py_binary_op(min, m1, PY_OP_FLOORDIV)), &py_exc_OverflowError,
             PY_INT_OVERFLOW_MSG);
  expect_err(FAILS(py_binary_op(one, I(63), PY_OP_LSHIFT)), &py_exc_OverflowError,
             PY_INT_OVERFLOW_MSG);
  expect_err(FAILS(py_binary_op(two, I(64), PY_OP_POW)), &py_exc_OverflowError,
             PY_INT_OVERFLOW_MSG);
  /* int('9' * 30): CPython would make a bigint */
  expect_err(FAILS(py_int_from_str(S("999999999999999999999999999999"), 10)),
             &py_exc_OverflowError, PY_INT_OVERFLOW_MSG);
  expect_err(FAILS(py_number_int(F(1e30))), &py_exc_OverflowError, PY_INT_OVERFLOW_MSG);
  /* round(9223372036854775807, -19) is 10**19 in CPython */
  expect_err(FAILS(py_round(max, I(-19))), &py_exc_OverflowError, PY_INT_OVERFLOW_MSG);
  /* what still fits is exact */
  expect_repr(py_binary_op(two, I(62), PY_OP_POW), "4611686018427387904"); /* 2**62 */
  expect_repr(py_binary_op(min, m1, PY_OP_MOD), "0");       /* (-2**63) % -1 */
  expect_repr(py_add(min, I(0)), "-9223372036854775808");  /* -2**63 */
  expect_repr(py_binary_op(one, I(62), PY_OP_LSHIFT), "4611686018427387904"); /* 1<<62 */
  expect_repr(py_binary_op(m1, I(100), PY_OP_RSHIFT), "-1"); /* -1 >> 100 */
  expect_repr(py_binary_op(max, I(100), PY_OP_RSHIFT), "0"); /* (2**63-1) >> 100 */
  expect_err(FAILS(py_binary_op(one, m1, PY_OP_LSHIFT)), &py_exc_ValueError,
             "negative shift count"); /* 1 << -1 */
}

static void floor_division_and_modulo_follow_python_signs(void **state) {
  static const struct { int64_t a, b, q, r; } ints[] = {
    {7LL, 2LL, 3LL, 1LL}, /* 7 // 2, 7 % 2 */
    {-7LL, 2LL, -4LL, 1LL}, /* -7 // 2, -7 % 2 */
    {7LL, -2LL, -4LL, -1LL}, /* 7 // -2, 7 % -2 */
    {-7LL, -2LL, 3LL, -1LL}, /* -7 // -2, -7 % -2 */
    {0LL, 5LL, 0LL, 0LL}, /* 0 // 5, 0 % 5 */
    {5LL, -5LL, -1LL, 0LL}, /* 5 // -5, 5 % -5 */
    {INT64_MIN, 2LL, -4611686018427387904LL, 0LL}, /* -2**63 // 2, -2**63 % 2 */
    {9223372036854775807LL, -1LL, -9223372036854775807LL, 0LL}, /* (2**63-1) // -1, % -1 */
    {-1LL, 9223372036854775807LL, -1LL, 9223372036854775806LL}, /* -1 // (2**63-1), % */
  };
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    py_obj *a = I(ints[i].a), *b = I(ints[i].b);
    py_obj *q = T(py_binary_op(a, b, PY_OP_FLOORDIV)), *r = T(py_binary_op(a, b, PY_OP_MOD));
    assert_int_equal(py_int_value(q), ints[i].q);
    assert_int_equal(py_int_value(r), ints[i].r);
    py_obj *qr = T(py_binary_op(a, b, PY_OP_DIVMOD));
    assert_int_equal(py_int_value(py_tuple_get(qr, 0)), ints[i].q);
    assert_int_equal(py_int_value(py_tuple_get(qr, 1)), ints[i].r);
  }
  static const struct { double a, b; const char *q, *r; } flts[] = {
    {0x1.e000000000000p+2, 0x1.0000000000000p+1, "3.0", "1.5"}, /* 7.5 // 2.0, 7.5 % 2.0 */
    {-0x1.e000000000000p+2, 0x1.0000000000000p+1, "-4.0", "0.5"}, /* -7.5 // 2.0, -7.5 % 2.0 */
    {0x1.e000000000000p+2, -0x1.0000000000000p+1, "-4.0", "-0.5"}, /* 7.5 // -2.0, 7.5 % -2.0 */
    {-0x1.e000000000000p+2, -0x1.0000000000000p+1, "3.0", "-1.5"}, /* -7.5 // -2.0, -7.5 % -2.0 */
    {0x1.0000000000000p+0, 0x1.999999999999ap-4, "9.0", "0.09999999999999995"}, /* 1.0 // 0.1, 1.0 % 0.1 */
    {-0x0.0p+0, 0x1.0000000000000p+0, "-0.0", "0.0"}, /* -0.0 // 1.0, -0.0 % 1.0 */
    {0x0.0p+0, -0x1.0000000000000p+0, "-0.0", "-0.0"}, /* 0.0 // -1.0, 0.0 % -1.0 */
    {0x1.4000000000000p+2, INFINITY, "0.0", "5.0"}, /* 5.0 // inf, 5.0 % inf */
    {-0x1.4000000000000p+2, INFINITY, "-1.0", "inf"}, /* -5.0 // inf, -5.0 % inf */
    {0x1.7e43c8800759cp+996, 0x1.56e1fc2f8f359p-997, "inf", "4.891554850853602e-301"}, /* 1e300 // 1e-300, % */
  };
  for (size_t i = 0; i < sizeof flts / sizeof flts[0]; i++) {
    py_obj *a = F(flts[i].a), *b = F(flts[i].b);
    expect_repr(py_binary_op(a, b, PY_OP_FLOORDIV), flts[i].q);
    expect_repr(py_binary_op(a, b, PY_OP_MOD), flts[i].r);
  }
  /* mixed int and float: (-7) // 2.0, divmod(7, -2.5) */
  expect_repr(py_binary_op(I(-7), F(2.0), PY_OP_FLOORDIV), "-4.0");
  expect_repr(py_binary_op(I(7), F(-2.5), PY_OP_DIVMOD), "(-3.0, -0.5)");
}

static void true_division_is_correctly_rounded(void **state) {
  static const struct { int64_t a, b; const char *r; } cases[] = {
    {1LL, 3LL, "0.3333333333333333"}, /* 1 / 3 */
    {2LL, 3LL, "0.6666666666666666"}, /* 2 / 3 */
    {10LL, 4LL, "2.5"}, /* 10 / 4 */
    {-7LL, 2LL, "-3.5"}, /* -7 / 2 */
    {9007199254740993LL, 1LL, "9007199254740992.0"}, /* 9007199254740993 / 1 */
    {9223372036854775807LL, 3LL, "3.0744573456182584e+18"}, /* 9223372036854775807 / 3 */
    {INT64_MIN, 7LL, "-1.3176245766935393e+18"}, /* -9223372036854775808 / 7 */
    {1LL, 9223372036854775807LL, "1.0842021724855044e-19"}, /* 1 / 9223372036854775807 */
    {123456789123456789LL, 1000LL, "123456789123456.78"}, /* 123456789123456789 / 1000 */
    {INT64_MIN, 1LL, "-9.223372036854776e+18"}, /* -9223372036854775808 / 1 */
    {INT64_MIN, -1LL, "9.223372036854776e+18"}, /* -9223372036854775808 / -1 */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    expect_repr(py_binary_op(I(cases[i].a), I(cases[i].b), PY_OP_TRUEDIV), cases[i].r);
  expect_repr(py_binary_op(F(0.1), F(3.0), PY_OP_TRUEDIV), "0.03333333333333333"); /* 0.1/3.0 */
}

static void division_by_zero_messages_match_cpython(void **state) {
  enum { ONE, ZERO, ONEF, ZEROF, MINUS_ONE };
  py_obj *v[] = {I(1), I(0), F(1.0), F(0.0), I(-1)};
  static const struct { int a, b; py_binop op; const char *msg; } cases[] = {
    {ONE, ZERO, PY_OP_TRUEDIV, "division by zero"},                      /* 1/0 */
    {ONE, ZERO, PY_OP_FLOORDIV, "integer division or modulo by zero"},   /* 1//0 */
    {ONE, ZERO, PY_OP_MOD, "integer modulo by zero"},                    /* 1%0 */
    {ONE, ZERO, PY_OP_DIVMOD, "integer division or modulo by zero"},     /* divmod(1,0) */
    {ONEF, ZERO, PY_OP_TRUEDIV, "float division by zero"},               /* 1.0/0 */
    {ONEF, ZEROF, PY_OP_FLOORDIV, "float floor division by zero"},       /* 1.0//0.0 */
    {ONEF, ZERO, PY_OP_MOD, "float modulo"},                             /* 1.0%0 */
    {ONEF, ZERO, PY_OP_DIVMOD, "float divmod()"},                        /* divmod(1.0,0) */
    {ZERO, MINUS_ONE, PY_OP_POW, "0.0 cannot be raised to a negative power"},  /* 0**-1 */
    {ZEROF, MINUS_ONE, PY_OP_POW, "0.0 cannot be raised to a negative power"}, /* 0.0**-1 */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    expect_err(FAILS(py_binary_op(v[cases[i].a], v[cases[i].b], cases[i].op)),
               &py_exc_ZeroDivisionError, cases[i].msg);
}

static void pow_with_negative_exponent_gives_float(void **state) {
  static const struct { int64_t a, b; const char *r; } ints[] = {
    {2LL, 10LL, "1024"}, /* 2 ** 10 */
    {2LL, -1LL, "0.5"}, /* 2 ** -1 */
    {-2LL, -3LL, "-0.125"}, /* (-2) ** -3 */
    {10LL, -2LL, "0.01"}, /* 10 ** -2 */
    {3LL, 0LL, "1"}, /* 3 ** 0 */
    {0LL, 0LL, "1"}, /* 0 ** 0 */
    {-3LL, 3LL, "-27"}, /* (-3) ** 3 */
    {2LL, 62LL, "4611686018427387904"}, /* 2 ** 62 */
    {7LL, 22LL, "3909821048582988049"}, /* 7 ** 22 */
  };
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
    expect_repr(py_binary_op(I(ints[i].a), I(ints[i].b), PY_OP_POW), ints[i].r);
  static const struct { double a, b; const char *r; } flts[] = {
    {0x1.0000000000000p+1, 0x1.0000000000000p-1, "1.4142135623730951"}, /* 2.0 ** 0.5 */
    {-0x1.0000000000000p+3, 0x1.8000000000000p+1, "-512.0"}, /* (-8.0) ** 3.0 */
    {0x0.0p+0, 0x0.0p+0, "1.0"}, /* 0.0 ** 0.0 */
    {INFINITY, -0x1.0000000000000p+0, "0.0"}, /* inf ** -1.0 */
    {-0x1.0000000000000p+0, INFINITY, "1.0"}, /* (-1.0) ** inf */
    {0x1.0000000000000p+0, NAN, "1.0"}, /* 1.0 ** nan */
    {0x1.0000000000000p+1, -0x1.0c80000000000p+10, "5e-324"}, /* 2.0 ** -1074.0 */
    {0x1.4000000000000p+3, -0x1.9000000000000p+8, "0.0"}, /* 10.0 ** -400.0 */
    {-0x1.0000000000000p+1, 0x1.8000000000000p+1, "-8.0"}, /* (-2.0) ** 3.0 */
    {0x1.8000000000000p+0, 0x1.0000000000000p+1, "2.25"}, /* 1.5 ** 2.0 */
  };
  for (size_t i = 0; i < sizeof flts / sizeof flts[0]; i++)
    expect_repr(py_binary_op(F(flts[i].a), F(flts[i].b), PY_OP_POW), flts[i].r);
  /* 10.0 ** 400 -> OverflowError: (34, 'Numerical result out of range') */
  expect_err(FAILS(py_binary_op(F(10.0), I(400), PY_OP_POW)), &py_exc_OverflowError,
             "(34, 'Numerical result out of range')");
  /* CPython returns a complex here; coroscope has none */
  expect_err(FAILS(py_binary_op(I(-8), F(0.5), PY_OP_POW)), &py_exc_NotImplementedError,
             "complex numbers are not supported (a negative number raised to a "
             "fractional power)");
  /* pow(3, 4, 5), pow(-3, 3, 7), pow(2, 10, -7) */
  expect_repr(py_pow3(I(3), I(4), I(5)), "1");
  expect_repr(py_pow3(I(-3), I(3), I(7)), "1");
  expect_repr(py_pow3(I(2), I(10), I(-7)), "-5");
}

static void round_half_to_even(void **state) {
  static const struct { double x; int64_t r; } to_int[] = {
    {0x1.0000000000000p-1, 0LL}, /* round(0.5) */
    {0x1.8000000000000p+0, 2LL}, /* round(1.5) */
    {0x1.4000000000000p+1, 2LL}, /* round(2.5) */
    {-0x1.0000000000000p-1, 0LL}, /* round(-0.5) */
    {-0x1.8000000000000p+0, -2LL}, /* round(-1.5) */
    {-0x1.4000000000000p+1, -2LL}, /* round(-2.5) */
    {0x1.3ffffffffffffp+1, 2LL}, /* round(2.4999999999999996) */
    {0x1.c6bf526340004p+49, 1000000000000000LL}, /* round(1000000000000000.5) */
    {-0x1.e000000000000p+2, -8LL}, /* round(-7.5) */
    {0x1.d99999999999ap+1, 4LL}, /* round(3.7) */
  };
  for (size_t i = 0; i < sizeof to_int / sizeof to_int[0]; i++) {
    py_obj *r = T(py_round(F(to_int[i].x), NULL));
    assert_true(py_int_check_exact(r));
    assert_int_equal(py_int_value(r), to_int[i].r);
  }
  static const struct { double x; int n; const char *r; } nd[] = {
    {0x1.5666666666666p+1, 2, "2.67"}, /* round(2.675, 2) */
    {0x1.0000000000000p-3, 2, "0.12"}, /* round(0.125, 2) */
    {0x1.8000000000000p-2, 2, "0.38"}, /* round(0.375, 2) */
    {0x1.8000000000000p+0, 0, "2.0"}, /* round(1.5, 0) */
    {0x1.4000000000000p+1, 0, "2.0"}, /* round(2.5, 0) */
    {-0x1.0000000000000p-1, 0, "-0.0"}, /* round(-0.5, 0) */
    {-0x1.999999999999ap-2, 0, "-0.0"}, /* round(-0.4, 0) */
    {0x1.e000000000000p+5, -2, "100.0"}, /* round(60.0, -2) */
    {0x1.9000000000000p+5, -2, "0.0"}, /* round(50.0, -2) */
    {0x1.2c00000000000p+7, -2, "200.0"}, /* round(150.0, -2) */
    {0x1.34a456d5cfaadp+10, -1, "1230.0"}, /* round(1234.5678, -1) */
    {0x1.34a456d5cfaadp+10, 1, "1234.6"}, /* round(1234.5678, 1) */
    {0x1.7e43c8800759cp+996, -400, "0.0"}, /* round(1e+300, -400) */
    {0x1.3c0c1fc8f3238p+0, 10, "1.23456"}, /* round(1.23456, 10) */
    {0x0.0000000000001p-1022, 400, "5e-324"}, /* round(5e-324, 400) */
    {0x1.edd2f1a9fbe77p+6, -3, "0.0"}, /* round(123.456, -3) */
    {0x1.1580000000000p+9, -1, "560.0"}, /* round(555.0, -1) */
    {0x1.23d70a3d70a3dp-2, 2, "0.28"}, /* round(0.285, 2) */
    {0x1.0000000000000p+0, -308, "0.0"}, /* round(1.0, -308) */
    {-0x1.0000000000000p+0, -500, "-0.0"}, /* round(-1.0, -500) */
  };
  for (size_t i = 0; i < sizeof nd / sizeof nd[0]; i++)
    expect_repr(py_round(F(nd[i].x), I(nd[i].n)), nd[i].r);
  static const struct { int64_t x; int n; int64_t r; } ints[] = {
    {1250LL, -2, 1200LL}, /* round(1250, -2) */
    {1350LL, -2, 1400LL}, /* round(1350, -2) */
    {1249LL, -2, 1200LL}, /* round(1249, -2) */
    {-1250LL, -2, -1200LL}, /* round(-1250, -2) */
    {-1350LL, -2, -1400LL}, /* round(-1350, -2) */
    {15LL, -1, 20LL}, /* round(15, -1) */
    {25LL, -1, 20LL}, /* round(25, -1) */
    {12345LL, 2, 12345LL}, /* round(12345, 2) */
    {5LL, -1, 0LL}, /* round(5, -1) */
    {-5LL, -1, 0LL}, /* round(-5, -1) */
    {123LL, -5, 0LL}, /* round(123, -5) */
  };
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    py_obj *r = T(py_round(I(ints[i].x), I(ints[i].n)));
    assert_int_equal(py_int_value(r), ints[i].r);
  }
  /* round(float('inf')), round(float('nan')), round('x') */
  expect_err(FAILS(py_round(F(INFINITY), NULL)), &py_exc_OverflowError,
             "cannot convert float infinity to integer");
  expect_err(FAILS(py_round(F(NAN), NULL)), &py_exc_ValueError,
             "cannot convert float NaN to integer");
  expect_err(FAILS(py_round(S("x"), NULL)), &py_exc_TypeError,
             "type str doesn't define __round__ method");
  /* round(7) is 7; round(True) is 1 */
  expect_repr(py_round(I(7), NULL), "7");
  expect_repr(py_round(py_True, NULL), "1");
}

static void int_parsing_accepts_python_literals_and_reports_bad_ones(void **state) {
  static const struct { const char *s; int base; int64_t v; } ok[] = {
    {"42", 10, 42LL}, /* int('42', 10) */
    {" -17 ", 10, -17LL}, /* int(' -17 ', 10) */
    {"+5", 10, 5LL}, /* int('+5', 10) */
    {"1_000_000", 10, 1000000LL}, /* int('1_000_000', 10) */
    {"0x1F", 16, 31LL}, /* int('0x1F', 16) */
    {"0x1F", 0, 31LL}, /* int('0x1F', 0) */
    {"0o17", 0, 15LL}, /* int('0o17', 0) */
    {"0b101", 0, 5LL}, /* int('0b101', 0) */
    {"ff", 16, 255LL}, /* int('ff', 16) */
    {"Z", 36, 35LL}, /* int('Z', 36) */
    {"0", 0, 0LL}, /* int('0', 0) */
    {"00", 0, 0LL}, /* int('00', 0) */
    {"-0x10", 0, -16LL}, /* int('-0x10', 0) */
    {"٣٤", 10, 34LL}, /* int('٣٤', 10) */
    {"\xe3\x80\x80 7\n", 10, 7LL}, /* int('\u3000 7\n', 10) */
    {"0b1", 16, 177LL}, /* int('0b1', 16) */
    {"0_7", 10, 7LL}, /* int('0_7', 10) */
    {"07", 10, 7LL}, /* int('07', 10) */
    {"-9223372036854775808", 10, INT64_MIN}, /* int('-9223372036854775808') */
  };
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    py_obj *r = T(py_int_from_str(S(ok[i].s), ok[i].base));
    assert_int_equal(py_int_value(r), ok[i].v);
  }
  static const struct { const char *s; int base; const char *msg; } bad[] = {
    {"x", 10, "invalid literal for int() with base 10: 'x'"}, /* int('x', 10) */
    {"", 10, "invalid literal for int() with base 10: ''"}, /* int('', 10) */
    {"4.5", 10, "invalid literal for int() with base 10: '4.5'"}, /* int('4.5', 10) */
    {"12", 2, "invalid literal for int() with base 2: '12'"}, /* int('12', 2) */
    {"1__0", 10, "invalid literal for int() with base 10: '1__0'"}, /* int('1__0', 10) */
    {"_1", 10, "invalid literal for int() with base 10: '_1'"}, /* int('_1', 10) */
    {"1_", 10, "invalid literal for int() with base 10: '1_'"}, /* int('1_', 10) */
    {"0x", 16, "invalid literal for int() with base 16: '0x'"}, /* int('0x', 16) */
    {"010", 0, "invalid literal for int() with base 0: '010'"}, /* int('010', 0) */
    {"0_7", 0, "invalid literal for int() with base 0: '0_7'"}, /* int('0_7', 0) */
    {" ", 10, "invalid literal for int() with base 10: ' '"}, /* int(' ', 10) */
    {"1 2", 10, "invalid literal for int() with base 10: '1 2'"}, /* int('1 2', 10) */
    {"0x_", 0, "invalid literal for int() with base 0: '0x_'"}, /* int('0x_', 0) */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    expect_err(FAILS(py_int_from_str(S(bad[i].s), bad[i].base)), &py_exc_ValueError,
               bad[i].msg);
  /* int() as the type: int(3.99), int('7'), int(True), int(None), int(5, 2),
   * int('10', 37), int(x=5) */
  py_obj *int_t = &py_int_type.ob;
  expect_repr(py_call1(int_t, F(3.99)), "3");
  expect_repr(py_call1(int_t, F(-3.99)), "-3");
  expect_repr(py_call1(int_t, S("7")), "7");
  expect_repr(py_call1(int_t, py_True), "1");
  expect_repr(py_call0(int_t), "0");
  expect_err(FAILS(py_call1(int_t, py_None)), &py_exc_TypeError,
             "int() argument must be a string, a bytes-like object or a real number, "
             "not 'NoneType'");
  expect_err(FAILS(py_call2(int_t, I(5), I(2))), &py_exc_TypeError,
             "int() can't convert non-string with explicit base");
  expect_err(FAILS(py_call2(int_t, S("10"), I(37))), &py_exc_ValueError,
             "int() base must be >= 2 and <= 36, or 0");
  expect_err(FAILS(py_call1(int_t, F(INFINITY))), &py_exc_OverflowError,
             "cannot convert float infinity to integer");
  expect_err(FAILS(py_call1(int_t, F(NAN))), &py_exc_ValueError,
             "cannot convert float NaN to integer");
}

static void float_parsing_accepts_python_forms(void **state) {
  static const struct { const char *s; const char *repr; } cases[] = {
    {"1.5", "1.5"}, /* float('1.5') */
    {" -2.5e3 ", "-2500.0"}, /* float(' -2.5e3 ') */
    {"inf", "inf"}, /* float('inf') */
    {"-Infinity", "-inf"}, /* float('-Infinity') */
    {"nan", "nan"}, /* float('nan') */
    {"1_0.5", "10.5"}, /* float('1_0.5') */
    {".5", "0.5"}, /* float('.5') */
    {"5.", "5.0"}, /* float('5.') */
    {"1e5", "100000.0"}, /* float('1e5') */
    {"+1E-5", "1e-05"}, /* float('+1E-5') */
    {"٣.٥", "3.5"}, /* float('٣.٥') */
    {"0x10", NULL}, /* float('0x10') -> ValueError */
    {"1e", NULL}, /* float('1e') -> ValueError */
    {"abc", NULL}, /* float('abc') -> ValueError */
    {"", NULL}, /* float('') -> ValueError */
    {"1__0", NULL}, /* float('1__0') -> ValueError */
    {"1_", NULL}, /* float('1_') -> ValueError */
    {"nan(1)", NULL}, /* float('nan(1)') -> ValueError */
    {"in f", NULL}, /* float('in f') -> ValueError */
    {"infinityx", NULL}, /* float('infinityx') -> ValueError */
    {"1.5.5", NULL}, /* float('1.5.5') -> ValueError */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    py_obj *s = S(cases[i].s);
    if (cases[i].repr) {
      expect_repr(py_float_from_str(s), cases[i].repr);
    } else {
      char msg[128];
      snprintf(msg, sizeof msg, "could not convert string to float: '%s'", cases[i].s);
      expect_err(FAILS(py_float_from_str(s)), &py_exc_ValueError, msg);
    }
  }
  /* float(None), float(7), float() */
  expect_err(FAILS(py_call1(&py_float_type.ob, py_None)), &py_exc_TypeError,
             "float() argument must be a string or a real number, not 'NoneType'");
  expect_repr(py_call1(&py_float_type.ob, I(7)), "7.0");
  expect_repr(py_call0(&py_float_type.ob), "0.0");
}

static void int_and_float_hash_like_cpython(void **state) {
  static const struct { int64_t v, h; } ints[] = {
    {-1LL, -2LL}, /* hash(-1) */
    {-2LL, -2LL}, /* hash(-2) */
    {2305843009213693951LL, 0LL}, /* hash(2**61-1) */
    {2305843009213693952LL, 1LL}, /* hash(2**61) */
    {4611686018427387904LL, 2LL}, /* hash(2**62) */
    {-4611686018427387904LL, -2LL}, /* hash(-(2**62)) */
    {9223372036854775807LL, 3LL}, /* hash(9223372036854775807) */
    {INT64_MIN, -4LL}, /* hash(-9223372036854775807-1) */
    {12345678901234LL, 12345678901234LL}, /* hash(12345678901234) */
  };
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
    assert_int_equal(py_hash(I(ints[i].v)), ints[i].h);
  static const struct { double v; int64_t h; } flts[] = {
    {0x1.8000000000000p+0, 1152921504606846977LL}, /* hash(1.5) */
    {-0x1.999999999999ap-4, -230584300921369408LL}, /* hash(-0.1) */
    {0x1.7e43c8800759cp+996, 1224995262755759164LL}, /* hash(1e300) */
    {0x1.999999999999ap-4, 230584300921369408LL}, /* hash(0.1) */
    {INFINITY, 314159LL}, /* hash(float("inf")) */
    {-INFINITY, -314159LL}, /* hash(-float("inf")) */
    {0x1.0000000000000p+70, 512LL}, /* hash(2.0**70) */
    {0x1.56e1fc2f8f359p-997, 482449582752280463LL}, /* hash(1e-300) */
    {0x1.8000000000000p+1, 3LL}, /* hash(3.0) */
    {-0x0.0p+0, 0LL}, /* hash(-0.0) */
  };
  for (size_t i = 0; i < sizeof flts / sizeof flts[0]; i++)
    assert_int_equal(py_hash(F(flts[i].v)), flts[i].h);
  /* equal numbers hash equal: hash(True) == hash(1) == hash(1.0) */
  assert_int_equal(py_hash(py_True), py_hash(F(1.0)));
}

static void int_float_comparisons_are_exact(void **state) {
  /* 2**53 + 1 == float(2**53) is False; 2**53 + 1 > float(2**53) is True */
  py_obj *big = I(9007199254740993LL), *f = F(9007199254740992.0);
  assert_int_equal(py_richcompare_bool(big, f, PY_EQ), 0);
  assert_int_equal(py_richcompare_bool(big, f, PY_GT), 1);
  assert_int_equal(py_richcompare_bool(f, big, PY_LT), 1);
  /* 1 == 1.0, nan != nan, 1 < inf */
  assert_int_equal(py_richcompare_bool(I(1), F(1.0), PY_EQ), 1);
  py_obj *nan = F(NAN);
  assert_int_equal(py_richcompare_bool(nan, F(NAN), PY_EQ), 0);
  assert_int_equal(py_richcompare_bool(nan, I(1), PY_NE), 1);
  assert_int_equal(py_richcompare_bool(I(1), F(INFINITY), PY_LT), 1);
  /* 1 < 'a' -> TypeError: '<' not supported between instances of 'int' and 'str' */
  expect_err(py_richcompare_bool(I(1), S("a"), PY_LT) < 0, &py_exc_TypeError,
             "'<' not supported between instances of 'int' and 'str'");
  /* 1 == 'a' is False */
  assert_int_equal(py_richcompare_bool(I(1), S("a"), PY_EQ), 0);
}

static void bool_is_an_int_with_its_own_repr(void **state) {
  /* True + True, True & False, True | 1, ~True, -True, True / 2 */
  expect_repr(py_add(py_True, py_True), "2");
  expect_repr(py_binary_op(py_True, py_False, PY_OP_AND), "False");
  expect_repr(py_binary_op(py_True, I(1), PY_OP_OR), "1");
  expect_repr(py_invert(py_True), "-2");
  expect_repr(py_neg(py_True), "-1");
  expect_repr(py_binary_op(py_True, I(2), PY_OP_TRUEDIV), "0.5");
  /* bool(0.0), bool(''), bool([0]), bool(None) */
  assert_int_equal(py_is_true(F(0.0)), 0);
  assert_int_equal(py_is_true(S("")), 0);
  assert_int_equal(py_is_true(LIST(1, I(0))), 1);
  assert_int_equal(py_is_true(py_None), 0);
  expect_repr(py_call1(&py_bool_type.ob, S("x")), "True");
  /* 1 is 1 in the small-int cache; no allocation for small results */
  py_obj *a = I(100), *b = I(156);
  long before = alloc_count_total();
  py_obj *c = T(py_add(a, b));
  assert_int_equal(alloc_count_total(), before);
  assert_ptr_equal(c, &py__small_ints[256 - PY_SMALL_INT_MIN].ob);
}

static void int_methods_and_attributes(void **state) {
  /* (255).bit_length(), (-7).bit_count(), (6).real, (6).denominator */
  expect_repr(callm(I(255), "bit_length", 0), "8");
  expect_repr(callm(I(-7), "bit_count", 0), "3");
  expect_repr(py_getattr_str(I(6), "real"), "6");
  expect_repr(py_getattr_str(I(6), "denominator"), "1");
  /* (2.5).is_integer(), (0.75).as_integer_ratio(), (3.0).is_integer() */
  expect_repr(callm(F(2.5), "is_integer", 0), "False");
  expect_repr(callm(F(0.75), "as_integer_ratio", 0), "(3, 4)");
  expect_repr(callm(F(3.0), "is_integer", 0), "True");
  /* (1).x -> AttributeError: 'int' object has no attribute 'x' */
  expect_err(FAILS(py_getattr_str(I(1), "x")), &py_exc_AttributeError,
             "'int' object has no attribute 'x'");
  /* abs(-3.5), -(-0.0), +5 */
  expect_repr(py_abs(F(-3.5)), "3.5");
  expect_repr(py_neg(F(-0.0)), "0.0");
  expect_repr(py_pos(I(5)), "5");
  /* -'a' -> TypeError: bad operand type for unary -: 'str' */
  expect_err(FAILS(py_neg(S("a"))), &py_exc_TypeError, "bad operand type for unary -: 'str'");
  expect_err(FAILS(py_abs(S("a"))), &py_exc_TypeError, "bad operand type for abs(): 'str'");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(float_repr_is_shortest_round_trip, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(int_overflow_raises_instead_of_wrapping, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(floor_division_and_modulo_follow_python_signs, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(true_division_is_correctly_rounded, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(division_by_zero_messages_match_cpython, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(pow_with_negative_exponent_gives_float, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(round_half_to_even, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(int_parsing_accepts_python_literals_and_reports_bad_ones, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(float_parsing_accepts_python_forms, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(int_and_float_hash_like_cpython, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(int_float_comparisons_are_exact, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(bool_is_an_int_with_its_own_repr, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(int_methods_and_attributes, obj_setup, obj_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
