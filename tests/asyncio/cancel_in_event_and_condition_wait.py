# Cancelling a task in Event.wait leaves the event alone; in Condition.wait the lock is re-acquired before CancelledError comes out.
import asyncio


async def event_waiter(ev):
    try:
        await ev.wait()
    except asyncio.CancelledError:
        print("event waiter cancelled; set?", ev.is_set())
        raise


async def cond_waiter(cond):
    async with cond:
        try:
            await cond.wait()
        except asyncio.CancelledError:
            print("condition waiter cancelled; holds the lock:", cond.locked())
            raise


async def main():
    ev = asyncio.Event()
    cond = asyncio.Condition()
    a = asyncio.create_task(event_waiter(ev))
    b = asyncio.create_task(cond_waiter(cond))
    await asyncio.sleep(0)
    a.cancel()
    b.cancel()
    res = await asyncio.gather(a, b, return_exceptions=True)
    print([type(r).__name__ for r in res], "lock free again:", not cond.locked())


asyncio.run(main())
