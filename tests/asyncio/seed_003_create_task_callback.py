# Seed 003, example 6 without the web framework: loop.create_task plus a done callback that passes the result on (here into an asyncio future).
import asyncio


async def compute():
    return 222


async def main():
    loop = asyncio.get_running_loop()
    box = loop.create_future()
    task = loop.create_task(compute())

    def pass_on(t):
        box.set_result(t.result())

    task.add_done_callback(pass_on)
    print("result via the callback:", await box)


asyncio.run(main())
