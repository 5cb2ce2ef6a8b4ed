# A task that catches CancelledError and returns normally is not cancelled: it finishes with its return value.
import asyncio


async def obstinate():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("ignoring the cancel")
    return "returned anyway"


async def main():
    t = asyncio.create_task(obstinate())
    await asyncio.sleep(1)
    print("cancel ->", t.cancel())
    print("await ->", await t)
    print("cancelled:", t.cancelled(), "cancelling:", t.cancelling())
    print(t)


asyncio.run(main())
