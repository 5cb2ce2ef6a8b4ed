# Cancelling a gather cancels its pending children; with return_exceptions a child's error is a list item.
import asyncio

async def job(name, t, fail=False):
    try:
        await asyncio.sleep(t)
    except asyncio.CancelledError:
        print(name, "cancelled at", asyncio.get_running_loop().time())
        raise
    if fail:
        raise ValueError(name)
    return name

async def main():
    g = asyncio.gather(job("a", 1), job("b", 2), job("c", 3))
    await asyncio.sleep(1.5)
    print("cancel:", g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled:", g.cancelled())
    res = await asyncio.gather(job("x", 1), job("y", 0.5, fail=True), return_exceptions=True)
    print([repr(r) for r in res])
    try:
        await asyncio.gather(job("p", 1, fail=True), job("q", 2))
    except ValueError as e:
        print("first error:", e, "at", asyncio.get_running_loop().time())
    await asyncio.sleep(1.5)
    print("empty gather:", await asyncio.gather())

asyncio.run(main())
