# A closed loop refuses work: run_until_complete, call_soon and create_task raise "Event loop is closed"; close() twice is fine.
import asyncio


async def job():
    return "ran"


loop = asyncio.new_event_loop()
print(loop.is_closed(), loop.run_until_complete(job()))
loop.close()
loop.close()
print(loop.is_closed(), loop.is_running())
coro = job()
try:
    loop.run_until_complete(coro)
except RuntimeError as e:
    print("run_until_complete:", e)
coro.close()
try:
    loop.call_soon(print, "x")
except RuntimeError as e:
    print("call_soon:", e)
coro = job()
try:
    loop.create_task(coro)
except RuntimeError as e:
    print("create_task:", e)
coro.close()
try:
    loop.run_forever()
except RuntimeError as e:
    print("run_forever:", e)
print(repr(loop)[:40])
