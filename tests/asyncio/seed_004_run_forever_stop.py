# Seed 004, example 5: run_forever runs until stop() is called (here by a task after two seconds).
import asyncio


async def stopper(loop):
    await asyncio.sleep(2)
    print("stopping at", loop.time())
    loop.stop()


loop = asyncio.new_event_loop()
task = loop.create_task(stopper(loop))
loop.run_forever()
print("run_forever returned; task done:", task.done(), "running:", loop.is_running())
loop.close()
