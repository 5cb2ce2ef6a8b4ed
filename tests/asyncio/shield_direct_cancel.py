# Cancelling the future shield() returns cancels only that outer future; the shielded task runs on. A shield of a done future is that future.
import asyncio


async def work():
    await asyncio.sleep(1)
    print("work finished at", asyncio.get_running_loop().time())
    return "work result"


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(work())
    outer = asyncio.shield(t)
    print(outer is t, outer.cancel(), outer.cancelled(), t.cancelled())
    print(await t)
    done = loop.create_future()
    done.set_result("already")
    print(asyncio.shield(done) is done)
    try:
        await asyncio.wait_for(asyncio.shield(asyncio.sleep(2, "slow")), 0.5)
    except asyncio.TimeoutError:
        print("timed out at", loop.time())
    await asyncio.sleep(2)


asyncio.run(main())
