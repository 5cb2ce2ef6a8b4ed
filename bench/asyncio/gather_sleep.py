# 100,000 tasks, each doing `await asyncio.sleep(0)` ten times, under gather.
import asyncio

TASKS = 100_000
ROUNDS = 10


async def worker(i):
    for _ in range(ROUNDS):
        await asyncio.sleep(0)
    return i


async def main():
    results = await asyncio.gather(*[worker(i) for i in range(TASKS)])
    print(len(results), sum(results))


asyncio.run(main())
