# asyncio.wrap_future turns a concurrent.futures.Future into an asyncio Future a coroutine can await; an asyncio Future passes through.
import asyncio
import time
from concurrent.futures import Future, ThreadPoolExecutor

def job():
    time.sleep(2)
    return "from the pool"

async def main():
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=1) as pool:
        cf = pool.submit(job)
        af = asyncio.wrap_future(cf)
        print(type(cf).__module__, "->", type(af).__module__, type(af).__name__)
        print("awaited:", await af)
    same = loop.create_future()
    print("asyncio Future passes through:", asyncio.wrap_future(same) is same)
    manual = Future()
    wrapped = asyncio.wrap_future(manual)
    loop.call_later(1, manual.set_result, "set by hand")
    print("awaited:", await wrapped)
    try:
        asyncio.wrap_future("nope")
    except AssertionError as e:
        print("AssertionError:", e)

asyncio.run(main())
