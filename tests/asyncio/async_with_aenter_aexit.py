# async with awaits __aenter__ and __aexit__; __aexit__ may suppress an exception.
import asyncio

class Connection:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    async def __aenter__(self):
        loop = asyncio.get_running_loop()
        await asyncio.sleep(0.5)
        print(f"{loop.time():.1f} open {self.name}")
        return self

    async def __aexit__(self, exc_type, exc, tb):
        loop = asyncio.get_running_loop()
        await asyncio.sleep(0.25)
        print(f"{loop.time():.2f} close {self.name}, error: {exc!r}")
        return self.suppress

async def main():
    async with Connection("db") as conn:
        print("using", conn.name)
    async with Connection("cache", suppress=True):
        raise KeyError("lost")
    print("the KeyError was suppressed")
    try:
        async with Connection("queue"):
            raise ValueError("kept")
    except ValueError as e:
        print("propagated:", e)

asyncio.run(main())
