# Event: wait on a set event returns at once; after clear() wait blocks until the next set(); is_set follows.
import asyncio


async def waiter(ev, name):
    print(name, "waiting; set?", ev.is_set())
    await ev.wait()
    print(name, "woke at", asyncio.get_running_loop().time())


async def main():
    ev = asyncio.Event()
    ev.set()
    await waiter(ev, "first")
    ev.clear()
    t = asyncio.create_task(waiter(ev, "second"))
    await asyncio.sleep(1)
    print("setting")
    ev.set()
    ev.clear()
    await t
    print("set now?", ev.is_set())


asyncio.run(main())
