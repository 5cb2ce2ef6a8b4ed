# as_completed yields in completion order; an error comes out of the awaitable for that task only.
import asyncio

async def job(t, fail=False):
    await asyncio.sleep(t)
    if fail:
        raise RuntimeError(f"job {t} failed")
    return t

async def main():
    tasks = [asyncio.create_task(job(t, t == 2)) for t in (3, 1, 2, 0.5)]
    for aw in asyncio.as_completed(tasks):
        try:
            print("got", await aw, "at", asyncio.get_running_loop().time())
        except RuntimeError as e:
            print("error", e, "at", asyncio.get_running_loop().time())

asyncio.run(main())
