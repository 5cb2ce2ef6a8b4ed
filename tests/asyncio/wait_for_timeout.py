# wait_for cancels a slow coroutine at its deadline; the clock reads the deadline exactly.
import asyncio

async def slow():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("slow: cancelled at", asyncio.get_running_loop().time())
        raise

async def main():
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(slow(), timeout=1.5)
    except asyncio.TimeoutError:
        print("timed out at", loop.time())
    print(await asyncio.wait_for(asyncio.sleep(0.5, result="fast"), timeout=1))
    print("end at", loop.time())

asyncio.run(main())
