# bool is a subclass of int.
print(True + True, True * 10, False - 1, sum([True, False, True]), True / 2)
print(True == 1, False == 0, True is True, isinstance(True, int), issubclass(bool, int))
print(str(True), repr(False), f"{True}", f"{True:>6}", f"{False:d}", "%s %d" % (True, True))
print(bool(), bool(5), bool("False"), int(True), float(False), -True, ~False, True & False, True | False)
print(type(True).__name__, type(True + 1).__name__, [True, 1, 1.0].count(1))
