# Async list, set and dict comprehensions: filters, several for clauses mixing async and sync, and the time each takes.
import asyncio


async def ticks(n, step=0.25):
    for i in range(n):
        await asyncio.sleep(step)
        yield i


async def main():
    loop = asyncio.get_running_loop()
    squares = [i * i async for i in ticks(4)]
    print("list", squares, loop.time())
    odd = {i async for i in ticks(5) if i % 2}
    print("set", sorted(odd), loop.time())
    names = {str(i): i * 10 async for i in ticks(3) if i != 1}
    print("dict", names, loop.time())
    # an async for clause after a sync one: the async iterable is made anew for each x
    pairs = [(x, y) for x in "ab" async for y in ticks(2, 0.5)]
    print("pairs", pairs, loop.time())
    # a sync for clause after the async one, with a filter on both
    grid = [(i, j) async for i in ticks(3) if i for j in range(i) if j != 1]
    print("grid", grid, loop.time())
    # nested: an async comprehension inside another one's element
    nested = [[j async for j in ticks(i, 0.1)] async for i in ticks(3, 0.1)]
    print("nested", nested, round(loop.time(), 6))
    empty = [x async for x in ticks(0)]
    print("empty", empty, type(empty).__name__)


asyncio.run(main())
