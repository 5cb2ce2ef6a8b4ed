# RLock re-entry by its owner, its release from another thread refused; Thread misuse errors: start twice, join before start, join itself.
import threading
import time

rlock = threading.RLock()

def nested(depth):
    with rlock:
        if depth:
            nested(depth - 1)
        else:
            print("innermost of three nested with-blocks")

nested(2)

def stranger():
    try:
        rlock.release()
    except RuntimeError as e:
        print("stranger:", e)

rlock.acquire()
t = threading.Thread(target=stranger)
t.start()
t.join()
rlock.release()

try:
    t.start()
except RuntimeError as e:
    print("start twice:", e)

u = threading.Thread(target=time.sleep, args=(0.5,))
try:
    u.join()
except RuntimeError as e:
    print("join first:", e)

def join_myself():
    try:
        threading.current_thread().join()
    except RuntimeError as e:
        print("join itself:", e)

v = threading.Thread(target=join_myself)
v.start()
v.join()
print("timeout join returns while alive:", end=" ")
w = threading.Thread(target=time.sleep, args=(2,))
w.start()
w.join(0.01)
print(w.is_alive())
w.join()
print("then", w.is_alive())
