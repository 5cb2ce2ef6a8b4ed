# Seed 002, example 2: cancel() shows up at the await; wait_for cancels on timeout; shield keeps the inner task running past the timeout.
import asyncio
import time


async def two_seconds():
    await asyncio.sleep(2)
    print("two_seconds finished at", time.time())


async def main():
    first = asyncio.create_task(two_seconds())
    first.cancel()
    try:
        await first
    except asyncio.CancelledError:
        print("first was cancelled")

    second = asyncio.create_task(two_seconds())
    try:
        await asyncio.wait_for(second, timeout=1)
    except asyncio.TimeoutError:
        print("second timed out at", time.time(), "cancelled:", second.cancelled())

    third = asyncio.create_task(two_seconds())
    try:
        await asyncio.wait_for(asyncio.shield(third), timeout=1)
    except asyncio.TimeoutError:
        print("third timed out at", time.time(), "but is still running:", not third.done())
    await third
    print("main done at", time.time())


asyncio.run(main())
