# loop.default_exception_handler may be called directly from a custom handler; it writes the message and context lines to stderr.
import asyncio
import sys


def handler(loop, context):
    print("custom handler saw:", context["message"])
    loop.default_exception_handler(context)
    print("default handler returned")


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    loop.call_exception_handler({"message": "something odd", "detail": [1, 2]})
    await asyncio.sleep(0)
    sys.stderr.flush()


asyncio.run(main())
