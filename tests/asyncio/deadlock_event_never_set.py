# Waiting on an Event nobody sets: CPython would hang; the harness reports a deadlock (exit 3).
import asyncio

async def waiter(event):
    print("waiter: waiting for the event")
    await event.wait()
    print("waiter: never printed")

async def main():
    event = asyncio.Event()
    task = asyncio.create_task(waiter(event), name="waiter")
    await asyncio.sleep(2)
    print("main: two seconds passed, now awaiting the waiter")
    try:
        await task
    finally:
        print("main: finally is not reached, the run stops at the deadlock")

asyncio.run(main())
