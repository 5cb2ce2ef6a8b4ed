# asyncio.sleep returns its result argument; zero and negative delays just yield one loop turn.
import asyncio


async def other():
    print("other ran")


async def main():
    loop = asyncio.get_running_loop()
    print(await asyncio.sleep(0.5, result="slept"), loop.time())
    asyncio.create_task(other())
    print(await asyncio.sleep(-3, "negative"), loop.time())
    print(await asyncio.sleep(0), loop.time())


asyncio.run(main())
