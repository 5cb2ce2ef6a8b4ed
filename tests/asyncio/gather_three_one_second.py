# Three one-second sleeps under gather take one second, not three; results keep argument order.
import asyncio
import time

async def work(n):
    print(f"task {n} starts")
    await asyncio.sleep(1)
    print(f"task {n} ends")
    return n * 10

async def main():
    start = time.perf_counter()
    results = await asyncio.gather(work(1), work(2), work(3))
    elapsed = time.perf_counter() - start
    print("results", results)
    print("elapsed", elapsed)

asyncio.run(main())
