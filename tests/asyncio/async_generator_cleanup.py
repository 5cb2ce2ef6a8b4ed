# An async generator left unfinished is closed by asyncio.run at shutdown: its finally runs then.
import asyncio

async def stream():
    try:
        for i in range(10):
            await asyncio.sleep(1)
            yield i
    finally:
        print("stream: finally (cleanup)")

async def main():
    gen = stream()
    async for value in gen:
        print("got", value)
        if value == 1:
            break
    print("main: broke out of the loop, main returns")

asyncio.run(main())
print("after asyncio.run")
