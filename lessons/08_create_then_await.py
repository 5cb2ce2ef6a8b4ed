# >> on=start en: Two ways to write "make a task and await it", five rounds each. One takes 5 seconds, the other 10.
# >> on=start zh: “创建任务再 await”的两种写法，各跑五轮。一种要 5 秒，另一种要 10 秒。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def create_first():
    task_1 = asyncio.ensure_future(asyncio.sleep(1))
    task_2 = asyncio.ensure_future(asyncio.sleep(1))
    # >> en: Both tasks exist before the first await, so their two timers run side by side.
    # >> zh: 两个任务在第一次 await 之前就都存在了，所以它们的两个定时器并排运行。
    await task_1
    await task_2


async def await_on_the_spot():
    # >> en: The second task is not created until the first has finished: only one timer at a time.
    # >> zh: 第一个任务结束之前，第二个任务根本还没创建：同一时刻只有一个定时器。
    await asyncio.ensure_future(asyncio.sleep(1))
    await asyncio.ensure_future(asyncio.sleep(1))


loop = asyncio.new_event_loop()

mark = time.monotonic()
for _ in range(5):
    loop.run_until_complete(create_first())
# >> en: Five rounds of one second: 5.0s.
# >> zh: 五轮，每轮一秒：5.0 秒。
print(now(), f"created first, awaited later: {time.monotonic() - mark:.1f}s")

mark = time.monotonic()
for _ in range(5):
    loop.run_until_complete(await_on_the_spot())
# >> en: Five rounds of two seconds: 10.0s. A task only helps if something else runs while you wait for it.
# >> zh: 五轮，每轮两秒：10.0 秒。只有在你等待它的同时还有别的事在运行，任务才有意义。
print(now(), f"awaited on the spot: {time.monotonic() - mark:.1f}s")
loop.close()
