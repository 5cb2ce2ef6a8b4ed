# >> on=start en: The classic say_after: wait 1 second and say hello, then wait 2 seconds and say world.
# >> on=start zh: 经典的 say_after：等 1 秒说 hello，再等 2 秒说 world。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(now(), what)


async def main():
    print(now(), "started")
    await say_after(1, "hello")
    # >> en: The second call only starts now, at 1.0s, because main waited for the first one to finish.
    # >> zh: 第二次调用现在（1.0 秒）才开始，因为 main 一直在等第一次调用结束。
    await say_after(2, "world")
    # >> en: 3.0s = 1 + 2. Awaiting coroutines one after another adds up their waits.
    # >> zh: 3.0 秒 = 1 + 2。依次 await 协程，等待时间会累加。
    print(now(), "finished")


asyncio.run(main())
# >> on=end en: Next chapter: wrap both in tasks first and the same two waits take 2.0s, not 3.0s.
# >> on=end zh: 下一章：先把它们包装成任务，同样的两次等待只需 2.0 秒，而不是 3.0 秒。
