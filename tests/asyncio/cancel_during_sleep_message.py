# Cancelling a sleeping task throws CancelledError(msg) into it at its await; the awaiting task sees the same message.
import asyncio


async def sleeper():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("sleeper got", repr(e), "at", asyncio.get_running_loop().time())
        raise


async def main():
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(1.5)
    t.cancel(msg="time to stop")
    try:
        await t
    except asyncio.CancelledError as e:
        print("main got", repr(e))
    print(t.cancelled(), asyncio.get_running_loop().time())


asyncio.run(main())
