# Seed 003, example 6 as written: a plain (sync) handler runs in a worker thread, as the web framework would run it, while the loop
# runs in the main thread. It schedules a task on the loop, whose done callback fills a concurrent.futures.Future; the handler blocks on it.
# The article calls loop.create_task from the worker thread, which does not wake a loop that is idle (the script would hang);
# here the worker hands the same two steps to the loop with call_soon_threadsafe.
import asyncio
import threading
from concurrent.futures import Future


async def compute():
    print("task runs in", threading.current_thread().name)
    return 222


def sync_handler(loop):
    box = Future()

    def start_task():
        task = loop.create_task(compute())

        def fill_box(t):
            box.set_result(t.result())

        task.add_done_callback(fill_box)

    loop.call_soon_threadsafe(start_task)
    return box.result()   # blocks this worker thread only


async def main():
    loop = asyncio.get_running_loop()
    answer = await loop.run_in_executor(None, sync_handler, loop)
    print("handler answered", answer, "in", threading.current_thread().name)


asyncio.run(main())
