# loop.run_in_executor with the loop's default executor (None) and with a ThreadPoolExecutor of our own; functools.partial passes keywords.
import asyncio
import functools
import threading
import time
from concurrent.futures import ThreadPoolExecutor

def fetch(name, delay, *, prefix="got"):
    time.sleep(delay)
    return f"{prefix} {name} on {threading.current_thread().name}"

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.run_in_executor(None, fetch, "a", 2)
    print("run_in_executor returns", type(fut).__name__, "done:", fut.done())
    print(await fut)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="io") as pool:
        calls = [loop.run_in_executor(pool, functools.partial(fetch, n, d, prefix="fetched"))
                 for n, d in (("x", 4), ("y", 2))]
        for result in await asyncio.gather(*calls):
            print(result)
    try:
        await loop.run_in_executor(pool, fetch, "z", 1)
    except RuntimeError as e:
        print("RuntimeError:", e)

asyncio.run(main())
