# >> on=start en: as_completed with a time limit: after 1.5 seconds it gives up. Does it stop the tasks still running?
# >> on=start zh: 带时间限制的 as_completed：1.5 秒后就放弃。那些仍在运行的任务会被停掉吗？
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def func1(t):
    await asyncio.sleep(t)
    print(now(), "task", t, "finished")
    return t


async def main():
    tasks = [asyncio.create_task(func1(t), name=f"task {t}") for t in (3, 1, 2)]
    try:
        for next_done in asyncio.as_completed(tasks, timeout=1.5):
            result = await next_done
            print(now(), "got", result)
    except asyncio.TimeoutError:
        # >> en: At 1.5s the time is up: the next await raises TimeoutError. Only task 1 had finished.
        # >> zh: 1.5 秒时间到了：下一次 await 抛出 TimeoutError。此时只有任务 1 完成了。
        print(now(), "as_completed: timed out")
    # >> en: Tasks 3 and 2 were not cancelled: they are still waiting on their timers.
    # >> zh: 任务 3 和任务 2 没有被取消：它们仍在等各自的定时器。
    print(now(), "still running:", [t.get_name() for t in tasks if not t.done()])
    await asyncio.sleep(2)
    print(now(), "all done:", all(t.done() for t in tasks))


asyncio.run(main())
# >> on=timeout en: The 1.5-second limit has run out. as_completed raises, but leaves the tasks alone.
# >> on=timeout zh: 1.5 秒的时限到了。as_completed 抛出异常，但不去动那些任务。
