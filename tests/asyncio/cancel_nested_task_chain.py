# Cancellation travels down an await chain: main awaits a, a awaits task b; cancelling main reaches b's sleep first, then unwinds.
import asyncio


async def b():
    try:
        await asyncio.sleep(10)
    finally:
        print("b unwinding")


async def a():
    try:
        await asyncio.create_task(b())
    finally:
        print("a unwinding")


async def main():
    t = asyncio.create_task(a())
    await asyncio.sleep(1)
    t.cancel()
    r = await asyncio.gather(t, return_exceptions=True)
    print(type(r[0]).__name__, [x.get_name() for x in asyncio.all_tasks()])


asyncio.run(main())
