# call_soon, call_later(0), call_at(now) and task steps in one loop turn: ready callbacks in FIFO order, then timers due now, by deadline and creation.
import asyncio


async def task_step(tag):
    print("task", tag)


def cb(tag):
    print("callback", tag)


async def main():
    loop = asyncio.get_running_loop()
    now = loop.time()
    loop.call_later(0, cb, "later-0")
    loop.call_soon(cb, "soon-1")
    loop.call_at(now, cb, "at-now")
    asyncio.create_task(task_step("A"))
    loop.call_soon(cb, "soon-2")
    loop.call_later(-1, cb, "later-negative")
    loop.call_at(now + 0.5, cb, "at-0.5")
    loop.call_later(0.5, cb, "later-0.5")
    await asyncio.sleep(1)
    print("main done")


asyncio.run(main())
