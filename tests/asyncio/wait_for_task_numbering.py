# wait_for is a coroutine: the task for its coroutine argument is made when wait_for starts, so a task created in between takes the lower number.
import asyncio


async def named():
    await asyncio.sleep(0.5)
    return asyncio.current_task().get_name()


async def main():
    pending = asyncio.wait_for(named(), 1)
    side = asyncio.create_task(named())
    print("inner task was", await pending)
    print("side task was", await side)
    print("no limit runs inline:", await asyncio.wait_for(named(), None))


asyncio.run(main())
