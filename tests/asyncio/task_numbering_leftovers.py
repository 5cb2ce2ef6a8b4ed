# asyncio.run cancels the task left over when main returns; its number, and those of the two shutdown steps, push the next run's Task-N up.
import asyncio


async def forever(tag):
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError:
        print(tag, "cancelled at shutdown;", asyncio.current_task().get_name())
        raise


async def main(tag):
    print("main is", asyncio.current_task().get_name())
    asyncio.create_task(forever(tag))
    await asyncio.sleep(1)


async def my_name():
    return asyncio.current_task().get_name()


asyncio.run(main("first"))
asyncio.run(main("second"))
loop = asyncio.new_event_loop()
t = loop.create_task(forever("z"))
print("run_until_complete:", loop.run_until_complete(my_name()), t.get_name())
t.cancel()
loop.run_until_complete(asyncio.sleep(0))
print("and again:", loop.run_until_complete(my_name()))
loop.close()
print("after close:", asyncio.run(my_name()))
