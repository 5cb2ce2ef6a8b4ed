# Awaiting a coroutine runs it inline in the same task: two awaits of 2 s take 4 s.
import asyncio
import time

async def step(name, seconds):
    print(f"{time.monotonic():.0f}s {name} begins")
    await asyncio.sleep(seconds)
    print(f"{time.monotonic():.0f}s {name} ends")
    return name.upper()

async def main():
    a = await step("first", 2)
    b = await step("second", 2)
    print(a, b, asyncio.current_task().get_name(), len(asyncio.all_tasks()))

asyncio.run(main())
