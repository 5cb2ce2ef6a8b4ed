# Integer literals: underscores, hex, octal and binary forms.
print(1_000_000, 0xff, 0XFF, 0o17, 0b1010, 0x_ff, 1_0)
print(0, -0, 00, 0b0)
print(1e3, 1_000.5, 0.000_1, 1E-2, .5, 5.)
