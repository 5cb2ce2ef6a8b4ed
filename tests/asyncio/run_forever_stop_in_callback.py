# run_forever until a callback calls stop(); the loop finishes its current turn first, so callbacks already queued still run.
import asyncio


def ticker(loop, n):
    print("tick", n, "at", loop.time())
    if n == 3:
        loop.stop()
        loop.call_soon(print, "queued after stop: runs next time")
    else:
        loop.call_later(0.5, ticker, loop, n + 1)


loop = asyncio.new_event_loop()
loop.call_soon(ticker, loop, 1)
loop.call_soon(print, "same turn as the first tick")
loop.run_forever()
print("stopped at", loop.time(), "running:", loop.is_running())
loop.call_soon(loop.stop)
loop.run_forever()
print("second run_forever done")
loop.close()
