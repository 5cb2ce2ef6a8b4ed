# Callback sources through functools.partial: a Handle, a done callback in a Future repr and "Exception in callback" show the partial's arguments first.
import asyncio
import functools


def report(prefix, value):
    print(prefix, value)


def on_done(tag, fut):
    print(tag, fut.result())


async def main():
    loop = asyncio.get_running_loop()
    h = loop.call_soon(functools.partial(report, "partial:"), 42)
    print(h)
    f = loop.create_future()
    f.add_done_callback(functools.partial(on_done, "done:"))
    print(f)
    f.set_result("ok")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    long_args = loop.call_later(1, report, "x" * 50, list(range(10)))
    print(long_args)
    long_args.cancel()


asyncio.run(main())
