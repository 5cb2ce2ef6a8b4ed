# Seed 004, example 4: wait({task}) with a task, not a coroutine, so `task in done` works as expected.
import asyncio


async def foo():
    return 42


async def main():
    task = asyncio.create_task(foo())
    done, pending = await asyncio.wait({task})
    if task in done:
        print("task is in done:", task.result(), "pending:", pending)


asyncio.run(main())
