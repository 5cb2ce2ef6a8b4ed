# bench/lang/objects.py: a plain-Python workload for bench/lang_bench.sh.
class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm(self):
        return self.x * self.x + self.y * self.y
t = 0
for i in range(300000):
    p = P(i, i + 1)
    t += p.norm()
print(t)
