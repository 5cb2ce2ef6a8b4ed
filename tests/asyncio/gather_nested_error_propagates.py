# An error in an inner gather comes out of the outer gather too; the sibling tasks are not cancelled and finish later.
import asyncio


async def leaf(v, t, fail=False):
    await asyncio.sleep(t)
    if fail:
        raise LookupError(v)
    print("leaf", v, "done at", asyncio.get_running_loop().time())
    return v


async def main():
    inner = asyncio.gather(leaf("x", 1, True), leaf("y", 2))
    outer = asyncio.gather(inner, leaf("z", 3))
    try:
        await outer
    except LookupError as e:
        print("outer raised LookupError", e, "at", asyncio.get_running_loop().time())
    await asyncio.sleep(3)
    print("inner done:", inner.done(), "outer done:", outer.done())


asyncio.run(main())
