# wait_for on a plain Future that times out cancels that future; on a shielded one the future survives and can be set later.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    try:
        await asyncio.wait_for(f, 1)
    except asyncio.TimeoutError:
        print("timed out; future cancelled:", f.cancelled(), loop.time())
    g = loop.create_future()
    try:
        await asyncio.wait_for(asyncio.shield(g), 1)
    except asyncio.TimeoutError:
        print("timed out; shielded future cancelled:", g.cancelled())
    loop.call_later(1, g.set_result, "late value")
    print(await g, loop.time())


asyncio.run(main())
