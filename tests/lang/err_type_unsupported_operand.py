# TypeError messages for operators applied to the wrong types.
tests = [
    ("1 + 'a'", lambda: 1 + "a"),
    ("'a' + 1", lambda: "a" + 1),
    ("[1] + (2,)", lambda: [1] + (2,)),
    ("None + 1", lambda: None + 1),
    ("'a' * 'b'", lambda: "a" * "b"),
    ("[1] * 2.0", lambda: [1] * 2.0),
    ("-'a'", lambda: -"a"),
    ("{} + {}", lambda: {} + {}),
    ("1 - 'x'", lambda: 1 - "x"),
    ("'a' < 1", lambda: "a" < 1),
    ("1.5 // 'x'", lambda: 1.5 // "x"),
    ("'%d' % []", lambda: "%d" % []),
    ("{1} + {2}", lambda: {1} + {2}),
    ("'a' - 'b'", lambda: "a" - "b"),
]
for text, fn in tests:
    try:
        fn()
    except TypeError as e:
        print(f"{text:12} {e}")
