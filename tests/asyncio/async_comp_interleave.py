# Two tasks each running an async comprehension: their awaits interleave on the loop like any other await.
import asyncio


async def source(name, n, step):
    for i in range(n):
        await asyncio.sleep(step)
        print(f"{name} yields {i} at {asyncio.get_running_loop().time()}")
        yield i


async def collect(name, n, step):
    items = [i async for i in source(name, n, step)]
    print(name, "done", items)
    return items


async def zero_steps():
    out = []
    for i in range(3):
        print("zero", i)
        await asyncio.sleep(0)
        out.append(i)
    return out


async def main():
    a = asyncio.create_task(collect("a", 3, 1.0))
    b = asyncio.create_task(collect("b", 2, 1.5))
    z = asyncio.create_task(zero_steps())
    r = [await t for t in (a, b, z)]
    print("results", r)


asyncio.run(main())
