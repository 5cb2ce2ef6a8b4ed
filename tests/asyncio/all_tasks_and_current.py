# all_tasks() lists the pending tasks of the running loop (done ones drop out); current_task() is the task whose step is running.
import asyncio


async def worker(t):
    me = asyncio.current_task()
    await asyncio.sleep(t)
    return me.get_name()


async def main():
    ts = [asyncio.create_task(worker(t), name=f"w{t}") for t in (1, 2)]
    print(sorted(t.get_name() for t in asyncio.all_tasks()))
    await ts[0]
    print(sorted(t.get_name() for t in asyncio.all_tasks()))
    print(asyncio.current_task() in asyncio.all_tasks())
    print(await ts[1], len(asyncio.all_tasks()))


asyncio.run(main())
