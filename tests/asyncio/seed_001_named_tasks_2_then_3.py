# Seed 001, example 10b: the sleeps swapped (2s, 3s): outer reads task one as soon as it ends, before task two ends.
import asyncio


async def job(secs, label):
    print('begin', label)
    await asyncio.sleep(secs)
    print('end', label)
    return 'value of ' + label


async def outer():
    print('outer: running its own code')
    one = asyncio.ensure_future(job(2, 'one'))
    two = asyncio.ensure_future(job(3, 'two'))
    print('one ->', await one)
    print('two ->', await two)


loop = asyncio.get_event_loop()
loop.run_until_complete(outer())
