# asynccontextmanager: setup and teardown await, and an exception in the body is thrown into the generator at its yield.
import asyncio
from contextlib import asynccontextmanager


@asynccontextmanager
async def resource(name, fail_teardown=False):
    print("open", name, asyncio.get_running_loop().time())
    await asyncio.sleep(0.5)
    try:
        yield name.upper()
    except KeyError as e:
        print("resource saw KeyError", e)
        raise
    except ValueError as e:
        print("resource swallows", repr(e))
    finally:
        await asyncio.sleep(0.25)
        print("close", name, asyncio.get_running_loop().time())
    if fail_teardown:
        raise RuntimeError("teardown failed")


async def main():
    async with resource("a") as r:
        print("body", r)
    try:
        async with resource("b") as r:
            raise KeyError("missing")
    except KeyError as e:
        print("main got KeyError", e)
    async with resource("c") as r:
        raise ValueError("bad value")
    print("after c: suppressed")
    try:
        async with resource("d", fail_teardown=True):
            pass
    except RuntimeError as e:
        print("main got RuntimeError", e)
    try:
        async with resource("e"):
            raise ZeroDivisionError("zero")
    except ZeroDivisionError as e:
        print("main got", type(e).__name__, e, type(e.__context__).__name__)


asyncio.run(main())
