# threads.py: a window scene (coroscope threads): a worker thread sleeps in
# time.sleep while the loop runs a task; then the task itself calls
# time.sleep and blocks the whole loop. CPython runs it unchanged.
# >> on=start en: Two threads: the main thread runs the event loop, a worker thread sleeps. Watch the lanes under the loop.
# >> on=start zh: 两个线程：主线程运行事件循环，worker 线程在睡眠。看事件循环下方的线程泳道。
import asyncio
import threading
import time


def worker():
    # >> en: time.sleep blocks this thread only: the loop on the main thread keeps running.
    # >> zh: time.sleep 只阻塞这个线程：主线程上的事件循环照常运行。
    time.sleep(1.5)
    print("worker awake")


async def main():
    await asyncio.sleep(1)
    print("main slept on a timer")
    # >> en: time.sleep inside a coroutine blocks the loop's own thread: for this second nothing on the loop can run.
    # >> zh: 在协程里调用 time.sleep 会阻塞事件循环所在的线程：这一秒里循环上什么都不能运行。
    time.sleep(1)
    print("main blocked the loop for 1s")


t = threading.Thread(target=worker, name="worker")
t.start()
asyncio.run(main())
t.join()
# >> on=timer n=1 en: The loop's timer fires at 1.0s while the worker thread is still blocked in time.sleep.
# >> on=timer n=1 zh: 1.0 秒时循环的定时器到期，而 worker 线程仍阻塞在 time.sleep 里。
