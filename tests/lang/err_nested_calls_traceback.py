# A traceback through a method, a closure and a generator.
class Pipeline:
    def __init__(self, items):
        self.items = items
    def run(self):
        def transform(x):
            return 100 // x
        return list(self.stream(transform))
    def stream(self, fn):
        for item in self.items:
            yield fn(item)
print(Pipeline([1, 2, 5]).run())
print(Pipeline([4, 0]).run())
