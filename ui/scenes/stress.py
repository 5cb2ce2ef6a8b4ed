# stress.py: the window's load test (coroscope stress, bench_ui): 1,000 tasks, each
# sleeping twice on timers spread over ten deadlines, under one gather.
# CPython runs it unchanged; coroscope records it (about 40,000 steps).
import asyncio


async def sleeper(i):
    await asyncio.sleep((i % 10 + 1) / 10)
    await asyncio.sleep((i % 7 + 1) / 10)
    return i


async def main():
    results = await asyncio.gather(*(sleeper(i) for i in range(1000)))
    print(len(results), "tasks done, sum", sum(results))


asyncio.run(main())
