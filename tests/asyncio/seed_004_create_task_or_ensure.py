# Seed 004, example 2: create_task (3.7+) and ensure_future (older code) both make tasks; await waits for each.
import asyncio


async def coro(tag):
    await asyncio.sleep(0)
    return tag


async def main():
    task = asyncio.create_task(coro("made by create_task"))
    print(await task)
    task = asyncio.ensure_future(coro("made by ensure_future"))
    print(type(task).__name__, await task)


asyncio.run(main())
