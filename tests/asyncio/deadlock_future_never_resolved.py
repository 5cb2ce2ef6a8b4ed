# Awaiting a Future that nothing will ever resolve ends the run with a deadlock report.
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    print("awaiting a future nobody resolves")
    await fut

asyncio.run(main())
