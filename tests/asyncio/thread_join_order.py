# threading.Thread: start runs each target on its own thread; join waits in the order asked, whatever order the threads end in.
import threading
import time

def worker(label, secs):
    time.sleep(secs)
    print(f"{label} done after {secs}s on {threading.current_thread().name}")

threads = [threading.Thread(target=worker, args=(label, secs))
           for label, secs in (("A", 6), ("B", 2), ("C", 4))]
print("before start:", [t.is_alive() for t in threads])
for t in threads:
    t.start()
print("after start:", [t.is_alive() for t in threads], "active", threading.active_count())
for t in threads:
    t.join()
    print("joined", t.name, "alive", t.is_alive())
print("after join:", [t.is_alive() for t in threads], "active", threading.active_count())
