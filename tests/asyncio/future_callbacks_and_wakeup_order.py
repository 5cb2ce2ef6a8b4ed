# When a future completes, its callbacks run in the order they were added, a waiting task's wakeup among them.
import asyncio


async def waiter(fut, tag):
    await fut
    print("task", tag, "resumed")


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(lambda f: print("callback A"))
    t1 = asyncio.create_task(waiter(fut, 1))
    await asyncio.sleep(0)
    fut.add_done_callback(lambda f: print("callback B"))
    t2 = asyncio.create_task(waiter(fut, 2))
    await asyncio.sleep(0)
    fut.add_done_callback(lambda f: print("callback C"))
    print(fut)
    fut.set_result(None)
    print("set_result returned")
    await asyncio.gather(t1, t2)
    fut.add_done_callback(lambda f: print("late callback, scheduled with call_soon"))
    print("added the late callback")
    await asyncio.sleep(0)


asyncio.run(main())
