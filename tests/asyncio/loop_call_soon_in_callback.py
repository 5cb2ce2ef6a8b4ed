# A callback that schedules another with call_soon: the new one runs in the next loop turn, after the tasks already ready.
import asyncio


def first(loop):
    print("first callback")
    loop.call_soon(second)


def second():
    print("second callback")


async def stepper(tag):
    for i in range(3):
        print(tag, "step", i)
        await asyncio.sleep(0)


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(stepper("t"))
    loop.call_soon(first, loop)
    await stepper("main")
    await t


asyncio.run(main())
