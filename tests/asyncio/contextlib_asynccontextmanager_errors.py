# asynccontextmanager's RuntimeErrors: a generator that does not yield, yields twice, or keeps going after the body's exception.
import asyncio
from contextlib import asynccontextmanager


@asynccontextmanager
async def no_yield():
    await asyncio.sleep(0.1)
    if False:
        yield


@asynccontextmanager
async def two_yields():
    yield 1
    await asyncio.sleep(0.1)
    yield 2


@asynccontextmanager
async def ignores():
    try:
        yield
    except Exception:
        print("caught; yielding again")
    yield


@asynccontextmanager
async def raises_stop():
    yield


async def main():
    for cm in (no_yield(), two_yields(), ignores()):
        try:
            async with cm:
                if cm.gen.__name__ == "ignores":
                    raise ValueError("boom")
        except RuntimeError as e:
            print("RuntimeError:", e, e.__suppress_context__, asyncio.get_running_loop().time())
    print(type(no_yield()).__name__, no_yield.__name__, no_yield.__wrapped__.__name__)
    try:
        async with raises_stop():
            raise StopAsyncIteration("stop")
    except StopAsyncIteration as e:
        print("StopAsyncIteration passes through:", e)


asyncio.run(main())
