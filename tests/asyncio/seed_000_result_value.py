# Seed 000, example 2: run_until_complete hands back what the coroutine returned.
import asyncio
import time

clock = lambda: time.time()


async def square_later(n):
    print("squaring:", n)
    time.sleep(1)
    return n * n


print("=== get the return value ===")
t0 = clock()
loop = asyncio.get_event_loop()
value = loop.run_until_complete(square_later(2))
print("took:", clock() - t0, "value:", value)
