# wait_for passes an inner error straight through before the timeout; a result at the very deadline still counts as a timeout.
import asyncio


async def fails_after(t):
    await asyncio.sleep(t)
    raise ValueError(f"failed after {t}")


async def nap(t):
    await asyncio.sleep(t)
    return t


async def main():
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(fails_after(1), 2)
    except ValueError as e:
        print("ValueError:", e, loop.time())
    try:
        print(await asyncio.wait_for(nap(1), 1))
    except asyncio.TimeoutError:
        print("tie goes to the timeout at", loop.time())


asyncio.run(main())
