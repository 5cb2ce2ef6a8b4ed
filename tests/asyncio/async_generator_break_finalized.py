# Breaking out of async for leaves the generator suspended; asyncio.run's shutdown_asyncgens closes it after main returns.
import asyncio


async def numbers(tag):
    try:
        for i in range(100):
            yield i
            await asyncio.sleep(0.1)
    finally:
        print(tag, "closed at", asyncio.get_running_loop().time())


async def main():
    async for i in numbers("first"):
        if i == 2:
            break
    print("left the loop at", asyncio.get_running_loop().time())
    keep = numbers("second")
    print(await keep.__anext__())
    print("main returns")


asyncio.run(main())
print("after asyncio.run")
