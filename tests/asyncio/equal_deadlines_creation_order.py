# Timers with equal deadlines fire in the order they were created.
import asyncio

async def sleeper(name):
    await asyncio.sleep(1)
    print("woke", name)

async def main():
    loop = asyncio.get_running_loop()
    now = loop.time()
    for i in range(8):
        loop.call_at(now + 2, print, "call_at", i)
    for i in range(5, 0, -1):
        loop.call_later(0.5, print, "call_later", i)
    await asyncio.gather(*(sleeper(name) for name in "ABCDEFGH"))
    await asyncio.sleep(1.5)
    print("time", loop.time())

asyncio.run(main())
