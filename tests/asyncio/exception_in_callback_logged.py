# A callback that raises does not stop the loop: asyncio logs "Exception in callback ..." with the traceback, and the next callbacks still run.
import asyncio


def boom(n):
    print("boom", n)
    raise ZeroDivisionError(f"callback {n} failed")


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(boom, 1)
    loop.call_soon(print, "next callback still runs")
    loop.call_later(1, boom, 2)
    await asyncio.sleep(2)
    print("main finished at", loop.time())


asyncio.run(main())
