# Cancelling a task that awaits shield(inner) cancels only the outer await; inner runs to its end and its result can still be read.
import asyncio


async def inner():
    await asyncio.sleep(2)
    print("inner finished at", asyncio.get_running_loop().time())
    return "inner result"


async def outer(task):
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        print("outer cancelled; inner done?", task.done())
        raise


async def main():
    inner_task = asyncio.create_task(inner())
    o = asyncio.create_task(outer(inner_task))
    await asyncio.sleep(1)
    o.cancel()
    try:
        await o
    except asyncio.CancelledError:
        print("o cancelled:", o.cancelled(), "inner cancelled:", inner_task.cancelled())
    print(await inner_task)


asyncio.run(main())
