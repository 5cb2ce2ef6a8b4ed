# wait_for edge cases: timeout=None waits as long as it takes, timeout=0 on a done future returns its result, timeout=0 on a running task cancels it.
import asyncio


async def nap(t, v):
    await asyncio.sleep(t)
    return v


async def main():
    loop = asyncio.get_running_loop()
    print(await asyncio.wait_for(nap(2, "no limit"), None), loop.time())
    f = loop.create_future()
    f.set_result("ready")
    print(await asyncio.wait_for(f, 0), loop.time())
    t = asyncio.create_task(nap(1, "slow"))
    try:
        await asyncio.wait_for(t, 0)
    except asyncio.TimeoutError:
        print("timeout=0: TimeoutError, cancelled:", t.cancelled(), loop.time())
    try:
        await asyncio.wait_for(nap(1, "negative"), -1)
    except asyncio.TimeoutError:
        print("negative timeout: TimeoutError at", loop.time())


asyncio.run(main())
