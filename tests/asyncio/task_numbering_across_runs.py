# Task-N numbering: each asyncio.run takes numbers for its main task and for its two shutdown steps.
import asyncio

async def child():
    return asyncio.current_task().get_name()

async def main():
    me = asyncio.current_task().get_name()
    names = await asyncio.gather(child(), child())
    print(me, names)

asyncio.run(main())
asyncio.run(main())
loop = asyncio.new_event_loop()
print(loop.run_until_complete(child()))
loop.close()
asyncio.run(main())
