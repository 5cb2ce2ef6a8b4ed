# Asynchronous generator expressions: an async for or an await makes a generator expression an async generator.
import asyncio


async def count(n):
    for i in range(n):
        await asyncio.sleep(0.5)
        yield i


async def square(x):
    await asyncio.sleep(0.25)
    return x * x


# made at module level, outside any coroutine: allowed for a generator expression
made_early = (i + 100 async for i in count(2))
print(type(made_early).__name__, hasattr(made_early, "__anext__"), hasattr(made_early, "__next__"))


async def main():
    loop = asyncio.get_running_loop()
    g = (i * 10 async for i in count(3))
    print(type(g).__name__)
    async for v in g:
        print("got", v, loop.time())
    g2 = (await square(x) for x in range(3))
    print(type(g2).__name__)
    print("anext", await g2.__anext__(), loop.time())
    print("rest", [v async for v in g2], loop.time())
    try:
        await g2.__anext__()
    except StopAsyncIteration:
        print("exhausted")
    print("early", [v async for v in made_early], loop.time())
    # a plain generator expression inside a coroutine stays a generator
    plain = (x for x in range(2))
    print(type(plain).__name__, list(plain))
    # filter with await, and two clauses
    g3 = (x async for x in count(4) if await square(x) > 1)
    print("filtered", [v async for v in g3], loop.time())
    g4 = ((i, j) async for i in count(2) for j in "ab")
    print("two clauses", [v async for v in g4], loop.time())


asyncio.run(main())
