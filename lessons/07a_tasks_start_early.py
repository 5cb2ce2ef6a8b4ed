# >> on=start en: Lesson 5a again, with one change: others() is wrapped in two tasks before main awaits anything.
# >> on=start zh: 还是第 5a 课，只改一处：在 main await 任何东西之前，先把 others() 包装成两个任务。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def others():
    print(now(), "others: start")
    await asyncio.sleep(2)
    print(now(), "others: end")
    return "a result"


async def main():
    print(now(), "main: start")
    task_1 = asyncio.create_task(others())
    task_2 = asyncio.create_task(others())
    # >> en: Both tasks sit in the ready queue, but neither has run: main still holds the loop.
    # >> zh: 两个任务都在就绪队列里，但都还没运行：事件循环仍在 main 手里。
    response_1 = await task_1
    # >> en: main waited on task_1, yet task_2's sleep ran at the same time: both ended at 2.0s.
    # >> zh: main 等的是 task_1，但 task_2 的 sleep 同时在进行：两者都在 2.0 秒结束。
    print(now(), "task_1 gave", response_1)
    # >> en: task_2 is already done, so this await returns at once.
    # >> zh: task_2 已经完成，所以这次 await 立刻返回。
    response_2 = await task_2
    print(now(), "task_2 gave", response_2)
    # >> en: 2.0s instead of lesson 5a's 4.0s: the tasks started early and waited together.
    # >> zh: 2.0 秒，而第 5a 课是 4.0 秒：任务提前启动，一起等待。
    print(now(), "main: end")


asyncio.run(main())
