# Create and await 100,000 trivial tasks, one after another.
import asyncio

TASKS = 100_000


async def trivial(i):
    return i


async def main():
    total = 0
    for i in range(TASKS):
        total += await asyncio.create_task(trivial(i))
    print(TASKS, total)


asyncio.run(main())
