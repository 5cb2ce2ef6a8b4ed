# Seed 003, example 2 without the web framework: the slow handler hands its blocking work to run_in_executor,
# so the health check is answered at once while the work goes on in a worker thread.
import asyncio
import time

t0 = time.monotonic()


def stamp():
    return f"{round(time.monotonic() - t0):2d}s"


async def slow_root():
    loop = asyncio.get_running_loop()

    def blocking_work():
        time.sleep(10)
        print(stamp(), "blocking work done")

    print(stamp(), "root: start")
    await loop.run_in_executor(None, blocking_work)
    print(stamp(), "root: answered")
    return {"message": "Hello World"}


async def health():
    print(stamp(), "health: answered")
    return {"status": "ok"}


async def main():
    root = asyncio.create_task(slow_root())
    await asyncio.sleep(1)          # the health request comes a second later
    check = asyncio.create_task(health())
    print(await check, await root)


asyncio.run(main())
