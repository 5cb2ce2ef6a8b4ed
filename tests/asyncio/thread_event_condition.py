# threading.Event wakes every waiter; Condition.wait_for and notify hand items from a producer to consumers; a Semaphore limits how many run at once.
import threading
import time

ready = threading.Event()

def waiter(n):
    time.sleep(n)
    print(f"waiter {n} waits")
    ready.wait()
    time.sleep(n * 2)
    print(f"waiter {n} woke, flag {ready.is_set()}")

ws = [threading.Thread(target=waiter, args=(n,)) for n in (1, 2)]
for w in ws:
    w.start()
time.sleep(4)
print("main sets the event")
ready.set()
for w in ws:
    w.join()
ready.clear()
print("cleared; wait with a timeout:", ready.wait(0.01))

cond = threading.Condition()
items = []

def consumer(name):
    with cond:
        cond.wait_for(lambda: items)
        item = items.pop(0)
    print(f"{name} got {item}")

cs = [threading.Thread(target=consumer, args=(f"c{i}",)) for i in (1, 2)]
for c in cs:
    c.start()
for item in ("apple", "pear"):
    time.sleep(2)
    with cond:
        items.append(item)
        print("produced", item)
        cond.notify()
for c in cs:
    c.join()

slots = threading.BoundedSemaphore(2)

def limited(n):
    time.sleep(n * 2)
    with slots:
        print(f"job {n} enters")
        time.sleep(5)
    print(f"job {n} leaves")

js = [threading.Thread(target=limited, args=(n,)) for n in range(3)]
for j in js:
    j.start()
for j in js:
    j.join()
try:
    slots.release()
except ValueError as e:
    print("ValueError:", e)
