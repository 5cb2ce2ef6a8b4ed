# Every task takes a Task-N number, even named ones (asyncio.create_task names it afterwards); loop.create_task(name=) takes none.
import asyncio


async def noop():
    return asyncio.current_task().get_name()


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(noop(), name="named")
    b = asyncio.create_task(noop())
    c = loop.create_task(noop(), name="loop-named")
    d = loop.create_task(noop())
    e = asyncio.ensure_future(noop())
    print(await asyncio.gather(a, b, c, d, e))


asyncio.run(main())
