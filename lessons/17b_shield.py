# >> on=start en: The same time limit, but the task is wrapped in shield(): the timeout cancels the wrapper, not the task.
# >> on=start zh: 同样的时限，但任务被 shield() 包了起来：超时取消的是外层包装，而不是任务本身。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def func1():
    await asyncio.sleep(2)
    print(now(), "func1: finished")
    return "func1's result"


async def main():
    task3 = asyncio.create_task(func1(), name="task3")
    try:
        await asyncio.wait_for(asyncio.shield(task3), timeout=1)
    except asyncio.TimeoutError:
        # >> en: main gave up at 1.0s, but task3 was not touched: it is still waiting on its timer.
        # >> zh: main 在 1.0 秒放弃了，但 task3 没有受到影响：它仍在等自己的定时器。
        print(now(), "main: timed out; task3 cancelled?", task3.cancelled())
    # >> en: Awaiting task3 again: it finishes normally at 2.0s.
    # >> zh: 再次 await task3：它在 2.0 秒正常完成。
    result = await task3
    print(now(), "main got", repr(result))


asyncio.run(main())
# >> on=timeout en: The limit is up. wait_for cancels the shield's outer future; task3 inside keeps running.
# >> on=timeout zh: 时限到了。wait_for 取消的是 shield 的外层 future；里面的 task3 继续运行。
