# Seed 002, example 15: two workers share a Lock; the second gets it only after the first's second of holding it.
import asyncio
from asyncio import sleep, Lock


async def worker_a(lock):
    print('worker_a starts')
    async with lock:
        print('worker_a has the lock at', asyncio.get_running_loop().time())
        await sleep(1)


async def worker_b(lock):
    print('worker_b starts')
    async with lock:
        print('worker_b has the lock at', asyncio.get_running_loop().time())
        await sleep(1)


async def main():
    lock = Lock()
    jobs = [asyncio.create_task(worker_a(lock)), asyncio.create_task(worker_b(lock))]
    await asyncio.gather(*jobs)


asyncio.run(main())
