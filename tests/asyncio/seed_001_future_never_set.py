# Seed 001, example 13: awaiting a future nobody ever resolves waits forever (the harness reports a deadlock).
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()   # a bare future: nothing will set it
    print('awaiting an unset future')
    await fut
    print('never printed')


loop = asyncio.get_event_loop()
loop.run_until_complete(main())
