# Seed 002, example 6: gather returns results in the order the tasks were passed, here [1, 2, 3].
import asyncio


async def nap(t):
    await asyncio.sleep(t)
    return t


async def main():
    jobs = [asyncio.create_task(nap(i)) for i in range(1, 4)]
    print(await asyncio.gather(*jobs))


asyncio.run(main())
