# Seed 003, example 1 without the web framework: a handler that calls time.sleep blocks the whole loop, so the health check answers only after it.
import asyncio
import time


async def slow_root():
    print(f"{time.time():4.1f} root: start")
    time.sleep(10)   # a blocking call inside a coroutine
    print(f"{time.time():4.1f} root: answered")
    return {"message": "Hello World"}


async def health():
    print(f"{time.time():4.1f} health: answered")
    return {"status": "ok"}


async def main():
    root = asyncio.create_task(slow_root())
    await asyncio.sleep(0.1)          # the health request arrives right after
    check = asyncio.create_task(health())
    print(await check, await root)


asyncio.run(main())
