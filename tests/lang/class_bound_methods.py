# Bound methods remember their instance; calling through the class passes it explicitly.
class Greeter:
    def __init__(self, name):
        self.name = name
    def greet(self, other):
        return f"{self.name} greets {other}"
g = Greeter("Ann")
m = g.greet
print(m("Bob"), Greeter.greet(g, "Cy"), m.__name__, m.__self__ is g)
actions = [Greeter("甲").greet, Greeter("乙").greet]
print([a("丙") for a in actions])
print(list(map(g.greet, ["x", "y"])))
