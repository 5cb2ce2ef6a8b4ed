# Large ints that stay inside the signed 64-bit range (coroscope's int is 64-bit).
big = 2 ** 62
print(big, big + (big - 1), -big * 2)
print(9223372036854775807, -9223372036854775807 - 1)
print(2 ** 31 * 2 ** 31, 3037000499 * 3037000499)
print(10 ** 18, 999999999999 * 1000000)
fact = 1
for i in range(1, 21):
    fact *= i
print("20! =", fact)
print(f"{9223372036854775807:,}", f"{-2 ** 63:_}")
print(abs(-9223372036854775807), 9223372036854775807 // 7, 9223372036854775807 % 1000)
