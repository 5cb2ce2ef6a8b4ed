# A class with __aiter__/__anext__ drives async for; StopAsyncIteration ends it.
import asyncio

class Ticker:
    def __init__(self, count, interval):
        self.count = count
        self.interval = interval
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.count:
            raise StopAsyncIteration
        await asyncio.sleep(self.interval)
        self.i += 1
        return self.i

async def main():
    loop = asyncio.get_running_loop()
    async for n in Ticker(3, 0.5):
        print(f"{loop.time():.1f} tick {n}")
    it = Ticker(1, 1).__aiter__()
    print(await it.__anext__())
    try:
        await it.__anext__()
    except StopAsyncIteration:
        print("StopAsyncIteration at", loop.time())

asyncio.run(main())
