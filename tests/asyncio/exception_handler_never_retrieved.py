# "Task exception was never retrieved" goes through the loop's exception handler too: a custom handler sees the message, the exception and the future.
import asyncio


def handler(loop, context):
    print("handler:", context["message"], "|", repr(context["exception"]))
    print("   future:", context["future"])


async def fails():
    raise RuntimeError("nobody looks at me")


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    t = asyncio.create_task(fails())
    await asyncio.sleep(0)
    print("task done:", t.done())
    del t
    print("dropped the task")
    f = loop.create_future()
    f.set_exception(OSError("unread"))
    del f
    print("dropped the future")


asyncio.run(main())
