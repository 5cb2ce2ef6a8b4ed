# Seed 002, example 9: an error from as_completed is raised at its own turn; the loop catches it and goes on.
import asyncio


async def nap(t, fail):
    await asyncio.sleep(t)
    if fail:
        raise Exception("error after %ss" % t)
    return t


async def main():
    coros = [nap(3, 0), nap(1, 0), nap(2, 1)]
    for next_done in asyncio.as_completed(coros):
        try:
            print(await next_done)
        except Exception as e:
            print(e)


asyncio.run(main())
