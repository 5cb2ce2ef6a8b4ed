# Two tasks each inside an async context manager: the setup and teardown awaits interleave; cancelling one runs its finally.
import asyncio
from contextlib import asynccontextmanager


@asynccontextmanager
async def slot(name, hold):
    print(f"{name} acquire at {asyncio.get_running_loop().time()}")
    await asyncio.sleep(0.5)
    try:
        yield f"{name}-slot"
    finally:
        print(f"{name} release at {asyncio.get_running_loop().time()}")
        await asyncio.sleep(hold)
        print(f"{name} released at {asyncio.get_running_loop().time()}")


async def worker(name, work, hold):
    async with slot(name, hold) as s:
        print(name, "working in", s)
        await asyncio.sleep(work)
        print(name, "done working")
    return name


async def main():
    a = asyncio.create_task(worker("a", 1.0, 0.25))
    b = asyncio.create_task(worker("b", 3.0, 0.5))
    print(await a)
    await asyncio.sleep(0.25)
    b.cancel()
    try:
        await b
    except asyncio.CancelledError:
        print("b cancelled at", asyncio.get_running_loop().time())


asyncio.run(main())
