# A threaded script: the harness runs it with real threads on a scaled clock (README, "Threads").
import asyncio
import time

def blocking(n):
    time.sleep(n)
    return f"slept {n}"

async def main():
    start = time.monotonic()
    results = await asyncio.gather(asyncio.to_thread(blocking, 1), asyncio.to_thread(blocking, 2))
    print(results)
    print("elapsed about", round(time.monotonic() - start))

asyncio.run(main())
