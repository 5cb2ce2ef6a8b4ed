# Tasks print in the order their sleeps end, stamped with the virtual clock.
import asyncio
import time

async def say(what, delay):
    await asyncio.sleep(delay)
    print(f"{time.monotonic():.1f} {what}")

async def main():
    print(f"{time.monotonic():.1f} start")
    await asyncio.gather(say("three", 3), say("one", 1), say("two", 2), say("half", 0.5))
    print(f"{time.monotonic():.1f} end")

asyncio.run(main())
