# >> on=start en: Five one-second jobs, twice: first as plain blocking calls, then as "async" code that forgot await.
# >> on=start zh: 五个各耗时一秒的任务，做两遍：先是普通的阻塞调用，再是忘了写 await 的“异步”代码。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


def job():
    # >> en: time.sleep blocks: nothing else can happen during this second.
    # >> zh: time.sleep 会阻塞：这一秒里什么别的事都做不了。
    time.sleep(1)


for _ in range(5):
    job()
# >> en: Five blocking seconds, one after another: 5.0s.
# >> zh: 五个阻塞的一秒，一个接一个：共 5.0 秒。
print(now(), "sync: five jobs done")


async def async_job():
    # >> en: No await here: asyncio.sleep(1) only builds a coroutine object, which is thrown away unrun.
    # >> zh: 这里没有 await：asyncio.sleep(1) 只是创建了一个协程对象，它没有运行就被丢掉了。
    asyncio.sleep(1)
    print(now(), "async job: done already?")


mark = time.monotonic()
for _ in range(5):
    asyncio.run(async_job())
# >> en: 0.0s: nothing waited at all. The speed is fake; the sleep never happened.
# >> zh: 0.0 秒：根本没有等待。这种“快”是假的，sleep 从来没有执行过。
print(now(), f"async without await: {time.monotonic() - mark:.1f}s for five jobs")
# >> on=never-awaited en: CPython warns on stderr: coroutine 'sleep' was never awaited. It warns once for this line, not five times.
# >> on=never-awaited zh: CPython 在 stderr 上警告：coroutine 'sleep' was never awaited。同一行只警告一次，不是五次。
# >> on=end en: With await asyncio.sleep(1) the loop above would take 5.0s again: asyncio.run runs them one by one. Overlapping needs tasks (lesson 6).
# >> on=end zh: 如果写成 await asyncio.sleep(1)，上面的循环又要 5.0 秒：asyncio.run 是一个接一个地运行。想让等待重叠，需要任务（第 6 课）。
