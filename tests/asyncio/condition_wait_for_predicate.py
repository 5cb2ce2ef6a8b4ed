# Condition.wait_for re-checks its predicate at each notify; notify_all wakes everyone, who then take the lock in turn.
import asyncio

items = []


async def consumer(cond, name, need):
    async with cond:
        got = await cond.wait_for(lambda: len(items) >= need)
        print(name, "saw", len(items), "items at", asyncio.get_running_loop().time(), got)


async def main():
    cond = asyncio.Condition()
    tasks = [asyncio.create_task(consumer(cond, f"c{n}", n)) for n in (1, 2, 3)]
    for i in range(3):
        await asyncio.sleep(1)
        async with cond:
            items.append(i)
            print("produced", i)
            cond.notify_all()
    await asyncio.gather(*tasks)


asyncio.run(main())
