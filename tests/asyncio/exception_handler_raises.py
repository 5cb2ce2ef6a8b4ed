# A custom exception handler that itself raises: asyncio reports "Unhandled error in exception handler" through the default handler; the loop goes on.
import asyncio


def broken_handler(loop, context):
    print("broken handler called for:", context["message"])
    raise RuntimeError("the handler broke")


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(broken_handler)
    loop.call_soon(lambda: 1 / 0)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("loop still running at", loop.time())


asyncio.run(main())
