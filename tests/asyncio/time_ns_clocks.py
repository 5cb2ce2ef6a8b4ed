# The _ns clocks are the virtual clock in whole nanoseconds, rounded to nearest (ties to even), and advance with sleeps.
import asyncio
import time

print(time.time_ns(), time.monotonic_ns(), time.perf_counter_ns())
for step in (0.1, 0.2, 1e-9, 2.5e-10, 1.234567891):
    time.sleep(step)
    print(repr(time.time()), time.time_ns(), time.monotonic_ns() == time.perf_counter_ns())


async def main():
    loop = asyncio.get_running_loop()
    start = time.perf_counter_ns()
    await asyncio.sleep(0.25)
    print("slept", time.perf_counter_ns() - start, loop.time() == time.monotonic())
    t0 = time.monotonic()
    await asyncio.gather(asyncio.sleep(1), asyncio.sleep(2))
    print("gather", time.monotonic() - t0, type(time.monotonic_ns()).__name__)


asyncio.run(main())
print(isinstance(time.process_time(), float), isinstance(time.process_time_ns(), int))
