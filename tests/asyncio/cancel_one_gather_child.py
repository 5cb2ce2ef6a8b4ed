# Cancelling one child of gather: without return_exceptions the gather raises CancelledError and the others go on; with it the child's slot holds a CancelledError.
import asyncio


async def child(n):
    await asyncio.sleep(n)
    return n


async def main():
    a, b = asyncio.create_task(child(1)), asyncio.create_task(child(2))
    g = asyncio.gather(a, b)
    await asyncio.sleep(0.5)
    b.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("gather raised CancelledError; a done:", a.done(), "g cancelled:", g.cancelled())
    print("a ->", await a)

    a, b = asyncio.create_task(child(1)), asyncio.create_task(child(2))
    g = asyncio.gather(a, b, return_exceptions=True)
    await asyncio.sleep(0.5)
    b.cancel("no longer needed")
    res = await g
    print([type(r).__name__ for r in res], res[1].args)


asyncio.run(main())
