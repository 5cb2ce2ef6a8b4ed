# Seed 000, the last example: a fresh loop runs forever in its own thread while the main thread hands it coroutines with run_coroutine_threadsafe; the main thread is never blocked until it asks for a result.
# The article never stops that loop (its script would not end); here the main thread stops it with call_soon_threadsafe(loop.stop) and joins the thread.
import asyncio
import threading
import time


def serve_forever(loop):
    asyncio.set_event_loop(loop)
    loop.run_forever()


async def square_later(n):
    print("start job", n, "in", threading.current_thread().name)
    await asyncio.sleep(2)
    print("finish job", n)
    return n * n


def seconds_since(t0):
    return round(time.monotonic() - t0)


side_loop = asyncio.new_event_loop()
worker = threading.Thread(target=serve_forever, args=(side_loop,), name="loopThread")
worker.start()

t0 = time.monotonic()
print("hand over job 3 from", threading.current_thread().name)
first = asyncio.run_coroutine_threadsafe(square_later(3), side_loop)
time.sleep(1)   # the main thread goes on with its own work meanwhile
print(f"{seconds_since(t0)}s: job 3 done? {first.done()} (a {type(first).__module__}.{type(first).__name__})")

print("hand over job 4")
second = asyncio.run_coroutine_threadsafe(square_later(4), side_loop)
print("job 4 result:", second.result(), "job 3 result:", first.result())
print(f"both jobs took {seconds_since(t0)}s, not 4s: they overlapped")

side_loop.call_soon_threadsafe(side_loop.stop)
worker.join()
side_loop.close()
print("loop thread alive?", worker.is_alive(), "loop closed?", side_loop.is_closed())
