# Deadlines are now + delay in floats, so ten sleeps of 0.1 do not land exactly on 1.0.
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    print(loop.time())
    for _ in range(10):
        await asyncio.sleep(0.1)
        print(loop.time())
    await asyncio.sleep(1 / 3)
    print(loop.time())
    await asyncio.sleep(0)
    print(loop.time())

asyncio.run(main())
