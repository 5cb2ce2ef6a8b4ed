# f-string format specs for floats, ints and grouping.
x = 3.14159
n = 1234567
for spec_result in [f"{x:>8.3f}|", f"{x:<8.2f}|", f"{x:^9.1f}|", f"{x:08.2f}", f"{x:+.2f}", f"{-x:+.2f}",
                    f"{x:.0f}", f"{2.5:.0f}", f"{x:e}", f"{x:.2e}", f"{x:E}", f"{0.256:%}", f"{0.256:.1%}",
                    f"{x:g}", f"{1e-7:g}", f"{123456789.0:g}", f"{x:10.4}", f"{x: .2f}"]:
    print(spec_result)
print(f"{n:,}", f"{n:_}", f"{n:,.2f}", f"{-n:,}", f"{n:>12,}", f"{n:e}")
print(f"{255:x}", f"{255:X}", f"{255:#x}", f"{255:o}", f"{10:b}", f"{42:5d}|", f"{42:<5d}|", f"{42:05d}", f"{-42:05d}")
print(f"{42:+d}", f"{42: d}", f"{42:=+6d}", f"{42:*^7}", f"{7:03}", f"{True:d}", f"{3:.2f}")
width, prec = 10, 3
print(f"[{x:{width}.{prec}f}]", f"[{x:>{width}}]", f"[{'s':{width}}]")
