# An exception raised in a to_thread or run_in_executor call is raised by the await; gather(return_exceptions=True) collects it.
import asyncio
import time

def parse(text):
    time.sleep(1)
    return int(text)

async def main():
    try:
        await asyncio.to_thread(parse, "twelve")
    except ValueError as e:
        print("caught:", e)
    loop = asyncio.get_running_loop()
    results = await asyncio.gather(
        asyncio.to_thread(parse, "12"),
        loop.run_in_executor(None, parse, "x"),
        return_exceptions=True,
    )
    print([type(r).__name__ for r in results], results[0])
    await asyncio.to_thread(parse, "")

asyncio.run(main())
