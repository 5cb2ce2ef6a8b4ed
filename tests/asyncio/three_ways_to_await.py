# Awaiting coroutines one after another is sequential (3 s); tasks created first run together (2 s).
import asyncio
import time

async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(f"{time.monotonic():.1f} {what}")

async def main():
    start = time.monotonic()
    await say_after(1, "hello")
    await say_after(2, "world")
    print("sequential took", time.monotonic() - start)
    start = time.monotonic()
    t1 = asyncio.create_task(say_after(1, "hello"))
    t2 = asyncio.create_task(say_after(2, "world"))
    await t1
    await t2
    print("concurrent took", time.monotonic() - start)

asyncio.run(main())
