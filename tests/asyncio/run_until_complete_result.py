# A loop made by hand: run_until_complete returns the coroutine's value; the clock starts at 0.0.
import asyncio

async def compute(x):
    await asyncio.sleep(2)
    return x * x

loop = asyncio.new_event_loop()
print("loop time at start", loop.time())
result = loop.run_until_complete(compute(7))
print("result", result, "at", loop.time())
task = loop.create_task(compute(3))
task.add_done_callback(lambda t: print("callback sees", t.result()))
loop.run_until_complete(task)
print("second result", task.result(), "at", loop.time())
loop.close()
