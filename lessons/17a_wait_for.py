# >> on=start en: wait_for puts a time limit on one awaitable. When the limit passes, it cancels the task and raises TimeoutError.
# >> on=start zh: wait_for 给一个可等待对象加上时间限制。超过时限时，它会取消该任务并抛出 TimeoutError。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def func1():
    try:
        await asyncio.sleep(2)
    except asyncio.CancelledError:
        # >> en: wait_for's timeout reached inside the task: its sleep is cut short at 1.0s.
        # >> zh: wait_for 的超时传到了任务内部：它的 sleep 在 1.0 秒被打断。
        print(now(), "func1: cancelled by the timeout")
        raise
    print(now(), "func1: finished")


async def main():
    task2 = asyncio.create_task(func1(), name="task2")
    try:
        # >> en: A one-second limit on a two-second job. Look at the two timers: the limit at 1.0s, the sleep at 2.0s.
        # >> zh: 给一个两秒的工作设一秒的时限。看这两个定时器：时限在 1.0 秒，sleep 在 2.0 秒。
        await asyncio.wait_for(task2, timeout=1)
    except asyncio.TimeoutError:
        # In 3.11, asyncio.TimeoutError is the built-in TimeoutError.
        print(now(), "main: task2 timed out")
    # >> en: wait_for waited for the cancellation to finish before raising: task2 is already cancelled.
    # >> zh: wait_for 等取消完成之后才抛出异常：task2 此时已经是取消状态。
    print(now(), "task2 cancelled?", task2.cancelled())


asyncio.run(main())
# >> on=timeout en: The one-second limit is up: wait_for cancels task2.
# >> on=timeout zh: 一秒的时限到了：wait_for 取消了 task2。
