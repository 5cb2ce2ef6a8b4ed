# shield: cancelling the outer await (here by wait_for's timeout) leaves the inner task running to its end.
import asyncio

async def inner():
    await asyncio.sleep(2)
    print("inner finished at", asyncio.get_running_loop().time())
    return "inner result"

async def main():
    t = asyncio.create_task(inner())
    try:
        await asyncio.wait_for(asyncio.shield(t), timeout=1)
    except asyncio.TimeoutError:
        print("timed out at", asyncio.get_running_loop().time(), "inner cancelled?", t.cancelled())
    print(await t)

asyncio.run(main())
