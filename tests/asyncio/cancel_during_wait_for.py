# Cancelling a task blocked in wait_for cancels the inner task too; the outer task sees CancelledError, not TimeoutError.
import asyncio


async def inner():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("inner cancelled at", asyncio.get_running_loop().time())
        raise


async def outer():
    try:
        await asyncio.wait_for(inner(), timeout=3)
    except asyncio.TimeoutError:
        print("timeout (wrong)")
    except asyncio.CancelledError:
        print("outer cancelled")
        raise


async def main():
    t = asyncio.create_task(outer())
    await asyncio.sleep(1)
    t.cancel()
    res = await asyncio.gather(t, return_exceptions=True)
    print(type(res[0]).__name__, asyncio.get_running_loop().time())


asyncio.run(main())
