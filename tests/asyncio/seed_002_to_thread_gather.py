# Seed 002, the to_thread variant: asyncio.to_thread takes the arguments itself, no partial needed; the calls overlap as before.
# The article's function has a fail flag it never sets; the second gather sets it once, to show the error coming back from the thread.
import asyncio
import time


def doze(seconds, should_fail):
    """The article's blocking function: sleeps, then fails or hands back its argument."""
    time.sleep(seconds)
    if not should_fail:
        return seconds
    raise Exception("error")


async def main():
    t0 = time.monotonic()
    results = await asyncio.gather(*[asyncio.to_thread(doze, n, 0) for n in range(1, 5)])
    print(results, "after", round(time.monotonic() - t0), "s")

    mixed = await asyncio.gather(asyncio.to_thread(doze, 1, 0), asyncio.to_thread(doze, 2, 1),
                                 return_exceptions=True)
    print([type(r).__name__ + ": " + str(r) if isinstance(r, Exception) else r for r in mixed])
    try:
        await asyncio.to_thread(doze, 1, 1)
    except Exception as err:
        print("awaiting it raised", type(err).__name__, err)
    print("total", round(time.monotonic() - t0), "s")


asyncio.run(main())
