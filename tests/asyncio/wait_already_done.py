# wait on futures that are all done already returns them all in done at once, for every return_when.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fs = [loop.create_future() for _ in range(3)]
    fs[0].set_result(0)
    fs[1].set_exception(KeyError("k"))
    fs[2].cancel()
    for mode in (asyncio.FIRST_COMPLETED, asyncio.FIRST_EXCEPTION, asyncio.ALL_COMPLETED):
        done, pending = await asyncio.wait(fs, return_when=mode)
        print(mode, len(done), len(pending), loop.time())
    print(fs[1].exception())


asyncio.run(main())
