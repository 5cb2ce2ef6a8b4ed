# Seed 001, example 18 (first try): async for at module level is a SyntaxError, reported before anything runs.
import asyncio


class Source:
    def __aiter__(self):
        return self

    async def __anext__(self):
        raise StopAsyncIteration


print('this line never runs')
async for x in Source():
    print(x)
