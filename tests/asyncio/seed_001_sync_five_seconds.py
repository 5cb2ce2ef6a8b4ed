# Seed 001, example 3: five blocking one-second calls in a row take five seconds.
import time


def blocking_step():
    time.sleep(1)


clock = lambda: time.time()
t0 = clock()
for _ in range(5):
    blocking_step()
print('synchronous total: %f s' % (clock() - t0))
