# An async generator closed early with aclose(): GeneratorExit at its yield runs its finally (which may await); asend and next after that stop.
import asyncio


async def counter():
    try:
        n = 0
        while True:
            yield n
            n += 1
    except GeneratorExit:
        print("GeneratorExit inside the generator")
        raise
    finally:
        await asyncio.sleep(0.5)
        print("finally ran at", asyncio.get_running_loop().time())


async def main():
    g = counter()
    print(await g.__anext__(), await g.__anext__())
    await g.aclose()
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("exhausted after aclose")
    await g.aclose()
    print("a second aclose is harmless")


asyncio.run(main())
