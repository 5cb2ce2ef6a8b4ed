# Timers with one deadline fire in creation order whatever made them: sleep, call_later, call_at and wait_for's timeout.
import asyncio


async def sleeper(tag):
    await asyncio.sleep(1)
    print("sleep done", tag)


async def main():
    loop = asyncio.get_running_loop()
    t1 = asyncio.create_task(sleeper("first"))
    loop.call_later(1, print, "call_later")
    loop.call_at(loop.time() + 1, print, "call_at")
    t2 = asyncio.create_task(sleeper("second"))
    await asyncio.sleep(0)
    try:
        await asyncio.wait_for(asyncio.sleep(5), 1)
    except asyncio.TimeoutError:
        print("wait_for timed out at", loop.time())
    await asyncio.gather(t1, t2)


asyncio.run(main())
