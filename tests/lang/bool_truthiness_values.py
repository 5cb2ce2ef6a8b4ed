# Truthiness of built-in values, and `if` on them.
values = [0, 1, -1, 0.0, 0.1, "", " ", "0", [], [0], (), (None,), {}, {"": 0}, set(), None, True, False, range(0), range(1)]
for v in values:
    print(f"{v!r:>10} -> {bool(v)}")
items = []
if not items:
    print("empty list is falsy")
name = ""
print(name or "anonymous", bool(name), not name)
