# >> on=start en: Three named tasks of 1, 2 and 3 seconds under asyncio.wait: the whole wait takes as long as the longest, 3.0s.
# >> on=start zh: 三个有名字的任务，分别耗时 1、2、3 秒，用 asyncio.wait 等待：总时间等于最长的那个，3.0 秒。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def do_work(x):
    print(now(), "waiting:", x)
    await asyncio.sleep(x)
    return f"Done after {x}s"


async def main():
    tasks = [asyncio.create_task(do_work(x), name=f"MY_COROUTINE_{x}") for x in (1, 2, 3)]
    dones, pendings = await asyncio.wait(tasks, timeout=None)
    print(now(), len(dones), "done,", len(pendings), "pending")
    # >> en: dones is a set: looping over it directly gives an order that can change from run to run. Sort it, here by name.
    # >> zh: dones 是一个集合：直接遍历它，顺序可能每次运行都不同。要排序，这里按名字排。
    for task in sorted(dones, key=lambda t: t.get_name()):
        print(now(), task.get_name(), "->", task.result())


asyncio.run(main())
