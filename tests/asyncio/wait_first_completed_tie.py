# wait(FIRST_COMPLETED) when two tasks end at the same moment: both are in done, since both finished in the same loop iteration.
import asyncio


async def nap(t, tag):
    await asyncio.sleep(t)
    return tag


async def main():
    a = asyncio.create_task(nap(1, "a"))
    b = asyncio.create_task(nap(1, "b"))
    c = asyncio.create_task(nap(2, "c"))
    done, pending = await asyncio.wait([a, b, c], return_when=asyncio.FIRST_COMPLETED)
    print(sorted(t.result() for t in done), len(pending), asyncio.get_running_loop().time())
    await c


asyncio.run(main())
