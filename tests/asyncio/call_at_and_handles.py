# call_soon, call_later and call_at with arguments; a cancelled handle never runs; loop.time() reads the virtual clock.
import asyncio

def cb(name, loop):
    print(name, "at", loop.time())

async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(1, cb, "later-1", loop)
    h = loop.call_later(0.5, cb, "cancelled", loop)
    loop.call_at(loop.time() + 0.25, cb, "at-0.25", loop)
    loop.call_soon(cb, "soon", loop)
    h.cancel()
    print("cancelled:", h.cancelled())
    await asyncio.sleep(2)
    fut = loop.create_future()
    loop.call_later(1, fut.set_result, "done")
    print(await fut, loop.time())

asyncio.run(main())
