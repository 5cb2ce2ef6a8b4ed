# asyncio.wait in 3.11: bare coroutines are a TypeError, an empty set a ValueError, a bad return_when too.
import asyncio

async def c():
    return 1

async def main():
    t = asyncio.create_task(c())
    for args in (([t], "BAD"),):
        try:
            await asyncio.wait(args[0], return_when=args[1])
        except ValueError as e:
            print("ValueError:", e)
    try:
        await asyncio.wait(set())
    except ValueError as e:
        print("ValueError:", e)
    try:
        await asyncio.wait(t)
    except TypeError as e:
        print("TypeError:", e)
    co = c()
    try:
        await asyncio.wait([co])
    except TypeError as e:
        print("TypeError:", e)
    co.close()
    done, pending = await asyncio.wait([t])
    print(len(done), len(pending), t.result())

asyncio.run(main())
