# A failed task nobody awaits: when the last reference goes, asyncio logs "Task exception was never retrieved" (on stderr) and the program goes on.
import asyncio


async def fails():
    raise ValueError("lost error")


async def main():
    t = asyncio.create_task(fails())
    await asyncio.sleep(0)
    print("task failed:", t.done(), type(t.exception()).__name__)
    u = asyncio.create_task(fails())
    await asyncio.sleep(0)
    del u
    print("after dropping the unread one")
    await asyncio.sleep(0)
    print("main ends")


asyncio.run(main())
