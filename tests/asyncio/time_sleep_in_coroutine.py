# time.sleep blocks the whole loop but advances the virtual clock: 1 + 1 = 2.0.
import asyncio
import time

async def ticker():
    for i in range(3):
        print(f"{time.time():.1f} tick {i}")
        await asyncio.sleep(0.5)

async def blocker():
    time.sleep(1)
    print(f"{time.time():.1f} blocker slept 1s (nobody else ran)")
    await asyncio.sleep(1)
    print(f"{time.time():.1f} blocker done")

async def main():
    await asyncio.gather(ticker(), blocker())
    print("end", time.time(), time.monotonic(), asyncio.get_running_loop().time())

asyncio.run(main())
