# Seed 002, example 1: await a coroutine call, a coroutine object, and a task; only the task is scheduled on its own, and it is the one that prints first.
import asyncio


async def one():
    print(1)


async def two():
    print(2)


async def three():
    print(3)


async def main():
    obj = two()
    job = asyncio.create_task(three())
    await one()     # the call runs inline
    await obj       # so does the object made earlier
    await job       # the task was only scheduled; it runs when main yields


asyncio.run(main())
