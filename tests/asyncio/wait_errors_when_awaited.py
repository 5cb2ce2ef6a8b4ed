# asyncio.wait is a coroutine: its argument errors are raised when it is awaited, not when it is called.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.set_result(1)
    bad = asyncio.wait([f], return_when="SOMETIME")
    print("made the call:", type(bad).__name__)
    try:
        await bad
    except ValueError as e:
        print("ValueError:", e)
    empty = asyncio.wait(set())
    print("made the call again")
    try:
        await empty
    except ValueError as e:
        print("ValueError:", e)
    try:
        await asyncio.wait(f)
    except TypeError as e:
        print("TypeError:", e)


asyncio.run(main())
