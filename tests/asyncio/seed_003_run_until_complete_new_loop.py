# Seed 003, example 5: new_event_loop().run_until_complete runs a coroutine; calling it again from inside the running loop is an error.
import asyncio


async def do_async_work():
    await asyncio.sleep(1)
    return 222


loop = asyncio.new_event_loop()
print(loop.run_until_complete(do_async_work()), loop.time())


async def reenter():
    coro = do_async_work()
    try:
        loop.run_until_complete(coro)
    except RuntimeError as e:
        print("RuntimeError:", e)
    coro.close()


loop.run_until_complete(reenter())
loop.close()
print("closed:", loop.is_closed())
