# Inside a running loop: close() and run_forever/run_until_complete on the same loop raise RuntimeError; is_running() is True.
import asyncio


async def main(loop):
    print("running:", loop.is_running(), asyncio.get_running_loop() is loop)
    try:
        loop.close()
    except RuntimeError as e:
        print("close:", e)
    try:
        loop.run_forever()
    except RuntimeError as e:
        print("run_forever:", e)
    other = asyncio.new_event_loop()
    try:
        other.run_forever()
    except RuntimeError as e:
        print("other loop:", e)
    other.close()
    return "main done"


loop = asyncio.new_event_loop()
print(loop.run_until_complete(main(loop)))
print("running after:", loop.is_running())
loop.close()
