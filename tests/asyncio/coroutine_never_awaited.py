# Calling a coroutine function without await does nothing; CPython warns on stderr.
import asyncio
import time

async def nap():
    print("never printed")
    await asyncio.sleep(1)

async def main():
    start = time.time()
    nap()
    print("elapsed", time.time() - start)

asyncio.run(main())
