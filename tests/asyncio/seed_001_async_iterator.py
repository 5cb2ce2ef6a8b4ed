# Seed 001, example 18: a class with __aiter__ and __anext__ driven by async for inside a coroutine (the article counts to 99; so does this).
import asyncio


class LineSource:
    """An async iterator that is its own async iterable."""

    def __init__(self):
        self.n = 0

    async def next_line(self):
        self.n += 1
        if self.n == 100:
            return None
        return self.n

    def __aiter__(self):
        return self

    async def __anext__(self):
        v = await self.next_line()
        if v is None:
            raise StopAsyncIteration
        return v


async def main():
    seen = []
    async for v in LineSource():
        seen.append(v)
    print(len(seen), seen[:3], seen[-3:])


asyncio.run(main())
