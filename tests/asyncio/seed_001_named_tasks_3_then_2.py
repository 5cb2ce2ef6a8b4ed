# Seed 001, example 10a: task one sleeps 3s, task two 2s; two ends first, but outer reads one first anyway.
import asyncio


async def job(secs, label):
    print('begin', label)
    await asyncio.sleep(secs)
    print('end', label)
    return 'value of ' + label


async def outer():
    print('outer: running its own code')
    one = asyncio.ensure_future(job(3, 'one'))
    two = asyncio.ensure_future(job(2, 'two'))
    print('one ->', await one)
    print('two ->', await two)


loop = asyncio.get_event_loop()
loop.run_until_complete(outer())
