# asyncio.Event: every waiter wakes when it is set, in the order they began to wait; wait() returns True.
import asyncio

async def waiter(name, ev):
    print(name, "waits; set?", ev.is_set())
    r = await ev.wait()
    print(name, "woke with", r, "at", asyncio.get_running_loop().time())

async def main():
    ev = asyncio.Event()
    tasks = [asyncio.create_task(waiter(n, ev)) for n in "xyz"]
    await asyncio.sleep(1.5)
    print("setting")
    ev.set()
    await asyncio.gather(*tasks)
    print("already set, wait returns at once:", await ev.wait())
    ev.clear()
    print("cleared:", ev.is_set())

asyncio.run(main())
