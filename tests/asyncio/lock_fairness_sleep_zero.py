# Lock handoff: a released lock goes to the first waiter, even if the releasing task asks again right away.
import asyncio


async def greedy(lock, name, rounds):
    for i in range(rounds):
        async with lock:
            print(name, "round", i)
            await asyncio.sleep(0)


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(greedy(lock, "A", 3), greedy(lock, "B", 3), greedy(lock, "C", 2))


asyncio.run(main())
