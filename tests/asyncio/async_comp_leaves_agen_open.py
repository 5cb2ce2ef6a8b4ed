# Async generators a comprehension leaves unfinished (an exception, aclose of the genexp) are closed later by asyncio's finalizer, as in CPython.
import asyncio

async def src(n):
    try:
        for i in range(n):
            await asyncio.sleep(0.1)
            yield i
    finally:
        print("src finally", n)

async def main():
    g = (x * 2 async for x in src(5))
    print(await g.__anext__(), await g.__anext__())
    await g.aclose()
    print("closed")
    h = (x async for x in src(7))
    print(await h.__anext__())
    # an exception ends the comprehension early
    try:
        [1 / (x - 2) async for x in src(4)]
    except ZeroDivisionError as e:
        print("zde", e)
    # nested function using async comp
    async def inner(k):
        return {x: [y async for y in src(x)] async for x in src(k)}
    print(await inner(3))
    print([i async for i in src(2)] + [j for j in range(2)])
    print(sum([i async for i in src(4)]), max({i async for i in src(3)}))
    print("end of main")

asyncio.run(main())
print("after run")
