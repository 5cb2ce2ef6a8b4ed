# A task may catch CancelledError and go on; cancel() counts requests (cancelling), uncancel takes one back.
import asyncio

async def stubborn():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("caught the cancel; cancelling() =", asyncio.current_task().cancelling())
        print("uncancel ->", asyncio.current_task().uncancel())
    await asyncio.sleep(1)
    return "finished anyway"

async def main():
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(1)
    print(t.cancel(), t.cancel(), t.cancelling())
    print(await t, "at", asyncio.get_running_loop().time(), "cancelled:", t.cancelled())
    print("cancel a done task:", t.cancel())

asyncio.run(main())
