# Errors from str.format and f-string format specs.
tests = [
    ("'{}'.format()", lambda: "{}".format()),
    ("'{1}'.format('a')", lambda: "{1}".format("a")),
    ("'{x}'.format()", lambda: "{x}".format()),
    ("f'{1.5:d}'", lambda: f"{1.5:d}"),
    ("f'{\"s\":d}'", lambda: f"{'s':d}"),
    ("'{:x}'.format('a')", lambda: "{:x}".format("a")),
    ("'{} {0}'.format(1, 2)", lambda: "{} {0}".format(1, 2)),
    ("f'{None:>5}'", lambda: f"{None:>5}"),
]
for text, fn in tests:
    try:
        fn()
    except (IndexError, KeyError, ValueError, TypeError) as e:
        print(f"{text}: {type(e).__name__}: {e}")
