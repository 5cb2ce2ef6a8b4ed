# Deep recursion in many tasks at once, through awaits, in nested containers, and in threads that sleep while deep: as deep as CPython goes, RecursionError at its limit.
import asyncio
import threading
import time


def down(n):
    return 0 if n == 0 else 1 + down(n - 1)


def down_then_sleep(n, name, pause):
    if n == 0:
        time.sleep(pause)
        print(name, "slept at the bottom")
        return 0
    return 1 + down_then_sleep(n - 1, name, pause)


def nest(n):
    x = []
    for _ in range(n):
        x = [x]
    return x


async def deep(i):
    await asyncio.sleep(0)
    r = down(900)
    await asyncio.sleep(0)
    return r + i


async def down_await(n):
    if n == 0:
        await asyncio.sleep(0)
        return 0
    return 1 + await down_await(n - 1)


async def too_deep():
    return down(100000)


async def main():
    results = await asyncio.gather(*[deep(i) for i in range(200)])
    print(len(results), sum(results))
    print(await down_await(300))
    x, y = nest(800), nest(800)
    print(len(repr(x)), x == y)
    try:
        await asyncio.create_task(too_deep())
    except RecursionError as e:
        print("task failed:", type(e).__name__, e)
    print(await asyncio.to_thread(down, 950))
    threads = [threading.Thread(target=down_then_sleep, args=(800, f"T{i}", 0.1 * (3 - i))) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("threads done")


asyncio.run(main())
