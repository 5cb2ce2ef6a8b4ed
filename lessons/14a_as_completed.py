# >> on=start en: as_completed hands you the results one by one, in the order the tasks finish; each error arrives on its own.
# >> on=start zh: as_completed 按任务完成的顺序，把结果一个一个交给你；每个错误也单独到来。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def func1(t, fail):
    await asyncio.sleep(t)
    if fail:
        raise Exception(f"task {t} failed")
    return t


async def main():
    coros = [func1(3, False), func1(1, False), func1(2, True)]
    for next_done in asyncio.as_completed(coros):
        try:
            # >> en: Each await gives the next task to finish: 1 at 1.0s, then 2 at 2.0s, then 3 at 3.0s.
            # >> zh: 每次 await 得到下一个完成的任务：1.0 秒得到 1，2.0 秒得到 2，3.0 秒得到 3。
            result = await next_done
            print(now(), "got", result)
        except Exception as e:
            # >> en: The failing task raises at its own turn; the loop goes on with the others.
            # >> zh: 失败的任务在轮到它时抛出异常；循环继续处理其他任务。
            print(now(), "error:", e)


asyncio.run(main())
