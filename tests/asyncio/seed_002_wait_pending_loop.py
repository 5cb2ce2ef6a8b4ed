# Seed 002, example 11: wait(FIRST_COMPLETED) in a loop over what is still pending handles each task as it finishes.
import asyncio
import time


async def nap(t):
    await asyncio.sleep(t)
    return t


async def main():
    pending = {asyncio.create_task(nap(t)) for t in (3, 1, 2)}
    rounds = 0
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        rounds += 1
        for task in done:
            print("round", rounds, "got", await task, "at", time.time())


asyncio.run(main())
