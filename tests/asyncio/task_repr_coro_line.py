# A task's repr names the line its coroutine is suspended at, following it as it moves; a finished one says "done, defined at".
import asyncio


async def stepper():
    await asyncio.sleep(1)
    await asyncio.sleep(1)
    return "ok"


async def main():
    t = asyncio.create_task(stepper(), name="stepper")
    print(t)
    await asyncio.sleep(0.5)
    print(t)
    await asyncio.sleep(1)
    print(t)
    await t
    print(t)


asyncio.run(main())
