# KeyboardInterrupt raised by a loop callback (SIGINT with no handler) leaves run_until_complete at once.
import asyncio
import signal

async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(1.5, signal.raise_signal, signal.SIGINT)
    print("main sleeps at", loop.time())
    await asyncio.sleep(5)
    print("not reached")

loop = asyncio.new_event_loop()
try:
    loop.run_until_complete(main())
except KeyboardInterrupt:
    print("KeyboardInterrupt at", loop.time())
print("running:", loop.is_running())
