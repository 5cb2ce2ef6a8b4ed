# Seed 001, example 20: once run_until_complete has finished the task, task.result() can be read directly.
import asyncio


async def piece(x):
    print('waiting:', x)
    return f'finished after {x}s'


loop = asyncio.get_event_loop()
job = loop.create_task(piece(3))
print('done before running?', job.done())
loop.run_until_complete(job)
print('read directly:', job.result())
print(job)
