# Future.cancel: a pending future becomes cancelled (its callbacks run); cancelling a done future or task returns False.
import asyncio


async def quick():
    return 1


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.add_done_callback(lambda fut: print("callback sees cancelled:", fut.cancelled()))
    print(f.cancel("dropped"), f.cancelled(), f.done())
    print(f)
    await asyncio.sleep(0)
    try:
        f.result()
    except asyncio.CancelledError as e:
        print("result:", repr(e))
    try:
        f.exception()
    except asyncio.CancelledError as e:
        print("exception:", repr(e))
    g = loop.create_future()
    g.set_result(5)
    print(g.cancel(), g.result())
    t = asyncio.create_task(quick())
    await t
    print(t.cancel(), t.result())


asyncio.run(main())
