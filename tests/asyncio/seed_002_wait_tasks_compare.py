# Seed 002, example 12: the sets wait returns hold the tasks it was given, so membership tests work; with coroutines 3.11 raises TypeError instead.
import asyncio


async def nap(t):
    await asyncio.sleep(t)
    return t


async def main():
    tasks = [asyncio.create_task(nap(t)) for t in (2, 1)]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("tasks[0] pending:", tasks[0] in pending, "tasks[1] done:", tasks[1] in done)
    coros = [nap(2), nap(1)]
    try:
        await asyncio.wait(coros, return_when=asyncio.FIRST_COMPLETED)
    except TypeError as e:
        print("TypeError:", e)
    for c in coros:
        c.close()
    await pending.pop()


asyncio.run(main())
