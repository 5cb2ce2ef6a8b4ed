# CPython 3.11 suggests a close attribute name on an uncaught AttributeError.
class Task:
    def __init__(self):
        self.result = 42
t = Task()
try:
    t.resutl
except AttributeError as e:
    print("caught:", e)
print(t.resutl)
