# The TimeoutError from asyncio.timeout is raised from the CancelledError it replaced; a catch inside the block that swallows the cancel defeats it.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1):
            await asyncio.sleep(2)
    except TimeoutError as e:
        print(type(e.__cause__).__name__, e.__suppress_context__)
    async with asyncio.timeout(1) as cm:
        try:
            await asyncio.sleep(2)
        except asyncio.CancelledError:
            print("swallowed the cancel at", loop.time())
    print("no TimeoutError; expired:", cm.expired(), "cancelling:", asyncio.current_task().cancelling())


asyncio.run(main())
