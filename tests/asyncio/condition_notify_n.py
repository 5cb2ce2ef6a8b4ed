# Condition.notify(n) wakes at most n waiters, oldest first; waiting without the lock is a RuntimeError, so is notify.
import asyncio


async def waiter(cond, name):
    async with cond:
        await cond.wait()
        print(name, "woken")


async def main():
    cond = asyncio.Condition()
    tasks = [asyncio.create_task(waiter(cond, f"w{i}")) for i in range(4)]
    await asyncio.sleep(0)
    async with cond:
        cond.notify(2)
    await asyncio.sleep(0)
    print("after notify(2)")
    async with cond:
        cond.notify(5)
    await asyncio.gather(*tasks)
    try:
        await cond.wait()
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        cond.notify()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
