# new_event_loop + set_event_loop: get_event_loop returns the set loop; asyncio.run leaves no current loop behind; set_event_loop rejects non-loops.
import asyncio


async def which():
    return asyncio.get_running_loop()


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
print(asyncio.get_event_loop() is loop)
print(loop.run_until_complete(which()) is loop)
asyncio.run(which())
try:
    asyncio.get_event_loop()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    asyncio.set_event_loop("not a loop")
except TypeError as e:
    print("TypeError:", e)
asyncio.set_event_loop(loop)
print(asyncio.get_event_loop() is loop)
loop.close()
asyncio.set_event_loop(None)
