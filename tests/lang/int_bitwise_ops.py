# Bitwise operators on ints, shown with binary and hex format specs.
a, b = 0b1100, 0b1010
print(a & b, a | b, a ^ b, ~a, a << 2, a >> 2)
print(f"{a & b:04b} {a | b:04b} {a ^ b:04b}")
print(-1 >> 3, -16 >> 2, 1 << 62, (1 << 62) >> 60)
print(f"{255:x} {255:X} {255:#x} {255:o} {255:#o} {5:b} {5:#b} {5:08b}")
flags = 0
for bit in (0, 2, 5):
    flags |= 1 << bit
print(flags, bool(flags & 4), bool(flags & 2))
try:
    print(1 << -1)
except ValueError as e:
    print(type(e).__name__, e)
