# printf-style % formatting.
name, n, x = "Ann", 42, 3.14159
print("%s has %d items" % (name, n))
print("%r" % name, "%s" % [1, 2], "%s" % (None,), "%d%%" % 50)
print("[%5.2f] [%-10s] [%10s] [%05d] [%-5d] [%+d] [%x] [%X] [%o] [%e] [%.3e] [%g]" %
      (x, name, name, n, n, n, 255, 255, 8, x, x, 0.0001))
print("%(who)s owes %(amount).2f" % {"who": "Bob", "amount": 7.5})
print("%c%c" % (65, "b"), "%i" % 7.9, "%.1f" % 2.25, "%.0f" % 0.5, "%5s|" % "中文")
print("%s" % "single", "%s-%s" % ("a", "b"), "%*d" % (5, 3), "%.*f" % (2, 1.23456))
