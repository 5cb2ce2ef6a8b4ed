# A task's own callbacks in its repr: done callbacks by name and line, the wakeups of the tasks awaiting it, "<N more>" past two.
import asyncio


def logger(t):
    print("logger sees", t.get_name(), "done")


async def target():
    await asyncio.sleep(1)
    return "target value"


async def awaiter(t):
    return await t


async def main():
    t = asyncio.create_task(target(), name="target")
    t.add_done_callback(logger)
    print(t)
    a = asyncio.create_task(awaiter(t), name="a")
    await asyncio.sleep(0)
    print(t)
    b = asyncio.create_task(awaiter(t), name="b")
    c = asyncio.create_task(awaiter(t), name="c")
    await asyncio.sleep(0)
    print(t)
    print(a)
    print(await asyncio.gather(a, b, c))
    print(t)


asyncio.run(main())
