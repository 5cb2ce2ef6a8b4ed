# str.format can index into arguments and read attributes.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


p = Point(3, 4)
d = {"host": "localhost", "port": 8080}
print("({0.x}, {0.y})".format(p), "{p.x}/{p.y}".format(p=p))
print("{0[host]}:{0[port]}".format(d), "{d[port]}".format(d=d))
print("{0[1]} {0[0]}".format(["a", "b"]), "{t[2]}".format(t=(7, 8, 9)))
print("{:10}|{:<10}|{:>10}|".format("s", 5, 2.5))
