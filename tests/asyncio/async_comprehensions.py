# async comprehensions and await inside comprehensions.
import asyncio

async def numbers(n):
    for i in range(n):
        await asyncio.sleep(0.1)
        yield i

async def double(x):
    await asyncio.sleep(0.2)
    return x * 2

async def main():
    loop = asyncio.get_running_loop()
    squares = [i * i async for i in numbers(4)]
    print(squares, round(loop.time(), 2))
    evens = {i async for i in numbers(6) if i % 2 == 0}
    print(sorted(evens))
    doubled = [await double(x) for x in range(3)]
    print(doubled, round(loop.time(), 2))
    print({k: v async for k, v in pairs()})

async def pairs():
    for k in "ab":
        yield k, ord(k)

asyncio.run(main())
