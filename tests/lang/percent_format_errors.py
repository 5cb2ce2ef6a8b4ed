# % formatting errors: wrong counts and wrong types.
tests = [
    ("'%s %s' % ('a',)", lambda: "%s %s" % ("a",)),
    ("'%s' % ('a', 'b')", lambda: "%s" % ("a", "b")),
    ("'%d' % 'x'", lambda: "%d" % "x"),
    ("'%(k)s' % {}", lambda: "%(k)s" % {}),
    ("'%z' % 1", lambda: "%z" % 1),
    ("'%f' % None", lambda: "%f" % None),
]
for text, fn in tests:
    try:
        fn()
    except (TypeError, ValueError, KeyError) as e:
        print(f"{text}: {type(e).__name__}: {e}")
