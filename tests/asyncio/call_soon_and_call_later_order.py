# call_soon runs in FIFO order before any timer; call_later runs by deadline.
import asyncio

def cb(name):
    loop = asyncio.get_running_loop()
    print(f"{loop.time():.2f} {name}")

async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.2, cb, "later 0.2")
    loop.call_later(0.1, cb, "later 0.1")
    loop.call_soon(cb, "soon 1")
    loop.call_soon(cb, "soon 2")
    handle = loop.call_later(0.15, cb, "cancelled")
    handle.cancel()
    print("scheduled")
    await asyncio.sleep(0.3)

asyncio.run(main())
