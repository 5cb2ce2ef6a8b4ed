# An exception out of a thread's target is printed as "Exception in thread NAME:" with its traceback; the main thread goes on.
import threading
import time

def fails():
    time.sleep(0.5)
    raise ValueError("bad input in the worker")

t = threading.Thread(target=fails)
t.start()
t.join()
print("main goes on; the thread is alive:", t.is_alive())

def exits():
    raise SystemExit(3)

s = threading.Thread(target=exits)
s.start()
s.join()
print("SystemExit in a thread ends only that thread")
