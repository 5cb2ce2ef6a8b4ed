# sys.exit() inside a task leaves the loop at once; asyncio.run still cancels the other tasks before the exit.
import asyncio
import sys

async def bystander():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("bystander cancelled at", asyncio.get_running_loop().time())
        raise

async def quitter():
    await asyncio.sleep(1)
    print("quitting")
    sys.exit(3)

async def main():
    asyncio.create_task(bystander())
    await asyncio.create_task(quitter())
    print("not reached")

try:
    asyncio.run(main())
finally:
    print("finally at top level")
