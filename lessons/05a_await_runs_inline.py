# >> on=start en: Awaiting a coroutine is like calling a function: the caller stops until it returns. Nothing runs alongside.
# >> on=start zh: await 一个协程就像调用一个函数：调用者停下来，直到它返回。没有任何东西在旁边同时运行。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def others():
    print(now(), "others: start")
    # >> en: Look at the await chain: main -> others -> sleep. One task, one timer, nothing else to run.
    # >> zh: 看 await 链：main -> others -> sleep。只有一个任务、一个定时器，没有别的可运行。
    await asyncio.sleep(2)
    print(now(), "others: end")
    return "a result"


async def main():
    print(now(), "main: start")
    response_1 = await others()
    # >> en: The first await took its full two seconds before this line could run.
    # >> zh: 第一个 await 完整地花了两秒，这一行才得以执行。
    print(now(), "main got", response_1)
    response_2 = await others()
    # >> en: 4.0s: two awaits of a two-second coroutine add up. The loop had nothing to do while main waited.
    # >> zh: 4.0 秒：两次 await 一个两秒的协程，时间是相加的。main 等待时，事件循环无事可做。
    print(now(), "main got", response_2)


asyncio.run(main())
