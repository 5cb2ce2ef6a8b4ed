# ensure_future: a future comes back as itself, a coroutine becomes a task, an object with __await__ is wrapped in a task, anything else is a TypeError.
import asyncio


class Ticket:
    def __await__(self):
        yield from asyncio.sleep(1).__await__()
        return "ticket value"


async def coro():
    return "coro value"


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    print(asyncio.ensure_future(f) is f)
    t = asyncio.ensure_future(coro())
    print(type(t).__name__, await t)
    w = asyncio.ensure_future(Ticket())
    print(type(w).__name__, await w, loop.time())
    try:
        asyncio.ensure_future(42)
    except TypeError as e:
        print("TypeError:", e)
    f.cancel()


asyncio.run(main())
