# >> on=start en: cancel() does not stop a task on the spot. It asks; the task finds a CancelledError at its next await.
# >> on=start zh: cancel() 不会当场停止任务。它只是提出请求；任务在下一次 await 时收到 CancelledError。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def func1():
    print(now(), "func1 starts")
    try:
        await asyncio.sleep(2)
    except asyncio.CancelledError:
        # >> en: The CancelledError came out of the sleep: this is where the cancel request landed.
        # >> zh: CancelledError 是从 sleep 里抛出来的：取消请求就落在这里。
        print(now(), "func1 was cancelled at its await; cleaning up")
        raise
    print(now(), "func1 finished")


async def main():
    task1 = asyncio.create_task(func1(), name="task1")
    task1.cancel()
    try:
        # >> en: task1 was cancelled before its first step, so func1 never even printed; the error surfaces at this await.
        # >> zh: task1 在第一步之前就被取消了，所以 func1 连一行都没打印；错误在这个 await 处出现。
        await task1
    except asyncio.CancelledError:
        print(now(), "task1 is cancelled")

    task2 = asyncio.create_task(func1(), name="task2")
    await asyncio.sleep(1)
    # >> en: cancel() returns True at once, but the task is not cancelled yet: it is still parked on its timer.
    # >> zh: cancel() 立刻返回 True，但任务此时还没被取消：它还停在定时器上。
    print(now(), "cancel() returned", task2.cancel(), "| cancelled yet?", task2.cancelled())
    try:
        await task2
    except asyncio.CancelledError:
        print(now(), "task2 is cancelled:", task2.cancelled())


asyncio.run(main())
# >> on=cancelled task=task1 en: task1 never ran a line: the CancelledError is thrown in at its very first step.
# >> on=cancelled task=task1 zh: task1 一行代码都没执行：CancelledError 在它的第一步就被抛了进去。
# >> on=cancelled task=task2 en: The request is delivered: task2's sleep raises CancelledError inside func1.
# >> on=cancelled task=task2 zh: 请求送达了：task2 的 sleep 在 func1 内部抛出 CancelledError。
