# Seed 001, examples 10a and 10b: with sleeps 3/2 task two ends first but outer still reads task one first; with 2/3 outer reads each as it ends.
import asyncio


async def job(secs, label):
    print('begin', label)
    await asyncio.sleep(secs)
    print('end', label)
    return 'value of ' + label


async def outer(first_secs, second_secs):
    print('outer: running its own code')
    one = asyncio.ensure_future(job(first_secs, 'one'))
    two = asyncio.ensure_future(job(second_secs, 'two'))
    print('one ->', await one)
    print('two ->', await two)


loop = asyncio.get_event_loop()
loop.run_until_complete(outer(3, 2))
print('--- swapped ---')
loop.run_until_complete(outer(2, 3))
