# Leaving an as_completed loop early (break) leaves the remaining tasks running; they can be awaited later.
import asyncio


async def nap(t):
    await asyncio.sleep(t)
    return t


async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(nap(t)) for t in (3, 1, 2)]
    for aw in asyncio.as_completed(tasks):
        first = await aw
        print("first finished:", first, "at", loop.time())
        break
    print("still running:", sum(not t.done() for t in tasks))
    print(await asyncio.gather(*tasks), loop.time())


asyncio.run(main())
