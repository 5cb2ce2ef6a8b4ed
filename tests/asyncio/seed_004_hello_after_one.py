# Seed 004, example 3: the smallest program: sleep a second, print hello.
import asyncio
import time


async def main():
    await asyncio.sleep(1)
    print('hello', time.time())


asyncio.run(main())
