# Every clock starts at 0.0 on the virtual clock; the _ns forms are whole nanoseconds.
import asyncio
import time

print(time.time(), time.monotonic(), time.perf_counter())
print(time.time_ns(), time.monotonic_ns(), time.perf_counter_ns())
print(time.strftime("%Y-%m-%d %H:%M:%S"), time.localtime().tm_year)
time.sleep(1.25)
print(time.time(), time.monotonic_ns(), time.strftime("%H:%M:%S"))

async def main():
    loop = asyncio.get_running_loop()
    print("loop.time", loop.time())
    await asyncio.sleep(0.75)
    print("loop.time", loop.time(), "time.time", time.time())

asyncio.run(main())
time.sleep(0)
print("after run", time.perf_counter())
try:
    time.sleep(-1)
except ValueError as e:
    print(type(e).__name__, e)
