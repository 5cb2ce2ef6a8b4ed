# time.sleep inside a coroutine blocks the whole loop (the ticker stops); the same sleep through asyncio.to_thread leaves it running.
import asyncio
import time

start = time.monotonic()

def stamp():
    return int(time.monotonic() - start)

async def ticker(label):
    for i in range(3):
        print(f"{stamp()}s {label} tick {i}")
        await asyncio.sleep(2)

async def blocking_in_loop():
    time.sleep(5)
    print(f"{stamp()}s time.sleep(5) in the coroutine returned")

async def blocking_in_thread():
    await asyncio.to_thread(time.sleep, 5)
    print(f"{stamp()}s to_thread(time.sleep, 5) returned")

async def main():
    global start
    await asyncio.gather(ticker("A"), blocking_in_loop())
    start = time.monotonic()
    await asyncio.gather(ticker("B"), blocking_in_thread())

asyncio.run(main())
