# A task cancelled before its first step never runs its body; it is cancelled at once, with no "never awaited" warning.
import asyncio


async def body():
    print("body ran (should not happen)")


async def main():
    t = asyncio.create_task(body())
    print("cancel ->", t.cancel("too early"))
    print("right after cancel:", t.done(), t.cancelled())
    await asyncio.sleep(0)
    print("one step later:", t.done(), t.cancelled())
    try:
        t.result()
    except asyncio.CancelledError as e:
        print("result() raised CancelledError", e.args)
    print("cancel again ->", t.cancel())


asyncio.run(main())
