# Seed 001, example 6: calling an async function only makes a coroutine object; the loop (or asyncio.run) runs its body.
import asyncio


async def studying():
    print('studying coroutines...')
    return 'learned'


coro = studying()
print('made:', type(coro).__name__)
loop = asyncio.get_event_loop()
print('first run returned', loop.run_until_complete(coro))
print('asyncio.run returned', asyncio.run(studying()))
