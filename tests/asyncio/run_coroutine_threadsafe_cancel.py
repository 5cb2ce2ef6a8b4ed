# Cancelling the concurrent Future of run_coroutine_threadsafe cancels the task in the loop's thread; an exception in the coroutine reaches result().
import asyncio
import threading
import time

loop = asyncio.new_event_loop()
runner = threading.Thread(target=loop.run_forever)
runner.start()

async def long_job():
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError:
        print("long_job: cancelled inside the loop thread")
        raise

async def failing_job():
    await asyncio.sleep(1)
    raise KeyError("missing")

fut = asyncio.run_coroutine_threadsafe(long_job(), loop)
time.sleep(2)
ok = fut.cancel()
time.sleep(2)   # the loop's thread runs the cancellation meanwhile (so the order of the prints is fixed)
print("cancel() ->", ok, "cancelled()", fut.cancelled())
bad = asyncio.run_coroutine_threadsafe(failing_job(), loop)
try:
    bad.result()
except KeyError as e:
    print("result() raised KeyError", e)
try:
    asyncio.run_coroutine_threadsafe(long_job, loop)
except TypeError as e:
    print("TypeError:", e)
loop.call_soon_threadsafe(loop.stop)
runner.join()
loop.close()
