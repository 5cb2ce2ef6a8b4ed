# isinstance with one class, a tuple of classes, and subclasses.
checks = [(1, int), (True, int), (1.0, int), (1, (float, int)), ("s", str), ([], list), ([], (tuple, dict)),
          (None, type(None)), (KeyError(), LookupError), (KeyError(), Exception), (3, object), (int, type)]
for value, cls in checks:
    print(f"isinstance({value!r}, {cls!r}) = {isinstance(value, cls)}")
try:
    isinstance(1, "int")
except TypeError as e:
    print(type(e).__name__, e)
