# get_running_loop and current_task outside any loop raise RuntimeError; in a loop callback current_task() is None.
import asyncio

try:
    asyncio.get_running_loop()
except RuntimeError as e:
    print("get_running_loop:", e)
try:
    asyncio.current_task()
except RuntimeError as e:
    print("current_task:", e)
try:
    asyncio.all_tasks()
except RuntimeError as e:
    print("all_tasks:", e)


def in_callback():
    print("callback: current_task() is", asyncio.current_task())
    print("callback: loop is running:", asyncio.get_running_loop().is_running())


async def main():
    asyncio.get_running_loop().call_soon(in_callback)
    await asyncio.sleep(0)
    print("main:", asyncio.current_task().get_name())


asyncio.run(main())
