# threading.Lock shared by two threads: with-blocks serialise the read-modify-write, a waiting thread takes the lock when it is released.
import threading
import time

lock = threading.Lock()
counter = 0

def bump(name, delay):
    global counter
    time.sleep(delay)
    for _ in range(3):
        with lock:
            value = counter
            print(f"{name} has the lock, reads {value}")
            time.sleep(2)
            counter = value + 1
        time.sleep(1)

a = threading.Thread(target=bump, args=("A", 0))
b = threading.Thread(target=bump, args=("B", 1))
a.start()
b.start()
time.sleep(1)
print("locked while A works:", lock.locked())
print("non-blocking acquire:", lock.acquire(blocking=False))
a.join()
b.join()
print("counter", counter, "locked", lock.locked())
print("acquire", lock.acquire(), "again without waiting", lock.acquire(False))
lock.release()
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)
