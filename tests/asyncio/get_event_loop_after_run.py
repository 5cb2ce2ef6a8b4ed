# 3.11.7 get_event_loop: with no loop it makes one silently; after asyncio.run it raises RuntimeError.
import asyncio

loop = asyncio.get_event_loop()
print(type(loop).__name__, loop.is_running(), loop.is_closed())
print(asyncio.get_event_loop() is loop)

async def main():
    print("running is current:", asyncio.get_running_loop() is asyncio.get_event_loop())

asyncio.run(main())
try:
    asyncio.get_event_loop()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    asyncio.get_running_loop()
except RuntimeError as e:
    print("RuntimeError:", e)
