# Task reprs while pending, finished with a result, failed, and cancelled; names and get_name/set_name.
import asyncio

async def ok():
    await asyncio.sleep(1)
    return 42

async def bad():
    raise ValueError("nope")

async def waits_on(t):
    return await t

async def main():
    t1 = asyncio.create_task(ok())
    t2 = asyncio.create_task(bad(), name="the-bad-one")
    t3 = asyncio.create_task(ok())
    print(t1)
    w = asyncio.create_task(waits_on(t1))
    await asyncio.sleep(0)
    print(w)
    print(t1)
    print(t2.get_name())
    t3.set_name("renamed")
    await asyncio.sleep(0)
    print(t1)
    print(t2)
    print(t2.exception())
    t3.cancel("stop it")
    try:
        await t3
    except asyncio.CancelledError as e:
        print("cancelled with", e.args)
    print(t3)
    print(t3.cancelled(), t3.done())
    print(await t1)
    print(t1)
    print(asyncio.current_task().get_name())

asyncio.run(main())
