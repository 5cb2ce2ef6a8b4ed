# >> on=start en: Three tasks; the first and the third fail at once. What does gather do with the errors?
# >> on=start zh: 三个任务；第一个和第三个会立刻失败。gather 会怎么处理这些错误？
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def func1(t, fail):
    if fail:
        raise Exception(f"task {t} failed")
    await asyncio.sleep(t)
    print(now(), f"task {t} finished")
    return t


async def main():
    tasks = [asyncio.create_task(func1(t, t % 2)) for t in (1, 2, 3)]
    # >> en: return_exceptions=True: errors come back as values in the result list, and gather waits for everyone.
    # >> zh: return_exceptions=True：错误作为值出现在结果列表里，gather 会等所有任务完成。
    results = await asyncio.gather(*tasks, return_exceptions=True)
    print(now(), "results:", results)

    tasks = [asyncio.create_task(func1(t, t % 2)) for t in (1, 2, 3)]
    try:
        await asyncio.gather(*tasks)
    except Exception as e:
        # >> en: Without return_exceptions, the first error is raised in main at once; the results of the others are lost to gather.
        # >> zh: 不设置 return_exceptions 时，第一个错误会立刻在 main 中抛出；其他任务的结果 gather 就拿不到了。
        print(now(), "gather raised:", e)
    # >> en: But gather did not cancel anything: task 2 is still running. Look at its card, still waiting on its timer.
    # >> zh: 但 gather 并没有取消任何任务：task 2 仍在运行。看它的卡片，还在等它的定时器。
    print(now(), "task 2 done?", tasks[1].done())
    result = await tasks[1]
    print(now(), "task 2 result:", result)


asyncio.run(main())
