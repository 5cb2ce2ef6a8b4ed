# run_until_complete returns early with RuntimeError when stop() is called before its future is done; run_forever after stop() runs one turn.
import asyncio


async def slow():
    await asyncio.sleep(5)
    return "slow result"


loop = asyncio.new_event_loop()
loop.call_later(1, loop.stop)
task = loop.create_task(slow())
try:
    loop.run_until_complete(task)
except RuntimeError as e:
    print("RuntimeError:", e, "at", loop.time(), "task done:", task.done())
print(loop.run_until_complete(task), loop.time())

loop.stop()
loop.call_soon(print, "a callback runs in the one turn")
loop.run_forever()
print("run_forever returned at", loop.time())
loop.close()
