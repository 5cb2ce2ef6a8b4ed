# The built-in exception hierarchy that lessons rely on.
pairs = [(ZeroDivisionError, ArithmeticError), (KeyError, LookupError), (IndexError, LookupError),
         (RecursionError, RuntimeError), (NotImplementedError, RuntimeError), (UnboundLocalError, NameError),
         (TimeoutError, OSError), (StopAsyncIteration, Exception), (KeyboardInterrupt, Exception),
         (GeneratorExit, Exception), (MemoryError, Exception), (AttributeError, Exception),
         (Exception, BaseException), (StopIteration, Exception), (TypeError, ValueError)]
for sub, base in pairs:
    print(f"{sub.__name__} -> {base.__name__}: {issubclass(sub, base)}")
print([c.__name__ for c in ZeroDivisionError.__mro__])
try:
    raise KeyError("x")
except LookupError as e:
    print("LookupError caught", repr(e))
