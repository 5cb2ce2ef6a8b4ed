# await inside comprehensions: in the element, the key, the value and the if clause; such a comprehension is itself awaited.
import asyncio


async def double(x, delay=0.5):
    await asyncio.sleep(delay)
    return x * 2


async def is_even(x):
    await asyncio.sleep(0.125)
    return x % 2 == 0


async def letters():
    for c in "xyz":
        await asyncio.sleep(0.1)
        yield c


async def main():
    loop = asyncio.get_running_loop()
    d = {k: await double(k) for k in range(3)}
    print("values", d, loop.time())
    d2 = {await double(k, 0.25): k for k in range(2)}
    print("keys", d2, loop.time())
    evens = [x for x in range(6) if await is_even(x)]
    print("filter", evens, loop.time())
    s = {await double(x, 0) for x in (1, 1, 2)}
    print("set", sorted(s), loop.time())
    mixed = {c: await double(i, 0.1) async for i, c in aenumerate(letters())}
    print("mixed", mixed, round(loop.time(), 6))
    # the awaits of one comprehension run one after another, not concurrently
    t0 = loop.time()
    seq = [await double(x, 1) for x in range(3)]
    print("sequential", seq, loop.time() - t0)
    # gather inside a comprehension runs them together
    t0 = loop.time()
    together = [r for r in await asyncio.gather(*[double(x, 1) for x in range(3)])]
    print("gathered", together, loop.time() - t0)


async def aenumerate(ait):
    i = 0
    async for x in ait:
        yield i, x
        i += 1


asyncio.run(main())
