# asyncio.Future and asyncio.Task are classes: constructors, isinstance, isfuture, iscoroutine, ensure_future.
import asyncio

async def work(x):
    await asyncio.sleep(x)
    return x * 2

async def main():
    loop = asyncio.get_running_loop()
    f = asyncio.Future()
    print(type(f).__name__, isinstance(f, asyncio.Future), asyncio.isfuture(f), f.get_loop() is loop)
    t = asyncio.Task(work(1), name="made-directly")
    print(type(t).__name__, isinstance(t, asyncio.Task), isinstance(t, asyncio.Future), t.get_name())
    co = work(2)
    print(asyncio.iscoroutine(co), asyncio.iscoroutine(t), asyncio.isfuture(co))
    t2 = asyncio.ensure_future(co)
    print(asyncio.ensure_future(t2) is t2, asyncio.ensure_future(f) is f)
    loop.call_later(0.5, f.set_result, "fut")
    print(await f, await t, await t2, loop.time())
    print(f)

asyncio.run(main())
