# Async generators: yield inside async def, consumed by async for, two of them interleaved.
import asyncio

async def countdown(name, n, delay):
    while n > 0:
        await asyncio.sleep(delay)
        yield f"{name} {n}"
        n -= 1

async def consume(gen):
    loop = asyncio.get_running_loop()
    async for item in gen:
        print(f"{loop.time():.1f} {item}")

async def main():
    await asyncio.gather(consume(countdown("fast", 3, 1)), consume(countdown("slow", 2, 1.5)))
    agen = countdown("manual", 2, 0)
    print(type(agen).__name__, await agen.__anext__(), await agen.__anext__())
    try:
        await agen.__anext__()
    except StopAsyncIteration as e:
        print("exhausted", repr(e))

asyncio.run(main())
