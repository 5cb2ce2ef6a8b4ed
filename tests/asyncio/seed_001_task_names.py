# Seed 001, example 12: create_task(name=...) names the tasks; the names show in get_name() and in the repr.
import asyncio


async def piece(x):
    await asyncio.sleep(x)
    return 'finished after {}s'.format(x)


async def main():
    jobs = [asyncio.create_task(piece(s), name='JOB_%d' % s) for s in (1, 2, 3)]
    print([j.get_name() for j in jobs])
    print(jobs[0])
    await asyncio.wait(jobs)
    for j in jobs:
        print(j.get_name(), j.result())


asyncio.run(main())
