# Seed 001, example 2: two functions take turns through a generator (the article loops forever; this stops after four turns).
import time


def side_a():
    while True:
        print('------- A -------')
        yield
        time.sleep(0.5)


def side_b(other, turns):
    for _ in range(turns):
        print('------- B -------')
        other.__next__()


a = side_a()
side_b(a, 4)
print('stopped at', time.time())
