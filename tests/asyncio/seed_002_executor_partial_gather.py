# Seed 002, the executor example: four blocking calls go to a ThreadPoolExecutor through loop.run_in_executor
# (functools.partial carries their arguments) and gather collects the results in call order; they overlap, so 4s rather than 10s.
import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial


def nap(seconds, fail):
    time.sleep(seconds)
    if fail:
        raise Exception("error")
    return seconds


async def main():
    loop = asyncio.get_running_loop()
    t0 = time.monotonic()
    with ThreadPoolExecutor() as pool:
        waits = [loop.run_in_executor(pool, partial(nap, n, 0)) for n in range(1, 5)]
        results = await asyncio.gather(*waits)
    print(results)
    print("took", round(time.monotonic() - t0), "s")


asyncio.run(main())
