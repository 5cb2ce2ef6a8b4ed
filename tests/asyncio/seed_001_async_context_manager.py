# Seed 001, example 23: a class with async __aenter__ / __aexit__ (each sleeps a second) used in async with.
import asyncio
import time


class FakeConnection:
    def __init__(self, conn=None):
        self.conn = conn

    async def query(self):
        return 'pretend rows from a database'

    async def __aenter__(self):
        self.conn = await asyncio.sleep(1)   # opening takes a second
        print('opened at', time.time())
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(1)   # closing takes a second
        print('closed at', time.time(), 'error:', exc_type)


async def main():
    async with FakeConnection() as c:
        print(await c.query())


loop = asyncio.get_event_loop()
loop.run_until_complete(main())
