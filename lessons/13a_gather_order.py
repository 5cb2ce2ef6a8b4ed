# >> on=start en: gather waits for all its tasks and returns their results in the order you passed them, not the order they finished.
# >> on=start zh: gather 等待所有任务完成，并按你传入的顺序返回结果，而不是按完成的顺序。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def func1(t):
    await asyncio.sleep(t)
    # >> en: The tasks finish in the order 1, 2, 3; gather quietly collects each result in its slot.
    # >> zh: 任务按 1、2、3 的顺序完成；gather 默默地把每个结果放进对应的位置。
    print(now(), "finished: sleep", t)
    return t


async def main():
    tasks = [asyncio.create_task(func1(t)) for t in (3, 1, 2)]
    results = await asyncio.gather(*tasks)
    # >> en: [3, 1, 2]: the order of the arguments, although 3 finished last.
    # >> zh: [3, 1, 2]：这是参数的顺序，尽管 3 是最后完成的。
    print(now(), "gather returned", results)


asyncio.run(main())
