# asyncio.run inside a running loop raises RuntimeError; the inner coroutine is never awaited.
import asyncio

async def inner():
    return 1

async def main():
    try:
        asyncio.run(inner())
    except RuntimeError as e:
        print("RuntimeError:", e)

asyncio.run(main())
print("after")
