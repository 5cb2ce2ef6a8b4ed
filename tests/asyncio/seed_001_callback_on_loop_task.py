# Seed 001, example 19: loop.create_task before the loop runs, a done callback reading future.result(), then run_until_complete.
import asyncio


async def piece(x):
    print('waiting:', x)
    return 'finished after {}s'.format(x)


coro = piece(3)
loop = asyncio.get_event_loop()
job = loop.create_task(coro)


def when_done(future):
    print('callback:', future.result())


job.add_done_callback(when_done)
print('returned:', loop.run_until_complete(job))
