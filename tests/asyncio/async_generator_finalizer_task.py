# An async generator dropped unfinished is closed by a task of its own (loop.create_task(agen.aclose())), one loop turn later; that task takes a Task-N number.
import asyncio


async def ticker():
    try:
        while True:
            yield asyncio.current_task().get_name()
    finally:
        print("ticker closed in", asyncio.current_task().get_name())


async def named():
    return asyncio.current_task().get_name()


async def main():
    g = ticker()
    print("first value from", await g.__anext__())
    del g
    print("dropped; next task is", await asyncio.create_task(named()))
    print("and then", await asyncio.create_task(named()))


asyncio.run(main())
