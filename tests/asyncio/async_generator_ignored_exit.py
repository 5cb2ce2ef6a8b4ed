# An async generator that yields again while closing: aclose() raises RuntimeError("async generator ignored GeneratorExit").
import asyncio


async def stubborn():
    try:
        yield "a"
    finally:
        yield "b"


async def main():
    g = stubborn()
    print(await g.__anext__())
    try:
        await g.aclose()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
