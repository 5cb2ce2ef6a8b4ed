# At exit the interpreter waits for threads that are not daemons; daemon threads are dropped where they stand.
import threading
import time

def ticker():
    for i in range(100):
        time.sleep(2)
        print("daemon tick", i)

def finisher():
    time.sleep(7)
    print("non-daemon thread finishes after the main code")

threading.Thread(target=ticker, daemon=True).start()
threading.Thread(target=finisher).start()
print("daemon flags:", [t.daemon for t in threading.enumerate()])
time.sleep(5)
print("main code ends")
