# asyncio.Condition: notify(1) wakes the oldest waiter, notify_all the rest; wait_for re-checks its predicate.
import asyncio

items = []

async def consumer(name, cond):
    async with cond:
        await cond.wait()
        print(name, "notified at", asyncio.get_running_loop().time())

async def wait_items(cond):
    async with cond:
        r = await cond.wait_for(lambda: len(items) >= 2)
        print("wait_for saw", items, "->", r)

async def main():
    cond = asyncio.Condition()
    cs = [asyncio.create_task(consumer(n, cond)) for n in ("c1", "c2", "c3")]
    w = asyncio.create_task(wait_items(cond))
    await asyncio.sleep(1)
    async with cond:
        cond.notify(1)
    await asyncio.sleep(1)
    async with cond:
        items.append(1)
        cond.notify_all()
    await asyncio.sleep(1)
    async with cond:
        items.append(2)
        cond.notify_all()
    await asyncio.gather(*cs, w)
    try:
        cond.notify()
    except RuntimeError as e:
        print("RuntimeError:", e)

asyncio.run(main())
