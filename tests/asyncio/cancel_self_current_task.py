# A task may cancel itself: the CancelledError arrives at its next await, not at the cancel() call.
import asyncio


async def self_stopper():
    me = asyncio.current_task()
    print("cancel myself ->", me.cancel())
    print("still running; cancelling() =", me.cancelling())
    print(me)
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("CancelledError at the await")
        raise


async def main():
    t = asyncio.create_task(self_stopper())
    try:
        await t
    except asyncio.CancelledError:
        print("main sees it cancelled at", asyncio.get_running_loop().time())


asyncio.run(main())
