# >> on=start en: What the event loop does, in words: keep a list of tasks; run every task that is ready; when none is ready, sleep until the next timer; stop when all are done.
# >> on=start zh: 用文字描述事件循环：维护一个任务列表；运行所有就绪的任务；没有就绪任务时，睡到下一个定时器到期；全部完成就停止。
#
# The same in pseudo-code:
#
#   while there are unfinished tasks:
#       for each ready task: run it until its next await
#       if nothing is ready: jump to the earliest timer and wake its owner
#
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def worker(number):
    for round_no in range(5):
        # >> n=1 en: One worker runs at a time. It prints, then gives the loop back at its await.
        # >> n=1 zh: 同一时刻只有一个 worker 在运行。它打印一行，然后在 await 处把事件循环交回去。
        print(now(), f"worker {number}, round {round_no}")
        await asyncio.sleep(1)


async def main():
    # >> en: Two tasks in the ready queue; main then waits, and the loop runs them in the order they were queued.
    # >> zh: 就绪队列里有两个任务；随后 main 进入等待，事件循环按入队顺序运行它们。
    tasks = [asyncio.create_task(worker(1)), asyncio.create_task(worker(2))]
    # The article passes coroutines to asyncio.wait; since Python 3.11 that is a
    # TypeError ("Passing coroutines is forbidden"), so we pass tasks.
    await asyncio.wait(tasks)
    # >> en: Five rounds of one second, the two workers interleaved: 5.0s, not 10.
    # >> zh: 五轮，每轮一秒，两个 worker 交替进行：5.0 秒，而不是 10 秒。
    print(now(), "both workers done")


# >> on=timer n=1 en: Both timers are due at the same instant; the one created first wakes first, so worker 1 always prints first.
# >> on=timer n=1 zh: 两个定时器在同一时刻到期；先创建的先唤醒，所以总是 worker 1 先打印。
asyncio.run(main())
