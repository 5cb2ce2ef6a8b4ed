# Seed 004, example 1: say_after(1) then say_after(2) awaited in turn; strftime('%X') on the virtual clock shows 00:00:00 and 00:00:03 (the article's curly quotes are fixed).
import asyncio
import time


async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)


async def main():
    print(f"started at {time.strftime('%X')}")
    await say_after(1, 'hello')
    await say_after(2, 'world')
    print(f"finished at {time.strftime('%X')}")


asyncio.run(main())
