# wait(FIRST_EXCEPTION) with no failing task waits for all of them, like ALL_COMPLETED; with an early failure it returns then.
import asyncio


async def nap(t, fail=False):
    await asyncio.sleep(t)
    if fail:
        raise RuntimeError(f"failed at {t}")
    return t


async def main():
    loop = asyncio.get_running_loop()
    ts = [asyncio.create_task(nap(t)) for t in (1, 2, 3)]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
    print(len(done), len(pending), loop.time())
    ts = [asyncio.create_task(nap(1)), asyncio.create_task(nap(2, True)), asyncio.create_task(nap(3))]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
    print(len(done), len(pending), loop.time())
    print([t.exception() for t in ts if t in done])
    for t in pending:
        t.cancel()


asyncio.run(main())
