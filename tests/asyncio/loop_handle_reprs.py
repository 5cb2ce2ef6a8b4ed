# Handle and TimerHandle reprs as CPython prints them: the callback with its arguments and the line it was defined on; cancelled ones too.
import asyncio


def tick(n, label="x"):
    print("tick", n, label)


async def main():
    loop = asyncio.get_running_loop()
    h = loop.call_soon(tick, 1, "soon")
    print(h)
    th = loop.call_later(2, tick, 2)
    print(th)
    print(th.when(), loop.call_at(5, tick, 3).when())
    th.cancel()
    print(th, th.cancelled())
    lam = loop.call_soon(lambda: print("lambda ran"))
    print(lam)
    p = loop.call_soon(print, "builtin", "args")
    print(p)
    await asyncio.sleep(0)
    print(h)


asyncio.run(main())
