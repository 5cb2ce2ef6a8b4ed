# Seed 002, example 7: with return_exceptions=True the errors take their place in the results; without it the first error is raised.
import asyncio


async def nap(t, fail=0):
    if fail:
        raise Exception("nap %d failed" % t)
    await asyncio.sleep(t)
    return t


async def main():
    jobs = [asyncio.create_task(nap(i, i % 2)) for i in range(1, 4)]
    results = await asyncio.gather(*jobs, return_exceptions=True)
    print(results)

    jobs = [asyncio.create_task(nap(i, i % 2)) for i in range(1, 4)]
    try:
        results = await asyncio.gather(*jobs, return_exceptions=False)
        print(results)
    except Exception as e:
        print("raised:", e)
    print("states:", [j.done() for j in jobs])
    await asyncio.sleep(3)
    print("later:", [j.result() if not j.exception() else "error" for j in jobs])


asyncio.run(main())
