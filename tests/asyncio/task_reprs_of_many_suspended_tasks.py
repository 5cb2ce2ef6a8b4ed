# Reprs of tasks suspended at different awaits, read while other tasks run:
# each shows the line its coroutine waits at. With more than a hundred tasks
# pending coroscope runs them on one shared stack, so the line must be kept
# when a task suspends (its frames are not where they were).
import asyncio


async def napper(i):
    await asyncio.sleep(0)
    await asyncio.sleep(1 + i % 3)
    return i


async def helper(ev):
    await ev.wait()


async def waiter_on_event(ev):
    await helper(ev)


async def watcher(tasks):
    await asyncio.sleep(0.5)
    for t in tasks[:3] + tasks[-2:]:
        print(t)
    return "watched"


async def main():
    ev = asyncio.Event()
    tasks = [asyncio.create_task(napper(i), name=f"n{i}") for i in range(150)]
    tasks.append(asyncio.create_task(waiter_on_event(ev), name="ev"))
    w = asyncio.create_task(watcher(tasks))
    await asyncio.sleep(0)
    print(tasks[0])
    print(await w)
    ev.set()
    done = await asyncio.gather(*tasks)
    print(sum(d for d in done if d is not None), len(done))


asyncio.run(main())
