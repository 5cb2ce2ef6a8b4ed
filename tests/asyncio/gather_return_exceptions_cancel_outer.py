# Cancelling a gather with return_exceptions=True: its children are cancelled, and awaiting the gather raises CancelledError.
import asyncio


async def child(n):
    try:
        await asyncio.sleep(n)
        return n
    except asyncio.CancelledError:
        print("child", n, "cancelled")
        raise


async def main():
    g = asyncio.gather(child(1), child(2), return_exceptions=True)
    await asyncio.sleep(0.5)
    print("cancel ->", g.cancel())
    try:
        print(await g)
    except asyncio.CancelledError:
        print("gather raised CancelledError; cancelled:", g.cancelled())


asyncio.run(main())
