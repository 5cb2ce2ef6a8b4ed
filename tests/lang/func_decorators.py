# Decorators wrap functions; a decorator with arguments; stacking order.
def shout(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs).upper() + "!"
    return wrapper
def repeat(times):
    def deco(fn):
        def wrapper(*args):
            return [fn(*args) for _ in range(times)]
        return wrapper
    return deco
@shout
def hello(name):
    return "hello " + name
@repeat(3)
def roll(x):
    return x * 2
calls = []
def trace(fn):
    def wrapper(x):
        calls.append(fn.__name__)
        return fn(x)
    return wrapper
@trace
@shout
def hi(x):
    return "hi " + x
print(hello("ann"), roll(4), hi("bo"), calls)
