# as_completed over futures and tasks: errors and cancellations come out in finishing order, each from its own awaitable.
import asyncio


async def nap(t, exc=None):
    await asyncio.sleep(t)
    if exc:
        raise exc
    return t


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    loop.call_later(2.5, f.set_result, "future")
    victim = asyncio.create_task(nap(10))
    loop.call_later(1.5, victim.cancel)
    aws = [nap(1), nap(2, OSError("disk")), f, victim, nap(3, KeyError("k"))]
    for aw in asyncio.as_completed(aws):
        try:
            print("ok", await aw, loop.time())
        except asyncio.CancelledError:
            print("cancelled", loop.time())
        except Exception as e:
            print("error", repr(e), loop.time())


asyncio.run(main())
