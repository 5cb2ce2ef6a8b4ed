# FIRST_EXCEPTION when a success and a failure land in the same iteration: wait returns with both done.
import asyncio


async def ok():
    await asyncio.sleep(1)
    return "ok"


async def bad():
    await asyncio.sleep(1)
    raise ValueError("bad")


async def main():
    a, b, c = asyncio.create_task(ok()), asyncio.create_task(bad()), asyncio.create_task(asyncio.sleep(5))
    done, pending = await asyncio.wait({a, b, c}, return_when=asyncio.FIRST_EXCEPTION)
    print(a in done, b in done, c in pending, repr(b.exception()))
    c.cancel()


asyncio.run(main())
