# Errors in async comprehensions: a sync iterable under async for, an exception from the async generator, and break-free cleanup.
import asyncio


async def failing():
    yield 1
    await asyncio.sleep(0.5)
    raise ValueError("source broke")


class NoAnext:
    def __aiter__(self):
        return self


class Countdown:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        await asyncio.sleep(0.1)
        return self.n


async def main():
    try:
        [x async for x in [1, 2, 3]]
    except TypeError as e:
        print("TypeError", e)
    try:
        [x async for x in NoAnext()]
    except TypeError as e:
        print("TypeError", e)
    try:
        [y for x in range(2) async for y in range(x)]
    except TypeError as e:
        print("TypeError", e)
    try:
        print([x async for x in failing()])
    except ValueError as e:
        print("ValueError", e, asyncio.get_running_loop().time())
    print("countdown", [n async for n in Countdown(3)])
    try:
        [await x for x in [1]]
    except TypeError as e:
        print("TypeError", e)
    try:
        {x: 1 / x async for x in Countdown(2)}
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)


asyncio.run(main())
