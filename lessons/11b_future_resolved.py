# >> on=start en: The same future as in 11a, but now a second task puts a result into it after two seconds.
# >> on=start zh: 还是 11a 里的 future，但这次有第二个任务在两秒后把结果放进去。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def set_after(fut):
    await asyncio.sleep(2)
    # >> en: Setting the result marks the future done and queues a wake-up for everyone awaiting it.
    # >> zh: 设置结果会把 future 标记为完成，并为所有等待它的人安排唤醒。
    fut.set_result("666")
    print(now(), "set_after: result set")


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    print(now(), "future done?", fut.done())
    # >> en: main waits for the helper task itself; the helper fills the future before it finishes.
    # >> zh: main 等待的是辅助任务本身；辅助任务在结束之前就把 future 填好了。
    await loop.create_task(set_after(fut))
    print(now(), "future done?", fut.done())
    # >> en: The result is already there, so this await does not wait at all.
    # >> zh: 结果已经在那儿了，所以这次 await 完全不用等。
    data = await fut
    print(now(), "main got", data)


asyncio.run(main())
