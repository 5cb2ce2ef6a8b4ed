# loop.set_exception_handler: the handler gets (loop, context) for a failing callback and a failing done callback; None restores the default.
import asyncio


def handler(loop, context):
    exc = context.get("exception")
    print("handler:", context["message"])
    print("   keys:", sorted(context), "exception:", repr(exc))


def bad_callback():
    raise KeyError("in callback")


def bad_done(fut):
    raise ValueError("in done callback")


async def main():
    loop = asyncio.get_running_loop()
    print(loop.get_exception_handler())
    loop.set_exception_handler(handler)
    print(loop.get_exception_handler() is handler)
    loop.call_soon(bad_callback)
    f = loop.create_future()
    f.add_done_callback(bad_done)
    f.set_result(None)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    loop.call_exception_handler({"message": "called by hand", "extra": 1})
    try:
        loop.set_exception_handler(42)
    except TypeError as e:
        print("TypeError:", e)
    loop.set_exception_handler(None)
    print(loop.get_exception_handler())


asyncio.run(main())
