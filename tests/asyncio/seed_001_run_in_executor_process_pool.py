# Seed 001, the third part of the run_in_executor example: the same blocking function runs in a ProcessPoolExecutor,
# awaited from the loop like a thread pool's result.
import asyncio
import concurrent.futures
import time


def slow_answer():
    time.sleep(2)
    return "an answer from another process"


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ProcessPoolExecutor() as pool:
        answer = await loop.run_in_executor(pool, slow_answer)
        print("process pool:", answer)


if __name__ == "__main__":
    asyncio.run(main())
