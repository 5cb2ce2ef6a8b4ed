# String slicing: bounds, negative indices, steps, reversal, out-of-range slices.
s = "Hello, World"
print(s[0], s[-1], s[7:], s[:5], s[1:4], s[-5:], s[-5:-1])
print(s[::2], s[1::2], s[::-1], s[::-2], s[8:2:-1], s[5:1], repr(s[100:]), s[-100:3])
print(s[:], s[0:len(s)], s[3:3] == "")
t = "一二三四五六"
print(t[1:3], t[::-1], t[-2:], len(t[::2]))
