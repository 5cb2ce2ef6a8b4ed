# A script that never seeds draws from seed 0 (as the harness seeds CPython), even when it imports random late.
import time

time.sleep(5)
import random

print(random.random(), random.randint(1, 1000))
random.seed(0)
print(random.random())
