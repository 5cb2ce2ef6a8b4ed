# Seed 002, example 10: wait's three return modes and a timeout on tasks of 3s, 1s and 2s (failing); the article passes coroutines, which 3.11 refuses, so tasks are made first.
import asyncio
import time


async def nap(t, fail):
    await asyncio.sleep(t)
    if fail:
        raise Exception("error")
    return t


def fresh():
    return [asyncio.create_task(nap(3, 0)), asyncio.create_task(nap(1, 0)), asyncio.create_task(nap(2, 1))]


def show(done):
    return sorted(repr(t.exception()) if t.exception() else str(t.result()) for t in done)


async def main():
    t0 = time.time()
    done, pending = await asyncio.wait(fresh(), return_when=asyncio.ALL_COMPLETED)
    print("ALL_COMPLETED", show(done), len(pending), time.time() - t0)

    t0 = time.time()
    done, pending = await asyncio.wait(fresh(), return_when=asyncio.FIRST_COMPLETED)
    print("FIRST_COMPLETED", len(done), len(pending), time.time() - t0)

    t0 = time.time()
    done, pending = await asyncio.wait(fresh(), return_when=asyncio.FIRST_EXCEPTION)
    print("FIRST_EXCEPTION", show(done), len(pending), time.time() - t0)

    t0 = time.time()
    done, pending = await asyncio.wait(fresh(), return_when=asyncio.ALL_COMPLETED, timeout=2)
    print("timeout=2", show(done), len(pending), time.time() - t0)
    await asyncio.sleep(2)


asyncio.run(main())
