# Nested asyncio.timeout blocks where the outer deadline comes first: the inner block sees CancelledError pass through, the outer one turns it into TimeoutError.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1) as outer:
            try:
                async with asyncio.timeout(5) as inner:
                    await asyncio.sleep(3)
            except TimeoutError:
                print("inner TimeoutError (wrong)")
            except asyncio.CancelledError:
                print("inner block saw CancelledError at", loop.time(), inner.expired())
                raise
    except TimeoutError:
        print("outer TimeoutError at", loop.time(), outer.expired())
    print(asyncio.current_task().cancelling())


asyncio.run(main())
