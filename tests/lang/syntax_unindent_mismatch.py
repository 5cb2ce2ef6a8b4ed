# A dedent that matches no outer level.
def f():
        a = 1
    b = 2
