# Seed 001, the run_in_executor example: a blocking function runs in the loop's default executor (executor None), then in a ThreadPoolExecutor of our own;
# meanwhile the loop stays free. The article's third part uses a ProcessPoolExecutor: left out, coroscope has no processes.
import asyncio
import concurrent.futures
import threading
import time


def slow_answer():
    time.sleep(2)
    where = "the main thread" if threading.current_thread() is threading.main_thread() else "a worker thread"
    return "an answer from " + where


async def ticker(t0):
    await asyncio.sleep(1)
    print(f"  tick at {round(time.monotonic() - t0)}s: the loop is free")


async def main():
    loop = asyncio.get_running_loop()
    t0 = time.monotonic()

    fut = loop.run_in_executor(None, slow_answer)   # None: the loop's default executor
    print("run_in_executor gave:", type(fut).__name__)
    beat = asyncio.create_task(ticker(t0))
    print("default executor:", await fut)
    await beat

    with concurrent.futures.ThreadPoolExecutor() as pool:
        answer = await loop.run_in_executor(pool, slow_answer)
        print("own thread pool:", answer)
    print(f"total {round(time.monotonic() - t0)}s")


if __name__ == "__main__":
    asyncio.run(main())
