# gather with no arguments, with the same coroutine twice, and with plain futures next to coroutines.
import asyncio


async def value(v):
    await asyncio.sleep(0)
    return v


async def main():
    loop = asyncio.get_running_loop()
    g = asyncio.gather()
    print("empty gather done at once:", g.done(), await g)
    c = value("same")
    print(await asyncio.gather(c, c, value("other")))
    f = loop.create_future()
    loop.call_later(1, f.set_result, "from a future")
    print(await asyncio.gather(f, value(1), f), loop.time())
    print(len(asyncio.all_tasks()))


asyncio.run(main())
