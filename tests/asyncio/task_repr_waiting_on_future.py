# A task waiting on a future shows it as wait_for=<Future pending cb=[Task.task_wakeup()]>; a done callback shows by name and line.
import asyncio


def note(fut):
    print("note called")


async def waiter(fut):
    return await fut


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    print(fut)
    fut.add_done_callback(note)
    print(fut)
    t = asyncio.create_task(waiter(fut), name="waiter")
    await asyncio.sleep(0)
    print(t)
    print(fut)
    fut.set_result("value")
    print(fut)
    await t
    print(t)


asyncio.run(main())
