# Without return_exceptions the first error comes out at once; the other children keep running and their results stay readable.
import asyncio


async def work(n, fail=False):
    await asyncio.sleep(n)
    if fail:
        raise ZeroDivisionError(f"work {n}")
    print("work", n, "done at", asyncio.get_running_loop().time())
    return n


async def main():
    tasks = [asyncio.create_task(work(1, True)), asyncio.create_task(work(2)), asyncio.create_task(work(3, True))]
    try:
        await asyncio.gather(*tasks)
    except ZeroDivisionError as e:
        print("gather raised:", e, "at", asyncio.get_running_loop().time())
    await asyncio.sleep(5)
    print([t.result() if not t.exception() else repr(t.exception()) for t in tasks])


asyncio.run(main())
