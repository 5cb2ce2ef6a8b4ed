# A class-based iterator: __iter__ returns self, __next__ raises StopIteration at the end.
class Countdown:
    def __init__(self, start):
        self.n = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
for x in Countdown(3):
    print(x)
c = Countdown(2)
print(next(c), next(c), next(c, "stop"), list(c))
print(list(Countdown(4)), sum(Countdown(4)), [x * 2 for x in Countdown(2)])
class Bad:
    def __iter__(self):
        return 5
try:
    iter(Bad())
except TypeError as e:
    print(type(e).__name__, e)
