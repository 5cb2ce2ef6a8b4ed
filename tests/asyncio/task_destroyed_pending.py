# A task still pending when its loop is closed and the last reference goes: "Task was destroyed but it is pending!".
import asyncio

async def forever():
    print("forever starts")
    await asyncio.sleep(100)

loop = asyncio.new_event_loop()
task = loop.create_task(forever(), name="stuck")
loop.run_until_complete(asyncio.sleep(1))
print("pending:", not task.done())
loop.close()
print("closed:", loop.is_closed())
del task
print("end")
