# Task odds and ends: get_coro, get_loop, set_name shows in the repr, done() and result() through the states, isfuture/iscoroutine.
import asyncio


async def job():
    await asyncio.sleep(1)
    return "job result"


async def main():
    loop = asyncio.get_running_loop()
    coro = job()
    t = asyncio.create_task(coro)
    print(t.get_coro() is coro, t.get_loop() is loop)
    t.set_name(12345)
    print(t.get_name(), repr(t.get_name()))
    print(t)
    print(asyncio.isfuture(t), asyncio.isfuture(coro), asyncio.iscoroutine(coro), asyncio.iscoroutine(t))
    print(t.done(), await t, t.done(), t.result())
    print(asyncio.current_task().get_coro().__name__)


asyncio.run(main())
