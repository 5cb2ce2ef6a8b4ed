# Cancelling a task inside an async context manager's setup or teardown await: CancelledError reaches the generator, its finally runs.
import asyncio
from contextlib import asynccontextmanager

@asynccontextmanager
async def slow(name):
    try:
        print(name, "setup")
        await asyncio.sleep(1)
        print(name, "setup done")
        yield name
        print(name, "teardown")
        await asyncio.sleep(1)
        print(name, "teardown done")
    except asyncio.CancelledError:
        print(name, "cancelled inside generator")
        raise
    finally:
        print(name, "finally", asyncio.get_running_loop().time())

async def use(name):
    async with slow(name) as n:
        print("body", n)
    print("after with", name)

async def main():
    t = asyncio.create_task(use("a"))
    await asyncio.sleep(0.5)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("a cancelled", asyncio.get_running_loop().time())
    t = asyncio.create_task(use("b"))
    await asyncio.sleep(1.5)
    t.cancel("stop it")
    try:
        await t
    except asyncio.CancelledError as e:
        print("b cancelled", e, asyncio.get_running_loop().time())

asyncio.run(main())
